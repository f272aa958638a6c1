"""The site's languages: configured once, in mkdocs.yml's ``plugins: - i18n: languages:`` (read by
:func:`gorag.config.read_config`), and known everywhere else only through this module.

A build configures them once (:func:`configure`, by :class:`gorag.project.Project` and the MkDocs
plugin) and every module asks :func:`language_codes`, :func:`default_language` and :func:`lang_prefix` at call time, so
a fourth language needs configuration, interface strings and content, and no code (see
docs/developers.md, "Add a language"). What Gorag knows about a language beyond its code and name
(its Babel locale, its tag in office documents, its ISO 639-3 code for Kiwix) is derived here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from babel.core import Locale, UnknownLocaleError, get_global

from .errors import GoragError

# How a language is written here when it differs from Babel's default for the bare code: English
# readers in Turkmenistan write the day before the month and use a 24-hour clock.
_READING_LOCALE = {"en": "en_GB"}

# ISO 639-1 → ISO 639-3 (Kiwix's ZIM "Language" metadata). Babel knows only the two-letter codes;
# these are the languages of the region and of UN agencies. A language missing here is written
# with its own code, which Kiwix shows but cannot filter by: add it here.
_ISO639_3 = {"ar": "ara", "az": "aze", "de": "deu", "en": "eng", "es": "spa", "fa": "fas", "fr": "fra", "hy": "hye",
             "ka": "kat", "kk": "kaz", "ky": "kir", "ps": "pus", "ru": "rus", "tg": "tgk", "tk": "tuk", "tr": "tur",
             "uk": "ukr", "ur": "urd", "uz": "uzb", "zh": "zho"}


@dataclass(frozen=True)
class Language:
    """One of the site's languages: ``code`` is its folder and file suffix (``ru`` → ``ru/``,
    ``page.ru.md``), ``name`` how it names itself in the language selector."""

    code: str
    name: str

    @cached_property
    def locale(self) -> str:
        """The Babel locale dates, numbers and plural forms follow."""
        return _READING_LOCALE.get(self.code, self.code)

    @cached_property
    def office_tag(self) -> str:
        """The BCP 47 tag office documents carry (``ru-RU``, ``tk-TM``), from CLDR's likely subtags."""
        likely = str(get_global("likely_subtags").get(self.locale, self.locale)).split("_")
        territory = next((part for part in reversed(likely) if part.isupper() and len(part) == 2), "")
        return f"{likely[0]}-{territory}" if territory else likely[0]

    @cached_property
    def iso639_3(self) -> str:
        return _ISO639_3.get(self.code, self.code)


@dataclass(frozen=True)
class Languages:
    """The site's languages in their configured order, and the default one (published at the
    site's root; the others under their code)."""

    all: tuple[Language, ...]
    default: str

    def __post_init__(self) -> None:
        codes = [lang.code for lang in self.all]
        if self.default not in codes:
            raise GoragError(f"the default language '{self.default}' is not one of the site's languages ({', '.join(codes)})")
        for lang in self.all:
            try:
                Locale.parse(lang.locale)
            except (UnknownLocaleError, ValueError):
                raise GoragError(f"language '{lang.code}': Babel knows no locale '{lang.locale}' to write its dates "
                                 "and numbers with; use an ISO 639-1 code such as uz or kk") from None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.all)

    def get(self, code: str) -> Language:
        for lang in self.all:
            if lang.code == code:
                return lang
        raise GoragError(f"'{code}' is not one of the site's languages ({', '.join(self.codes)})")

    def prefix(self, code: str) -> str:
        """Where a language's pages live below the site's root: ``""`` for the default language,
        ``"ru/"`` for Russian."""
        return "" if code == self.default else f"{code}/"


# A process-wide setting rather than a context variable: worker threads (PDFs, personal-data scans)
# and forked build processes must see the same languages as the thread that configured them.
_current: list[Languages] = []


def configure(languages: Languages) -> None:
    """Make ``languages`` the ones every module works with, for this process (and the processes it
    forks)."""
    _current[:] = [languages]


@contextmanager
def using(languages: Languages) -> Iterator[None]:
    """``languages`` for the duration of a ``with`` block (tests with several projects)."""
    before = list(_current)
    _current[:] = [languages]
    try:
        yield
    finally:
        _current[:] = before


def current() -> Languages:
    languages = _current[0] if _current else None
    if languages is None:
        raise GoragError("the site's languages are not configured: read the project with gorag.config.read_config "
                         "and pass its languages to gorag.languages.configure first")
    return languages


def language_codes() -> tuple[str, ...]:
    """The configured language codes, in their configured order (``("en", "ru", "tk")``)."""
    return current().codes


def default_language() -> str:
    return current().default


def lang_prefix(code: str) -> str:
    """Where ``code``'s pages live below the site's root (:meth:`Languages.prefix`)."""
    return current().prefix(code)


def get_language(code: str) -> Language:
    return current().get(code)
