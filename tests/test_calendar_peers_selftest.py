"""Tests of the calendar peer harness (tests/calendar_peers.py) on a hand-written calendar.

If these fail, the checks of Gorag's .ics output that use ical.js and Radicale cannot be trusted.
Needs `npm ci --prefix tests/js` (ical.js) and Radicale from requirements.lock.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import calendar_peers
from calendar_peers import PeerError, fetch_calendar, icaljs_parse, radicale_server, split_calendar, upload_calendar

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "ics" / "sample.ics"

PRESS = "sample-2027.press-conference@gorag"
LESSONS = "sample-2027.school-lessons@gorag"

EXPECTED_SAMPLE: dict[str, Any] = {
    "calname": "Harness sample",
    "timezones": ["Asia/Ashgabat"],
    "events": [
        {
            "uid": PRESS,
            "summary": "Adam söwdasyna garşy: metbugat ýygnagy",
            # 10:00-12:00 in Asia/Ashgabat (UTC+5, as the file's own VTIMEZONE says).
            "start": "2027-06-30T05:00:00Z",
            "end": "2027-06-30T07:00:00Z",
            "allDay": False,
            "status": "CONFIRMED",
            "sequence": 0,
            "url": "https://example.org/campaigns/sample-2027/#press-conference",
            "categories": ["public-event", "media"],
            "rrule": None,
            "occurrences": ["2027-06-30"],
            "alarms": 1,
            "tzid": "Asia/Ashgabat",
        },
        {
            "uid": LESSONS,
            "summary": "School lessons on safe migration",
            "start": "2027-07-02",
            "end": "2027-07-03",
            "allDay": True,
            "status": "CANCELLED",
            "sequence": 2,
            "url": "https://example.org/campaigns/sample-2027/#school-lessons",
            "categories": ["school"],
            "rrule": "FREQ=WEEKLY;UNTIL=20270723",
            # the local start day of each time: weekly from 2 July until 23 July inclusive
            "occurrences": ["2027-07-02", "2027-07-09", "2027-07-16", "2027-07-23"],
            "alarms": 0,
            "tzid": None,
        },
    ],
}


def _variant(tmp_path: Path, name: str, old: bytes, new: bytes) -> Path:
    data = SAMPLE.read_bytes()
    assert old in data, old
    path = tmp_path / name
    path.write_bytes(data.replace(old, new))
    return path


def _by_uid(parsed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {event["uid"]: event for event in parsed["events"]}


# ---------------------------------------------------------------- the fixture itself


def test_sample_fixture_is_wire_format() -> None:
    data = SAMPLE.read_bytes()
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    data.decode("utf-8")


# ---------------------------------------------------------------- ical.js


def test_icaljs_reads_sample_exactly() -> None:
    result = icaljs_parse([SAMPLE])
    assert result == {"files": {str(SAMPLE): EXPECTED_SAMPLE}}


def test_icaljs_reports_each_file_under_the_path_given(tmp_path: Path) -> None:
    other = _variant(tmp_path, "renamed.ics", b"X-WR-CALNAME:Harness sample\r\n", b"")
    result = icaljs_parse([SAMPLE, other])
    assert list(result["files"]) == [str(SAMPLE), str(other)]
    # Without X-WR-CALNAME the RFC 7986 NAME is used.
    assert result["files"][str(other)]["calname"] == "Harness sample"


def test_icaljs_resolves_times_through_the_files_own_vtimezone(tmp_path: Path) -> None:
    # Same TZID, different definition: the instant must follow the VTIMEZONE in the file, not a tz database.
    shifted = _variant(tmp_path, "shifted.ics", b"TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500", b"TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300")
    result = icaljs_parse([SAMPLE, shifted])
    assert _by_uid(result["files"][str(shifted)])[PRESS]["start"] == "2027-06-30T07:00:00Z"
    # Zones do not leak from one file to the next.
    assert _by_uid(result["files"][str(SAMPLE)])[PRESS]["start"] == "2027-06-30T05:00:00Z"


def test_icaljs_rejects_tzid_without_vtimezone(tmp_path: Path) -> None:
    bad = _variant(tmp_path, "no-vtimezone.ics", b"TZID=Asia/Ashgabat:20270630T100000", b"TZID=Asia/Tashkent:20270630T100000")
    with pytest.raises(PeerError, match="TZID=Asia/Tashkent has no VTIMEZONE"):
        icaljs_parse([bad])


def test_icaljs_rejects_unparseable_file(tmp_path: Path) -> None:
    bad = _variant(tmp_path, "truncated.ics", b"END:VCALENDAR\r\n", b"")
    with pytest.raises(PeerError, match="truncated.ics: ical.js could not parse it"):
        icaljs_parse([SAMPLE, bad])


def test_icaljs_rejects_two_calendars_in_one_file(tmp_path: Path) -> None:
    double = tmp_path / "double.ics"
    double.write_bytes(SAMPLE.read_bytes() * 2)
    with pytest.raises(PeerError, match="expected exactly one VCALENDAR, found 2"):
        icaljs_parse([double])


def test_icaljs_missing_install_says_how_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_peers, "JS_DIR", tmp_path)
    with pytest.raises(PeerError, match=r"npm ci --prefix tests/js"):
        icaljs_parse([SAMPLE])


# ---------------------------------------------------------------- splitting by UID


def test_split_calendar_one_resource_per_uid_with_needed_timezones() -> None:
    resources = split_calendar(SAMPLE.read_bytes())
    assert list(resources) == [PRESS, LESSONS]
    press, lessons = resources[PRESS], resources[LESSONS]
    assert press.count(b"BEGIN:VCALENDAR") == press.count(b"BEGIN:VEVENT") == 1
    assert b"BEGIN:VTIMEZONE" in press and b"BEGIN:VALARM" in press
    assert b"BEGIN:VTIMEZONE" not in lessons  # an all-day event needs no zone
    for resource in resources.values():
        assert b"METHOD:" not in resource and b"X-WR-CALNAME" not in resource
        assert b"VERSION:2.0" in resource and b"PRODID:" in resource


def test_split_calendar_refuses_tzid_without_vtimezone() -> None:
    data = SAMPLE.read_bytes().replace(b"TZID=Asia/Ashgabat:", b"TZID=Asia/Tashkent:")
    with pytest.raises(ValueError, match="TZID=Asia/Tashkent"):
        split_calendar(data)


# ---------------------------------------------------------------- Radicale (CalDAV)


def test_radicale_round_trip(tmp_path: Path) -> None:
    with radicale_server(tmp_path) as base_url:
        urls = upload_calendar(base_url, "gorag", "sample-2027", SAMPLE.read_bytes())
        assert len(urls) == 2 and all(url.startswith(base_url + "gorag/sample-2027/") for url in urls)
        stored = fetch_calendar(base_url, "gorag", "sample-2027")
    assert len(stored) == 2
    paths = []
    for index, data in enumerate(stored):
        path = tmp_path / f"stored-{index}.ics"
        path.write_bytes(data)
        paths.append(path)
    parsed = icaljs_parse(paths)["files"]
    back = {}
    for path in paths:
        events = parsed[str(path)]["events"]
        assert len(events) == 1, path.read_text(encoding="utf-8")
        back[events[0]["uid"]] = events[0]
    assert set(back) == {PRESS, LESSONS}
    fields = ("start", "end", "allDay", "status", "sequence", "rrule", "alarms", "summary", "tzid")
    for original in EXPECTED_SAMPLE["events"]:
        assert {f: back[original["uid"]][f] for f in fields} == {f: original[f] for f in fields}
    assert parsed[str(paths[0])]["timezones"] + parsed[str(paths[1])]["timezones"] == ["Asia/Ashgabat"]


def test_radicale_time_range_query_uses_timezone_and_rrule(tmp_path: Path) -> None:
    # The server evaluates the VTIMEZONE and the RRULE itself: a check independent of ical.js.
    with radicale_server(tmp_path) as base_url:
        upload_calendar(base_url, "gorag", "sample-2027", SAMPLE.read_bytes())

        def uids(start: str, end: str) -> list[str]:
            return sorted(PRESS if PRESS.encode() in data else LESSONS
                          for data in fetch_calendar(base_url, "gorag", "sample-2027", (start, end)))

        assert uids("20270630T000000Z", "20270630T050000Z") == []  # ends just before 10:00 Ashgabat
        assert uids("20270630T065959Z", "20270630T070000Z") == [PRESS]  # last second before 12:00 Ashgabat
        assert uids("20270716T000000Z", "20270717T000000Z") == [LESSONS]  # third weekly occurrence
        assert uids("20270723T000000Z", "20270724T000000Z") == [LESSONS]  # UNTIL is inclusive
        assert uids("20270730T000000Z", "20270731T000000Z") == []


def test_radicale_refuses_second_calendar_with_same_name(tmp_path: Path) -> None:
    with radicale_server(tmp_path) as base_url:
        upload_calendar(base_url, "gorag", "sample-2027", SAMPLE.read_bytes())
        with pytest.raises(PeerError, match="409"):
            upload_calendar(base_url, "gorag", "sample-2027", SAMPLE.read_bytes())


def test_radicale_server_is_stopped_afterwards(tmp_path: Path) -> None:
    with radicale_server(tmp_path) as base_url:
        pass
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        urllib.request.urlopen(base_url, timeout=2)
