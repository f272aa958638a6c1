"""``gorag serve`` in real headless Chromium: an edit reloads the page by itself, CSP and all."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, expect

from conftest import make_project, wait_until
from gorag.site.serve import affected_languages

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_affected_languages(tmp_path: Path) -> None:
    for name in ("a.md", "a.ru.md", "b.md", "b.tk.md"):
        (tmp_path / name).write_text("x")
    langs = ["en", "ru", "tk"]
    assert affected_languages(["a.ru.md"], tmp_path, langs, "en") == {"ru"}
    # English a.md also shows in tk, where a has no translation; b.md also in ru.
    assert affected_languages(["a.md"], tmp_path, langs, "en") == {"en", "tk"}
    assert affected_languages(["b.md"], tmp_path, langs, "en") == {"en", "ru"}
    assert affected_languages(["images/x.png"], tmp_path, langs, "en") == {"en", "ru", "tk"}
    assert affected_languages([], tmp_path, langs, "en") == set()


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _call(script: str) -> list[Any]:
    """The arguments of the one call a search-index file makes (``self.goragSearch.x(...);``)."""
    arguments: list[Any] = json.loads("[" + script.split("(", 1)[1].rsplit(")", 1)[0] + "]")
    return arguments


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


@dataclass
class Served:
    """A running ``gorag serve``: its project, its address, and what it has written to stderr so
    far (read as it comes, so a test can wait for a message)."""

    root: Path
    base: str
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def stop(self) -> str:
        """Stop the preview; everything it wrote to stderr."""
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=30)
        return self.stderr


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    root = make_project(tmp_path / "p")
    port = _port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    process = subprocess.Popen([sys.executable, "-m", "gorag.cli", "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    preview = Served(root, f"http://127.0.0.1:{port}/gorag/", process)

    def up() -> bool:
        assert process.poll() is None, f"the preview stopped:\n{preview.stderr}"
        return "<html" in _get(preview.base + "index.html")

    wait_until(up, 120, lambda: f"the preview to come up; it wrote:\n{preview.stderr}", interval=0.3)
    yield preview
    preview.stop()


@pytest.mark.browser
def test_saving_a_protocol_reloads_its_page(served: Served) -> None:
    root, base = served.root, served.base
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        blocked: list[str] = []

        def console(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                blocked.append(message.text)

        page.on("console", console)
        page.goto(base + "protocols/beta.html")
        expect(page.locator("h1")).to_contain_text("Beta diversion procedure")

        source = root / "protocols" / "beta.en.md"
        source.write_text(source.read_text(encoding="utf-8") + "\nFreshly added sentence about referrals.\n", encoding="utf-8")
        # No navigation from the test: the page reloads itself once the preview is rebuilt.
        expect(page.get_by_text("Freshly added sentence about referrals.")).to_be_visible(timeout=60_000)
        # Pages that were not rebuilt keep their titles in the rebuilt page's navigation.
        expect(page.locator(".md-nav__link", has_text="Alpha")).not_to_have_count(0)

        ru = root / "protocols" / "alpha.ru.md"
        page.goto(base + "ru/protocols/alpha.html")
        ru.write_text(ru.read_text(encoding="utf-8") + "\nНовое предложение о направлении.\n", encoding="utf-8")
        expect(page.get_by_text("Новое предложение о направлении.")).to_be_visible(timeout=60_000)
        assert blocked == []
        browser.close()

    # The search index kept the other pages and took the edited page's new text.
    folder = base + "search/gorag/"
    manifest = _call(_get(folder + "manifest.js"))[0]
    per = manifest["docsPerShard"]
    rows = [row for n in range(-(-manifest["docs"] // per)) for row in _call(_get(f"{folder}d/{n}.js"))[1]]
    locations = {row[0].split("#")[0] for row in rows}
    assert {"protocols/alpha.html", "protocols/beta.html", "index.html"} <= locations
    key = max((k for k in manifest["shards"] if "fresh".startswith(k)), key=len)
    postings = _call(_get(folder + "t/" + "-".join(f"{ord(c):x}" for c in key) + ".js"))[1]["fresh"]
    ids = [sum(postings[0:i + 1:2]) for i in range(0, len(postings), 2)]
    assert any(rows[i][0].startswith("protocols/beta.html") for i in ids)


def test_a_content_error_keeps_the_preview_and_is_reported(served: Served) -> None:
    root, base = served.root, served.base
    source = root / "protocols" / "beta.en.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("kind: sop", "kind: [broken"), encoding="utf-8")
    # The preview has tried to rebuild from the broken file once it says it did not update.
    wait_until(lambda: "preview not updated" in served.stderr, 60,
               lambda: f"the preview to report the broken file; it wrote:\n{served.stderr}", interval=0.3)
    assert "Beta diversion procedure" in _get(base + "protocols/beta.html")
    source.write_text(good.replace("Diverting children", "Diverting young people"), encoding="utf-8")
    wait_until(lambda: "Diverting young people" in _get(base + "protocols/beta.html"), 60,
               "the preview to serve the corrected page", interval=0.3)
    err = served.stop()
    assert re.search(r"protocols/beta\.en\.md:\d+", err), err
    assert "preview not updated" in err and "Traceback" not in err
