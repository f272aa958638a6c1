"""Every text a source publishes, held to its class, and every body to the content policy.

A text field is plain text, inline Markdown or a URL (:func:`gorag.schema.text_classes` says which
field is which); a body is Markdown with the site's extensions (:mod:`gorag.markup`). Every text
and body also goes to the personal-data scan (:class:`gorag.scans.PrivacyScans`).
"""

from __future__ import annotations

import re
from typing import Any

from . import markup
from .errors import ErrorCollector
from .languages import language_codes
from .load import Raw
from .models import INLINE, MAX_LENGTH, PLAIN, URL
from .scans import PrivacyScans, default_checker
from .schema import text_classes


def check_body(raw: Raw, errors: ErrorCollector, checker: markup.Checker) -> None:
    """The body of ``raw`` must be no longer than :data:`MAX_BODY` and render to allowed markup only."""
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
    """How the field ``key`` of a ``kind`` source is published (:func:`gorag.schema.text_classes`)."""
    general = _INDEX.sub("[]", key)
    for lang in language_codes():
        if general.endswith(f".{lang}"):
            general = general[: -len(lang) - 1]
            break
    if kind == "translation":
        general = _TRANSLATED_STEP.sub("steps.*", general)
    return text_classes()[kind].get(general)


def check_texts(raw: Raw, kind: str, errors: ErrorCollector, scans: PrivacyScans | None) -> None:
    """Hold every text of ``raw`` (front matter or data file of the given ``kind``) to its class
    (plain text, inline Markdown, URL), and hand all of them to the personal-data scan (``scans``,
    or scanned and reported now when None)."""
    texts = text_fields(raw.data)
    checker = scans.checker if scans else default_checker()
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
