"""Targets and results: the basic fixture's report (page, PDF, who-what-where-when matrix) against
sums worked out here from its YAML; results.yml validated like every source; `gorag results`;
`gorag check` naming events without results; the report page on a phone."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from playwright.sync_api import Browser
from pypdf import PdfReader

from a11y import AXE_JS, AXE_RUN_JS, OVERFLOW_JS, axe_blocking, axe_report, overflow_report, overflows
from conftest import FIXTURES, LANGS, make_project, run_gorag
from test_browser import browser  # noqa: F401  (the module's Chromium)

CAMPAIGN = FIXTURES / "basic" / "campaigns" / "demo-2027"
REPORT = "campaigns/demo-2027/report.html"
SEXES, AGES = ("female", "male"), ("children", "youth", "adults")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def independent_sums() -> dict[str, Any]:
    """The report's figures from the fixture's YAML, added up here without Gorag."""
    events = {e["id"]: e for e in load(CAMPAIGN / "events.yml")}
    results = [r for r in load(CAMPAIGN / "results.yml") if r["status"] == "held"]
    people: Counter[tuple[str, str]] = Counter()
    by: dict[str, Counter[str]] = {}
    for result in results:
        event = events[result["event"]]
        for sex, groups in (result.get("participants") or {}).items():
            for age, count in groups.items():
                people[sex, age] += count
                for key in (f"region-{event['region']}", f"organiser-{event['organiser']}"):
                    by.setdefault(key, Counter())[sex] += count
        for key in (f"region-{event['region']}", f"organiser-{event['organiser']}"):
            group = by.setdefault(key, Counter())
            group["held"] += 1
            group["materials"] += result.get("materials", 0)
            group["media"] += result.get("media", 0)
    for event in events.values():
        if not event.get("cancelled"):
            for key in (f"region-{event['region']}", f"organiser-{event['organiser']}"):
                by.setdefault(key, Counter())["planned"] += 1
    return {
        "people": people, "by": by, "held": len(results),
        "regions": len({events[r["event"]]["region"] for r in results}),
        "materials": sum(r.get("materials", 0) for r in results), "media": sum(r.get("media", 0) for r in results),
        "targets": load(CAMPAIGN / "campaign.yml")["targets"],
    }


def digits(text: str) -> int | None:
    found = re.sub(r"\D", "", text)
    return int(found) if found else None


def table_rows(html: str, table_id: str) -> dict[str, list[str]]:
    """The rows of a report table by their id, each as its cells' text."""
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return {row_id: [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", body)]
            for row_id, body in re.findall(r'<tr id="([^"]+)">(.*?)</tr>', table)}


def test_fixture_report_is_not_trivial() -> None:
    sums = independent_sums()
    assert sums["held"] == 2 and sum(sums["people"].values()) == 204 and sums["regions"] == 2


@pytest.mark.parametrize("lang", LANGS)
def test_report_page_figures_equal_independent_sums(basic_site: Path, lang: str) -> None:
    sums = independent_sums()
    html = (basic_site / f"{prefix(lang)}{REPORT}").read_text(encoding="utf-8")
    people = sums["people"]
    achieved = {"events": sums["held"], "regions": sums["regions"], "participants": sum(people.values()),
                "materials": sums["materials"], "media": sums["media"]}
    targets = table_rows(html, "report-targets")
    for name, value in achieved.items():
        row = targets[f"report-targets-target-{name}"]
        assert (digits(row[1]), digits(row[2])) == (sums["targets"][name], value), name
        assert digits(row[3]) == round(100 * value / sums["targets"][name])
    ages = table_rows(html, "report-ages")
    for age in AGES:
        figures = [digits(cell) for cell in ages[f"report-ages-age-{age}"][1:]]
        assert figures == [people["female", age], people["male", age], people["female", age] + people["male", age]], age
    total = [digits(cell) for cell in ages["report-ages-age-total"][1:]]
    assert total == [sum(n for (s, _), n in people.items() if s == "female"), sum(n for (s, _), n in people.items() if s == "male"),
                     sum(people.values())]
    groups = {**table_rows(html, "report-regions"), **table_rows(html, "report-organisers")}
    assert len(groups) == len(sums["by"])
    for key, counts in sums["by"].items():
        kind = key.split("-", 1)[0]
        figures = [digits(cell) for cell in groups[f"report-{kind}s-{key}"][1:]]
        assert figures == [counts["planned"], counts["held"], counts["female"], counts["male"], counts["female"] + counts["male"],
                           counts["materials"], counts["media"]], key
    # The charts' text alternative gives the same figures.
    assert f"{sum(people.values())} " in html.split('id="chart-targets-demo-2027-desc">', 1)[1].split("</desc>", 1)[0]


@pytest.mark.parametrize("lang", LANGS)
def test_report_pdf_figures_equal_independent_sums(basic_site: Path, lang: str) -> None:
    sums = independent_sums()
    reader = PdfReader(basic_site / f"{prefix(lang)}downloads/campaigns/demo-2027/report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    plain = text.replace("\u00a0", " ").replace("\u202f", " ")
    people = sums["people"]
    for age in AGES:
        assert f" {people['female', age]} {people['male', age]} {people['female', age] + people['male', age]} " in plain
    for counts in sums["by"].values():
        figures = [counts["planned"], counts["held"], counts["female"], counts["male"], counts["female"] + counts["male"],
                   counts["materials"], counts["media"]]
        assert " ".join(str(n) for n in figures) in plain
    assert f"{sums['targets']['participants']} {sum(people.values())} " in plain
    assert reader.root_object["/Lang"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_who_what_where_when_matrix(basic_site: Path, lang: str) -> None:
    events = load(CAMPAIGN / "events.yml")
    results = {r["event"]: r for r in load(CAMPAIGN / "results.yml")}
    book = openpyxl.load_workbook(basic_site / f"{prefix(lang)}downloads/campaigns/demo-2027/who-what-where-when.xlsx")
    sheet = book.active
    groups = [v for v in next(sheet.iter_rows(min_row=1, max_row=1, values_only=True)) if v]
    assert groups == {"en": ["Who", "What", "Where", "When", "Results"], "ru": ["Кто", "Что", "Где", "Когда", "Результаты"],
                      "tk": ["Kim", "Näme", "Nirede", "Haçan", "Netijeler"]}[lang]
    header = list(next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)))
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(events) and sheet.print_title_rows == "$1:$2" and sheet.freeze_panes == "B3"
    titles = {e["title"][lang]: e for e in events}
    for row in rows:
        event = titles[row[header.index({"en": "Activity", "ru": "Мероприятие", "tk": "Çäre"}[lang])]]
        result = results.get(event["id"])
        counts = row[12:18]
        if result and result["status"] == "held":
            people = result.get("participants") or {}
            assert list(counts) == [people.get(s, {}).get(a, 0) for s in SEXES for a in AGES]
            assert row[18:21] == (sum(counts), result.get("materials", 0), result.get("media", 0))
        else:
            assert set(counts) == {None}
        assert (row[-1] or "") == ((result or {}).get("notes") or "")


def write_results(root: Path, text: str) -> None:
    (root / "campaigns" / "demo-2027" / "results.yml").write_text(text, encoding="utf-8")


def test_a_name_with_an_age_in_results_is_rejected_at_its_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    write_results(root, "- event: press\n  status: held\n  participants:\n    female: {adults: 3}\n"
                        "  notes: Aman Orazow, 14 years old, asked about work abroad.\n")
    result = run_gorag(root, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("campaigns/demo-2027/results.yml:5: [0].notes: looks like a person's full name together with an age; personal "
            "data of children or victims must not be published: 'Aman Orazow, 14 years old'") in result.stderr
    assert run_gorag(root, "build").returncode == 1 and not (root / "site").exists()


def test_every_results_error_at_once_with_examples(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    write_results(root, "- event: press\n  status: done\n  materials: -5\n"
                        "- event: nope\n  status: held\n"
                        "- event: concert\n  status: held\n"
                        "- event: fair\n  status: postponed\n  participants: {male: {adults: 3}}\n"
                        "- event: radio\n  status: held\n  participants: {female: {elders: 2}}\n")
    result = run_gorag(root, "check")
    assert result.returncode == 1
    path = "campaigns/demo-2027/results.yml"
    for line in (f"{path}:2: [0].status: expected one of held, postponed, cancelled, got 'done' (example: status: held)",
                 f"{path}:3: [0].materials: expected a whole number from 0 to 10,000,000, got the int -5 (example: materials: 12)",
                 f"{path}:4: [1].event: unknown event 'nope'; expected one of: concert, fair, press, radio (example: event: concert)",
                 f"{path}:7: [2].status: the event 'concert' is marked cancelled in events.yml; record status: cancelled, or "
                 "remove 'cancelled: true' there (example: status: cancelled)",
                 f"{path}:10: [3].participants: a postponed event has no participants: record them once it is held",
                 f"{path}:13: [4].participants.female.elders: unknown field; expected one of: children, youth, adults"):
        assert line in result.stderr
    assert result.stderr.startswith("6 content errors:")


def test_gorag_results_records_and_keeps_the_file(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    path = root / "campaigns" / "demo-2027" / "results.yml"
    before = path.read_text(encoding="utf-8")
    for event, args, code, message in (
            ("press", ("--female-adults", "-3"), 2, "argument --female-adults: expected a whole number from 0 to 10,000,000, got '-3'"),
            ("press", ("--notes", "Aman Orazow, 14 years old"), 1, "looks like a person's full name together with an age"),
            ("radio", ("--materials", "5"), 1, "no results of 'radio' yet: say whether it was held, postponed or cancelled"),
            ("concert", ("--status", "held"), 1, "the event 'concert' is marked cancelled in events.yml"),
            ("gala", ("--status", "held"), 1,
             "no event 'gala' in campaigns/demo-2027/events.yml; its events are: concert, fair, press, radio"),
    ):
        refused = run_gorag(root, "results", "demo-2027", event, *args)
        assert refused.returncode == code and message in refused.stderr and "Traceback" not in refused.stderr, refused.stderr
        assert path.read_text(encoding="utf-8") == before  # nothing written
    nowhere = run_gorag(root, "results", "../demo-2027", "press", "--status", "held")
    assert nowhere.returncode == 1 and "no campaign '../demo-2027'" in nowhere.stderr

    added = run_gorag(root, "results", "demo-2027", "radio", "--status", "held", "--female-youth", "6", "--male-adults", "2",
                      "--materials", "40", "--notes", 'Listeners called in: "where do I ask for help?"')
    assert added.returncode == 0, added.stderr
    assert path.read_text(encoding="utf-8").startswith(before.rstrip("\n"))  # comments and entries kept as they were
    changed = run_gorag(root, "results", "demo-2027", "press", "--media", "9", "--male-children", "2")
    assert changed.returncode == 0, changed.stderr
    entries = {r["event"]: r for r in load(path)}
    assert entries["radio"] == {"event": "radio", "status": "held", "participants": {"female": {"youth": 6}, "male": {"adults": 2}},
                                "materials": 40, "notes": 'Listeners called in: "where do I ask for help?"'}
    assert entries["press"]["media"] == 9 and entries["press"]["participants"] == {"female": {"youth": 4, "adults": 11},
                                                                                    "male": {"children": 2, "adults": 9}}
    assert entries["press"]["notes"] == "Broadcast on national television."
    assert path.read_text(encoding="utf-8").startswith("# What happened at each event")
    assert run_gorag(root, "check").returncode == 0


def test_check_names_events_past_their_date_without_results(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    after = run_gorag(root, "check", "--as-of", "2027-09-01")
    assert after.returncode == 0, after.stderr
    lines = [line for line in after.stdout.splitlines() if line.startswith("results: ")]
    assert lines == ["results: demo-2027/radio took place (last day 2027-07-23) and has no results yet; "
                     "record them with: gorag results demo-2027 radio --status held ..."]
    during = run_gorag(root, "check", "--as-of", "2027-07-20")  # the weekly radio message still runs
    assert during.returncode == 0 and "results: " not in during.stdout
    github = run_gorag(root, "check", "--format", "github", "--as-of", "2027-09-01")
    assert "::notice title=results::demo-2027/radio took place" in github.stdout


@pytest.mark.browser
def test_report_page_on_a_phone(basic_site: Path, browser: Browser) -> None:  # noqa: F811
    """At 390 px: nothing wider than the screen, no serious axe-core finding, and the charts drawn
    with their text alternative."""
    failing, overflowing = [], []
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=3, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for lang in LANGS:
        page.goto((basic_site / f"{prefix(lang)}{REPORT}").as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")
        result = page.evaluate(OVERFLOW_JS, 390)
        if overflows(result, 390):
            overflowing.append((f"{prefix(lang)}{REPORT}", 390, result))
        charts = page.locator("svg.gorag-chart")
        assert charts.count() == 2
        for index in range(2):
            chart = charts.nth(index)
            assert chart.get_attribute("role") == "img"
            box = chart.bounding_box()
            assert box is not None and box["width"] <= 390
            labelled_by = chart.get_attribute("aria-labelledby")
            assert labelled_by is not None
            names = labelled_by.split()
            assert all(page.locator(f"#{name}").text_content() for name in names)
        page.add_script_tag(path=str(AXE_JS))
        failing += [(f"{prefix(lang)}{REPORT}", 390, v) for v in axe_blocking(page.evaluate(AXE_RUN_JS))]
    context.close()
    assert not overflowing, overflow_report(overflowing)
    assert not failing, axe_report(failing)
    assert not errors
