"""The installable web app (issue 15): the manifests, the lists of files to save, and, in real
headless Chromium, the service worker on a site served from 127.0.0.1 under a sub-path: saving
Russian for offline, reading it with no connection, and taking a newer build atomically.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize, expect

from a11y import AXE_JS, AXE_RUN_JS, OVERFLOW_JS, axe_blocking, axe_report, overflow_report, overflows
from conftest import LANGS, make_project, run_gorag
from gorag import paths, pwa
from gorag.i18n import t
from gorag.printables import file_size
from test_browser import browser, search  # noqa: F401  (the module's Chromium)

PREFIX = "/gorag/"  # a GitHub Pages project site
PHONE = ViewportSize(width=390, height=844)
SMALL_PHONE = ViewportSize(width=320, height=568)
WAIT = 30_000  # ms: the longest a step may take before the test fails (polled, never slept)
EPOCH = 1767225600  # the source date run_gorag builds with: 2026-01-01
# The second build changes the title of a Russian protocol, which every Russian page's navigation
# shows: after the update, every page must show it.
OLD_TITLE = "Протокол Альфа о сообщениях"
NEW_TITLE = "Протокол Альфа о сообщениях (выпуск 2)"
RU_PAGES = ("ru/about.html", "ru/agencies.html", "ru/glossary.html", "ru/protocols/alpha.html",
            "ru/roles/police.html", "ru/campaigns/index.html")
RU_PDF = "ru/downloads/protocols/alpha.pdf"


def home(lang: str) -> str:
    return "index.html" if lang == "en" else f"{lang}/index.html"


def read_list(site: Path, lang: str) -> dict[str, Any]:
    listed: dict[str, Any] = json.loads((site / paths.offline_list(lang)).read_text(encoding="utf-8"))
    return listed


# --------------------------------------------------------------------------------------------------
# The built files


@pytest.mark.parametrize("lang", LANGS)
def test_manifest_per_language(basic_site: Path, lang: str) -> None:
    path = basic_site / paths.manifest(lang)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["name"] == t("app_name", lang) and data["short_name"] == t("app_short_name", lang)
    assert data["lang"] == lang and data["theme_color"] == "#00695c" and data["display"] == "standalone"
    # Addresses resolve against the manifest's own: the language's folder, under any site path.
    here = f"https://example.org{PREFIX}{paths.manifest(lang)}"
    folder = f"https://example.org{PREFIX}{'' if lang == 'en' else lang + '/'}"
    assert urljoin(here, data["start_url"]) == folder + "index.html"
    assert urljoin(here, data["scope"]) == folder
    sizes = []
    for icon in data["icons"]:
        rel = urljoin(here, icon["src"]).removeprefix(f"https://example.org{PREFIX}")
        with Image.open(basic_site / rel) as image:
            assert icon["sizes"] == f"{image.width}x{image.height}" and image.format == "PNG"
        sizes.append((icon["sizes"], icon["purpose"]))
    assert sorted(sizes) == [("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")]
    # Linked from every page of the language, marked for the offline copies to leave out.
    pages = [p for p in (basic_site / (lang if lang != "en" else "")).rglob("*.html")
             if lang != "en" or not p.relative_to(basic_site).as_posix().startswith(("ru/", "tk/"))]
    pages = [p for p in pages if p.name not in ("neutral.html", "404.html")]
    assert len(pages) > 10
    for page in pages:
        link = re.search(r'<link rel="manifest" href="([^"]+)" data-gorag-app>', page.read_text(encoding="utf-8"))
        assert link, page
        rel = page.relative_to(basic_site).as_posix()
        assert urljoin(f"https://example.org{PREFIX}{rel}", link[1]) == here, page


@pytest.mark.parametrize("lang", LANGS)
def test_list_names_every_file_with_its_size_and_hash(basic_site: Path, lang: str) -> None:
    data = read_list(basic_site, lang)
    assert data["lang"] == lang and data["stamp"] == datetime.fromtimestamp(EPOCH, UTC).isoformat()
    site, pdf = data["files"]["site"], data["files"]["pdf"]
    assert pdf and all(path.endswith(".pdf") for path, _, _ in pdf)
    assert not any(path.endswith(".pdf") for path, _, _ in site)
    for path, size, digest in site + pdf:
        data_bytes = (basic_site / path).read_bytes()
        assert (size, digest) == (len(data_bytes), pwa.digest(data_bytes)), path
    for group, files in data["files"].items():
        assert [f[0] for f in files] == sorted(f[0] for f in files)
        total = sum(size for _, size, _ in files)
        assert data["sizes"][group] == {"bytes": total, "text": file_size(total, lang)}
    paths = {path for path, _, _ in site}
    prefix = "" if lang == "en" else f"{lang}/"
    # Pages, search shards, the neutral page, the web app's own scripts; not what no page loads.
    assert {f"{prefix}index.html", f"{prefix}neutral.html", f"{prefix}search/search_index.json",
            "assets/javascripts/pwa.js", "assets/javascripts/offline-store.js",
            "assets/vendor/workbox/workbox-window.prod.umd.js"} <= paths
    assert any(p.startswith(f"{prefix}search/gorag/") for p in paths)
    assert not [p for p in paths if p.endswith((".map", ".zip", ".zim", ".webmanifest")) or p.startswith(("offline/", "sw.js"))
                or "/lunr/" in p or p.startswith("assets/fonts/print/")]
    others = [code for code in LANGS if code not in (lang, "en")]
    assert not [p for p in paths if p.startswith(tuple(f"{code}/" for code in others))]


def test_every_resource_of_a_saved_page_is_saved(basic_site: Path) -> None:
    """What a Russian page loads (scripts, styles, images, fonts) and the Russian pages and PDFs it
    links to are all in the Russian list."""
    data = read_list(basic_site, "ru")
    saved = {path for group in data["files"].values() for path, _, _ in group}
    missing = set()
    for rel in sorted(p for p in saved if p.startswith("ru/") and p.endswith(".html")):
        html = (basic_site / rel).read_text(encoding="utf-8")
        # Addresses in attributes, and the search worker's in Material's configuration.
        for attr in re.findall(r'(?:src|href)="([^"#?]+)|"search":\s*"([^"]+)"', html):
            attr = attr[0] or attr[1]
            target = urljoin(f"https://x{PREFIX}{rel}", attr)
            if not target.startswith(f"https://x{PREFIX}"):
                continue  # another site
            path = unquote(target.removeprefix(f"https://x{PREFIX}"))
            if path.endswith(".webmanifest") or path.startswith(("en/", "tk/")) or not path.startswith(("ru/", "assets/")):
                continue  # the manifest; the other languages (the switcher), not saved with Russian
            if path.endswith((".zip", ".zim")) or (basic_site / path).is_dir():
                continue
            if path not in saved:
                missing.add(f"{rel} -> {path}")
    for css in (p for p in saved if p.endswith(".css")):
        for url in re.findall(r"url\(['\"]?([^'\")]+)", (basic_site / css).read_text(encoding="utf-8")):
            path = urljoin(f"https://x{PREFIX}{css}", url).removeprefix(f"https://x{PREFIX}")
            if not url.startswith("data:") and path not in saved:
                missing.add(f"{css} -> {path}")
    assert not missing, sorted(missing)


def test_app_files_are_deterministic(basic_site: Path) -> None:
    """The same site gives the same bytes, and the web app's own files (already in the built site)
    do not feed into themselves."""
    stamp = datetime.fromtimestamp(EPOCH, UTC)
    files = pwa.app_files(basic_site, stamp)
    assert files == pwa.app_files(basic_site, stamp)
    assert {rel: (basic_site / rel).read_bytes() for rel in files} == files
    build = read_list(basic_site, "ru")["build"]
    assert all(read_list(basic_site, lang)["build"] == build for lang in LANGS)
    assert f'"build": "{build}"' in (basic_site / "sw.js").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# In the browser


@dataclass
class Server:
    """A built site served under :data:`PREFIX`; publishing another build replaces its folder."""

    folder: Path
    url: str = ""
    log: list[str] = field(default_factory=list)  # every path asked for, in order

    def publish(self, folder: Path) -> None:
        self.folder = folder


def _handler(server: Server) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(server.folder), **kwargs)

        def translate_path(self, path: str) -> str:
            if not urlsplit(path).path.startswith(PREFIX):
                return str(Path(self.directory) / "__outside_the_site__")
            return super().translate_path("/" + path[len(PREFIX):])

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass

        def send_head(self) -> Any:
            server.log.append(urlsplit(self.path).path)
            return super().send_head()

    return Handler


@pytest.fixture
def served(basic_site: Path) -> Iterator[Server]:
    server = Server(basic_site)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    yield server
    httpd.shutdown()
    httpd.server_close()


def second_build(tmp_path: Path) -> Path:
    """The basic fixture with a Russian protocol's title changed, built with PDFs."""
    root = make_project(tmp_path / "v2", printables=True)
    source = root / "protocols" / "alpha.ru.md"
    text = source.read_text(encoding="utf-8")
    assert f"title: {OLD_TITLE}\n" in text
    source.write_text(text.replace(f"title: {OLD_TITLE}\n", f"title: {NEW_TITLE}\n"), encoding="utf-8")
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def watch(page: Page) -> list[str]:
    """Uncaught errors and console errors of ``page``, as they happen. The browser's own request
    for ``/favicon.ico`` at the server's root (for the neutral page, which names no icon) is
    outside the site and fails offline: not counted."""
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        if message.type == "error" and urlsplit(url).path != "/favicon.ico":
            errors.append(f"{message.text} ({url})")

    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.on("console", console)
    return errors


def controlled(page: Page) -> None:
    """Wait until a service worker controls ``page``."""
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=WAIT)


def accessible(page: Page, state: str) -> None:
    """axe-core finds nothing blocking on ``page`` (its Content-Security-Policy bypassed), measured
    with the pointer off the controls and their colour transitions over."""
    page.mouse.move(0, PHONE["height"] - 1)
    page.wait_for_function("() => document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState !== 'running')")
    page.add_script_tag(path=str(AXE_JS))
    failing = [(f"{page.url} [{state}]", PHONE["width"], v) for v in axe_blocking(page.evaluate(AXE_RUN_JS))]
    assert not failing, axe_report(failing)


def panel_state(page: Page, state: str) -> None:
    expect(page.locator(f"[data-gorag-offline] [data-gorag-state={state}]")).to_be_visible(timeout=WAIT)


@pytest.mark.browser
def test_save_russian_read_offline_then_update(browser: Browser, served: Server, basic_site: Path, tmp_path: Path) -> None:  # noqa: F811
    context = browser.new_context(viewport=PHONE)  # the site's Content-Security-Policy in force
    page = context.new_page()
    errors = watch(page)
    page.goto(served.url + "ru/index.html")
    controlled(page)
    panel_state(page, "ready")

    # The size before saving is the sum of the list's files; the PDFs are a choice, with their size.
    listed = read_list(basic_site, "ru")
    site_bytes = sum(size for _, size, _ in listed["files"]["site"])
    pdf_bytes = sum(size for _, size, _ in listed["files"]["pdf"])
    expect(page.locator("[data-gorag-size]")).to_have_text(t("offline_size", "ru").format(size=file_size(site_bytes, "ru")))
    expect(page.locator("label[for=gorag-offline-pdfs]")).to_have_text(f"{t('offline_pdfs', 'ru')} ({file_size(pdf_bytes, 'ru')})")

    page.get_by_label(t("offline_pdfs", "ru")).check()
    page.get_by_role("button", name=t("save_offline", "ru")).click()
    panel_state(page, "saved")
    date = listed["date"]
    expect(page.locator("[data-gorag-saved]")).to_have_text(t("offline_saved", "ru", date=date))
    expect(page.locator("[data-gorag-status]")).to_have_text(t("offline_saved", "ru", date=date))

    # A page of a language not saved comes from the network: no copy's date on it.
    page.goto(served.url + "about.html")
    controlled(page)
    status = page.evaluate("() => workbox.messageSW(navigator.serviceWorker.controller, {type: 'GORAG_STATUS', url: location.href})")
    assert status["cached"] is False and list(status["saved"]) == ["ru"] and status["saved"]["ru"]["pdfs"] is True
    expect(page.locator("[data-gorag-copy]")).to_be_hidden()

    # With no connection (and nothing served any more), every Russian page, the search, a PDF and
    # the quick exit come from the saved copy, which the pages date.
    context.set_offline(True)
    served.log.clear()
    served.publish(tmp_path / "nothing")
    for rel in RU_PAGES:
        response = page.goto(served.url + rel)
        assert response and response.ok and response.from_service_worker, rel
        expect(page.locator("[data-gorag-copy]")).to_have_text(t("offline_copy_line", "ru", date=date), timeout=WAIT)
    response = page.goto(served.url + "ru/")  # a folder's address, as the server would answer it
    assert response and response.ok and response.from_service_worker
    panel_state(page, "saved")
    page.click("label.md-header__button[for=__search]")  # on a phone, the search box opens from its icon
    hrefs = search(page, "учителя")
    assert any(urlsplit(h).path == f"{PREFIX}ru/protocols/alpha.html" for h in hrefs), hrefs
    with page.expect_navigation():  # a result's address carries the query (?h=...) to highlight
        page.locator(".md-search-result__item > a").first.click()
    assert page.url.startswith(served.url + "ru/") and "?h=" in page.url
    expect(page.locator("h1")).to_be_visible()
    response = page.goto(served.url + RU_PDF)  # opens in the browser's PDF viewer
    assert response and response.ok and response.from_service_worker
    assert response.headers["content-type"] == "application/pdf"
    pdf = page.evaluate("async (url) => { const r = await fetch(url); const b = new Uint8Array(await r.arrayBuffer());"
                        " return [r.status, String.fromCharCode(...b.slice(0, 5)), b.length]; }", served.url + RU_PDF)
    assert pdf == [200, "%PDF-", (basic_site / RU_PDF).stat().st_size]
    page.goto(served.url + RU_PAGES[0])
    with page.expect_navigation():
        page.click("#gorag-exit")
    assert page.url == served.url + "ru/neutral.html" and page.title() == t("neutral.title", "ru")
    assert served.log == [], "requests reached the server while offline"

    # A newer build is published. Back online, a Russian page offers it, in Russian; the old copy
    # is served until the reader accepts, then every page is the new build's.
    new_site = second_build(tmp_path)
    served.publish(new_site)
    context.set_offline(False)
    page.goto(served.url + "ru/about.html")
    assert NEW_TITLE not in page.content()
    notice = page.locator("[data-gorag-update]")
    expect(notice.get_by_role("status")).to_have_text(t("update_available", "ru"), timeout=WAIT)
    # The new version's copy was made by downloading the changed files only; the others were
    # copied, by hash, from the old copy. (The browser fetches the new worker's own scripts.)
    old = {path: digest for group in listed["files"].values() for path, _, digest in group}
    new = {path: digest for group in read_list(new_site, "ru")["files"].values() for path, _, digest in group}
    changed = {PREFIX + path for path, digest in new.items() if old.get(path) != digest}
    asked = set(served.log) - {PREFIX + path for path in pwa.worker_scripts()}
    assert changed and changed <= asked, sorted(changed - asked)
    assert not {PREFIX + path for path in new if PREFIX + path not in changed} & asked
    for rel in RU_PAGES[:2]:
        page.goto(served.url + rel)
        assert NEW_TITLE not in page.content(), f"{rel}: the new build before the reader accepted it"
    with page.expect_navigation(timeout=WAIT):
        notice.get_by_role("button", name=t("update_button", "ru")).click()
    assert NEW_TITLE in page.content()
    context.set_offline(True)
    for rel in (*RU_PAGES, "ru/index.html"):
        response = page.goto(served.url + rel)
        assert response and response.from_service_worker, rel
        assert NEW_TITLE in page.content(), rel
    assert errors == []
    context.close()


@pytest.mark.browser
def test_panel_and_notice_are_accessible_and_remove_works(browser: Browser, served: Server) -> None:  # noqa: F811
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # the policy bypassed for axe-core
    page = context.new_page()
    errors = watch(page)
    page.goto(served.url + "tk/index.html")
    controlled(page)
    panel_state(page, "ready")
    accessible(page, "ready to save")
    # The saving state and the update notice as pwa.js shows them (files arriving; a newer
    # version ready): the notice is reached from the quick exit with one Tab.
    page.evaluate("""() => {
      document.querySelectorAll("[data-gorag-state]").forEach(e => { e.hidden = e.dataset.goragState !== "saving"; });
      document.querySelector("[data-gorag-progress]").value = 40;
      document.querySelector("[data-gorag-percent]").textContent = "40 %";
      const notice = document.querySelector("[data-gorag-update]");
      notice.hidden = false;
      const text = notice.querySelector("[data-gorag-update-text]");
      text.textContent = text.dataset.text;
    }""")
    accessible(page, "saving, update offered")
    page.focus("#gorag-exit")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == t("update_button", "tk")
    # Every part shown at once (the notice too) fits a small phone's width.
    page.set_viewport_size(SMALL_PHONE)
    page.evaluate("""() => document.querySelectorAll(".gorag-app, .gorag-app [hidden]").forEach(e => { e.hidden = false; })""")
    overflow = page.evaluate(OVERFLOW_JS, SMALL_PHONE["width"])
    assert not overflows(overflow, SMALL_PHONE["width"]), overflow_report([("tk/index.html", SMALL_PHONE["width"], overflow)])
    page.set_viewport_size(PHONE)
    page.reload()
    panel_state(page, "ready")
    page.get_by_role("button", name=t("save_offline", "tk")).click()
    panel_state(page, "saved")
    accessible(page, "saved")
    assert page.evaluate("async () => (await caches.keys()).length") == 1
    page.get_by_role("button", name=t("offline_remove", "tk")).click()
    panel_state(page, "ready")
    expect(page.locator("[data-gorag-status]")).to_have_text(t("offline_removed", "tk"))
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert errors == []
    context.close()


@pytest.mark.browser
def test_no_service_worker_from_file(browser: Browser, basic_site: Path) -> None:  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors = watch(page)
    page.goto((basic_site / "ru" / "index.html").as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    registered = page.evaluate("async () => navigator.serviceWorker"
                               " ? (await navigator.serviceWorker.getRegistrations().catch(() => [])).length : 0")
    assert registered == 0
    assert page.locator("[data-gorag-offline]").is_hidden() and page.locator("[data-gorag-update]").is_hidden()
    assert errors == []
    context.close()

