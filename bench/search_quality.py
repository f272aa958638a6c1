"""Search quality on a built site: MRR and hits@k of judged queries, typed into the search box.

    python bench/search_quality.py SITE [--judged tests/search/judged.yml] [--json out.json]

SITE is a built site folder (``gorag build --site-dir SITE``). For every judged query (see
tests/search/judged.yml) it opens the language's home page (``index.html``, ``ru/index.html``,
``tk/index.html``) from file:// in Debian's headless Chromium, clicks into Material's search box,
types the query one key at a time as a reader would, waits for the results to settle and reads
every result link in display order (each page's link, its section links and the sections folded
under "more on this page"; further pages that Material renders only on scrolling are scrolled in).

It reads nothing but the DOM of Material's search UI, so it measures whatever engine answers
behind that UI (Material's lunr today, Gorag's own index later) in the same way.

Ranks, 1-based, 0 when not found:

- page rank: position of the judged page among the distinct pages in display order (Material
  shows one result item per page, so this is the item's position);
- section rank: position of ``page#anchor`` among the distinct section links (links with an
  anchor) in display order, across pages: the first section Material lists under the first page
  is rank 1. A page's own link (no anchor) is not a section and takes no position.

Per language it prints MRR (page), MRR (section), hits@1 and hits@5 (page level; section level in
brackets), the number of queries and the queries that found nothing. A query whose results have
not settled within ``--timeout`` seconds (default 15) counts as rank 0.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import yaml

LANGS = ("en", "ru", "tk")
HOMES = {"en": "index.html", "ru": "ru/index.html", "tk": "tk/index.html"}
PREFIX = {"en": "", "ru": "ru/", "tk": "tk/"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The flags tests/test_browser.py launches Chromium with.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 900}  # wide enough for the header's search box to be shown
KEY_DELAY_MS = 40  # between keystrokes: a quick typist
QUIET_S = 0.3  # results unchanged this long count as settled
POLL_S = 0.05
MAX_ROUNDS = 6  # typing rounds per query (see Judge.run_query)
DEFAULT_TIMEOUT_S = 15.0
REPO = Path(__file__).resolve().parent.parent

# What the result panel shows: its status line and every result link, in document order (which is
# display order: a page's link, then its sections, then those folded under <details>).
SNAPSHOT_JS = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const links = [...document.querySelectorAll('.md-search-result__list .md-search-result__item a[href]')];
  return [meta ? meta.textContent.trim() : '', links.map(a => a.getAttribute('href'))];
}"""

# Material renders result items in batches as the list is scrolled: scroll to its end.
SCROLL_JS = """() => {
  const wrap = document.querySelector('.md-search__scrollwrap');
  if (wrap) wrap.scrollTop = wrap.scrollHeight;
  return document.querySelectorAll('.md-search-result__list .md-search-result__item').length;
}"""

Snapshot = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Judged:
    """One judged query: what is typed, in which language, and which page and section answer it."""

    lang: str
    query: str
    page: str
    anchor: str
    kind: str = ""


@dataclass
class Outcome:
    """What one query found: ranks (0 = not found) and the first results, for the JSON report."""

    lang: str
    query: str
    kind: str
    page: str
    anchor: str
    page_rank: int = 0
    section_rank: int = 0
    results: int = 0  # distinct links read
    top: list[str] = field(default_factory=list)  # the first links, as page#anchor
    settled: bool = False
    seconds: float = 0.0


def load_judged(path: Path) -> list[Judged]:
    """The judged queries of ``path`` (a YAML mapping with a ``queries`` list)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Judged(lang=q["lang"], query=str(q["query"]), page=q["page"], anchor=q["anchor"], kind=q.get("kind", ""))
            for q in data["queries"]]


def nfc(text: str) -> str:
    """NFC form: ids and hrefs may spell Turkmen and Cyrillic letters composed or decomposed."""
    return unicodedata.normalize("NFC", text)


def relative_link(href: str, base_url: str, site_url: str, lang: str) -> tuple[str, str] | None:
    """(page, anchor) of a result link relative to the language root, or None if it leaves it.

    The query string is dropped: Material adds ``?h=`` (terms to highlight) to every link."""
    url = urlsplit(urljoin(base_url, href))
    root = urlsplit(site_url).path
    path = unquote(url.path)
    if not path.startswith(unquote(root)):
        return None
    rel = path[len(unquote(root)):]
    prefix = PREFIX[lang]
    if prefix:
        if not rel.startswith(prefix):
            return None
        rel = rel[len(prefix):]
    elif rel.startswith(tuple(PREFIX[other] for other in LANGS if PREFIX[other])):
        return None  # an English search that lists another language's page: not the judged page
    return nfc(rel), nfc(unquote(url.fragment))


def rank(items: list[Any], wanted: Any) -> int:
    """1-based position of ``wanted`` in ``items``, 0 if absent."""
    return items.index(wanted) + 1 if wanted in items else 0


def distinct(items: list[Any]) -> list[Any]:
    """``items`` without repeats, first occurrence kept (order matters for ranks)."""
    seen: set[Any] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


class Judge:
    """Runs judged queries in one headless Chromium against one built site."""

    def __init__(self, site: Path, timeout_s: float) -> None:
        from playwright.sync_api import sync_playwright

        self.site = site.resolve()
        self.site_url = self.site.as_uri() + "/"
        self.timeout_s = timeout_s
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        self.context = self.browser.new_context(viewport=VIEWPORT)

    def close(self) -> None:
        self.context.close()
        self.browser.close()
        self._pw.stop()

    def _settle(self, page: Any, deadline: float) -> Snapshot | None:
        """The panel once it has not changed for QUIET_S, or None if it kept changing until ``deadline``."""
        last: Snapshot | None = None
        since = time.monotonic()
        while time.monotonic() < deadline:
            meta, hrefs = page.evaluate(SNAPSHOT_JS)
            snap: Snapshot = (meta, tuple(hrefs))
            now = time.monotonic()
            if snap != last:
                last, since = snap, now
            elif now - since >= QUIET_S:
                return snap
            time.sleep(POLL_S)
        return None

    def run_query(self, judged: Judged) -> Outcome:
        """Type one query on a freshly loaded home page and rank the judged page and section.

        A query typed before the engine's index is ready may get no answer at all (Material's lunr
        drops it), and an early answer may be to the first letters only. So the last letter is
        typed again (Backspace, letter) after every settled round, and the answer is taken once two
        rounds in a row settle on the same panel. An empty panel whose status line is still one
        seen before typing ("Initializing search", "Type to start searching") is no answer yet."""
        out = Outcome(lang=judged.lang, query=judged.query, kind=judged.kind, page=judged.page, anchor=judged.anchor)
        page = self.context.new_page()
        started = time.monotonic()
        try:
            page.goto((self.site / HOMES[judged.lang]).as_uri(), wait_until="load", timeout=30_000)
            box = page.locator("input.md-search__input")
            if not box.is_visible():
                page.click("label.md-search__icon, label[for='__search']")  # narrow layouts hide the box
            box.click()
            # Statuses before typing are not answers; wait (bounded) for the panel to settle first.
            unanswered = {page.evaluate(SNAPSHOT_JS)[0]}
            before = self._settle(page, time.monotonic() + 5)
            if before:
                unanswered.add(before[0])
            deadline = time.monotonic() + self.timeout_s
            box.press_sequentially(judged.query, delay=KEY_DELAY_MS)
            previous: Snapshot | None = None
            final: Snapshot | None = None
            for _ in range(MAX_ROUNDS):
                snap = self._settle(page, deadline)
                if snap is None:
                    break  # still changing at the deadline
                answered = bool(snap[1]) or snap[0] not in unanswered
                if answered and snap == previous:
                    final = snap
                    break
                previous = snap if answered else None
                if time.monotonic() >= deadline:
                    break
                box.press("Backspace")
                box.press_sequentially(judged.query[-1], delay=KEY_DELAY_MS)
            if final is not None:
                out.settled = True
                hrefs = self._all_links(page, deadline + 5)
                links = distinct([link for h in hrefs if (link := relative_link(h, page.url, self.site_url, judged.lang))])
                pages = distinct([p for p, _ in links])
                out.results = len(links)
                out.top = [p + (f"#{a}" if a else "") for p, a in links[:10]]
                out.page_rank = rank(pages, nfc(judged.page))
                out.section_rank = rank([link for link in links if link[1]], (nfc(judged.page), nfc(judged.anchor)))
        finally:
            out.seconds = round(time.monotonic() - started, 2)
            page.close()
        return out

    def _all_links(self, page: Any, deadline: float) -> list[str]:
        """Every result link, after scrolling until Material renders no further result items."""
        count, steady = -1, 0
        while steady < 2 and time.monotonic() < deadline:
            now = page.evaluate(SCROLL_JS)
            steady = steady + 1 if now == count else 0
            count = now
            time.sleep(0.1)
        return list(page.evaluate(SNAPSHOT_JS)[1])


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    """MRR and hits@k at page and section level for a list of outcomes."""
    n = len(outcomes)

    def mrr(ranks: list[int]) -> float:
        return round(sum(1 / r for r in ranks if r) / len(ranks), 4) if ranks else 0.0

    def hits(ranks: list[int], k: int) -> int:
        return sum(1 for r in ranks if 0 < r <= k)

    pages = [o.page_rank for o in outcomes]
    sections = [o.section_rank for o in outcomes]
    return {"queries": n, "mrr_page": mrr(pages), "mrr_section": mrr(sections),
            "hits1_page": hits(pages, 1), "hits5_page": hits(pages, 5),
            "hits1_section": hits(sections, 1), "hits5_section": hits(sections, 5),
            "nothing_found": [o.query for o in outcomes if o.results == 0],
            "page_missed": [o.query for o in outcomes if o.page_rank == 0],
            "unsettled": [o.query for o in outcomes if not o.settled],
            # MRR [page, section] per kind of query: where an engine gains or loses.
            "by_kind": {kind: [mrr([o.page_rank for o in outcomes if o.kind == kind]),
                               mrr([o.section_rank for o in outcomes if o.kind == kind])]
                        for kind in sorted({o.kind for o in outcomes})}}


def report(summary: dict[str, Any]) -> str:
    """A plain-text table of the per-language summary."""
    lines = [f"{'lang':<5}{'n':>4}  {'MRR page':>8}  {'MRR sect':>8}  {'hits@1':>11}  {'hits@5':>11}",
             "       (page [section])"]
    for lang, s in summary["languages"].items():
        lines.append(f"{lang:<5}{s['queries']:>4}  {s['mrr_page']:>8.3f}  {s['mrr_section']:>8.3f}  "
                     f"{s['hits1_page']:>4} [{s['hits1_section']:>3}]  {s['hits5_page']:>4} [{s['hits5_section']:>3}]")
    for lang, s in summary["languages"].items():
        if s["nothing_found"]:
            lines.append(f"{lang}: nothing found for: " + ", ".join(repr(q) for q in s["nothing_found"]))
        missed = [q for q in s["page_missed"] if q not in s["nothing_found"]]
        if missed:
            lines.append(f"{lang}: results but not the judged page for: " + ", ".join(repr(q) for q in missed))
        if s["unsettled"]:
            lines.append(f"{lang}: results did not settle in time for: " + ", ".join(repr(q) for q in s["unsettled"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--judged", type=Path, default=REPO / "tests" / "search" / "judged.yml")
    parser.add_argument("--json", type=Path, help="write per-query outcomes and the summary here")
    parser.add_argument("--lang", choices=LANGS, action="append", help="only these languages (repeatable)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per query for results to settle")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} is not a built site (no index.html)")
    if not Path(CHROMIUM).exists():
        parser.error("Chromium is not installed (apt-get install chromium)")
    judged = [q for q in load_judged(args.judged) if not args.lang or q.lang in args.lang]
    judge = Judge(args.site, args.timeout)
    outcomes: list[Outcome] = []
    started = time.monotonic()
    try:
        for i, q in enumerate(judged, 1):
            o = judge.run_query(q)
            outcomes.append(o)
            print(f"[{i:>3}/{len(judged)}] {q.lang} {q.query!r}: page {o.page_rank} section {o.section_rank} "
                  f"({o.results} links, {o.seconds:.1f} s)", file=sys.stderr)
    finally:
        judge.close()
    summary = {"site": str(args.site.resolve()), "judged": str(args.judged), "seconds": round(time.monotonic() - started, 1),
               "languages": {lang: summarise([o for o in outcomes if o.lang == lang])
                             for lang in LANGS if any(o.lang == lang for o in outcomes)},
               "all": summarise(outcomes)}
    print(report(summary))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "queries": [asdict(o) for o in outcomes]},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
