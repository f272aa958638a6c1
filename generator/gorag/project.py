"""Where a Gorag project keeps its sources, and the one function that builds its pages' inputs."""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import paths
from .config import SiteConfig
from .errors import ErrorCollector, GoragError
from .i18n import check_strings, t, use_project_strings
from .ics import calendar_files
from .languages import Languages, configure, lang_prefix, language_codes
from .library import Loading, start_loading
from .load import prefetch
from .markup import MARKDOWN_EXTENSIONS
from .models import Library
from .offline_zip import offline_zip
from .pdf import Job, render_all
from .plan import activities_pages, plan_documents, plan_jobs
from .printables import Download, campaign_jobs, fill_sizes, printable_jobs, render_downloads
from .pwa import app_files
from .render import page_name
from .results import report_documents, report_jobs, report_pages, report_sources
from .revisions import Revision, read_lock, revise, write_lock
from .sitemap import sitemap, staged_pages, write_sitemap
from .sources import git_dates, source_map
from .stage import collect, sync
from .zim import write_zim

LOCK_FILE = ".gorag/build.lock"

# Plain words for the file-system failures a build meets on a misconfigured or full machine.
_WHY = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up", errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied", errno.EPERM: "permission denied",
        errno.EEXIST: "a file stands where a folder is needed", errno.ENOTDIR: "part of the path is a file, not a folder"}


def os_problem(exc: OSError) -> str:
    """One line for a file-system failure: where, and why in plain words."""
    where = f" {exc.filename}" if exc.filename else ""
    why = _WHY.get(exc.errno or 0, exc.strerror or str(exc))
    return f"cannot write{where}: {why}"


class Busy(GoragError):
    """Another ``gorag build`` or ``gorag serve`` is working in this project."""


@contextmanager
def project_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the project's lock while ``command`` (build, serve) runs: they share the staging
    folder, the caches and the calendar locks, so two at once would trip over each other's files.
    The lock is an advisory ``flock`` on :data:`LOCK_FILE`, so the system releases it when the
    holder ends, even when killed; the file names the holder for the message. Raises
    :class:`Busy` at once rather than waiting behind a preview that may run all day."""
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            words = os.pread(fd, 200, 0).decode("utf-8", "replace").split()
            other, pid = (words[0], words[1]) if len(words) >= 2 else ("build", "?")
            advice = "stop it first" if other == "serve" else "wait for it to finish"
            raise Busy(f"another gorag {other} is running in this project (pid {pid}); {advice}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{command} {os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


@dataclass(frozen=True)
class Staged:
    """What a build needs beyond the staged pages: the library and each event's revision."""

    library: Library
    revisions: dict[str, dict[str, Revision]] = field(default_factory=dict)
    printables: tuple[Job, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)  # staged page -> source file
    updated: dict[str, int] = field(default_factory=dict)  # source file -> last commit time
    written: tuple[str, ...] = ()  # staged files this staging changed (what a preview rebuilds)
    stamp: datetime | None = None  # the build's source date, which editable documents carry


@dataclass(frozen=True)
class Project:
    """Paths of one Gorag project, all absolute."""

    root: Path
    docs_dir: Path
    content_dir: Path
    staging_dir: Path
    languages: Languages
    campaigns_dir: Path | None = None
    site_url: str = ""
    fonts_dir: Path | None = None  # set to render printables (PDF)
    cache_dir: Path | None = None  # where PDFs and personal-data scans are kept between builds
    strings_dir: Path | None = None  # the project's own interface strings (gorag.i18n)
    # The site's Markdown extensions and their options: content is checked as it will render.
    markdown_extensions: tuple[tuple[str, dict[str, Any]], ...] = MARKDOWN_EXTENSIONS

    @classmethod
    def of(cls, config: SiteConfig, **paths: Any) -> Project:
        """The project mkdocs.yml describes (:func:`gorag.config.read_config`); ``paths`` override
        what a caller knows better (the plugin: the fonts folder)."""
        options, root = config.options, config.root
        return cls(**{"root": root, "docs_dir": config.docs_dir, "content_dir": root / options.content_dir,
                      "staging_dir": root / options.staging_dir, "languages": config.languages,
                      "campaigns_dir": root / options.campaigns_dir, "site_url": config.site_url,
                      "cache_dir": root / options.cache_dir, "markdown_extensions": config.markdown_extensions,
                      "strings_dir": root / options.strings_dir if options.strings_dir else None, **paths})

    def configure(self) -> None:
        """Make this project's languages and interface strings the ones every module uses;
        :class:`GoragError` if a string lacks a language."""
        configure(self.languages)
        use_project_strings(self.strings_dir)
        check_strings()

    def load(self) -> Library:
        """Load and validate every source; raises :class:`~gorag.errors.ContentErrors`."""
        return self.start_loading().finish()

    def start_loading(self) -> Loading:
        """:func:`~gorag.library.start_loading` of this project's sources, in its languages."""
        self.configure()
        cache = self.cache_dir / "privacy-scans.json" if self.cache_dir else None
        return start_loading(self.content_dir, self.docs_dir, self.root, self.campaigns_dir, cache, self.markdown_extensions)

    def revisions(self, library: Library, now: datetime, locks: dict[str, dict[str, Revision]] | None = None
                  ) -> dict[str, dict[str, Revision]]:
        """Each campaign's event revisions; updates ``calendar.lock.yml`` where an event changed.
        ``locks``: the locks loading read (:attr:`gorag.library.Loading.locks`); others are read now."""
        out = {}
        errors = ErrorCollector(self.root)
        for campaign in library.campaigns:
            folder = self.root / campaign.path.rsplit("/", 1)[0]
            lock = locks[campaign.id] if locks is not None and campaign.id in locks else read_lock(folder, errors)
            errors.raise_if_any()
            out[campaign.id] = revise(campaign, lock, now)
            write_lock(folder, out[campaign.id])
        return out

    def stage(self, now: datetime | None = None) -> Staged:
        """Validate, update event revisions, prepare printables, then write the staged docs
        directory MkDocs builds from."""
        now = now or datetime.now(UTC)
        if self.staging_dir.is_dir():  # the staged files are compared with the new ones
            prefetch(path for path in self.staging_dir.rglob("*") if path.is_file())
        loading = self.start_loading()
        # Pages are rendered while the personal-data scan finishes; nothing is written before it has.
        files = collect(loading.library, self.docs_dir, self.site_url, printables=bool(self.fonts_dir))
        # The Plan of Activities and report pages show the tables of their documents (gorag.plan, gorag.results).
        campaign_pages = {**activities_pages(loading.library, now.date(), bool(self.fonts_dir)),
                          **report_pages(loading.library, bool(self.fonts_dir))}
        files.update({path: text.encode("utf-8") for path, text in campaign_pages.items()})
        library = loading.finish()
        revisions = self.revisions(library, now, loading.locks)
        jobs: list[Job] = []
        extra: dict[str, str] = {}
        if self.fonts_dir:
            jobs, downloads = printable_jobs(library, self.site_url, now.date(), self.fonts_dir)
            # Each campaign's Plan of Activities and report are listed first, then its worksheet and posters.
            for more_jobs, more_downloads in (plan_jobs(library, now.date(), self.fonts_dir),
                                              report_jobs(library, now.date(), self.fonts_dir),
                                              campaign_jobs(library, self.site_url, now.date(), self.fonts_dir)):
                jobs += more_jobs
                for lang, items in more_downloads.items():
                    downloads[lang] += items
            for lang in language_codes():
                downloads[lang].append(Download.one(t("downloads_offline", lang), t("offline_site", lang), paths.offline_zip(lang)))
                downloads[lang].append(Download.one(t("downloads_offline", lang), t("offline_zim", lang), paths.zim_file(lang)))
            extra = {page_name(paths.DOWNLOADS_PAGE, lang): render_downloads(items, lang) for lang, items in downloads.items()}
        files.update({path: text.encode("utf-8") for path, text in extra.items()})
        written = sync(files, self.staging_dir)
        sources = {**source_map(library, self.docs_dir.relative_to(self.root).as_posix()), **report_sources(library, self.root)}
        return Staged(library, revisions, tuple(jobs), sources, git_dates(self.root, set(sources.values())), tuple(written), now)

    def outputs(self, staged: Staged) -> dict[str, bytes]:
        """The files of the site MkDocs does not make (calendars, printables), by path."""
        files = calendar_files(staged.library, staged.revisions, self.site_url)
        if staged.printables and self.fonts_dir and self.cache_dir:
            files.update(render_all(staged.printables, self.fonts_dir, self.cache_dir))
            if staged.stamp:  # the documents a ministry edits: Plan of Activities, who-what-where-when
                files.update(plan_documents(staged.library, staged.stamp))
                files.update(report_documents(staged.library, staged.stamp))
        return files

    def finish(self, staged: Staged, site: Path, stamp: datetime, outputs: dict[str, bytes] | None = None) -> None:
        """Write what MkDocs does not: calendars and printables (``outputs``, made now if not
        given), the sitemap and, last, the offline zips (which hold everything written before them)."""
        files = self.outputs(staged) if outputs is None else outputs
        for rel, data in files.items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_bytes(data)
        if self.site_url:  # a sitemap lists absolute addresses
            write_sitemap(site, sitemap(staged_pages(self.staging_dir), self.site_url, stamp.date()), int(stamp.timestamp()))
        if staged.printables:
            # The Downloads pages give every file's size: the printables' now; the offline copies'
            # once they are made (a copy holds its own Downloads page, without its own size).
            self.fill_download_sizes(site, skip_copies=True)
            naive = stamp.replace(tzinfo=None)
            for lang in language_codes():
                root = site / lang_prefix(lang)
                (root / paths.offline_zip(lang)).parent.mkdir(parents=True, exist_ok=True)
                (root / paths.offline_zip(lang)).write_bytes(offline_zip(site, lang, naive))
                write_zim(site, lang, root / paths.zim_file(lang), stamp)
            self.fill_download_sizes(site, skip_copies=False)
        # Last: the web app's lists of files to save name every file with its content's hash.
        for rel, data in app_files(site, stamp).items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_bytes(data)

    @staticmethod
    def fill_download_sizes(site: Path, skip_copies: bool) -> None:
        """Write each file's size into each language's built Downloads page (see
        :func:`gorag.printables.fill_sizes`)."""
        for lang in language_codes():
            root = site / lang_prefix(lang)
            page = root / "downloads.html"
            if not page.is_file():
                continue

            def size_of(rel: str, root: Path = root) -> int | None:
                path = root / rel
                if (skip_copies and rel.endswith(paths.COPY_SUFFIXES)) or not path.is_file():
                    return None
                return path.stat().st_size

            page.write_text(fill_sizes(page.read_text(encoding="utf-8"), lang, size_of), encoding="utf-8")
