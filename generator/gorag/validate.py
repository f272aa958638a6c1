"""Turn raw records into the typed :class:`~gorag.models.Library`, collecting every error."""

from __future__ import annotations

import difflib
import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any

from . import markup, privacy
from .errors import ErrorCollector
from .languages import default_language, language_codes
from .load import FILE_NAME, Raw, read_data, read_markdown
from .models import (
    CONTACT_KINDS,
    INLINE,
    KINDS,
    MAX_LENGTH,
    PLAIN,
    STATUSES,
    TEXT_FIELDS,
    TRANSLATION_STATUSES,
    URL,
    Agency,
    Contact,
    DocPage,
    GlossaryTerm,
    Names,
    Option,
    Protocol,
    Role,
    Source,
    Step,
    StepText,
    Translation,
)

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SOURCE_FIELDS = {
    "id": "child-abuse-reporting",
    "kind": "national-protocol",
    "title": "National Protocol for Prevention, Reporting and Management of Child Abuse",
    "summary": "How to recognise, report and manage suspected child abuse.",
    "owners": "[mlsp, moe]",
    "audiences": "[social-worker, teacher]",
    "status": "model",
    "version": '"1.0"',
    "effective": "2026-01-01",
    "review_by": "2027-06-30",
    "related": "[diversion]",
    "sources": "[{title: Convention on the Rights of the Child, year: 1989}]",
    "steps": "[{id: notice-signs, title: Notice the signs, role: teacher, action: Write down what you saw.}]",
}
STEP_FIELDS = {"id": "notice-signs", "title": "Notice and write down the signs", "role": "teacher", "agency": "moe",
               "action": "Write down what you saw and heard, in the child's own words.", "next": "[immediate-danger]",
               "decision": '[{label: "Yes", next: emergency-protection}, {label: "No", next: assessment}]'}
STEP_TEXT_FIELDS = {"title": "Заметить и записать признаки", "action": "Запишите, что вы увидели и услышали.",
                    "decision": '["Да", "Нет"]'}
CONTACT_FIELDS = {"kind": "hotline", "label": "{en: Helpline, ru: ..., tk: ...}", "value": "null", "verified": "false"}
GLOSSARY_FIELDS = {"id": "diversion", "term": "{en: Diversion, ru: ..., tk: ...}",
                   "definition": "{en: ..., ru: ..., tk: ...}", "source": "Beijing Rules, rule 11"}
TRANSLATION_FIELDS = {
    "id": "child-abuse-reporting",
    "title": "Национальный протокол ...",
    "summary": "Как распознать случаи жестокого обращения и сообщить о них.",
    "source_version": '"1.0"',
    "translation_status": "draft",
    "steps": "{notice-signs: {title: Заметить признаки, action: ...}}",
}
REQUIRED_TRANSLATION = ("id", "title", "summary", "source_version", "translation_status")
SOURCE_ITEM_FIELDS = {"title": "Convention on the Rights of the Child", "publisher": "United Nations",
                      "year": "1989", "url": "https://www.ohchr.org/...", "note": "Article 19"}
REQUIRED_SOURCE = ("id", "kind", "title", "summary", "owners", "audiences", "status", "version", "sources")
PAGE_FIELDS = {"title": "Gorag", "hide": "[toc]", "description": "One sentence."}


class Record:
    """Typed access to one mapping of a :class:`Raw`, reporting problems with their lines."""

    def __init__(self, raw: Raw, errors: ErrorCollector, data: Any = None, prefix: str = "") -> None:
        self.raw = raw
        self.errors = errors
        self.data: dict[str, Any] = data if data is not None else raw.data
        self.prefix = prefix

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def error(self, name: str, message: str, example: str = "") -> None:
        self.errors.add(self.raw.path, self.raw.line(self.key(name)), self.key(name), message, example)

    def check_fields(self, allowed: dict[str, str], required: Iterable[str], elsewhere: str = "") -> None:
        """Report unknown and missing fields; ``elsewhere`` explains fields that belong to another file."""
        for name in self.data:
            if name in allowed:
                continue
            if elsewhere and name in SOURCE_FIELDS:
                self.error(str(name), f"{elsewhere}; a translation has only: {', '.join(allowed)}")
                continue
            close = difflib.get_close_matches(str(name), list(allowed), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            example = close[0] if close else next(iter(allowed))
            self.error(str(name), f"unknown field; {hint}expected one of: {', '.join(allowed)}",
                       f"{example}: {allowed[example]}")
        for name in required:
            if self.data.get(name) in (None, "", []):
                self.errors.add(self.raw.path, self.raw.line(self.prefix) if self.prefix else 1,
                                self.key(name), "required field is missing or empty",
                                f"{name}: {allowed[name]}")

    def text(self, name: str, example: str, required: bool = True) -> str:
        value = self.data.get(name)
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and name in ("version", "source_version"):
            self.error(name, f"expected a quoted text, got the number {value}", f'{name}: "{value}"')
            return str(value)
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(name, f"expected text, got {_kind(value)}", f"{name}: {example}")
            return ""
        return value.strip()

    def choice(self, name: str, options: tuple[str, ...]) -> str:
        value = self.data.get(name)
        if value is None:
            return options[0]
        if value not in options:
            self.error(name, f"expected one of {', '.join(options)}, got {value!r}", f"{name}: {options[0]}")
            return options[0]
        return str(value)

    def date(self, name: str) -> date | None:
        value = self.data.get(name)
        if value is None:
            return None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            try:
                return date.fromisoformat(str(value))
            except ValueError:
                pass  # the right shape but no such day, e.g. 2027-02-30
        self.error(name, f"expected a real date as YYYY-MM-DD, got {value!r}", f"{name}: 2027-06-30")
        return None

    def ids(self, name: str, known: Callable[[str], bool], what: str, example: str) -> tuple[str, ...]:
        value = self.data.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(name, f"expected a list of {what} ids, got {_kind(value)}", f"{name}: {example}")
            return ()
        for index, item in enumerate(value):
            if not known(item):
                self.errors.add(self.raw.path, self.raw.line(f"{self.key(name)}[{index}]"), self.key(name),
                                f"unknown {what} {item!r}", f"{name}: {example}")
        return tuple(value)

    def names(self, name: str, example: str, required: bool = True) -> Names | None:
        value = self.data.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            self.error(name, f"expected a text for each language ({', '.join(language_codes())}), got {_kind(value)}",
                       f"{name}: {{en: {example}, ru: ..., tk: ...}}")
            return None
        missing = [lang for lang in language_codes() if not isinstance(value.get(lang), str) or not value[lang].strip()]
        for lang in missing:
            self.error(f"{name}.{lang}" if name in value else name, f"text missing in language '{lang}'",
                       f"{name}: {{en: {example}, ru: ..., tk: ...}}")
        for extra in set(value) - set(language_codes()):
            self.error(f"{name}.{extra}", f"unknown language; expected {', '.join(language_codes())}", f"{name}.en: {example}")
        if missing:
            return None
        return Names(**{lang: value[lang].strip() for lang in language_codes()})


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"the text {value!r}", bool: f"{value}"}.get(
        type(value), f"the {type(value).__name__} {value!r}")


# Data files that may list nothing; the others are referenced by ids, so an empty one is a mistake.
_MAY_BE_EMPTY = ("glossary terms", "allowlist entries")


def _load_list(path: Path, errors: ErrorCollector, what: str, kind: str = "",
               scans: PrivacyScans | None = None) -> list[tuple[Raw, Record, int]]:
    """The items of a YAML list file, each as a :class:`Record`. A missing, unreadable or empty
    file is reported once (and its items are then unknown: references to them are not checked).
    A published file names its ``kind`` in :data:`~gorag.models.TEXT_FIELDS`: its texts are held
    to their classes and scanned for personal data (:func:`check_texts`)."""
    if not os.path.lexists(path):  # anything else there (a folder, a pipe) is reported by read_data
        errors.add(path, 0, "", f"{what} data file is missing", "- id: example\\n  name: {en: ..., ru: ..., tk: ...}")
        return []
    raw = read_data(path, errors)
    if raw is None:
        return []
    if raw.data is None or (raw.data == [] and what not in _MAY_BE_EMPTY):
        errors.add(path, 1, "", f"{path.name} is empty: expected a list of {what}", "- id: example")
        return []
    if not isinstance(raw.data, list):
        errors.add(path, 1, "", f"expected a YAML list of {what}", "- id: example")
        return []
    out = []
    for index, item in enumerate(raw.data):
        if not isinstance(item, dict):
            errors.add(path, raw.line(f"[{index}]"), f"[{index}]", f"expected a mapping for one of the {what}", "- id: example")
            continue
        out.append((raw, Record(raw, errors, item, f"[{index}]"), index))
    if kind and out:
        check_texts(raw, kind, errors, scans)
    return out


def _known(ids: set[str]) -> Callable[[str], bool]:
    """Membership in ``ids``. When there are none, their data file could not be loaded and said so
    once (an empty one is an error too): then every id counts as known, not as hundreds of errors."""
    return ids.__contains__ if ids else lambda _id: True


def _check_id(record: Record, seen: dict[str, str], example: str) -> str | None:
    value = record.data.get("id")
    if not isinstance(value, str) or not ID.match(value):
        record.error("id", f"expected a lowercase id of letters, digits and hyphens, got {value!r}", f"id: {example}")
        return None
    where = f"{record.raw.path.name}:{record.raw.line(record.key('id'))}"
    if value in seen:
        record.error("id", f"duplicate id {value!r}, first used at {seen[value]}", f"id: {value}-2")
        return None
    seen[value] = where
    return value


def load_agencies(path: Path, errors: ErrorCollector, scans: PrivacyScans | None = None) -> tuple[Agency, ...]:
    agencies, seen = [], {}  # type: ignore[var-annotated]
    for _raw, rec, _ in _load_list(path, errors, "agencies", "agencies", scans):
        rec.check_fields({"id": "mlsp", "name": "{en: ..., ru: ..., tk: ...}", "short": "{en: ..., ru: ..., tk: ...}",
                          "description": "{en: ..., ru: ..., tk: ...}", "contacts": "[{kind: hotline, value: null, verified: false}]"},
                         ("id", "name"))
        agency_id = _check_id(rec, seen, "mlsp")
        name = rec.names("name", "Ministry of Labour and Social Protection of Population")
        short = rec.names("short", "MLSP", required=False)
        description = rec.names("description", "Leads social protection of children and families.", required=False)
        contacts = _contacts(rec)
        if agency_id and name:
            agencies.append(Agency(agency_id, name, short or name, description, contacts))
    return tuple(agencies)


def _items(rec: Record, name: str, example: str) -> list[Record]:
    """Sub-records of a list of mappings under ``name``; reports items that are not mappings."""
    value = rec.data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        rec.error(name, f"expected a list, got {_kind(value)}", f"{name}: {example}")
        return []
    out = []
    for index, item in enumerate(value):
        key = f"{rec.key(name)}[{index}]"
        if not isinstance(item, dict):
            rec.errors.add(rec.raw.path, rec.raw.line(key), key, f"expected a mapping, got {_kind(item)}", f"- {example}")
            continue
        out.append(Record(rec.raw, rec.errors, item, key))
    return out


def _contacts(rec: Record) -> tuple[Contact, ...]:
    contacts = []
    for sub in _items(rec, "contacts", "{kind: hotline, label: {en: ..., ru: ..., tk: ...}, value: null, verified: false}"):
        sub.check_fields(CONTACT_FIELDS, ("kind", "label"))
        if "verified" not in sub.data:
            sub.error("verified", "say whether this contact was checked: verified: true only after confirming it with the agency",
                      "verified: false")
        kind = sub.choice("kind", CONTACT_KINDS)
        label = sub.names("label", "Helpline for children and families")
        value = sub.data.get("value")
        verified = sub.data.get("verified", False)
        if not isinstance(verified, bool):
            sub.error("verified", f"expected true or false, got {_kind(verified)}", "verified: false")
            verified = False
        if value is not None and not isinstance(value, str):
            sub.error("value", f"expected a quoted text or null, got {_kind(value)}", 'value: "+993 12 00-00-00"')
            value = None
        if verified and not value:
            sub.error("value", "a verified contact needs its value", 'value: "+993 12 00-00-00"')
        if label:
            contacts.append(Contact(kind, label, value or "", bool(verified and value)))
    return tuple(contacts)


def load_glossary(path: Path, errors: ErrorCollector, scans: PrivacyScans | None = None) -> tuple[GlossaryTerm, ...]:
    """Read the optional ``glossary.yml``: terms with a definition in every language."""
    if not path.is_file():
        return ()
    terms, seen = [], {}  # type: ignore[var-annotated]
    for _raw, rec, _ in _load_list(path, errors, "glossary terms", "glossary", scans):
        rec.check_fields(GLOSSARY_FIELDS, ("id", "term", "definition"))
        term_id = _check_id(rec, seen, "diversion")
        term = rec.names("term", "Diversion")
        definition = rec.names("definition", "Channelling children away from judicial proceedings.")
        if term_id and term and definition:
            terms.append(GlossaryTerm(term_id, term, definition, rec.text("source", GLOSSARY_FIELDS["source"], False)))
    return tuple(terms)


def _steps(rec: Record, role_ids: set[str], agency_ids: set[str]) -> tuple[Step, ...]:
    """The procedure's steps; ``next`` defaults to the following step, and every target must exist."""
    records = _items(rec, "steps", "{id: notice-signs, title: ..., role: teacher, action: ...}")
    seen: dict[str, str] = {}
    parsed: list[tuple[Record, str, dict[str, Any]]] = []
    for sub in records:
        sub.check_fields(STEP_FIELDS, ("id", "title", "role"))
        step_id = _check_id(sub, seen, "notice-signs")
        role = sub.data.get("role")
        if role is not None and not _known(role_ids)(role):
            sub.error("role", f"unknown role {role!r}", "role: teacher")
        agency = sub.data.get("agency")
        if agency is not None and not _known(agency_ids)(agency):
            sub.error("agency", f"unknown agency {agency!r}", "agency: mlsp")
        if step_id:
            parsed.append((sub, step_id, sub.data))
    ids = [step_id for _, step_id, _ in parsed]
    steps = []
    for index, (sub, step_id, data) in enumerate(parsed):
        options: list[Option] = []
        if "decision" in data:
            if "next" in data:
                sub.error("next", "a decision point sends each option to its own step; remove 'next'",
                          'decision: [{label: "Yes", next: step-a}, {label: "No", next: step-b}]')
            choices = _items(sub, "decision", '{label: "Yes", next: emergency-protection}')
            if not 2 <= len(choices) <= 4:
                sub.error("decision", f"expected 2 to 4 options, got {len(choices)}", STEP_FIELDS["decision"])
            for choice in choices:
                choice.check_fields({"label": '"Yes"', "next": "emergency-protection"}, ("label", "next"))
                label = choice.data.get("label")
                if isinstance(label, bool):
                    label = "Yes" if label else "No"
                    choice.error("label", f"YAML read {label} as a yes/no value; quote the label", f'label: "{label}"')
                target = choice.data.get("next")
                if target is not None and target not in ids:
                    choice.error("next", f"no step {target!r} in this document", f"next: {ids[0] if ids else 'step-id'}")
                if isinstance(label, str) and isinstance(target, str):
                    options.append(Option(label.strip(), target))
            targets = tuple(o.next for o in options)
        else:
            if not str(data.get("action") or "").strip():
                sub.error("action", "a step that is not a decision needs the action to take (the checklist item)",
                          f"action: {STEP_FIELDS['action']}")
            raw_next = data.get("next")
            if raw_next is None:
                targets = (ids[index + 1],) if index + 1 < len(ids) else ()
            else:
                targets = sub.ids("next", lambda t: t in ids, "step", "[immediate-danger]")
        steps.append(Step(id=step_id, title=sub.text("title", STEP_FIELDS["title"]), role=str(data.get("role") or ""),
                          action=sub.text("action", STEP_FIELDS["action"], False), agency=str(data.get("agency") or ""),
                          next=targets, options=tuple(options)))
    return tuple(steps)


def _step_texts(rec: Record, steps: tuple[Step, ...]) -> tuple[tuple[str, StepText], ...]:
    """A translation's step texts, keyed by the source's step ids."""
    value = rec.data.get("steps")
    if value is None:
        return ()
    if not isinstance(value, dict):
        rec.error("steps", f"expected a mapping of step id to texts, got {_kind(value)}", f"steps: {TRANSLATION_FIELDS['steps']}")
        return ()
    by_id = {s.id: s for s in steps}
    out = []
    for step_id, item in value.items():
        key = f"steps.{step_id}"
        sub = Record(rec.raw, rec.errors, item if isinstance(item, dict) else {}, key)
        if step_id not in by_id:
            known = ", ".join(by_id) or "none"
            rec.errors.add(rec.raw.path, rec.raw.line(key), key, f"the English source has no step {step_id!r} (its steps: {known})",
                           f"steps: {{{next(iter(by_id), 'step-id')}: {{title: ...}}}}")
            continue
        if not isinstance(item, dict):
            rec.errors.add(rec.raw.path, rec.raw.line(key), key, f"expected title/action texts, got {_kind(item)}",
                           f"{step_id}: {{title: ..., action: ...}}")
            continue
        sub.check_fields(STEP_TEXT_FIELDS, ("title",))
        labels = item.get("decision") or []
        source = by_id[step_id]
        if source.is_decision and (not isinstance(labels, list) or len(labels) != len(source.options)):
            sub.error("decision", f"expected {len(source.options)} option labels in the source's order",
                      f"decision: [{', '.join(repr(o.label) for o in source.options)}]")
            labels = []
        out.append((step_id, StepText(title=sub.text("title", STEP_TEXT_FIELDS["title"]),
                                      action=sub.text("action", STEP_TEXT_FIELDS["action"], False),
                                      labels=tuple(str(label) for label in labels))))
    return tuple(out)


def load_roles(path: Path, errors: ErrorCollector, scans: PrivacyScans | None = None) -> tuple[Role, ...]:
    roles, seen = [], {}  # type: ignore[var-annotated]
    for _raw, rec, _ in _load_list(path, errors, "roles", "roles", scans):
        rec.check_fields({"id": "teacher", "name": "{en: Teacher, ru: Учитель, tk: Mugallym}",
                          "question": '{en: "I am a teacher — what must I do?", ru: ..., tk: ...}'}, ("id", "name", "question"))
        role_id = _check_id(rec, seen, "teacher")
        name = rec.names("name", "Teacher")
        question = rec.names("question", '"I am a teacher — what must I do?"')
        if role_id and name and question:
            roles.append(Role(role_id, name, question))
    return tuple(roles)


_ANCHOR_LINK = re.compile(r"\]\((?:\.\./)*(glossary|agencies)\.md#([^)\s]+)\)")


def _body_links(raw: Raw, targets: dict[str, set[str]], errors: ErrorCollector) -> None:
    """Links to a glossary term or an agency must name one that exists."""
    if ".md#" not in raw.body:
        return
    for number, line in enumerate(raw.body.splitlines()):
        for match in _ANCHOR_LINK.finditer(line) if ".md#" in line else ():
            page, anchor = match.groups()
            if anchor not in targets[page] and (targets[page] or page != "agencies"):
                known = sorted(targets[page])
                listed = ", ".join(known[:6]) + (", …" if len(known) > 6 else "") if known else "none yet"
                what = "term" if page == "glossary" else "agency"
                errors.add(raw.path, raw.body_line + number, "body",
                           f"link to {page}.md#{anchor}: no {what} {anchor!r} (known: {listed})",
                           f"[text](../{page}.md#{known[0] if known else 'id'})")


def load_allowlist(path: Path, errors: ErrorCollector) -> frozenset[str]:
    """Values a reviewer approved for publication although they look like personal data
    (e.g. an official public hotline): ``- {value: "...", reason: "..."}``."""
    if not path.is_file():
        return frozenset()
    values = set()
    for _raw, rec, _ in _load_list(path, errors, "allowlist entries"):
        rec.check_fields({"value": '"+993 12 00-00-00"', "reason": "official public hotline, checked 2026-11-20"},
                         ("value", "reason"))
        value = rec.text("value", '"+993 12 00-00-00"')
        if value:
            values.add(value)
    return frozenset(values)


_Key = tuple[bytes, frozenset[str]]  # a text's digest and the allowlist it was scanned with
# Where a scanned text stands in its file: a body (None), or a file's text fields joined by blank
# lines, as (first line in the joined text, field key) pairs.
_Fields = list[tuple[int, str]] | None


class PrivacyScans:
    """Personal-data scans (:func:`gorag.privacy.scan`) of what a library publishes: the bodies of
    parsed files and every text field of every source.

    The scan is the largest part of loading a big library, so when ``helpers`` is above zero,
    forked helper processes scan the texts in batches as :meth:`add` hands them over, while the
    caller goes on loading. :meth:`report` then scans itself the batches no helper has started,
    waits for the others and reports every finding. Texts scanned before (in this process, or
    kept by :func:`load_scan_cache`) are not scanned again.

    ``checker`` renders Markdown with the site's extensions for the markup checks
    (:func:`check_texts`, :func:`_body_policy`)."""

    BATCH = 64

    def __init__(self, allowlist: frozenset[str], helpers: int = 0, checker: markup.Checker | None = None) -> None:
        self.allowlist = allowlist
        self.checker = checker or _default_checker()
        self.raws: list[tuple[Raw, _Fields]] = []
        self._keys: list[_Key] = []
        self._todo: list[tuple[_Key, str]] = []  # texts neither scanned nor handed to a helper yet
        self._queued: set[_Key] = set()
        self._batches: list[tuple[list[tuple[_Key, str]], Future[list[list[privacy.Finding]]]]] = []
        self._pool = ProcessPoolExecutor(helpers, mp_context=multiprocessing.get_context("fork")) if helpers > 0 else None

    def add(self, raw: Raw) -> None:
        """Scan ``raw.body`` (findings are reported at ``raw``'s body lines)."""
        self._add(raw, raw.body, None)

    def add_fields(self, raw: Raw, texts: list[tuple[str, str]]) -> None:
        """Scan the text fields ``texts`` ((key, text) pairs) of ``raw`` (findings are reported at
        each field's line). They are scanned as one text, a blank line between fields, so that no
        match runs from one field into the next."""
        if not texts:
            return
        fields: list[tuple[int, str]] = []
        line = 1
        for key, text in texts:
            fields.append((line, key))
            line += text.count("\n") + 2
        self._add(raw, "\n\n".join(text for _, text in texts), fields)

    def _add(self, raw: Raw, text: str, fields: _Fields) -> None:
        key = (hashlib.sha256(text.encode("utf-8")).digest(), self.allowlist)
        self.raws.append((raw, fields))
        self._keys.append(key)
        if key in _SCANNED or key in self._queued:
            return
        self._queued.add(key)
        self._todo.append((key, text))
        if self._pool and len(self._todo) >= self.BATCH:
            self._batches.append((self._todo, self._pool.submit(_scan_all, [text for _, text in self._todo], self.allowlist)))
            self._todo = []

    def results(self) -> list[list[privacy.Finding]]:
        """The findings of every added text, in the order added."""
        batches = [(self._todo, None), *reversed(self._batches)]  # the latest are the least likely started
        self._todo, self._batches = [], []
        for batch, future in batches:
            if future is None or future.cancel():
                found = _scan_all([text for _, text in batch], self.allowlist)
            else:
                found = future.result()
            _SCANNED.update(zip((key for key, _ in batch), found, strict=True))
        if self._pool:
            self._pool.shutdown()
            self._pool = None
        return [_SCANNED[key] for key in self._keys]

    def report(self, errors: ErrorCollector) -> None:
        """Wait for the scans and add every finding to ``errors``."""
        for (raw, fields), findings in zip(self.raws, self.results(), strict=True):
            _report_privacy(raw, fields, findings, errors)


@cache
def _default_checker() -> markup.Checker:
    return markup.Checker()


def _scan_all(texts: list[str], allowlist: frozenset[str]) -> list[list[privacy.Finding]]:
    return [privacy.scan(text, allowlist) for text in texts]


def scan_helpers(files: int) -> int:
    """Helper processes worth forking to scan ``files`` files: one per further core, for a large
    library (forking costs more than scanning a few dozen files)."""
    return (os.cpu_count() or 1) - 1 if files >= 300 else 0


# Scans already made, by text digest: a live preview revalidates after every edit, and
# :func:`load_scan_cache` brings back the previous build's.
_SCANNED: dict[_Key, list[privacy.Finding]] = {}
_RULES = hashlib.sha256(Path(privacy.__file__).read_bytes()).hexdigest()  # new rules, new scans


def _allowlist_key(allowlist: frozenset[str]) -> str:
    return hashlib.sha256("\n".join(sorted(allowlist)).encode("utf-8")).hexdigest()


def load_scan_cache(path: Path, allowlist: frozenset[str]) -> None:
    """Reuse the personal-data scans a previous build saved with :func:`save_scan_cache`, if they
    were made by the same rules and allowlist."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if saved.get("rules") != _RULES or saved.get("allowlist") != _allowlist_key(allowlist):
        return
    for digest, findings in saved.get("scans", {}).items():
        _SCANNED[(bytes.fromhex(digest), allowlist)] = [privacy.Finding(*item) for item in findings]


def save_scan_cache(path: Path, allowlist: frozenset[str]) -> None:
    """Save this process's scans made with ``allowlist`` for the next build."""
    scans = {digest.hex(): [[f.line, f.col, f.kind, f.text, f.message] for f in found]
             for (digest, used), found in _SCANNED.items() if used == allowlist}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"rules": _RULES, "allowlist": _allowlist_key(allowlist), "scans": scans}), encoding="utf-8")


_PRIVACY_EXAMPLE = "remove it, or if it is public and approved, add it to protocols/privacy-allowlist.yml"


def _report_privacy(raw: Raw, fields: _Fields, findings: list[privacy.Finding], errors: ErrorCollector) -> None:
    for finding in findings:
        message = f"{finding.message}: {finding.text!r}"
        if fields is None:
            errors.add(raw.path, raw.body_line + finding.line - 1, "body", message, _PRIVACY_EXAMPLE, finding.col)
            continue
        key = next(key for first, key in reversed(fields) if first <= finding.line)
        errors.add(raw.path, raw.line(key), key, message, _PRIVACY_EXAMPLE)


def _body_policy(raw: Raw, errors: ErrorCollector, checker: markup.Checker) -> None:
    if len(raw.body) > MAX_BODY:
        errors.add(raw.path, raw.body_line, "body", f"the text is {len(raw.body):,} characters long; at most {MAX_BODY:,} are allowed",
                   "split it into several documents")
        return
    for violation in checker.check_body(raw.body):
        errors.add(raw.path, raw.body_line + violation.line - 1, "body", violation.message,
                   "plain Markdown: [text](page.md), [text](https://…), ![alt](image.png)", violation.col)


MAX_BODY = 1_000_000
_INDEX = re.compile(r"\[\d+\]")
_TRANSLATED_STEP = re.compile(r"^steps\.[^.\[]+")
_EXAMPLES = {PLAIN: "the text as readers should see it, e.g. Report to the guardianship authority",
             INLINE: "*emphasis*, `code`, [a page](other.md), [a site](https://example.org)",
             URL: "https://www.ohchr.org/en/instruments-mechanisms/instruments/convention-rights-child"}
_DATE_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?Z?)?|D[+-]\d{1,4}(?:\s+\d{1,2}:\d{2})?")
_URL = re.compile(r"https://[^\s<>\"'`{}|\\^()\[\]]+")


def text_fields(data: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Every text in ``data`` as (field key, text), keys as :class:`~gorag.load.Raw` records their
    lines (``sources[1].title``, ``[3].name.ru``); nesting is bounded by the loader."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [(prefix, data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, str):
            out.append((key, value))
        elif isinstance(value, dict):
            stack.extend((f"{key}.{k}" if key else str(k), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((f"{key}[{i}]", v) for i, v in reversed(list(enumerate(value))))
    return out


def field_class(kind: str, key: str) -> str | None:
    """How the field ``key`` of a ``kind`` source is published (:data:`~gorag.models.TEXT_FIELDS`)."""
    general = _INDEX.sub("[]", key)
    if general.endswith(tuple(f".{lang}" for lang in language_codes())):
        general = general[:-3]
    if kind == "translation":
        general = _TRANSLATED_STEP.sub("steps.*", general)
    return TEXT_FIELDS[kind].get(general)


def check_texts(raw: Raw, kind: str, errors: ErrorCollector, scans: PrivacyScans | None) -> None:
    """Hold every text of ``raw`` (front matter or data file of the given ``kind``) to its class
    (plain text, inline Markdown, URL), and hand all of them to the personal-data scan (``scans``,
    or scanned and reported now when None)."""
    texts = text_fields(raw.data)
    checker = scans.checker if scans else _default_checker()
    for key, text in texts:
        cls = field_class(kind, key)
        if cls is None:
            continue
        problems: list[str] = []
        if len(text) > MAX_LENGTH[cls]:
            problems.append(f"the text is {len(text):,} characters long; at most {MAX_LENGTH[cls]:,} are allowed here")
        elif cls == PLAIN:
            problems = markup.check_plain(text, multiline=key in ("summary", "description"))
        elif cls == INLINE:
            problems = checker.check_inline(text)
        elif cls == URL and not _URL.fullmatch(text.strip()):
            problems = ["expected one https:// address with no spaces, quotes, brackets or parentheses"]
        for problem in problems:
            errors.add(raw.path, raw.line(key), key, problem, _EXAMPLES[cls])
    # Dates and times are checked as dates (a year out of range is not a phone number).
    texts = [(key, text) for key, text in texts if not _DATE_VALUE.fullmatch(text.strip())]
    if scans is None:
        own = PrivacyScans(frozenset())
        own.add_fields(raw, texts)
        own.report(errors)
    else:
        scans.add_fields(raw, texts)


def _sources(rec: Record) -> tuple[Source, ...]:
    value = rec.data.get("sources")
    if not isinstance(value, list):
        if value is not None:
            rec.error("sources", f"expected a list of citations, got {_kind(value)}", f"sources: {SOURCE_FIELDS['sources']}")
        return ()
    out = []
    for index, item in enumerate(value):
        sub = Record(rec.raw, rec.errors, item if isinstance(item, dict) else {}, f"sources[{index}]")
        if not isinstance(item, dict):
            rec.errors.add(rec.raw.path, rec.raw.line(f"sources[{index}]"), f"sources[{index}]",
                           "expected a citation mapping", "- title: Convention on the Rights of the Child")
            continue
        sub.check_fields(SOURCE_ITEM_FIELDS, ("title",))
        year = item.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1800 <= year <= 2100):
            sub.error("year", f"expected a four-digit year, got {year!r}", "year: 1989")
            year = None
        url = sub.text("url", "https://www.ohchr.org/...", required=False)
        if url and not url.startswith("https://"):
            sub.error("url", f"expected an https:// address, got {url!r}", "url: https://www.ohchr.org/...")
        out.append(Source(title=sub.text("title", SOURCE_ITEM_FIELDS["title"]), publisher=sub.text("publisher", "United Nations", False),
                          year=year, url=url, note=sub.text("note", "Article 19", False)))
    return tuple(out)


def _other_protocol(sources: dict[str, Any], own_id: str, other_id: str) -> bool:
    return other_id in sources and other_id != own_id


def load_protocols(content_dir: Path, agencies: tuple[Agency, ...], roles: tuple[Role, ...],
                   errors: ErrorCollector, glossary: tuple[GlossaryTerm, ...] = (),
                   scans: PrivacyScans | None = None, parsed: dict[Path, Raw] | None = None) -> tuple[Protocol, ...]:
    """Read ``<id>.<lang>.md`` files: English sources first, then their translations. Files that
    parse are recorded in ``parsed`` for checks that need their bodies again (links). Bodies are
    handed to ``scans`` for the personal-data scan, whose findings the caller reports; without
    ``scans``, they are scanned and reported here."""
    own_scans = scans is None
    scans = scans or PrivacyScans(frozenset())
    agency_ids = {a.id for a in agencies}
    targets = {"glossary": {g.id for g in glossary}, "agencies": agency_ids}
    role_ids = {r.id for r in roles}
    sources: dict[str, tuple[Raw, dict[str, Any]]] = {}
    translations: list[tuple[Raw, str, str]] = []
    unreadable: set[str] = set()
    for path in sorted(content_dir.glob("*.md")):
        match = FILE_NAME.match(path.name)
        if not match or match["lang"] not in language_codes():
            errors.add(path, 0, "", f"file name must be <id>.<lang>.md with lang one of {', '.join(language_codes())}",
                       "child-abuse-reporting.ru.md")
            continue
        raw = read_markdown(path, errors)
        if raw is None or not isinstance(raw.data, dict):
            if raw is not None:
                errors.add(path, 2, "", "front matter must be a mapping of fields", "id: child-abuse-reporting")
            if match["lang"] == default_language():
                unreadable.add(match["id"])  # reported once; its translations are not orphans
            continue
        if parsed is not None:
            parsed[path] = raw
        rec = Record(raw, errors)
        if raw.data.get("id") != match["id"]:
            rec.error("id", f"must equal the file name's id {match['id']!r}, got {raw.data.get('id')!r}", f"id: {match['id']}")
        _body_policy(raw, errors, scans.checker)
        scans.add(raw)
        check_texts(raw, "protocol" if match["lang"] == default_language() else "translation", errors, scans)
        _body_links(raw, targets, errors)
        if match["lang"] == default_language():
            sources[match["id"]] = (raw, raw.data)
        else:
            translations.append((raw, match["id"], match["lang"]))
    if own_scans:
        scans.report(errors)

    protocols: dict[str, Protocol] = {}
    for doc_id, (raw, _data) in sources.items():
        rec = Record(raw, errors)
        rec.check_fields(SOURCE_FIELDS, REQUIRED_SOURCE)
        protocols[doc_id] = Protocol(
            id=doc_id,
            path=errors.rel(raw.path),
            kind=rec.choice("kind", KINDS),
            title=rec.text("title", SOURCE_FIELDS["title"]),
            summary=rec.text("summary", SOURCE_FIELDS["summary"]),
            owners=rec.ids("owners", _known(agency_ids), "agency", SOURCE_FIELDS["owners"]),
            audiences=rec.ids("audiences", _known(role_ids), "role", SOURCE_FIELDS["audiences"]),
            status=rec.choice("status", STATUSES),
            version=rec.text("version", SOURCE_FIELDS["version"]),
            effective=rec.date("effective"),
            review_by=rec.date("review_by"),
            related=rec.ids("related", partial(_other_protocol, {**sources, **dict.fromkeys(unreadable)}, doc_id),
                            "protocol", SOURCE_FIELDS["related"]),  # an unreadable source was reported once
            sources=_sources(rec),
            body=raw.body,
            steps=_steps(rec, role_ids, agency_ids),
        )

    by_doc: dict[str, list[Translation]] = {}
    for raw, doc_id, lang in translations:
        rec = Record(raw, errors)
        rec.check_fields(TRANSLATION_FIELDS, REQUIRED_TRANSLATION,
                         elsewhere=f"belongs to the English source protocols/{doc_id}.en.md")
        if doc_id in unreadable:
            continue
        if doc_id not in sources:
            rec.error("id", f"translation has no English source: protocols/{doc_id}.en.md does not exist",
                      f"create protocols/{doc_id}.en.md first")
            continue
        source = protocols.get(doc_id)
        step_texts = _step_texts(rec, source.steps) if source else ()
        if source and source.steps and rec.data.get("source_version") == source.version:
            missing = [step.id for step in source.steps if step.id not in dict(step_texts)]
            if missing:
                rec.error("steps", f"the translation follows version {source.version} but lacks the texts of steps: "
                                   f"{', '.join(missing)}", f"steps: {{{missing[0]}: {{title: ..., action: ...}}}}")
        by_doc.setdefault(doc_id, []).append(Translation(
            lang=lang,  # type: ignore[arg-type]
            path=errors.rel(raw.path),
            title=rec.text("title", TRANSLATION_FIELDS["title"]),
            summary=rec.text("summary", TRANSLATION_FIELDS["summary"]),
            body=raw.body,
            source_version=rec.text("source_version", TRANSLATION_FIELDS["source_version"]),
            status=rec.choice("translation_status", TRANSLATION_STATUSES),  # type: ignore[arg-type]
            steps=step_texts,
        ))
    return tuple(
        Protocol(**{**p.__dict__, "translations": tuple(sorted(by_doc.get(p.id, []), key=lambda t: language_codes().index(t.lang)))})
        for p in sorted(protocols.values(), key=lambda p: p.id)
    )


def load_pages(docs_dir: Path, errors: ErrorCollector, scans: PrivacyScans | None = None,
               parsed: dict[Path, Raw] | None = None) -> tuple[DocPage, ...]:
    """Hand-written pages: ``name.md`` (English) with optional ``name.ru.md`` / ``name.tk.md``.
    Bodies go to ``scans`` as in :func:`load_protocols`."""
    own_scans = scans is None
    scans = scans or PrivacyScans(frozenset())
    groups: dict[str, dict[str, Raw]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        stem, lang = rel[:-3], default_language()
        for code in language_codes():
            if rel.endswith(f".{code}.md"):
                stem, lang = rel[: -len(f".{code}.md")], code
        raw = read_markdown(path, errors)
        if raw is None:
            continue
        if not isinstance(raw.data, dict):
            errors.add(path, 2, "", "front matter must be a mapping of fields", "title: Gorag")
            continue
        if parsed is not None:
            parsed[path] = raw
        Record(raw, errors).check_fields(PAGE_FIELDS, ("title",))
        _body_policy(raw, errors, scans.checker)
        scans.add(raw)
        check_texts(raw, "page", errors, scans)
        groups.setdefault(stem, {})[lang] = raw
    pages = []
    for stem, by_lang in sorted(groups.items()):
        if default_language() not in by_lang:
            some = next(iter(by_lang.values()))
            errors.add(some.path, 0, "", f"translation has no English page: docs/{stem}.md does not exist",
                       f"create docs/{stem}.md first")
            continue
        title = by_lang[default_language()].data.get("title")
        pages.append(DocPage(stem, tuple(lang for lang in language_codes() if lang in by_lang), str(title)))
    if own_scans:
        scans.report(errors)
    return tuple(pages)
