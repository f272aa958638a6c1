"""Office documents (.docx, .xlsx) as deterministic bytes.

python-docx and openpyxl write each zip entry with the clock's time, and openpyxl stamps the
workbook "modified" now: the same sources would give different files at every build. The files
are rewritten here with the build's source date in both places.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def w3c_time(stamp: datetime) -> str:
    """``stamp`` in UTC as core properties write it: ``2027-07-30T09:00:00Z``."""
    moment = stamp.astimezone(UTC) if stamp.tzinfo else stamp
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """The Office file ``data`` rewritten with every entry dated ``stamp`` and its core
    properties created and modified at ``stamp``: the same content always gives the same bytes."""
    moment = stamp.astimezone(UTC) if stamp.tzinfo else stamp
    when = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATES.sub(lambda m: m.group(1) + w3c_time(stamp).encode() + m.group(3), body)
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # the same on every system
            entry.external_attr = 0o644 << 16
            target.writestr(entry, body)
    return out.getvalue()
