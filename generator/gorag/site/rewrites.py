"""Changes to Material's templates, made to their source as the theme loads them.

Material gives no block to override inside its navigation partial, and a partial copied into
``overrides/`` to change a few lines goes stale in silence when Material changes the rest. So,
as mkdocs-section-index does for the same partial, the theme's loader is wrapped
(:func:`install`, called from ``GoragPlugin.on_env``) and each :data:`REWRITES` entry replaces an
exact text of Material's template by Gorag's. A rewrite whose text is no longer there exactly as
often as expected stops the build with a :class:`~mkdocs.exceptions.PluginError` naming the
rewrite, the template and the Material version it was written for, instead of the change
disappearing. ``tests/test_theme_fixes.py`` applies every rewrite to the installed Material, and
``tests/test_private_dependencies.py`` lists them with Gorag's other reliances on Material.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from jinja2 import BaseLoader, Environment
from mkdocs.exceptions import PluginError

from .theme_fixes import MATERIAL


@dataclass(frozen=True)
class Rewrite:
    """In ``template``'s source, ``old`` must occur ``count`` times; each becomes ``new``."""

    template: str
    name: str
    why: str
    old: str
    new: str
    count: int = 1


NAV_ITEM = "partials/nav-item.html"

REWRITES: tuple[Rewrite, ...] = (
    Rewrite(NAV_ITEM, "home page named Home",
            "the home page's title is the site's name, already in the header above the navigation",
            "  {% else %}\n"
            "    {{ nav_item.title }}\n",
            "  {% elif nav_item.file and nav_item.file.src_uri in gorag.home_sources %}\n"
            "    {{ gorag.strings.nav_home }}\n"
            "  {% else %}\n"
            "    {{ nav_item.title }}\n"),
    Rewrite(NAV_ITEM, "fallback titles marked English",
            "a page standing in for a missing translation, by its front matter's fallback_language, "
            "has its title marked as being in that language, for screen readers",
            '  <span class="md-ellipsis">\n'
            "    {{ render_title(ref) }}\n",
            '  <span class="md-ellipsis">\n'
            "    {% if nav_item.meta and nav_item.meta.fallback_language %}\n"
            '      <span lang="{{ nav_item.meta.fallback_language }}">{{ render_title(ref) }}</span>\n'
            "    {% else %}\n"
            "      {{ render_title(ref) }}\n"
            "    {% endif %}\n"),
    Rewrite(NAV_ITEM, "section index from the navigation cache",
            "every page lists every page: the loop over a section's items to find its index page "
            "runs pages x pages times in Jinja; gorag.site.navcache remembers the answer",
            "    {% set _ = namespace(index = none) %}\n"
            '    {% if "navigation.indexes" in features %}\n'
            "      {% for item in nav_item.children %}\n"
            "        {% if item.is_index and _.index is none %}\n"
            "          {% set _.index = item %}\n"
            "        {% endif %}\n"
            "      {% endfor %}\n"
            "    {% endif %}\n"
            "    {% set index = _.index %}\n",
            '    {% set index = gorag_nav.index(nav_item) if "navigation.indexes" in features %}\n'),
    Rewrite(NAV_ITEM, "no empty tabindex",
            'tabindex="" is invalid HTML; a section shown as a heading has no tab stop',
            ' tabindex="{{ tabindex }}">',
            '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>',
            count=2),
    Rewrite(NAV_ITEM, "section named by its title",
            "a section's <nav> was named by its toggle, which holds only an icon when the section "
            "has an index page; its title names it",
            'aria-labelledby="{{ path }}_label" aria-expanded="{{ nav_item.active | tojson }}">\n'
            '          <label class="md-nav__title" for="{{ path }}">\n',
            'aria-labelledby="{{ path }}_title" aria-expanded="{{ nav_item.active | tojson }}">\n'
            '          <label class="md-nav__title" for="{{ path }}" id="{{ path }}_title">\n'),
    Rewrite(NAV_ITEM, "section items from the navigation cache",
            "every page lists every page: gorag.site.navcache reuses the HTML of the items that do "
            "not hold the current page instead of rendering pages x pages items",
            "            {% for item in nav_item.children %}\n"
            "              {% if not index or item != index %}\n"
            '                {{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}\n'
            "              {% endif %}\n"
            "            {% endfor %}\n",
            "            {{ gorag_nav.children(render, nav_item, index, path, level) }}\n"),
)


def installed_material() -> str:
    """The installed mkdocs-material's version, for error messages."""
    try:
        return version("mkdocs-material")
    except PackageNotFoundError:
        return "not installed"


def rewrite(template: str, source: str, rewrites: Iterable[Rewrite] = REWRITES, filename: str | None = None) -> str:
    """``source`` of ``template`` (read from ``filename``, if known) with its ``rewrites`` made;
    :class:`PluginError` if one's text is not found exactly as often as expected."""
    for change in rewrites:
        if change.template != template:
            continue
        found = source.count(change.old)
        if found != change.count:
            # The file tells a changed Material from a copy of the template put back in overrides/.
            read_from = f" in {filename}" if filename else ""
            raise PluginError(
                f"Gorag's rewrite '{change.name}' of Material's {template} ({change.why}) no longer "
                f"applies: its text is there {found} times instead of {change.count}{read_from}. It was "
                f"written for mkdocs-material {MATERIAL} (installed: {installed_material()}): update "
                "generator/gorag/site/rewrites.py")
        source = source.replace(change.old, change.new)
    return source


class RewritingLoader(BaseLoader):
    """A theme loader that hands out the templates of ``loader`` with :data:`REWRITES` made."""

    def __init__(self, loader: BaseLoader, rewrites: tuple[Rewrite, ...] = REWRITES) -> None:
        self.loader = loader
        self.rewrites = rewrites
        self.templates = frozenset(change.template for change in rewrites)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        if template in self.templates:
            source = rewrite(template, source, self.rewrites, filename)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def install(env: Environment, rewrites: tuple[Rewrite, ...] = REWRITES) -> Environment:
    """Make ``env`` load its templates with ``rewrites`` made, and check now that each applies (a
    stale rewrite stops the build before the first page, not in the middle of one)."""
    if env.loader is None:
        raise PluginError("the theme's Jinja environment has no loader: Gorag cannot rewrite Material's templates")
    if not isinstance(env.loader, RewritingLoader):
        env.loader = RewritingLoader(env.loader, rewrites)
    for template in sorted({change.template for change in rewrites}):
        env.loader.get_source(env, template)
    return env
