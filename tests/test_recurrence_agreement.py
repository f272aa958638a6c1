"""The month grid and the agenda show an event on exactly the days the calendar (.ics) gives it,
as an independent reader (ical.js) expands the RRULE: monthly on the 31st and on the 29th/30th
(RFC 5545 skips the months without that day), weekly, daily, multi-day; and the Russian plural of
"N times"."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from calendar_peers import icaljs_parse
from conftest import make_project, run_gorag
from gorag.i18n import plural

CAMPAIGN = """\
id: repeats-2027
title: {en: Repeating events 2027, ru: Повторяющиеся события 2027, tk: Gaýtalanýan çäreler 2027}
theme: {en: Know the signs, ru: Знай признаки, tk: Alamatlary bil}
anchor: 2027-07-30
window: {start: 2027-01-01, end: 2027-12-31}
timezone: Asia/Ashgabat
organisers: [mlsp]
regions: [ashgabat, mary]
audiences: [youth]
updated: 2026-11-20T09:00:00
plan:
  - {id: goal, title: {en: Define the goal, ru: Определить цель, tk: Maksady kesgitlemek}, owner: mlsp, deadline: D-60, status: done}
"""

EVENTS = """\
- id: end-of-month
  title: {en: End of month review, ru: Обзор в конце месяца, tk: Aýyň ahyrynda syn}
  start: 2027-01-31
  recurrence: {freq: monthly, count: 6}
  region: ashgabat
  organiser: mlsp
  channel: meeting
- id: thirtieth
  title: {en: Thirtieth, ru: Тридцатое, tk: Otuzynjy}
  start: 2027-01-30T10:00
  duration: 2h
  recurrence: {freq: monthly, until: 2027-06-30}
  region: ashgabat
  organiser: mlsp
  channel: meeting
- id: leap-day
  title: {en: Twenty-ninth, ru: Двадцать девятое, tk: Ýigrimi dokuzynjy}
  start: 2027-01-29
  recurrence: {freq: monthly, count: 3}
  region: mary
  organiser: mlsp
  channel: meeting
- id: weekly-evening
  title: {en: Weekly evening, ru: Еженедельный вечер, tk: Hepdelik agşam}
  start: 2027-03-03T18:00
  duration: 90m
  recurrence: {freq: weekly, until: 2027-04-14}
  region: mary
  organiser: mlsp
  channel: media
- id: two-day-weekly
  title: {en: Two-day course, ru: Двухдневный курс, tk: Iki günlük okuw}
  start: 2027-09-06
  end: 2027-09-07
  recurrence: {freq: weekly, count: 3}
  region: ashgabat
  organiser: mlsp
  channel: training
- id: daily-twice
  title: {en: Training, ru: Обучение, tk: Okuw}
  start: 2027-10-11T09:30
  end: 2027-10-11T17:00
  recurrence: {freq: daily, count: 2}
  region: ashgabat
  organiser: mlsp
  channel: training
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("repeats") / "project")
    folder = root / "campaigns" / "repeats-2027"
    folder.mkdir(parents=True)
    (folder / "campaign.yml").write_text(CAMPAIGN, encoding="utf-8")
    (folder / "events.yml").write_text(EVENTS, encoding="utf-8")
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def calendar_days(site: Path) -> dict[str, set[str]]:
    """Each event's days by ical.js: every day of every time its RRULE gives."""
    path = site / "campaigns/repeats-2027/calendars/campaign.ics"
    parsed = icaljs_parse([path])["files"][str(path)]
    days: dict[str, set[str]] = {}
    for event in parsed["events"]:
        span = 0
        if event["allDay"]:
            span = (date.fromisoformat(event["end"]) - date.fromisoformat(event["start"])).days - 1
        event_id = event["url"].rsplit("/", 1)[1].removesuffix(".html")
        days[event_id] = {(date.fromisoformat(day) + timedelta(days=i)).isoformat()
                          for day in event["occurrences"] for i in range(span + 1)}
    return days


def agenda_days(html: str) -> dict[str, set[str]]:
    """Each event's days in the schedule's agenda (one list per day with events)."""
    days: dict[str, set[str]] = {}
    for day, items in re.findall(r'<li data-gorag-day><time class="gorag-agenda__day" datetime="([0-9-]+)">.*?</time><ul>(.*?)</ul></li>',
                                 html, re.S):
        for event_id in re.findall(r'href="events/([a-z0-9-]+)\.html"', items):
            days.setdefault(event_id, set()).add(day)
    return days


def grid_days(html: str) -> dict[str, set[str]]:
    """Each event's days in the month grids (a table per month, a cell per day)."""
    days: dict[str, set[str]] = {}
    for month_id, table in re.findall(r'<h3 id="month-([0-9]{4}-[0-9]{2})">.*?<table class="gorag-month"[^>]*>(.*?)</table>', html, re.S):
        for day, cell in re.findall(r'<td><span class="gorag-month__day">(\d+)</span>(.*?)</td>', table, re.S):
            for event_id in re.findall(r'href="events/([a-z0-9-]+)\.html"', cell):
                days.setdefault(event_id, set()).add(f"{month_id}-{int(day):02d}")
    return days


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_month_grid_and_agenda_show_the_days_the_calendar_gives(built: Path, lang: str) -> None:
    expected = calendar_days(built)
    # the cases this test is about, as RFC 5545 reads them
    assert sorted(expected["end-of-month"]) == ["2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31", "2027-08-31",
                                                "2027-10-31"]
    assert sorted(expected["thirtieth"]) == ["2027-01-30", "2027-03-30", "2027-04-30", "2027-05-30", "2027-06-30"]
    assert sorted(expected["leap-day"]) == ["2027-01-29", "2027-03-29", "2027-04-29"]
    assert len(expected["weekly-evening"]) == 7 and len(expected["two-day-weekly"]) == 6
    prefix = "" if lang == "en" else f"{lang}/"
    html = (built / f"{prefix}campaigns/repeats-2027/schedule.html").read_text(encoding="utf-8")
    assert agenda_days(html) == expected
    assert grid_days(html) == expected


def test_russian_count_reads_as_russian(built: Path) -> None:
    assert [plural("times", "ru", n) for n in (1, 2, 4, 5, 11, 21, 22, 25)] == [
        "1 раз", "2 раза", "4 раза", "5 раз", "11 раз", "21 раз", "22 раза", "25 раз"]
    assert [plural("times", "en", n) for n in (1, 2)] == ["1 time", "2 times"]
    page = (built / "ru/campaigns/repeats-2027/events/daily-twice.html").read_text(encoding="utf-8")
    assert "ежедневно, 2 раза" in page and "2 раз<" not in page
    assert "every month, 6 times" in (built / "campaigns/repeats-2027/events/end-of-month.html").read_text(encoding="utf-8")
