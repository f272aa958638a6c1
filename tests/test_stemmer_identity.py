"""In the browser, every word of the shipped English, Russian and Turkmen text maps to the same
index term as at build time.

The build stems with Snowball (PyPI ``snowballstemmer``). In the browser, the search worker
stems Russian with the stemmer the index ships (``stemmer.js``, Snowball's Russian algorithm from
npm's ``@orama/stemmers``) and looks English words up in the lists the term shards carry. This
loads the real worker (``workers/gorag-search.js``) into headless Chromium, opens the shipped
site's index of each language as the worker does, asks it for the term of every distinct word of
the titles and excerpts the index holds (``termsOf``, the path a query takes), and compares with
:func:`gorag.search_index.analyse`.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from gorag.search_index import _WORD, BROWSER_STEMMERS, STOPWORDS, analyse, normal

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

# The worker in a plain page: importScripts as the file:// host (workers/host.js) gives it.
TERMS = """
async ([worker, folder, words]) => {
  const add = src => new Promise((ok, fail) => {
    const s = document.createElement("script"); s.src = src; s.onload = ok; s.onerror = fail; document.body.append(s);
  });
  self.importScripts = add;
  await add(worker);
  const index = await self.goragSearch.open(folder);
  return [await index.termsOf(words), index.stemmer !== null];
}
"""


def index_words(site: Path, lang: str) -> list[str]:
    """Distinct words of the titles and excerpts the language's index holds (every section of the
    shipped content), as the index reads them, stop words dropped."""
    folder = (site if lang == "en" else site / lang) / "search" / "gorag" / "d"
    text = []
    for path in folder.glob("*.js"):
        rows = json.loads("[" + path.read_text(encoding="utf-8").split("(", 1)[1].rsplit(")", 1)[0] + "]")[1]
        text += [f"{row[1]} {row[3]}" for row in rows]
    found = set(_WORD.findall(unicodedata.normalize("NFC", "\n".join(text)).lower()))
    return sorted(w for w in found if normal(w, lang) not in STOPWORDS[lang])


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    from playwright.sync_api import sync_playwright

    blank = tmp_path_factory.mktemp("probe") / "probe.html"
    blank.write_text("<!doctype html><meta charset=\"utf-8\"><title>probe</title><body></body>", encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page()
        tab.goto(blank.as_uri())
        yield tab
        browser.close()


@pytest.mark.parametrize(("lang", "at_least"), [("en", 1500), ("ru", 2500), ("tk", 1500)])
def test_the_browser_gives_every_shipped_word_its_build_time_term(shipped_site: Path, page: Page, lang: str,
                                                                   at_least: int) -> None:
    words = index_words(shipped_site, lang)
    assert len(words) >= at_least
    worker = (shipped_site / "assets" / "javascripts" / "workers" / "gorag-search.js").as_uri()
    folder = "search/gorag/" if lang == "en" else f"{lang}/search/gorag/"
    in_browser, stems_itself = page.evaluate(TERMS, [worker, folder, words])
    assert stems_itself == (lang in BROWSER_STEMMERS)
    at_build = [analyse(word, lang)[0] for word in words]
    differ = [(w, b, p) for w, b, p in zip(words, in_browser, at_build, strict=True) if b != p]
    assert differ == [], json.dumps(differ[:20], ensure_ascii=False)
    # Forms the text does not hold are stemmed too, where the browser has the stemmer.
    if lang == "ru":
        more, _ = page.evaluate(TERMS, [worker, folder, ["насилию", "насилиями", "жертвам", "ёлками"]])
        assert more == [analyse(w, "ru")[0] for w in ["насилию", "насилиями", "жертвам", "ёлками"]]
