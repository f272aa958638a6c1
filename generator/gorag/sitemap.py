"""``sitemap.xml``: every page in every language, each with its language alternates.

mkdocs-static-i18n renders a sitemap in each language build and the last build's file wins, so its
content depends on the order languages are built in. Gorag writes the sitemap once, from the list of
staged pages, whatever order (or process) built them.
"""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path
from xml.sax.saxutils import quoteattr

from . import paths
from .languages import lang_prefix, language_codes


def staged_pages(staging_dir: Path) -> list[str]:
    """Output paths (``protocols/x.html``) of the pages the staged docs make, languages folded."""
    languages = language_codes()
    suffixes = tuple(f".{lang}.md" for lang in languages)
    pages = set()
    for path in staging_dir.rglob("*.md"):
        rel = path.relative_to(staging_dir).as_posix()
        base = next((rel[: -len(s)] for s in suffixes if rel.endswith(s)), rel[:-3])
        pages.add(f"{base}.html")
    return sorted(pages)


def sitemap(pages: list[str], site_url: str, lastmod: date) -> str:
    """The sitemap text: one ``<url>`` per page and language (fallback pages exist in every language)."""
    languages = language_codes()
    base = site_url if site_url.endswith("/") else f"{site_url}/"

    def url(page: str, lang: str) -> str:
        return quoteattr(f"{base}{lang_prefix(lang)}{page}")

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for lang in languages:
        for page in pages:
            lines += ["  <url>", f"    <loc>{url(page, lang)[1:-1]}</loc>", f"    <lastmod>{lastmod.isoformat()}</lastmod>"]
            lines += [f'    <xhtml:link rel="alternate" hreflang="{alt}" href={url(page, alt)}/>' for alt in languages]
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(site_dir: Path, text: str, stamp: int) -> None:
    """Write ``sitemap.xml`` and its gzip copy (with a fixed timestamp, so builds stay reproducible)."""
    data = text.encode("utf-8")
    (site_dir / paths.SITEMAP).write_bytes(data)
    (site_dir / f"{paths.SITEMAP}.gz").write_bytes(gzip.compress(data, mtime=stamp))
