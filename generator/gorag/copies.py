"""What goes into a single-language offline copy (the zip, the Kiwix ZIM) and how its pages change.

A copy holds one language's pages and downloads plus the shared theme assets. Its pages must not
lead anywhere the copy does not hold: the language switcher keeps only the copy's own language,
and what only works on the published web site (the web app manifest and the script that
registers the service worker, both marked ``data-gorag-app``) is left out.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from . import paths
from .languages import default_language, lang_prefix, language_codes

# Files at the site's root that every language's pages use.
SHARED = ("assets/", "neutral.html")
# Outputs that are not part of any copy: the copies themselves, and what only the published web
# app uses (:mod:`gorag.pwa`): its service worker, its lists of files to save, its manifests.
APP_ONLY_ROOT = (paths.SERVICE_WORKER, f"{paths.OFFLINE_LISTS}/")
APP_ONLY_SUFFIXES = (PurePosixPath(paths.MANIFEST).suffix,)


def members(site: Path, lang: str) -> list[str]:
    """Files of ``site`` (paths relative to it, sorted) that belong in ``lang``'s copy."""
    languages, default = language_codes(), default_language()
    others = tuple(lang_prefix(code) for code in languages if code != default)
    names = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if rel.endswith(paths.COPY_SUFFIXES + APP_ONLY_SUFFIXES) or rel.startswith(APP_ONLY_ROOT):
            continue
        if rel == "404.html":
            continue  # a web server's page, with addresses from the server's root: no use in a copy
        if lang == default:
            keep = not rel.startswith(others)
        else:
            keep = rel.startswith(lang_prefix(lang)) or rel.startswith(SHARED)
        if keep:
            names.append(rel)
    return names


# Material's language switcher (partials/languages.html... header.html of Material 9): one list
# item per language. Checked by tests/test_offline_copies.py against the built pages.
_SWITCHER_ITEM = re.compile(
    r'\s*<li class="md-select__item">\s*<a href="[^"]*" hreflang="(?P<lang>[^"]+)" class="md-select__link">.*?</a>\s*</li>',
    re.S)
# A Downloads page's line offering a copy (templates/downloads.md.j2): a copy does not hold itself.
_COPY_ITEM = re.compile(r'<li><a href="[^"]*\.(?:zip|zim)" download>.*?</li>\n?', re.S)
_APP_TAG = re.compile(r'<link\b[^>]*\bdata-gorag-app\b[^>]*>|<script\b[^>]*\bdata-gorag-app\b[^>]*>\s*</script>')


def single_language_html(html: str, lang: str) -> str:
    """``html`` of a page of ``lang``'s copy: other languages left out of the switcher, the offline
    copies left out of the Downloads page, and the web app's manifest and service worker script
    left out."""
    html = _SWITCHER_ITEM.sub(lambda m: m.group(0) if m["lang"] == lang else "", html)
    html = _COPY_ITEM.sub("", html)
    return _APP_TAG.sub("", html)


def copy_bytes(rel: str, data: bytes, lang: str) -> bytes:
    """The bytes of ``rel`` as ``lang``'s copy holds them."""
    if rel.endswith(".html"):
        return single_language_html(data.decode("utf-8"), lang).encode("utf-8")
    return data
