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
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from . import atomic
from .errors import ErrorCollector
from .fieldtypes import join
from .load import parse_yaml, read_text
from .models import Campaign, Event
from .schema import EVENT, LOCK_ENTRY

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
    if isinstance(value, Mapping):  # a dict, or Names: a text per language
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


LOCK_FIX = "fix the entry, or delete the file and rebuild: gorag build rewrites it"
CONFLICT_FIX = "resolve the conflict, or delete the file and rebuild: gorag build rewrites it"
_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?:\s|$)", re.MULTILINE)
_HASH = re.compile(r"^[0-9a-f]{16}$")
_ENTRY = LOCK_ENTRY.flow()  # the fields of an entry, as gorag.schema declares them


def read_lock(folder: Path, errors: ErrorCollector) -> dict[str, Revision]:
    """The revisions ``folder``'s lock records. The lock is written by ``gorag build`` but may be
    edited by hand or merged by git, so it is checked like any source: problems go to ``errors``
    (and the lock's revisions are then left out) with how to fix them."""
    path = folder / LOCK_NAME
    if not os.path.lexists(path):
        return {}
    before = len(errors.errors)
    text = read_text(path, errors)
    if text is None:
        _advise(errors, before)
        return {}
    if (marker := _CONFLICT.search(text)) is not None:
        line = text.count("\n", 0, marker.start()) + 1
        errors.add(path, line, "", "git merge conflict markers (<<<<<<<, =======, >>>>>>>) in the calendar lock", CONFLICT_FIX)
        return {}
    parsed = parse_yaml(text, path, 0, errors)
    if parsed is None:
        _advise(errors, before)
        return {}
    data, lines = parsed
    if data is None:
        return {}
    if not isinstance(data, dict):
        errors.add(path, 1, "", f"expected a mapping of event ids to revisions, like {{{EVENT.example('id')}: {_ENTRY}}}", LOCK_FIX)
        return {}
    out = {}
    for key, value in data.items():
        revision = _revision(value)
        if isinstance(revision, tuple):
            name, problem = revision  # at the line of the entry's field, where there is one
            line = lines.get(f"{key}.{name}", lines.get(str(key), 1)) if name else lines.get(str(key), 1)
            errors.add(path, line, str(key), f"{problem}; expected {_ENTRY}", LOCK_FIX)
        else:
            out[str(key)] = revision
    return out


def _advise(errors: ErrorCollector, before: int) -> None:
    """Say how to fix the lock after the errors reading it added (they know nothing of locks)."""
    errors.errors[before:] = [replace(e, example=LOCK_FIX) for e in errors.errors[before:]]


def _revision(value: Any) -> Revision | tuple[str, str]:
    """One lock entry, or the field that is wrong with it ("" for the entry) and what is wrong."""
    names = LOCK_ENTRY.names()
    if not isinstance(value, dict) or set(value) != set(names):
        keys = ", ".join(map(str, value)) if isinstance(value, dict) else type(value).__name__
        return "", f"expected exactly the keys {join(names)}, got {keys or 'nothing'}"
    digest, sequence, modified = value["hash"], value["sequence"], value["modified"]
    if not isinstance(digest, str) or not _HASH.match(digest):
        return "hash", f"hash: expected 16 hexadecimal digits, got {digest!r}"
    low, high = LOCK_ENTRY["sequence"].bounds()
    if not isinstance(sequence, int) or isinstance(sequence, bool) or not low <= sequence <= high:
        return "sequence", f"sequence: expected a whole number from {low}, got {sequence!r}"
    try:
        stamp = _utc(datetime.fromisoformat(str(modified)))
    except ValueError:
        return "modified", f"modified: expected a UTC time as YYYY-MM-DDTHH:MM:SSZ, got {modified!r}"
    if not 1900 <= stamp.year <= 2200:
        return "modified", f"modified: {modified!r} is out of range: expected a year from 1900 to 2200"
    return Revision(digest, sequence, stamp)


def write_lock(folder: Path, revisions: dict[str, Revision]) -> bool:
    """Write the lock if it changed; return whether it did. The new lock replaces the old one
    whole (written beside it, then renamed), so a full disk or a killed build never leaves half a
    lock, and a preview running at the same time never reads one."""
    lines = [LOCK_HEADER] + [
        f"{key}: {{hash: {rev.hash}, sequence: {rev.sequence}, modified: '{rev.modified.strftime('%Y-%m-%dT%H:%M:%SZ')}'}}\n"
        for key, rev in sorted(revisions.items())]
    text = "".join(lines)
    path = folder / LOCK_NAME
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass  # checked when the campaign was loaded; whatever it holds now is replaced
    atomic.write_text(path, text)
    return True
