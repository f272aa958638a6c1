"""Parallel language builds give exactly the site the plain sequential build gives."""

from __future__ import annotations

import json
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


def build(root: Path, *args: str, **env: str) -> None:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "NO_MKDOCS_2_WARNING": "1", **env}
    proc = subprocess.run([sys.executable, "-m", *args], cwd=root, env=environment, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


def test_optimised_build_is_byte_identical_to_the_unoptimised_one(tmp_path: Path) -> None:
    """Parallel languages and the navigation cache change nothing: compared with the plain build
    (GORAG_UNOPTIMISED=1: one language after another, every navigation item rendered afresh) and
    with plain ``mkdocs build``, on the shipped content plus a small synthetic corpus."""
    root = make_project(tmp_path / "project", fixture=None)
    generate(12, tmp_path / "corpus")
    for path in (tmp_path / "corpus" / "protocols").glob("doc-*.md"):
        path.rename(root / "protocols" / path.name)
    build(root, "gorag.cli", "build", "-d", "fast")
    build(root, "gorag.cli", "build", "-d", "reference", GORAG_UNOPTIMISED="1")
    build(root, "mkdocs", "build", "-q", "-d", "plain")

    fast, reference, plain = tree(root / "fast"), tree(root / "reference"), tree(root / "plain")
    assert len([p for p in fast if p.endswith(".html")]) > 3 * 12
    assert {"ru/protocols/doc-0003.html", "tk/protocols/doc-0003.html", "search/search_index.json",
            "tk/search/search_index.js", "sitemap.xml"} <= set(fast)
    page = fast["ru/protocols/doc-0003.html"].decode("utf-8")
    assert 'href="doc-0004.html" class="md-nav__link"' in page and "&lt;li" not in page
    assert_same_tree(fast, reference)
    assert_same_tree(fast, plain)


def test_root_404_page_and_sitemap_do_not_depend_on_build_order(basic_site: Path) -> None:
    assert '<html lang="en"' in (basic_site / "404.html").read_text(encoding="utf-8")
    sitemap = (basic_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in ("", "ru/", "tk/"):
        assert f"<loc>https://gorag.test/gorag/{lang}protocols/alpha.html</loc>" in sitemap
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


def test_a_large_library_links_its_protocols_index_instead_of_listing_every_protocol(tmp_path: Path) -> None:
    small, large = make_project(tmp_path / "small"), make_project(tmp_path / "large")
    config = large / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      staging_dir: .gorag/docs\n", "      staging_dir: .gorag/docs\n      nav_protocols_limit: 1\n"), encoding="utf-8")
    assert run_gorag(small, "build").returncode == 0
    assert run_gorag(large, "build").returncode == 0
    listed = 'href="beta.html" class="md-nav__link"'
    for lang in ("", "ru/"):
        assert listed in (small / "site" / lang / "protocols" / "alpha.html").read_text(encoding="utf-8")
        alpha = (large / "site" / lang / "protocols" / "alpha.html").read_text(encoding="utf-8")
        assert listed not in alpha
        # The section still holds the open page (highlighted) and links to the index, which lists every protocol.
        assert 'md-nav__item--active md-nav__item--section md-nav__item--nested' in alpha
        assert 'href="index.html" class="md-nav__link' in alpha
        index = (large / "site" / lang / "protocols" / "index.html").read_text(encoding="utf-8")
        assert 'href="alpha.html"' in index and 'href="beta.html"' in index
        assert (large / "site" / lang / "protocols" / "beta.html").is_file()


def test_each_builds_own_search_index_equals_the_merged_and_split_one(tmp_path: Path) -> None:
    """The fast build writes each language's index in that language's build and only corrects
    the configuration afterwards; that must give the bytes splitting the merged index gives, also
    when the last language's configuration differs from the others' (then it is rewritten), and
    a build whose index holds another language's pages must leave the work to the merged route."""
    from gorag.site import search
    from gorag.site.builder import _write_search

    languages = ("en", "ru", "tk")

    def config(lang: str, pipeline: list[str]) -> dict[str, object]:
        return {"lang": [lang], "separator": "[\\s\\-]+", "pipeline": pipeline, "fields": {"title": {"boost": 1000.0}}}

    def entries(lang: str) -> list[dict[str, object]]:
        prefix = "" if lang == "en" else f"{lang}/"
        return [{"location": f"{prefix}{page}.html", "title": f"{page} «{lang}» ä", "text": "<p>x</p>", "tags": ["a"]}
                for page in ("index", "protocols/one")]

    configs = {"en": config("en", ["trimmer"]), "ru": config("ru", ["stemmer"]), "tk": config("tk", ["stopWordFilter"])}
    merged = {"config": configs["tk"], "docs": [doc for lang in languages for doc in entries(lang)]}
    reference = tmp_path / "reference"
    search.write_indexes(reference, merged, languages, "en")

    parts = {lang: tmp_path / "parts" / lang for lang in languages}
    for lang in languages:
        # What Material wrote in each language's build, then what Gorag's worker adds.
        (parts[lang] / "search").mkdir(parents=True)
        (parts[lang] / "search" / "search_index.json").write_text(
            json.dumps({"config": configs[lang], "docs": entries(lang)}), encoding="utf-8")
        assert search.save_language(parts[lang], entries(lang), configs[lang], lang, languages, "en")
    _write_search(parts, languages, "en")
    built = {**{f"search/{n}": (parts["en"] / "search" / n).read_bytes() for n in ("search_index.json", "search_index.js")},
             **{f"{lang}/search/{n}": (parts[lang] / lang / "search" / n).read_bytes()
                for lang in ("ru", "tk") for n in ("search_index.json", "search_index.js")}}
    assert built == {path: (reference / path).read_bytes() for path in built}
    assert not any((part / search.SAVED).exists() for part in parts.values())
    # Builds that wrote nothing of their own (a search plugin keeping its entries elsewhere): the
    # indexes they wrote are merged and split.
    fallback = {lang: tmp_path / "fallback" / lang for lang in languages}
    for lang in languages:
        (fallback[lang] / "search").mkdir(parents=True)
        (fallback[lang] / "search" / "search_index.json").write_text(
            json.dumps({"config": configs[lang], "docs": entries(lang)}), encoding="utf-8")
    _write_search(fallback, languages, "en")
    assert {path: (fallback["en"] if path.startswith("search/") else fallback[path[:2]]).joinpath(path).read_bytes()
            for path in built} == {path: (reference / path).read_bytes() for path in built}
    # A build whose index holds an English page is not split on its own.
    assert not search.save_language(tmp_path / "stray", entries("ru") + entries("en")[:1], configs["ru"], "ru", languages, "en")
    assert not (tmp_path / "stray").exists()
