"""Protocol and role pages on a phone: "What to do" near the top, a pathway a phone can read (numbered
steps on narrow screens, the SVG on wide screens, paper and PDFs, both from one list of steps),
decision branches that can be followed, labelled checklists and an About box that fits 320 px.

The page tests open the real built site from file:// in headless Chromium with phone emulation."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import markdown
import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page

from conftest import FIXTURES, LANGS, REPO, make_project, run_gorag
from gorag.diagram import BOX_W, BOX_X, Node, pathway_steps, pathway_svg
from gorag.languages import lang_prefix as prefix
from gorag.library import load_library
from gorag.markup import MARKDOWN_EXTENSIONS
from gorag.models import Names
from gorag.render import render_protocol, render_role
from test_browser import browser  # noqa: F401  (the module's Chromium)
from test_print_design import colour_counts

SVG = "{http://www.w3.org/2000/svg}"
RIGHT = BOX_X + BOX_W
PHONES = (320, 390)
PHONE_HEIGHT = {320: 568, 390: 844}
SHIPPED = ("child-abuse-reporting", "child-victims-witnesses", "diversion", "ombudsman-case-management",
           "ombudsman-complaints", "ombudsman-monitoring", "trafficking-identification-referral")
ROLES = ("social-worker", "teacher", "health-worker", "police", "prosecutor", "judge", "ombudsman-staff")
HOSTILE = "<img src=x onerror=alert(1)>"

# A pathway with what makes branches hard to follow: a three-way decision whose branches jump
# forward, an arrow arriving at that decision from above, a decision looping back, a long label.
BRANCHY = [
    Node("a", "Notice the signs", "Teacher", False, (("c", ""),), "teacher"),
    Node("b", "Treat the injuries", "Health worker", False, (("c", ""),), "health"),
    Node("c", "Is the child in immediate danger?", "Teacher", True,
         (("d", "Yes"), ("e", "No, but a crime is suspected"), ("f", "No")), "teacher"),
    Node("d", "Protect the child", "Police", False, (("e", ""),), "police"),
    Node("e", "Register the report", "Police", False, (("f", ""),), "police"),
    Node("f", "Plan the support", "Social worker", False, (("g", ""),), "social"),
    Node("g", "Review: is the child safe?", "Social worker", True, (("h", "Yes"), ("f", "No")), "social"),
    Node("h", "Close the case", "Social worker", False, (), "social"),
]


# --------------------------------------------------------------------------------------------------
# The diagram: branches that can be followed


def edges(svg: ET.Element) -> list[tuple[tuple[float, float], tuple[float, float], bool]]:
    """Every arrow as (start, end, sideways), in drawing order (the order of the steps' targets)."""
    out = []
    for path in svg.iter(f"{SVG}path"):
        if path.get("class") != "edge":
            continue
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
        if "H" in path.get("d", ""):  # M x y H lane V y2 H x2
            out.append(((numbers[0], numbers[1]), (numbers[4], numbers[3]), True))
        else:  # M x y V y2
            out.append(((numbers[0], numbers[1]), (numbers[0], numbers[2]), False))
    return out


def labels(svg: ET.Element) -> dict[tuple[str, float], str]:
    """Labels beside the column, keyed by (class, the y of the arrow just below the label's last
    line): lines stacked 14 units apart end 6 units above their arrow."""
    lines = {(t.get("class", ""), float(t.get("y", 0))): t.text or "" for t in svg.iter(f"{SVG}text")
             if t.get("class", "").startswith("label") and float(t.get("x", 0)) == RIGHT + 6}
    out = {}
    for (cls, y), _ in lines.items():
        if (cls, y + 14) in lines:
            continue  # not a label's last line
        parts: list[str] = []
        top = y
        while (cls, top) in lines:
            parts.insert(0, lines[(cls, top)])
            top -= 14
        out[(cls, y + 6)] = " ".join(parts)
    return out


def boxes(svg: ET.Element) -> list[tuple[float, float]]:
    """Each step's box as (top, bottom), in order."""
    out = []
    for el in svg:
        if el.get("class") == "step":
            out.append((float(el.get("y", 0)), float(el.get("y", 0)) + float(el.get("height", 0))))
        elif el.get("class") == "decision":
            ys = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", el.get("d", ""))[1::2]]
            out.append((min(ys), max(ys)))
    return out


def shipped_svgs() -> Iterator[tuple[str, ET.Element]]:
    from gorag.render import pathway

    library = load_library(REPO / "protocols", REPO / "docs", REPO)
    for protocol in library.protocols:
        for lang in LANGS:
            yield f"{lang}/{protocol.id}", ET.fromstring(str(pathway(library, protocol, lang)))


def test_branches_leave_and_arrive_at_points_of_their_own() -> None:
    cases = [("branchy", ET.fromstring(pathway_svg(BRANCHY, "Pathway", "pathway-x"))), *shipped_svgs()]
    for name, svg in cases:
        arrows = edges(svg)
        spans = boxes(svg)
        starts = [start for start, _, _ in arrows]
        ends = [end for _, end, _ in arrows]
        assert len(set(starts)) == len(starts), f"{name}: two arrows leave from one point: {starts}"
        assert len(set(ends)) == len(ends), f"{name}: two arrows arrive at one point: {ends}"
        for start in starts:
            for end in ends:
                assert abs(start[0] - end[0]) + abs(start[1] - end[1]) >= 8, f"{name}: {start} leaves where {end} arrives"
        for start, end, sideways in arrows:
            if sideways:  # on the box's straight right edge, not at a corner
                for x, y in (start, (end[0] - 1, end[1])):
                    assert x == RIGHT, (name, start, end)
                    assert any(top + 12 <= y <= bottom - 12 for top, bottom in spans), f"{name}: {y} is not on a box's edge"


def test_each_branch_is_labelled_where_it_leaves_and_where_it_arrives() -> None:
    svg = ET.fromstring(pathway_svg(BRANCHY, "Pathway", "pathway-x"))
    found = labels(svg)
    targets = [(node, label) for node in BRANCHY for _, label in node.targets]
    arrows = edges(svg)
    assert len(arrows) == len(targets)
    sideways = 0
    for (start, end, is_sideways), (node, label) in zip(arrows, targets, strict=True):
        if not label:
            continue
        if is_sideways:
            sideways += 1
            assert found.get(("label", start[1])) == label, (node.id, label, found)
            assert found.get(("label arrival", end[1])) == label, (node.id, label, found)
        else:  # straight down into the next box: one label on the short arrow
            near = [t.text or "" for t in svg.iter(f"{SVG}text") if t.get("class") == "label"
                    and start[0] < float(t.get("x", 0)) < RIGHT and start[1] < float(t.get("y", 0)) < end[1]]
            assert " ".join(near) == label
    assert sideways == 3  # "No, but…" and "No" jump forward, the review's "No" loops back


def test_phone_steps_and_diagram_come_from_the_same_nodes() -> None:
    svg = ET.fromstring(pathway_svg(BRANCHY, "Pathway", "pathway-x"))
    titles = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "title"]
    numbers = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "number"]
    steps = pathway_steps(BRANCHY, "pathway-x")
    assert [s.title for s in steps] == titles  # every title fits on one line here
    assert [str(s.number) for s in steps] == numbers
    decision = steps[2]
    assert decision.decision and decision.anchor == "pathway-x--c"
    assert [(b.label, b.number, b.title, b.anchor) for b in decision.branches] == [
        ("Yes", 4, "Protect the child", "pathway-x--d"), ("No, but a crime is suspected", 5, "Register the report", "pathway-x--e"),
        ("No", 6, "Plan the support", "pathway-x--f")]
    assert sum(len(s.branches) for s in steps) == len(edges(svg))
    assert steps[-1].branches == ()


# --------------------------------------------------------------------------------------------------
# Browser


def phone(browser: Browser, width: int, **extra: Any) -> BrowserContext:  # noqa: F811
    """A phone's browser: touch screen, three pixels to the CSS pixel, ``width`` CSS pixels wide."""
    return browser.new_context(viewport={"width": width, "height": PHONE_HEIGHT[width]}, is_mobile=True, has_touch=True,
                               device_scale_factor=3, **extra)


def settle(page: Page) -> None:
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")


# The smallest font size of visible text in the pathway that is shown: the SVG's (scaled to its
# size on screen) or the numbered steps'.
PATHWAY_TEXT = """() => {
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const sizes = [];
  const svg = document.querySelector("svg.gorag-pathway");
  if (svg && shown(svg)) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    svg.querySelectorAll("text").forEach((t) => sizes.push(parseFloat(getComputedStyle(t).fontSize) * scale));
  }
  const steps = document.querySelector("ol.gorag-steps");
  if (steps && shown(steps)) {
    steps.querySelectorAll("*").forEach((el) => {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.data.trim());
      if (own && shown(el)) sizes.push(parseFloat(getComputedStyle(el).fontSize));
    });
  }
  return { svg: !!svg && shown(svg), steps: !!steps && shown(steps), smallest: Math.min(...sizes), count: sizes.length };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", PHONES)
def test_protocol_and_role_pages_fit_the_phone(shipped_site: Path, browser: Browser, width: int) -> None:  # noqa: F811
    context = phone(browser, width)
    page = context.new_page()
    wide = []
    for lang in LANGS:
        for rel in [f"protocols/{doc}.html" for doc in SHIPPED] + [f"roles/{role}.html" for role in ROLES]:
            page.goto((shipped_site / f"{prefix(lang)}{rel}").as_uri())
            settle(page)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            meta = page.evaluate("document.querySelector('.gorag-meta')?.getBoundingClientRect().right ?? 0")
            if scroll_width > width or meta > width:
                wide.append((f"{prefix(lang)}{rel}", scroll_width, meta))
    context.close()
    assert wide == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_what_to_do_comes_first_and_the_pathway_reads_on_a_phone(shipped_site: Path, browser: Browser, lang: str) -> None:  # noqa: F811
    context = phone(browser, 390)
    page = context.new_page()
    for doc in SHIPPED:
        page.goto((shipped_site / f"{prefix(lang)}protocols/{doc}.html").as_uri())
        settle(page)
        top = page.evaluate("document.getElementById('what-to-do').getBoundingClientRect().top + scrollY")
        assert top < 1.5 * 844, f"{doc}: What to do starts at {top}px"
        assert page.evaluate("document.getElementById('what-to-do').compareDocumentPosition(document.querySelector('.gorag-meta'))") == 4
        text = page.evaluate(PATHWAY_TEXT)
        assert text["steps"] and not text["svg"], (doc, text)
        assert text["count"] > 10 and text["smallest"] >= 12, (doc, text)
    context.close()


@pytest.mark.browser
def test_wide_screens_and_paper_show_the_diagram(shipped_site: Path, browser: Browser) -> None:  # noqa: F811
    rel = (shipped_site / "ru/protocols/child-abuse-reporting.html").as_uri()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(rel)
    settle(page)
    text = page.evaluate(PATHWAY_TEXT)
    assert text["svg"] and not text["steps"] and text["smallest"] >= 12, text
    context.close()
    context = phone(browser, 390)
    page = context.new_page()
    page.goto(rel)
    page.emulate_media(media="print")
    text = page.evaluate(PATHWAY_TEXT)
    assert text["svg"] and not text["steps"], text
    assert page.locator("ul.gorag-checklist input[type=checkbox]").first.is_visible()
    context.close()


def checkbox_names(page: Page) -> list[str]:
    """Each checklist item's text as a reader sees it, one per check box."""
    return page.evaluate("""[...document.querySelectorAll('ul.gorag-checklist input[type=checkbox]')]
        .map((box) => box.closest('label').innerText.replace(/\\s+/g, ' ').trim())""")


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["ru/protocols/child-abuse-reporting.html", "tk/protocols/diversion.html",
                                 "roles/social-worker.html", "ru/roles/police.html", "tk/roles/teacher.html"])
def test_every_checkbox_is_named_by_its_item(shipped_site: Path, browser: Browser, rel: str) -> None:  # noqa: F811
    context = phone(browser, 390)
    page = context.new_page()
    page.goto((shipped_site / rel).as_uri())
    names = checkbox_names(page)
    assert names and page.get_by_role("checkbox").count() == len(names)
    for name in names:
        assert " — " in name
        box = page.get_by_role("checkbox", name=name, exact=True)
        assert box.count() >= 1, name
    first = page.get_by_role("checkbox", name=names[0], exact=True).first
    first.locator("xpath=..").click()  # a tap on the label's text ticks the box
    assert first.is_checked()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_every_branch_links_to_its_step(shipped_site: Path, browser: Browser, lang: str) -> None:  # noqa: F811
    context = phone(browser, 390)
    page = context.new_page()
    for doc in SHIPPED:
        page.goto((shipped_site / f"{prefix(lang)}protocols/{doc}.html").as_uri())
        broken = page.evaluate("""() => [...document.querySelectorAll('.gorag-step__next a')].filter((a) => {
            const target = document.getElementById(a.getAttribute('href').slice(1));
            if (!target || !target.matches('li.gorag-step')) return true;
            const number = target.querySelector('.gorag-step__number').textContent.replace(/\\D/g, '');
            const title = target.querySelector('.gorag-step__title').textContent;
            return !a.textContent.includes(number + ': ' + title);
          }).map((a) => a.outerHTML)""")
        assert broken == [], doc
        roles = page.evaluate("[...document.querySelectorAll('.gorag-step__role a')]"
                              ".filter((a) => !document.getElementById(a.getAttribute('href').slice(1))).length")
        assert roles == 0, doc
    page.goto((shipped_site / f"{prefix(lang)}protocols/child-abuse-reporting.html").as_uri())
    decision = page.locator("li.gorag-step--decision").first
    option = decision.locator(".gorag-step__next a").last
    target = option.get_attribute("href")
    option.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(f"li.gorag-step{target}").is_visible()
    assert page.evaluate(f"document.querySelector('{target}').getBoundingClientRect().top") < 844
    context.close()


@pytest.mark.browser
def test_role_page_links_to_each_protocols_pathway(shipped_site: Path, browser: Browser) -> None:  # noqa: F811
    context = phone(browser, 390)
    page = context.new_page()
    page.goto((shipped_site / "ru/roles/teacher.html").as_uri())
    link = page.locator("article a[href*='#what-to-do-pathway']").first
    link.click()
    page.wait_for_url("**/ru/protocols/*.html#what-to-do-pathway")
    assert page.locator("#what-to-do-pathway").is_visible()
    context.close()


# axe-core on the whole page (WCAG 2.2 A/AA and best practices): every unlabelled form field, and
# whatever serious or critical it finds in this markup (the theme around it is tested elsewhere).
AXE_RUN = """async (ours) => {
  const result = await axe.run(document, { runOnly: { type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
  const inOurs = (n) => n.target.length === 1 && document.querySelector(String(n.target[0]))?.closest(ours);
  return result.violations
    .map((v) => ({ id: v.id, impact: v.impact,
                   nodes: v.nodes.filter((n) => v.id === "label" || inOurs(n)).map((n) => n.target.join(" ")) }))
    .filter((v) => v.nodes.length && (v.id === "label" || ["serious", "critical"].includes(v.impact)));
}"""
OUR_MARKUP = "#what-to-do, .gorag-figure--pathway, ol.gorag-steps, ul.gorag-checklist, .gorag-meta, .gorag-checklist__pathway"


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_unlabelled_box_and_nothing_serious_in_this_markup(shipped_site: Path, browser: Browser, width: int) -> None:  # noqa: F811
    axe = REPO / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.is_file(), "axe-core is not installed: run `npm ci --prefix tests/js`"
    context = (phone(browser, 390, bypass_csp=True) if width == 390
               else browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True))
    page = context.new_page()
    found = {}
    for lang in LANGS:
        for rel in ("protocols/child-abuse-reporting.html", "roles/social-worker.html"):
            page.goto((shipped_site / f"{prefix(lang)}{rel}").as_uri())
            settle(page)
            page.add_script_tag(path=str(axe))
            violations = page.evaluate(AXE_RUN, OUR_MARKUP)
            if violations:
                found[f"{prefix(lang)}{rel}"] = violations
    context.close()
    assert found == {}


# --------------------------------------------------------------------------------------------------
# Untrusted texts


@pytest.mark.browser
def test_texts_that_look_like_markup_show_as_written(tmp_path: Path, browser: Browser) -> None:  # noqa: F811
    """Plain texts an editor may write (validation lets them through) are shown exactly as written
    in the steps, the checklists and the diagram of a real build."""
    root = make_project(tmp_path / "p")
    title = 'Check *both* parents_ & say "1 < 2" {x} `y` | z'
    label = 'Yes & "maybe" > no'
    role = "Teacher <3 & co_"
    source = root / "protocols" / "alpha.en.md"
    source.write_text(source.read_text(encoding="utf-8").replace("title: Notice the signs", f"title: '{title}'")
                      .replace('label: "Yes"', f"label: '{label}'"), encoding="utf-8")
    roles = root / "protocols" / "roles.yml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("{en: Teacher,", f"{{en: '{role}',"), encoding="utf-8")
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    context = phone(browser, 390)
    page = context.new_page()
    page.goto((root / "site" / "protocols" / "alpha.html").as_uri())
    assert page.locator(".gorag-step__title").first.inner_text() == title
    assert page.locator(".gorag-step__role").first.inner_text() == role
    assert page.locator("li.gorag-step--decision .gorag-step__next a").first.inner_text() == f"{label} → Step 3: Protect the child now"
    assert page.get_by_role("checkbox", name=f"{title} — Write down what you saw, in the child's words.", exact=True).count() == 1
    assert page.get_by_role("checkbox", name=f"Is the child in immediate danger? — if “{label}”: Protect the child now; "
                                             "if “No”: Assess needs", exact=True).count() == 1
    svg_texts = page.evaluate("[...document.querySelectorAll('svg.gorag-pathway text')].map((t) => t.textContent)")
    assert title in " ".join(svg_texts)  # wrapped over two lines
    assert label in svg_texts and role in svg_texts
    page.goto((root / "site" / "roles" / "teacher.html").as_uri())
    assert page.locator("h1").inner_text().startswith("I am a teacher")
    assert page.get_by_role("checkbox", name=f"{title} — Write down what you saw, in the child's words.", exact=True).count() == 1
    context.close()


@pytest.mark.browser
def test_hostile_texts_stay_text_even_past_validation(browser: Browser) -> None:  # noqa: F811
    """Validation refuses HTML in plain-text fields; should a hostile title, label or role name get
    past it, the page still shows it as text and runs nothing."""
    library = load_library(FIXTURES / "basic" / "protocols", FIXTURES / "basic" / "docs", FIXTURES / "basic")
    alpha = library.protocol("alpha")
    steps = tuple(replace(s, title=f"{HOSTILE} {s.id}", options=tuple(replace(o, label=f"{HOSTILE}{o.label}") for o in s.options))
                  for s in alpha.steps)
    alpha = replace(alpha, steps=steps, translations=())
    roles = tuple(replace(r, name=Names({**r.name, "en": f"{HOSTILE}{r.name['en']}"})) for r in library.roles)
    library = replace(library, protocols=(alpha,) + library.protocols[1:], roles=roles)
    extensions = [name for name, _ in MARKDOWN_EXTENSIONS]
    css = (REPO / "overrides" / "assets" / "stylesheets" / "protocol.css").read_text(encoding="utf-8")

    def html(text: str) -> str:
        """The page as the site's Markdown renders it, front matter left out."""
        body = markdown.markdown(text.split("\n---\n", 1)[1], extensions=extensions, extension_configs=dict(MARKDOWN_EXTENSIONS))
        return f"<!doctype html><html><head><style>{css}</style></head><body><article class='md-typeset'>{body}</article></body></html>"

    context = phone(browser, 390)
    page = context.new_page()
    dialogs: list[str] = []

    def dialog(opened: Dialog) -> None:
        dialogs.append(opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    role_page = html(render_role(library, "police", "en"))
    assert "<img" not in role_page
    page.set_content(role_page)
    assert page.locator("img").count() == 0
    assert page.get_by_role("checkbox", name=f"{HOSTILE} danger — if “{HOSTILE}Yes”: {HOSTILE} protect; "
                                             f"if “{HOSTILE}No”: {HOSTILE} assess", exact=True).count() == 1
    protocol_page = html(render_protocol(library, alpha, "en"))
    assert "<img" not in protocol_page
    page.set_content(protocol_page)
    assert page.locator("img").count() == 0
    assert page.locator(".gorag-step__title").first.inner_text() == f"{HOSTILE} notice"
    assert page.locator("li.gorag-step--decision .gorag-step__next a").first.inner_text() == (
        f"{HOSTILE}Yes → Step 3: {HOSTILE} protect")
    assert page.locator(".gorag-step__role").first.inner_text() == f"{HOSTILE}Teacher"
    assert page.get_by_role("checkbox", name=f"{HOSTILE} notice — Write down what you saw, in the child's words.", exact=True).count() == 1
    svg_texts = page.evaluate("[...document.querySelectorAll('svg.gorag-pathway text')].map((t) => t.textContent)")
    assert f"{HOSTILE}Yes" in " ".join(svg_texts) and f"{HOSTILE}Teacher" in svg_texts  # a long label wraps
    assert dialogs == []
    context.close()


# --------------------------------------------------------------------------------------------------
# PDFs


def test_protocol_pdf_shows_the_diagram_not_the_phone_steps(tmp_path: Path) -> None:
    from datetime import date

    from pypdf import PdfReader

    from gorag.pdf import render
    from gorag.printables import printable_jobs

    library = load_library(FIXTURES / "basic" / "protocols", FIXTURES / "basic" / "docs", FIXTURES / "basic")
    fonts = REPO / "overrides" / "assets" / "fonts"
    jobs, _ = printable_jobs(library, "https://example.org/gorag/", date(2026, 1, 1), fonts)
    html = next(job.html for job in jobs if job.path == "tk/downloads/protocols/alpha.pdf")
    assert html.count('<svg class="gorag-pathway"') == 1 and "gorag-steps" not in html
    pdf = tmp_path / "alpha.pdf"
    pdf.write_bytes(render(html, fonts))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    for expected in ("Ugrukdyrma ýoly", "Çaga derrew howp abanýarmy?", "Hawa", "Ýok", "Zerurlyklara baha beriň"):
        assert expected in text, expected
    if shutil.which("pdftoppm"):  # the page with the diagram is drawn, not blank
        import subprocess

        from PIL import Image

        page = next(i for i, p in enumerate(PdfReader(pdf).pages, 1) if "Hawa" in p.extract_text())
        subprocess.run(["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf),
                        str(tmp_path / "page")], check=True)
        colours = dict((colour, count) for count, colour in colour_counts(Image.open(tmp_path / "page.png").convert("RGB")))
        assert colours.get((224, 242, 241), 0) > 500  # the steps' fill colour
