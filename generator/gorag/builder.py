"""Build the whole site: stage once, build each language in its own process, then finish.

mkdocs-static-i18n builds the languages one after another in one process, each a full MkDocs
build. They do not depend on each other, so :func:`build_site` forks one worker per language, each
building only its language into a folder of its own, and merges the folders. The result is the
same, byte for byte, as the plain sequential build (``jobs=1``, which is ``mkdocs build``): the
languages' pages land in their own folders; the files every build writes at the root (theme assets)
are identical; the search index, the sitemap and the root 404 page are written once, the same way
in both modes (see :mod:`gorag.search`, :mod:`gorag.sitemap` and ``GoragPlugin.on_pre_build``).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from . import search
from .errors import GoragError
from .models import DEFAULT_LANGUAGE, LANGUAGES
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


# The phases that are Gorag's own work, as opposed to MkDocs rendering pages.
GENERATOR_PHASES = ("stage", "search", "finish")


def default_jobs() -> int:
    """Parallel language builds: one per language, unless there is a single core (or
    GORAG_UNOPTIMISED=1 asks for the plain build)."""
    return len(LANGUAGES) if (os.cpu_count() or 1) > 1 and optimised() else 1


def built_languages(config: MkDocsConfig) -> list[str]:
    """The languages static-i18n builds, the default one first."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [DEFAULT_LANGUAGE]
    return [lang.locale for lang in i18n.config.languages if lang.build]


def gorag_plugin(config: MkDocsConfig) -> GoragPlugin:
    """The config's Gorag plugin; :class:`BuildFailed` if mkdocs.yml does not use it."""
    plugin = config.plugins.get("gorag")
    if not isinstance(plugin, GoragPlugin):
        raise BuildFailed("mkdocs.yml: plugins: 'gorag' is missing; add it first in the plugins list")
    return plugin


def _build_language(config: MkDocsConfig, lang: str, site_dir: Path, dirty: bool) -> None:
    """Worker: build only ``lang`` into ``site_dir``. Runs in a forked copy of the parent."""
    i18n = config.plugins["i18n"]
    # static-i18n (pinned <1.4) starts from its default language and, in that build, builds every
    # other one; these two attributes make it build ``lang`` alone.
    i18n.current_language = lang  # type: ignore[attr-defined]
    i18n.building = True  # type: ignore[attr-defined]
    gorag_plugin(config).read_titles = dirty
    config.site_dir = str(site_dir)
    try:
        mkdocs_build(config, dirty=dirty)
    except (MkDocsException, SystemExit) as exc:
        print(f"build failed ({lang}): {exc}", file=sys.stderr)
        os._exit(1)
    os._exit(0)


def build_languages(config: MkDocsConfig, parts: dict[str, Path], jobs: int, dirty: bool = False) -> list[str]:
    """Build each language of ``parts`` into its folder, ``jobs`` processes at a time (a dirty
    build renders only changed pages); return the languages whose build stopped."""
    context = multiprocessing.get_context("fork")
    pending = list(parts)
    running: list[tuple[str, Any]] = []
    failed = []
    while pending or running:
        while pending and len(running) < jobs:
            lang = pending.pop(0)
            process = context.Process(target=_build_language, args=(config, lang, parts[lang], dirty))
            process.start()
            running.append((lang, process))
        lang, process = running.pop(0)
        process.join()
        if process.exitcode != 0:
            failed.append(lang)
    return failed


def _merge(parts: dict[str, Path], site_dir: Path, default: str) -> None:
    """Move each language's folder into the default language's site, which becomes ``site_dir``."""
    parts[default].rename(site_dir)
    for lang, part in parts.items():
        if lang != default:
            (part / lang).rename(site_dir / lang)


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
        try:
            mkdocs_build(config)
        except (MkDocsException, SystemExit) as exc:
            raise BuildFailed(str(exc)) from None
        timings.lap("pages", started)
        return
    assert plugin.project is not None and plugin.staged is not None
    plugin.adopt(plugin.project, plugin.staged)
    site_dir = Path(config.site_dir)
    work = site_dir.with_name(f"{site_dir.name}.parts")
    shutil.rmtree(work, ignore_errors=True)
    parts = {lang: work / lang for lang in languages}
    failed = build_languages(config, parts, jobs)
    if failed:
        shutil.rmtree(work, ignore_errors=True)
        raise BuildFailed(f"the {', '.join(failed)} build stopped (see the messages above)")
    started = timings.lap("pages", started)
    indexes = [index for lang in languages if (index := search.read_index(parts[lang]))]
    _merge(parts, site_dir, languages[0])
    shutil.rmtree(work, ignore_errors=True)
    started = timings.lap("merge", started)
    if indexes:
        search.write_indexes(site_dir, search.merge_indexes(indexes), tuple(languages), languages[0])
    started = timings.lap("search", started)
    plugin.project.finish(plugin.staged, site_dir, source_date())
    timings.lap("finish", started)
