"""Corrections to Material's page markup that its templates give no block to override.

Each fix names the markup it expects. If Material's markup changes so that a fix no longer
applies, the build stops with :class:`ThemeChanged` naming the fix and the Material version it was
written for, instead of the correction silently disappearing (as mkdocs-section-index does for
the templates it patches). ``tests/test_theme_fixes.py`` checks every fix against a real page.

Pure: no MkDocs; the plugin calls :func:`apply` on every page's HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape

from jinja2.utils import htmlsafe_json_dumps

from ..errors import GoragError

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
    Fix("language button type",
        "a button outside a form needs type=button (html-validate no-implicit-button-type)",
        'class="md-select"',
        re.compile(r'<button class="md-header__button md-icon"(?= aria-label=)'),
        '<button type="button" class="md-header__button md-icon"'),
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


def _changed(name: str, why: str) -> ThemeChanged:
    return ThemeChanged(
        f"the theme fix '{name}' ({why}) no longer matches Material's markup; it was written for "
        f"mkdocs-material {MATERIAL}: update generator/gorag/site/theme_fixes.py")


CONTAINER = '<div class="md-container"'
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_WORKER = re.compile(r"(?:^|/)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
WORKER = "gorag-search.js"


def search_config(html: str, lang_root: str) -> str:
    """Material's page configuration with its search box answered by Gorag's worker
    (``workers/gorag-search.js``, beside Material's own) from the index of the reader's language,
    whose root is ``lang_root`` (``""`` or ``"ru/"``) below the site's. Material offers no block
    for the two values short of copying its whole configuration block, which would go stale."""
    found = _CONFIG.search(html)
    why = "Material's search worker replaced by Gorag's, on the index of the page's language"
    if found is None:
        if 'id="__config"' in html:
            raise _changed("search configuration", why)
        return html
    try:
        config = json.loads(found.group(2))
    except ValueError:
        raise _changed("search configuration", why) from None
    if not isinstance(config, dict):
        raise _changed("search configuration", why)
    search, base = config.get("search"), config.get("base")
    if not isinstance(search, str) or not isinstance(base, str) or not _WORKER.search(search):
        raise _changed("search configuration", why)
    config["search"] = f"{search.rsplit('/', 1)[0]}/{WORKER}"  # beside Material's (_WORKER: a path)
    if lang_root:
        config["base"] = f"{base.rstrip('/')}/{lang_root}"
    # Written as Material's template writes it: Jinja's tojson (keys sorted, HTML-safe escapes).
    return html[:found.start(2)] + str(htmlsafe_json_dumps(config, sort_keys=True)) + html[found.end(2):]


def apply(html: str, search_label: str, lang_root: str = "") -> str:
    """``html`` with every fix applied (:data:`FIXES`, :func:`search_config`); :class:`ThemeChanged`
    if a fix's markup is not there."""
    html = search_config(html, lang_root)
    # Everything FIXES corrects is in the head and the header, before the page's container: only
    # that part is searched (on a large site every page lists every page, 300 KB and more).
    cut = html.find(CONTAINER)
    head, rest = (html[:cut], html[cut:]) if cut >= 0 else (html, "")
    for fix in FIXES:
        if fix.probe not in head:
            continue
        replacement = fix.replacement.format(label=escape(search_label, quote=True))
        head, count = fix.pattern.subn(replacement.replace("\\", "\\\\"), head)
        if not count:
            raise _changed(fix.name, fix.why)
    return head + rest
