"""Event revisions: SEQUENCE and LAST-MODIFIED that move only when an event's content changes.

Calendar apps need a higher SEQUENCE to replace an event they already hold, yet output must not
depend on the clock. Each campaign keeps ``calendar.lock.yml`` beside its sources: a hash of every
event's content with its sequence and modification time. ``gorag build`` updates the lock when an
event changed and editors commit it with their change, so the same sources (lock included) always
give the same calendars.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from .models import Campaign, Event

LOCK_NAME = "calendar.lock.yml"
LOCK_HEADER = "# Written by gorag build: each event's revision for calendar apps. Commit it with your change.\n"


@dataclass(frozen=True)
class Revision:
    """An event's content hash, iCalendar SEQUENCE, and when that content was first seen (UTC)."""

    hash: str
    sequence: int
    modified: datetime


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def content_hash(event: Event) -> str:
    """Hash of everything about an event that a calendar shows (not its ``updated`` stamp)."""
    data = {k: v for k, v in asdict(event).items() if k != "updated"}
    return hashlib.sha256(json.dumps(_plain(data), sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def revise(campaign: Campaign, lock: dict[str, Revision], now: datetime) -> dict[str, Revision]:
    """New revisions for ``campaign``'s events given the previous ``lock``.

    A new event starts at SEQUENCE 0, modified at its ``updated`` stamp (or the campaign's); a
    changed event gets SEQUENCE + 1, modified at the latest of its ``updated`` stamp, ``now`` (the
    build's source date) and one second after its last revision; an unchanged event keeps its
    revision.
    """
    out = {}
    for event in campaign.events:
        digest = content_hash(event)
        stamp = _utc(event.updated or campaign.updated)
        previous = lock.get(event.id)
        if previous is None:
            out[event.id] = Revision(digest, 0, stamp)
        elif previous.hash == digest:
            out[event.id] = previous
        else:
            # Strictly later than the last revision, so calendar apps see the change as newer.
            modified = max(stamp, now, previous.modified + timedelta(seconds=1))
            out[event.id] = Revision(digest, previous.sequence + 1, modified)
    return out


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def read_lock(folder: Path) -> dict[str, Revision]:
    path = folder / LOCK_NAME
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {key: Revision(str(v["hash"]), int(v["sequence"]), _utc(datetime.fromisoformat(str(v["modified"]))))
            for key, v in data.items()}


def write_lock(folder: Path, revisions: dict[str, Revision]) -> bool:
    """Write the lock if it changed; return whether it did."""
    lines = [LOCK_HEADER] + [
        f"{key}: {{hash: {rev.hash}, sequence: {rev.sequence}, modified: '{rev.modified.strftime('%Y-%m-%dT%H:%M:%SZ')}'}}\n"
        for key, rev in sorted(revisions.items())]
    text = "".join(lines)
    path = folder / LOCK_NAME
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
