"""The installable web app: a manifest per language, the icons, the service worker and, for each
language, the list of files a reader saves for offline use.

How the parts fit (the browser side is ``overrides/assets/javascripts/pwa.js``, which registers
the worker and shows the "Save for offline" panel, ``offline-store.js``, which saves a language
into Cache Storage for the page and the worker alike, and ``assets/sw.js`` here, the worker):

* ``offline/<lang>.json`` lists every file a language's saved copy holds, with its size and a
  hash of its content, in two groups: the site (pages, assets, search shards) and its PDFs, which
  the reader may leave out. The page shows the sizes before saving and saves from this list.
* The lists of every language together give the build an id (:func:`build_id`), written into
  ``sw.js``: a new build is a new worker script, so browsers install it beside the old one. The
  new worker saves the languages the reader had saved into a cache of its own (unchanged files,
  by hash, copied from the old cache), while the old worker keeps answering from the old cache;
  each worker answers only from its own build's cache, so a page never mixes two builds. The
  page offers the update; accepting it activates the new worker, which drops the old cache.
* Everything here is deterministic: sorted lists, hashes of contents, the build's ``stamp`` as
  the only date.

What only the published web app uses is left out of the offline copies (:mod:`gorag.copies`):
``sw.js``, ``offline/`` and the ``*.webmanifest`` files; the page marks its manifest link and
scripts ``data-gorag-app``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import icons, paths
from .copies import members
from .errors import GoragError
from .i18n import long_date, t
from .languages import lang_prefix, language_codes
from .paths import VENDOR
from .printables import file_size

THEME_COLOR = "#{:02x}{:02x}{:02x}".format(*icons.TEAL[:3])  # gorag.css --md-primary-fg-color
BACKGROUND_COLOR = "#ffffff"
SERVICE_WORKER, MANIFEST = paths.SERVICE_WORKER, paths.MANIFEST  # a worker's scope cannot reach above its own folder
TEMPLATE = paths.ASSETS / "sw.js"
CONFIG_SLOT = "__GORAG_CONFIG__"  # where the template takes its configuration

# Workbox from npm (generator/vendor/package.json), copied into the site: the page's
# workbox-window and, in the worker, the prod builds of workbox-core/routing/strategies, loaded
# with importScripts from the site itself (workbox-sw would load them from Google's CDN).
WORKBOX_DIR = "assets/vendor/workbox/"
WORKBOX_WINDOW = "workbox-window/build/workbox-window.prod.umd.js"
WORKBOX_WORKER = ("workbox-core/build/workbox-core.prod.js", "workbox-routing/build/workbox-routing.prod.js",
                  "workbox-strategies/build/workbox-strategies.prod.js")
WORKBOX_LICENSE = "workbox-core/LICENSE"
_SOURCE_MAP = re.compile(rb"\n//# sourceMappingURL=[^\n]*\n?$")

STORE_SCRIPT = "assets/javascripts/offline-store.js"  # shared by the page and the worker
PAGE_SCRIPT = "assets/javascripts/pwa.js"
# Icons: 192 and 512 px, and a maskable 512 (full bleed: Android cuts its own shape).
ICONS: tuple[tuple[str, int, bool], ...] = (("assets/images/app/icon-192.png", 192, False),
                                            ("assets/images/app/icon-512.png", 512, False),
                                            ("assets/images/app/icon-maskable-512.png", 512, True))
TOUCH_ICON = ICONS[0][0]  # iOS's home screen takes the page's apple-touch-icon

GROUPS = ("site", "pdf")  # a list's groups: always saved, and saved if the reader asks
HASH_CHARS = 32  # of the SHA-256 in hex: 128 bits tell two versions of a file apart

# Files of a language's copy that its pages never ask for in a browser: not saved (with why).
NOT_SAVED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\.map$"), "source maps, read only by a browser's developer tools"),
    (re.compile(r"^assets/fonts/print/"), "the fonts the PDFs were rendered with, at build time"),
    (re.compile(r"^assets/javascripts/lunr/"), "search languages of Material's worker, which Gorag's replaces"),
    (re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$"), "Material's search worker (replaced)"),
    (re.compile(r"(?:^|/)404\.html$"), "only a web server answers with it, for an address it does not have"),
    (re.compile(r"^sitemap\.xml(?:\.gz)?$"), "for search engines"),
)




def page_scripts() -> tuple[str, ...]:
    """The scripts every page loads for the web app, in order, from the site's root."""
    return (WORKBOX_DIR + WORKBOX_WINDOW.rsplit("/", 1)[1], STORE_SCRIPT, PAGE_SCRIPT)


def worker_scripts() -> tuple[str, ...]:
    """The scripts the service worker imports, in order, from the site's root."""
    return (*(WORKBOX_DIR + rel.rsplit("/", 1)[1] for rel in WORKBOX_WORKER), STORE_SCRIPT)


def _vendored(rel: str) -> bytes:
    path = VENDOR / rel
    try:
        return path.read_bytes()
    except OSError as error:
        raise GoragError(f"{path}: Workbox, the web app's offline code, is not installed "
                         f"({error.strerror or error}); `make site` installs it "
                         "(npm ci --prefix generator/vendor)") from None


def workbox_files() -> dict[str, bytes]:
    """Workbox's browser files as the site holds them: without their source map comments (the
    maps are not copied) and with the licence beside them."""
    files = {WORKBOX_DIR + rel.rsplit("/", 1)[1]: _SOURCE_MAP.sub(b"\n", _vendored(rel))
             for rel in (WORKBOX_WINDOW, *WORKBOX_WORKER)}
    files[WORKBOX_DIR + "LICENSE"] = _vendored(WORKBOX_LICENSE)
    return files


def check_browser_code() -> None:
    """Raise :class:`GoragError` if Workbox is not installed (best called before a build)."""
    workbox_files()


def icon_files() -> dict[str, bytes]:
    """The web app's icons as PNG files, by path."""
    return {path: icons.png(size, maskable) for path, size, maskable in ICONS}


def _to_root(lang: str) -> str:
    """The way from ``lang``'s folder up to the site's root (``""`` or ``"../"``)."""
    return "../" * lang_prefix(lang).count("/")


def manifest(lang: str) -> bytes:
    """``lang``'s web app manifest. Its addresses are relative to the manifest itself, so the
    site works under any path (a GitHub Pages project site)."""
    up = _to_root(lang)
    data = {
        "id": "./",
        "name": t("app_name", lang),
        "short_name": t("app_short_name", lang),
        "description": t("app_description", lang),
        "lang": lang,
        "dir": "ltr",
        # The home page by its file name: the site is built for file:// too (no directory URLs).
        "start_url": "index.html",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [{"src": up + path, "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "maskable" if maskable else "any"} for path, size, maskable in ICONS],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Saved:
    """One file of a language's saved copy."""

    path: str  # from the site's root
    size: int
    hash: str  # the start of the SHA-256 of its content, in hex

    @property
    def group(self) -> str:
        return "pdf" if self.path.endswith(".pdf") else "site"


def not_saved(rel: str) -> str | None:
    """Why ``rel`` is left out of every saved copy, or None if it is saved with its language."""
    return next((why for pattern, why in NOT_SAVED if pattern.search(rel)), None)


def digest(data: bytes) -> str:
    """The hash a list gives a file's content (``offline-store.js`` checks downloads against it)."""
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


def saved_files(site: Path, lang: str, added: Mapping[str, bytes], known: dict[str, Saved] | None = None) -> list[Saved]:
    """The files of ``lang``'s saved copy, sorted: its offline copy's files (:func:`gorag.copies.members`)
    that a browser asks for, and the ``added`` assets that are not written yet. ``known`` keeps
    the files already read and hashed (the languages share their assets)."""
    known = {} if known is None else known
    out = []
    paths = set(members(site, lang)) | {rel for rel in added if rel.startswith("assets/")}
    for rel in sorted(paths):
        if not_saved(rel):
            continue
        if rel not in known:
            data = added[rel] if rel in added else (site / rel).read_bytes()
            known[rel] = Saved(rel, len(data), digest(data))
        out.append(known[rel])
    return out


def _lists_content(files: Mapping[str, list[Saved]], stamp: datetime) -> dict[str, dict[str, Any]]:
    """Each language's list without its build id."""
    out = {}
    for lang, saved in files.items():
        groups = {group: [[f.path, f.size, f.hash] for f in saved if f.group == group] for group in GROUPS}
        total = {group: sum(f.size for f in saved if f.group == group) for group in GROUPS}
        out[lang] = {
            "lang": lang,
            "stamp": stamp.isoformat(),
            "date": long_date(stamp.date(), lang),
            # Shown before saving: the size of each group as the Downloads page writes sizes.
            "sizes": {group: {"bytes": total[group], "text": file_size(total[group], lang)} for group in GROUPS},
            "files": groups,
        }
    return out


def _dumps(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def build_id(lists: Mapping[str, Mapping[str, Any]], worker: str) -> str:
    """The build's id: a hash of every language's list and of the worker's template, so that any
    change to a saved file, or to the worker, gives browsers a new worker script."""
    payload = _dumps({"lists": lists, "worker": digest(worker.encode("utf-8"))})
    return digest(payload)[:16]


def service_worker(build: str, languages: Iterable[str] | None = None) -> bytes:
    """``sw.js``: the template with this build's configuration in its one slot."""
    template = TEMPLATE.read_text(encoding="utf-8")
    if template.count(CONFIG_SLOT) != 1:
        raise GoragError(f"{TEMPLATE}: expected {CONFIG_SLOT} once, where the build writes the configuration")
    langs = list(language_codes() if languages is None else languages)
    config = {"build": build, "languages": langs, "lists": {lang: paths.offline_list(lang) for lang in langs},
              "scripts": list(worker_scripts())}
    return template.replace(CONFIG_SLOT, json.dumps(config, sort_keys=True)).encode("utf-8")


def app_files(site: Path, stamp: datetime) -> dict[str, bytes]:
    """The web app's files for the built ``site``, by path: Workbox, the icons, a manifest and a
    list of files to save per language, and the service worker."""
    added = {**workbox_files(), **icon_files()}
    languages = language_codes()
    known: dict[str, Saved] = {}
    content = _lists_content({lang: saved_files(site, lang, added, known) for lang in languages}, stamp)
    build = build_id(content, TEMPLATE.read_text(encoding="utf-8"))
    files = dict(added)
    for lang in languages:
        files[paths.manifest(lang)] = manifest(lang)
        files[paths.offline_list(lang)] = _dumps({"build": build, **content[lang]})
    files[SERVICE_WORKER] = service_worker(build, languages)
    return files
