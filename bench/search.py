"""Offline search at scale, for any engine behind Material's search box, in headless Chromium.

    python bench/corpus.py 3000 /tmp/corpus --events 0 --no-printables
    (cd /tmp/corpus && gorag build)
    python bench/search.py /tmp/corpus/site [--baseline OTHER_SITE] [--throttle 1 4] [--json out.json]

For each site (Gorag's prebuilt index, or a site built before it with Material's lunr index) and
each language (en at ``index.html``, ru at ``ru/index.html``, tk at ``tk/index.html``) it reports:

- index on disk: the bytes a language's search needs on disk (Gorag: ``search/gorag/`` and the
  stub index; lunr: ``search_index.json``);
- build cost: seconds to build Gorag's shards from the same entries (:func:`gorag.search_index.
  build_shards`, measured here on the lunr site's entries, which are the same Material entries);
- from page open: navigation start to the first result, typing as soon as the page has loaded;
- from keystroke: with the page open and idle for 2 s, from the last key of the query to the first
  result (lunr builds its index on the first focus of the search box; Gorag loads shards);
- bytes per query: the files read from the site after the search box was focused (their sizes
  on disk), for the keystroke run;

unthrottled and with Chromium's CPU slowed down by ``--throttle`` (4 = a mid-range phone stand-in),
each the median of ``--runs`` page loads, from file://. Ratios compare two sites of the same run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

PAGES = {"en": "index.html", "ru": "ru/index.html", "tk": "tk/index.html"}
# Words every document of bench/corpus.py uses (its WORDS), so every query has results; the
# Russian query is an inflected form.
QUERIES = {"en": "protection", "ru": "защиты", "tk": "goramak"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
RESULT = ".md-search-result__item"
TIMEOUT_MS = 120_000


def index_bytes(site: Path, lang: str) -> int:
    root = site if lang == "en" else site / lang
    gorag = root / "search" / "gorag"
    if gorag.is_dir():
        return sum(p.stat().st_size for p in gorag.rglob("*") if p.is_file()) + (root / "search" / "search_index.json").stat().st_size
    return (root / "search" / "search_index.json").stat().st_size


def build_cost(site: Path, lang: str) -> float | None:
    """Seconds :func:`~gorag.search_index.build_shards` takes on the language's Material entries,
    when ``site`` still has them (a lunr site)."""
    from gorag.search_index import build_shards

    root = site if lang == "en" else site / lang
    index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
    if not index["docs"]:
        return None
    start = time.perf_counter()
    build_shards(index["docs"], lang)
    return time.perf_counter() - start


def _local_size(url: str) -> int:
    path = Path(unquote(urlparse(url).path))
    return path.stat().st_size if url.startswith("file:") and path.is_file() else 0


def type_key(cdp: Any, char: str) -> None:
    """Press and release the key for ``char`` as a keyboard of that language would; returns once
    Chromium has handled both. (Playwright types letters that are not on a US keyboard without
    key events, and Material reads the query on key-up.)"""
    cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": char, "text": char})
    cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": char})


def measure(browser: Any, site: Path, lang: str, throttle: float, idle: bool) -> dict[str, float]:
    """One page load: type the query (right after load, or after 2 s idle) and time the first result."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[tuple[float, str]] = []
    page.on("request", lambda r: requests.append((time.perf_counter(), r.url)))
    session = context.new_cdp_session(page)
    if throttle != 1:
        session.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    try:
        page.goto((site / PAGES[lang]).as_uri(), wait_until="load")
        if idle:
            page.wait_for_timeout(2000)
        box = page.locator("input.md-search__input")
        focused = time.perf_counter()
        box.click()
        for char in QUERIES[lang]:
            type_key(session, char)
        typed = time.perf_counter()
        page.wait_for_selector(RESULT, timeout=TIMEOUT_MS)
        shown = time.perf_counter()
        opened = page.evaluate("performance.timeOrigin") / 1000
        now_wall = page.evaluate("(performance.timeOrigin + performance.now()) / 1000")
        loaded = sum(_local_size(url) for at, url in requests if at >= focused)
        return {"from_keystroke_ms": (shown - typed) * 1000, "from_open_ms": (now_wall - opened) * 1000,
                "bytes": loaded}
    finally:
        context.close()


def run(site: Path, runs: int, throttles: list[float]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"site": str(site), "languages": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for lang in PAGES:
            row: dict[str, Any] = {"index_bytes": index_bytes(site, lang), "build_s": build_cost(site, lang)}
            for rate in throttles:
                fresh = [measure(browser, site, lang, rate, idle=False) for _ in range(runs)]
                warm = [measure(browser, site, lang, rate, idle=True) for _ in range(runs)]
                row[f"x{rate:g}"] = {
                    "from_open_ms": statistics.median(m["from_open_ms"] for m in fresh),
                    "from_keystroke_ms": statistics.median(m["from_keystroke_ms"] for m in warm),
                    "bytes": statistics.median(m["bytes"] for m in warm),
                }
            out["languages"][lang] = row
            print(f"{site.name} {lang}: {json.dumps(row)}", file=sys.stderr)
        browser.close()
    return out


def table(results: list[dict[str, Any]], throttles: list[float]) -> str:
    lines = ["| site | lang | index on disk KB | build s | " + " | ".join(
        f"open→result ms ×{r:g} | key→result ms ×{r:g} | KB/query ×{r:g}" for r in throttles) + " |"]
    lines.append("|" + "---|" * (4 + 3 * len(throttles)))
    for result in results:
        for lang, row in result["languages"].items():
            cells = [Path(result["site"]).parent.name, lang, f"{row['index_bytes'] / 1024:,.0f}",
                     f"{row['build_s']:.2f}" if row["build_s"] is not None else ""]
            for rate in throttles:
                m = row[f"x{rate:g}"]
                cells += [f"{m['from_open_ms']:,.0f}", f"{m['from_keystroke_ms']:,.0f}", f"{m['bytes'] / 1024:,.0f}"]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--baseline", type=Path, help="a site of the same corpus built with Material's lunr search")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--throttle", type=float, nargs="+", default=[1.0, 4.0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = [run(args.site, args.runs, args.throttle)]
    if args.baseline:
        results.append(run(args.baseline, args.runs, args.throttle))
        # The shards' build cost is measured on the baseline's entries: show it with Gorag's row.
        for lang, row in results[1]["languages"].items():
            results[0]["languages"][lang]["build_s"], row["build_s"] = row["build_s"], None
    print(table(results, args.throttle))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
