"""The built site in real headless Chromium (Debian's /usr/bin/chromium) from file://."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


class WatchedPage(Page):
    """A page of the ``page`` fixtures: a Playwright page that notes, as they happen, every URL it
    asks for and every script error or Content-Security-Policy violation. Playwright's pages take
    new attributes; this class only names them for the type checker (see :func:`watched_page`)."""

    asked: list[str]  # every URL the page asked for, of any kind (not Page.requests: the last 100)
    errors: list[str]


def watched_page(context: BrowserContext) -> WatchedPage:
    """A new page of ``context`` that notes its requests and errors."""
    page = cast(WatchedPage, context.new_page())
    page.asked = []
    page.errors = []
    page.on("request", lambda request: page.asked.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            page.errors.append(message.text)

    page.on("console", console)
    return page


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run .ci/run or `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[WatchedPage]:
    context = browser.new_context()
    yield watched_page(context)
    context.close()


def url(site: Path, rel: str) -> str:
    return (site / rel).as_uri()


# A result link whose highlight (Material adds the words a result matched as ``?h=``) is the
# query: the list shows the answer to the whole query, not to its first letters nor to the query
# before it.
ANSWERED = """query => [...document.querySelectorAll(".md-search-result__item a")]
  .some(a => new URL(a.href).searchParams.get("h") === query)"""


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into the search box as a reader would and return the result links, once the
    list shows the answer to it. (The theme reads the box on key-up, so each key sends a query; the
    search worker answers a query typed before its index is ready once it is.)"""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(ANSWERED, arg=query, timeout=30_000)
    return [a.get_attribute("href") or "" for a in page.query_selector_all(".md-search-result__item > a")]


def test_zero_network_requests_while_browsing_and_searching(basic_site: Path, page: WatchedPage) -> None:
    page.goto(url(basic_site, "index.html"))
    page.click("a[href='protocols/index.html']")
    page.click("text=Alpha reporting protocol")
    search(page, "teacher")
    page.goto(url(basic_site, "tk/roles/index.html"))
    page.wait_for_load_state("load")
    non_file = [u for u in page.asked if not u.startswith(("file:", "data:", "about:"))]
    assert non_file == []
    assert page.errors == []
    # Vendored fonts really load, so Turkmen and Cyrillic letters render in the site's font.
    loaded = page.evaluate("""async () => {
      const faces = await document.fonts.load('16px "Noto Sans"', 'ýňžşäçöü ЖЩЯ');
      return faces.map(f => f.family + ' ' + f.unicodeRange.split(',')[0] + ' ' + f.status);
    }""")
    assert 'Noto Sans U+100-2BA loaded' in [x.replace('"', '') for x in loaded], loaded  # ň ş ý ž
    assert 'Noto Sans U+301 loaded' in [x.replace('"', '') for x in loaded], loaded  # Cyrillic


def test_russian_search_returns_only_russian_pages(basic_site: Path, page: WatchedPage) -> None:
    page.goto(url(basic_site, "ru/protocols/alpha.html"))
    hrefs = search(page, "учителя")  # stemmed: finds "Учитель"
    assert hrefs and all(h.startswith(url(basic_site, "ru/")) for h in hrefs), hrefs
    assert any("ru/protocols/alpha.html" in h for h in hrefs)
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially("teacher")
    expect(page.locator(".md-search-result__meta")).to_have_text("Совпадений не найдено")
    assert page.query_selector_all(".md-search-result__item") == []


def test_turkmen_search_ignores_diacritics(basic_site: Path, page: WatchedPage) -> None:
    page.goto(url(basic_site, "tk/index.html"))
    plain = search(page, "yol")
    assert any("tk/protocols/alpha.html" in h for h in plain), plain
    assert all(h.startswith(url(basic_site, "tk/")) for h in plain)
    folded = search(page, "yagdayynda")  # the text says "ýagdaýynda"
    assert any("tk/protocols/alpha.html" in h for h in folded), folded
    accented = search(page, "ýol")  # and the other way round: matches "ýol" and "yol" alike
    assert any("tk/protocols/alpha.html" in h for h in accented), accented


def test_language_switcher_keeps_the_page(basic_site: Path, page: WatchedPage) -> None:
    page.goto(url(basic_site, "protocols/alpha.html"))
    page.hover(".md-header__option .md-select")
    page.click("a.md-select__link[hreflang='tk']")
    page.wait_for_url("**/tk/protocols/alpha.html")
    assert page.locator("h1").inner_text().rstrip("¶") == "Alfa habar bermek teswirnamasy"
    assert page.get_attribute("html", "lang") == "tk"
    assert page.get_attribute("input.md-search__input", "placeholder") == "Gözleg"
    assert page.locator(".gorag-exit").inner_text().startswith("Çalt çykyş")
    assert "Bu resminama barada" in page.locator(".gorag-meta").inner_text()


def test_quick_exit_button_leaves_without_history(basic_site: Path, page: WatchedPage) -> None:
    page.goto(url(basic_site, "neutral.html"))  # something to go "back" to that is not the page
    start = page.url
    page.goto(url(basic_site, "ru/protocols/alpha.html"))
    page.click(".gorag-exit")
    page.wait_for_url("**/ru/neutral.html")  # a neutral page in the reader's language
    assert page.title() == "Погода" and page.get_attribute("html", "lang") == "ru"
    page.go_back()
    page.wait_for_url(start)
    assert "protocols/alpha.html" not in page.url
    assert page.url == start


def test_quick_exit_keyboard_shortcut(basic_site: Path, page: WatchedPage) -> None:
    page.goto(url(basic_site, "tk/index.html"))
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("**/tk/neutral.html")
    assert page.title() == "Howa"
    page.go_back()
    page.wait_for_url("about:blank")  # where the page was before the site: the site is not in its history
    assert "tk/index.html" not in page.url


def test_quick_exit_is_named_by_its_text_and_hints_esc_only_where_there_is_a_key(basic_site: Path, browser: Browser) -> None:
    for touch, hint_shown in ((False, True), (True, False)):
        context = browser.new_context(viewport={"width": 390 if touch else 1280, "height": 844},
                                      is_mobile=touch, has_touch=touch)
        page = context.new_page()
        page.goto(url(basic_site, "ru/index.html"))
        exit_link = page.get_by_role("link", name="Быстрый выход", exact=True)
        assert exit_link.count() == 1 and exit_link.get_attribute("title")
        assert page.locator(".gorag-exit kbd").is_visible() == hint_shown
        assert page.get_by_role("navigation", name="Быстрый выход").count() == 1  # in a landmark
        context.close()


def test_schedule_filters_by_region_and_organiser_offline(basic_site: Path, page: WatchedPage) -> None:
    page.goto(url(basic_site, "ru/campaigns/demo-2027/schedule.html"))
    items = page.locator("ul.gorag-schedule > li")
    assert items.count() == 4
    assert page.locator("[data-gorag-filters]").is_visible()
    page.select_option("select[data-gorag-filter=region]", "mary")
    shown = [items.nth(i).locator("a").inner_text() for i in range(4) if items.nth(i).is_visible()]
    assert shown == ["Молодёжная ярмарка", "Концерт"]
    page.select_option("select[data-gorag-filter=organiser]", "mia")
    shown = [items.nth(i).locator("a").inner_text() for i in range(4) if items.nth(i).is_visible()]
    assert shown == ["Молодёжная ярмарка"]
    grid = page.locator("table.gorag-month a[data-gorag-event]")
    assert [a.inner_text() for a in grid.all() if a.is_visible()] == ["Молодёжная ярмарка", "Молодёжная ярмарка"]  # two days
    page.select_option("select[data-gorag-filter=region]", "")
    page.select_option("select[data-gorag-filter=organiser]", "")
    assert sum(items.nth(i).is_visible() for i in range(4)) == 4
    assert [u for u in page.asked if not u.startswith(("file:", "data:", "about:"))] == []


def test_printing_a_page_hides_navigation_and_shows_links(basic_site: Path, page: WatchedPage) -> None:
    page.goto(url(basic_site, "protocols/alpha.html"))
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".gorag-exit", ".md-search", ".gorag-download", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    link = page.locator("article a[href^='https://www.ohchr.org']")
    shown = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert shown == '" (https://www.ohchr.org/en/instruments-mechanisms/instruments/convention-rights-child)"'
    # Printing to PDF from Chromium gives the article text without the navigation.
    pdf_bytes = page.pdf(format="A4")
    from io import BytesIO

    from pypdf import PdfReader

    printed = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf_bytes)).pages)
    assert "Alpha reporting protocol" in printed and "Quick exit" not in printed
