"""A zip of the offline site for each language, for readers to copy to a laptop or USB stick.

Each archive holds one language's copy (:mod:`gorag.copies`), so it opens from ``index.html``
with no connection. Entries are sorted and stamped with the build's source date, so the same site
gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from .copies import copy_bytes, members
from .languages import default_language

ENTRY = (
    '<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
    '<meta http-equiv="refresh" content="0; url={lang}/index.html"><title>Gorag</title></head>'
    '<body><a href="{lang}/index.html">Gorag</a></body></html>\n'
)


def offline_zip(site: Path, lang: str, stamp: datetime) -> bytes:
    buffer = io.BytesIO()
    date_time = max(stamp, datetime(1980, 1, 1)).timetuple()[:6]

    def add(name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(f"gorag-{lang}/{name}", date_time=date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, data, compresslevel=6)

    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for rel in members(site, lang):
            add(rel, copy_bytes(rel, (site / rel).read_bytes(), lang))
        if lang != default_language():
            # Readers open index.html at the top of what they unpacked: lead them to their language.
            add("index.html", ENTRY.format(lang=lang).encode("utf-8"))
    return buffer.getvalue()
