"""Gorag's interface strings and localized formatting (Babel)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml
from babel.dates import format_date, format_time, get_day_names

from .models import LANGUAGES


@cache
def _strings() -> dict[str, dict[str, str]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: ten times faster
    data = yaml.load((Path(__file__).with_name("strings.yml")).read_text(encoding="utf-8"), Loader=loader)
    return {key: {lang: str(value.get(lang, "")) for lang in LANGUAGES} for key, value in data.items()}


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
