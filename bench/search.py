"""Offline search at scale: index size per language, and search in headless Chromium from file://.

    python bench/corpus.py 3000 /tmp/corpus --events 0 --no-printables
    (cd /tmp/corpus && gorag build)
    python bench/search.py /tmp/corpus/site

For each language (en at ``index.html``, ru at ``ru/index.html``, tk at ``tk/index.html``) it
reports the index (entries; JSON, ``.js`` and gzipped JSON bytes) and, in Debian's Chromium from
file://, what a reader sees who clicks into the search box as soon as the page has loaded and
types a word every document has, one key per 150 ms:

- interactive: navigation start to the end of the last long task (> 50 ms) before the click, or
  to DOMContentLoaded if there was none;
- index ready: from the click (Material sends the index to its search worker when the search box
  is focused) until the worker reports the index built;
- longest task, blocking (the sum of every long task's time over 50 ms) and slowest input (the
  longest a click or key took from the input to the next frame after it was handled, as Event
  Timing measures it) while the index loads, i.e. from the click until the index is ready. The
  observers are registered before any page script runs (Playwright's init scripts are exempt from
  the page's CSP); the search iframe shares the page's thread, so its tasks are the page's;
- quick exit: Esc pressed twice 150 ms, 400 ms, 800 ms and 1.5 s (each in a page load of its own)
  after the search box was focused, until the neutral page shows; the slowest;
- first result: from the page's load event until the first result shows;
- query: the longest task between the index being ready and the first result (the query itself).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

PAGES = {"en": "index.html", "ru": "ru/index.html", "tk": "tk/index.html"}
# Words every document of bench/corpus.py uses (its WORDS), so every query has results.
QUERIES = {"en": "protection", "ru": "защита", "tk": "goramak"}
TYPING_MS = 150  # between keystrokes: a brisk typist
EXIT_AFTER_MS = (150, 400, 800, 1500)  # after the search box is focused
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

OBSERVERS = """
if (window === window.top) {
  window.__bench = {tasks: [], inputs: [], focus: null, ready: null, result: null};
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) __bench.tasks.push([e.startTime, e.duration]);
  }).observe({type: 'longtask', buffered: true});
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) __bench.inputs.push([e.startTime, e.duration]);
  }).observe({type: 'event', durationThreshold: 16, buffered: true});
  // The click into the search box: its input time, as Event Timing's entries count time.
  addEventListener('pointerdown', e => { if (__bench.focus === null) __bench.focus = e.timeStamp; }, true);
  // Material's search worker says {type: 1} once its index is built.
  addEventListener('message', e => {
    if (__bench.ready === null && e.data && e.data.type === 1) __bench.ready = performance.now();
  });
  new MutationObserver(() => {
    if (__bench.result === null && document.querySelector('.md-search-result__item')) __bench.result = performance.now();
  }).observe(document, {subtree: true, childList: true});
}
"""


def index_sizes(site: Path, lang: str) -> dict[str, float]:
    folder = site / Path(PAGES[lang]).parent / "search"
    data = (folder / "search_index.json").read_bytes()
    return {"entries": len(json.loads(data)["docs"]), "json": len(data), "js": (folder / "search_index.js").stat().st_size,
            "gzip": len(gzip.compress(data, 6))}


def within(entries: list[list[float]], start: float, end: float) -> list[float]:
    """Durations of the entries (start time, duration) that started in [start, end]."""
    return [duration for begin, duration in entries if start <= begin <= end]


def type_key(cdp: Any, char: str) -> None:
    """Press and release the key for ``char`` as a keyboard of that language would; returns once
    Chromium has handled both. (Playwright types letters that are not on a US keyboard without
    key events, and Material reads the query on key-up.)"""
    cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": char, "text": char})
    cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": char})


def click(cdp: Any, box: Any) -> None:
    """Click the middle of ``box``; returns once Chromium has handled the click. (Playwright's own
    click also waits for the page to answer a script, i.e. for a long task to end.)"""
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for kind in ("mousePressed", "mouseReleased"):
        cdp.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})


def measure_search(browser: Any, site: Path, lang: str, timeout_s: float) -> dict[str, float]:
    context = browser.new_context()
    context.add_init_script(OBSERVERS)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((site / PAGES[lang]).as_uri(), wait_until="load")
    nav = json.loads(page.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0])"))
    cdp = context.new_cdp_session(page)
    click(cdp, page.locator("input.md-search__input").bounding_box())
    for char in QUERIES[lang]:
        page.wait_for_timeout(TYPING_MS)
        type_key(cdp, char)
    page.wait_for_selector(".md-search-result__item", timeout=timeout_s * 1000)
    page.wait_for_timeout(200)  # for the last Event Timing entries
    bench = page.evaluate("window.__bench")
    context.close()
    leaks = [url for url in requests if not url.startswith(("file:", "data:", "about:"))]
    if leaks:
        sys.exit(f"{lang}: the page made network requests: {leaks[:3]}")
    focus, ready, result = bench["focus"], bench["ready"], bench["result"]
    loading = within(bench["tasks"], focus, ready)
    return {"interactive": max([nav["domContentLoadedEventEnd"]] + [b + d for b, d in bench["tasks"] if b < focus]),
            "index_ready": ready - focus, "longest_task": max(loading, default=0), "blocking": sum(d - 50 for d in loading),
            "slowest_input": max(within(bench["inputs"], focus, ready), default=0),
            "first_result": result - nav["loadEventEnd"], "query": max(within(bench["tasks"], ready, result), default=0)}


def measure_exit(browser: Any, site: Path, lang: str, wait_ms: int) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / PAGES[lang]).as_uri(), wait_until="load")
    # Focused from a task of the page's own, so that Playwright does not wait for what follows.
    page.evaluate("setTimeout(() => document.querySelector('input.md-search__input').focus())")
    page.wait_for_timeout(wait_ms)
    started = time.perf_counter()
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("**/neutral.html", timeout=120_000)
    elapsed = (time.perf_counter() - started) * 1000
    context.close()
    return elapsed


def measure(site: Path, langs: list[str], runs: int, timeout_s: float) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for lang in langs:
            samples = [measure_search(browser, site, lang, timeout_s) for _ in range(runs)]
            row = {key: statistics.median(sample[key] for sample in samples) for key in samples[0]}
            # When the index build starts after the focus, and how long it takes, varies (languages
            # other than English load their lunr scripts first), so Esc Esc is tried at several moments
            # and the slowest counts.
            row["quick_exit"] = statistics.median(max(measure_exit(browser, site, lang, wait) for wait in EXIT_AFTER_MS)
                                                  for _ in range(runs))
            out[lang] = {**index_sizes(site, lang), **row}
        browser.close()
    return out


def table(rows: dict[str, dict[str, float]]) -> str:
    columns = [("entries", "entries", "{:,.0f}"), ("json", "JSON", "{:.1f} MB"), ("js", ".js", "{:.1f} MB"),
               ("gzip", "gzip", "{:.1f} MB"), ("interactive", "interactive", "{:,.0f} ms"),
               ("index_ready", "index ready", "{:,.0f} ms"), ("longest_task", "longest task", "{:,.0f} ms"),
               ("blocking", "blocking", "{:,.0f} ms"), ("slowest_input", "slowest input", "{:,.0f} ms"),
               ("quick_exit", "quick exit", "{:,.0f} ms"), ("first_result", "first result", "{:,.0f} ms"),
               ("query", "query", "{:,.0f} ms")]
    lines = ["| lang | " + " | ".join(title for _, title, _ in columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for lang, row in rows.items():
        cells = [fmt.format(row[key] / 1e6 if fmt.endswith("MB") else row[key]) for key, _, fmt in columns]
        lines.append(f"| {lang} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--lang", action="append", choices=sorted(PAGES), help="only this language (repeatable)")
    parser.add_argument("--runs", type=int, default=1, help="runs per language; medians are reported")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for the first result")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON too")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit("Chromium is not installed (apt-get install chromium)")
    rows = measure(args.site.resolve(), args.lang or list(PAGES), args.runs, args.timeout)
    print(table(rows))
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
