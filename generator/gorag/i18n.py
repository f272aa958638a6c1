"""Gorag's interface strings and localized formatting (Babel)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from babel.core import Locale
from babel.dates import format_date, format_time, get_day_names

from . import paths
from .errors import GoragError
from .languages import get_language, language_codes

# The catalogue: strings.yml, plus one file per feature under strings/ (each key in one file only),
# each key with a text per language. A project may add a folder of its own (the ``strings_dir``
# option): ``<lang>.yml`` files of ``key: text`` that add a language or replace texts of one.
CATALOGUE = paths.PACKAGE / "strings.yml"
FEATURE_CATALOGUES = paths.PACKAGE / "strings"
_project_catalogues: list[Path] = []


def catalogue_files() -> list[Path]:
    return [CATALOGUE, *sorted(FEATURE_CATALOGUES.glob("*.yml"))]


def use_project_strings(folder: Path | None) -> None:
    """Read ``folder``'s ``<lang>.yml`` files too (``None``: only the package's catalogue)."""
    _project_catalogues[:] = [folder] if folder is not None else []


def check_strings() -> None:
    """Raise :class:`GoragError` unless every interface string has a text in every configured
    language (a missing string would otherwise show as nothing)."""
    _catalogue(_state())


def _state() -> tuple[tuple[str, ...], tuple[Path, ...]]:
    return language_codes(), tuple(_project_catalogues)


def _read(path: Path) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: ten times faster
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GoragError(f"{path}: cannot read the interface strings: {exc}") from None


@cache
def _catalogue(state: tuple[tuple[str, ...], tuple[Path, ...]]) -> dict[str, dict[str, str]]:
    """Every interface string by key and language. A key given twice, unknown, or missing a
    language stops the build."""
    codes, folders = state
    merged: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for path in catalogue_files():
        for key, value in _read(path).items():
            if key in merged:
                raise GoragError(f"{path.name}: {key}: already given in {where[key]}")
            if not isinstance(value, dict):
                raise GoragError(f"{path.name}: {key}: expected a text per language, e.g. {{en: Quick exit, ru: Быстрый выход}}")
            # An empty text must be written as "" (a notice only translations show has none in English).
            merged[key] = {str(lang): str(text) for lang, text in value.items() if text is not None}
            where[key] = path.name
    for folder in folders:
        for path in sorted(folder.glob("*.yml")):
            lang, data = path.stem, _read(path)
            if lang not in codes:
                raise GoragError(f"{path}: '{lang}' is not one of the site's languages ({', '.join(codes)}); name the file <lang>.yml")
            if not isinstance(data, dict):
                raise GoragError(f"{path}: expected key: text lines, e.g. quick_exit: {merged['quick_exit'].get(lang, 'Quick exit')}")
            unknown = sorted(str(key) for key in data if key not in merged)
            if unknown:
                raise GoragError(f"{path}: no such interface string: {', '.join(unknown)} (the keys are those of "
                                 f"generator/gorag/strings.yml and strings/*.yml)")
            for key, text in data.items():
                if text is not None:
                    merged[key][lang] = str(text)
    for lang in codes:
        missing = [key for key, texts in merged.items() if lang not in texts]
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise GoragError(f"interface strings: {len(missing)} have no text in '{lang}': {shown}; add them to strings.yml "
                             f"({missing[0]}: {{..., {lang}: ...}}) or to {lang}.yml in the project's strings_dir "
                             f"({missing[0]}: ...)")
    return {key: {lang: texts[lang] for lang in codes} for key, texts in merged.items()}


def _strings() -> dict[str, dict[str, str]]:
    return _catalogue(_state())


def t(key: str, lang: str, **values: str) -> str:
    """The interface string ``key`` in ``lang`` with ``{name}`` placeholders filled."""
    text = _strings()[key][lang]
    return text.format(**values) if values else text


def strings(lang: str) -> Mapping[str, str]:
    """Every interface string in ``lang``, for template contexts (read-only: it is shared)."""
    return _view(_state(), lang)


@cache  # asked for on every page
def _view(state: tuple[tuple[str, ...], tuple[Path, ...]], lang: str) -> Mapping[str, str]:
    return MappingProxyType({key: by_lang[lang] for key, by_lang in _catalogue(state).items()})


def locale(lang: str) -> str:
    """The Babel locale ``lang``'s dates, numbers and plural forms follow (gorag.languages)."""
    return get_language(lang).locale


@cache  # every protocol page shows two dates; Babel's formatting is slow
def plural(key: str, lang: str, count: int) -> str:
    """The interface string ``key.<category>`` for ``count`` things, the category being the CLDR
    plural form of ``count`` in ``lang`` (Babel): Russian ``2 раза``, ``5 раз``, ``21 раз``,
    English ``1 time``, ``2 times``. ``{count}`` in the text is filled in."""
    category = Locale.parse(locale(lang)).plural_form(count)
    if f"{key}.{category}" not in _strings():  # a category no catalogued language distinguishes
        category = "other"
    return t(f"{key}.{category}", lang, count=str(count))


def long_date(value: date, lang: str) -> str:
    """A date as readers of ``lang`` write it, e.g. ``30 июля 2027 г.``."""
    return format_date(value, format="long", locale=locale(lang))


def full_date(value: date, lang: str) -> str:
    """A date with its weekday, e.g. ``Friday, 30 July 2027``."""
    return format_date(value, format="full", locale=locale(lang))


def clock(value: datetime, lang: str) -> str:
    return format_time(value, format="short", locale=locale(lang))


def month_name(value: date, lang: str) -> str:
    return format_date(value, "LLLL y", locale=locale(lang)).capitalize()


def weekday_names(lang: str) -> list[str]:
    """Abbreviated weekday names, Monday first."""
    names = get_day_names("abbreviated", locale=locale(lang))
    return [names[i] for i in range(7)]
