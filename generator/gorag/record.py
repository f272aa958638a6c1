"""``gorag results``: record what happened at an event in its campaign's ``results.yml``.

The file stays the planner's: an event's entry is replaced where it stands (or added at the end),
and every other line, comments included, is kept as it was. The new file is validated as
``gorag check`` validates it before it replaces the old one, so the command never writes a file
the build would refuse.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import atomic
from .campaigns import RESULTS_NAME, check_results
from .errors import ErrorCollector, GoragError
from .load import Raw, parse_yaml, read_data, read_text
from .models import AGE_GROUPS, RESULT_STATUSES, SEXES

HEADER = ("# What happened at each event of this campaign, recorded after it: `gorag results`, or edit by hand.\n"
          "# Numbers and notes only: never the names of participants.\n")
EXAMPLE = """#
# - event: {event}
#   status: held             # held, postponed or cancelled
#   participants:            # by sex and age group: children, youth, adults
#     female: {{children: 0, youth: 4, adults: 18}}
#     male: {{children: 0, youth: 2, adults: 21}}
#   materials: 120           # leaflets, posters and other materials distributed
#   media: 2                 # articles, broadcasts and posts about the event
#   notes: "Two regional offices asked for a second session."
"""


def skeleton(first_event: str) -> str:
    """A new campaign's ``results.yml``: no results yet, and how to write them."""
    return HEADER + EXAMPLE.format(event=first_event)
_ENTRY_START = re.compile(r"^- ")


@dataclass(frozen=True)
class Recorded:
    """What ``gorag results`` was asked to record for one event; None leaves a recorded value as it is."""

    status: str | None = None
    participants: tuple[tuple[str, str, int], ...] = ()  # (sex, age group, count)
    materials: int | None = None
    media: int | None = None
    notes: str | None = None


def record_results(folder: Path, event_id: str, given: Recorded, root: Path) -> Path:
    """Write ``given`` into ``folder/results.yml`` as the results of ``event_id``: merged into the
    entry already there, or a new entry at the end. Raises :class:`ContentErrors` (nothing
    written) when the result would not be valid, :class:`GoragError` when the campaign cannot be read."""
    errors = ErrorCollector(root)
    events_path = folder / "events.yml"
    if not events_path.is_file():
        raise GoragError(f"{errors.rel(folder)} is not a campaign folder with events.yml")
    events = read_data(events_path, errors)
    errors.raise_if_any()
    assert events is not None
    known = {item["id"]: item.get("cancelled") is True for item in (events.data if isinstance(events.data, list) else [])
             if isinstance(item, dict) and isinstance(item.get("id"), str)}
    if event_id not in known:
        raise GoragError(f"no event {event_id!r} in {errors.rel(events_path)}; its events are: {', '.join(sorted(known)) or 'none'}")
    path = folder / RESULTS_NAME
    text = read_text(path, errors) if path.exists() else HEADER
    errors.raise_if_any()
    assert text is not None
    current = parse_yaml(text, path, 0, errors)
    errors.raise_if_any()  # a broken file is the planner's to mend: the command does not guess
    assert current is not None
    data, lines = current
    entries = data if isinstance(data, list) else []
    index = next((i for i, item in enumerate(entries) if isinstance(item, dict) and item.get("event") == event_id), None)
    entry = merge(entries[index] if index is not None else {"event": event_id}, given)
    if entry.get("status") is None:
        errors.add(path, 0, "status", f"no results of {event_id!r} yet: say whether it was held, postponed or cancelled",
                   f"gorag results {folder.name} {event_id} --status held")
        errors.raise_if_any()
    block = entry_text(entry)
    if index is None:
        new = text.rstrip("\n") + "\n\n" + block if text.strip() else HEADER + block
    else:
        new = _replace(text, lines, index, len(entries), block, path)
    parsed = parse_yaml(new, path, 0, errors)
    if parsed is not None:
        check_results(Raw(path, parsed[0], parsed[1]), known, errors, None)
    errors.raise_if_any()
    atomic.write_text(path, new)
    return path


def merge(entry: dict[str, Any], given: Recorded) -> dict[str, Any]:
    """``entry`` (a mapping of ``results.yml``) with what was ``given`` in place of what it held."""
    out = dict(entry)
    if given.status is not None:
        out["status"] = given.status
    if given.participants:
        before = out.get("participants")
        people = {sex: dict(groups) if isinstance(groups, dict) else groups
                  for sex, groups in (before.items() if isinstance(before, dict) else ())}
        for sex, age, count in given.participants:
            groups = people.setdefault(sex, {})
            if isinstance(groups, dict):
                groups[age] = count
        out["participants"] = people
    for name in ("materials", "media", "notes"):
        value = getattr(given, name)
        if value is not None:
            out[name] = value
    return out


def _scalar(value: Any) -> str:
    """A YAML scalar: numbers and choices as they are, any text as a JSON string (valid YAML)."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int) or (isinstance(value, str) and (value in RESULT_STATUSES or re.fullmatch(r"[a-z0-9][a-z0-9-]*", value))):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def entry_text(entry: dict[str, Any]) -> str:
    """One event's results as a block of ``results.yml``: the usual fields first, in their usual
    order, counts by sex on one line each."""
    order = ["event", "status", "participants", "materials", "media", "notes"]
    keys = [k for k in order if k in entry] + [k for k in entry if k not in order]
    out = []
    for key in keys:
        value = entry[key]
        if key == "participants" and isinstance(value, dict):
            out.append("  participants:")
            for sex in [s for s in SEXES if s in value] + [s for s in value if s not in SEXES]:
                groups = value[sex]
                if isinstance(groups, dict):
                    ages = [a for a in AGE_GROUPS if a in groups] + [a for a in groups if a not in AGE_GROUPS]
                    flow = ", ".join(f"{age}: {_scalar(groups[age])}" for age in ages)
                    out.append(f"    {sex}: {{{flow}}}")
                else:
                    out.append(f"    {sex}: {_scalar(groups)}")
        elif isinstance(value, (dict, list)):
            out.append(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            out.append(f"  {key}: {_scalar(value)}")
    out[0] = "- " + out[0][2:]
    return "\n".join(out) + "\n"


def _replace(text: str, lines: dict[str, int], index: int, count: int, block: str, path: Path) -> str:
    """``text`` with entry ``index`` (of ``count``) replaced by ``block``; the comments and blank
    lines between it and the next entry stay, as they belong to the next one."""
    rows = text.splitlines(keepends=True)
    first = lines[f"[{index}]"] - 1
    if not _ENTRY_START.match(rows[first]):
        raise GoragError(f"{path.name}:{first + 1}: the entry is not written as a block ('- event: ...' at the start "
                         "of a line); edit it by hand")
    end = lines[f"[{index + 1}]"] - 1 if index + 1 < count else len(rows)
    while end > first + 1 and (not rows[end - 1].strip() or rows[end - 1].lstrip().startswith("#")):
        end -= 1
    return "".join(rows[:first]) + block + "".join(rows[end:])
