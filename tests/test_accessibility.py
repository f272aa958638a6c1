"""Every kind of page, in every language, as readers meet it: from file://, on phones of 320 and
390 CSS px and on a 1280 px screen, in real headless Chromium.

* axe-core finds no serious or critical WCAG 2.2 AA / best-practice violation, nor any of the
  moderate ones Gorag's readers are hurt by (``a11y.BLOCKING_MODERATE_RULES``);
* nothing is wider than a phone's screen, whether the page scrolls sideways or cuts it off;
* the referral pathway's text renders at 12 CSS px or more on a phone;
* html-validate finds no error in the markup;
* no page logs an error or asks for anything outside the site.

The pages are visited once per width for the whole module and each test reads what it needs. Set
``GORAG_A11Y_FINDINGS=/path/file.json`` to have everything measured written there as JSON.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, ViewportSize

from a11y import (
    AXE_JS,
    AXE_RUN_JS,
    OVERFLOW_JS,
    PATHWAY_TEXT_JS,
    PROTOCOL,
    Allowed,
    SitePage,
    axe_blocking,
    axe_report,
    html_report,
    html_validate,
    overflow_report,
    overflows,
    site_pages,
    site_path,
)
from conftest import LANGS
from test_browser import browser  # noqa: F401  (the module's Chromium)

pytestmark = pytest.mark.browser

PHONE = ViewportSize(width=390, height=844)
SMALL_PHONE = ViewportSize(width=320, height=568)
DESKTOP = ViewportSize(width=1280, height=800)


def screen(chromium: Browser, viewport: ViewportSize, touch: bool, **extra: Any) -> BrowserContext:
    """A browser context of ``viewport``: a phone's touch screen at three pixels to the CSS pixel,
    or a desktop screen as Playwright makes it by default."""
    return chromium.new_context(viewport=viewport, is_mobile=touch or None, has_touch=touch or None,
                               device_scale_factor=3 if touch else None, **extra)
MIN_PATHWAY_TEXT_PX = 12
ON_SITE = ("file:", "data:", "about:")  # and, for pages opened over HTTP, the local server

# html-validate errors accepted on purpose. Only markup of Material's own templates that cannot be
# changed from overrides/ belongs here, each entry with its reason; Gorag's markup gets fixed.
HTML_ALLOWED: tuple[Allowed, ...] = (
    Allowed("unique-landmark", 'md-nav--secondary" aria-label=',
            "Material renders a page's table of contents twice (partials/toc.html, in the navigation "
            "drawer for phones and in the sidebar for wide screens) and shows one at each width; axe, "
            "which checks what is shown, finds no duplicate landmark. Renaming one copy means copying "
            "Material's toc.html."),
    Allowed("unique-landmark", '<nav class="md-nav" aria-label=',
            "The sections inside those two tables of contents (same reason)."),
    Allowed("wcag/h32", 'class="md-search__form"',
            "Material's search form is answered by its script as the reader types (Enter opens the "
            "best result); a submit button would reload the page with the query in the address."),
)

FINDINGS: dict[str, Any] = {}


@dataclass
class Visit:
    """What one page showed at one width."""

    page: SitePage
    width: int
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # those that left the site, once visited
    overflow: dict[str, Any] = field(default_factory=dict)
    pathway: dict[str, Any] | None = None
    violations: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture(scope="module", autouse=True)
def findings_file() -> Iterator[None]:
    """Writes everything the tests measured to $GORAG_A11Y_FINDINGS, if set."""
    yield
    target = os.environ.get("GORAG_A11Y_FINDINGS")
    if target and FINDINGS:
        Path(target).write_text(json.dumps(FINDINGS, indent=1, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def pages(shipped_site: Path, basic_site: Path) -> list[SitePage]:
    """Each kind of page in every language: from the shipped content (built without PDFs), and the
    downloads page, which only a build with PDFs has, from the basic fixture."""
    return site_pages(shipped_site, basic_site, LANGS)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def server(shipped_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped site over HTTP at the path of its site_url, for the pages a web server shows
    (``PageType.served``); returns the site's address, e.g. ``http://127.0.0.1:8123/gorag/``."""
    path = site_path(shipped_site.parent / "mkdocs.yml")
    root = tmp_path_factory.mktemp("served")
    mount = root / path.strip("/") if path != "/" else root
    if path != "/":
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(shipped_site, target_is_directory=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{path}"
    httpd.shutdown()
    httpd.server_close()


def address(page: SitePage, server: str) -> str:
    """Where a reader opens the page: from file://, or over HTTP for a page a web server shows (at
    its own address: its links are absolute, so the address it answers for does not matter)."""
    return server + page.rel if page.served else page.url


def off_site(urls: list[str], page: SitePage, server: str) -> list[str]:
    """The requests that did not stay on the site the page was opened from."""
    return [u for u in urls if not u.startswith((*ON_SITE, server) if page.served else ON_SITE)]


def record(page: Page, visit: Visit) -> None:
    """Note the console errors, uncaught errors and requests of ``page`` in ``visit``."""

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            visit.errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: visit.errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: visit.requests.append(request.url))


def settle(page: Page) -> None:
    """Waits until the page's web fonts are in and its layout has been painted twice."""
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")


@pytest.fixture(scope="module")
def phone_visits(browser: Browser, pages: list[SitePage], server: str) -> dict[tuple[str, int], Visit]:  # noqa: F811
    """Every page on a 390 px and a 320 px phone, with the site's Content-Security-Policy in force:
    console errors, requests, horizontal overflow and (on protocol pages) the pathway's text sizes."""
    visits = {}
    for viewport in (PHONE, SMALL_PHONE):
        context = screen(browser, viewport, touch=True)
        for site_page in pages:
            visit = Visit(site_page, viewport["width"])
            page = context.new_page()
            record(page, visit)
            page.goto(address(site_page, server), wait_until="load")
            if viewport is PHONE:  # requests made after the load event log late
                page.wait_for_load_state("networkidle")
            settle(page)
            visit.overflow = page.evaluate(OVERFLOW_JS, viewport["width"])
            if site_page.kind == PROTOCOL.name:
                visit.pathway = page.evaluate(PATHWAY_TEXT_JS)
            page.close()
            visit.requests = off_site(visit.requests, site_page, server)
            visits[site_page.label, viewport["width"]] = visit
        context.close()
    return visits


@pytest.fixture(scope="module")
def axe_visits(browser: Browser, pages: list[SitePage], server: str) -> dict[tuple[str, int], Visit]:  # noqa: F811
    """axe-core's violations on every page on a 390 px phone and a 1280 px screen. The site's
    Content-Security-Policy admits no injected script, so it is bypassed for these visits only."""
    visits = {}
    for viewport, touch in ((PHONE, True), (DESKTOP, False)):
        context = screen(browser, viewport, touch, bypass_csp=True)
        page = context.new_page()
        for site_page in pages:
            page.goto(address(site_page, server), wait_until="load")
            settle(page)
            page.add_script_tag(path=str(AXE_JS))
            visits[site_page.label, viewport["width"]] = Visit(site_page, viewport["width"], violations=page.evaluate(AXE_RUN_JS))
        context.close()
    return visits


def test_every_page_type_is_built(pages: list[SitePage]) -> None:
    missing = [p.label for p in pages if not p.file.is_file()]
    assert not missing, f"page types missing from the built site (update a11y.PAGE_TYPES?): {missing}"


def test_axe_finds_no_serious_violations(axe_visits: dict[tuple[str, int], Visit]) -> None:
    FINDINGS["axe"] = {f"{label} @{width}": v.violations for (label, width), v in axe_visits.items()}
    failing = [(label, width, violation) for (label, width), v in axe_visits.items() for violation in axe_blocking(v.violations)]
    assert not failing, "axe-core violations (serious, critical, or a listed moderate rule):\n" + axe_report(failing)


def test_nothing_is_wider_than_a_phone(phone_visits: dict[tuple[str, int], Visit]) -> None:
    FINDINGS["overflow"] = {f"{label} @{width}": v.overflow for (label, width), v in phone_visits.items()}
    failing = [(label, width, v.overflow) for (label, width), v in phone_visits.items() if overflows(v.overflow, width)]
    assert not failing, "pages wider than the phone (scroll sideways or cut off at the right):\n" + overflow_report(failing)


@pytest.mark.parametrize("lang", LANGS)
def test_pathway_text_is_readable_on_a_phone(phone_visits: dict[tuple[str, int], Visit], lang: str) -> None:
    visit = next(v for (_, width), v in phone_visits.items()
                 if width == PHONE["width"] and v.page.kind == PROTOCOL.name and v.page.lang == lang)
    assert visit.pathway is not None
    FINDINGS.setdefault("pathway", {})[visit.page.label] = visit.pathway
    texts = sorted(visit.pathway["texts"], key=lambda t: t["rendered"])
    assert texts, f"{visit.page.label}: no visible referral pathway text at {PHONE['width']} px ({visit.pathway['roots']})"
    small = [t for t in texts if t["rendered"] < MIN_PATHWAY_TEXT_PX]
    assert not small, (
        f"{visit.page.label} @{PHONE['width']}px: {len(small)} of {len(texts)} pathway texts render below "
        f"{MIN_PATHWAY_TEXT_PX} CSS px in {visit.pathway['roots']}; smallest:\n"
        + "\n".join(f"  {t['rendered']:.1f}px ({t['kind']} font-size {t['fontSize']:g} × scale {t['scale']:.3f}): {t['text']!r}"
                    for t in small[:8]))


def test_html_is_valid(pages: list[SitePage]) -> None:
    by_file = html_validate([p.file for p in pages])
    FINDINGS["html-validate"] = {p.label: by_file[str(p.file)] for p in pages}
    errors = [(p.label, m) for p in pages for m in by_file[str(p.file)] if m["severity"] == 2]
    unused = [entry for entry in HTML_ALLOWED if not any(entry.matches(m) for _, m in errors)]
    failing = [(label, m) for label, m in errors if not any(entry.matches(m) for entry in HTML_ALLOWED)]
    assert not failing, "html-validate errors:\n" + html_report(failing)
    assert not unused, f"allow-list entries that match nothing any more (remove them): {unused}"


def test_no_console_errors(phone_visits: dict[tuple[str, int], Visit]) -> None:
    FINDINGS["console"] = {f"{label} @{width}": v.errors for (label, width), v in phone_visits.items() if v.errors}
    failing: dict[str, list[str]] = {}
    for (label, _), v in phone_visits.items():
        for error in v.errors:
            failing.setdefault(_normalise(error, v.page), []).append(label)
    assert not failing, "console errors (message: pages):\n" + "\n".join(
        f"  {message}\n    on {len(set(where))} pages: {', '.join(sorted(set(where))[:6])}" for message, where in failing.items())


def test_no_request_leaves_the_site(phone_visits: dict[tuple[str, int], Visit]) -> None:
    away = {f"{label} @{width}": v.requests for (label, width), v in phone_visits.items() if v.requests}
    FINDINGS["off-site requests"] = away
    assert not away, "requests that left the site:\n" + "\n".join(f"  {where}: {urls}" for where, urls in away.items())


def _normalise(message: str, page: SitePage) -> str:
    """A console message with the site's own folder written as ``<site>/``, so the same error on
    many pages reads as one."""
    return re.sub(re.escape(page.site.as_uri()), "<site>", message)


# The measurements themselves, on small pages whose answer is known, so a pass above means the
# site is right rather than the check blind.

OVERFLOW_CASES = """<!doctype html><meta name="viewport" content="width=device-width,initial-scale=1">
<style>body { margin: 0 } p { margin: 0; height: 1em }</style>
<p id="wide" style="width: 500px">scrolls the page sideways</p>
<div style="overflow-x: hidden"><p id="cut" style="width: 600px">cut off at the right</p></div>
<div style="overflow-x: auto"><p id="bare" style="width: 700px">in a scroller without a cue</p></div>
<div class="gorag-scroll" style="overflow-x: auto"><p id="meant" style="width: 800px">meant to scroll</p></div>
<div style="display: none"><p id="none" style="width: 900px">not shown</p></div>
<div style="opacity: 0"><p id="faded" style="width: 900px">faded out</p></div>
<div style="max-height: 0; overflow: hidden"><p id="folded" style="width: 900px">folded away</p></div>
<div style="position: relative; overflow: hidden; height: 2em">
  <div style="position: static"><p id="escapes" style="position: fixed; top: 0; left: 300px; width: 200px">fixed</p></div></div>
<input type="checkbox" id="__drawer"><div class="md-sidebar--primary" style="position: fixed; top: 0; width: 900px">drawer</div>
"""

PATHWAY_CASES = """<!doctype html><meta name="viewport" content="width=device-width,initial-scale=1">
<style>body { margin: 0 } .phone-hidden { display: none }</style>
<svg class="gorag-pathway" viewBox="0 0 660 100" width="100%"><title>not drawn</title>
  <text x="0" y="20" font-size="12">Scaled down</text><text x="0" y="60" font-size="33">Large</text></svg>
<ol class="gorag-pathway-steps"><li style="font-size: 11px">Step <b style="font-size: 13px">bold</b></li></ol>
<ol class="gorag-pathway-steps phone-hidden"><li style="font-size: 5px">hidden rendition</li></ol>
"""


def test_overflow_check_finds_what_sticks_out_and_nothing_else(browser: Browser) -> None:  # noqa: F811
    context = screen(browser, SMALL_PHONE, touch=True)
    page = context.new_page()
    page.set_content(OVERFLOW_CASES)
    result = page.evaluate(OVERFLOW_JS, SMALL_PHONE["width"])
    assert overflows(result, SMALL_PHONE["width"])
    found = {o["selector"]: o for o in result["offenders"]}
    assert sorted(found) == ["p#bare", "p#cut", "p#escapes", "p#wide"]
    assert found["p#cut"]["clippedBy"] == "body > div {overflow-x: hidden}"
    assert found["p#bare"]["clippedBy"] == "body > div {overflow-x: auto}"
    assert found["p#wide"] == {"selector": "p#wide", "text": "scrolls the page sideways", "right": 500, "clippedBy": None,
                               "outermost": True, "inside": 0}
    assert result["documentScrollWidth"] == 900  # the faded paragraph is not seen, but it is scrolled to
    page.check("#__drawer")  # an open drawer is on screen, and checked like the rest
    assert "body > div.md-sidebar--primary" in {o["selector"] for o in page.evaluate(OVERFLOW_JS, SMALL_PHONE["width"])["offenders"]}
    context.close()


def test_pathway_check_measures_text_as_rendered(browser: Browser) -> None:  # noqa: F811
    context = screen(browser, PHONE, touch=True)
    page = context.new_page()
    page.set_content(PATHWAY_CASES)
    result = page.evaluate(PATHWAY_TEXT_JS)
    sizes = {t["text"]: round(t["rendered"], 2) for t in result["texts"]}
    scale = PHONE["width"] / 660
    assert sizes == {"Scaled down": round(12 * scale, 2), "Large": round(33 * scale, 2), "Step": 11, "bold": 13}
    assert result["roots"] == ["svg.gorag-pathway", "ol.gorag-pathway-steps"]
    context.close()


def test_axe_check_fails_on_known_faults(browser: Browser) -> None:  # noqa: F811
    context = screen(browser, PHONE, touch=True)
    page = context.new_page()
    page.set_content('<!doctype html><html lang="en"><title>Faults</title><main>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color: #bbb">faint text</p>'
                     '<input type="text"></main></html>')
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(AXE_RUN_JS)
    assert {v["id"] for v in axe_blocking(violations)} == {"image-alt", "color-contrast", "label"}
    assert "page-has-heading-one" in {v["id"] for v in violations}  # moderate, and not one of the listed rules
    assert "image-alt (critical)" in axe_report([("faults.html", PHONE["width"], v) for v in violations])
    context.close()
