"""Typed access to the fields of one parsed record, each problem reported at its line.

A :class:`Record` wraps one mapping of a :class:`~gorag.load.Raw` (a front matter, an item of a
data file, or a mapping inside one) and reads its fields as text, choices, dates, ids or texts in
every language, adding what is wrong to an :class:`~gorag.errors.ErrorCollector` with the
field's line and a valid example. Which fields a record may have comes from :mod:`gorag.schema`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from .errors import ErrorCollector
from .fieldtypes import Table, names_example
from .languages import default_language, language_codes
from .load import Raw
from .models import Names
from .schema import PROTOCOL

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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

    def check_fields(self, table: Table, elsewhere: str = "") -> None:
        """Report fields ``table`` does not have and required ones that are missing; ``elsewhere``
        explains fields that belong to the English source (in a translation)."""
        allowed = table.allowed()
        for name in self.data:
            if name in allowed:
                continue
            if elsewhere and name in PROTOCOL.names():
                self.error(str(name), f"{elsewhere}; a translation has only: {', '.join(allowed)}")
                continue
            close = difflib.get_close_matches(str(name), list(allowed), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            example = close[0] if close else next(iter(allowed))
            self.error(str(name), f"unknown field; {hint}expected one of: {', '.join(allowed)}",
                       f"{example}: {allowed[example]}")
        for field in table.fields:
            if not field.required:
                continue
            name = field.name
            if field.if_missing:  # a value that is there but wrong is the loader's to report
                if name not in self.data:
                    self.error(name, field.if_missing, field.line())
            elif self.data.get(name) in (None, "", []):
                self.errors.add(self.raw.path, self.raw.line(self.prefix) if self.prefix else 1,
                                self.key(name), "required field is missing or empty", f"{name}: {allowed[name]}")

    def text(self, name: str, example: str, required: bool = True) -> str:
        value = self.data.get(name)
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and name in ("version", "source_version"):
            self.error(name, f"expected a quoted text, got the number {value}", f'{name}: "{value}"')
            return str(value)
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(name, f"expected text, got {kind_of(value)}", f"{name}: {example}")
            return ""
        return value.strip()

    def flag(self, name: str, default: bool, example: str) -> bool:
        """A ``true``/``false`` field; ``default`` when it is left out or (with an error) not a flag."""
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.error(name, f"expected true or false, got {kind_of(value)}", example)
            return default
        return value

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
            self.error(name, f"expected a list of {what} ids, got {kind_of(value)}", f"{name}: {example}")
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
            self.error(name, f"expected a text for each language ({', '.join(language_codes())}), got {kind_of(value)}",
                       f"{name}: {names_example(example)}")
            return None
        missing = [lang for lang in language_codes() if not isinstance(value.get(lang), str) or not value[lang].strip()]
        for lang in missing:
            self.error(f"{name}.{lang}" if name in value else name, f"text missing in language '{lang}'",
                       f"{name}: {names_example(example)}")
        for extra in set(value) - set(language_codes()):
            self.error(f"{name}.{extra}", f"unknown language; expected {', '.join(language_codes())}",
                       f"{name}.{default_language()}: {example}")
        if missing:
            return None
        return Names(**{lang: value[lang].strip() for lang in language_codes()})


def kind_of(value: Any) -> str:
    """What ``value`` is, for a message: ``a list``, ``the text 'x'``, ``nothing``."""
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"the text {value!r}", bool: f"{value}"}.get(
        type(value), f"the {type(value).__name__} {value!r}")


def known(ids: set[str]) -> Callable[[str], bool]:
    """Membership in ``ids``. When there are none, their data file could not be loaded and said so
    once (an empty one is an error too): then every id counts as known, not as hundreds of errors."""
    return ids.__contains__ if ids else lambda _id: True


def check_id(record: Record, seen: dict[str, str], example: str) -> str | None:
    """The record's ``id`` if it is well formed and not used before in its file (``seen``: id →
    where it was first used)."""
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


def sub_records(rec: Record, name: str, example: str) -> list[Record]:
    """Sub-records of a list of mappings under ``name``; reports items that are not mappings."""
    value = rec.data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        rec.error(name, f"expected a list, got {kind_of(value)}", f"{name}: {example}")
        return []
    out = []
    for index, item in enumerate(value):
        key = f"{rec.key(name)}[{index}]"
        if not isinstance(item, dict):
            rec.errors.add(rec.raw.path, rec.raw.line(key), key, f"expected a mapping, got {kind_of(item)}", f"- {example}")
            continue
        out.append(Record(rec.raw, rec.errors, item, key))
    return out
