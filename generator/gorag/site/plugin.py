"""The MkDocs plugin: thin hooks that hand off to Gorag's pure functions."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .. import i18n, paths, pwa
from ..address import placeholder_problem
from ..config import OPTIONS, Options, read_config
from ..errors import ContentErrors, GoragError
from ..languages import default_language, lang_prefix, language_codes
from ..models import Library
from ..project import Project, Staged
from ..render import PROTOCOL_DIR
from ..render_campaigns import CAMPAIGN_DIR
from . import csp, rewrites, search, theme_fixes
from .navcache import NavCache

log = get_plugin_logger(__name__)


def theme_context(lang: str, base_url: str) -> dict[str, Any]:
    """What Gorag's theme overrides need on every page, already decided for ``lang``."""
    # base_url is "." or "../.." on pages, "/gorag/" (the site's path) on the 404 page.
    base = base_url.rstrip("/")
    return {
        "strings": i18n.strings(lang),
        "neutral_url": f"{base}/{lang_prefix(lang)}neutral.html",
        "updated": "",
        # The language's home page, by its staged source (MkDocs' is_homepage is false for the
        # home pages of other languages than the default one).
        "home_sources": ("index.md", f"index.{lang}.md"),
        # The installable web app (gorag.pwa): the language's manifest, the icon iOS shows, the
        # scripts that register the service worker and show the "Save for offline" panel.
        "app": {
            "manifest": f"{base}/{paths.manifest(lang)}",
            "touch_icon": f"{base}/{pwa.TOUCH_ICON}",
            "theme_color": pwa.THEME_COLOR,
            "scripts": tuple(f"{base}/{path}" for path in pwa.page_scripts()),
        },
    }


def _finish_html(html: str, content: str, lang: str) -> str:
    """A page as written: Material's markup corrected (:mod:`gorag.site.theme_fixes`), then the
    Content-Security-Policy that covers its scripts."""
    try:
        html = theme_fixes.apply(html, i18n.t("search_dialog", lang), lang_prefix(lang))
    except theme_fixes.ThemeChanged as exc:
        raise PluginError(str(exc)) from None
    return csp.apply_csp(html, content)


def _fonts_dir(config: MkDocsConfig) -> Path:
    custom = config.theme.custom_dir
    if not custom or not (Path(custom) / "assets" / "fonts").is_dir():
        raise PluginError("printables need the fonts in <theme custom_dir>/assets/fonts (see overrides/assets/fonts)")
    return (Path(custom) / "assets" / "fonts").resolve()  # relative when mkdocs.yml was given as -f mkdocs.yml


def section_titles(library: Library, lang: str) -> dict[str, str]:
    """Navigation titles of generated folders, in ``lang`` (MkDocs would use the folder names)."""
    titles = {CAMPAIGN_DIR: i18n.t("campaigns", lang)}
    titles.update({f"{CAMPAIGN_DIR}/{c.id}": c.title[lang] for c in library.campaigns})
    return titles


# Pages for the people who edit the site, not for practitioners: listed last, in a section of
# their own (by their name without language suffix).
EDITOR_PAGES = ("contributing", "content-model", "translation-status")


def editors_section(nav: Navigation, title: str) -> None:
    """Move the top-level :data:`EDITOR_PAGES` into one section, ``title``, at the end of the
    navigation (and of the page order, so "next" links run through practitioners' pages first)."""
    def stem(page: Page) -> str:
        name = page.file.src_uri.removesuffix(".md")
        return name.rsplit(".", 1)[0] if "." in name else name

    moved = [item for item in nav.items if isinstance(item, Page) and stem(item) in EDITOR_PAGES]
    if not moved:
        return
    moved.sort(key=lambda page: EDITOR_PAGES.index(stem(page)))
    section = Section(title, moved)  # type: ignore[arg-type]
    for page in moved:
        page.parent = section
    nav.items = [item for item in nav.items if item not in moved] + [section]
    nav.pages = [page for page in nav.pages if page not in moved] + moved


def _sections(items: list[Any]) -> list[Section]:
    found = []
    for item in items:
        if isinstance(item, Section):
            found.append(item)
            found.extend(_sections(item.children))
    return found


def _folder(section: Section) -> str:
    """The source folder a section stands for: the common folder of the pages directly in it."""
    folders = {item.file.src_uri.rsplit("/", 1)[0] for item in section.children if isinstance(item, Page) and "/" in item.file.src_uri}
    if len(folders) == 1:
        return folders.pop()
    children = [_folder(child).rsplit("/", 1)[0] for child in section.children if isinstance(child, Section)]
    return children[0] if children and len(set(children)) == 1 else ""


def shorten(nav: Navigation, section: Section, limit: int) -> None:
    """Leave only ``section``'s index page in the navigation when it holds more than ``limit``
    pages. The others are still built, reached from the index, links and search; they keep the
    section as parent, so it stays highlighted while one of them is open."""
    pages = [item for item in section.children if isinstance(item, Page)]
    index = next((page for page in pages if page.is_index), None)
    if not limit or index is None or len(pages) - 1 <= limit:
        return
    hidden = {id(page) for page in pages if page is not index}
    section.children = [item for item in section.children if id(item) not in hidden]
    nav.pages = [page for page in nav.pages if id(page) not in hidden]


_Hook = TypeVar("_Hook", bound=Callable[..., Any])


def _timed(hook: _Hook) -> _Hook:
    """Count the hook's time in ``hook_seconds``: Gorag's own part of a page build (see
    :mod:`gorag.site.builder`, which reports it)."""
    @functools.wraps(hook)
    def timed(self: GoragPlugin, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return hook(self, *args, **kwargs)
        finally:
            self.hook_seconds += time.perf_counter() - started
    return cast(_Hook, timed)


# The option schema MkDocs checks mkdocs.yml against, made from gorag.config.OPTIONS (declared once).
GoragConfig: type[Config] = type("GoragConfig", (Config,), {o.name: c.Type(o.type, default=o.default) for o in OPTIONS})


def optimised() -> bool:
    """False with GORAG_UNOPTIMISED=1: build the plain way (one language after another, every
    navigation item rendered afresh), the reference the fast build is tested against."""
    return os.environ.get("GORAG_UNOPTIMISED", "") != "1"


def source_date() -> datetime:
    """The build's notion of "now": SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)


class GoragPlugin(BasePlugin[GoragConfig]):  # type: ignore[valid-type,no-untyped-call]
    """Stages generated pages before MkDocs reads files, and finishes the built site."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.staged: Staged | None = None
        self.finishes_site = True
        self.depth = 0  # builds under way: static-i18n runs the other languages' inside the first
        # A dirty build (gorag serve) renders only changed pages; the others must still be read
        # for their titles, or the navigation would show them untitled.
        self.read_titles = False
        self.hook_seconds = 0.0  # spent in the hooks below

    @property
    def options(self) -> Options:
        """The plugin's options from mkdocs.yml, as the domain types them."""
        return Options(**{o.name: cast(Config, self.config)[o.name] for o in OPTIONS})

    def adopt(self, project: Project, staged: Staged) -> None:
        """Build from pages someone else staged (:mod:`gorag.site.builder`), which also finishes the site."""
        self.project, self.staged, self.finishes_site = project, staged, False

    def prepare(self, config: MkDocsConfig) -> None:
        """Validate the sources and stage the pages, once: static-i18n runs a whole build per
        language with this same config. Raises :class:`~gorag.errors.ContentErrors`."""
        if self.project is None:
            problem = placeholder_problem(config.site_url)
            if problem and config.strict:
                raise PluginError(f"{problem} (a strict build does not publish a placeholder address)")
            if problem:
                log.warning(problem)
            # The same reading of mkdocs.yml as the commands' (one parser, one list of languages);
            # MkDocs' own values win where it resolved them (docs_dir, site_url, extensions).
            site = read_config(Path(config.config_file_path or "mkdocs.yml"))
            project = Project.of(site, docs_dir=Path(config.docs_dir).resolve(), site_url=config.site_url or "",
                                 fonts_dir=_fonts_dir(config) if self.printables_wanted() else None,
                                 markdown_extensions=tuple((name, dict(config.mdx_configs.get(name) or {}))
                                                           for name in config.markdown_extensions if isinstance(name, str)))
            project.configure()
            self.staged = project.stage(source_date())
            self.project = project
        config.docs_dir = str(self.project.staging_dir)

    @_timed
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.prepare(config)
            search.check_browser_code()
            pwa.check_browser_code()
        except ContentErrors as exc:
            raise PluginError(exc.report()) from None
        except GoragError as exc:
            raise PluginError(str(exc)) from None
        return config

    def printables_wanted(self) -> bool:
        """PDFs are rendered unless the config or GORAG_PRINTABLES=0 (set by ``gorag serve``) says no."""
        return bool(self.options.printables) and os.environ.get("GORAG_PRINTABLES", "1") != "0"

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.project is not None
        server.unwatch(str(self.project.staging_dir))
        server.watch(str(self.project.docs_dir))
        server.watch(str(self.project.content_dir))
        if self.project.campaigns_dir and self.project.campaigns_dir.is_dir():
            server.watch(str(self.project.campaigns_dir))
        return server

    @_timed
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Each language build would write the root 404 page and sitemap, and the last one built
        # would win: the 404 page comes from the default language, the sitemap from Project.finish.
        self.depth += 1
        templates = config.theme.static_templates
        templates.discard("sitemap.xml")
        if config.theme["language"] == default_language():
            templates.add("404.html")
        else:
            templates.discard("404.html")

    # After static-i18n (-100) has built this language's navigation.
    @event_priority(-150)
    @_timed
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.read_titles:
            for page in nav.pages:
                if page.markdown is None:
                    page.read_source(config)
        editors_section(nav, i18n.t("for_editors", config.theme["language"]))
        if self.staged:
            titles = section_titles(self.staged.library, config.theme["language"])
            for section in _sections(nav.items):
                folder = _folder(section)
                if folder in titles:
                    section.title = titles[folder]
                if folder == PROTOCOL_DIR:
                    shorten(nav, section, self.options.nav_protocols_limit)
        return nav

    @_timed
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # A fresh cache per build: the navigation is rebuilt for every language.
        env.globals["gorag_nav"] = NavCache(enabled=optimised())
        # Material's navigation partial, changed as it loads (gorag.site.rewrites) instead of copied.
        return rewrites.install(env)

    @_timed
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any) -> TemplateContext:
        lang = config.theme["language"]
        gorag = theme_context(lang, context["base_url"])
        source = self.staged.sources.get(page.file.src_uri) if self.staged else None
        page.edit_url = f"{self.options.edit_url}{source}" if source and self.options.edit_url else None
        stamp = self.staged.updated.get(source) if self.staged and source else None
        gorag["updated"] = i18n.t("last_updated", lang, date=i18n.long_date(datetime.fromtimestamp(stamp, UTC).date(), lang)) \
            if stamp else ""
        context["gorag"] = gorag  # type: ignore[typeddict-unknown-key]
        return context

    @_timed
    def on_template_context(self, context: TemplateContext, *, template_name: str, config: MkDocsConfig) -> TemplateContext:
        context["gorag"] = theme_context(config.theme["language"], context.get("base_url", "."))  # type: ignore[typeddict-unknown-key]
        return context

    @event_priority(-100)
    @_timed
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return _finish_html(output, page.content or "", config.theme["language"])

    # The 404 page is a static template: the same corrections and policy as every page.
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return _finish_html(output_content, "", config.theme["language"])

    # After static-i18n (-100) has merged the search index. static-i18n builds the other languages
    # from inside the first language's build, so that build ends last: finish the site there.
    @event_priority(-200)
    @_timed
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.depth -= 1
        if not self.finishes_site or self.depth:
            return
        site = Path(config.site_dir)
        index = search.read_index(site)
        if index:
            search.write_indexes(site, index, language_codes(), default_language())
        if self.staged and self.project:
            self.project.finish(self.staged, site, source_date())
