"""The quick exit's destination: an ordinary-looking page in the reader's language.

It ships with the site (and in each offline copy), so leaving works with no connection, and it is
plain HTML with no script, no link back and nothing that names Gorag. ``assets/neutral.html`` is
the page; its ``$`` placeholders are filled with interface strings, escaped.
"""

from __future__ import annotations

from html import escape
from string import Template

from . import paths
from .i18n import t
from .languages import default_language, language_codes

PAGE = paths.ASSETS / "neutral.html"
NAME = "neutral.html"


def staged_name(lang: str) -> str:
    """The page's name in the staged docs: static-i18n publishes ``neutral.ru.html`` as
    ``ru/neutral.html``."""
    return NAME if lang == default_language() else f"neutral.{lang}.html"


def neutral_pages() -> dict[str, bytes]:
    """The neutral page of every language, by staged name."""
    page = Template(PAGE.read_text(encoding="utf-8"))
    return {staged_name(lang): page.substitute(
        lang=lang, **{key: escape(t(f"neutral.{key}", lang)) for key in ("title", "today", "tomorrow")}).encode("utf-8")
        for lang in language_codes()}
