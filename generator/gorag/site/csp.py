"""Content-Security-Policy for built pages.

Every page gets a policy that allows scripts from the site itself plus, by hash, the few inline
scripts the theme writes. Inline script that came from content is never hashed, so even if one
slipped past the content policy the browser would refuse to run it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S)
_DATA_TYPE = re.compile(r"""\stype\s*=\s*["']?application/(?:ld\+)?json""", re.I)

POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)


def _hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# Material's sidebars (the navigation, which lists every page, and the table of contents) hold no
# script; looking for scripts only before and after them spares reading most of a large page.
_SIDEBARS = '<div class="md-sidebar md-sidebar--primary"'
_CONTENT = '<div class="md-content" data-md-component="content">'


def _regions(html: str, skip_sidebars: bool) -> list[tuple[int, int]]:
    """The parts of ``html`` to look for scripts in: all of it, or all but the sidebars."""
    if skip_sidebars:
        sidebars = html.find(_SIDEBARS)
        content = html.rfind(_CONTENT) if sidebars >= 0 else -1
        if 0 <= sidebars < content:
            return [(0, sidebars), (content, len(html))]
    return [(0, len(html))]


def _scripts(html: str, skip_sidebars: bool = True) -> Iterator[re.Match[str]]:
    """``<script>`` elements of ``html``. The theme writes the tag in lower case; a ``<SCRIPT>``
    from anywhere else is not hashed, so the policy blocks it."""
    for first, last in _regions(html, skip_sidebars):
        start = html.find("<script", first, last)
        while start >= 0:
            match = _INLINE_SCRIPT.match(html, start)
            if match is None:
                start = html.find("<script", start + 7, last)
                continue
            yield match
            start = html.find("<script", match.end(), last)


def theme_script_hashes(html: str, content: str, skip_sidebars: bool = True) -> list[str]:
    """Hashes of executable inline scripts in ``html`` that are not part of the page ``content``
    (looked for outside the theme's sidebars, unless ``skip_sidebars`` is false)."""
    hashes = []
    for match in _scripts(html, skip_sidebars):
        attrs, body = match["attrs"], match["body"]
        if "src=" in attrs or _DATA_TYPE.search(attrs) or not body.strip() or match.group(0) in content:
            continue
        hashes.append(_hash(body))
    return sorted(set(hashes))


def apply_csp(html: str, content: str) -> str:
    """Insert the policy as the first element of ``<head>``, so it governs everything after it."""
    policy = POLICY.format(hashes=" ".join(theme_script_hashes(html, content)) or "").replace("  ", " ")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html.replace("<head>", f"<head>\n    {meta}", 1)
