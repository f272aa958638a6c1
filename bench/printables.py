"""Printable builds, cold and warm, on the shipped content.

    python bench/printables.py

Cold: an empty PDF cache, every printable rendered (on all cores). Warm: nothing changed, every
PDF comes from the cache. Prints the number of PDFs, wall times and PDFs per second.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gorag.cli", "build"], cwd=root, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "gorag"
        root.mkdir()
        for name in ("docs", "protocols", "campaigns", "overrides"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "mkdocs.yml", root)
        cold = build(root)
        count = len(list((root / "site").rglob("*.pdf")))
        warm = build(root)
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(text.replace("staging_dir: .gorag/docs\n", "staging_dir: .gorag/docs\n      printables: false\n"))
        bare = build(root)
    print(f"PDFs: {count}")
    print(f"cold build: {cold:.1f} s  ({count / max(cold - bare, 0.01):.1f} PDFs/s beyond the site)")
    print(f"warm build (nothing changed): {warm:.1f} s")
    print(f"site without printables: {bare:.1f} s")


if __name__ == "__main__":
    main()
