"""Everything Gorag relies on in other packages beyond their public API, in one place.

Gorag reaches past the documented surface of MkDocs, Material for MkDocs, mkdocs-static-i18n and
its vendored browser code in a few places: private methods it overrides, attributes of another
plugin it sets, the markup and source text of Material's templates and scripts it matches or
rewrites, file names inside npm packages. None of these is promised to survive an upgrade. Each
is listed here, with the Gorag file that relies on it, and checked against the installed
packages (by import and signature, or by reading their template and script sources; a built page
only where the marker exists only there), so that an upgrade fails in this one named test, with
the file to revisit in the message, instead of somewhere downstream or not at all.

Adding a reliance on another package's internals? Add it here.
"""

from __future__ import annotations

import inspect
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import material
import mkdocs_static_i18n.plugin as i18n_plugin
import pytest
from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.commands import build as mkdocs_build
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs_static_i18n import suffix as i18n_suffix
from mkdocs_static_i18n.plugin import I18n

from conftest import LANGS, REPO
from gorag import copies, pwa, zim
from gorag.paths import VENDOR
from gorag.site import csp, rewrites, search, serve, theme_fixes
from gorag.site.plugin import GoragPlugin

TEMPLATES = Path(material.__file__).parent / "templates"
JAVASCRIPTS = TEMPLATES / "assets" / "javascripts"


@dataclass(frozen=True)
class Reliance:
    """``what`` of ``package`` that ``where`` (a Gorag file) relies on; ``check`` asserts it holds."""

    package: str
    what: str
    where: str
    check: Callable[[], None]


RELIANCES: list[Reliance] = []


def reliance(package: str, what: str, where: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def register(check: Callable[[], None]) -> Callable[[], None]:
        RELIANCES.append(Reliance(package, what, where, check))
        return check
    return register


def template(name: str) -> str:
    """The source of one of Material's templates, as the theme loads it."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def compact(text: str) -> str:
    """``text`` with runs of white space made one space: source markers without their layout."""
    return " ".join(text.split())


def source_of(function: Any) -> str:
    return compact(inspect.getsource(function))


@cache
def material_typescript() -> dict[str, str]:
    """Material's TypeScript sources, by path, as shipped in its bundle's source map (the minified
    bundle keeps no names; the map holds the sources it was built from)."""
    maps = sorted(JAVASCRIPTS.glob("bundle.*.min.js.map"))
    assert len(maps) == 1, f"one bundle source map in {JAVASCRIPTS}, found {maps}"
    data = json.loads(maps[0].read_text(encoding="utf-8"))
    return {path.split("src/templates/assets/javascripts/", 1)[-1]: text
            for path, text in zip(data["sources"], data["sourcesContent"], strict=True)}


def typescript(path: str) -> str:
    sources = material_typescript()
    assert path in sources, f"Material's sources have no {path}"
    return compact(sources[path])


def parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


# --- mkdocs-static-i18n -------------------------------------------------------------------------

def i18n_plugin_for(languages: tuple[str, ...]) -> I18n:
    plugin = I18n()
    errors, _ = plugin.load_config({"docs_structure": "suffix", "languages": [
        {"locale": code, "name": code, "default": code == languages[0], "build": True} for code in languages]})
    assert not errors, errors
    return plugin


@reliance("mkdocs-static-i18n", "I18n.current_language and I18n.building, set to build one language alone",
          "generator/gorag/site/builder.py (_build_language)")
def _i18n_builds_a_preset_language_alone() -> None:
    fresh = I18n()
    assert fresh.current_language is None and fresh.building is False, "the attributes' initial values"
    # on_config keeps a language set beforehand instead of starting from the default one.
    assert "if self.current_language is None: self.current_language = self.default_language" in source_of(I18n.on_config)
    plugin = i18n_plugin_for(LANGS)
    plugin.current_language, plugin.building = LANGS[1], True
    with mock.patch.object(i18n_plugin, "build") as build:
        plugin.on_post_build(SimpleNamespace(plugins={}))
    assert not build.called, "with building set, the build of one language builds no other"
    assert plugin.current_language == LANGS[1]


@reliance("mkdocs-static-i18n", "I18n.on_post_build (priority -100) runs the other languages' builds inside the first one's",
          "generator/gorag/site/plugin.py (GoragPlugin.depth, on_pre_build, on_post_build at -200)")
def _i18n_nests_the_other_builds() -> None:
    plugin = i18n_plugin_for(LANGS)
    plugin.current_language = LANGS[0]
    built: list[tuple[str, bool]] = []
    with mock.patch.object(i18n_plugin, "build", lambda config, dirty=False: built.append((plugin.current_language, plugin.building))):
        plugin.on_post_build(SimpleNamespace(plugins={}))
    assert built == [(code, True) for code in LANGS[1:]], built
    assert plugin.building is False
    priority = I18n.on_post_build.mkdocs_priority
    assert GoragPlugin.on_post_build.mkdocs_priority < priority == -100  # type: ignore[attr-defined]


@reliance("mkdocs-static-i18n", "I18n.on_nav (priority -100) builds the language's navigation before Gorag's on_nav",
          "generator/gorag/site/plugin.py (GoragPlugin.on_nav at -150)")
def _i18n_navigation_first() -> None:
    assert GoragPlugin.on_nav.mkdocs_priority < I18n.on_nav.mkdocs_priority == -100  # type: ignore[attr-defined]


@reliance("mkdocs-static-i18n", "config.theme['language'] set to the language being built (reconfigure_material)",
          "generator/gorag/site/plugin.py (every hook's config.theme['language'])")
def _i18n_sets_the_theme_language() -> None:
    assert "reconfigure_material_theme(config, self.current_language)" in source_of(I18n.reconfigure_mkdocs_config)
    assert 'config.theme["language"] = locale' in source_of(I18n.reconfigure_material_theme)


@reliance("mkdocs-static-i18n", "a language other than the default is written under <site>/<lang>/ (suffix structure)",
          "generator/gorag/site/builder.py (_merge), generator/gorag/site/search.py (split_index)")
def _i18n_language_folders() -> None:
    code = source_of(i18n_suffix.create_i18n_file)
    assert 'locale_site_dir = current_language if current_language != default_language else ""' in code
    assert "file.dest_path = Path(locale_site_dir) / file_dest_path" in code


@reliance("mkdocs-static-i18n", "the merged search index: every build's entries in build order, written by the search plugin last",
          "generator/gorag/site/search.py (merge_indexes), generator/gorag/site/builder.py (_write_search)")
def _i18n_merges_the_search_index() -> None:
    assert "getattr(plugin.search_index, entries_attr)" in source_of(I18n.extend_search_entries)
    code = source_of(I18n.reconfigure_search_index)
    assert "search_index_entries.extend(self.search_entries)" in code and "plugin.on_post_build(config=config)" in code
    # ... after every other language's build.
    post_build = source_of(I18n.on_post_build)
    assert post_build.index("build(config, dirty=dirty)") < post_build.index("self.reconfigure_search_index(config)")


# --- MkDocs ------------------------------------------------------------------------------------

@reliance("mkdocs", "LiveReloadServer._serve_request(environ, start_response) and _inject_js_into_html(content, epoch)",
          "generator/gorag/site/serve.py (PreviewServer)")
def _live_reload_server_private_methods() -> None:
    assert parameters(LiveReloadServer._serve_request) == ["self", "environ", "start_response"]
    assert parameters(LiveReloadServer._inject_js_into_html) == ["self", "content", "epoch"]
    assert "self._serve_request(environ, start_response)" in source_of(LiveReloadServer.serve_request)
    assert "self._inject_js_into_html(content, epoch)" in source_of(LiveReloadServer._serve_request)
    assert parameters(LiveReloadServer.__init__)[:6] == ["self", "builder", "host", "port", "root", "mount_path"]
    with tempfile.TemporaryDirectory() as root:
        Path(root, "index.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
        server = serve.PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=root, mount_path="/gorag/")
        try:
            statuses: list[str] = []
            answer = server.serve_request({"PATH_INFO": serve.SCRIPT_PATH}, lambda status, headers: statuses.append(status))
            assert answer == [serve.SCRIPT] and statuses == ["200 OK"], "the reload script, served by the override"
            server.watch(root)  # pages are given the reload script only while something is watched
            page = b"".join(server.serve_request({"PATH_INFO": "/gorag/index.html"}, lambda status, headers: None))
            tag = rb'<script src="/\.gorag-livereload\.js" data-epoch="\d+" data-request="\d+"></script>'
            assert re.search(rb"<p>x</p>" + tag + rb"</body>", page), page
        finally:
            server.server_close()


@reliance("mkdocs", "the reload poll /livereload/<epoch>/<request> answered with the newest built epoch",
          "generator/gorag/site/serve.py (SCRIPT)")
def _live_reload_poll() -> None:
    assert 'req.open("GET", "/livereload/" + epoch + "/" + requestId);' in serve.SCRIPT.decode()
    assert "parseFloat(this.responseText) > epoch" in serve.SCRIPT.decode()
    with tempfile.TemporaryDirectory() as root:
        server = serve.PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=root)
        try:
            answer = b"".join(server.serve_request({"PATH_INFO": "/livereload/0/1"}, lambda status, headers: None))
        finally:
            server.server_close()
    assert answer.isdigit() and int(answer) > 0, answer


@reliance("mkdocs", "mkdocs.commands.build.build(config, dirty=...) builds one language's site",
          "generator/gorag/site/builder.py (_build_language, build_site)")
def _mkdocs_build() -> None:
    assert parameters(mkdocs_build.build)[:1] == ["config"] and "dirty" in parameters(mkdocs_build.build)


@reliance("mkdocs", "a dirty build leaves unchanged pages unread (Page.markdown None; Page.read_source(config))",
          "generator/gorag/site/plugin.py (GoragPlugin.on_nav with read_titles)")
def _dirty_builds_skip_pages() -> None:
    assert parameters(Page.read_source) == ["self", "config"]
    assert "if dirty and not page.file.is_modified(): return" in source_of(mkdocs_build._populate_page)
    assert "self.markdown = None" in source_of(Page.__init__)


@reliance("mkdocs", "Theme.static_templates, a set holding Material's 404.html and sitemap.xml",
          "generator/gorag/site/plugin.py (GoragPlugin.on_pre_build)")
def _static_templates() -> None:
    templates = Theme(name="material").static_templates
    assert isinstance(templates, set) and {"404.html", "sitemap.xml"} <= templates, templates


# --- Material for MkDocs: templates --------------------------------------------------------------

for _change in rewrites.REWRITES:
    def _rewrite_applies(change: rewrites.Rewrite = _change) -> None:
        found = template(change.template).count(change.old)
        assert found == change.count, f"its text is there {found} times instead of {change.count}"
    reliance("mkdocs-material", f"{_change.template}: text of the rewrite '{_change.name}'",
             "generator/gorag/site/rewrites.py (REWRITES)")(_rewrite_applies)

# Where Material writes the markup each theme fix corrects.
FIX_TEMPLATES = {"search dialog name": "partials/search.html", "alternate links": "base.html",
                 "language button type": "partials/alternate.html", "autocorrect": "partials/search.html",
                 "autocomplete on checkboxes": "base.html"}

for _fix in theme_fixes.FIXES:
    def _fix_applies(fix: theme_fixes.Fix = _fix) -> None:
        assert fix.name in FIX_TEMPLATES, "a new fix: name the template that writes its markup in FIX_TEMPLATES"
        source = template(FIX_TEMPLATES[fix.name])
        assert fix.probe in source, f"no {fix.probe!r}"
        assert fix.pattern.search(source), f"no markup matching {fix.pattern.pattern!r}"
    reliance("mkdocs-material", f"markup the theme fix '{_fix.name}' corrects",
             "generator/gorag/site/theme_fixes.py (FIXES)")(_fix_applies)


@reliance("mkdocs-material", "the page configuration script __config, its base and its search worker (workers/search.<hash>.min.js), "
          "written with tojson", "generator/gorag/site/theme_fixes.py (search_config)")
def _page_configuration() -> None:
    base = template("base.html")
    assert '<script id="__config" type="application/json">' in base
    block = base[base.index('<script id="__config"'):base.index("</script>", base.index('<script id="__config"'))]
    assert '"base": base_url,' in block and "} | tojson -}}" in block
    worker = re.search(r'"search": "([^"]+)" \| url,', block)
    assert worker and theme_fixes._WORKER.search(worker[1]), "the search worker's address"
    assert (TEMPLATES / worker[1]).is_file(), worker[1]
    assert len(list((JAVASCRIPTS / "workers").glob("search.*.min.js"))) == 1


@reliance("mkdocs-material", "the blocks overrides/main.html overrides (extrahead, content, header, scripts)",
          "overrides/main.html")
def _blocks() -> None:
    ours = set(re.findall(r"{%-?\s*block (\w+)", (REPO / "overrides" / "main.html").read_text(encoding="utf-8")))
    theirs = set(re.findall(r"{%-?\s*block (\w+)", template("base.html")))
    assert ours and ours <= theirs, f"blocks Material's base.html no longer has: {sorted(ours - theirs)}"


@reliance("mkdocs-material", "partials/language.html loading partials/languages/<theme language>.html, English as fallback",
          "overrides/partials/languages/tk.html")
def _translations() -> None:
    language = template("partials/language.html")
    assert '{% import "partials/languages/" ~ config.theme.language ~ ".html" as lang %}' in language
    assert '{% import "partials/languages/en.html" as fallback %}' in language
    assert '{% macro t(key) %}{{ {' in template("partials/languages/en.html")


@reliance("mkdocs-material", "config.extra.polyfills, scripts loaded before the bundle",
          "mkdocs.yml (extra.polyfills: the vendored iframe-worker shim)")
def _polyfills() -> None:
    assert "{% for script in config.extra.polyfills %}" in template("base.html")


@reliance("mkdocs-material", "the markers around the sidebars, which hold no script",
          "generator/gorag/site/csp.py (_SIDEBARS, _CONTENT)")
def _csp_regions() -> None:
    base = template("base.html")
    assert csp._SIDEBARS in base and csp._CONTENT in base
    assert base.index(csp._SIDEBARS) < base.index(csp._CONTENT)
    for name in ("partials/nav.html", "partials/nav-item.html", "partials/toc.html", "partials/toc-item.html"):
        assert "<script" not in template(name).lower(), name


@reliance("mkdocs-material", "inline scripts written as lower-case <script>, data as type=application/json",
          "generator/gorag/site/csp.py (_scripts, _DATA_TYPE)")
def _script_tags() -> None:
    for path in TEMPLATES.rglob("*.html"):
        tags = re.findall(r"<script", path.read_text(encoding="utf-8"), re.I)
        assert all(tag == "<script" for tag in tags), path.relative_to(TEMPLATES)
    assert csp._DATA_TYPE.search(' type="application/json"')


@reliance("mkdocs-material", "the language switcher's items (partials/alternate.html)",
          "generator/gorag/copies.py (_SWITCHER_ITEM)")
def _switcher_template() -> None:
    source = template("partials/alternate.html")
    assert len(copies._SWITCHER_ITEM.findall(source)) == 1, "one item, repeated per language"


@reliance("mkdocs-material", "the header's site name (md-header__topic) and the page's <article class=\"md-content__inner\">",
          "generator/gorag/zim.py (_SITE_NAME, _ARTICLE)")
def _zim_markers() -> None:
    assert re.search(r'<div class="md-header__topic">\s*<span class="md-ellipsis">\s*{{ config.site_name }}',
                     template("partials/header.html"))
    assert '<article class="md-content__inner md-typeset">' in template("base.html")


@reliance("mkdocs-material", "the file layout of its search: assets/javascripts/lunr/ and workers/search.<hash>.min.js",
          "generator/gorag/pwa.py (NOT_SAVED)")
def _search_files() -> None:
    files = [path.relative_to(TEMPLATES).as_posix() for path in (TEMPLATES / "assets").rglob("*") if path.is_file()]
    for pattern, why in pwa.NOT_SAVED:
        if "lunr" in pattern.pattern or "workers" in pattern.pattern:
            assert any(pattern.search(rel) for rel in files), f"no file matching {pattern.pattern} ({why})"


# --- Material for MkDocs: search -----------------------------------------------------------------

@reliance("mkdocs-material", "the search worker protocol: SETUP (with the index's config), READY, QUERY, RESULT, numbered 0-3",
          "overrides/assets/javascripts/workers/gorag-search.js")
def _worker_protocol() -> None:
    message = typescript("integrations/search/worker/message/index.ts")
    assert re.search(r"export const enum SearchMessageType { SETUP, /\*[^*]*\*/ READY, /\*[^*]*\*/ QUERY, "
                     r"/\*[^*]*\*/ RESULT /\*[^*]*\*/ }", message), "the message types, in this order"
    ours = (REPO / "overrides/assets/javascripts/workers/gorag-search.js").read_text(encoding="utf-8")
    assert "const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;" in ours
    setup = typescript("integrations/search/worker/_/index.ts")
    assert "subscribe(({ config, docs }) => worker$.next({ type: SearchMessageType.SETUP, data: { config, docs," in setup
    assert "setupSearchWorker(config.search, index$)" in typescript("components/search/_/index.ts")


@reliance("mkdocs-material", "the bundle loads search/search_index.json from config.base, or search_index.js (var __index) from file://",
          "generator/gorag/site/search.py (_write_text), generator/gorag/site/theme_fixes.py (base)")
def _index_loading() -> None:
    bundle = typescript("bundle.ts")
    assert 'new URL("search/search_index.json", config.base)' in bundle
    assert '`${new URL("search/search_index.js", config.base)}`' in bundle and "map(() => __index)" in bundle


@reliance("mkdocs-material", "SearchPlugin.search_index.entries and the index format {config: {lang, separator, pipeline, fields}, "
          "docs: [{location, title, text}]} at search/search_index.json",
          "generator/gorag/site/search.py (read_index, split_index), generator/gorag/site/builder.py (_search_plugin, _keep_search)")
def _index_format() -> None:
    assert "self.search_index = SearchIndex(**self.config)" in source_of(SearchPlugin.on_config)
    assert 'os.path.join(base, "search_index.json")' in source_of(SearchPlugin.on_post_build)
    index = SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=["stopWordFilter"], fields={"title": {"boost": 1000.0}})
    assert index.entries == []
    for url in ("a.html", f"{LANGS[1]}/a.html"):
        index.add_entry_from_context(SimpleNamespace(content='<h1 id="a">Title</h1><p>Text</p>', toc=[], url=url, meta={}, title="T"))
    data = json.loads(index.generate_search_index(None))
    assert set(data) == {"config", "docs"} and set(data["config"]) == {"lang", "separator", "pipeline", "fields"}
    assert data["docs"] == index.entries == [{"location": "a.html", "title": "Title", "text": "<p>Text</p>"},
                                             {"location": f"{LANGS[1]}/a.html", "title": "Title", "text": "<p>Text</p>"}]
    parts = search.split_index(data, LANGS, LANGS[0])
    assert [doc["location"] for doc in parts[LANGS[1]]["docs"]] == ["a.html"]


# --- npm packages copied into the site ------------------------------------------------------------

@reliance("workbox (npm)", "build file names, and the globals the prod builds define (workbox.core, .routing, .strategies)",
          "generator/gorag/pwa.py (WORKBOX_*), generator/gorag/assets/sw.js")
def _workbox_worker() -> None:
    for rel in (*pwa.WORKBOX_WORKER, pwa.WORKBOX_WINDOW, pwa.WORKBOX_LICENSE):
        assert (VENDOR / rel).is_file(), f"{VENDOR / rel} (`make site` installs it)"
    for rel in pwa.WORKBOX_WORKER:
        name = rel.split("/", 1)[0].removeprefix("workbox-")
        assert (VENDOR / rel).read_text(encoding="utf-8").startswith(f"this.workbox=this.workbox||{{}},this.workbox.{name}="), rel
    worker = (REPO / "generator/gorag/assets/sw.js").read_text(encoding="utf-8")
    for used in ("workbox.core.", "workbox.routing.", "workbox.strategies."):
        assert used in worker


@reliance("workbox (npm)", "workbox-window's UMD build: the global workbox with Workbox and messageSW",
          "overrides/assets/javascripts/pwa.js, generator/gorag/pwa.py (WORKBOX_WINDOW)")
def _workbox_window() -> None:
    code = (VENDOR / pwa.WORKBOX_WINDOW).read_text(encoding="utf-8")
    assert ").workbox={})" in code, "the UMD build's global"
    assert re.search(r"\b\w\.Workbox=", code) and re.search(r"\b\w\.messageSW=", code)


@reliance("@orama/stemmers (npm)", "dist/ru.cjs, a CommonJS file exporting stemmer",
          "generator/gorag/site/search.py (BROWSER_STEMMER_FILES, browser_stemmer)")
def _stemmer() -> None:
    for rel in search.BROWSER_STEMMER_FILES.values():
        code = (VENDOR / rel).read_text(encoding="utf-8")
        assert "exports" in code and re.search(r"get stemmer\(\)|exports\.stemmer\s*=", code), rel


@pytest.mark.parametrize("dependency", RELIANCES, ids=lambda r: f"{r.package}: {r.what}")
def test_installed_packages_still_have_what_gorag_relies_on(dependency: Reliance) -> None:
    try:
        dependency.check()
    except AssertionError as error:
        pytest.fail(f"{dependency.where} relies on {dependency.package}'s {dependency.what}, which the installed "
                    f"version no longer has: {error}", pytrace=False)


# --- Markup seen only in built pages ---------------------------------------------------------------

@dataclass(frozen=True)
class SiteReliance:
    """As :class:`Reliance`, checked on the built ``basic`` fixture."""

    package: str
    what: str
    where: str
    check: Callable[[Path], None]


SITE_RELIANCES: list[SiteReliance] = []


def site_reliance(package: str, what: str, where: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(check: Callable[[Path], None]) -> Callable[[Path], None]:
        SITE_RELIANCES.append(SiteReliance(package, what, where, check))
        return check
    return register


def built_page(site: Path) -> str:
    return (site / "protocols" / "alpha.html").read_text(encoding="utf-8")


@site_reliance("mkdocs-material", "no script between the sidebars' and the content's markers of a page",
               "generator/gorag/site/csp.py (_regions)")
def _sidebars_hold_no_script(site: Path) -> None:
    html = built_page(site)
    start, end = html.find(csp._SIDEBARS), html.rfind(csp._CONTENT)
    assert 0 <= start < end, "both markers, in order"
    assert "<script" not in html[start:end].lower()


@site_reliance("mkdocs-material", "one language switcher item per language in a page",
               "generator/gorag/copies.py (_SWITCHER_ITEM)")
def _one_switcher_item_per_language(site: Path) -> None:
    found = [match["lang"] for match in copies._SWITCHER_ITEM.finditer(built_page(site))]
    assert sorted(found) == sorted(LANGS), found


@site_reliance("mkdocs-material", "the header's site name and the article of a page",
               "generator/gorag/zim.py (page_title, article_text)")
def _site_name_and_article(site: Path) -> None:
    html = built_page(site)
    name = zim._SITE_NAME.search(html)
    assert name and name[1] == "Gorag", "the site's name"
    assert zim._ARTICLE.search(html), "the article"


@pytest.mark.parametrize("dependency", SITE_RELIANCES, ids=lambda r: f"{r.package}: {r.what}")
def test_built_pages_still_have_the_markup_gorag_relies_on(basic_site: Path, dependency: SiteReliance) -> None:
    try:
        dependency.check(basic_site)
    except AssertionError as error:
        pytest.fail(f"{dependency.where} relies on {dependency.package}'s {dependency.what}, which built pages no "
                    f"longer have: {error}", pytrace=False)
