"""What test_accessibility.py checks on a built site, as data and plain functions.

* ``PAGE_TYPES``: one page of each kind a reader meets, in one table; ``site_pages`` turns it into
  the pages of a built site in every language.
* The in-page measurements (``OVERFLOW_JS``, ``PATHWAY_TEXT_JS``, ``AXE_RUN_JS``), run with
  Playwright's ``page.evaluate``.
* ``axe_blocking``, ``html_validate`` and the ``*_report`` functions, which turn raw results into
  what fails and into messages that tell a developer what to fix.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

TESTS = Path(__file__).resolve().parent
JS_DIR = TESTS / "js"
AXE_JS = JS_DIR / "node_modules" / "axe-core" / "axe.min.js"
VALIDATE_HTML = JS_DIR / "validate-html.mjs"


@dataclass(frozen=True)
class PageType:
    """A kind of page, by the path of one example under the site root (``ru/`` and ``tk/`` are
    added for the translations)."""

    name: str
    path: str
    translated: bool = True  # False: one page for every language (the 404)
    printables: bool = False  # True: built only when PDFs are (the downloads page)
    # True: a web server's answer to a missing address. Its links are absolute (under site_url's
    # path) so that it works at any depth; from file:// they lead nowhere, and no reader ever
    # opens it from there. It is checked over HTTP, as readers meet it.
    served: bool = False


PAGE_TYPES: tuple[PageType, ...] = (
    PageType("home", "index.html"),
    PageType("protocol", "protocols/child-abuse-reporting.html"),
    PageType("protocols index", "protocols/index.html"),
    PageType("role", "roles/social-worker.html"),
    PageType("roles index", "roles/index.html"),
    PageType("agencies", "agencies.html"),
    PageType("glossary", "glossary.html"),
    PageType("campaigns index", "campaigns/index.html"),
    PageType("campaign overview", "campaigns/world-day-2027/index.html"),
    PageType("campaign plan", "campaigns/world-day-2027/plan.html"),
    PageType("campaign schedule", "campaigns/world-day-2027/schedule.html"),
    PageType("campaign event", "campaigns/world-day-2027/events/world-day-event.html"),
    PageType("plan of activities", "campaigns/world-day-2027/activities.html"),
    PageType("campaign report", "campaigns/world-day-2027/report.html"),
    PageType("downloads", "downloads.html", printables=True),
    PageType("translation status", "translation-status.html"),
    PageType("quick exit", "neutral.html"),
    PageType("not found", "404.html", translated=False, served=True),
)
PROTOCOL = next(kind for kind in PAGE_TYPES if kind.name == "protocol")


@dataclass(frozen=True)
class SitePage:
    """One page of a built site."""

    kind: str
    lang: str
    site: Path
    rel: str  # path under the site root, e.g. ``ru/protocols/index.html``
    printables: bool = False  # from the small site built with PDFs
    served: bool = False  # opened over HTTP (see PageType.served)

    @property
    def label(self) -> str:
        """How reports name the page."""
        return f"{self.rel} [basic fixture, with PDFs]" if self.printables else self.rel

    @property
    def file(self) -> Path:
        return self.site / self.rel

    @property
    def url(self) -> str:
        return self.file.as_uri()


def page_path(kind: PageType, lang: str, default_lang: str = "en") -> str:
    """Where the page of ``kind`` in ``lang`` is, under the site root."""
    return kind.path if lang == default_lang or not kind.translated else f"{lang}/{kind.path}"


def site_pages(site: Path, printables_site: Path, langs: Sequence[str], kinds: Iterable[PageType] = PAGE_TYPES) -> list[SitePage]:
    """Every page of ``kinds`` in every language: from ``site`` (built without PDFs) or, for kinds
    that need printables, from ``printables_site``. Untranslated kinds appear once, as ``en``."""
    pages = []
    for kind in kinds:
        root = printables_site if kind.printables else site
        for lang in langs if kind.translated else langs[:1]:
            pages.append(SitePage(kind.name, lang, root, page_path(kind, lang, langs[0]), kind.printables, kind.served))
    return pages


def site_path(mkdocs_yml: Path) -> str:
    """The path of the site's address (``site_url``) in a project's mkdocs.yml: ``/gorag/`` for
    ``https://gorag.test/gorag/``, ``/`` if there is none."""
    found = re.search(r"^site_url:\s*(\S+)", mkdocs_yml.read_text(encoding="utf-8"), re.MULTILINE)
    path = urlsplit(found.group(1)).path.strip("/") if found else ""
    return f"/{path}/" if path else "/"


# --------------------------------------------------------------------------------------------------
# Measurements in the page

# Horizontal overflow at the viewport width given. Returns the document's and the body's
# scrollWidth and every rendered element whose right edge passes that width, unless a scroller
# meant for it (overflow-x auto/scroll, with a visible cue) holds it.
#
# Not rendered, so skipped: elements hidden by display, visibility or opacity (Material's closed
# menus fade out), of zero size, clipped to nothing by an ancestor (a closed dropdown of max-height
# 0), and the navigation drawer and search overlay while closed (they wait off-screen).
# Clipping ancestors are found as CSS defines them: an absolutely positioned box escapes static
# ancestors, a fixed one every ancestor. The page's own root (html, body) is not counted as
# "clipping to nothing": content cut off there is exactly what the check looks for.
OVERFLOW_JS = """(width) => {
  const INTENTIONAL = ".md-typeset__scrollwrap, .gorag-figure, .gorag-scroll";
  const closed = [];
  if (!document.getElementById("__drawer")?.checked) closed.push(".md-sidebar--primary");
  if (!document.getElementById("__search")?.checked) closed.push(".md-search");
  const skip = closed.join(", ");
  window.scrollTo(0, 0);

  const describe = (el) => {
    const parts = [];
    for (let e = el; e && parts.length < 4; e = e.parentElement) {
      if (e === document.documentElement || e === document.body) { parts.unshift(e.localName); break; }
      if (e.id) { parts.unshift(e.localName + "#" + CSS.escape(e.id)); break; }
      const classes = [...e.classList].slice(0, 2).map((c) => "." + CSS.escape(c)).join("");
      parts.unshift(e.localName + classes);
    }
    return parts.join(" > ");
  };
  const clippers = (el) => {
    const out = [];
    let mode = getComputedStyle(el).position;
    for (let a = el.parentElement; a && mode !== "fixed"; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (mode === "absolute" && s.position === "static") continue;
      if (s.overflowX !== "visible" || s.overflowY !== "visible") out.push(a);
      mode = s.position;
    }
    return out;
  };

  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (skip && el.closest(skip)) continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const right = box.right + window.scrollX;
    if (right <= width + 0.5) continue;
    const chain = clippers(el);
    let left = box.left, top = box.top, r = box.right, bottom = box.bottom;
    for (const a of chain) {
      if (a === document.body || a === document.documentElement) continue;
      const s = getComputedStyle(a), c = a.getBoundingClientRect();
      if (s.overflowX !== "visible") { left = Math.max(left, c.left); r = Math.min(r, c.right); }
      if (s.overflowY !== "visible") { top = Math.max(top, c.top); bottom = Math.min(bottom, c.bottom); }
    }
    if (r - left <= 0 || bottom - top <= 0) continue;
    const scroller = chain.find((a) => /auto|scroll/.test(getComputedStyle(a).overflowX) && a.matches(INTENTIONAL));
    if (scroller) continue;
    const clip = chain.find((a) => getComputedStyle(a).overflowX !== "visible");
    found.push({
      el,
      selector: describe(el),
      text: (el.innerText ?? el.textContent ?? "").trim().replace(/\\s+/g, " ").slice(0, 60),
      right: Math.round(right * 10) / 10,
      clippedBy: clip ? describe(clip) + " {overflow-x: " + getComputedStyle(clip).overflowX + "}" : null,
    });
  }
  const offending = new Set(found.map((f) => f.el));
  const offenders = found.map((f) => {
    let outer = false;
    for (let a = f.el.parentElement; a; a = a.parentElement) if (offending.has(a)) { outer = true; break; }
    const inside = found.filter((g) => g.el !== f.el && f.el.contains(g.el)).length;
    return { selector: f.selector, text: f.text, right: f.right, clippedBy: f.clippedBy, outermost: !outer, inside };
  });
  return {
    documentScrollWidth: document.documentElement.scrollWidth,
    bodyScrollWidth: document.body.scrollWidth,
    offenders,
  };
}"""

# The referral pathway's smallest rendered text, wherever the page shows it: an SVG (font-size in
# user units times the SVG's scale on screen) or an HTML rendition (computed font-size). Only
# visible elements with text of their own count. Returns every text measured.
PATHWAY_TEXT_JS = """() => {
  const visible = (el) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
    && el.getClientRects().length > 0
    && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
  const ownText = (el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
    .map((n) => n.data).join("").trim().replace(/\\s+/g, " ");
  const all = [...document.querySelectorAll('[class*="pathway"]')];
  const roots = all.filter((el) => !all.some((other) => other !== el && other.contains(el)));
  const texts = [];
  for (const root of roots) {
    if (!visible(root)) continue;
    for (const el of [root, ...root.querySelectorAll("*")]) {
      const text = ownText(el);
      if (!text || !visible(el)) continue;
      const computed = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGElement) {
        if (!["text", "tspan", "textPath"].includes(el.localName)) continue;
        const m = el.getScreenCTM();
        const scale = m ? Math.hypot(m.c, m.d) : el.getBoundingClientRect().height / el.getBBox().height;
        texts.push({ text: text.slice(0, 40), kind: "svg", fontSize: computed, scale, rendered: computed * scale });
      } else {
        texts.push({ text: text.slice(0, 40), kind: "html", fontSize: computed, scale: 1, rendered: computed });
      }
    }
  }
  return { roots: roots.filter(visible).map((r) => r.localName + "." + [...r.classList].join(".")), texts };
}"""

# Runs axe-core (injected before) on the whole document with the WCAG 2.0-2.2 A/AA rules and
# best practices; returns the violations, each node's HTML shortened.
AXE_RUN_JS = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"], runOnly: { type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(" "), impact: n.impact,
                                 html: n.html.slice(0, 200), summary: (n.failureSummary || "").slice(0, 300) })),
  }));
}"""


# --------------------------------------------------------------------------------------------------
# axe-core

BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# Moderate rules that matter for Gorag's readers all the same: landmarks and regions a screen reader
# user jumps by, touch targets on phones, names that voice control and screen readers say, labels,
# and contrast.
BLOCKING_MODERATE_RULES = frozenset({"landmark-unique", "region", "landmark-one-main", "target-size",
                                     "label-content-name-mismatch", "aria-dialog-name", "label", "color-contrast"})


def axe_blocking(violations: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The violations that fail the test: serious or critical, or one of the moderate rules above."""
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS or v["id"] in BLOCKING_MODERATE_RULES]


def axe_report(findings: Iterable[tuple[str, int, Mapping[str, Any]]], examples: int = 4) -> str:
    """``(page, width, violation)`` triples as text grouped by rule: the pages and widths where it
    fails, and a few of the elements (axe's CSS selectors) to fix."""
    by_rule: dict[str, list[tuple[str, int, Mapping[str, Any]]]] = defaultdict(list)
    for page, width, violation in findings:
        by_rule[violation["id"]].append((page, width, violation))
    lines = []
    for rule, items in sorted(by_rule.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        first = items[0][2]
        nodes = sum(len(v["nodes"]) for _, _, v in items)
        where: dict[str, list[int]] = defaultdict(list)
        for page, width, _ in items:
            where[page].append(width)
        lines.append(f"{rule} ({first['impact']}): {first['help']} — {nodes} elements on {len(where)} pages")
        lines.append(f"  {first['helpUrl']}")
        shown = [f"{p} @{'/'.join(map(str, sorted(w)))}" for p, w in sorted(where.items())]
        lines.append("  pages: " + ", ".join(shown[:8]) + (f" … (+{len(shown) - 8})" if len(shown) > 8 else ""))
        targets: list[str] = []
        for _, _, violation in items:
            for node in violation["nodes"]:
                if node["target"] not in targets:
                    targets.append(node["target"])
        for target in targets[:examples]:
            lines.append(f"  e.g. {target}")
        if len(targets) > examples:
            lines.append(f"  … and {len(targets) - examples} more distinct targets")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Phone width


def overflow_report(results: Iterable[tuple[str, int, Mapping[str, Any]]], width_of: Mapping[int, int] | None = None,
                    examples: int = 5) -> str:
    """``(page, width, OVERFLOW_JS result)`` triples that overflow, as text: the scroll widths and
    the outermost offending elements (selector, text, right edge, what cuts them off)."""
    lines = []
    for page, width, result in results:
        roots = [o for o in result["offenders"] if o["outermost"]]
        lines.append(f"{page} @{width}px: scrollWidth document {result['documentScrollWidth']}, "
                     f"body {result['bodyScrollWidth']}; {len(result['offenders'])} elements past {width}px, "
                     f"{len(roots)} outermost")
        for o in roots[:examples]:
            cut = f", cut off by {o['clippedBy']}" if o["clippedBy"] else ""
            inner = f" (+{o['inside']} inside)" if o["inside"] else ""
            lines.append(f"  {o['selector']} right={o['right']}{cut}{inner}: {o['text']!r}")
        if len(roots) > examples:
            lines.append(f"  … and {len(roots) - examples} more")
    return "\n".join(lines)


def overflows(result: Mapping[str, Any], width: int) -> bool:
    """Whether the page at ``width`` scrolls sideways or cuts anything off at the right."""
    return bool(result["documentScrollWidth"] > width or result["bodyScrollWidth"] > width or result["offenders"])


# --------------------------------------------------------------------------------------------------
# HTML validity


@dataclass(frozen=True)
class Allowed:
    """An html-validate error accepted on purpose: from Material's own markup and impossible to fix
    in ``overrides/`` (say why in ``reason``). ``pattern`` must occur in the message, the selector
    or the source line."""

    rule: str
    pattern: str
    reason: str

    def matches(self, message: Mapping[str, Any]) -> bool:
        where = (message["message"], message.get("selector") or "", message.get("source") or "")
        return message["ruleId"] == self.rule and any(self.pattern in text for text in where)


class ValidatorMissing(RuntimeError):
    """html-validate (npm) or Node.js is not installed."""


def html_validate(files: Sequence[Path]) -> dict[str, list[dict[str, Any]]]:
    """html-validate's messages for each file (``tests/js/validate-html.mjs``), keyed by str(path)."""
    if not (JS_DIR / "node_modules" / "html-validate").is_dir():
        raise ValidatorMissing(f"html-validate is not installed in {JS_DIR / 'node_modules'}: run `npm ci --prefix tests/js`")
    node = shutil.which("node")
    if node is None:
        raise ValidatorMissing("`node` is not on PATH: install Node.js 20+")
    proc = subprocess.run([node, str(VALIDATE_HTML), *map(str, files)], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"validate-html.mjs failed (exit {proc.returncode}):\n{proc.stderr.strip()}")
    result: dict[str, list[dict[str, Any]]] = json.loads(proc.stdout)["files"]
    return result


def in_content(message: Mapping[str, Any]) -> bool:
    """Whether an html-validate message points into the page's article (Gorag's Markdown and
    generated pages) rather than the theme around it (Material's base.html, Gorag's overrides)."""
    return "article" in (message.get("selector") or "").split(" > ")


def html_report(errors: Iterable[tuple[str, Mapping[str, Any]]], examples: int = 3) -> str:
    """``(page, message)`` pairs as text grouped by rule: count, pages, and a few examples with the
    selector and the start of the source line."""
    by_rule: dict[str, list[tuple[str, Mapping[str, Any]]]] = defaultdict(list)
    for page, message in errors:
        by_rule[message["ruleId"]].append((page, message))
    lines = []
    for rule, items in sorted(by_rule.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        pages = sorted({page for page, _ in items})
        content = sum(in_content(m) for _, m in items)
        lines.append(f"{rule}: {len(items)} errors on {len(pages)} pages ({content} in the article, "
                     f"{len(items) - content} in the theme around it)")
        seen: set[tuple[str, str]] = set()
        for page, m in items:
            key = (m["message"], m.get("source") or "")
            if key in seen:
                continue
            seen.add(key)
            lines.append(f"  {page}:{m['line']}:{m['column']} {m['message']}")
            lines.append(f"    at {m.get('selector')}: {m.get('source')}")
            if len(seen) == examples:
                break
        lines.append("  pages: " + ", ".join(pages[:8]) + (f" … (+{len(pages) - 8})" if len(pages) > 8 else ""))
    return "\n".join(lines)
