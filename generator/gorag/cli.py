"""The ``gorag`` command: check sources, build the site atomically, preview it."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

from .config import read_config
from .errors import ContentErrors, GoragError
from .models import AGE_GROUPS, RESULT_STATUSES, SEXES
from .project import Busy, Project, os_problem, project_lock
from .record import Recorded, record_results
from .results import last_day, missing_results
from .scaffold import KINDS_BY_COMMAND, campaign_templates, new_campaign, new_document
from .schema import MAX_FIGURE
from .translations import completeness, report, status

EXIT_OK, EXIT_CONTENT, EXIT_BUILD = 0, 1, 2


def _project(config_file: Path) -> Project:
    """The project of ``config_file``, its languages and interface strings made the ones in use."""
    project = Project.of(read_config(config_file))
    project.configure()
    return project


def _source_date_epoch(root: Path) -> str:
    """Builds are reproducible: dates in the output come from the last commit, not the clock;
    outside git, from the newest source file."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True)
        if out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    sources = [p for name in ("docs", "protocols", "campaigns") for p in (root / name).rglob("*") if p.is_file()]
    return str(int(max((p.stat().st_mtime for p in sources), default=0)))


def _environment(root: Path) -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch(root))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)


def check(config_file: Path, output: str = "text", today: date | None = None) -> int:
    """Validate every source; print all errors. Exit 0 when clean, 1 on content errors.

    Information that does not fail the check follows: translations behind their English source,
    and events that took place before ``today`` (by default the real today) without results."""
    try:
        library = _project(config_file).load()
    except ContentErrors as exc:
        if output == "github":
            print(exc.github())  # annotations are read from standard output
        print(exc.report(), file=sys.stderr)
        return EXIT_CONTENT
    except GoragError as exc:
        print(f"check failed: {exc}", file=sys.stderr)
        return EXIT_BUILD
    print(f"ok: {len(library.protocols)} documents, {len(library.agencies)} agencies, {len(library.roles)} roles")
    # Translation status informs; it does not fail the check (an English edit must not block merging).
    entries = status(library)
    for entry in entries:
        if entry.state in ("outdated", "missing"):
            detail = f" ({entry.detail})" if entry.detail else ""
            if output == "github":
                print(f"::warning title=translation::{entry.doc} [{entry.lang}] {entry.state}{detail}")
            else:
                print(f"translation: {entry.doc} [{entry.lang}] {entry.state}{detail}")
    print("translations: " + ", ".join(f"{lang} {share:.0%}" for lang, share in completeness(entries).items()))
    # Likewise results not recorded yet: a report is only as complete as its results.
    for campaign, event in missing_results(library, today or date.today()):
        text = (f"{campaign.id}/{event.id} took place (last day {last_day(event).isoformat()}) and has no results yet; "
                f"record them with: gorag results {campaign.id} {event.id} --status held ...")
        print(f"::notice title=results::{text}" if output == "github" else f"results: {text}")
    return EXIT_OK


def _count(value: str) -> int:
    """A number of participants, materials or media items, as ``gorag results`` takes it."""
    if not value.isdigit() or int(value) > MAX_FIGURE:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to {MAX_FIGURE:,}, got {value!r}")
    return int(value)


def results(config_file: Path, args: argparse.Namespace) -> int:
    """Record an event's results in its campaign's results.yml (see :mod:`gorag.record`)."""
    try:
        project = _project(config_file)
        assert project.campaigns_dir is not None
        folder = project.campaigns_dir / args.campaign
        if "/" in args.campaign or args.campaign.startswith(".") or not (folder / "campaign.yml").is_file():
            known = sorted(p.parent.name for p in project.campaigns_dir.glob("*/campaign.yml"))
            raise GoragError(f"no campaign {args.campaign!r} in {project.campaigns_dir.name}/; campaigns: {', '.join(known) or 'none'}")
        counts = tuple((sex, age, getattr(args, f"{sex}_{age}")) for sex in SEXES for age in AGE_GROUPS
                       if getattr(args, f"{sex}_{age}") is not None)
        given = Recorded(args.status, counts, args.materials, args.media, args.notes)
        path = record_results(folder, args.event, given, project.root)
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        print("gorag results: nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    except GoragError as exc:
        print(f"gorag results: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:
        print(f"gorag results: {os_problem(exc)}", file=sys.stderr)
        return EXIT_BUILD
    print(f"wrote {path.relative_to(project.root).as_posix()}: results of {args.event}")
    print("next: run gorag check, and commit the file with your change")
    return EXIT_OK


class Interrupted(KeyboardInterrupt):
    """The command was asked to stop (SIGTERM, SIGHUP); like Ctrl-C, it unwinds so that worker
    processes are ended and half-written folders removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def _stoppable() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Interrupted` while the block runs (their default ends
    the process at once, leaving its workers running and its temporary folders behind)."""
    def stop(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signum)

    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
    for signum in wanted:
        previous[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def build(config_file: Path, site_dir: Path | None, verbose: bool = False, jobs: int | None = None,
          strict: bool = False) -> int:
    """Build into a temporary folder and swap it in, so a failed build leaves the old site intact.
    One build at a time per project (see :func:`~gorag.project.project_lock`).

    With GORAG_TIMINGS=path.json set, the seconds each phase took are written there (for bench/)."""
    try:
        with _stoppable(), project_lock(config_file.resolve().parent, "build"):
            return _build(config_file, site_dir, verbose, jobs, strict)
    except Busy as exc:
        print(f"build refused: {exc}", file=sys.stderr)
        return EXIT_BUILD
    except OSError as exc:  # the lock could not be made: .gorag is not writable
        print(f"build failed: {os_problem(exc)}", file=sys.stderr)
        return EXIT_BUILD
    except KeyboardInterrupt as exc:
        print("build interrupted: the previous site was left as it was", file=sys.stderr)
        return 128 + (exc.signum if isinstance(exc, Interrupted) else signal.SIGINT)


def _build(config_file: Path, site_dir: Path | None, verbose: bool, jobs: int | None, strict: bool) -> int:
    from .site.builder import GENERATOR_PHASES, BuildFailed, Timings, build_from

    timings = Timings()
    root = config_file.resolve().parent
    _environment(root)
    _setup_logging(verbose)
    final = (site_dir or root / "site").resolve()
    temp = final.with_name(f".{final.name}.building")
    shutil.rmtree(temp, ignore_errors=True)
    try:
        _project(config_file)
        build_from(config_file, temp, strict, jobs, timings)
        _swap(temp, final)
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        print("build stopped: the previous site was left as it was", file=sys.stderr)
        return EXIT_CONTENT
    except (BuildFailed, SystemExit, GoragError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        print("the previous site was left as it was", file=sys.stderr)
        return EXIT_BUILD
    except OSError as exc:  # a full or read-only disk: not a bug to show a traceback for
        print(f"build failed: {os_problem(exc)}", file=sys.stderr)
        print("the previous site was left as it was", file=sys.stderr)
        return EXIT_BUILD
    finally:
        shutil.rmtree(temp, ignore_errors=True)  # gone already when the build succeeded
    if os.environ.get("GORAG_TIMINGS"):
        Path(os.environ["GORAG_TIMINGS"]).write_text(json.dumps(timings.as_dict(GENERATOR_PHASES), indent=2), encoding="utf-8")
    print(f"built {final}")
    return EXIT_OK


def _swap(temp: Path, final: Path) -> None:
    """Put the built site ``temp`` in the place of ``final``; if that fails, ``final`` is put back."""
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    try:
        temp.rename(final)
    except OSError:
        if old.exists():
            old.rename(final)
        raise
    shutil.rmtree(old, ignore_errors=True)


def serve(config_file: Path, address: str, printables: bool = False) -> int:
    """Live preview: rebuilds the pages an edit under protocols/, campaigns/, docs/ or the theme
    changed, and reloads the browser. PDFs are left out unless asked for."""
    from .site.serve import serve_project

    _environment(config_file.resolve().parent)
    os.environ.setdefault("GORAG_PRINTABLES", "1" if printables else "0")
    _setup_logging(True)
    host, _, port = address.rpartition(":") if ":" in address else (address, "", "8000")
    try:
        # The preview stages into the same folder as a build: one of them at a time.
        with _stoppable(), project_lock(config_file.resolve().parent, "serve"):
            _project(config_file)
            serve_project(config_file, host or "127.0.0.1", int(port or 8000))
    except GoragError as exc:
        print(f"serve failed: {exc}", file=sys.stderr)
        return EXIT_BUILD
    except OSError as exc:
        print(f"serve failed: {os_problem(exc)}", file=sys.stderr)
        return EXIT_BUILD
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gorag", description=__doc__)
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser(
        "check", help="validate every protocol, campaign, data file and page",
        description="Exit codes: 0 no problems; 1 content errors (listed as path:line[:col]: field: message); "
                    "2 usage or configuration error.")
    check_cmd.add_argument("--format", choices=("text", "github"), default="text",
                           help="github: also print GitHub Actions annotations for pull requests")
    check_cmd.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD",
                           help="the day events without results are counted to (default: today)")
    results_cmd = commands.add_parser(
        "results", help="record what happened at a campaign event (campaigns/<id>/results.yml)",
        description="Adds the event's results to results.yml, or changes those recorded: values not given are kept. "
                    "Numbers and a note only, never the names of participants. Example: "
                    "gorag results world-day-2027 press-conference --status held --female-adults 12 --male-adults 9 --media 4")
    results_cmd.add_argument("campaign", help="the campaign's id (its folder under campaigns/)")
    results_cmd.add_argument("event", help="the event's id in events.yml")
    results_cmd.add_argument("--status", choices=RESULT_STATUSES, help="required the first time")
    for sex in SEXES:
        for age in AGE_GROUPS:
            results_cmd.add_argument(f"--{sex}-{age}", type=_count, metavar="N", help=f"participants: {sex}, {age}")
    results_cmd.add_argument("--materials", type=_count, metavar="N", help="materials distributed")
    results_cmd.add_argument("--media", type=_count, metavar="N", help="media items: articles, broadcasts, posts")
    results_cmd.add_argument("--notes", help="a short note, e.g. why the event was postponed (no names)")
    build_cmd = commands.add_parser("build", help="validate and build the site (atomically)")
    build_cmd.add_argument("-d", "--site-dir", type=Path)
    build_cmd.add_argument("-v", "--verbose", action="store_true")
    build_cmd.add_argument("--strict", action="store_true",
                           help="stop on any warning, a placeholder site_url included (as the deploy workflow does; "
                                "also GORAG_STRICT=true)")
    build_cmd.add_argument("-j", "--jobs", type=int, help="languages built at once (default: all, on a multi-core machine; "
                                                          "1 = one after another, as plain mkdocs build does)")
    serve_cmd = commands.add_parser("serve", help="preview with live reload")
    serve_cmd.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    serve_cmd.add_argument("--printables", action="store_true", help="also render the PDFs (slower rebuilds)")
    new_cmd = commands.add_parser("new", help="write a ready-to-edit campaign from a template")
    new_kinds = new_cmd.add_subparsers(dest="kind", required=True)
    campaign_cmd = new_kinds.add_parser("campaign", help="a campaign plan with dates computed for a year")
    campaign_cmd.add_argument("--template", required=True, choices=campaign_templates())
    campaign_cmd.add_argument("--year", required=True, type=int)
    campaign_cmd.add_argument("--dest", type=Path, help="folder to write (default: campaigns/<template>-<year>)")
    for kind in KINDS_BY_COMMAND:
        doc_cmd = new_kinds.add_parser(kind, help=f"a {kind} skeleton with all front matter (or a translation of one)")
        doc_cmd.add_argument("--id", required=True, help="lowercase id, e.g. child-helpline")
        doc_cmd.add_argument("--lang", help="the default language (mkdocs.yml) for the source, another for a translation")
    commands.add_parser("translate-status", help="translated, draft, outdated or missing, per document and language")
    args = parser.parse_args(argv)
    if args.command == "new" and args.kind in KINDS_BY_COMMAND:
        try:
            project = _project(args.config_file)
            lang = args.lang or project.languages.default
            if lang not in project.languages.codes:
                raise GoragError(f"--lang {lang}: expected one of the site's languages ({', '.join(project.languages.codes)})")
            path = new_document(project.root, args.kind, args.id, lang, date.today())
        except GoragError as exc:
            print(f"gorag new: {exc}", file=sys.stderr)
            return EXIT_CONTENT
        print(f"wrote {path}\nnext: fill it in, then run gorag check")
        return EXIT_OK
    if args.command == "new":
        dest = args.dest or Path("campaigns") / f"{args.template}-{args.year}"
        try:
            for path in new_campaign(args.template, args.year, dest):
                print(f"wrote {path}")
        except GoragError as exc:
            print(f"gorag new: {exc}", file=sys.stderr)
            return EXIT_CONTENT
        print(f"next: edit {dest}/campaign.yml and events.yml, then run gorag check")
        return EXIT_OK
    if not args.config_file.is_file():
        print(f"{args.config_file}: no such file; run gorag in the project folder or pass -f mkdocs.yml", file=sys.stderr)
        return EXIT_BUILD
    if args.command == "check":
        return check(args.config_file, args.format, args.as_of)
    if args.command == "results":
        return results(args.config_file, args)
    if args.command == "translate-status":
        try:
            library = _project(args.config_file).load()
        except ContentErrors as exc:
            print(exc.report(), file=sys.stderr)
            return EXIT_CONTENT
        except GoragError as exc:
            print(f"translate-status failed: {exc}", file=sys.stderr)
            return EXIT_BUILD
        print(report(status(library)))
        return EXIT_OK
    if args.command == "build":
        return build(args.config_file, args.site_dir, args.verbose, args.jobs, args.strict)
    return serve(args.config_file, args.dev_addr, args.printables)


if __name__ == "__main__":
    sys.exit(main())
