"""Which source file each page of the site comes from, and when that file last changed in git.

Editors follow "Edit this page" to the exact file behind the page in the reader's language; a
page whose translation is missing sends them to the English source it shows.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .languages import default_language, language_codes
from .models import Library
from .render import page_name


def source_map(library: Library, docs_dir: str = "docs") -> dict[str, str]:
    """Staged page path → source file path relative to the project root."""
    out: dict[str, str] = {}
    for lang in language_codes():
        for protocol in library.protocols:
            translation = protocol.translation(lang) if lang != default_language() else None
            out[f"protocols/{page_name(protocol.id, lang)}"] = translation.path if translation else protocol.path
        for page in library.pages:
            source = page_name(page.stem, lang) if lang in page.langs else page_name(page.stem, default_language())
            out[page_name(page.stem, lang)] = f"{docs_dir}/{source}"
        out[f"roles/{page_name('index', lang)}"] = "protocols/roles.yml"
        for role in library.roles:
            out[f"roles/{page_name(role.id, lang)}"] = "protocols/roles.yml"
        out[page_name("glossary", lang)] = "protocols/glossary.yml"
        out[page_name("agencies", lang)] = "protocols/agencies.yml"
        for campaign in library.campaigns:
            folder = campaign.path.rsplit("/", 1)[0]
            for name in ("index", "plan", "activities"):
                out[f"campaigns/{campaign.id}/{page_name(name, lang)}"] = f"{folder}/campaign.yml"
            out[f"campaigns/{campaign.id}/{page_name('schedule', lang)}"] = f"{folder}/events.yml"
            for event in campaign.events:
                out[f"campaigns/{campaign.id}/events/{page_name(event.id, lang)}"] = f"{folder}/events.yml"
    return out


def git_dates(root: Path, paths: set[str]) -> dict[str, int]:
    """Last commit time (Unix seconds) of each path, from one pass over the history; empty outside git."""
    try:
        log = subprocess.run(["git", "log", "--format=@%ct", "--name-only", "--no-renames"], cwd=root,
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, int] = {}
    stamp = 0
    for line in log.splitlines():
        if line.startswith("@"):
            stamp = int(line[1:])
        elif line in paths and line not in dates:
            dates[line] = stamp  # the log runs newest first
    return dates
