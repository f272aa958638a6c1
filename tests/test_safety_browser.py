"""Content that passes `gorag check` but is full of characters that start markup is published
inert: every page of the built site, opened in headless Chromium from file://, shows it as written,
opens no dialog, goes nowhere and asks for nothing outside the site."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Dialog

from conftest import make_project, run_gorag
from test_browser import WatchedPage, browser, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

P, C = "protocols/", "campaigns/demo-2027/"
TRICKY_TITLE = "Alpha [draft] {v2} a|b *x* _y_ `z` & Age < 18 \\ \"q\" 'a'"
# (file, value in the basic fixture, new text): every class of field, all legal.
EDITS = [
    (P + "alpha.en.md", "Alpha reporting protocol", TRICKY_TITLE),
    (P + "alpha.en.md", "How to report a suspected harm to a child.", "Report {within} [24] hours | *now* & < soon"),
    (P + "alpha.en.md", "Notice the signs", "Notice [the] signs |x| {note}"),
    (P + "alpha.en.md", "Write down what you saw, in the child's words.",
     "Write *down* what you saw; see [the ministry](https://example.org/a_b) or `code <b>`."),
    (P + "alpha.ru.md", "Протокол Альфа о сообщениях", "Протокол [Альфа] {черновик} | *x* & < 18"),
    (P + "alpha.tk.md", "Alfa habar beriş teswirnamasy", "Alfa [taslama] {v2} | ýaş < 18 & *ž*"),
    (P + "agencies.yml", "Leads social protection of children.", "Leads *social* protection; see [site](https://example.org)."),
    (P + "glossary.yml", "Diversion", "Diversion [term] {x}"),
    (C + "events.yml", "Press conference", "Press [conference] {live} | *x*"),
    (C + "events.yml", "Launch of the campaign.", "Launch; [details](https://example.org/x)."),
    ("docs/about.md", "title: About", "title: " + json.dumps("About [this] {site} | *x*")),
]
BODY = """

## Code that shows markup

Never write `<script>alert(1)</script>` or `[x](javascript:alert(1))` in a text.

```html
<script>alert(1)</script>
<img src=x onerror=alert(1)>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
```

| Step | When |
|:-----|-----:|
| Report | 24 hours |

- [ ] Check the `{: onclick=alert(1) }` box
- [x] Done

??? note "Details"
    Folded text with a [link](https://example.org).
"""


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("tricky") / "p")
    for file, old, new in EDITS:
        path = root / file
        text = path.read_text(encoding="utf-8")
        if old not in text:  # the Turkmen title differs between fixture versions: take the first title line
            line = next(line for line in text.splitlines() if line.startswith("title: "))
            old = line[len("title: "):]
        replacement = new if new.startswith("title: ") else json.dumps(new, ensure_ascii=False)
        path.write_text(text.replace(old, replacement, 1), encoding="utf-8")
    alpha = root / P / "alpha.en.md"
    alpha.write_text(alpha.read_text(encoding="utf-8") + BODY, encoding="utf-8")
    check = run_gorag(root, "check")
    assert check.returncode == 0, check.stderr
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def served(tricky_site: Path) -> Iterator[str]:
    """The tricky site over HTTP on a loopback port, as a web server would publish it."""
    handler = functools.partial(Quiet, directory=str(tricky_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_every_page_is_inert(scheme: str, tricky_site: Path, request: pytest.FixtureRequest,
                             page: WatchedPage) -> None:  # noqa: F811
    base = tricky_site.as_uri() + "/" if scheme == "file" else request.getfixturevalue("served")
    dialogs: list[str] = []

    def dialog(opened: Dialog) -> None:
        dialogs.append(opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    # 404.html is for a web server under site_url (its links are absolute: /gorag/…), not for disk.
    skip = {"neutral.html"} | ({"404.html"} if scheme == "file" else set())
    pages = sorted(p.relative_to(tricky_site).as_posix() for p in tricky_site.rglob("*.html") if p.name not in skip)
    assert len(pages) > 50
    for rel in pages:
        target = base + rel
        page.goto(target)
        page.wait_for_load_state("load")
        # Not a wait for something: the moments after load in which a redirect that reached the
        # page (a <meta> refresh of 0 s, a script changing location on load) would have left it.
        page.wait_for_timeout(50)
        assert page.url == target, f"{rel} navigated to {page.url}"
    assert dialogs == []
    outside = [u for u in page.asked if not u.startswith((base, "data:", "about:", "blob:"))]
    assert outside == []


def test_plain_text_is_shown_as_written(tricky_site: Path, page: WatchedPage) -> None:  # noqa: F811
    page.goto((tricky_site / "protocols" / "alpha.html").as_uri())
    assert page.locator("h1").first.inner_text().rstrip("¶").strip() == TRICKY_TITLE
    assert TRICKY_TITLE in page.title()
    # The navigation of every page lists the title as text, not as markup.
    page.goto((tricky_site / "index.html").as_uri())
    nav = page.locator(".md-nav__link", has_text="Alpha [draft]").first
    assert nav.inner_text().strip() == TRICKY_TITLE
    assert page.locator("nav a[href^='javascript'], nav img, nav code").count() == 0


def test_inline_markdown_renders_its_links(tricky_site: Path, page: WatchedPage) -> None:  # noqa: F811
    page.goto((tricky_site / "protocols" / "alpha.html").as_uri())
    links = page.locator("a[href='https://example.org/a_b']")
    assert links.count() >= 1
    assert page.locator("a[href^='javascript'], a[href^='data:'], [onclick], [onerror]").count() == 0
    code = page.locator("pre code").first.inner_text()
    assert "<script>alert(1)</script>" in code
