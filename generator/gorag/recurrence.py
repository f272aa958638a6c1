"""When a repeating event takes place: one rule for the pages and the calendars.

The calendars say it with an RRULE (:mod:`gorag.ics`); calendar apps expand it as RFC 5545 says,
which ``dateutil.rrule`` implements: a monthly event on the 31st skips the months without one
(31 January, 31 March, 31 May, ...), it does not move to the 28th. The month grid, the agenda and
the checks list the times this module gives, so a page never shows a day a calendar app does not.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule

from .models import Recurrence

RULES = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY}


def starts(start: date | datetime, recurrence: Recurrence | None, timezone: str) -> list[date | datetime]:
    """Every start of an event that begins at ``start`` and repeats by ``recurrence`` (just
    ``start`` if it does not repeat). Whole-day events give dates; timed events give datetimes in
    the campaign's ``timezone``, as the calendars' RRULE does (UNTIL is the end of the last day
    there)."""
    if recurrence is None:
        return [start]
    timed = isinstance(start, datetime)
    first = start if isinstance(start, datetime) else datetime.combine(start, time())
    until = None
    if recurrence.until is not None:
        until = datetime.combine(recurrence.until, time(23, 59, 59))
        if timed and first.tzinfo is not None:
            until = until.replace(tzinfo=ZoneInfo(timezone))
    times = rrule(RULES[recurrence.freq], dtstart=first, count=recurrence.count, until=until)
    return [moment if timed else moment.date() for moment in times]
