"""The Kiwix ZIM of each language, as Kiwix's own tools and readers meet it.

* Debian's ``zimcheck`` (zim-tools 3.1.3, libzim 8) passes every ZIM with its full set of checks;
* libzim's reader finds the main page, the metadata, the illustration, and the right page for a
  word of the language, with and without its diacritics, in two inflected forms, and by title;
* every relative link of every page resolves inside the same ZIM, and what only the web site has
  (the other languages, the web app) is not there;
* the same site gives the same bytes, and a failure is one clear line;
* Debian's ``kiwix-serve`` (kiwix-tools 3.3) serves the three ZIMs and Chromium reads pages of each
  with their styles, with no request leaving that server and no service worker.
"""

from __future__ import annotations

import io
import posixpath
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from libzim.reader import Archive
from libzim.search import Query, Searcher
from libzim.suggestion import SuggestionSearcher
from PIL import Image
from playwright.sync_api import Browser

from conftest import LANGS, wait_until
from gorag.copies import members
from gorag.errors import GoragError
from gorag.i18n import t
from gorag.icons import png
from gorag.languages import lang_prefix
from gorag.paths import zim_file
from gorag.zim import write_zim
from test_browser import browser  # noqa: F401  (the module's Chromium)

ZIMCHECK = shutil.which("zimcheck") or "/usr/bin/zimcheck"
KIWIX_SERVE = shutil.which("kiwix-serve") or "/usr/bin/kiwix-serve"
ISO639_3 = {"en": "eng", "ru": "rus", "tk": "tuk"}
STAMP = datetime(2026, 1, 1, tzinfo=UTC)  # the build's SOURCE_DATE_EPOCH (tests/conftest.py)


def zim_path(site: Path, lang: str) -> Path:
    return site / lang_prefix(lang) / zim_file(lang)


@pytest.fixture(scope="module")
def archives(basic_site: Path) -> dict[str, Archive]:
    return {lang: Archive(zim_path(basic_site, lang)) for lang in LANGS}


def found(archive: Archive, words: str) -> list[str]:
    """Paths of the full-text search's results, best first."""
    return list(Searcher(archive).search(Query().set_query(words)).getResults(0, 20))


def suggested(archive: Archive, text: str) -> list[str]:
    """Paths of the title suggestions, best first."""
    return list(SuggestionSearcher(archive).suggest(text).getResults(0, 20))


def entries(archive: Archive) -> list[Any]:
    # libzim's reader has no public way to list entries; _get_entry_by_id walks the user entries.
    return [archive._get_entry_by_id(i) for i in range(archive.entry_count)]


@pytest.mark.parametrize("lang", LANGS)
def test_zimcheck_passes_every_check(basic_site: Path, lang: str) -> None:
    if not Path(ZIMCHECK).exists():
        pytest.fail("zimcheck is not installed: `apt-get install zim-tools`")
    # -A: integrity, checksum, metadata, favicon, main page, empty and redundant entries,
    # internal and external URLs, redirect loops. No check is left out.
    proc = subprocess.run([ZIMCHECK, "-A", "-D", str(zim_path(basic_site, lang))], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[INFO] Overall Test Status: Pass" in proc.stdout, proc.stdout
    assert "[ERROR]" not in proc.stdout and "[WARNING]" not in proc.stdout, proc.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_main_page_metadata_and_illustration(archives: dict[str, Archive], lang: str) -> None:
    archive = archives[lang]
    assert archive.main_entry.get_item().path == lang_prefix(lang) + "index.html"
    assert archive.has_fulltext_index and archive.has_title_index
    assert archive.check()  # libzim's own integrity check, with the rewritten checksum
    meta = {key: archive.get_metadata(key).decode("utf-8") for key in archive.metadata_keys if not key.startswith("Illustration")}
    assert meta == {
        "Name": f"gorag_{lang}_all",
        "Title": t("zim_title", lang),
        "Description": t("zim_description", lang),
        "Language": ISO639_3[lang],
        "Creator": "Gorag contributors",
        "Publisher": "Gorag",
        "Date": "2026-01-01",
        "Tags": "_category:other;_ftindex:yes;_pictures:yes;_videos:no;_details:yes",
        "Flavour": "maxi",
        "Counter": meta["Counter"],  # written by libzim itself
    }
    assert len(meta["Title"]) <= 30 and len(meta["Description"]) <= 80
    assert archive.get_illustration_sizes() == {48}
    illustration = bytes(archive.get_illustration_item(48).content)
    assert illustration == png(48)
    assert Image.open(io.BytesIO(illustration)).size == (48, 48)


@pytest.mark.parametrize("lang", LANGS)
def test_every_file_of_the_copy_is_an_entry_with_its_type(basic_site: Path, archives: dict[str, Archive], lang: str) -> None:
    archive = archives[lang]
    paths = {e.path for e in entries(archive)}
    # The build writes the web app's files after the ZIMs: a copy does not use them.
    copy = set(members(basic_site, lang))
    assert paths <= copy, paths - copy
    assert {rel for rel in copy if rel.endswith((".html", ".pdf", ".ics", ".css", ".woff2"))} <= paths
    kinds = {e.path: e.get_item().mimetype for e in entries(archive)}
    home = lang_prefix(lang)
    assert kinds[home + "index.html"] == "text/html"
    assert kinds[home + "downloads/protocols/alpha.pdf"] == "application/pdf"
    assert kinds[home + "campaigns/demo-2027/calendars/planner.ics"] == "text/calendar"
    assert kinds["assets/fonts/noto-sans-latin-400-normal.woff2"] == "font/woff2"
    assert kinds["assets/images/favicon.png"] == "image/png"
    assert {kinds[p] for p in kinds if p.endswith(".css")} == {"text/css"}
    assert {kinds[p] for p in kinds if p.endswith(".js")} == {"application/javascript"}
    assert "application/octet-stream" not in kinds.values(), [p for p, k in kinds.items() if k == "application/octet-stream"]


@pytest.mark.parametrize(("lang", "words", "page"), [
    ("tk", "ýagdaýynda", "tk/protocols/alpha.html"),  # as written
    ("tk", "yagdayynda", "tk/protocols/alpha.html"),  # typed without diacritics
    ("tk", "yol", "tk/protocols/alpha.html"),  # "ýol"
    ("ru", "риски", "ru/protocols/beta.html"),  # as written
    ("ru", "рисков", "ru/protocols/beta.html"),  # another case of the same word, not in the text
    ("ru", "ребенку", "ru/protocols/alpha.html"),  # "ребёнку" typed with е
    ("en", "safeguarding", "protocols/alpha.html"),
])
def test_full_text_search_finds_the_page(archives: dict[str, Archive], lang: str, words: str, page: str) -> None:
    results = found(archives[lang], words)
    assert results and results[0] == page, results


def test_full_text_search_leaves_out_navigation_and_the_neutral_page(archives: dict[str, Archive]) -> None:
    # "Glossary" is in every page's navigation and only in the glossary page's own text.
    assert found(archives["en"], "glossary") == ["glossary.html"]
    # The quick exit's decoy says "Weather" / "Погода": a search must not show it.
    assert found(archives["en"], "weather") == []
    assert found(archives["ru"], "погода") == []
    assert suggested(archives["en"], "weather") == []


@pytest.mark.parametrize(("lang", "text", "page", "title"), [
    ("en", "Alp", "protocols/alpha.html", "Alpha reporting protocol"),
    ("ru", "прото", "ru/protocols/alpha.html", "Протокол Альфа о сообщениях"),
    ("tk", "bas", "tk/index.html", "Baş sahypa"),  # typed without diacritics
])
def test_title_suggestions(archives: dict[str, Archive], lang: str, text: str, page: str, title: str) -> None:
    assert page in suggested(archives[lang], text)
    assert archives[lang].get_entry_by_path(page).title == title  # the <title> without " - Gorag"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.exits: list[str] = []
        self.languages: list[str] = []
        self.app_markup = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.app_markup |= "data-gorag-app" in values
        self.urls += [v for k, v in attrs if k in ("href", "src") and v]
        if tag == "a" and "gorag-exit" in (values.get("class") or "").split():
            self.exits.append(values["href"] or "")
        if tag == "a" and "md-select__link" in (values.get("class") or "").split():
            self.languages.append(values.get("hreflang") or "")


def _target(page: str, url: str) -> str | None:
    """The entry a relative URL of ``page`` leads to; None for other schemes and in-page anchors."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))


@pytest.mark.parametrize("lang", LANGS)
def test_every_relative_link_stays_inside_the_zim(archives: dict[str, Archive], lang: str) -> None:
    archive = archives[lang]
    pages = [e.path for e in entries(archive) if e.get_item().mimetype == "text/html"]
    assert len(pages) > 10
    broken, with_app_markup, switchers = [], [], set()
    for path in pages:
        links = _Links()
        links.feed(bytes(archive.get_entry_by_path(path).get_item().content).decode("utf-8"))
        with_app_markup += [path] if links.app_markup else []
        for url in links.urls:
            if url.startswith("/") or url.startswith("//"):
                broken.append((path, url))  # from the server's root: outside a ZIM
                continue
            target = _target(path, url)
            if target is not None and not archive.has_entry_by_path(target):
                broken.append((path, url))
        for url in links.exits:
            assert _target(path, url) == lang_prefix(lang) + "neutral.html", (path, url)
        switchers.add(tuple(links.languages))
    assert broken == []
    assert with_app_markup == []
    assert switchers <= {(), (lang,)} and (lang,) in switchers, switchers
    assert archive.has_entry_by_path(lang_prefix(lang) + "neutral.html")


def test_same_site_same_bytes(basic_site: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one" / "gorag-ru.zim", tmp_path / "two" / "gorag-ru.zim"
    write_zim(basic_site, "ru", first, STAMP)
    write_zim(basic_site, "ru", second, STAMP)
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in first.parent.iterdir()) == ["gorag-ru.zim"]  # no temporary file left
    proc = subprocess.run([ZIMCHECK, "-C", "-I", str(first)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout
    other = tmp_path / "three" / "gorag-ru.zim"
    write_zim(basic_site, "ru", other, datetime(2026, 2, 1, tzinfo=UTC))
    assert Archive(other).uuid != Archive(first).uuid  # the UUID follows the content


def test_a_failure_is_one_line_naming_the_file(basic_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "downloads" / "gorag-tk.zim"
    target.mkdir(parents=True)  # a folder where the file should go
    with pytest.raises(GoragError) as caught:
        write_zim(basic_site, "tk", target, STAMP)
    message = str(caught.value)
    assert message.startswith(f"{target}: could not write the Kiwix ZIM: ") and "\n" not in message, message
    assert sorted(p.name for p in target.parent.iterdir()) == ["gorag-tk.zim"]  # nothing half-written left


def test_a_libzim_failure_is_one_line_naming_the_file(basic_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "gorag-en.zim"
    # libzim writes "<its file>.tmp" first: a folder in that place makes libzim itself fail.
    (tmp_path / ".gorag-en.zim.tmp.tmp").mkdir()
    with pytest.raises(GoragError) as caught:
        write_zim(basic_site, "en", target, STAMP)
    assert str(caught.value) == f"{target}: could not write the Kiwix ZIM: Is a directory"
    assert not target.exists()


# kiwix-serve and Chromium


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def kiwix(basic_site: Path) -> Iterator[str]:
    """kiwix-serve serving the three ZIMs on 127.0.0.1; its address."""
    if not Path(KIWIX_SERVE).exists():
        pytest.fail("kiwix-serve is not installed: `apt-get install kiwix-tools`")
    port = _free_port()
    server = subprocess.Popen([KIWIX_SERVE, "--address", "127.0.0.1", "--port", str(port),
                               *(str(zim_path(basic_site, lang)) for lang in LANGS)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    def answers() -> bool:
        if server.poll() is not None:
            pytest.fail(f"kiwix-serve stopped: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as answer:
                return bool(answer.status == 200)
        except (urllib.error.URLError, ConnectionError):
            return False

    try:
        wait_until(answers, 30, f"kiwix-serve to answer on {base}", interval=0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


PAGES = ("protocols/alpha.html", "roles/teacher.html")  # besides the home page


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_kiwix_serve_pages_in_chromium(kiwix: str, browser: Browser, lang: str) -> None:  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}"))

    def on_response(response: Any) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    def on_console(message: Any) -> None:
        # kiwix-serve adds its toolbar to every page; its jQuery's feature tests set an inline event
        # handler, which the page's Content-Security-Policy refuses (jQuery carries on, and the
        # toolbar and its suggestions work). Errors from kiwix-serve's own scripts (/skin/) are its own.
        where = message.location.get("url") or ""
        if message.type == "error" and not where.startswith(f"{kiwix}/skin/"):
            errors.append(f"{message.text} ({where})")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    book = f"{kiwix}/{Path(zim_file(lang)).stem}/"
    try:
        # The book's own address leads to its main page: the language's home page.
        for address, expected in [(book, "index.html"), *((book + lang_prefix(lang) + rel, rel) for rel in PAGES)]:
            response = page.goto(address)
            assert response is not None and response.status == 200, address
            page.wait_for_load_state("networkidle")  # the page's search index loads in the background
            assert page.url == book + lang_prefix(lang) + expected
            assert page.evaluate("document.documentElement.lang") == lang
            # Material's and Gorag's stylesheets applied: the header has Gorag's teal.
            colour = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
            assert colour == "rgb(0, 105, 92)", (address, colour)
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        assert context.service_workers == []
    finally:
        context.close()
    outside = [u for u in requests if not u.startswith((kiwix + "/", "data:", "about:", "blob:"))]
    assert outside == []
    assert failed == []
    assert errors == [], "\n".join(errors)
