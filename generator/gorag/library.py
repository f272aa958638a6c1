"""Load and validate every source of a project into one :class:`~gorag.models.Library`."""

from __future__ import annotations

from pathlib import Path

from .campaigns import load_campaigns
from .errors import ErrorCollector
from .models import Library
from .validate import load_agencies, load_allowlist, load_glossary, load_pages, load_protocols, load_roles


def load_library(content_dir: Path, docs_dir: Path, root: Path, campaigns_dir: Path | None = None) -> Library:
    """Load and validate everything; raise :class:`~gorag.errors.ContentErrors` listing every problem."""
    errors = ErrorCollector(root)
    agencies = load_agencies(content_dir / "agencies.yml", errors)
    roles = load_roles(content_dir / "roles.yml", errors)
    glossary = load_glossary(content_dir / "glossary.yml", errors)
    allowlist = load_allowlist(content_dir / "privacy-allowlist.yml", errors)
    protocols = load_protocols(content_dir, agencies, roles, errors, glossary, allowlist)
    pages = load_pages(docs_dir, errors, allowlist)
    campaigns, regions, audiences = load_campaigns(campaigns_dir, agencies, errors) if campaigns_dir else ((), (), ())
    errors.raise_if_any()
    return Library(agencies=agencies, roles=roles, protocols=protocols, pages=pages, glossary=glossary,
                   campaigns=campaigns, regions=regions, audiences=audiences)
