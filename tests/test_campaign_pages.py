"""Campaign pages on a phone (issue 14): the shipped campaigns, built in tmp_path, opened from file://
in headless Chromium with phone emulation at 320 and 390 px, and on a 1280 px screen."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol, cast

import pytest
import yaml
from playwright.sync_api import Browser, Dialog, Page

from conftest import FIXTURES, LANGS, REPO, make_project, run_gorag
from test_browser import browser  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

CAMPAIGNS = ("world-day-2027", "100-days-2027")
PREFIX = {"en": "", "ru": "ru/", "tk": "tk/"}
AXE = REPO / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
# Plain text that passes `gorag check` but is full of characters that start HTML or Markdown.
TRICKY = "Youth fair [draft] {v2} a|b *x* _y_ `z` & Age < 18 \\ \"q\" 'a'"

# Elements whose right edge passes the viewport, unless a box between them and <body> clips or
# scrolls them and itself fits (a table scrolling in its own box, Material's ellipsis). <html> and
# <body> do not count: hiding overflow there hides the problem, not the width.
ESCAPES = """(width) => {
  const contained = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== 'visible' && box.getBoundingClientRect().right <= width + 0.5) return true;
    }
    return false;
  };
  const escapes = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 0.5 || contained(el)) continue;
    escapes.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(r.right)}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, escapes: escapes.slice(0, 5)};
}"""

# Per month section: the days that have events in the grid and in the agenda, with their titles.
CALENDAR = """() => [...document.querySelectorAll('section[data-gorag-month]')].map(section => {
  const month = section.querySelector('h3').id.replace('month-', '');
  const grid = [...section.querySelectorAll('table.gorag-month td')]
    .filter(td => td.querySelector('a[data-gorag-event]'))
    .map(td => [month + '-' + td.querySelector('.gorag-month__day').textContent.padStart(2, '0'),
                [...td.querySelectorAll('a')].map(a => a.textContent)]);
  const agenda = [...section.querySelectorAll('ol.gorag-agenda > li')]
    .map(li => [li.querySelector('time').getAttribute('datetime'), [...li.querySelectorAll('a')].map(a => a.textContent)]);
  return {month, grid, agenda};
})"""


def campaign_pages(site: Path, lang: str) -> list[str]:
    """Every kind of campaign page in one language: the index, and per campaign its overview, plan,
    schedule, Plan of Activities and the two event pages with the most text (longest titles,
    places and partner lists; all event pages share one template)."""
    base = f"{PREFIX[lang]}campaigns"
    pages = [f"{base}/index.html"]
    for campaign in CAMPAIGNS:
        pages += [f"{base}/{campaign}/{name}.html" for name in ("index", "plan", "schedule", "activities")]
        events = sorted((site / base / campaign / "events").glob("*.html"), key=lambda p: (-p.stat().st_size, p.name))
        assert len(events) >= 2, campaign
        pages += [f"{base}/{campaign}/events/{path.name}" for path in events[:2]]
    return pages


class PhonePage(Page):
    """A page of the ``phone`` fixture: a Playwright page that notes its uncaught errors and the
    dialogs it opens in ``errors`` (this class only names that attribute for the type checker)."""

    errors: list[str]


class OpenPage(Protocol):
    def __call__(self, width: int, **options: Any) -> PhonePage: ...


@pytest.fixture
def phone(browser: Browser) -> Iterator[OpenPage]:  # noqa: F811
    """A factory of pages emulating a phone ``width`` px wide (or a desktop screen from 800 px)."""
    contexts = []

    def open_page(width: int, **options: Any) -> PhonePage:
        touch = True if width < 800 else None  # None: Playwright's default, a desktop screen
        context = browser.new_context(viewport={"width": width, "height": 844 if width < 800 else 900}, is_mobile=touch,
                                      has_touch=touch, device_scale_factor=3 if touch else None, **options)
        contexts.append(context)
        page = cast(PhonePage, context.new_page())
        page.errors = []

        def dialog(opened: Dialog) -> None:
            page.errors.append(f"dialog: {opened.message}")

        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("dialog", dialog)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [320, 390])
def test_no_campaign_page_is_wider_than_the_phone(shipped_site: Path, phone: OpenPage, lang: str, width: int) -> None:
    page = phone(width)
    wide = {}
    for rel in campaign_pages(shipped_site, lang):
        page.goto((shipped_site / rel).as_uri())
        # Under phone emulation the layout viewport grows to fit wide content, so innerWidth
        # would hide the problem; the document's scroll width against the set width does not.
        found = page.evaluate(ESCAPES, width)
        if found["scrollWidth"] > width or found["escapes"]:
            wide[rel] = found
    assert wide == {}
    assert page.errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_on_phones_grid_on_wide_screens_from_the_same_days(shipped_site: Path, phone: OpenPage, lang: str) -> None:
    narrow, wide = phone(390), phone(1280)
    for campaign in CAMPAIGNS:
        uri = (shipped_site / f"{PREFIX[lang]}campaigns/{campaign}/schedule.html").as_uri()
        narrow.goto(uri)
        wide.goto(uri)
        assert narrow.locator("ol.gorag-agenda").first.is_visible() and not narrow.locator("table.gorag-month").first.is_visible()
        assert wide.locator("table.gorag-month").first.is_visible() and not wide.locator("ol.gorag-agenda").first.is_visible()
        months = narrow.evaluate(CALENDAR)
        assert months
        for month in months:
            assert month["grid"], f"{campaign} {month['month']}: a month grid without events"
            assert month["grid"] == month["agenda"], (campaign, month["month"])
    # Printing keeps the grid, which fits a page, and drops the agenda.
    narrow.emulate_media(media="print")
    assert narrow.locator("table.gorag-month").first.is_visible() and not narrow.locator("ol.gorag-agenda").first.is_visible()


QUIET = {"en": "No events: May 2027 – June 2027", "ru": "Нет мероприятий: Май 2027 – Июнь 2027",
         "tk": "Çäre ýok: Maý 2027 – Iýun 2027"}


@pytest.mark.parametrize("lang", LANGS)
def test_months_without_events_are_one_line_not_empty_grids(shipped_site: Path, phone: OpenPage, lang: str) -> None:
    page = phone(1280)
    # World Day: the window opens on 31 May, the first event is on 9 July.
    page.goto((shipped_site / f"{PREFIX[lang]}campaigns/world-day-2027/schedule.html").as_uri())
    assert [h.get_attribute("id") for h in page.locator("section[data-gorag-month] h3").all()] == ["month-2027-07", "month-2027-08"]
    assert page.locator(".gorag-calendar__quiet").all_inner_texts() == [QUIET[lang]]
    assert page.locator(".gorag-calendar__quiet").is_visible()
    # 100 days: every month from April to July has events.
    page.goto((shipped_site / f"{PREFIX[lang]}campaigns/100-days-2027/schedule.html").as_uri())
    assert page.locator("table.gorag-month").count() == 4 and page.locator(".gorag-calendar__quiet").count() == 0


@pytest.mark.parametrize("lang", LANGS)
def test_plan_checkboxes_are_named_by_their_items(shipped_site: Path, phone: OpenPage, lang: str) -> None:
    page = phone(390)
    for campaign in CAMPAIGNS:
        source = yaml.safe_load((REPO / "campaigns" / campaign / "campaign.yml").read_text(encoding="utf-8"))
        page.goto((shipped_site / f"{PREFIX[lang]}campaigns/{campaign}/plan.html").as_uri())
        boxes = page.get_by_role("checkbox")
        assert boxes.count() == len(source["plan"]) == 10
        for step in source["plan"]:
            box = page.get_by_role("checkbox", name=step["title"][lang], exact=True)
            assert box.count() == 1, step["title"][lang]
            assert box.is_checked() == (step["status"] == "done")
            # The owner, deadline and status describe the box (read after its name).
            described = box.get_attribute("aria-describedby")
            assert described and page.locator(f"#{described}").inner_text().startswith(
                {"en": "Responsible: ", "ru": "Ответственный: ", "tk": "Jogapkär: "}[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_nothing_serious_in_campaign_pages(shipped_site: Path, phone: OpenPage, lang: str) -> None:
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed: run `npm ci` in {AXE.parents[2]}")
    # axe is injected as a script, which the site's Content-Security-Policy would refuse.
    page = phone(390, bypass_csp=True)
    base = f"{PREFIX[lang]}campaigns"
    rels = [f"{base}/index.html"] + [f"{base}/world-day-2027/{name}.html" for name in
                                      ("index", "plan", "schedule", "activities", "events/press-conference")]
    found = {}
    for rel in rels:
        page.goto((shipped_site / rel).as_uri())
        page.add_script_tag(path=str(AXE))
        # The article is what these templates write; the theme's header, search and quick-exit
        # button, and the teal's colour contrast, are checked elsewhere.
        violations = page.evaluate("""async () => (await axe.run({include: [['article']]},
            {rules: {'color-contrast': {enabled: false}}, resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))""")
        bad = [v for v in violations if v["impact"] in ("serious", "critical") or v["id"] == "label"]
        if bad:
            found[rel] = bad
    assert found == {}


def selected(page: Page) -> dict[str, str]:
    return {name: page.locator(f"select[data-gorag-filter={name}]").input_value() for name in ("region", "organiser")}


def shown(page: Page, selector: str) -> list[str]:
    return [item.inner_text() for item in page.locator(selector).all() if item.is_visible()]


def test_filters_are_kept_in_the_address_after_reload(shipped_site: Path, phone: OpenPage) -> None:
    page = phone(390)
    schedule = shipped_site / "campaigns/world-day-2027/schedule.html"
    page.goto(schedule.as_uri())
    page.select_option("select[data-gorag-filter=region]", "ashgabat")
    page.select_option("select[data-gorag-filter=organiser]", "mia")
    assert page.url == schedule.as_uri() + "?region=ashgabat&organiser=mia"
    page.reload()
    assert selected(page) == {"region": "ashgabat", "organiser": "mia"}
    titles = ["Training for practitioners: identifying and referring victims of trafficking",
              "Press conference for the World Day against Trafficking in Persons"]
    assert shown(page, "ul.gorag-schedule > li > a") == titles
    # The agenda shows only the days of these events (the training runs on two days), and hides
    # August, where none of them is.
    assert [t.get_attribute("datetime") for t in page.locator("ol.gorag-agenda time").all() if t.is_visible()] == \
        ["2027-07-09", "2027-07-10", "2027-07-28"]
    assert not page.locator("section[aria-labelledby=month-2027-08]").is_visible()
    assert not page.locator("[data-gorag-filter-none]").is_visible()
    # A region and organiser with no event in common say so.
    page.select_option("select[data-gorag-filter=region]", "mary")
    assert page.url.endswith("?region=mary&organiser=mia")
    assert shown(page, "ul.gorag-schedule > li") == [] and page.locator("[data-gorag-filter-none]").is_visible()
    # Choosing "all" again takes the filters out of the address.
    page.select_option("select[data-gorag-filter=region]", "")
    page.select_option("select[data-gorag-filter=organiser]", "")
    assert page.url == schedule.as_uri()
    assert len(shown(page, "ul.gorag-schedule > li")) == 13
    # A link with the filters in the hash (the fallback) works too, opened afresh or followed from
    # the page itself; unknown values are ignored.
    page.goto("about:blank")
    page.goto(schedule.as_uri() + "#region=ahal")
    assert selected(page) == {"region": "ahal", "organiser": ""}
    page.goto(schedule.as_uri() + "#region=lebap&organiser=nobody")
    assert selected(page) == {"region": "lebap", "organiser": ""}
    assert shown(page, "ul.gorag-schedule > li > a") == ["Lessons in children's summer camps: safe travel, safe work"]
    assert page.errors == []


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture with one event's title full of markup characters (legal plain text)."""
    root = make_project(tmp_path_factory.mktemp("campaign-pages") / "p")
    events = root / "campaigns" / "demo-2027" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace("en: Youth fair,", f"en: {json.dumps(TRICKY)},", 1),
                      encoding="utf-8")
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_hostile_event_title_shows_as_written_in_agenda_cards_and_grid(tricky_site: Path, phone: OpenPage) -> None:
    narrow, wide = phone(390), phone(1280)
    for page in (narrow, wide):
        page.goto((tricky_site / "campaigns/demo-2027/schedule.html").as_uri())
    agenda = narrow.locator("ol.gorag-agenda a[href='events/fair.html']")
    grid = wide.locator("table.gorag-month a[href='events/fair.html']")
    assert agenda.count() == grid.count() == 2  # 28 and 29 July
    for link in (*agenda.all(), *grid.all()):
        assert link.text_content() == TRICKY
        assert link.evaluate("a => a.children.length") == 0  # no <em>, <code> or link made of it
    narrow.goto((tricky_site / "campaigns/demo-2027/activities.html").as_uri())
    cell = narrow.locator("table.gorag-cards td[data-label=Activity]", has_text="Youth fair")
    assert cell.text_content() == TRICKY and cell.evaluate("td => td.children.length") == 0
    assert cell.is_visible() and cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Activity"'
    assert narrow.errors == [] and wide.errors == []


def test_plan_checkbox_state_and_name_in_the_fixture(tricky_site: Path, phone: OpenPage) -> None:
    page = phone(320)
    page.goto((tricky_site / "ru/campaigns/demo-2027/plan.html").as_uri())
    assert page.get_by_role("checkbox", name="Определить цель", exact=True).is_checked()
    assert not page.get_by_role("checkbox", name="Проинформировать СМИ", exact=True).is_checked()


def test_markup_in_an_unchecked_title_is_escaped_in_every_campaign_page() -> None:
    """Even a title that never went through `gorag check` cannot add markup to the new lists."""
    from gorag.library import load_library
    from gorag.models import Names
    from gorag.plan import activities_pages
    from gorag.render_campaigns import render_campaign_pages

    root = FIXTURES / "basic"
    library = load_library(root / "protocols", root / "docs", root, root / "campaigns")
    hostile = '<img src=x onerror=alert(1)>"\'[x](javascript:alert(1))'
    campaign = library.campaigns[0]
    fair = replace(campaign.event("fair"), title=Names(en=hostile, ru=hostile, tk=hostile))
    campaign = replace(campaign, events=tuple(fair if e.id == "fair" else e for e in campaign.events))
    pages = render_campaign_pages(replace(library, campaigns=(campaign,)), campaign, "en", "")
    escaped = "&lt;img src=x onerror=alert(1)&gt;&#34;&#39;&#91;x&#93;(javascript:alert(1))"
    for path, text in pages.items():
        body = text.split("\n---\n", 1)[1]  # the front matter's title is MkDocs' (see markup.escape_title)
        assert "<img" not in body and "[x](" not in body, path
    schedule = pages["campaigns/demo-2027/schedule.md"]
    assert schedule.count(f'<a href="events/fair.html">{escaped}</a>') == 3  # the list and two agenda days
    assert schedule.count(f'href="events/fair.html">{escaped}</a>') == 5  # and two grid cells
    activities = activities_pages(replace(library, campaigns=(campaign,)), date(2027, 1, 1))
    assert f'<td data-label="Activity">{escaped}</td>' in activities["campaigns/demo-2027/activities.md"]


def test_narrow_activities_cards_label_every_cell(shipped_site: Path, phone: OpenPage) -> None:
    page = phone(390)
    page.goto((shipped_site / "ru/campaigns/world-day-2027/activities.html").as_uri())
    table = page.locator("table.gorag-cards")
    headers = table.locator("thead th").all_text_contents()
    first = table.locator("tbody tr").first
    labels = [td.evaluate("td => getComputedStyle(td, '::before').content.slice(1, -1)") for td in first.locator("td").all()]
    assert labels == headers == ["№", "Мероприятие", "Дата", "Место проведения", "Ответственное ведомство", "Партнёры",
                                 "Ожидаемый результат / индикатор", "Источник финансирования"]
    assert first.evaluate("tr => getComputedStyle(tr).display") == "block"
    # On a wide screen it is a table again, with visible borders between cells.
    wide = phone(1280)
    wide.goto(page.url)
    cell = wide.locator("table.gorag-cards tbody td").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"
    assert cell.evaluate("td => getComputedStyle(td).borderRightStyle + ' ' + getComputedStyle(td).borderRightWidth") == "solid 1px"
    colour = cell.evaluate("td => getComputedStyle(td).borderRightColor")
    alpha = re.fullmatch(r"rgba\(0, 0, 0, ([0-9.]+)\)", colour)
    assert colour == "rgb(0, 0, 0)" or (alpha and float(alpha[1]) >= 0.3), colour
