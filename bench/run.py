"""Build synthetic corpora with Gorag and with plain mkdocs-material + static-i18n, and compare.

    python bench/run.py                       # 200, 1,000 and 3,000 documents per language
    python bench/run.py --sizes 200 --events 500 --keep --workdir /tmp/bench --json results.json

For each size, ``bench/corpus.py`` writes a project of N documents × en/ru/tk and a campaign of M
events, configured without PDFs (the baseline cannot make them; ``bench/printables.py`` measures
those). ``gorag build`` builds it; then the Markdown pages Gorag staged (``.gorag/docs``) are built
again by ``mkdocs build`` with a plain Material + search + i18n config: what a user would get from
the same pages without Gorag. Progress goes to stderr, a Markdown table to stdout.

Peak memory is the highest sum of PSS (proportional set size: a page shared by n processes counts
1/n in each) over the build's whole process tree, sampled every 50 ms, so forked workers that share
most of their memory are not counted several times. A language's search index is its size on
disk: for the baseline the ``search_index.json`` its reader downloads whole (the root one, which it
shares between all languages); for Gorag the ``<lang>/search/`` folder, the prebuilt shards under
``search/gorag/`` and the small ``search_index.json`` that names them (a query reads a few hundred
KB of it: ``bench/search.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psutil
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import REPO, generate  # noqa: E402

BIN = Path(sys.executable).parent
LANGS = ("en", "ru", "tk")
DEFAULT_LANG = "en"
EPOCH = "1767225600"


@dataclass
class Result:
    """One build of one corpus."""

    build: str
    documents: int
    events: int
    wall_seconds: float
    peak_mb: float
    pages: int
    pages_by_language: dict[str, int]
    search_index_bytes: dict[str, int]
    search_index_files: dict[str, str]
    output_bytes: int
    generator_seconds: float | None = None
    phases: dict[str, float] = field(default_factory=dict)
    warnings: int = 0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.wall_seconds

    @property
    def generator_share(self) -> float | None:
        return None if self.generator_seconds is None else self.generator_seconds / self.wall_seconds


class TreeMemory(threading.Thread):
    """Samples the summed RSS of a process and all its descendants until stopped; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for process in processes:
                try:
                    total += process.memory_full_info().pss  # shared pages split between sharers
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass  # exited between listing and sampling
            self.peak = max(self.peak, total)
            self.done.wait(self.interval)


def measure(command: list[str], cwd: Path, log: Path, env: dict[str, str], timeout: float | None = None) -> tuple[float, int]:
    """Run ``command`` to completion; wall seconds and peak tree memory in bytes. Exits if it
    fails; raises :class:`subprocess.TimeoutExpired` (after stopping it) if it outlasts ``timeout``."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env},
                                stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeMemory(proc.pid)
        sampler.start()
        try:
            returncode = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            for child in psutil.Process(proc.pid).children(recursive=True):
                child.kill()
            proc.kill()
            proc.wait()
            sampler.done.set()
            raise
    wall = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        sys.exit(f"{' '.join(command)} failed in {cwd} (exit {returncode}); end of {log}:\n" + "\n".join(tail))
    return wall, sampler.peak


def _index_bytes(index: Path) -> int:
    """Bytes of a search index on disk: ``search_index.json`` and, beside it, Gorag's shards."""
    shards = index.parent / "gorag"
    return index.stat().st_size + (sum(f.stat().st_size for f in shards.rglob("*") if f.is_file()) if shards.is_dir() else 0)


def summarise(build: str, documents: int, events: int, site: Path, wall: float, peak: int, log: Path) -> Result:
    """Count and size what a build wrote to ``site``."""
    html = list(site.rglob("*.html"))
    by_language = dict.fromkeys(LANGS, 0)
    for page in html:
        first = page.relative_to(site).parts[0]
        by_language[first if first in LANGS and first != DEFAULT_LANG else DEFAULT_LANG] += 1
    index_files = {}
    for lang in LANGS:
        own = site / ("" if lang == DEFAULT_LANG else lang) / "search" / "search_index.json"
        index = own if own.is_file() else site / "search" / "search_index.json"
        index_files[lang] = str(index.relative_to(site)) if index.is_file() else ""
    return Result(
        build=build, documents=documents, events=events, wall_seconds=wall, peak_mb=peak / 2**20,
        pages=len(html), pages_by_language=by_language,
        search_index_bytes={lang: _index_bytes(site / path) if path else 0 for lang, path in index_files.items()},
        search_index_files=index_files,
        output_bytes=sum(f.stat().st_size for f in site.rglob("*") if f.is_file()),
        warnings=sum(line.startswith("WARNING") for line in log.read_text(encoding="utf-8", errors="replace").splitlines()),
    )


def build_ours(corpus: Path, documents: int, events: int) -> Result:
    """``gorag build`` in the corpus; reads the generator's own timings if it wrote them."""
    timings = corpus / "timings.json"
    timings.unlink(missing_ok=True)
    wall, peak = measure([str(BIN / "gorag"), "build"], corpus, corpus / "build.log", {"GORAG_TIMINGS": str(timings)})
    result = summarise("ours", documents, events, corpus / "site", wall, peak, corpus / "build.log")
    if timings.is_file():
        data = json.loads(timings.read_text(encoding="utf-8"))
        result.generator_seconds = float(data["generator_seconds"])
        result.phases = {name: float(seconds) for name, seconds in data.get("phases", {}).items()}
    return result


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving ``!ENV`` or ``!!python/...`` tags (they become None)."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def baseline_config(corpus: Path) -> dict[str, Any]:
    """A plain Material + search + static-i18n config with the corpus's Markdown extensions.

    ``not_in_nav`` is kept too, so that event pages stay out of the navigation as in our build
    instead of growing every page of the baseline."""
    ours = yaml.load((corpus / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    extensions: list[Any] = []
    for item in ours["markdown_extensions"]:
        if isinstance(item, dict) and "toc" in item:
            item = {"toc": {key: value for key, value in item["toc"].items() if key != "slugify"}}
        extensions.append(item)
    return {
        "site_name": ours["site_name"],
        "use_directory_urls": False,
        "not_in_nav": ours.get("not_in_nav", ""),
        # Material ships no Turkmen UI strings: without overrides/partials/languages/tk.html the tk build fails.
        "theme": {"name": "material", "language": DEFAULT_LANG, "custom_dir": "overrides"},
        "plugins": ["search", {"i18n": {
            "docs_structure": "suffix", "fallback_to_default": True,
            "languages": [{"locale": lang, "name": lang, "default": lang == DEFAULT_LANG, "build": True} for lang in LANGS],
        }}],
        "markdown_extensions": extensions,
    }


def build_baseline(corpus: Path, documents: int, events: int, timeout: float | None = None) -> Result:
    """``mkdocs build`` of the pages Gorag staged in ``corpus``, in a sibling folder."""
    root = corpus.with_name(corpus.name + "-baseline")
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(corpus / ".gorag" / "docs", root / "docs")
    partial = root / "overrides" / "partials" / "languages" / "tk.html"
    partial.parent.mkdir(parents=True)
    shutil.copy(REPO / "overrides" / "partials" / "languages" / "tk.html", partial)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(baseline_config(corpus), allow_unicode=True, sort_keys=False), encoding="utf-8")
    wall, peak = measure([str(BIN / "mkdocs"), "build"], root, root / "build.log", {}, timeout)
    result = summarise("baseline", documents, events, root / "site", wall, peak, root / "build.log")
    missing = [lang for lang, count in result.pages_by_language.items() if count == 0]
    if missing:
        sys.exit(f"baseline built no pages for {', '.join(missing)}: see {root / 'build.log'}")
    return result


def machine() -> str:
    """CPU, cores, RAM, Python and the MkDocs stack, on one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    stack = ", ".join(f"{name} {version(name)}" for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n"))
    return (f"{cpu}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
            f"Python {platform.python_version()}, {stack}")


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a is not None and b else ""


def table(results: list[Result]) -> str:
    """A Markdown table of every build, with an ours/baseline row after each pair."""
    head = ["docs/lang", "events", "build", "wall s", "peak MB", "HTML pages", "pages/s",
            *(f"search {lang} KB" for lang in LANGS), "output MB", "generator share"]
    rows = [head, ["---"] * len(head)]
    for result in results:
        share = "n/a" if result.generator_share is None else f"{result.generator_share:.1%}"
        rows.append([f"{result.documents:,}", f"{result.events:,}", result.build, f"{result.wall_seconds:.1f}",
                     f"{result.peak_mb:.0f}", f"{result.pages:,}", f"{result.pages_per_second:.0f}",
                     *(f"{result.search_index_bytes[lang] / 1e3:,.0f}" for lang in LANGS),
                     f"{result.output_bytes / 1e6:.1f}", share if result.build == "ours" else ""])
        pair = {r.build: r for r in results if r.documents == result.documents}
        if result.build == "baseline" and "ours" in pair:
            ours = pair["ours"]
            rows.append(["", "", "**ours/baseline**", _ratio(ours.wall_seconds, result.wall_seconds),
                         _ratio(ours.peak_mb, result.peak_mb), "",
                         _ratio(ours.pages_per_second, result.pages_per_second),
                         *(_ratio(ours.search_index_bytes[lang], result.search_index_bytes[lang]) for lang in LANGS),
                         _ratio(ours.output_bytes, result.output_bytes), ""])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 3000], help="documents per language")
    parser.add_argument("--events", type=int, default=200, help="campaign events in every corpus (default 200)")
    parser.add_argument("--workdir", type=Path, help="where to write the corpora (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and their sites")
    parser.add_argument("--only", choices=["ours", "baseline"], help="report one build only")
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument("--short-nav", action="store_true", help="keep Gorag's default of linking the Protocols index "
                        "instead of listing more than 100 protocols in the navigation (the baseline lists every page)")
    parser.add_argument("--baseline-timeout", type=float, help="stop a baseline build after this many seconds "
                        "(reported as a lower bound)")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="gorag-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    stopped: dict[int, tuple[float, float]] = {}  # size -> (our wall, seconds the baseline was given)
    try:
        for size in args.sizes:
            corpus = workdir / f"corpus-{size}"
            print(f"[{size}] generating {size} documents × {len(LANGS)} languages, {args.events} events in {corpus}", file=sys.stderr)
            generate(size, corpus, args.events, printables=False)
            if not args.short_nav:
                # The same navigation as the baseline: every page listed in every page's sidebar.
                config = corpus / "mkdocs.yml"
                text = config.read_text(encoding="utf-8")
                config.write_text(text.replace("      printables: false\n", "      printables: false\n      nav_protocols_limit: 0\n"),
                                  encoding="utf-8")
            print(f"[{size}] gorag build …", file=sys.stderr)
            ours = build_ours(corpus, size, args.events)
            print(f"[{size}] gorag build: {ours.wall_seconds:.1f} s, {ours.pages_by_language} pages", file=sys.stderr)
            if args.only != "baseline":
                results.append(ours)
            if args.only != "ours":
                print(f"[{size}] mkdocs build (baseline) …", file=sys.stderr)
                try:
                    baseline = build_baseline(corpus, size, args.events, args.baseline_timeout)
                except subprocess.TimeoutExpired:
                    print(f"[{size}] mkdocs build: stopped after {args.baseline_timeout:.0f} s", file=sys.stderr)
                    stopped[size] = (ours.wall_seconds, args.baseline_timeout or 0.0)
                    continue
                print(f"[{size}] mkdocs build: {baseline.wall_seconds:.1f} s, {baseline.pages_by_language} pages, "
                      f"{baseline.warnings} warnings", file=sys.stderr)
                if baseline.pages_by_language != ours.pages_by_language:
                    print(f"[{size}] note: page counts differ (ours {ours.pages_by_language})", file=sys.stderr)
                results.append(baseline)
            if not args.keep:
                shutil.rmtree(corpus)
                shutil.rmtree(corpus.with_name(corpus.name + "-baseline"), ignore_errors=True)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    description = machine()
    if args.json:
        args.json.write_text(json.dumps({"machine": description, "results": [asdict(r) for r in results]}, indent=2) + "\n",
                             encoding="utf-8")
    print(table(results))
    for size, (ours_wall, limit) in stopped.items():
        print(f"| {size:,} | {args.events:,} | baseline | > {limit:.0f} (stopped) |  |  |  |  |  |  |  |  |\n"
              f"|  |  | **ours/baseline** | < {ours_wall / limit:.2f}× |  |  |  |  |  |  |  |  |")
    print()
    print(f"Machine: {description}. Both builds without PDFs, SOURCE_DATE_EPOCH={EPOCH}.")
    indexes = sorted({f"{r.build}: " + ", ".join(f"{lang} → {path or 'none'}" for lang, path in r.search_index_files.items())
                      for r in results})
    print("Search index per language: " + "; ".join(indexes) + ".")
    for result in results:
        if result.phases:
            phases = ", ".join(f"{name} {seconds:.2f}" for name, seconds in result.phases.items())
            print(f"Our phases at {result.documents:,} documents (s): {phases}. The generator share counts stage, alongside "
                  "(Gorag's hooks and the calendars made while the pages build: their share of that time, part of pages), "
                  "search, merge and finish.")


if __name__ == "__main__":
    main()
