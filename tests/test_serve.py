"""``gorag serve`` in real headless Chromium: an edit reloads the page by itself, CSP and all."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import make_project
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


def _call(script: str) -> list[object]:
    """The arguments of the one call a search-index file makes (``self.goragSearch.x(...);``)."""
    return json.loads("[" + script.split("(", 1)[1].rsplit(")", 1)[0] + "]")  # type: ignore[no-any-return]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    root = make_project(tmp_path / "p")
    port = _port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    server = subprocess.Popen([sys.executable, "-m", "gorag.cli", "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/gorag/"
    deadline = time.monotonic() + 120
    while "<html" not in _get(base + "index.html"):
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        assert time.monotonic() < deadline, "the preview did not come up"
        time.sleep(0.3)
    yield root, base, server
    server.terminate()
    server.wait(timeout=30)


@pytest.mark.browser
def test_saving_a_protocol_reloads_its_page(served: tuple[Path, str, subprocess.Popen[str]]) -> None:
    root, base, server = served
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        blocked: list[str] = []
        page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
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


def test_a_content_error_keeps_the_preview_and_is_reported(served: tuple[Path, str, subprocess.Popen[str]]) -> None:
    root, base, server = served
    source = root / "protocols" / "beta.en.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("kind: sop", "kind: [broken"), encoding="utf-8")
    time.sleep(4)
    assert "Beta diversion procedure" in _get(base + "protocols/beta.html")
    source.write_text(good.replace("Diverting children", "Diverting young people"), encoding="utf-8")
    deadline = time.monotonic() + 60
    while "Diverting young people" not in _get(base + "protocols/beta.html"):
        assert time.monotonic() < deadline
        time.sleep(0.3)
    server.terminate()
    _, err = server.communicate(timeout=30)
    assert re.search(r"protocols/beta\.en\.md:\d+", err), err
    assert "preview not updated" in err and "Traceback" not in err
