"""Load and validate campaigns: ``campaigns/<id>/campaign.yml``, ``events.yml`` and ``results.yml``.

Dates may be written relative to the campaign's anchor day ``D`` (``D-100 10:00``, ``D+0``) or as
ISO dates; times are local to the campaign's timezone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule

from .errors import ErrorCollector
from .fields import ID, Record, check_id, kind_of, sub_records
from .fieldtypes import Table
from .load import Raw, read_data
from .models import (
    AGE_GROUPS,
    CHANNELS,
    FREQUENCIES,
    PLAN_STATUSES,
    RESULT_STATUSES,
    SEXES,
    TARGETS,
    ActivityDetails,
    Agency,
    Campaign,
    Event,
    EventResult,
    Named,
    Participants,
    PlanStep,
    Recurrence,
    Targets,
)
from .revisions import Revision, read_lock
from .scans import PrivacyScans
from .schema import (
    AGES,
    AUDIENCE,
    CAMPAIGN,
    EVENT,
    EVENT_DETAILS,
    MAX_COUNT,
    MAX_FIGURE,
    PARTICIPANTS,
    PLAN,
    RECURRENCE,
    REGION,
    RESULT,
    TARGETS_TABLE,
    WINDOW,
)
from .texts import check_texts
from .validate import load_list

DEFAULT_TIMEZONE = CAMPAIGN["timezone"].default
_RELATIVE = re.compile(r"^D(?P<sign>[+-])(?P<days>\d{1,4})(?:\s+(?P<time>\d{1,2}:\d{2}))?$")
_ISO = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{1,2}:\d{2}))?$")
_DURATION = re.compile(r"^(?:(?P<d>\d+)d)?\s*(?:(?P<h>\d+)h)?\s*(?:(?P<m>\d+)m)?$")
WHEN_EXAMPLE = "D-30 10:00 (or D+0 for a whole day, or 2027-06-30T10:00)"
DAY_EXAMPLE = "D-60 (or 2027-05-31)"
# Bounds no real campaign comes near; they keep date arithmetic (and calendar apps) from overflowing
# and the pages (a month grid per month of the window) from growing without end.
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_WINDOW_DAYS = 5 * 366
MAX_DURATION_DAYS = 366
_RULES = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY}

RESULTS_NAME = "results.yml"
_RESULT_EXAMPLE = f"- {RESULT.line('event')}\\n  {RESULT.line('status')}"


def parse_when(value: Any, anchor: date | None) -> date | datetime:
    """A date (whole day) or a naive local datetime from ``D±N [HH:MM]`` or ISO text."""
    text = str(value).strip()
    if (match := _RELATIVE.match(text)) is not None:
        if anchor is None:
            raise ValueError("a relative date needs the campaign's anchor date")
        days = int(match["days"]) * (1 if match["sign"] == "+" else -1)
        day = in_range(anchor + timedelta(days=days))  # the anchor is in range: no overflow
        clock = match["time"]
    elif (match := _ISO.match(text)) is not None:
        day = in_range(date.fromisoformat(match["date"]))
        clock = match["time"]
    else:
        raise ValueError(f"cannot read {text!r} as a date")
    if clock is None:
        return day
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes))


def in_range(day: date) -> date:
    """``day`` if its year is within :data:`MIN_YEAR`–:data:`MAX_YEAR`; else ValueError."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"{day.isoformat()} is out of range: expected a year from {MIN_YEAR} to {MAX_YEAR}")
    return day


def parse_duration(value: Any) -> timedelta:
    match = _DURATION.match(str(value).strip())
    if not match or not any(match.groups()):
        raise ValueError(f"cannot read {value!r} as a duration")
    # Whole numbers of any size: add them up before timedelta, which would overflow.
    minutes = int(match["d"] or 0) * 1440 + int(match["h"] or 0) * 60 + int(match["m"] or 0)
    if minutes > MAX_DURATION_DAYS * 1440:
        raise ValueError(f"{value!r} is longer than {MAX_DURATION_DAYS} days")
    return timedelta(minutes=minutes)


class _Campaign:
    """Validation state of one campaign folder."""

    def __init__(self, anchor: date | None, tz: ZoneInfo | None) -> None:
        self.anchor, self.tz = anchor, tz
        self.ids: dict[str, set[str]] = {}  # known agencies, regions, audiences (for messages)

    def when(self, rec: Record, name: str, required: bool = True, example: str = WHEN_EXAMPLE) -> date | datetime | None:
        value = rec.data.get(name)
        if value is None:
            if required:
                rec.error(name, "required field is missing", f"{name}: {example}")
            return None
        if self.anchor is None and _RELATIVE.match(str(value).strip()):
            return None  # the anchor's own error says why; one per relative date would bury it
        try:
            return parse_when(value, self.anchor)
        except ValueError as exc:
            rec.error(name, f"{exc}; expected D±days with an optional HH:MM, or an ISO date", f"{name}: {example}")
            return None

    def day(self, rec: Record, name: str) -> date | None:
        value = self.when(rec, name, example=DAY_EXAMPLE)
        if isinstance(value, datetime):
            rec.error(name, "expected a date without a time", f"{name}: D-60")
            return value.date()
        return value

    def aware(self, value: date | datetime) -> date | datetime:
        return value.replace(tzinfo=self.tz) if isinstance(value, datetime) and self.tz else value


def _stamp(rec: Record, name: str, required: bool) -> datetime | None:
    value = rec.data.get(name)
    if value is None:
        if required:
            rec.error(name, "required field is missing", f"{name}: 2026-11-20T09:00:00")
        return None
    try:
        stamp = datetime.fromisoformat(str(value))
        in_range(stamp.date())
        return stamp
    except ValueError as exc:
        rec.error(name, f"expected a date and time as YYYY-MM-DDTHH:MM:SS, got {value!r} ({exc})", f"{name}: 2026-11-20T09:00:00")
        return None


def _event(state: _Campaign, rec: Record, known: dict[str, Callable[[str], bool]], window: tuple[date, date] | None
           ) -> Event | None:
    rec.check_fields(EVENT)
    start = state.when(rec, "start")
    end: date | datetime | None = None
    if "end" in rec.data and "duration" in rec.data:
        rec.error("duration", "give either 'end' or 'duration', not both", "duration: 2h")
    elif "end" in rec.data:
        end = state.when(rec, "end")
        if isinstance(end, date) and not isinstance(end, datetime):
            end = end + timedelta(days=1)  # the source names the last day; iCalendar's end is exclusive
    elif "duration" in rec.data and start is not None:
        try:
            end = start + parse_duration(rec.data["duration"])
        except ValueError as exc:
            rec.error("duration", f"{exc}; expected hours, minutes or days like 2h, 90m, 1d", "duration: 2h")
    elif start is not None:
        if isinstance(start, datetime):
            rec.error("end", "a timed event needs an 'end' or a 'duration'", "end: D-30 12:00")
        else:
            end = start + timedelta(days=1)
    if start is not None and end is not None:
        if isinstance(start, datetime) != isinstance(end, datetime):
            rec.error("end", "start and end must both have a time, or both be whole days", "start: D-30 10:00\\nend: D-30 12:00")
            end = None
        elif end <= start:
            rec.error("end", f"the event ends ({rec.data.get('end') or rec.data.get('duration')}) before or when it starts "
                             f"({rec.data.get('start')})", "end: D-30 12:00")
            end = None
    if window and start is not None and end is not None:
        first, last = window
        start_day = start.date() if isinstance(start, datetime) else start
        last_day = (end - timedelta(microseconds=1)).date() if isinstance(end, datetime) else end - timedelta(days=1)
        if start_day < first or last_day > last:
            rec.error("start", f"the event ({start_day}–{last_day}) falls outside the campaign window {first}–{last}",
                      f"start: {WHEN_EXAMPLE}")
    recurrence = _recurrence(state, rec, window, start)
    for name, what in (("region", "regions"), ("organiser", "agencies")):
        value = rec.data.get(name)
        if value is not None and not known[what](value):
            rec.error(name, f"unknown {name} {value!r}; expected one of: {', '.join(sorted(state.ids[what]))}",
                      EVENT.line(name))
    cancelled = rec.data.get("cancelled", False)
    if not isinstance(cancelled, bool):
        rec.error("cancelled", f"expected true or false, got {kind_of(cancelled)}", EVENT.line("cancelled"))
    event_id = rec.data.get("id")
    title = rec.names("title", EVENT["title"].example)
    # Check every field before giving up on the event, so all its errors are reported at once.
    channel = rec.choice("channel", CHANNELS)
    audiences = rec.ids("audiences", known["audiences"], "audience", EVENT.example("audiences"))
    partners = rec.ids("partners", known["agencies"], "agency", EVENT.example("partners"))
    description = rec.names("description", EVENT["description"].example, required=False)
    location = rec.names("location", EVENT["location"].example, required=False)
    updated = _stamp(rec, "updated", False)
    if not (start and end and title and isinstance(event_id, str)):
        return None
    return Event(
        id=event_id, title=title, start=state.aware(start), end=state.aware(end),
        region=str(rec.data.get("region")), organiser=str(rec.data.get("organiser")), channel=channel,
        audiences=audiences, partners=partners, description=description, location=location,
        recurrence=recurrence, cancelled=bool(cancelled), updated=updated,
    )


def _recurrence(state: _Campaign, rec: Record, window: tuple[date, date] | None, start: date | datetime | None
                ) -> Recurrence | None:
    value = rec.data.get("recurrence")
    if value is None:
        return None
    if not isinstance(value, dict):
        rec.error("recurrence", f"expected a mapping, got {kind_of(value)}", EVENT.line("recurrence"))
        return None
    sub = Record(rec.raw, rec.errors, value, rec.key("recurrence"))
    sub.check_fields(RECURRENCE)
    freq = sub.choice("freq", FREQUENCIES)
    if ("until" in value) == ("count" in value):
        sub.error("until", "a recurrence needs an end: give 'until' (last date) or 'count' (number of times), one of them",
                  "recurrence: {freq: weekly, until: D-1}")
        return None
    if "count" in value:
        count = value["count"]
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
            sub.error("count", f"expected a whole number from 1 to {MAX_COUNT}, got {count!r}", RECURRENCE.line("count"))
            return None
        if start is not None and window:
            # The times as a calendar app counts them (RFC 5545: a monthly event on the 31st skips
            # shorter months); count is at most MAX_COUNT, so listing them is cheap.
            first = start if isinstance(start, datetime) else datetime.combine(start, time())
            times = list(rrule(_RULES[freq], dtstart=first, count=count))
            if times[-1].date() > window[1]:
                fits = sum(1 for _ in rrule(_RULES[freq], dtstart=first, until=datetime.combine(window[1], time.max)))
                sub.error("count", f"the recurrence runs past the campaign window, which ends {window[1]}: "
                                   f"time {count} would be on {times[-1].date()}", f"count: {max(fits, 1)}")
        return Recurrence(freq, count=count)
    until = state.day(sub, "until")
    if until and window and until > window[1]:
        sub.error("until", f"the recurrence runs past the campaign window, which ends {window[1]}", f"until: {window[1]}")
    elif until and start is not None and until < (start.date() if isinstance(start, datetime) else start):
        sub.error("until", f"the recurrence ends ({until}) before the event starts", "until: D-1")
    return Recurrence(freq, until=until) if until else None


def _plan(state: _Campaign, rec: Record, agencies: Callable[[str], bool]) -> tuple[PlanStep, ...]:
    steps, seen = [], {}  # type: ignore[var-annotated]
    for sub in sub_records(rec, "plan", CAMPAIGN.example("plan")):
        sub.check_fields(PLAN)
        step_id = check_id(sub, seen, PLAN.example("id"))
        title = sub.names("title", PLAN["title"].example)
        owner = sub.data.get("owner")
        if owner is not None and not agencies(owner):
            sub.error("owner", f"unknown agency {owner!r}", PLAN.line("owner"))
        deadline = state.day(sub, "deadline")
        status = sub.choice("status", PLAN_STATUSES)
        if step_id and title and deadline and isinstance(owner, str):
            description = sub.names("description", PLAN["description"].example, required=False)
            steps.append(PlanStep(step_id, title, owner, deadline, status, description))
    return tuple(steps)


def load_campaign(folder: Path, agencies: tuple[Agency, ...], regions: tuple[Named, ...], audiences: tuple[Named, ...],
                  errors: ErrorCollector, scans: PrivacyScans | None = None, unchecked: frozenset[str] = frozenset(),
                  locks: dict[str, dict[str, Revision]] | None = None) -> Campaign | None:
    """Validate one campaign folder; report every problem and return None if any was found.

    ``unchecked``: of "agencies", "regions", "audiences", those whose data file could not be read
    (reported once already): references to them are not reported again, one by one. ``locks``
    receives the revisions the folder's ``calendar.lock.yml`` records, by campaign id, so that the
    build does not read the lock again."""
    before = len(errors.errors)
    path = folder / "campaign.yml"
    if not os.path.lexists(path):  # a folder or pipe of that name is reported by read_data
        errors.add(path, 0, "", "a campaign folder needs campaign.yml", "gorag new campaign --template world-day --year 2027")
        return None
    raw = read_data(path, errors)
    if raw is None or not isinstance(raw.data, dict):
        if raw is not None:
            errors.add(path, 1, "", "expected a mapping of campaign fields", "id: world-day-2027")
        return None
    check_texts(raw, "campaign", errors, scans)
    rec = Record(raw, errors)
    rec.check_fields(CAMPAIGN)
    if rec.data.get("id") != folder.name:
        rec.error("id", f"must equal the folder name {folder.name!r}, got {rec.data.get('id')!r}", f"id: {folder.name}")
    if not ID.match(folder.name):
        rec.error("id", "folder name must be a lowercase id of letters, digits and hyphens", "campaigns/world-day-2027/")
    anchor: date | None = None
    try:
        anchor = in_range(date.fromisoformat(str(rec.data.get("anchor"))))
    except ValueError as exc:
        rec.error("anchor", f"expected the anchor day as YYYY-MM-DD, got {rec.data.get('anchor')!r} ({exc})", CAMPAIGN.line("anchor"))
    tz_name = str(rec.data.get("timezone") or DEFAULT_TIMEZONE)
    tz: ZoneInfo | None = None
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        rec.error("timezone", f"unknown timezone {tz_name!r}; expected an IANA name", f"timezone: {DEFAULT_TIMEZONE}")
    state = _Campaign(anchor, tz)
    window: tuple[date, date] | None = None
    value = rec.data.get("window")
    if isinstance(value, dict):
        wrec = Record(raw, errors, value, "window")
        wrec.check_fields(WINDOW)
        first, last = state.day(wrec, "start"), state.day(wrec, "end")
        if first and last:
            if last < first:
                wrec.error("end", f"the window ends ({last}) before it starts ({first})", CAMPAIGN.line("window"))
            elif (last - first).days >= MAX_WINDOW_DAYS:
                wrec.error("end", f"the window ({first}–{last}) is longer than {MAX_WINDOW_DAYS} days; "
                                  "a campaign runs some weeks or months", CAMPAIGN.line("window"))
            else:
                window = (first, last)
    elif value is not None:
        rec.error("window", f"expected a mapping with start and end, got {kind_of(value)}", CAMPAIGN.line("window"))
    state.ids = {"agencies": {a.id for a in agencies}, "regions": {r.id for r in regions}, "audiences": {a.id for a in audiences}}
    if not agencies:  # agencies.yml is required: none means its error was reported
        unchecked |= {"agencies"}
    known: dict[str, Callable[[str], bool]] = {
        what: (lambda _id: True) if what in unchecked else ids.__contains__ for what, ids in state.ids.items()}
    organisers = rec.ids("organisers", known["agencies"], "agency", CAMPAIGN.example("organisers"))
    partners = rec.ids("partners", known["agencies"], "agency", CAMPAIGN.example("partners"))
    region_ids = rec.ids("regions", known["regions"], "region", CAMPAIGN.example("regions"))
    audience_ids = rec.ids("audiences", known["audiences"], "audience", CAMPAIGN.example("audiences"))
    # Each message is a text per language: check the item itself as a Names value.
    message = CAMPAIGN["messages"]
    messages = tuple(n for sub in sub_records(rec, "messages", message.yaml()[1:-1])
                     if (n := Record(raw, errors, {"m": sub.data}, sub.prefix).names("m", message.example)))
    plan = _plan(state, rec, known["agencies"])
    updated = _stamp(rec, "updated", True)

    events: list[Event] = []
    details: list[ActivityDetails] = []
    cancelled: dict[str, bool] = {}  # every event id events.yml names, valid or not: results refer to them
    events_path = folder / "events.yml"
    before_events = len(errors.errors)
    if os.path.lexists(events_path):
        eraw = read_data(events_path, errors)
        if eraw is not None:
            check_texts(eraw, "events", errors, scans)
        if eraw is not None and eraw.data is not None and not isinstance(eraw.data, list):
            errors.add(events_path, 1, "", "expected a YAML list of events", "- id: launch")
        elif eraw is not None and eraw.data:
            seen: dict[str, str] = {}
            for index, item in enumerate(eraw.data):
                key = f"[{index}]"
                if not isinstance(item, dict):
                    errors.add(events_path, eraw.line(key), key, f"expected an event mapping, got {kind_of(item)}", "- id: launch")
                    continue
                erec = Record(eraw, errors, item, key)
                check_id(erec, seen, EVENT.example("id"))
                event = _event(state, erec, known, window)
                texts = [erec.names(field.name, field.example, required=False) for field in EVENT_DETAILS.fields]
                if event:
                    events.append(event)
                    if any(texts):
                        details.append(ActivityDetails(event.id, *texts))
                if isinstance(item.get("id"), str):
                    cancelled[item["id"]] = item.get("cancelled") is True
    # Results name events: while events.yml has errors (a duplicate or broken id), checking them
    # against it would report its mistakes a second time, as results' mistakes.
    events_ok = len(errors.errors) == before_events
    results = load_results(folder / RESULTS_NAME, cancelled if events_ok else None, errors, scans)
    targets = _targets(rec)
    lock = read_lock(folder, errors)  # checked now, so that a hand-edited lock fails gorag check, not the build
    if locks is not None:
        locks[folder.name] = lock
    if len(errors.errors) > before or anchor is None or window is None or updated is None or tz is None:
        return None
    title, theme = rec.names("title", CAMPAIGN["title"].example), rec.names("theme", CAMPAIGN["theme"].example)
    assert title and theme
    return Campaign(id=folder.name, path=errors.rel(path), title=title, theme=theme, anchor=anchor, window=window,
                    timezone=tz_name, organisers=organisers, partners=partners, regions=region_ids, audiences=audience_ids,
                    messages=messages, updated=updated, plan=plan, events=tuple(events), details=tuple(details),
                    targets=targets, results=results)


def _targets(rec: Record) -> Targets:
    value = rec.data.get("targets")
    if value is None:
        return Targets()
    if not isinstance(value, dict):
        rec.error("targets", f"expected a mapping of figures, got {kind_of(value)}", CAMPAIGN.line("targets"))
        return Targets()
    sub = Record(rec.raw, rec.errors, value, "targets")
    sub.check_fields(TARGETS_TABLE)
    return Targets(**{name: _figure(sub, name) for name in TARGETS if name in value})


def _figure(rec: Record, name: str) -> int:
    """A count: a whole number from 0 to :data:`MAX_FIGURE` (0, with an error, otherwise)."""
    value = rec.data.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_FIGURE:
        rec.error(name, f"expected a whole number from 0 to {MAX_FIGURE:,}, got {kind_of(value)}", f"{name}: 12")
        return 0
    return value


def load_results(path: Path, events: dict[str, bool] | None, errors: ErrorCollector, scans: PrivacyScans | None = None
                 ) -> tuple[EventResult, ...]:
    """The results recorded in ``path`` (``campaigns/<id>/results.yml``; none while it does not
    exist). ``events``: every event id of the campaign, with whether ``events.yml`` marks it cancelled."""
    if not os.path.lexists(path):
        return ()
    raw = read_data(path, errors)
    return check_results(raw, events, errors, scans) if raw is not None else ()


def check_results(raw: Raw, events: dict[str, bool] | None, errors: ErrorCollector, scans: PrivacyScans | None = None
                  ) -> tuple[EventResult, ...]:
    """Validate a results file: every problem goes to ``errors`` at its line, with an example.
    Every text is held to its class and scanned for personal data: results hold numbers and notes,
    never the names of participants."""
    check_texts(raw, "results", errors, scans)
    if raw.data is None:
        return ()
    if not isinstance(raw.data, list):
        errors.add(raw.path, 1, "", "expected a YAML list of results, one per event", _RESULT_EXAMPLE)
        return ()
    out, seen = [], {}  # type: ignore[var-annotated]
    for index, item in enumerate(raw.data):
        key = f"[{index}]"
        if not isinstance(item, dict):
            errors.add(raw.path, raw.line(key), key, f"expected the results of one event as a mapping, got {kind_of(item)}",
                       _RESULT_EXAMPLE)
            continue
        rec = Record(raw, errors, item, key)
        rec.check_fields(RESULT)
        result = _result(rec, events, seen)
        if result is not None:
            out.append(result)
    return tuple(out)


def _result(rec: Record, events: dict[str, bool] | None, seen: dict[str, int]) -> EventResult | None:
    """One event's results; ``events`` (each id of events.yml: whether it is cancelled) is None
    when events.yml has errors, and the results are then not checked against it."""
    event_id = rec.data.get("event")
    ok = True
    if not isinstance(event_id, str) and events is None:
        rec.error("event", f"expected the id of an event in events.yml, got {kind_of(event_id)}", RESULT.line("event"))
        ok = False
    elif not isinstance(event_id, str) or (events is not None and event_id not in events):
        ids = sorted(events or {})
        known = ", ".join(ids) if len(ids) <= 20 else "the ids in events.yml"
        rec.error("event", f"unknown event {event_id!r}; expected one of: {known or 'none (events.yml lists no event)'}",
                  f"event: {next(iter(ids), 'launch')}")
        ok = False
    elif event_id in seen:
        rec.error("event", f"the results of {event_id!r} are already given at line {seen[event_id]}; "
                           "give each event's results once", f"event: {event_id}")
        ok = False
    else:
        seen[event_id] = rec.raw.line(rec.key("event"))
    status = rec.data.get("status")
    if status is not None and status not in RESULT_STATUSES:
        rec.error("status", f"expected one of {', '.join(RESULT_STATUSES)}, got {status!r}", RESULT.line("status"))
        ok = False
    elif status == "held" and isinstance(event_id, str) and events and events.get(event_id):
        rec.error("status", f"the event {event_id!r} is marked cancelled in events.yml; record status: cancelled, "
                            "or remove 'cancelled: true' there", "status: cancelled")
        ok = False
    figures = {name: _figure(rec, name) for name in ("materials", "media") if name in rec.data}
    participants = _participants(rec)
    notes = rec.text("notes", RESULT.example("notes"), required=False)
    if status in ("postponed", "cancelled"):
        given = [name for name in ("participants", "materials", "media") if name in rec.data]
        if given:
            rec.error(given[0], f"a {status} event has no {' or '.join(given)}: record them once it is held "
                                "(a note may say why it did not take place)", "notes: Postponed to 15 September: the hall was closed.")
            ok = False
    if not ok or not isinstance(event_id, str) or status not in RESULT_STATUSES or participants is None:
        return None
    return EventResult(event_id, str(status), participants, figures.get("materials", 0), figures.get("media", 0), notes)


def _participants(rec: Record) -> Participants | None:
    """Participants by sex and age group; None (reported) when the mapping is not well formed."""
    value = rec.data.get("participants")
    example = RESULT.line("participants")
    if value is None:
        return Participants()
    if not isinstance(value, dict):
        rec.error("participants", f"expected counts by sex and age group, got {kind_of(value)}", example)
        return None
    sub = Record(rec.raw, rec.errors, value, rec.key("participants"))
    sub.check_fields(PARTICIPANTS)
    counts, ok = [], all(name in SEXES for name in value)
    for sex in SEXES:
        groups = value.get(sex)
        if groups is None:
            continue
        if not isinstance(groups, dict):
            sub.error(sex, f"expected counts by age group ({', '.join(AGE_GROUPS)}), got {kind_of(groups)}",
                      PARTICIPANTS.line(sex))
            ok = False
            continue
        ages = Record(rec.raw, rec.errors, groups, sub.key(sex))
        ages.check_fields(AGES)
        ok = ok and all(name in AGE_GROUPS for name in groups)
        for age in AGE_GROUPS:
            if age in groups:
                before = len(rec.errors.errors)
                number = _figure(ages, age)
                ok = ok and len(rec.errors.errors) == before
                counts.append((sex, age, number))
    return Participants(tuple(counts)) if ok else None


def load_named(path: Path, errors: ErrorCollector, what: str, table: Table,
               scans: PrivacyScans | None = None) -> tuple[Named, ...]:
    """Regions or audiences (``table``: :data:`~gorag.schema.REGION` or :data:`~gorag.schema.AUDIENCE`):
    ids with names in every language."""
    if not os.path.lexists(path):
        return ()
    out, seen = [], {}  # type: ignore[var-annotated]
    for _raw, rec, _ in load_list(path, errors, what, "named", scans):
        rec.check_fields(table)
        named_id = check_id(rec, seen, table.example("id"))
        name = rec.names("name", table["name"].example)
        if named_id and name:
            out.append(Named(named_id, name))
    return tuple(out)


def load_campaigns(campaigns_dir: Path, agencies: tuple[Agency, ...], errors: ErrorCollector,
                   scans: PrivacyScans | None = None, locks: dict[str, dict[str, Revision]] | None = None
                   ) -> tuple[tuple[Campaign, ...], tuple[Named, ...], tuple[Named, ...]]:
    """Every campaign under ``campaigns_dir`` with the regions and audiences they use (``locks``:
    see :func:`load_campaign`)."""
    if not campaigns_dir.is_dir():
        return (), (), ()
    unchecked = set()
    before = len(errors.errors)
    regions = load_named(campaigns_dir / "regions.yml", errors, "regions", REGION, scans)
    if not regions and len(errors.errors) > before:  # the file failed as a whole, and said so
        unchecked.add("regions")
    before = len(errors.errors)
    audiences = load_named(campaigns_dir / "audiences.yml", errors, "audiences", AUDIENCE, scans)
    if not audiences and len(errors.errors) > before:
        unchecked.add("audiences")
    campaigns = [c for folder in sorted(p for p in campaigns_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
                 if (c := load_campaign(folder, agencies, regions, audiences, errors, scans, frozenset(unchecked), locks))]
    return tuple(campaigns), regions, audiences

