"""In the browser, every word of the shipped English, Russian and Turkmen text maps to the same
index term as at build time.

The build stems with Snowball (PyPI ``snowballstemmer``) and writes each word whose term differs
from it into the term shard the word belongs to; the search worker looks a query's word up there
(``stem()`` in workers/gorag-search.js: the word's term if listed, else the word itself). This loads
the shipped site's shards into headless Chromium, applies that rule in the page to every distinct
word of the titles and excerpts the index holds, and compares with :func:`gorag.search_index.analyse`.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from gorag.search_index import _WORD, STOPWORDS, analyse, normal

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

# The worker's rule, run in the page on the site's own shards (loaded as the worker loads them).
LOOKUP = """
async ([folder, words]) => {
  const vocab = new Map();
  self.goragSearch = {
    manifest(m) { self.__manifest = m; },
    docs() {},
    terms(key, terms, w) { for (const word in w || {}) vocab.set(word, w[word]); }
  };
  const load = src => new Promise((ok, fail) => {
    const s = document.createElement("script"); s.src = src; s.onload = ok; s.onerror = fail; document.body.append(s);
  });
  await load(folder + "manifest.js");
  const hex = key => Array.from(key).map(c => c.codePointAt(0).toString(16)).join("-");
  await Promise.all(self.__manifest.shards.map(key => load(folder + "t/" + hex(key) + ".js")));
  return words.map(w => vocab.has(w) ? vocab.get(w) : w);
}
"""


def index_words(site: Path, lang: str) -> list[str]:
    """Distinct words of the titles and excerpts the language's index holds (every section of the
    shipped content), as the index reads them, stop words dropped."""
    folder = (site if lang == "en" else site / lang) / "search" / "gorag" / "d"
    text = []
    for path in folder.glob("*.js"):
        rows = json.loads("[" + path.read_text(encoding="utf-8").split("(", 1)[1].rsplit(")", 1)[0] + "]")[1]
        text += [f"{title} {excerpt}" for _location, title, _page, excerpt in rows]
    found = {normal(w, lang) for w in _WORD.findall(unicodedata.normalize("NFC", "\n".join(text)).lower())}
    return sorted(found - set(STOPWORDS[lang]))


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page()
        browser.close()


@pytest.mark.parametrize(("lang", "at_least"), [("en", 1500), ("ru", 2500), ("tk", 1500)])
def test_the_browser_gives_every_shipped_word_its_build_time_term(shipped_site: Path, page, lang: str,  # type: ignore[no-untyped-def]
                                                                   at_least: int) -> None:
    words = index_words(shipped_site, lang)
    assert len(words) >= at_least
    root = shipped_site if lang == "en" else shipped_site / lang
    page.goto((root / "index.html").as_uri())
    in_browser = page.evaluate(LOOKUP, [(root / "search" / "gorag").as_uri() + "/", words])
    at_build = [analyse(word, lang)[0] for word in words]
    differ = [(w, b, p) for w, b, p in zip(words, in_browser, at_build, strict=True) if b != p]
    assert differ == [], json.dumps(differ[:20], ensure_ascii=False)
