"""The installable web app (to be written: see issue 15)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def app_files(site: Path, stamp: datetime) -> dict[str, bytes]:
    """The web app's files for the built ``site``, by path."""
    return {}
