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


def _scripts(html: str) -> Iterator[re.Match[str]]:
    """``<script>`` elements of ``html``. The theme writes the tag in lower case; a ``<SCRIPT>``
    from anywhere else is not hashed, so the policy blocks it."""
    start = html.find("<script")
    while start >= 0:
        match = _INLINE_SCRIPT.match(html, start)
        if match is None:
            start = html.find("<script", start + 7)
            continue
        yield match
        start = html.find("<script", match.end())


def theme_script_hashes(html: str, content: str) -> list[str]:
    """Hashes of executable inline scripts in ``html`` that are not part of the page ``content``."""
    hashes = []
    for match in _scripts(html):
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
