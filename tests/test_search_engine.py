"""Gorag's search worker (overrides/assets/javascripts/workers/gorag-search.js) behind Material's
search box, on a real build of the shipped content, in headless Chromium, from file:// (where the
worker runs in iframe-worker's iframe) and over HTTP (a real Worker).

Each test watches the messages between the page and the worker (see ``WATCH``), so no test guesses
how long to wait: a query is typed once the worker has answered everything it was asked, and the
next answer is the query's.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import make_project, run_gorag, wait_until
from test_browser import WatchedPage, browser, watched_page  # noqa: F401  (the module's Chromium)

pytestmark = pytest.mark.browser

HOME = {"en": "index.html", "ru": "ru/index.html", "tk": "tk/index.html"}
QUERY = {"en": "child", "ru": "насилие", "tk": "ýol"}

# Records every query the page sends to the search worker and every result it gets back, in
# window.__search. Material makes its worker when its bundle runs; under file:// the iframe-worker
# shim has replaced Worker by IFrameWorker by then, so that class is wrapped as the shim defines it.
WATCH = """(() => {
  const log = window.__search = { ready: false, queries: [], answers: [] };
  function watch(Class) {
    const post = Class.prototype.postMessage;
    Class.prototype.postMessage = function (message) {
      if (!this.__watched) {
        this.__watched = true;
        this.addEventListener("message", event => {
          if (event.data && event.data.type === 1) log.ready = true;
          if (event.data && event.data.type === 3) log.answers.push(event.data.data);
        });
      }
      if (message && message.type === 2) log.queries.push(message.data);
      return post.call(this, message);
    };
  }
  watch(Worker);
  let shim;
  Object.defineProperty(window, "IFrameWorker", {
    configurable: true,
    get() { return shim; },
    set(value) { watch(value); shim = value; }
  });
})()"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content (docs, protocols, campaigns), built once for this module."""
    root = make_project(tmp_path_factory.mktemp("search-engine") / "project", fixture=None)
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    for lang_root in ("", "ru/", "tk/"):
        assert (root / "site" / lang_root / "search" / "gorag" / "manifest.js").is_file(), lang_root
    return root / "site"


@pytest.fixture(scope="module")
def http_base(site: Path) -> Iterator[str]:
    handler = functools.partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class Quiet(SimpleHTTPRequestHandler):
    """Serves the site without logging, noting each path asked for in ``served``."""

    served: list[str] = []

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        Quiet.served.append(unquote(urlsplit(self.path).path))
        super().do_GET()


@pytest.fixture(params=["file", "http"])
def base(request: pytest.FixtureRequest, site: Path) -> str:
    """The site's root URL: file:// or the local HTTP server's."""
    if request.param == "file":
        return site.as_uri() + "/"
    url: str = request.getfixturevalue("http_base")
    return url


@pytest.fixture
def page(browser: Browser, base: str) -> Iterator[WatchedPage]:  # noqa: F811
    """A page whose every request is checked to stay on the site. Chromium reports a real
    Worker's importScripts to Playwright only now and then, so over HTTP the worker's own loads
    are seen by the server (test_the_worker_loads_the_index_from_the_site); under file:// they are
    <script> elements of the page's iframe, and reported like any other request."""
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = watched_page(context)  # every URL the page (or its worker) asked for, and its errors
    yield page
    local = [u for u in page.asked if not u.startswith((base, "data:", "about:", "blob:"))]
    context.close()
    assert local == [], f"requests that left the site: {local}"
    assert page.errors == []


def open_search(page: Page, base: str, lang: str, pause: float = 0.0) -> None:
    """Open the language's home page and click into its search box, ``pause`` seconds after the
    page has loaded (a reader who looks at the page first)."""
    page.goto(base + HOME[lang])
    page.wait_for_load_state("load")
    if pause:
        time.sleep(pause)  # the reader's pause is the case under test, not a wait for the page
    page.locator("input.md-search__input").click()


# The worker is ready and has answered every query sent (the last one being ``query``, if given).
IDLE = """(query = null) => {
  const log = window.__search;
  return log.ready && log.answers.length === log.queries.length
    && (query === null || log.queries.at(-1) === query);
}"""


def ask(page: Page, query: str) -> dict[str, Any]:
    """Put ``query`` into the open search box as one query and return the worker's answer to it
    (Material's RESULT data: ``{"items": [[item, ...], ...]}``), which the list then shows. The
    query is typed once the worker is ready and has answered all queries before it."""
    page.wait_for_function(IDLE, timeout=15000)
    asked = page.evaluate("() => window.__search.queries")
    assert asked[-1:] != [query], "Material sends a query only when the box changes"
    box = page.locator("input.md-search__input")
    box.fill(query)
    # Material reads the box on key-up (and Playwright types letters that are not on its keyboard,
    # Cyrillic or ý, without key events anyway): a key that changes nothing sends the query.
    box.press("End")
    try:
        page.wait_for_function(IDLE, arg=query, timeout=15000)
    except PlaywrightTimeout:
        log = page.evaluate("() => window.__search")
        pytest.fail(f"no answer to {query!r}: ready {log['ready']}, queries {log['queries']}, "
                    f"{len(log['answers'])} answers")
    answer: dict[str, Any] = page.evaluate("() => window.__search.answers.at(-1)")
    return answer


def wait_for_answer(page: Page, expected: dict[str, Any]) -> None:
    """Wait until the worker's latest answer is ``expected``, and check that no other follows.

    For queries typed while the worker is busy or not ready yet: it skips a query that a newer one
    replaced before its turn, so answers and queries no longer pair up, but the last answer must
    be the one to the box's final value."""
    wait_until(lambda: page.evaluate("() => window.__search.answers.at(-1)") == expected, 15,
               lambda: f"the expected answer; the worker's messages: {page.evaluate('() => window.__search')}")
    # Not a wait for something: no answer may follow the last one (the worker has nothing that
    # says it has finished with older queries), so it is given half a second to send one.
    time.sleep(0.5)
    log = page.evaluate("() => window.__search")
    assert log["answers"][-1] == expected
    assert len(log["answers"]) <= len(log["queries"])


def links(page: Page) -> list[str]:
    """Every result link the list shows (page and section links, folded ones included)."""
    return [a.get_attribute("href") or "" for a in page.query_selector_all(".md-search-result__item a")]


def pages_of(answer: dict[str, Any]) -> list[str]:
    """The result pages, in order: each group's page location."""
    return [next(item["location"] for item in group if "#" not in item["location"]) for group in answer["items"]]


def without_terms(answer: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return [[{k: v for k, v in item.items() if k != "terms"} for item in group] for group in answer["items"]]


@pytest.mark.parametrize("lang", ["en", "ru", "tk"])
def test_first_query_after_a_pause_is_answered(page: WatchedPage, base: str, lang: str) -> None:
    open_search(page, base, lang)
    expected = ask(page, QUERY[lang])  # what a reader who waits for the index gets
    assert expected["items"], f"no results for {QUERY[lang]!r}"
    open_search(page, base, lang, pause=2.0)
    box = page.locator("input.md-search__input")
    box.fill(QUERY[lang])  # at once, whether the index is ready or not
    box.press("End")
    wait_for_answer(page, expected)
    assert page.evaluate("() => window.__search.queries.at(-1)") == QUERY[lang]
    meta = page.locator(".md-search-result__meta").inner_text()
    assert any(ch.isdigit() for ch in meta), meta  # "N matching documents", not "no results"
    assert page.query_selector_all(".md-search-result__item")


@pytest.mark.parametrize("lang", ["en", "ru", "tk"])
def test_the_same_query_gives_the_same_list_every_time(page: WatchedPage, base: str, lang: str) -> None:
    runs = []
    for _ in range(5):
        open_search(page, base, lang)
        answer = ask(page, QUERY[lang])
        runs.append((json.dumps(answer, ensure_ascii=False, sort_keys=True), links(page)))
    assert runs[0][1], "no results"
    assert all(run == runs[0] for run in runs), [run[1][:5] for run in runs]


def test_russian_word_forms_find_the_same_pages(page: WatchedPage, base: str) -> None:
    open_search(page, base, "ru")
    found = {}
    for form in ("насилие", "насилия", "насилию"):
        answer = ask(page, form)
        found[form] = set(pages_of(answer))
        # Each form is marked in the results wherever any of the forms stands.
        assert page.query_selector_all(".md-search-result__item mark"), form
    assert found["насилие"], "no results"
    assert found["насилие"] == found["насилия"] == found["насилию"], found
    # A word half typed finds what the whole word finds, though the stemmer reads "насили" as "нас".
    assert set(pages_of(ask(page, "насили"))) == found["насилие"]


def test_turkmen_search_ignores_diacritics(page: WatchedPage, base: str, site: Path) -> None:
    open_search(page, base, "tk")
    plain = ask(page, "yol")
    accented = ask(page, "ýol")
    assert plain["items"], "no results for yol"
    # The same results, scores and marks; only the words Material passes on for highlighting differ.
    assert without_terms(plain) == without_terms(accented)
    # The shipped Turkmen text spells the word "ýol" only: found by "yol", it really is there.
    for location in pages_of(plain):
        text = (site / "tk" / location).read_text(encoding="utf-8").lower()
        assert "ýol" in text, location


@pytest.mark.parametrize("lang", ["en", "ru", "tk"])
def test_results_are_sections_in_the_readers_language(page: WatchedPage, base: str, site: Path, lang: str) -> None:
    open_search(page, base, lang)
    ask(page, QUERY[lang])
    hrefs = links(page)
    assert hrefs
    root = base if lang == "en" else base + f"{lang}/"
    for href in hrefs:
        assert href.startswith(root), href
        assert not href.startswith((base + "ru/", base + "tk/")) or lang != "en", href
    sections = [href for href in hrefs if "#" in href]
    assert sections, "no section links"
    # Every link leads to a real page of the build, and a section link to a heading on it.
    for href in hrefs:
        parts = urlsplit(href)
        rel = unquote(parts.path)[len(unquote(urlsplit(base).path)):]
        html = (site / rel).read_text(encoding="utf-8")
        assert rel.endswith(".html"), href
        if parts.fragment:
            assert f'id="{unquote(parts.fragment)}"' in html, href


def test_typing_key_by_key_ends_with_the_answer_to_the_whole_query(page: WatchedPage, base: str) -> None:
    """Every key sends a query; the worker skips those a newer one replaced before their turn,
    answers the rest in order, and the list ends with the answer to what the box holds."""
    query = "child protection"
    open_search(page, base, "en")
    expected = ask(page, query)
    open_search(page, base, "en")
    page.wait_for_function(IDLE, timeout=15000)
    page.locator("input.md-search__input").press_sequentially(query)  # one query per key
    wait_for_answer(page, expected)
    assert page.evaluate("() => window.__search.queries.at(-1)") == query


@pytest.mark.parametrize("lang", ["ru", "tk"])
def test_text_that_arrives_without_keys_is_searched(page: WatchedPage, base: str, lang: str) -> None:
    """Pasted or dictated text, or a word chosen from a phone keyboard's suggestions, comes as an
    input event with no key-up, which is all Material listens to: it must still be searched."""
    open_search(page, base, lang)
    expected = ask(page, QUERY[lang])
    open_search(page, base, lang)
    page.wait_for_function(IDLE, timeout=15000)
    page.keyboard.insert_text(QUERY[lang])  # an input event, no key events
    page.wait_for_function(IDLE, arg=QUERY[lang], timeout=15000)
    assert page.evaluate("() => window.__search.answers.at(-1)") == expected
    expect_results = page.locator(".md-search-result__item")
    assert expect_results.count() > 0


def test_enter_opens_the_best_result(page: WatchedPage, base: str) -> None:
    """Material's Enter key opens the result with the highest score: the worker's scores must rank
    as its list does, so that is the first result."""
    open_search(page, base, "ru")
    answer = ask(page, "насилие ребёнка")
    best = answer["items"][0][0]["location"]
    start = page.url
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url(lambda url: url != start)
    opened = urlsplit(page.url)
    assert unquote(opened.path).endswith("/ru/" + best.split("#")[0]), (page.url, best)
    assert unquote(opened.fragment) == (best.split("#", 1)[1] if "#" in best else ""), (page.url, best)


def test_the_worker_loads_the_index_from_the_site(page: WatchedPage, base: str) -> None:
    open_search(page, base, "ru")
    Quiet.served.clear()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(unquote(r.url)))
    answer = ask(page, "насилие")
    assert answer["items"]
    loaded = Quiet.served if base.startswith("http:") else [urlsplit(u).path for u in asked]
    root = unquote(urlsplit(base).path)
    assert any(path.startswith(root + "ru/search/gorag/t/") for path in loaded), loaded
    assert any(path.startswith(root + "ru/search/gorag/d/") for path in loaded), loaded
