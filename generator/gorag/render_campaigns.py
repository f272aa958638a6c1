"""Campaign pages: overview, ten-step plan, schedule (list and month grid), events, Plan of Activities.

Pure functions from the validated :class:`~gorag.models.Library` to Markdown pages; the calendars
themselves are written by :mod:`gorag.ics`.
"""

from __future__ import annotations

import calendar as monthcal
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import paths, recurrence
from .i18n import clock, full_date, long_date, month_name, plural, strings, t, weekday_names
from .languages import language_codes
from .markup import inline
from .models import Campaign, Event, Library
from .render import _env, page_name

CAMPAIGN_DIR = paths.CAMPAIGNS


@dataclass(frozen=True)
class EventView:
    """What pages show of one event, in one language."""

    id: str
    title: str
    href: str
    when: str
    day: date
    time: str
    place: str
    where: str  # the place with its region, unless the place already names it
    region_id: str
    region: str
    organiser_id: str
    organiser: str
    partners: str
    channel: str
    audiences: str
    repeats: str
    cancelled: bool
    description: str


def _last_day(event: Event) -> date:
    end = event.end
    return (end - timedelta(microseconds=1)).date() if isinstance(end, datetime) else end - timedelta(days=1)


def when(event: Event, lang: str) -> str:
    """``Friday, 30 July 2027, 10:00–12:00`` or ``30 July 2027 – 1 August 2027`` (all day)."""
    if isinstance(event.start, datetime) and isinstance(event.end, datetime):
        if event.start.date() == event.end.date():
            return f"{full_date(event.start, lang)}, {clock(event.start, lang)}–{clock(event.end, lang)}"
        return f"{full_date(event.start, lang)}, {clock(event.start, lang)} – {full_date(event.end, lang)}, {clock(event.end, lang)}"
    last = _last_day(event)
    day = event.start if not isinstance(event.start, datetime) else event.start.date()
    if last == day:
        return f"{full_date(day, lang)} ({t('all_day', lang)})"
    return f"{long_date(day, lang)} – {long_date(last, lang)}"


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,.;:()«»\"']+", text.casefold()) if w]


def names_region(library: Library, place: str, region_id: str, lang: str) -> bool:
    """Whether ``place`` already names the region ``region_id``: a word of the place begins like a
    word that only this region's name has (``Ashgabat``, not ``city``; ``Ahal``, not
    ``velayat``), over four letters and most of the shorter word, so that other forms of it count
    (``Мары`` names ``Марыйский велаят``, ``Ahal welaýatynyň`` names ``Ahal welaýaty``;
    ``Türkmenabat`` does not name ``Lebap velayat``)."""
    others = {w for r in library.regions if r.id != region_id for w in _words(r.name[lang])}
    own = [w for w in _words(library.region(region_id).name[lang]) if w not in others]
    for word in _words(place):
        for name in own:
            common = len(os.path.commonprefix([word, name]))
            if common >= 4 and common >= 0.75 * min(len(word), len(name)):
                return True
    return False


def where(library: Library, event: Event, lang: str) -> tuple[str, str]:
    """Where an event is: its place, and its region unless the place already names it (never
    "Conference hall, Ashgabat, Ashgabat city"); the region alone when no place is given."""
    region = library.region(event.region).name[lang]
    place = event.location[lang] if event.location else ""
    if not place:
        return region, ""
    return place, "" if names_region(library, place, event.region, lang) else region


def event_view(library: Library, event: Event, lang: str, href: str) -> EventView:
    repeats = ""
    if event.recurrence and event.recurrence.until:
        repeats = t(f"freq.{event.recurrence.freq}", lang, until=long_date(event.recurrence.until, lang))
    elif event.recurrence and event.recurrence.count:
        repeats = t(f"freq_count.{event.recurrence.freq}", lang, times=plural("times", lang, event.recurrence.count))
    day = event.start.date() if isinstance(event.start, datetime) else event.start
    return EventView(
        id=event.id, title=event.title[lang], href=href, when=when(event, lang), day=day,
        time=clock(event.start, lang) if isinstance(event.start, datetime) else t("all_day", lang),
        place=event.location[lang] if event.location else "",
        where=", ".join(part for part in where(library, event, lang) if part),
        region_id=event.region,
        region=library.region(event.region).name[lang], organiser_id=event.organiser,
        organiser=library.agency(event.organiser).name[lang],
        partners=", ".join(library.agency(p).name[lang] for p in event.partners),
        channel=t(f"channel.{event.channel}", lang),
        audiences=", ".join(library.audience(a).name[lang] for a in event.audiences),
        repeats=repeats, cancelled=event.cancelled, description=inline(event.description[lang]) if event.description else "",
    )


def sorted_events(campaign: Campaign) -> list[Event]:
    """A campaign's events in time order (whole-day events first on their day), ties by id."""
    def key(event: Event) -> tuple[date, str, str]:
        start = event.start
        day = start.date() if isinstance(start, datetime) else start
        return day, start.strftime("%H:%M") if isinstance(start, datetime) else "", event.id
    return sorted(campaign.events, key=key)


def _occurrence_days(event: Event, timezone: str) -> list[date]:
    """Days on which an event takes place, every day of each time it repeats (for the month grid
    and the agenda), by the rule the calendars give (:mod:`gorag.recurrence`)."""
    span = (_last_day(event) - _day(event.start)).days
    days: list[date] = []
    for moment in recurrence.starts(event.start, event.recurrence, timezone):
        first = _day(moment)
        days.extend(first + timedelta(days=i) for i in range(span + 1))
    return sorted(set(days))


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


@dataclass(frozen=True)
class DayCell:
    """One square of a month grid; ``day`` is 0 for the days of the neighbouring months that fill its first and last weeks."""

    day: int
    events: tuple[EventView, ...] = ()


@dataclass(frozen=True)
class AgendaDay:
    """A day with events, as the agenda on narrow screens lists it."""

    iso: str
    label: str
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class MonthView:
    """One month of a campaign's calendar, shown as a grid (wide screens, print) and as an agenda
    (narrow screens) from the same days; or a run of months without events, which only ``title``
    names (a sentence such as ``No events: May 2027 – June 2027``) and ``days`` is empty."""

    id: str
    title: str
    weeks: tuple[tuple[DayCell, ...], ...] = ()
    days: tuple[AgendaDay, ...] = ()


def event_days(views: dict[str, EventView], campaign: Campaign) -> dict[date, list[EventView]]:
    """The events on each day of a campaign, recurrences and multi-day events on every day they run."""
    by_day: dict[date, list[EventView]] = {}
    for event in sorted_events(campaign):
        for day in _occurrence_days(event, campaign.timezone):
            by_day.setdefault(day, []).append(views[event.id])
    return by_day


def _months(first: date, last: date) -> list[tuple[int, int]]:
    months, (year, month) = [], (first.year, first.month)
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def calendar_months(views: dict[str, EventView], campaign: Campaign, lang: str) -> list[MonthView]:
    """The months of a campaign's window, in order: a grid and an agenda for each month with
    events; one line for each run of months without any (a planner wants to see that nothing is
    planned then, not scroll past empty grids)."""
    by_day = event_days(views, campaign)
    out: list[MonthView] = []
    quiet: list[tuple[int, int]] = []

    def close_quiet() -> None:
        if quiet:
            names = [month_name(date(y, m, 1), lang) for y, m in (quiet[0], quiet[-1])]
            span = names[0] if len(quiet) == 1 else f"{names[0]} – {names[1]}"
            out.append(MonthView(id=f"{quiet[0][0]:04d}-{quiet[0][1]:02d}", title=t("no_events_months", lang, months=span)))
            quiet.clear()

    for year, month in _months(*campaign.window):
        days = sorted(d for d in by_day if (d.year, d.month) == (year, month))
        if not days:
            quiet.append((year, month))
            continue
        close_quiet()
        weeks = tuple(tuple(DayCell(d.day, tuple(by_day.get(d, ()))) if d.month == month else DayCell(0) for d in week)
                      for week in monthcal.Calendar(firstweekday=0).monthdatescalendar(year, month))
        agenda = tuple(AgendaDay(d.isoformat(), full_date(d, lang), tuple(by_day[d])) for d in days)
        out.append(MonthView(id=f"{year:04d}-{month:02d}", title=month_name(date(year, month, 1), lang), weeks=weeks, days=agenda))
    close_quiet()
    return out


def _calendar_links(library: Library, campaign: Campaign, lang: str) -> list[tuple[str, str]]:
    """The campaign's calendars, linked from its page."""
    page = f"{paths.campaign_folder(campaign.id)}/index.html"

    def href(kind: str, key: str = "") -> str:
        return paths.link(page, paths.calendar_file(campaign.id, kind, key))

    links = [(t("calendar_all", lang), href("campaign"))]
    links += [(library.region(r).name[lang], href("region", r)) for r in sorted({e.region for e in campaign.events})]
    links += [(library.agency(o).name[lang], href("organiser", o)) for o in sorted({e.organiser for e in campaign.events})]
    links.append((t("calendar_planner", lang), href("planner")))
    return links


def render_campaign_pages(library: Library, campaign: Campaign, lang: str, site_url: str, printables: bool = False
                          ) -> dict[str, str]:
    """Every page of one campaign in ``lang``, keyed by staged path."""
    env = _env()
    base = f"{CAMPAIGN_DIR}/{campaign.id}"
    ordered = sorted_events(campaign)
    views = {e.id: event_view(library, e, lang, f"events/{e.id}.html") for e in ordered}
    common = {"campaign_title": campaign.title[lang], "s": strings(lang)}
    calendar = paths.in_language(lang, paths.calendar_file(campaign.id, "campaign"))
    subscribe = f"webcal://{site_url.split('://', 1)[1].rstrip('/')}/{calendar}" if site_url else ""
    pages = {
        f"{base}/{page_name('index', lang)}": env.get_template("campaign.md.j2").render(
            **common, theme=campaign.theme[lang],
            window=f"{long_date(campaign.window[0], lang)} – {long_date(campaign.window[1], lang)}",
            anchor=full_date(campaign.anchor, lang),
            organisers=", ".join(library.agency(a).name[lang] for a in campaign.organisers),
            partners=", ".join(library.agency(a).name[lang] for a in campaign.partners),
            regions=", ".join(library.region(r).name[lang] for r in campaign.regions),
            audiences=", ".join(library.audience(a).name[lang] for a in campaign.audiences),
            messages=[m[lang] for m in campaign.messages], calendars=_calendar_links(library, campaign, lang),
            subscribe=subscribe),
        f"{base}/{page_name('plan', lang)}": env.get_template("campaign-plan.md.j2").render(
            **common, progress=t("progress", lang, done=str(sum(s.status == "done" for s in campaign.plan)), total=str(len(campaign.plan))),
            steps=[{"id": s.id, "done": s.status == "done", "title": s.title[lang], "owner": library.agency(s.owner).name[lang],
                    "deadline": long_date(s.deadline, lang), "status": t(f"plan_status.{s.status}", lang),
                    "description": inline(s.description[lang]) if s.description else ""} for s in campaign.plan],
            pdfs=[(t("worksheet", lang), paths.link(f"{base}/index.html", paths.worksheet_pdf(campaign.id)))] if printables else []),
        f"{base}/{page_name('schedule', lang)}": env.get_template("campaign-schedule.md.j2").render(
            **common, events=[views[e.id] for e in ordered], months=calendar_months(views, campaign, lang),
            weekdays=weekday_names(lang),
            regions=sorted({(v.region_id, v.region) for v in views.values()}),
            organisers=sorted({(v.organiser_id, v.organiser) for v in views.values()})),
    }
    # The Plan of Activities page (activities.md) and the report (report.md) are gorag.plan's and
    # gorag.results' (Project.stage adds them).
    for event in ordered:
        page = paths.event_page(campaign.id, event.id)
        materials = [(t(label, lang), paths.link(page, paths.poster_pdf(campaign.id, event.id, kind)))
                     for kind, label in paths.POSTER_KINDS]
        pages[f"{base}/events/{page_name(event.id, lang)}"] = env.get_template("campaign-event.md.j2").render(
            **common, event=views[event.id], ics=paths.link(page, paths.calendar_file(campaign.id, "event", event.id)),
            campaign_ics=paths.link(page, paths.calendar_file(campaign.id, "campaign")),
            subscribe=subscribe, pdfs=materials if printables and not event.cancelled else [])
    return pages


def render_campaign_index(library: Library, lang: str) -> str:
    items = [{"title": c.title[lang], "href": f"{c.id}/index.md", "theme": c.theme[lang],
              "window": f"{long_date(c.window[0], lang)} – {long_date(c.window[1], lang)}"} for c in library.campaigns]
    return _env().get_template("campaigns.md.j2").render(title=t("campaigns", lang), intro=t("campaigns_intro", lang), items=items)


def render_campaign_site(library: Library, site_url: str, printables: bool = False) -> dict[str, str]:
    """Every campaign page in every language, keyed by staged path."""
    pages: dict[str, str] = {}
    for lang in language_codes():
        if library.campaigns:
            pages[f"{CAMPAIGN_DIR}/{page_name('index', lang)}"] = render_campaign_index(library, lang)
        for campaign in library.campaigns:
            pages.update(render_campaign_pages(library, campaign, lang, site_url, printables))
    return pages
