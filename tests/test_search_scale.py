"""Offline search on a grown library, in real headless Chromium from file://.

Search answers from a prebuilt index in shards (gorag.search_index, workers/gorag-search.js): a
query loads only the shards its words need, and nothing is indexed in the browser, however large
the library. How fast it answers is measured by bench/search.py, not asserted here.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import cast
from urllib.parse import quote, unquote, urlparse

import pytest
from playwright.sync_api import Browser, CDPSession, expect

from conftest import REPO, run_gorag
from test_browser import WatchedPage, watched_page

pytestmark = pytest.mark.browser

# Index entries for the large-library tests: built in one task, as before host.js built it in
# slices, this many froze the page for about 4 s on the project's 2-core machine.
LARGE_INDEX = 20_000


def load_bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load_bench("search")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 synthetic documents in three languages (bench/corpus.py), built without PDFs."""
    root = tmp_path_factory.mktemp("scale") / "project"
    load_bench("corpus").generate(60, root, events=0, printables=False)
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def large_index_site(corpus_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with its English index grown to LARGE_INDEX entries (copies of the real ones
    under other page names), as a library of about 1,500 documents would have."""
    from gorag.search_index import build_shards

    site = tmp_path_factory.mktemp("large") / "site"
    shutil.copytree(corpus_site, site)
    docs = entries(corpus_site / "search" / "gorag")
    grown = []
    for copy in range(LARGE_INDEX // len(docs) + 1):
        for doc in docs:
            page, _, anchor = doc["location"].partition("#")
            page = re.sub(r"([^/]+)$", rf"copy{copy}-\1", page) if copy else page
            grown.append({**doc, "location": page + ("#" + anchor if anchor else "")})
    folder = site / "search" / "gorag"
    shutil.rmtree(folder)
    for rel, text in build_shards(grown[:LARGE_INDEX], "en").items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return site


def entries(folder: Path) -> list[dict[str, str]]:
    """The entries a built index holds, read back from its document shards (titles and excerpts)."""
    out = []
    for path in sorted(folder.glob("d/*.js"), key=lambda p: int(p.stem)):
        rows = json.loads("[" + path.read_text(encoding="utf-8").split("(", 1)[1].rsplit(")", 1)[0] + "]")[1]
        out += [{"location": location, "title": title, "text": text} for location, title, _page, text, _page_title in rows]
    return out


class KeyedPage(WatchedPage):
    """A watched page (test_browser.WatchedPage) with a DevTools session to type keys through."""

    keys: CDPSession


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(bench.CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run .ci/run or `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=bench.CHROMIUM, args=bench.ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[KeyedPage]:
    context = browser.new_context()
    page = cast(KeyedPage, watched_page(context))
    page.keys = context.new_cdp_session(page)
    yield page
    context.close()


def type_query(page: KeyedPage, query: str) -> None:
    """Type ``query`` into the search box key by key, as a keyboard of its language would."""
    page.locator("input.md-search__input").click()
    for char in query:
        bench.type_key(page.keys, char)


@pytest.mark.parametrize("lang", ["en", "ru", "tk"])
def test_first_result_in_every_language_from_file(corpus_site: Path, page: KeyedPage, lang: str) -> None:
    page.goto((corpus_site / bench.PAGES[lang]).as_uri())
    type_query(page, bench.QUERIES[lang])
    # Each key sends a query: wait for the answer to the whole word, not to its first letters.
    expect(page.locator(f".md-search-result__item a[href*='h={quote(bench.QUERIES[lang])}']").first).to_be_visible(timeout=30_000)
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"\d"))
    hrefs = [a.get_attribute("href") or "" for a in page.query_selector_all(".md-search-result__item > a")]
    root = (corpus_site / bench.PAGES[lang]).parent.as_uri() + "/"
    others = [(corpus_site / code).as_uri() + "/" for code in ("ru", "tk") if code != lang]
    assert hrefs and all(h.startswith(root) and not h.startswith(tuple(others)) for h in hrefs), hrefs
    assert any("/protocols/doc-" in h for h in hrefs), hrefs
    assert [u for u in page.asked if not u.startswith(("file:", "data:", "about:"))] == []
    assert page.errors == []


def test_a_large_library_answers_from_the_few_prebuilt_shards_a_query_needs(large_index_site: Path, page: KeyedPage) -> None:
    page.goto((large_index_site / "index.html").as_uri())
    # What the page loads as it opens is done: what follows is the query's.
    page.wait_for_load_state("networkidle")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    type_query(page, "protection")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
    # Nothing is indexed in the browser: the query read only the prebuilt shards it needed (how
    # fast that is belongs to bench/search.py, not to a test).
    files = [Path(unquote(urlparse(url).path)) for url in asked if url.startswith("file:")]
    folder = large_index_site / "search" / "gorag"
    assert files and all(f.is_relative_to(folder) for f in files), files  # the manifest, then shards
    loaded = sum(f.stat().st_size for f in files)
    assert loaded < 1_000_000, f"{loaded} bytes loaded for one query"
    assert page.errors == []


def test_quick_exit_works_while_searching(large_index_site: Path, page: KeyedPage) -> None:
    page.goto((large_index_site / "index.html").as_uri())
    type_query(page, "prot")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("**/neutral.html", timeout=30_000)
