"""The MkDocs plugin: thin hooks that hand off to Gorag's pure functions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import csp, i18n, search
from .errors import ContentErrors
from .models import DEFAULT_LANGUAGE, LANGUAGES
from .project import Project


def theme_context(lang: str, base_url: str) -> dict[str, Any]:
    """What Gorag's theme overrides need on every page, already decided for ``lang``."""
    return {
        "strings": i18n.strings(lang),
        "search_base": base_url if lang == DEFAULT_LANGUAGE else f"{base_url}/{lang}/",
        "neutral_url": f"{base_url}/neutral.html",
    }


class GoragConfig(Config):
    content_dir = c.Type(str, default="protocols")
    staging_dir = c.Type(str, default=".gorag/docs")


class GoragPlugin(BasePlugin[GoragConfig]):
    """Stages generated pages before MkDocs reads files, and finishes the built site."""

    def __init__(self) -> None:
        self.project: Project | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # static-i18n runs a whole build per language with this same config: stage only once.
        if self.project is None:
            root = Path(config.config_file_path or ".").resolve().parent
            self.project = Project(root=root, docs_dir=Path(config.docs_dir).resolve(),
                                   content_dir=root / self.config.content_dir,
                                   staging_dir=root / self.config.staging_dir)
            try:
                self.project.stage()
            except ContentErrors as exc:
                raise PluginError(exc.report()) from None
        config.docs_dir = str(self.project.staging_dir)
        return config

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.project is not None
        server.unwatch(str(self.project.staging_dir))
        server.watch(str(self.project.docs_dir))
        server.watch(str(self.project.content_dir))
        return server

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any) -> TemplateContext:
        context["gorag"] = theme_context(config.theme["language"], context["base_url"])  # type: ignore[typeddict-unknown-key]
        return context

    def on_template_context(self, context: TemplateContext, *, template_name: str, config: MkDocsConfig) -> TemplateContext:
        context["gorag"] = theme_context(config.theme["language"], context.get("base_url", "."))  # type: ignore[typeddict-unknown-key]
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return csp.apply_csp(output, page.content or "")

    # After static-i18n (-100) has built every language and merged the search index.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        search.write_indexes(Path(config.site_dir), LANGUAGES, DEFAULT_LANGUAGE)
