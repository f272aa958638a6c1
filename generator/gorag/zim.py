"""A Kiwix ZIM of each language's offline copy (to be written: see issue 15)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def write_zim(site: Path, lang: str, target: Path, stamp: datetime) -> None:
    """Write ``lang``'s copy of the built ``site`` as a ZIM file at ``target``."""
