"""Calendar output at scale: N synthetic events through validation and .ics writing.

    python bench/events.py 10000

Prints events per second for loading + validating the campaign and for writing every calendar
(campaign, region, organiser, per-event and planner) in one language and in all three.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "generator"))
sys.path.insert(0, str(REPO / "bench"))

from corpus import write_campaign  # noqa: E402

from gorag.config import read_config  # noqa: E402
from gorag.ics import calendar_files, campaign_calendars  # noqa: E402
from gorag.languages import configure  # noqa: E402
from gorag.library import load_library  # noqa: E402
from gorag.revisions import revise  # noqa: E402

configure(read_config(REPO / "mkdocs.yml").languages)  # the shipped site's languages


def write_corpus(root: Path, n: int) -> None:
    shutil.copytree(REPO / "protocols", root / "protocols")
    (root / "docs").mkdir()
    write_campaign(root / "campaigns", n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int, nargs="?", default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_corpus(root, args.events)
        from datetime import UTC, datetime

        started = time.perf_counter()
        library = load_library(root / "protocols", root / "docs", root, root / "campaigns")
        loaded = time.perf_counter() - started
        campaign = library.campaigns[0]
        revisions = {campaign.id: revise(campaign, {}, datetime(2027, 1, 1, tzinfo=UTC))}
        started = time.perf_counter()
        files = campaign_calendars(library, campaign, "en", revisions[campaign.id], {}, "")
        one = time.perf_counter() - started
        started = time.perf_counter()
        everything = calendar_files(library, revisions, "https://example.org/gorag/")
        three = time.perf_counter() - started
        size = sum(len(b) for b in everything.values())
        n = len(campaign.events)
        print(f"events: {n}")
        print(f"load + validate: {loaded:.2f} s ({n / loaded:,.0f} events/s)")
        print(f".ics, one language ({len(files)} files): {one:.2f} s ({n / one:,.0f} events/s)")
        print(f".ics, three languages ({len(everything)} files, {size / 1e6:.1f} MB): {three:.2f} s ({3 * n / three:,.0f} event-languages/s)")


if __name__ == "__main__":
    main()
