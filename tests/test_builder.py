"""Parallel language builds give exactly the site the plain sequential build gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, make_project, run_gorag

sys.path.insert(0, str(REPO / "bench"))
from corpus import generate  # noqa: E402


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_tree(one: dict[str, bytes], two: dict[str, bytes]) -> None:
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []


def test_parallel_build_is_byte_identical_to_sequential_and_plain_mkdocs(tmp_path: Path) -> None:
    # The shipped content (campaigns, calendars, every page kind) plus a small synthetic corpus.
    root = make_project(tmp_path / "project", fixture=None)
    generate(12, tmp_path / "corpus")
    for path in (tmp_path / "corpus" / "protocols").glob("doc-*.md"):
        path.rename(root / "protocols" / path.name)
    parallel = run_gorag(root, "build", "--jobs", "3", "-d", "parallel")
    sequential = run_gorag(root, "build", "--jobs", "1", "-d", "sequential")
    assert parallel.returncode == 0, parallel.stderr
    assert sequential.returncode == 0, sequential.stderr
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "NO_MKDOCS_2_WARNING": "1"}
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "plain"], cwd=root, env=env,
                           capture_output=True, text=True, timeout=600)
    assert plain.returncode == 0, plain.stderr

    one, two, three = tree(root / "parallel"), tree(root / "sequential"), tree(root / "plain")
    assert len([p for p in one if p.endswith(".html")]) > 3 * 12
    assert {"ru/protocols/doc-0003.html", "tk/protocols/doc-0003.html", "search/search_index.json",
            "tk/search/search_index.js", "sitemap.xml"} <= set(one)
    assert_same_tree(one, two)
    assert_same_tree(one, three)


def test_root_404_page_and_sitemap_do_not_depend_on_build_order(basic_site: Path) -> None:
    assert '<html lang="en"' in (basic_site / "404.html").read_text(encoding="utf-8")
    sitemap = (basic_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in ("", "ru/", "tk/"):
        assert f"<loc>https://example.org/gorag/{lang}protocols/alpha.html</loc>" in sitemap
    assert sitemap.count("<url>") == 3 * sitemap.count('hreflang="ru"') // 3


def test_a_failing_language_build_leaves_the_previous_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert run_gorag(root, "build").returncode == 0
    before = tree(root / "site")
    # A broken link in the Russian home page only: strict mode stops that language's build.
    page = root / "docs" / "index.ru.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[нет такого раздела](about.md#no-such-heading)\n", encoding="utf-8")
    result = run_gorag(root, "build")
    assert result.returncode == 2
    assert "no-such-heading" in result.stderr and "the previous site was left as it was" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(root / "site") == before
    assert not (root / "site.parts").exists() and not (root / ".site.building").exists()
