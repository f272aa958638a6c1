"""Content is untrusted: real XSS payloads are rejected at the source, shown inert when written as
code, and blocked by the Content-Security-Policy if one ever reached a page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Dialog

from conftest import make_project, run_gorag

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"jAvAsCrIpT:alert(1)\">x</a>",
    "[click](javascript:alert(document.cookie))",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<img src=\"https://evil.example/pixel.png\">",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_rejected_with_its_location(tmp_path: Path, payload: str) -> None:
    root = make_project(tmp_path / "p")
    source = root / "protocols" / "alpha.en.md"
    source.write_text(source.read_text(encoding="utf-8") + f"\nA sentence. {payload}\n", encoding="utf-8")
    result = run_gorag(root, "build")
    assert result.returncode == 1, result.stdout
    assert "protocols/alpha.en.md:47:" in result.stderr and "body:" in result.stderr
    assert not (root / "site").exists()


@pytest.mark.browser
def test_payloads_written_as_code_stay_inert_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    root = make_project(tmp_path / "p")
    source = root / "protocols" / "alpha.en.md"
    block = "\n".join(PAYLOADS).replace("alert(", "window.xssRan=(")
    inline = " ".join(f"`{p}`" for p in PAYLOADS[:5]).replace("alert(", "window.xssRan=(")
    source.write_text(source.read_text(encoding="utf-8") + f"\n## Payloads\n\n{inline}\n\n```html\n{block}\n```\n", encoding="utf-8")
    assert run_gorag(root, "build").returncode == 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        dialogs: list[str] = []
        requests: list[str] = []

        def dialog(opened: Dialog) -> None:
            dialogs.append(opened.message)
            opened.dismiss()

        page.on("dialog", dialog)
        page.on("request", lambda r: requests.append(r.url))
        page.goto((root / "site" / "protocols" / "alpha.html").as_uri())
        # Not a wait for something: nothing may run, and a payload that reached the page could run
        # after load (a <details> toggle event, a handler of an image that failed late), so the
        # page is given half a second in which nothing must happen.
        page.wait_for_timeout(500)
        assert page.evaluate("typeof window.xssRan") == "undefined"
        assert "<script>window.xssRan=(1)</script>" in page.locator("article").inner_text()
        browser.close()
    assert dialogs == []
    assert [u for u in requests if not u.startswith(("file:", "data:", "about:"))] == []


@pytest.mark.browser
def test_csp_blocks_script_that_reached_a_page(basic_site: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    copy = tmp_path / "site"
    shutil.copytree(basic_site, copy)
    page_file = copy / "protocols" / "alpha.html"
    html = page_file.read_text(encoding="utf-8")
    # Simulate a bypass of the content policy: inject script into the article of a built page.
    html = html.replace("<h2 id=\"reporting\">", "<script>window.xssRan=1</script><img src=x onerror=\"window.xssRan=2\">"
                        "<h2 id=\"reporting\">", 1)
    page_file.write_text(html, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        violations: list[str] = []

        def console(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                violations.append(message.text)

        page.on("console", console)
        # The page's own record of what its policy blocked, to wait on.
        page.add_init_script("window.__blocked = [];"
                             "document.addEventListener('securitypolicyviolation', e => window.__blocked.push(e.effectiveDirective))")
        page.goto(page_file.as_uri())
        # The policy has dealt with both injections once it has reported them.
        page.wait_for_function("() => window.__blocked.length >= 2", timeout=30_000)
        assert page.evaluate("typeof window.xssRan") == "undefined"
        # The theme's own scripts still run: search box and quick exit work.
        assert page.evaluate("typeof __md_get") == "function"
        browser.close()
    assert len(violations) >= 2  # the inline script and the inline event handler


def test_policy_hashes_only_the_themes_inline_scripts() -> None:
    import base64
    import hashlib

    from gorag.site.csp import apply_csp

    def digest(body: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"

    content = "<p>text</p><script>alert(1)</script>"
    html = ("<html><head><title>t</title><script>var theme = 1</script><script src=\"a.js\"></script>"
            "<script type=\"application/json\">{\"a\": 1}</script><script> </script></head><body>"
            f"{content}<SCRIPT>alert(2)</SCRIPT><script>\nvar other = 2\n</script></body></html>")
    out = apply_csp(html, content)
    policy = out.split('content="', 1)[1].split('"', 1)[0]
    assert out.startswith('<html><head>\n    <meta http-equiv="Content-Security-Policy"') and out.count("Content-Security") == 1
    hashes = sorted(part.rstrip(";") for part in policy.split() if part.startswith("'sha256-"))
    assert hashes == sorted([digest("var theme = 1"), digest("\nvar other = 2\n")])
    assert digest("alert(1)") not in policy and digest("alert(2)") not in policy


def test_skipping_the_sidebars_misses_no_theme_script(basic_site: Path) -> None:
    """The policy looks for inline scripts outside Material's sidebars; on every built page that
    finds the same scripts as reading the whole page."""
    from gorag.site import csp

    pages = sorted(basic_site.rglob("*.html"))
    skipped = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert csp.theme_script_hashes(html, "") == csp.theme_script_hashes(html, "", skip_sidebars=False), path
        skipped += len(csp._regions(html, True)) == 2
    assert len(pages) > 20 and skipped >= len(pages) - 3  # the sidebars were found, e.g. not in neutral.html
