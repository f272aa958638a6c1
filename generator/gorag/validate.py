"""Load every protocol, translation, page and data file of ``protocols/`` and ``docs/`` into typed
models (:mod:`gorag.models`), collecting every error.

The fields each record may have come from :mod:`gorag.schema`, read through :class:`gorag.fields.Record`;
every text is held to its class and scanned for personal data (:mod:`gorag.texts`, :mod:`gorag.scans`).
"""

from __future__ import annotations

import os
import re
from functools import partial
from pathlib import Path
from typing import Any

from .errors import ErrorCollector
from .field_tables import MARKER_EXAMPLE, marker_problems
from .fields import Record, check_id, kind_of, known, sub_records
from .fieldtypes import names_example
from .languages import default_language, language_codes
from .load import FILE_NAME, Raw, read_data, read_markdown
from .models import (
    CONTACT_KINDS,
    KINDS,
    STATUSES,
    TRANSLATION_STATUSES,
    Agency,
    Contact,
    DocPage,
    GlossaryTerm,
    Option,
    Protocol,
    Role,
    Source,
    Step,
    StepText,
    Translation,
)
from .scans import PrivacyScans
from .schema import (
    AGENCY,
    ALLOWLIST,
    CITATION,
    CONTACT,
    GLOSSARY,
    OPTION,
    PAGE,
    PROTOCOL,
    ROLE,
    STEP,
    STEP_TEXT,
    TRANSLATION,
)
from .texts import check_body, check_texts

# Data files that may list nothing; the others are referenced by ids, so an empty one is a mistake.
_MAY_BE_EMPTY = ("glossary terms", "allowlist entries")


def load_list(path: Path, errors: ErrorCollector, what: str, kind: str = "",
              scans: PrivacyScans | None = None) -> list[tuple[Raw, Record, int]]:
    """The items of a YAML list file, each as a :class:`Record`. A missing, unreadable or empty
    file is reported once (and its items are then unknown: references to them are not checked).
    A published file names its ``kind`` in :data:`~gorag.schema.SOURCE_KINDS`: its texts are held
    to their classes and scanned for personal data (:func:`check_texts`)."""
    if not os.path.lexists(path):  # anything else there (a folder, a pipe) is reported by read_data
        errors.add(path, 0, "", f"{what} data file is missing", f"- id: example\\n  name: {names_example('...')}")
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


def load_agencies(path: Path, errors: ErrorCollector, scans: PrivacyScans | None = None) -> tuple[Agency, ...]:
    agencies, seen = [], {}  # type: ignore[var-annotated]
    for _raw, rec, _ in load_list(path, errors, "agencies", "agencies", scans):
        rec.check_fields(AGENCY)
        agency_id = check_id(rec, seen, AGENCY.example("id"))
        name = rec.names("name", AGENCY["name"].example)
        short = rec.names("short", AGENCY["short"].example, required=False)
        description = rec.names("description", AGENCY["description"].example, required=False)
        contacts = _contacts(rec)
        if agency_id and name:
            agencies.append(Agency(agency_id, name, short or name, description, contacts))
    return tuple(agencies)


def _contacts(rec: Record) -> tuple[Contact, ...]:
    contacts = []
    for sub in sub_records(rec, "contacts", CONTACT.flow()):
        sub.check_fields(CONTACT)  # says so when "verified" is left out
        kind = sub.choice("kind", CONTACT_KINDS)
        label = sub.names("label", CONTACT["label"].example)
        value = sub.data.get("value")
        verified = sub.flag("verified", False, CONTACT.line("verified"))
        if value is not None and not isinstance(value, str):
            sub.error("value", f"expected a quoted text or null, got {kind_of(value)}", 'value: "+993 12 00-00-00"')
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
    for _raw, rec, _ in load_list(path, errors, "glossary terms", "glossary", scans):
        rec.check_fields(GLOSSARY)
        term_id = check_id(rec, seen, GLOSSARY.example("id"))
        term = rec.names("term", GLOSSARY["term"].example)
        definition = rec.names("definition", GLOSSARY["definition"].example)
        if term_id and term and definition:
            terms.append(GlossaryTerm(term_id, term, definition, rec.text("source", GLOSSARY.example("source"), False)))
    return tuple(terms)


def _steps(rec: Record, role_ids: set[str], agency_ids: set[str]) -> tuple[Step, ...]:
    """The procedure's steps; ``next`` defaults to the following step, and every target must exist."""
    records = sub_records(rec, "steps", "{id: notice-signs, title: ..., role: teacher, action: ...}")
    seen: dict[str, str] = {}
    parsed: list[tuple[Record, str, dict[str, Any]]] = []
    for sub in records:
        sub.check_fields(STEP)
        step_id = check_id(sub, seen, STEP.example("id"))
        role = sub.data.get("role")
        if role is not None and not known(role_ids)(role):
            sub.error("role", f"unknown role {role!r}", STEP.line("role"))
        agency = sub.data.get("agency")
        if agency is not None and not known(agency_ids)(agency):
            sub.error("agency", f"unknown agency {agency!r}", f"agency: {AGENCY.example('id')}")
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
            choices = sub_records(sub, "decision", OPTION.flow())
            if not 2 <= len(choices) <= 4:
                sub.error("decision", f"expected 2 to 4 options, got {len(choices)}", STEP.example("decision"))
            for choice in choices:
                choice.check_fields(OPTION)
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
                          STEP.line("action"))
            raw_next = data.get("next")
            if raw_next is None:
                targets = (ids[index + 1],) if index + 1 < len(ids) else ()
            else:
                targets = sub.ids("next", lambda t: t in ids, "step", STEP.example("next"))
        steps.append(Step(id=step_id, title=sub.text("title", STEP.example("title")), role=str(data.get("role") or ""),
                          action=sub.text("action", STEP.example("action"), False), agency=str(data.get("agency") or ""),
                          next=targets, options=tuple(options)))
    return tuple(steps)


def _step_texts(rec: Record, steps: tuple[Step, ...]) -> tuple[tuple[str, StepText], ...]:
    """A translation's step texts, keyed by the source's step ids."""
    value = rec.data.get("steps")
    if value is None:
        return ()
    if not isinstance(value, dict):
        rec.error("steps", f"expected a mapping of step id to texts, got {kind_of(value)}", TRANSLATION.line("steps"))
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
            rec.errors.add(rec.raw.path, rec.raw.line(key), key, f"expected title/action texts, got {kind_of(item)}",
                           f"{step_id}: {{title: ..., action: ...}}")
            continue
        sub.check_fields(STEP_TEXT)
        labels = item.get("decision") or []
        source = by_id[step_id]
        if source.is_decision and (not isinstance(labels, list) or len(labels) != len(source.options)):
            sub.error("decision", f"expected {len(source.options)} option labels in the source's order",
                      f"decision: [{', '.join(repr(o.label) for o in source.options)}]")
            labels = []
        out.append((step_id, StepText(title=sub.text("title", STEP_TEXT.example("title")),
                                      action=sub.text("action", STEP_TEXT.example("action"), False),
                                      labels=tuple(str(label) for label in labels))))
    return tuple(out)


def load_roles(path: Path, errors: ErrorCollector, scans: PrivacyScans | None = None) -> tuple[Role, ...]:
    roles, seen = [], {}  # type: ignore[var-annotated]
    for _raw, rec, _ in load_list(path, errors, "roles", "roles", scans):
        rec.check_fields(ROLE)
        role_id = check_id(rec, seen, ROLE.example("id"))
        name = rec.names("name", ROLE["name"].example)
        question = rec.names("question", ROLE["question"].example)
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
    for _raw, rec, _ in load_list(path, errors, "allowlist entries"):
        rec.check_fields(ALLOWLIST)
        value = rec.text("value", ALLOWLIST.example("value"))
        if value:
            values.add(value)
    return frozenset(values)


def _sources(rec: Record) -> tuple[Source, ...]:
    value = rec.data.get("sources")
    if not isinstance(value, list):
        if value is not None:
            rec.error("sources", f"expected a list of citations, got {kind_of(value)}", PROTOCOL.line("sources"))
        return ()
    out = []
    first, last = CITATION["year"].bounds()
    for index, item in enumerate(value):
        sub = Record(rec.raw, rec.errors, item if isinstance(item, dict) else {}, f"sources[{index}]")
        if not isinstance(item, dict):
            rec.errors.add(rec.raw.path, rec.raw.line(f"sources[{index}]"), f"sources[{index}]",
                           "expected a citation mapping", f"- {CITATION.line('title')}")
            continue
        sub.check_fields(CITATION)
        year = item.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not first <= year <= last):
            sub.error("year", f"expected a four-digit year, got {year!r}", CITATION.line("year"))
            year = None
        url = sub.text("url", CITATION.example("url"), required=False)
        if url and not url.startswith("https://"):
            sub.error("url", f"expected an https:// address, got {url!r}", CITATION.line("url"))
        out.append(Source(title=sub.text("title", CITATION.example("title")),
                          publisher=sub.text("publisher", CITATION.example("publisher"), False),
                          year=year, url=url, note=sub.text("note", CITATION.example("note"), False)))
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
        check_body(raw, errors, scans.checker)
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
        rec.check_fields(PROTOCOL)
        protocols[doc_id] = Protocol(
            id=doc_id,
            path=errors.rel(raw.path),
            kind=rec.choice("kind", KINDS),
            title=rec.text("title", PROTOCOL.example("title")),
            summary=rec.text("summary", PROTOCOL.example("summary")),
            owners=rec.ids("owners", known(agency_ids), "agency", PROTOCOL.example("owners")),
            audiences=rec.ids("audiences", known(role_ids), "role", PROTOCOL.example("audiences")),
            status=rec.choice("status", STATUSES),
            version=rec.text("version", PROTOCOL.example("version")),
            effective=rec.date("effective"),
            review_by=rec.date("review_by"),
            related=rec.ids("related", partial(_other_protocol, {**sources, **dict.fromkeys(unreadable)}, doc_id),
                            "protocol", PROTOCOL.example("related")),  # an unreadable source was reported once
            sources=_sources(rec),
            body=raw.body,
            steps=_steps(rec, role_ids, agency_ids),
        )

    by_doc: dict[str, list[Translation]] = {}
    for raw, doc_id, lang in translations:
        rec = Record(raw, errors)
        rec.check_fields(TRANSLATION, elsewhere=f"belongs to the English source protocols/{doc_id}.en.md")
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
            lang=lang,
            path=errors.rel(raw.path),
            title=rec.text("title", TRANSLATION.example("title")),
            summary=rec.text("summary", TRANSLATION.example("summary")),
            body=raw.body,
            source_version=rec.text("source_version", TRANSLATION.example("source_version")),
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
        stem, lang = page_language(path.relative_to(docs_dir).as_posix())
        raw = read_markdown(path, errors)
        if raw is None:
            continue
        if not isinstance(raw.data, dict):
            errors.add(path, 2, "", "front matter must be a mapping of fields", "title: Gorag")
            continue
        if parsed is not None:
            parsed[path] = raw
        Record(raw, errors).check_fields(PAGE)
        check_body(raw, errors, scans.checker)
        for line, problem in marker_problems(raw.body):
            errors.add(path, raw.body_line + line - 1, "body", problem, MARKER_EXAMPLE)
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
        source = Record(by_lang[default_language()], errors)
        pages.append(DocPage(stem, tuple(lang for lang in language_codes() if lang in by_lang), str(source.data.get("title")),
                             source.flag("translate", True, PAGE.line("translate"))))
    if own_scans:
        scans.report(errors)
    return tuple(pages)


def page_language(rel: str) -> tuple[str, str]:
    """The stem and language of the page ``rel`` in ``docs/``: ``about.ru.md`` is ``("about", "ru")``,
    ``about.md`` the default language's."""
    for code in language_codes():
        if rel.endswith(f".{code}.md"):
            return rel[: -len(f".{code}.md")], code
    return rel[:-3], default_language()
