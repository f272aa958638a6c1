"""Write the staged docs directory that MkDocs reads: ``docs/`` as it is plus generated pages.

Generated pages are real files rather than in-memory ``File.generated`` pages because
mkdocs-static-i18n 1.3.1 cannot handle the latter. Only files whose bytes changed are written, so
a live-reloading server is not woken by a rebuild that changed nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .field_tables import expand
from .models import Library
from .neutral import neutral_pages
from .render import render_site
from .render_campaigns import render_campaign_site
from .validate import page_language

MARKER = b"gorag:"  # in a page that may hold a marker of gorag.field_tables


def collect(library: Library, docs_dir: Path, site_url: str = "", printables: bool = False) -> dict[str, bytes]:
    """Every file of the staged tree, keyed by relative path; hand-written pages with the schema's
    field tables in place of their markers (:mod:`gorag.field_tables`)."""
    files = {p.relative_to(docs_dir).as_posix(): p.read_bytes() for p in sorted(docs_dir.rglob("*")) if p.is_file()}
    for rel, data in files.items():
        if rel.endswith(".md") and MARKER in data:
            files[rel] = expand(data.decode("utf-8"), page_language(rel)[1], f"{docs_dir.name}/{rel}").encode("utf-8")
    generated = {**render_site(library, docs_dir, printables), **render_campaign_site(library, site_url, printables)}
    files.update({path: text.encode("utf-8") for path, text in generated.items()})
    files.update(neutral_pages())
    return files


def sync(files: dict[str, bytes], target: Path) -> list[str]:
    """Make ``target`` hold exactly ``files``; return the paths written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for rel, data in files.items():
        path = target / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(rel)
    for path in sorted(target.rglob("*"), reverse=True):
        rel = path.relative_to(target).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path)
    return written
