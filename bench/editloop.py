"""The edit loop: from saving one protocol to the reloaded page in the browser.

    python bench/editloop.py PROJECT [--doc doc-0001] [--rounds 3] [--old]

Starts ``gorag serve`` in PROJECT (e.g. a corpus from bench/corpus.py), opens the protocol's page in
headless Chromium, then, each round, appends a marker sentence to ``protocols/<doc>.en.md`` and
times until the page in the browser shows it (the preview reloads it by itself). With ``--old`` it
runs what ``gorag serve`` ran before (``mkdocs serve``: full rebuild of every language, reload
script blocked by the pages' CSP) and times until the server returns the new page, polling it.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--doc", default="doc-0001")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--old", action="store_true", help="time plain mkdocs serve instead (polling the server)")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    root = args.project.resolve()
    source = root / "protocols" / f"{args.doc}.en.md"
    original = source.read_bytes()
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "NO_MKDOCS_2_WARNING": "1", "GORAG_PRINTABLES": "0"}
    if args.old:
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--no-livereload"]
    else:
        command = [sys.executable, "-m", "gorag.cli", "serve", "-a", f"127.0.0.1:{port}"]
    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/gorag/protocols/{args.doc}.html"
    times: list[float] = []
    try:
        wait_for(url, "<html", args.timeout)
        print(f"first build and serve: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.goto(url)
            for round_ in range(args.rounds):
                marker = f"Edit marker {round_} {time.time_ns()}"
                source.write_bytes(original + f"\n{marker}.\n".encode())
                saved = time.perf_counter()
                if args.old:
                    wait_for(url, marker, args.timeout)
                else:
                    page.get_by_text(marker).wait_for(timeout=args.timeout * 1000)
                times.append(time.perf_counter() - saved)
                print(f"round {round_ + 1}: save -> {'served' if args.old else 'reloaded'} page in {times[-1]:.1f} s", file=sys.stderr)
                time.sleep(1)
            browser.close()
    finally:
        source.write_bytes(original)
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"edit loop ({'mkdocs serve, polled' if args.old else 'gorag serve, browser reload'}): "
          f"median {statistics.median(times):.1f} s over {len(times)} saves (min {min(times):.1f}, max {max(times):.1f})")


if __name__ == "__main__":
    main()
