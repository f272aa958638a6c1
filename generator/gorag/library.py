"""Load and validate every source of a project into one :class:`~gorag.models.Library`."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import markup, paths
from .campaigns import load_campaigns
from .errors import ErrorCollector
from .languages import default_language, language_codes
from .links import GENERATED, Headings, check_links
from .load import Raw, prefetch
from .markup import MARKDOWN_EXTENSIONS
from .models import Campaign, DocPage, Library, Protocol, Role
from .revisions import Revision
from .scans import PrivacyScans, load_scan_cache, save_scan_cache, scan_helpers
from .validate import load_agencies, load_allowlist, load_glossary, load_pages, load_protocols, load_roles


def _check_links(content_dir: Path, docs_dir: Path, protocols: tuple[Protocol, ...], pages: tuple[DocPage, ...],
                 roles: tuple[Role, ...], campaigns: tuple[Campaign, ...], parsed: dict[Path, Raw],
                 errors: ErrorCollector) -> None:
    """Every internal link of every protocol and page, in every language, must reach a page
    (and a heading, where the link names one)."""
    site: dict[str, dict[str, Collection[str] | None]] = {}
    for lang in language_codes():
        known: dict[str, Collection[str] | None] = {page: None for page in GENERATED}
        known.update({f"roles/{r.id}": None for r in roles})
        for c in campaigns:
            known.update({paths.campaign_page(c.id, stem).removesuffix(".html"): None for stem in paths.CAMPAIGN_PAGES})
        for p in protocols:
            translation = p.translation(lang)
            known[f"protocols/{p.id}"] = Headings(translation.body if translation else p.body)
        known.update({page.stem: None for page in pages})
        site[lang] = known
    files = [(content_dir / f"{p.id}.en.md", f"protocols/{p.id}", default_language()) for p in protocols]
    files += [(errors.root / t.path, f"protocols/{p.id}", t.lang) for p in protocols for t in p.translations]
    files += [(docs_dir / (f"{page.stem}.md" if lang == default_language() else f"{page.stem}.{lang}.md"), page.stem, lang)
              for page in pages for lang in page.langs]
    check_links([(parsed[path], page, lang) for path, page, lang in files if path in parsed], site, errors)


@dataclass
class Loading:
    """A library whose sources are valid but for the personal-data scan, which may still be under
    way in helper processes: work that needs only valid structure (rendering pages) can go on
    meanwhile. :meth:`finish` waits for the scan and raises if it found anything. ``locks``: each
    campaign's ``calendar.lock.yml`` as loading read and checked it."""

    library: Library
    errors: ErrorCollector
    scans: PrivacyScans
    scan_cache: Path | None = None
    locks: dict[str, dict[str, Revision]] = field(default_factory=dict)

    def finish(self) -> Library:
        self.scans.report(self.errors)
        if self.scan_cache:
            save_scan_cache(self.scan_cache, self.scans.allowlist)
        self.errors.raise_if_any()
        return self.library


def start_loading(content_dir: Path, docs_dir: Path, root: Path, campaigns_dir: Path | None = None,
                  scan_cache: Path | None = None,
                  markdown_extensions: Iterable[tuple[str, dict[str, Any]]] = MARKDOWN_EXTENSIONS) -> Loading:
    """Load and validate everything but wait for the personal-data scan only if something else is
    wrong; then raise :class:`~gorag.errors.ContentErrors` listing every problem.

    ``scan_cache``: a file where the personal-data scans of unchanged files are kept between builds;
    ``markdown_extensions``: the site's Markdown extensions, which bodies are rendered with to be checked."""
    sources = sorted(content_dir.glob("*.md"))
    prefetch([*sources, *sorted(docs_dir.rglob("*.md"))])
    errors = ErrorCollector(root)
    allowlist = load_allowlist(content_dir / "privacy-allowlist.yml", errors)
    if scan_cache:
        load_scan_cache(scan_cache, allowlist)
    parsed: dict[Path, Raw] = {}
    # Helpers scan for personal data while the rest is read and checked.
    scans = PrivacyScans(allowlist, scan_helpers(len(sources)), markup.Checker(markdown_extensions))
    agencies = load_agencies(content_dir / "agencies.yml", errors, scans)
    roles = load_roles(content_dir / "roles.yml", errors, scans)
    glossary = load_glossary(content_dir / "glossary.yml", errors, scans)
    protocols = load_protocols(content_dir, agencies, roles, errors, glossary, scans, parsed)
    pages = load_pages(docs_dir, errors, scans, parsed)
    locks: dict[str, dict[str, Revision]] = {}
    campaigns, regions, audiences = load_campaigns(campaigns_dir, agencies, errors, scans, locks) if campaigns_dir else ((), (), ())
    _check_links(content_dir, docs_dir, protocols, pages, roles, campaigns, parsed, errors)
    library = Library(agencies=agencies, roles=roles, protocols=protocols, pages=pages, glossary=glossary,
                      campaigns=campaigns, regions=regions, audiences=audiences)
    loading = Loading(library, errors, scans, scan_cache, locks)
    if errors.errors:
        loading.finish()  # raises, with the scan's findings too
    return loading


def load_library(content_dir: Path, docs_dir: Path, root: Path, campaigns_dir: Path | None = None,
                 scan_cache: Path | None = None,
                 markdown_extensions: Iterable[tuple[str, dict[str, Any]]] = MARKDOWN_EXTENSIONS) -> Library:
    """Load and validate everything; raise :class:`~gorag.errors.ContentErrors` listing every problem."""
    return start_loading(content_dir, docs_dir, root, campaigns_dir, scan_cache, markdown_extensions).finish()
