"""The offline copies a reader downloads (one language per zip), the Downloads page that offers
them, and the site's address: a placeholder warns, and stops a strict build."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import LANGS, REPO, make_project, replace_line, run_gorag
from gorag.address import placeholder_problem

_LINK = re.compile(r"""\s(?:href|src)\s*=\s*"([^"]*)"|\s(?:href|src)\s*=\s*'([^']*)'""")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def local_targets(rel: str, text: str) -> set[str]:
    """The files ``rel`` (a page or stylesheet, relative to the copy's root) refers to by relative
    address, as paths relative to the copy's root ("../x" above the root stays visible as such)."""
    found = [a or b for a, b in _LINK.findall(text)] if rel.endswith(".html") else _CSS_URL.findall(text)
    base = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
    targets = set()
    for address in found:
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, mailto:, data:, or a link within the page
        path: list[str] = []
        for piece in (base + unquote(parts.path)).split("/"):
            if piece == "..":
                path.append("..") if not path or path[-1] == ".." else path.pop()
            elif piece not in (".", ""):
                path.append(piece)
        targets.add("/".join(path))
    return targets


def unpack(archive: Path, dest: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as z:
        return {name: z.read(name) for name in z.namelist() if not name.endswith("/")}


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_in_a_zip_leads_to_a_missing_file(basic_site: Path, lang: str, tmp_path: Path) -> None:
    """Every relative link and source of every page and stylesheet of a language's zip is a file
    of that zip: the language switcher, the quick exit, the navigation, the downloads."""
    prefix = "" if lang == "en" else f"{lang}/"
    files = unpack(basic_site / f"{prefix}downloads/gorag-offline-{lang}.zip", tmp_path)
    root = f"gorag-{lang}/"
    assert all(name.startswith(root) for name in files)
    names = {name.removeprefix(root) for name in files}
    missing: dict[str, set[str]] = {}
    pages = 0
    for rel in sorted(names):
        if not rel.endswith((".html", ".css")):
            continue
        pages += rel.endswith(".html")
        targets = local_targets(rel, files[root + rel].decode("utf-8"))
        if targets - names:
            missing[rel] = targets - names
    assert pages > 10
    assert missing == {}


@pytest.mark.parametrize("lang", LANGS)
def test_a_zip_s_pages_offer_only_its_language_and_no_web_app(basic_site: Path, lang: str, tmp_path: Path) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    files = unpack(basic_site / f"{prefix}downloads/gorag-offline-{lang}.zip", tmp_path)
    home = files[f"gorag-{lang}/{prefix}index.html"].decode("utf-8")
    assert re.findall(r'hreflang="([^"]+)" class="md-select__link"', home) == [lang]
    # The site itself offers every language on the same page.
    site_home = (basic_site / f"{prefix}index.html").read_text(encoding="utf-8")
    assert re.findall(r'hreflang="([^"]+)" class="md-select__link"', site_home) == list(LANGS)
    assert not [name for name, data in files.items() if name.endswith(".html") and b"data-gorag-app" in data]
    assert not [name for name in files if name.endswith((".webmanifest", ".zip", ".zim")) or name.endswith("/sw.js")]


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_page_says_which_copy_suits_which_device(basic_site: Path, lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    html = (basic_site / f"{prefix}downloads.html").read_text(encoding="utf-8")
    guide = re.search(r'<ul class="gorag-device-guide">(.*?)</ul>', html, re.S)
    assert guide is not None
    lines = re.findall(r"<li>(.*?)</li>", guide.group(1), re.S)
    assert len(lines) == 4
    assert ["Android" in lines[0], "iPhone" in lines[1], "index.html" in lines[2], "Kiwix" in lines[3]] == [True] * 4
    # Each offline copy with its format and its size, measured from the file.
    for name, fmt in ((f"gorag-offline-{lang}.zip", "ZIP"), (f"gorag-{lang}.zim", "ZIM")):
        size = (basic_site / f"{prefix}downloads/{name}").stat().st_size
        shown = re.search(rf'href="downloads/{re.escape(name)}" download>[^<]*</a> <span class="gorag-size">{fmt}, ([^<]+)</span>', html)
        assert shown is not None, name
        number = float(shown.group(1).split()[0].replace(",", ".").replace("\u00a0", ""))
        unit = shown.group(1).split()[1]
        assert unit in ("KB", "MB", "КБ", "МБ")
        assert abs(number * (1e6 if unit in ("MB", "МБ") else 1e3) - size) <= (0.05e6 if unit in ("MB", "МБ") else 500)


# --------------------------------------------------------------------------------------------------
# The site's address


@pytest.mark.parametrize("url", ["https://example.org/gorag/", "https://www.example.com/", "http://docs.example.net/x/",
                                 "https://handbook.example/", "https://localhost/", "", "gorag.github.io/gorag/"])
def test_placeholder_addresses_are_recognised(url: str) -> None:
    problem = placeholder_problem(url)
    assert problem is not None and "GORAG_SITE_URL" in problem


@pytest.mark.parametrize("url", ["https://gorag.test/gorag/", "https://owner.github.io/gorag/", "https://example.org.tm/"])
def test_real_addresses_pass(url: str) -> None:
    assert placeholder_problem(url) is None


def test_the_shipped_placeholder_warns_and_stops_a_strict_build(tmp_path: Path) -> None:
    """mkdocs.yml as shipped: a build warns that QR codes and calendars would lead to the
    placeholder; the strict build stops and leaves the previous site; GORAG_SITE_URL fixes it."""
    root = make_project(tmp_path / "project")
    shipped = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(replace_line(shipped, "      staging_dir:", "      staging_dir: .gorag/docs\n      printables: false"),
                                     encoding="utf-8")
    built = run_gorag(root, "build")
    assert built.returncode == 0, built.stderr
    assert "https://example.org/gorag/ is a placeholder" in built.stderr and "GORAG_SITE_URL" in built.stderr
    assert built.stderr.count("is a placeholder") == 1  # once, not once per language
    before = (root / "site" / "index.html").read_bytes()

    strict = run_gorag(root, "build", "--strict")
    assert strict.returncode != 0
    assert "is a placeholder" in strict.stderr and "Traceback" not in strict.stderr
    assert (root / "site" / "index.html").read_bytes() == before

    by_env = run_gorag(root, "build", env={"GORAG_STRICT": "true"})
    real = run_gorag(root, "build", env={"GORAG_STRICT": "true", "GORAG_SITE_URL": "https://owner.github.io/gorag/"})
    assert by_env.returncode != 0 and "is a placeholder" in by_env.stderr
    assert real.returncode == 0, real.stderr
    assert real.stderr == ""
    assert "https://owner.github.io/gorag/ru/" in (root / "site" / "sitemap.xml").read_text(encoding="utf-8")
