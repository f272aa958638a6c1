"""iCalendar output with the icalendar library: per campaign, region, organiser, event, and the
planners' calendar of ten-step deadlines, in every language.

UIDs derive from campaign and event ids; DTSTAMP and LAST-MODIFIED come from the event's revision
(:mod:`gorag.revisions`), never from the clock, so the same sources give the same bytes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Timezone
from icalendar import Event as VEvent
from icalendar.enums import STATUS
from icalendar.prop import vDuration

from . import paths
from .i18n import t
from .languages import language_codes
from .models import Campaign, Event, Library, PlanStep
from .revisions import Revision

PRODID = "-//Gorag//Campaign planner//EN"
REFRESH = timedelta(hours=12)


def event_uid(campaign: Campaign, event: Event) -> str:
    return f"{campaign.id}.{event.id}@gorag"


def plan_uid(campaign: Campaign, step: PlanStep) -> str:
    return f"{campaign.id}.plan.{step.id}@gorag"


END = b"END:VCALENDAR\r\n"
# Validation keeps control characters out of texts; these make sure none reaches icalendar anyway,
# where a line break in a calendar's name stops the build and others break calendar apps.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _line(text: str) -> str:
    """``text`` fit for a one-line property (a name, a summary): control characters become spaces."""
    return _CONTROL.sub(" ", text) if _CONTROL.search(text) else text


def _lines(text: str) -> str:
    """``text`` fit for a DESCRIPTION: line breaks are kept (icalendar escapes them), other
    control characters become spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_BUT_NEWLINE.sub(" ", text) if _CONTROL_BUT_NEWLINE.search(text) else text


@cache
def _vtimezone(tzid: str, first: date, last: date) -> bytes:
    """The VTIMEZONE of ``tzid`` for the campaign's years; building it is slow, so once per campaign."""
    return bytes(Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical())


def _calendar(campaign: Campaign, key: str, name: str, lang: str, events: list[tuple[bool, bytes]], url: str) -> bytes:
    """A VCALENDAR of already serialized VEVENTs (``(timed, bytes)``): each event is serialized by
    icalendar once and shared by every calendar that lists it."""
    # Calendar.new would invent a random UID: derive it from the ids, as for events.
    name, theme = _line(name), _line(campaign.theme[lang])
    cal = Calendar.new(uid=f"{campaign.id}.{key}.{lang}@gorag", prodid=PRODID, name=name, description=theme,
                       language=lang, refresh_interval=REFRESH, url=url or None, method="PUBLISH", calscale="GREGORIAN")
    cal["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 requires the explicit value type
    cal["X-WR-CALNAME"] = name
    cal["X-WR-CALDESC"] = theme
    cal["X-WR-TIMEZONE"] = campaign.timezone
    cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    head = bytes(cal.to_ical())
    assert head.endswith(END)
    parts = [head[: -len(END)]]
    if any(timed for timed, _ in events):
        first = min(campaign.window[0], campaign.anchor) - timedelta(days=400)
        parts.append(_vtimezone(campaign.timezone, first, campaign.window[1] + timedelta(days=400)))
    parts.extend(data for _, data in events)
    parts.append(END)
    return b"".join(parts)


def _serialized(component: VEvent) -> tuple[bool, bytes]:
    return isinstance(component.DTSTART, datetime), bytes(component.to_ical())


def _describe(library: Library, campaign: Campaign, event: Event, lang: str) -> str:
    lines = [event.description[lang]] if event.description else []
    lines.append(f"{t('organiser', lang)}: {library.agency(event.organiser).name[lang]}")
    if event.partners:
        lines.append(f"{t('partners', lang)}: {', '.join(library.agency(p).name[lang] for p in event.partners)}")
    lines.append(f"{campaign.title[lang]}")
    return _lines("\n".join(lines))


def vevent(library: Library, campaign: Campaign, event: Event, lang: str, revision: Revision, url: str) -> VEvent:
    """One event as VEVENT in ``lang``, with reminder, categories and status."""
    region = library.region(event.region).name[lang]
    place = _line(f"{event.location[lang]}, {region}" if event.location else region)
    categories = [_line(c) for c in [t(f"channel.{event.channel}", lang), region]
                  + [library.audience(a).name[lang] for a in event.audiences]]
    component = VEvent.new(
        uid=event_uid(campaign, event), stamp=revision.modified, last_modified=revision.modified,
        sequence=revision.sequence, start=event.start, end=event.end, summary=_line(event.title[lang]),
        description=_describe(library, campaign, event, lang), location=place, url=url or None,
        categories=categories, status=STATUS.CANCELLED if event.cancelled else STATUS.CONFIRMED,
    )
    if event.recurrence:
        rule: dict[str, object] = {"FREQ": event.recurrence.freq.upper()}
        if event.recurrence.count:
            rule["COUNT"] = event.recurrence.count
        elif event.recurrence.until and isinstance(event.start, datetime):
            last = datetime.combine(event.recurrence.until, time(23, 59, 59), tzinfo=ZoneInfo(campaign.timezone))
            rule["UNTIL"] = last.astimezone(UTC)
        elif event.recurrence.until:
            rule["UNTIL"] = event.recurrence.until
        component.add("RRULE", rule)
    if not event.cancelled:
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", _line(event.title[lang]))
        alarm.add("TRIGGER", timedelta(hours=-1) if isinstance(event.start, datetime) else timedelta(hours=-15))
        component.add_component(alarm)
    return component


def deadline_vevent(library: Library, campaign: Campaign, step: PlanStep, lang: str) -> VEvent:
    """A ten-step deadline as an all-day event on its day."""
    stamp = campaign.updated.replace(tzinfo=UTC) if campaign.updated.tzinfo is None else campaign.updated
    status = t(f"plan_status.{step.status}", lang)
    description = _lines("\n".join(filter(None, [step.description[lang] if step.description else "",
                                                 f"{t('owner', lang)}: {library.agency(step.owner).name[lang]}",
                                                 f"{t('status', lang)}: {status}"])))
    return VEvent.new(uid=plan_uid(campaign, step), stamp=stamp, last_modified=stamp, start=step.deadline,
                      end=step.deadline + timedelta(days=1), summary=_line(f"{t('deadline', lang)}: {step.title[lang]}"),
                      description=description, categories=[t("plan", lang)], status=STATUS.CONFIRMED)


def campaign_calendars(library: Library, campaign: Campaign, lang: str, revisions: dict[str, Revision],
                       event_url: dict[str, str], page_url: str) -> dict[str, bytes]:
    """Every calendar of ``campaign`` in ``lang``, keyed by file name."""
    components = {e.id: _serialized(vevent(library, campaign, e, lang, revisions[e.id], event_url.get(e.id, "")))
                  for e in campaign.events}
    title = campaign.title[lang]
    files = {paths.calendar_name("campaign"): _calendar(campaign, "campaign", title, lang, list(components.values()), page_url)}
    for region in sorted({e.region for e in campaign.events}):
        name = f"{title} — {library.region(region).name[lang]}"
        files[paths.calendar_name("region", region)] = _calendar(
            campaign, f"region-{region}", name, lang, [components[e.id] for e in campaign.events if e.region == region], page_url)
    for organiser in sorted({e.organiser for e in campaign.events}):
        name = f"{title} — {library.agency(organiser).short[lang]}"
        chosen = [components[e.id] for e in campaign.events if e.organiser == organiser]
        files[paths.calendar_name("organiser", organiser)] = _calendar(campaign, f"organiser-{organiser}", name, lang, chosen, page_url)
    for event in campaign.events:
        files[paths.calendar_name("event", event.id)] = _calendar(campaign, f"event-{event.id}", event.title[lang], lang,
                                                                  [components[event.id]], event_url.get(event.id, ""))
    planner = f"{title} — {t('plan', lang)}"
    files[paths.calendar_name("planner")] = _calendar(campaign, "planner", planner, lang,
                                     [_serialized(deadline_vevent(library, campaign, s, lang)) for s in campaign.plan], page_url)
    return files


def calendar_files(library: Library, revisions: dict[str, dict[str, Revision]], site_url: str) -> dict[str, bytes]:
    """Every calendar of every campaign in every language, keyed by path inside the site."""
    files = {}
    for lang in language_codes():
        for campaign in library.campaigns:
            def url(rel: str, lang: str = lang) -> str:
                return f"{site_url.rstrip('/')}/{paths.in_language(lang, rel)}" if site_url else ""
            urls = {e.id: url(paths.event_page(campaign.id, e.id)) for e in campaign.events} if site_url else {}
            for name, data in campaign_calendars(library, campaign, lang, revisions[campaign.id], urls,
                                                 url(f"{paths.campaign_folder(campaign.id)}/index.html")).items():
                files[paths.in_language(lang, f"{paths.calendars_folder(campaign.id)}/{name}")] = data
    return files
