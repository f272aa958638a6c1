"""Gorag's interface strings and localized formatting (Babel)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml
from babel.core import Locale
from babel.dates import format_date, format_time, get_day_names

from .errors import GoragError
from .languages import language_codes

# The catalogue: strings.yml, plus one file per feature under strings/ (each key in one file only).
CATALOGUE = Path(__file__).with_name("strings.yml")
FEATURE_CATALOGUES = Path(__file__).with_name("strings")


def catalogue_files() -> list[Path]:
    return [CATALOGUE, *sorted(FEATURE_CATALOGUES.glob("*.yml"))]


@cache
def _strings() -> dict[str, dict[str, str]]:
    """Every interface string by key and language. A key given twice, or missing a language, stops
    the build: a missing string would otherwise show as nothing."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: ten times faster
    merged: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for path in catalogue_files():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        for key, value in data.items():
            if key in merged:
                raise GoragError(f"{path.name}: {key}: already given in {where[key]}")
            # An empty text must be written as "" (a notice only translations show has none in English).
            missing = [lang for lang in language_codes() if not isinstance(value, dict) or value.get(lang) is None]
            if missing:
                raise GoragError(f"{path.name}: {key}: no text for {', '.join(missing)} "
                                 f"(expected {{{', '.join(f'{lang}: ...' for lang in language_codes())}}})")
            merged[key], where[key] = {lang: str(value[lang]) for lang in language_codes()}, path.name
    return merged


def t(key: str, lang: str, **values: str) -> str:
    """The interface string ``key`` in ``lang`` with ``{name}`` placeholders filled."""
    text = _strings()[key][lang]
    return text.format(**values) if values else text


@cache  # asked for on every page
def strings(lang: str) -> Mapping[str, str]:
    """Every interface string in ``lang``, for template contexts (read-only: it is shared)."""
    return MappingProxyType({key: by_lang[lang] for key, by_lang in _strings().items()})


# English readers here write day before month and use a 24-hour clock.
BABEL_LOCALE = {"en": "en_GB", "ru": "ru", "tk": "tk"}


@cache  # every protocol page shows two dates; Babel's formatting is slow
def plural(key: str, lang: str, count: int) -> str:
    """The interface string ``key.<category>`` for ``count`` things, the category being the CLDR
    plural form of ``count`` in ``lang`` (Babel): Russian ``2 раза``, ``5 раз``, ``21 раз``,
    English ``1 time``, ``2 times``. ``{count}`` in the text is filled in."""
    category = Locale.parse(BABEL_LOCALE[lang]).plural_form(count)
    if f"{key}.{category}" not in _strings():  # a category no catalogued language distinguishes
        category = "other"
    return t(f"{key}.{category}", lang, count=str(count))


def long_date(value: date, lang: str) -> str:
    """A date as readers of ``lang`` write it, e.g. ``30 июля 2027 г.``."""
    return format_date(value, format="long", locale=BABEL_LOCALE[lang])


def full_date(value: date, lang: str) -> str:
    """A date with its weekday, e.g. ``Friday, 30 July 2027``."""
    return format_date(value, format="full", locale=BABEL_LOCALE[lang])


def clock(value: datetime, lang: str) -> str:
    return format_time(value, format="short", locale=BABEL_LOCALE[lang])


def month_name(value: date, lang: str) -> str:
    return format_date(value, "LLLL y", locale=BABEL_LOCALE[lang]).capitalize()


def weekday_names(lang: str) -> list[str]:
    """Abbreviated weekday names, Monday first."""
    names = get_day_names("abbreviated", locale=BABEL_LOCALE[lang])
    return [names[i] for i in range(7)]
