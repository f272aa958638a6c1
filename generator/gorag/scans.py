"""The personal-data scan of everything a library publishes: a pool of helper processes that scan
while loading goes on, the scans already made (kept between builds in a cache file), and the
report of every finding at its file, line and field (:mod:`gorag.privacy` holds the rules)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from pathlib import Path

from . import markup, privacy
from .errors import ErrorCollector
from .load import Raw

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
    (:func:`gorag.texts.check_texts`, :func:`gorag.texts.check_body`)."""

    BATCH = 64

    def __init__(self, allowlist: frozenset[str], helpers: int = 0, checker: markup.Checker | None = None) -> None:
        self.allowlist = allowlist
        self.checker = checker or default_checker()
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
def default_checker() -> markup.Checker:
    """The Markdown checker with the default extensions, made once per process."""
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

