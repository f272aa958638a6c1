"""HTML to PDF with WeasyPrint: local files only, tagged, deterministic, cached, on both cores.

Print documents are rendered from Gorag's own Jinja print templates, not from the site's theme.
Fonts come from the repository (``overrides/assets/fonts``, SIL OFL); the URL fetcher refuses
anything outside the allowed folders, so rendering never touches the network.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from . import paths

TEMPLATES = paths.PRINT_TEMPLATES  # print.css and the fonts' stylesheet resolve from here


@dataclass(frozen=True)
class Job:
    """One PDF to render: its HTML and where it goes inside the site. ``fallbacks`` are tighter
    versions of the same document (smaller type, less text), tried in order while a box of the
    one before overflows (see :func:`overflowing`): a poster stays one page, a card two faces."""

    path: str
    html: str
    fallbacks: tuple[str, ...] = ()

    @property
    def versions(self) -> tuple[str, ...]:
        return (self.html, *self.fallbacks)


def local_fetcher(allowed: tuple[Path, ...]) -> Any:
    """A WeasyPrint URL fetcher that serves files under ``allowed`` and ``data:`` URLs, refuses
    everything else, and stops the rendering when refused (rather than printing without it)."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    roots = tuple(p.resolve() for p in allowed)

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if not any(path.is_relative_to(root) for root in roots):
                    raise FatalURLFetchingError(f"print documents may not read {path}")
            elif parsed.scheme != "data":
                raise FatalURLFetchingError(f"print documents may not fetch {url!r}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


# A box that must hold its content has the id ``gorag-fit-<name>``; an empty element with the id
# ``gorag-fit-<name>-end`` closes that content. Laid out, the end must lie inside the box, on the
# box's page: content that runs over a fixed-size box either spills past its bottom or, where
# the box is in the normal flow, breaks onto a further page, where its end is then found.
FIT_PREFIX = "gorag-fit-"
FIT_END = "-end"
_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}


def overflowing(document: Any) -> list[str]:
    """The names of the fitted boxes of a laid-out WeasyPrint document whose content runs over."""
    over: list[str] = []
    for page in document.pages:
        anchors: dict[str, tuple[float, float, float, float]] = page.anchors
        for anchor, box in anchors.items():
            if not anchor.startswith(FIT_PREFIX) or anchor.endswith(FIT_END):
                continue
            end = anchors.get(anchor + FIT_END)
            # Half a CSS pixel of rounding; the end marker is empty, so its top is the content's end.
            if end is None or end[1] > box[3] + 0.5:
                over.append(anchor.removeprefix(FIT_PREFIX))
    return list(dict.fromkeys(over))  # a box broken over pages is named once


def _layout(html: str, fonts_dir: Path) -> Any:
    from weasyprint import HTML

    fetcher = local_fetcher((fonts_dir, TEMPLATES))
    return HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher).render(**_OPTIONS)


def render(html: str, fonts_dir: Path) -> bytes:
    """One PDF/UA-1 (tagged) document; title and language come from the HTML's <title> and lang."""
    return bytes(_layout(html, fonts_dir).write_pdf(**_OPTIONS))


def render_fitting(versions: tuple[str, ...], fonts_dir: Path) -> bytes:
    """The first of ``versions`` whose fitted boxes hold their content, or else the last (the
    tightest): the same input always gives the same choice, so the output stays deterministic."""
    for html in versions[:-1]:
        document = _layout(html, fonts_dir)
        if not overflowing(document):
            return bytes(document.write_pdf(**_OPTIONS))
    return render(versions[-1], fonts_dir)


def _render_job(args: tuple[tuple[str, ...], str]) -> bytes:
    versions, fonts = args
    return render_fitting(versions, Path(fonts))


@cache
def _shared_inputs(fonts_dir: Path) -> bytes:
    """What every PDF depends on besides its HTML: WeasyPrint's version and the print fonts."""
    import weasyprint

    parts = [weasyprint.__version__.encode()]
    parts += [font.name.encode() + str(font.stat().st_size).encode() for font in sorted((fonts_dir / "print").glob("*.ttf"))]
    return b"".join(parts)


def cache_key(html: str, fonts_dir: Path, fallbacks: tuple[str, ...] = ()) -> str:
    """Everything a PDF depends on: its HTML (which embeds the print CSS) and any tighter versions
    of it, the fonts and WeasyPrint."""
    digest = hashlib.sha256(html.encode("utf-8"))
    for version in fallbacks:
        digest.update(b"\0" + version.encode("utf-8"))
    digest.update(_shared_inputs(fonts_dir))
    return digest.hexdigest()


def render_all(jobs: Iterable[Job], fonts_dir: Path, cache_dir: Path, workers: int | None = None) -> dict[str, bytes]:
    """Render every job, reusing cached PDFs whose inputs did not change; new ones on all cores."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, bytes] = {}
    todo: list[tuple[Job, Path]] = []
    for job in jobs:
        cached = cache_dir / f"{cache_key(job.html, fonts_dir, job.fallbacks)}.pdf"
        if cached.is_file():
            results[job.path] = cached.read_bytes()
        else:
            todo.append((job, cached))
    if todo:
        count = workers or min(len(todo), os.cpu_count() or 1)
        args = [(job.versions, str(fonts_dir)) for job, _ in todo]
        if count > 1:
            with ProcessPoolExecutor(max_workers=count) as pool:
                rendered = list(pool.map(_render_job, args, chunksize=4))
        else:
            rendered = [_render_job(a) for a in args]
        for (job, cached), data in zip(todo, rendered, strict=True):
            cached.write_bytes(data)
            results[job.path] = data
    return results
