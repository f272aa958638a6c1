"""Reuse the navigation HTML of items that do not hold the current page.

Material renders the whole navigation into every page, so a build renders pages × pages navigation
items: at 1,000 documents per language, two thirds of the build time. An item's HTML depends on the
current page only when the item is the page or holds it (``active``) and through its links, which
are relative to the page's folder. So an inactive item rendered once for a folder is the same for
every other page in that folder. Material's ``partials/nav-item.html``, rewritten as it loads
(:mod:`gorag.site.rewrites`), renders a section's items through :meth:`NavCache.children` (and
finds its index page with :meth:`NavCache.index`) instead of looping in Jinja.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup


class NavCache:
    """``gorag_nav`` in the theme's templates; one per language build (the navigation is rebuilt)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.items: dict[tuple[Any, ...], Markup] = {}
        self.indexes: dict[int, Any] = {}

    def index(self, section: Any) -> Any:
        """The section's first index page (``navigation.indexes``), or None."""
        key = id(section)
        if key not in self.indexes or not self.enabled:
            self.indexes[key] = next((item for item in section.children if item.is_index), None)
        return self.indexes[key]

    @pass_context
    def children(self, context: Context, render: Callable[..., Markup], section: Any, index: Any, path: str, level: int) -> Markup:
        """The HTML of ``section``'s items but its index page, as Material's loop renders them."""
        page = context.get("page")
        # Templates without a page (404.html) link from the site root: rendered as they are.
        reuse = self.enabled and page is not None
        folder = "" if page is None else page.url if page.url.endswith("/") else posixpath.dirname(page.url)
        parts = []
        for number, item in enumerate(section.children, start=1):
            if index is not None and item is index:
                continue
            item_path = f"{path}_{number}"
            if not reuse or getattr(item, "active", False):
                parts.append(render(item, item_path, level + 1, section))
                continue
            key = (id(item), item_path, level, bool(section.active), folder)
            html = self.items.get(key)
            if html is None:
                html = self.items[key] = render(item, item_path, level + 1, section)
            parts.append(html)
        return Markup("".join(parts))  # the theme does not autoescape: items are HTML already
