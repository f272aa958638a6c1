"""Build the whole site: stage once, build each language in its own process, then finish.

mkdocs-static-i18n builds the languages one after another in one process, each a full MkDocs
build. They do not depend on each other, so :func:`build_site` forks one worker per language, each
building only its language into a folder of its own, and merges the folders. The result is the
same, byte for byte, as the plain sequential build (``jobs=1``, which is ``mkdocs build``): the
languages' pages land in their own folders; the files every build writes at the root (theme assets)
are identical; the search index, the sitemap and the root 404 page are written once, the same way
in both modes (see :mod:`gorag.site.search`, :mod:`gorag.sitemap` and ``GoragPlugin.on_pre_build``).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, cast

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..errors import GoragError
from ..languages import default_language, language_codes
from ..project import os_problem
from . import search
from .plugin import GoragPlugin, optimised, source_date


class BuildFailed(GoragError):
    """MkDocs stopped (strict-mode warnings, a broken theme, ...); the message says where."""


@dataclass
class Timings:
    """Wall seconds per phase of one build, for ``gorag build --timings`` and the benchmarks."""

    phases: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def lap(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.phases[name] = self.phases.get(name, 0.0) + now - since
        return now

    def as_dict(self, generator: tuple[str, ...]) -> dict[str, Any]:
        return {"phases": self.phases, "total_seconds": time.perf_counter() - self.started,
                "generator_seconds": sum(v for k, v in self.phases.items() if k in generator)}


# The phases that are Gorag's own work, as opposed to MkDocs rendering pages: validating and
# staging; "alongside", the share of the page builds' time that went to Gorag's hooks and to the
# calendars and printables made meanwhile (it is part of "pages"); fixing the search indexes;
# merging the languages' folders; and finishing the site (writing calendars, sitemap, zips).
GENERATOR_PHASES = ("stage", "alongside", "search", "merge", "finish")


def default_jobs() -> int:
    """Parallel language builds: one per language, unless there is a single core (or
    GORAG_UNOPTIMISED=1 asks for the plain build)."""
    return len(language_codes()) if (os.cpu_count() or 1) > 1 and optimised() else 1


def built_languages(config: MkDocsConfig) -> list[str]:
    """The languages static-i18n builds, the default one first."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [default_language()]
    return [lang.locale for lang in i18n.config.languages if lang.build]


def gorag_plugin(config: MkDocsConfig) -> GoragPlugin:
    """The config's Gorag plugin; :class:`BuildFailed` if mkdocs.yml does not use it."""
    plugin = config.plugins.get("gorag")
    if not isinstance(plugin, GoragPlugin):
        raise BuildFailed("mkdocs.yml: plugins: 'gorag' is missing; add it first in the plugins list")
    return plugin


def _follow_parent() -> None:
    """In a worker: leave stopping to the parent, and never outlive it. Ctrl-C reaches every
    process of the terminal; the parent then ends its workers, so they ignore it (no traceback per
    worker). SIGTERM, from the parent, ends a worker at once, whatever handler the parent had set.
    On Linux the kernel also sends SIGTERM when the parent dies, even when killed outright."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # without it, a parent killed by SIGKILL leaves the worker to finish its language
    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid != os.getppid():  # the parent died before the line above
        os._exit(1)


def _build_language(config: MkDocsConfig, lang: str, site_dir: Path, dirty: bool, keep_search: bool, hooks: Any) -> None:
    """Worker: build only ``lang`` into ``site_dir`` (and keep its part of the search index, see
    :func:`_keep_search`), leaving in ``hooks`` the seconds Gorag's hooks took. Runs in a forked
    copy of the parent."""
    _follow_parent()
    i18n = config.plugins["i18n"]
    # static-i18n (pinned <1.4) starts from its default language and, in that build, builds every
    # other one; these two attributes make it build ``lang`` alone (tests/test_private_dependencies.py).
    i18n.current_language = lang  # type: ignore[attr-defined]
    i18n.building = True  # type: ignore[attr-defined]
    plugin = gorag_plugin(config)
    plugin.read_titles = dirty
    plugin.hook_seconds = 0.0
    config.site_dir = str(site_dir)
    try:
        mkdocs_build(config, dirty=dirty)
    except (MkDocsException, SystemExit) as exc:
        print(f"build failed ({lang}): {exc}", file=sys.stderr)
        os._exit(1)
    except OSError as exc:  # a full or read-only disk: one line, not a traceback per worker
        print(f"build failed ({lang}): {os_problem(exc)}", file=sys.stderr)
        os._exit(1)
    if keep_search:
        started = time.perf_counter()
        try:
            _keep_search(config, lang, site_dir)
        except OSError as exc:
            print(f"build failed ({lang}): writing the search index: {exc}", file=sys.stderr)
            os._exit(1)
        plugin.hook_seconds += time.perf_counter() - started
    hooks.value = plugin.hook_seconds
    os._exit(0)


@dataclass
class LanguageBuilds:
    """How the language builds went: the languages whose build stopped; the seconds the builds
    ran and spent in Gorag's hooks, summed over the builds; and the seconds the work done
    meanwhile took (see :func:`build_languages`)."""

    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    hook_seconds: float = 0.0
    meanwhile_seconds: float = 0.0

    def gorag_share(self) -> float:
        """Gorag's part of the time the processes were busy while the languages were built: its
        hooks and the work done meanwhile."""
        busy = self.seconds + self.meanwhile_seconds
        return (self.hook_seconds + self.meanwhile_seconds) / busy if busy else 0.0


def build_languages(config: MkDocsConfig, parts: dict[str, Path], jobs: int, dirty: bool = False,
                    keep_search: bool = False, meanwhile: Callable[[], None] | None = None) -> LanguageBuilds:
    """Build each language of ``parts`` into its folder, ``jobs`` processes at a time (a dirty
    build renders only changed pages). Once the first builds have started, this process calls
    ``meanwhile``."""
    context = multiprocessing.get_context("fork")
    pending = list(parts)
    running: dict[int, tuple[str, Any, Any, float]] = {}
    builds = LanguageBuilds()
    try:
        while pending or running:
            while pending and len(running) < jobs:
                lang = pending.pop(0)
                hooks = context.Value("d", 0.0, lock=False)
                process = context.Process(target=_build_language, args=(config, lang, parts[lang], dirty, keep_search, hooks))
                process.start()
                running[process.sentinel] = (lang, process, hooks, time.perf_counter())
            if meanwhile is not None:
                started = time.perf_counter()
                meanwhile()
                builds.meanwhile_seconds, meanwhile = time.perf_counter() - started, None
            for sentinel in wait(list(running)):
                lang, process, hooks, started = running.pop(cast(int, sentinel))
                process.join()
                builds.seconds += time.perf_counter() - started
                builds.hook_seconds += hooks.value
                if process.exitcode != 0:
                    builds.failed.append(lang)
    except BaseException:
        # Stopped (an error meanwhile, Ctrl-C, SIGTERM): no worker may go on writing after us.
        for _, process, _, _ in running.values():
            process.terminate()
        for _, process, _, _ in running.values():
            process.join()
        raise
    builds.failed.sort(key=list(parts).index)
    return builds


def _merge(parts: dict[str, Path], site_dir: Path, default: str) -> None:
    """Move each language's folder into the default language's site, which becomes ``site_dir``."""
    parts[default].rename(site_dir)
    for lang, part in parts.items():
        if lang != default:
            (part / lang).rename(site_dir / lang)


def _search_plugin(config: MkDocsConfig) -> Any:
    """Material's search plugin of ``config`` (it keeps the built index's entries), if used."""
    return next((plugin for plugin in config.plugins.values() if hasattr(plugin, "search_index")), None)


def _keep_search(config: MkDocsConfig, lang: str, site_dir: Path) -> None:
    """Worker, after its build: write this language's search index (see
    :func:`gorag.site.search.save_language`) from the entries Material's search plugin (9.x) keeps, as
    its ``generate_search_index`` does. If the plugin keeps them otherwise, nothing is written and
    :func:`_write_search` merges and splits the indexes the builds wrote instead."""
    found = _search_plugin(config)
    entries = getattr(getattr(found, "search_index", None), "entries", None)
    settings = getattr(found, "config", None)
    keys = ("lang", "separator", "pipeline", "fields")
    if not isinstance(entries, list) or settings is None or any(key not in settings for key in keys):
        return
    languages = tuple(built_languages(config))
    search.save_language(site_dir, entries, {key: settings[key] for key in keys}, lang, languages, languages[0])


def _write_search(parts: dict[str, Path], languages: tuple[str, ...], default: str) -> None:
    """Make each language's folder hold its final search index. The builds wrote them assuming
    the merged configuration was their own; correct those where it is not. If a build's index held
    another language's pages, merge and split the indexes instead."""
    built = [lang for lang in languages if (parts[lang] / "search" / "search_index.json").is_file()]
    if built and all((parts[lang] / search.SAVED / "config.json").is_file() for lang in built):
        # mkdocs-static-i18n's merged index keeps the configuration of the last language built.
        config = search.saved_config(parts[built[-1]])
        for lang in built:
            search.fix_saved(parts[lang], lang, config)
    elif built:
        merged = search.merge_indexes([index for lang in built if (index := search.read_index(parts[lang]))])
        for lang in built:
            search.write_indexes(parts[lang], merged, languages, default, only={lang})
    for lang in languages:
        shutil.rmtree(parts[lang] / search.SAVED, ignore_errors=True)


def build_site(config: MkDocsConfig, jobs: int, timings: Timings | None = None) -> None:
    """Build the site ``config`` describes into ``config.site_dir`` (which must not exist yet).

    Raises :class:`~gorag.errors.ContentErrors` for bad sources and :class:`BuildFailed` when
    MkDocs stops."""
    timings = timings or Timings()
    plugin = gorag_plugin(config)
    started = time.perf_counter()
    plugin.prepare(config)  # validates and stages; the builds' on_config reuse the result
    started = timings.lap("stage", started)
    languages = built_languages(config)
    if jobs <= 1 or len(languages) == 1:
        plugin.hook_seconds = 0.0
        try:
            mkdocs_build(config)
        except (MkDocsException, SystemExit) as exc:
            raise BuildFailed(str(exc)) from None
        timings.lap("pages", started)
        timings.phases["alongside"] = plugin.hook_seconds
        return
    assert plugin.project is not None and plugin.staged is not None
    plugin.adopt(plugin.project, plugin.staged)
    site_dir = Path(config.site_dir)
    work = site_dir.with_name(f"{site_dir.name}.parts")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)  # here, not in each worker: a folder that cannot be made is reported once
    parts = {lang: work / lang for lang in languages}
    # While the languages are built, this process makes the calendars and printables.
    project, staged = plugin.project, plugin.staged
    outputs: dict[str, bytes] = {}
    try:
        builds = build_languages(config, parts, jobs, keep_search=True,
                                 meanwhile=lambda: outputs.update(project.outputs(staged)))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if builds.failed:
        shutil.rmtree(work, ignore_errors=True)
        raise BuildFailed(f"the {', '.join(builds.failed)} build stopped (see the messages above)")
    started = timings.lap("pages", started)
    # Gorag's hooks and the calendars ran while the pages were built: count their share of the time.
    timings.phases["alongside"] = timings.phases["pages"] * builds.gorag_share()
    try:
        _write_search(parts, tuple(languages), languages[0])
        started = timings.lap("search", started)
        _merge(parts, site_dir, languages[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    started = timings.lap("merge", started)
    project.finish(staged, site_dir, source_date(), outputs)
    timings.lap("finish", started)


def build_from(config_file: Path, site_dir: Path, strict: bool, jobs: int | None, timings: Timings) -> None:
    """Read ``config_file`` with MkDocs and build the site into ``site_dir``: strict (every warning
    stops the build) when asked, or when mkdocs.yml says so. MkDocs' own errors become
    :class:`BuildFailed`, so the command line needs nothing of MkDocs."""
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True if strict else None)
        build_site(config, default_jobs() if jobs is None else jobs, timings)
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from None
