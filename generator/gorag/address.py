"""The address the site is published at (``site_url``), and when it is only a placeholder.

Every QR code on the printables, every event link in the calendars and the ``webcal://``
subscription are made from ``site_url``. A site built with the shipped example address, or none,
prints codes that lead nowhere; the build says so, and a strict build (the deploy workflow's)
stops.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Names reserved for examples and tests (RFC 2606, RFC 6761): never a published site's address.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_SUFFIXES = (".example", ".invalid", ".localhost")
EXAMPLE = "https://<owner>.github.io/<repository>/"


def placeholder_problem(site_url: str | None) -> str | None:
    """Why ``site_url`` cannot be the published address (None when it can)."""
    fix = (f"set the address the site is published at, in mkdocs.yml's site_url or in GORAG_SITE_URL "
           f"(for example GORAG_SITE_URL={EXAMPLE} make site); the GitHub Pages workflow sets it from the repository")
    if not site_url:
        return f"site_url is not set: QR codes on the printables and links in the calendars have no address to lead to; {fix}"
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    reserved = host in RESERVED_DOMAINS or host.endswith(tuple(f".{d}" for d in RESERVED_DOMAINS)) \
        or host.endswith(RESERVED_SUFFIXES) or host == "localhost"
    if parts.scheme not in ("http", "https") or not host:
        return f"site_url {site_url!r} is not a web address (expected http:// or https://); {fix}"
    if reserved:
        return (f"site_url {site_url} is a placeholder: every QR code on the printables, every calendar link and "
                f"the webcal:// subscription would lead to it; {fix}")
    return None
