"""``gorag serve``: a live preview that rebuilds only what an edit changed.

``mkdocs serve`` rebuilds every page of every language after each save (minutes for a library of
1,000 documents), and its reload script is inline, which the pages' Content-Security-Policy rightly
blocks, so the browser never reloaded. Here:

* the sources are validated and staged again (unchanged files keep their scan results), and only
  the staged pages whose bytes changed are rebuilt, in the languages that show them, each language
  in its own process: a "dirty" MkDocs build that reads the other pages only for their titles;
* the search index keeps every other page and takes the rebuilt pages' new entries;
* the reload script is served as a file, which the policy allows.

The navigation of pages that were not rebuilt shows titles as they were when those pages were last
built; ``gorag build`` (or restarting the preview) brings everything up to date.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from ..errors import ContentErrors, GoragError
from . import search
from .builder import build_languages, built_languages, gorag_plugin
from .plugin import source_date

log = logging.getLogger("mkdocs.gorag.serve")

SCRIPT_PATH = "/.gorag-livereload.js"
# mkdocs' reload poller, reading its two numbers from its own tag instead of an inline call.
SCRIPT = b"""(function () {
  var tag = document.currentScript, epoch = +tag.dataset.epoch, requestId = tag.dataset.request, req, timeout;
  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) { location.reload(); }
      else { timeout = setTimeout(poll, this.status === 200 ? 0 : 3000); }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  }
  function stop() { if (req) { req.abort(); } if (timeout) { clearTimeout(timeout); } req = timeout = undefined; }
  window.addEventListener("load", function () { if (document.visibilityState === "visible") { poll(); } });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { poll(); } else { stop(); }
  });
  window.addEventListener("beforeunload", stop);
})();
"""


class PreviewServer(LiveReloadServer):
    """mkdocs' live-reload server with its reload script as a file the pages' CSP allows."""

    # Private methods of mkdocs' server: tests/test_private_dependencies.py checks they still exist.

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        tag = b'<script src="%s" data-epoch="%d" data-request="%d"></script>' % (
            SCRIPT_PATH.encode(), epoch, round(time.monotonic() * 1000))
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + tag + content[end:]

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        if environ.get("PATH_INFO") == SCRIPT_PATH:
            start_response("200 OK", [("Content-Type", "application/javascript"), ("Content-Length", str(len(SCRIPT)))])
            return [SCRIPT]
        return super()._serve_request(environ, start_response)


def affected_languages(written: Iterable[str], staged: Path, languages: list[str], default: str) -> set[str]:
    """Languages whose pages show one of the ``written`` staged files: a translation shows in its
    language; a default-language page also where it stands in for a missing translation; any
    other file (images, assets) everywhere."""
    out: set[str] = set()
    others = [lang for lang in languages if lang != default]
    for rel in written:
        if not rel.endswith(".md"):
            return set(languages)
        stem = rel[:-3]
        lang = next((code for code in others if stem.endswith(f".{code}")), None)
        if lang:
            out.add(lang)
        else:
            out.add(default)
            out.update(code for code in others if not (staged / f"{stem}.{code}.md").exists())
    return out


def _theme_stamp(config: MkDocsConfig) -> float:
    custom = config.theme.custom_dir
    if not custom:
        return 0.0
    return max((p.stat().st_mtime for p in Path(custom).rglob("*") if p.is_file()), default=0.0)


class Preview:
    """The preview's site: one folder per language, joined by links, rebuilt a part at a time."""

    def __init__(self, config: MkDocsConfig, folder: Path) -> None:
        self.config = config
        self.plugin = gorag_plugin(config)
        self.languages = built_languages(config)
        self.default = self.languages[0]
        self.parts = {lang: folder / lang for lang in self.languages}
        self.root = self.parts[self.default]  # what the server serves
        self.index: dict[str, Any] | None = None
        self.theme = 0.0

    def rebuild(self) -> None:
        """Stage again and rebuild what changed; the whole site the first time or after a theme change."""
        started = time.perf_counter()
        plugin = self.plugin
        try:
            if plugin.project is None:
                plugin.prepare(self.config)
            else:
                plugin.staged = plugin.project.stage(source_date())
        except ContentErrors as exc:
            print(exc.report(), file=sys.stderr)
            print("preview not updated: fix the errors above and save again", file=sys.stderr)
            return
        assert plugin.project is not None and plugin.staged is not None
        plugin.adopt(plugin.project, plugin.staged)
        staged_at = time.perf_counter()
        theme = _theme_stamp(self.config)
        full = self.index is None or theme != self.theme
        self.theme = theme
        langs = set(self.languages) if full else affected_languages(
            plugin.staged.written, plugin.project.staging_dir, self.languages, self.default)
        parts = {lang: self.parts[lang] for lang in self.languages if lang in langs}
        for lang in build_languages(self.config, parts, jobs=len(parts), dirty=not full).failed:
            log.error(f"preview: the {lang} build stopped (see above); its pages were not updated")
        for lang in self.languages:
            if lang != self.default and not (self.root / lang).exists():
                (self.root / lang).symlink_to(self.parts[lang] / lang, target_is_directory=True)
        self._update_search(langs, full)
        plugin.project.finish(plugin.staged, self.root, source_date())
        log.info(f"preview: rebuilt {', '.join(sorted(langs)) or 'nothing'} in {time.perf_counter() - started:.1f} s "
                 f"({staged_at - started:.1f} s checking and staging)")

    def _update_search(self, langs: set[str], full: bool) -> None:
        fresh = {lang: search.read_index(self.parts[lang]) for lang in langs}
        if full or self.index is None:
            indexes = [index for lang in self.languages if (index := fresh.get(lang))]
            if not indexes:
                return
            self.index = search.merge_indexes(indexes)
        else:
            new = [doc for index in fresh.values() if index for doc in index["docs"]]
            pages = {doc["location"].split("#")[0] for doc in new}
            kept = [doc for doc in self.index["docs"] if doc["location"].split("#")[0] not in pages]
            self.index = {"config": self.index["config"], "docs": kept + new}
        search.write_indexes(self.root, self.index, tuple(self.languages), self.default, None if full else langs)


def serve(config: MkDocsConfig, host: str, port: int) -> None:
    """Build the preview, serve it and rebuild on every save until interrupted."""
    folder = Path(tempfile.mkdtemp(prefix="gorag-preview-"))
    preview = Preview(config, folder)
    try:
        preview.rebuild()
        mount = "/" + (config.site_url or "").split("://", 1)[-1].partition("/")[2]
        server = PreviewServer(builder=preview.rebuild, host=host, port=port, root=str(preview.root), mount_path=mount)
        project = preview.plugin.project
        assert project is not None
        for path in (project.docs_dir, project.content_dir, project.campaigns_dir, config.theme.custom_dir):
            if path and Path(path).is_dir():
                server.watch(str(path))
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def serve_project(config_file: Path, host: str, port: int) -> None:
    """:func:`serve` the project of ``config_file``, read by MkDocs; MkDocs' errors become
    :class:`~gorag.errors.GoragError`. Not strict: a dirty rebuild has not read the other pages'
    headings, so links to them would warn; ``gorag build`` checks everything."""
    try:
        config = load_config(str(config_file), strict=False)
    except MkDocsException as exc:
        raise GoragError(str(exc)) from None
    try:
        serve(config, host, port)
    except MkDocsException as exc:
        raise GoragError(str(exc)) from None
