"""Corrections to Material's page markup that its templates give no block to override.

Each fix names the markup it expects. If Material's markup changes so that a fix no longer
applies, the build stops with :class:`ThemeChanged` naming the fix and the Material version it was
written for, instead of the correction silently disappearing (as mkdocs-section-index does for
the templates it patches). ``tests/test_theme_fixes.py`` checks every fix against a real page.

Pure: no MkDocs; the plugin calls :func:`apply` on every page's HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from .errors import GoragError

MATERIAL = "9.8.1"  # the version these fixes were written for (pinned in requirements.lock)


class ThemeChanged(GoragError):
    """Material's markup no longer has what a fix expects."""


@dataclass(frozen=True)
class Fix:
    """Where ``probe`` is found, ``pattern`` must match at least once; every match becomes
    ``replacement`` (``{label}`` filled in)."""

    name: str
    why: str
    probe: str
    pattern: re.Pattern[str]
    replacement: str


FIXES: tuple[Fix, ...] = (
    Fix("search dialog name",
        "axe-core aria-dialog-name: a dialog needs an accessible name",
        'data-md-component="search"',
        re.compile(r'<div class="md-search" data-md-component="search" role="dialog">'),
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="{label}">'),
    Fix("alternate links",
        "Material's script fetches each alternate language's sitemap.xml, which fails with three "
        "console errors per page from file://; the language selector links to the same page in "
        "each language without it",
        'rel="alternate"',
        re.compile(r'[ \t]*<link rel="alternate" href="[^"<>]*" hreflang="[^"<>]*">\n?'),
        ""),
    Fix("autocorrect",
        "HTML has no autocorrect attribute (Nu HTML checker)",
        'class="md-search__input"',
        re.compile(r' autocorrect="off"'),
        ""),
    Fix("autocomplete on checkboxes",
        "autocomplete is not allowed on checkboxes (Nu HTML checker)",
        'data-md-toggle="drawer"',
        re.compile(r'(?<=type="checkbox" id="__(?:drawer|search)") autocomplete="off"'),
        ""),
)


def apply(html: str, search_label: str) -> str:
    """``html`` with every fix applied; :class:`ThemeChanged` if a fix's markup is not there."""
    for fix in FIXES:
        if fix.probe not in html:
            continue
        replacement = fix.replacement.format(label=escape(search_label, quote=True))
        html, count = fix.pattern.subn(replacement.replace("\\", "\\\\"), html)
        if not count:
            raise ThemeChanged(
                f"the theme fix '{fix.name}' ({fix.why}) no longer matches Material's markup; it was "
                f"written for mkdocs-material {MATERIAL}: update generator/gorag/theme_fixes.py")
    return html
