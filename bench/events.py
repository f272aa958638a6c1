"""Calendar output at scale: N synthetic events through validation and .ics writing.

    python bench/events.py 10000

Prints events per second for loading + validating the campaign and for writing every calendar
(campaign, region, organiser, per-event and planner) in one language and in all three.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "generator"))

from gorag.ics import calendar_files, campaign_calendars  # noqa: E402
from gorag.library import load_library  # noqa: E402
from gorag.revisions import revise  # noqa: E402

REGIONS = ["ashgabat", "ahal", "balkan", "dashoguz", "lebap", "mary"]
ORGANISERS = ["mlsp", "moe", "moh", "mia", "ombudsman", "mosyp"]


def write_corpus(root: Path, n: int) -> None:
    shutil.copytree(REPO / "protocols", root / "protocols")
    (root / "docs").mkdir()
    campaigns = root / "campaigns"
    campaigns.mkdir()
    for name in ("regions.yml", "audiences.yml"):
        shutil.copy(REPO / "campaigns" / name, campaigns / name)
    folder = campaigns / "bench-2027"
    shutil.copytree(REPO / "campaigns" / "world-day-2027", folder)
    (folder / "calendar.lock.yml").unlink()
    text = (folder / "campaign.yml").read_text(encoding="utf-8")
    text = re.sub(r'^id: .*$', "id: bench-2027", text, count=1, flags=re.M)
    text = re.sub(r"^window:\n(  .*\n)+", "window: {start: 2027-01-01, end: 2027-12-31}\n", text, count=1, flags=re.M)
    (folder / "campaign.yml").write_text(text, encoding="utf-8")
    lines = []
    for i in range(n):
        day, hour = 1 + i % 360, 8 + i % 10
        lines.append(
            f"- id: event-{i:05d}\n"
            f"  title: {{en: Awareness session {i}, ru: Информационная встреча {i}, tk: Habarlylyk duşuşygy {i}}}\n"
            f"  description: {{en: Session on the signs of trafficking., ru: Встреча о признаках торговли людьми., "
            f"tk: Adam söwdasynyň alamatlary barada duşuşyk.}}\n"
            f"  start: D-{210 - day % 200} {hour:02d}:00\n  duration: 2h\n"
            f"  region: {REGIONS[i % 6]}\n  organiser: {ORGANISERS[i % 6]}\n  audiences: [youth]\n  channel: outreach\n"
            + ("  cancelled: true\n" if i % 50 == 0 else ""))
    (folder / "events.yml").write_text("".join(lines), encoding="utf-8")


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
