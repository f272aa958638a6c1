"""The schema's field tables in hand-written pages, so that the docs cannot drift from the checks.

A page in ``docs/`` holds a marker line where a record type's table belongs::

    <!-- gorag:fields protocol -->

:func:`marker_problems` reports a marker that names no table (``gorag check`` lists it with the
page's file and line) and :func:`expand` replaces every marker by the table in the page's language
when the docs are staged, so no marker reaches the site. Markers inside fenced code are text.
"""

from __future__ import annotations

import re

from .errors import GoragError
from .fences import code_lines
from .fieldtypes import Table, pick
from .schema import TABLES

MARKER_EXAMPLE = "<!-- gorag:fields protocol -->"
_MARKER = re.compile(r"^<!--\s*gorag:fields\s+(\S+)\s*-->\s*$")
_LOOKS_LIKE = re.compile(r"<!--\s*gorag:")
_HEADERS = {"en": ("Field", "Required?", "Type and allowed values", "Shown as", "Example", "Meaning"),
            "ru": ("Поле", "Обязательное?", "Тип и допустимые значения", "Показывается как", "Пример", "Значение")}
_YES_NO = {"en": ("yes", "no"), "ru": ("да", "нет")}
_SHOWN = {"plain": {"en": "plain text", "ru": "простой текст"}, "inline": {"en": "inline Markdown", "ru": "Markdown в строке"},
          "url": {"en": "link", "ru": "ссылка"}}
_DEFAULT = {"en": "Default: `{}`.", "ru": "По умолчанию: `{}`."}


def markdown_table(table: Table, lang: str) -> str:
    """``table`` as a Markdown table in ``lang`` (English where a text has no translation)."""
    head = _HEADERS.get(lang, _HEADERS["en"])
    yes, no = _YES_NO.get(lang, _YES_NO["en"])
    rows = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
    for field in table.fields:
        meaning = pick(field.meaning, lang)
        if field.default:
            meaning += " " + pick(_DEFAULT, lang).format(field.default)
        shown = pick(_SHOWN[field.published], lang) if field.published else "—"
        cells = (f"`{field.name}`", yes if field.required else no, field.type.describe(lang), shown, f"`{field.yaml()}`", meaning)
        rows.append(f"| {' | '.join(cell.replace('|', '&#124;') for cell in cells)} |")
    return "\n".join(rows)


def _markers(text: str) -> list[tuple[int, str | None]]:
    """(0-based line, table name or None for a malformed marker) of every marker outside code."""
    if "gorag:" not in text:
        return []
    lines = text.split("\n")
    code = code_lines(lines)
    out: list[tuple[int, str | None]] = []
    for index, line in enumerate(lines):
        if index not in code and _LOOKS_LIKE.search(line):
            match = _MARKER.match(line)
            out.append((index, match.group(1) if match else None))
    return out


def marker_problems(text: str) -> list[tuple[int, str]]:
    """(1-based line in ``text``, what is wrong) for each marker that names no table."""
    problems = []
    for index, name in _markers(text):
        if name is None:
            problems.append((index + 1, "a gorag marker must be a line of its own: <!-- gorag:fields NAME -->"))
        elif name not in TABLES:
            problems.append((index + 1, f"unknown field table {name!r} in the gorag:fields marker; expected one of: {', '.join(TABLES)}"))
    return problems


def expand(text: str, lang: str, where: str) -> str:
    """``text`` (a page in ``lang``, at ``where`` for messages) with each marker replaced by its
    table. Pages were checked when loaded; a marker that names no table now is an error all the same."""
    found = _markers(text)
    if not found:
        return text
    for index, problem in marker_problems(text):
        raise GoragError(f"{where}:{index}: {problem} (example: {MARKER_EXAMPLE})")
    lines = text.split("\n")
    for index, name in found:
        assert name is not None  # a malformed marker was raised above
        lines[index] = markdown_table(TABLES[name], lang)
    return "\n".join(lines)
