"""Internal links and anchors in every language, checked at the source (path:line:col) instead of
leaving them to the site build, which reports the staged file rather than the editor's."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterator, Sequence

from pymdownx.slugs import slugify

from .errors import ErrorCollector
from .fences import code_lines, has_fence
from .load import Raw

_LINK = re.compile(r"(?<!!)\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*(?:\{#([^}]+)\})?\s*$")
_slug = slugify(case="lower")
GENERATED = ("protocols/index", "roles/index", "glossary", "agencies", "translation-status", "downloads", "campaigns/index")


def anchors(body: str) -> set[str]:
    """Heading ids of a Markdown body, as the site's toc extension makes them."""
    found = set()
    lines = body.splitlines()
    code = code_lines(lines) if has_fence(body) else set()
    for number, line in enumerate(lines):
        if number not in code and line.startswith("#") and (match := _HEADING.match(line)):
            found.add(match.group(2) or _slug(re.sub(r"[*_`]", "", match.group(1)), "-"))
    return found


class Headings(Collection[str]):
    """The heading ids of a Markdown body (see :func:`anchors`), worked out on first use: most
    pages are never linked to by heading."""

    def __init__(self, body: str) -> None:
        self._body = body
        self._ids: set[str] | None = None

    @property
    def ids(self) -> set[str]:
        if self._ids is None:
            self._ids = anchors(self._body)
        return self._ids

    def __contains__(self, item: object) -> bool:
        return item in self.ids

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def check_links(files: Sequence[tuple[Raw, str, str]], site: dict[str, dict[str, Collection[str] | None]],
                errors: ErrorCollector) -> None:
    """Check the links in ``files`` (parsed file, site page it becomes, language) against ``site``:
    per language, every page mapped to its anchors (``None`` where not known, e.g. generated pages)."""
    for raw, page, lang in files:
        if "](" not in raw.body:
            continue
        pages = site[lang]
        path = raw.path
        lines = raw.body.splitlines()
        code = code_lines(lines) if has_fence(raw.body) else set()
        for number, line in enumerate(lines):
            if number in code or "](" not in line:
                continue
            if "`" in line:
                line = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line)
            for match in _LINK.finditer(line):
                target = match.group(1)
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                    continue
                where, _, anchor = target.partition("#")
                if where and not where.endswith(".md"):
                    continue  # a file such as a PDF or calendar, written by the build
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), where)) if where else page
                resolved = resolved.removesuffix(".md")
                line_no, col = raw.body_line + number, match.start(1) + 1
                if resolved not in pages:
                    errors.add(path, line_no, "body", f"link to {where!r}: no such page", "[Protocols](../protocols/index.md)", col)
                elif anchor and pages[resolved] is not None and anchor not in pages[resolved]:  # type: ignore[operator]
                    known = ", ".join(sorted(pages[resolved] or [])[:5])
                    errors.add(path, line_no, "body", f"link to {target!r}: that page has no heading #{anchor} (headings: {known})",
                               f"[text]({where}#{next(iter(sorted(pages[resolved] or [])), 'heading')})", col)
