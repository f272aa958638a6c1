"""Campaign calendars, pages and the Plan of Activities, checked with icalendar and ical.js."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, vCategory, vDDDTypes, vRecur, vUTCOffset

from calendar_peers import fetch_calendar, icaljs_parse, radicale_server, upload_calendar
from conftest import make_project, run_gorag

ASHGABAT = ZoneInfo("Asia/Ashgabat")
CALS = "campaigns/demo-2027/calendars"


def calendar(site: Path, rel: str) -> Calendar:
    return Calendar.from_ical((site / rel).read_bytes())


def events(cal: Calendar) -> dict[str, Component]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


Value = TypeVar("Value")


def prop(component: Component, name: str, kind: type[Value]) -> Value:
    """``component``'s ``name`` property, which icalendar must have read as a ``kind``."""
    value = component[name]
    assert isinstance(value, kind), f"{name} is a {type(value).__name__}, not a {kind.__name__}"
    return value


def when(component: Component, name: str) -> object:
    """The date, time or duration of ``component``'s ``name`` property (DTSTART, TRIGGER, ...)."""
    return prop(component, name, vDDDTypes).dt


def test_campaign_calendar_properties(basic_site: Path) -> None:
    cal = calendar(basic_site, f"{CALS}/campaign.ics")
    assert str(cal["X-WR-CALNAME"]) == str(cal["NAME"]) == "World Day 2027 demo"
    raw = (basic_site / f"{CALS}/campaign.ics").read_bytes()
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in raw
    assert b"X-PUBLISHED-TTL:PT12H\r\n" in raw
    tz = cal.walk("VTIMEZONE")[0]
    assert str(tz["TZID"]) == "Asia/Ashgabat"
    standard = tz.walk("STANDARD")[0]
    assert prop(standard, "TZOFFSETFROM", vUTCOffset).td == prop(standard, "TZOFFSETTO", vUTCOffset).td == timedelta(hours=5)  # no DST
    assert sorted(events(cal)) == ["demo-2027.concert@gorag", "demo-2027.fair@gorag", "demo-2027.press@gorag", "demo-2027.radio@gorag"]


def test_event_details(basic_site: Path) -> None:
    by_uid = events(calendar(basic_site, f"{CALS}/campaign.ics"))
    press = by_uid["demo-2027.press@gorag"]
    assert when(press, "DTSTART") == datetime(2027, 7, 30, 10, 0, tzinfo=ASHGABAT)
    assert when(press, "DTEND") == datetime(2027, 7, 30, 12, 0, tzinfo=ASHGABAT)
    assert str(press["URL"]) == "https://gorag.test/gorag/campaigns/demo-2027/events/press.html"
    assert str(press["STATUS"]) == "CONFIRMED"
    assert press["SEQUENCE"] == 0
    assert when(press, "DTSTAMP") == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert prop(press, "CATEGORIES", vCategory).cats == ["Media", "Ashgabat city", "Media"]
    alarm = press.walk("VALARM")[0]
    assert when(alarm, "TRIGGER") == timedelta(hours=-1)
    fair = by_uid["demo-2027.fair@gorag"]
    assert (when(fair, "DTSTART"), when(fair, "DTEND")) == (date(2027, 7, 28), date(2027, 7, 30))
    radio = by_uid["demo-2027.radio@gorag"]
    assert prop(radio, "RRULE", vRecur).to_ical() == b"FREQ=WEEKLY;UNTIL=20270729T185959Z"
    concert = by_uid["demo-2027.concert@gorag"]
    assert str(concert["STATUS"]) == "CANCELLED"
    assert concert.walk("VALARM") == []


def test_calendars_per_region_organiser_event_and_language(basic_site: Path) -> None:
    assert sorted(events(calendar(basic_site, f"{CALS}/region-mary.ics"))) == ["demo-2027.concert@gorag", "demo-2027.fair@gorag"]
    assert sorted(events(calendar(basic_site, f"{CALS}/organiser-mia.ics"))) == ["demo-2027.fair@gorag"]
    assert list(events(calendar(basic_site, f"{CALS}/event-press.ics"))) == ["demo-2027.press@gorag"]
    ru = events(calendar(basic_site, f"ru/{CALS}/campaign.ics"))["demo-2027.press@gorag"]
    assert str(ru["SUMMARY"]) == "Пресс-конференция"
    assert str(ru["URL"]).endswith("/gorag/ru/campaigns/demo-2027/events/press.html")
    tk = calendar(basic_site, f"tk/{CALS}/campaign.ics")
    assert str(tk["X-WR-CALNAME"]) == "Bütindünýä güni 2027 (nusga)"


def test_planner_calendar_has_the_deadlines(basic_site: Path) -> None:
    planner = events(calendar(basic_site, f"{CALS}/planner.ics"))
    goal = planner["demo-2027.plan.goal@gorag"]
    assert when(goal, "DTSTART") == date(2027, 5, 31)
    assert str(goal["SUMMARY"]) == "Deadline: Define the goal"


def test_every_calendar_parses_with_icaljs(basic_site: Path) -> None:
    paths = sorted(basic_site.rglob("*.ics"))
    assert len(paths) == 30  # 10 calendars x 3 languages
    parsed = icaljs_parse(paths)["files"]
    for path in paths:
        mine = events(Calendar.from_ical(path.read_bytes()))
        theirs = {e["uid"]: e for e in parsed[str(path)]["events"]}
        assert sorted(theirs) == sorted(mine), path
        for uid, event in mine.items():
            start = when(event, "DTSTART")
            assert isinstance(start, date), (path, uid, start)
            expected = start.isoformat() if not isinstance(start, datetime) else \
                start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            assert theirs[uid]["start"] == expected, (path, uid)
    press = next(e for e in parsed[str(basic_site / CALS / "campaign.ics")]["events"] if e["uid"] == "demo-2027.press@gorag")
    assert press["start"] == "2027-07-30T05:00:00Z" and press["tzid"] == "Asia/Ashgabat" and press["alarms"] == 1


def test_caldav_round_trip_with_radicale(basic_site: Path, tmp_path: Path) -> None:
    source = (basic_site / CALS / "campaign.ics").read_bytes()
    sent = events(Calendar.from_ical(source))
    with radicale_server(tmp_path) as base:
        upload_calendar(base, "planner", "world-day", source)
        stored = [Calendar.from_ical(item) for item in fetch_calendar(base, "planner", "world-day")]
    back = {uid: e for cal in stored for uid, e in events(cal).items()}
    assert sorted(back) == sorted(sent)
    for uid, event in sent.items():
        for name in ("DTSTART", "DTEND", "SEQUENCE", "STATUS", "SUMMARY"):
            theirs, mine = back[uid][name], event[name]
            assert theirs == mine or (isinstance(theirs, vDDDTypes) and isinstance(mine, vDDDTypes) and theirs.dt == mine.dt), \
                (uid, name)


def test_editing_one_event_raises_only_its_sequence(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert run_gorag(root, "build").returncode == 0
    before = (root / "site" / CALS / "campaign.ics").read_bytes()
    source = root / "campaigns" / "demo-2027" / "events.yml"
    source.write_text(source.read_text(encoding="utf-8").replace("end: D+0 12:00", "end: D+0 13:00"), encoding="utf-8")
    december = 1796083200  # the editor's commit, 2026-12-01: the source date of the second build
    assert run_gorag(root, "build", epoch=december).returncode == 0
    after = (root / "site" / CALS / "campaign.ics").read_bytes()
    old, new = events(Calendar.from_ical(before)), events(Calendar.from_ical(after))
    assert sorted(old) == sorted(new)
    press = new["demo-2027.press@gorag"]
    assert press["SEQUENCE"] == 1
    assert when(press, "DTEND") == datetime(2027, 7, 30, 13, 0, tzinfo=ASHGABAT)
    assert when(press, "LAST-MODIFIED") == when(press, "DTSTAMP") == datetime(2026, 12, 1, tzinfo=UTC)

    def vevents(raw: bytes) -> dict[str, bytes]:
        blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", raw, re.S)
        uids = [re.search(rb"UID:(\S+)", block) for block in blocks]
        assert all(uids), "a VEVENT without a UID"
        return {uid.group(1).decode(): block for uid, block in zip(uids, blocks, strict=True) if uid}

    changed = [uid for uid, block in vevents(after).items() if vevents(before)[uid] != block]
    assert changed == ["demo-2027.press@gorag"]
    lock = (root / "campaigns" / "demo-2027" / "calendar.lock.yml").read_text(encoding="utf-8")
    assert "press: {hash: " in lock and "sequence: 1, modified: '2026-12-01T00:00:00Z'" in lock
    # A third build, later and with nothing changed, keeps everything as it is.
    assert run_gorag(root, "build", epoch=december + 86400).returncode == 0
    assert (root / "site" / CALS / "campaign.ics").read_bytes() == after


def test_schedule_plan_and_activities_pages(basic_site: Path) -> None:
    schedule = (basic_site / "ru/campaigns/demo-2027/schedule.html").read_text(encoding="utf-8")
    assert "пятница, 30 июля 2027\u202fг., 10:00–12:00" in schedule
    assert schedule.count('data-region="mary"') >= 2 and '<table class="gorag-month"' in schedule
    # Months are named in the reader's language; the window's months without events (31 May, June,
    # the first days of August) get one line each run, not empty grids.
    assert '<h3 id="month-2027-07">Июль 2027</h3>' in schedule and schedule.count('<table class="gorag-month"') == 1
    assert '<p class="gorag-calendar__quiet">Нет мероприятий: Май 2027 – Июнь 2027</p>' in schedule
    assert '<p class="gorag-calendar__quiet">Нет мероприятий: Август 2027</p>' in schedule
    plan = (basic_site / "tk/campaigns/demo-2027/plan.html").read_text(encoding="utf-8")
    article = plan.split("<article", 1)[1]
    assert "2 ädimden 1 sanysy ýerine ýetirildi" in article and article.count('type="checkbox"') == 2
    assert len(re.findall(r"<input[^>]*\bchecked", article)) == 1
    activities = (basic_site / "campaigns/demo-2027/activities.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><td data-label="No.">(\d+)</td><td data-label="Activity">([^<]+)</td>', activities)
    assert [number for number, _ in rows] == ["1", "2", "3"]
    table = activities.split('<table class="gorag-activities gorag-cards">', 1)[1].split("</table>", 1)[0]
    assert "Concert" not in table  # cancelled events are not in the plan submitted for approval
    event = (basic_site / "campaigns/demo-2027/events/press.html").read_text(encoding="utf-8")
    assert 'href="../calendars/event-press.ics" download' in event
    assert "webcal://gorag.test/gorag/campaigns/demo-2027/calendars/campaign.ics" in event
    assert (basic_site / "campaigns/demo-2027/calendars/event-press.ics").is_file()


def test_new_campaign_from_template(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", fixture=None)
    for template in ("world-day", "100-days"):
        result = run_gorag(root, "new", "campaign", "--template", template, "--year", "2031")
        assert result.returncode == 0, result.stderr
    text = (root / "campaigns" / "world-day-2031" / "campaign.yml").read_text(encoding="utf-8")
    assert re.search(r'anchor: "?2031-07-30', text) and re.search(r'id: "?world-day-2031', text)
    assert re.search(r"deadline: 2031-\d\d-\d\d  # D-\d+", text)
    events = (root / "campaigns" / "100-days-2031" / "events.yml").read_text(encoding="utf-8")
    assert "start: 2031-04-21T" in events  # D-100 before 30 July 2031
    check = run_gorag(root, "check")
    assert check.returncode == 0, check.stderr
    again = run_gorag(root, "new", "campaign", "--template", "world-day", "--year", "2031")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_bad_campaign_reports_every_error(tmp_path: Path) -> None:
    import shutil

    from conftest import FIXTURES, assert_golden

    root = make_project(tmp_path / "p")
    shutil.copytree(FIXTURES / "bad-campaign", root, dirs_exist_ok=True)
    result = run_gorag(root, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert_golden("bad-campaign-errors.txt", result.stderr)
    assert not (root / "site").exists()


def test_navigation_names_campaigns_in_reader_language(basic_site: Path) -> None:
    nav = (basic_site / "tk/index.html").read_text(encoding="utf-8").split('class="md-nav md-nav--primary"', 1)[1]
    assert "Kampaniýalar" in nav and "Bütindünýä güni 2027 (nusga)" in nav
    assert "Demo 2027" not in nav and "Campaigns" not in nav
