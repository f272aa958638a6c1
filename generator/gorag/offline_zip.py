"""A zip of the offline site for each language, for readers to copy to a laptop or USB stick.

Each archive holds one language's pages and downloads plus the shared theme assets, so it opens
from ``index.html`` with no connection. Entries are sorted and stamped with the build's source
date, so the same site gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

SHARED = ("assets/", "neutral.html", "404.html")
ENTRY = (
    '<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
    '<meta http-equiv="refresh" content="0; url={lang}/index.html"><title>Gorag</title></head>'
    '<body><a href="{lang}/index.html">Gorag</a></body></html>\n'
)


def zip_name(lang: str) -> str:
    return f"downloads/gorag-offline-{lang}.zip"


def members(site: Path, lang: str, languages: tuple[str, ...], default: str) -> list[str]:
    """Files of ``site`` that belong in ``lang``'s archive."""
    others = tuple(f"{code}/" for code in languages if code != default)
    names = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if rel.endswith(".zip"):
            continue
        if lang == default:
            keep = not rel.startswith(others)
        else:
            keep = rel.startswith(f"{lang}/") or rel.startswith(SHARED)
        if keep:
            names.append(rel)
    return names


def offline_zip(site: Path, lang: str, languages: tuple[str, ...], default: str, stamp: datetime) -> bytes:
    buffer = io.BytesIO()
    date_time = max(stamp, datetime(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for rel in members(site, lang, languages, default):
            info = zipfile.ZipInfo(f"gorag-{lang}/{rel}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (site / rel).read_bytes(), compresslevel=6)
        if lang != default:
            # Readers open index.html at the top of what they unpacked: lead them to their language.
            info = zipfile.ZipInfo(f"gorag-{lang}/index.html", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, ENTRY.format(lang=lang).encode("utf-8"))
    return buffer.getvalue()
