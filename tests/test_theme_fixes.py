"""Corrections of Material's markup (gorag.site.theme_fixes) and the theme overrides around them: on
a real build, every page has them; on changed markup, the build stops and names the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import make_project, run_gorag
from gorag.site import theme_fixes

PAGES = ("index.html", "protocols/alpha.html", "ru/index.html", "tk/protocols/alpha.html", "404.html")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "neutral" not in p.name and "downloads" not in p.parts)


def test_every_page_has_a_named_search_dialog_and_no_alternate_links(basic_site: Path) -> None:
    pages = html_pages(basic_site)
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if 'data-md-component="search"' not in html:
            continue
        rel = path.relative_to(basic_site).as_posix()
        lang = rel.split("/", 1)[0] if rel.split("/", 1)[0] in ("ru", "tk") else "en"
        label = {"en": "Search", "ru": "Поиск", "tk": "Gözleg"}[lang]
        assert f'role="dialog" aria-label="{label}"' in html, rel
        # Material fetches the sitemap of every alternate link: three console errors from file://.
        assert not re.search(r'<link rel="alternate"[^>]*hreflang', html), rel
        assert 'autocorrect=' not in html and 'tabindex=""' not in html, rel
        assert not re.search(r'type="checkbox"[^>]*autocomplete=', html), rel


def test_the_language_selector_still_leads_to_the_same_page(basic_site: Path) -> None:
    html = (basic_site / "ru/protocols/alpha.html").read_text(encoding="utf-8")
    links = {lang: (basic_site / "ru/protocols" / href).resolve() for href, lang in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', html)}
    assert links == {lang: (basic_site / prefix / "protocols/alpha.html").resolve()
                     for lang, prefix in (("en", ""), ("ru", "ru"), ("tk", "tk"))}


def test_the_404_page_gets_the_fixes_and_the_content_security_policy(basic_site: Path) -> None:
    html = (basic_site / "404.html").read_text(encoding="utf-8")
    assert 'role="dialog" aria-label="Search"' in html
    assert '<meta http-equiv="Content-Security-Policy"' in html
    assert 'href="/gorag/neutral.html"' in html  # the quick exit, from wherever the 404 is shown


def test_neutral_page_in_every_language(basic_site: Path) -> None:
    for rel, lang, title in (("neutral.html", "en", "Weather"), ("ru/neutral.html", "ru", "Погода"),
                             ("tk/neutral.html", "tk", "Howa")):
        html = (basic_site / rel).read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html and f"<title>{title}</title>" in html and "<main>" in html
        assert "<script" not in html and "Gorag" not in html and "href=" not in html


def test_the_navigation_puts_editors_pages_last_and_names_the_home_page(basic_site: Path) -> None:
    html = (basic_site / "ru/index.html").read_text(encoding="utf-8")
    nav = html[html.index('md-nav--primary'):]
    assert "Для редакторов" in nav
    assert nav.index("Для редакторов") > max(nav.index(s) for s in ("protocols/index.html", "roles/index.html"))
    for rel, home, word in (("ru/protocols/alpha.html", "../index.html", "Главная"), ("index.html", "index.html", "Home"),
                            ("tk/index.html", "index.html", "Baş sahypa")):
        page = (basic_site / rel).read_text(encoding="utf-8")
        links = re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]*?)\s*<',
                           page[page.index("md-nav--primary"):])
        assert (home, word) in links, (rel, links[:3])
        assert not any(text == "Gorag" for _, text in links), rel  # the name is the header's, once


def test_changed_markup_stops_the_build_and_names_the_fix() -> None:
    page = '<div class="md-search" data-md-component="search" role="dialog" data-new="1">'
    with pytest.raises(theme_fixes.ThemeChanged, match=rf"'search dialog name'.*mkdocs-material {re.escape(theme_fixes.MATERIAL)}"):
        theme_fixes.apply(page, "Search")


def test_the_label_is_escaped() -> None:
    page = '<div class="md-search" data-md-component="search" role="dialog">'
    assert theme_fixes.apply(page, 'a"b<c') == ('<div class="md-search" data-md-component="search" role="dialog" '
                                               'aria-label="a&quot;b&lt;c">')


def test_pages_without_the_markup_are_left_alone() -> None:
    assert theme_fixes.apply("<p>plain</p>", "Search") == "<p>plain</p>"


@pytest.mark.parametrize("version_marker", ["mkdocs-material-9.8.1"])
def test_the_fixes_were_written_for_the_material_that_builds_the_site(basic_site: Path, version_marker: str) -> None:
    """Upgrading Material fails here first, in one named place: re-check every fix, then update
    theme_fixes.MATERIAL."""
    html = (basic_site / "index.html").read_text(encoding="utf-8")
    assert f"mkdocs-material-{theme_fixes.MATERIAL}" in html and version_marker in html


def test_a_fallback_page_is_marked_english_in_the_page_and_the_navigation(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "docs" / "about.md").write_text("---\ntitle: About us\n---\n\nEnglish only.\n", encoding="utf-8")
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "tk" / "about.html").read_text(encoding="utf-8")
    assert re.search(r'<div lang="en">\s*<p>English only.</p>', html)
    assert re.search(r'<span lang="en">\s*About us\s*</span>', html)
    assert "iňlis dilinde" in html


def config_of(html: str) -> dict[str, object]:
    import json

    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_search_box_uses_gorags_worker_on_the_index_of_the_pages_language(basic_site: Path) -> None:
    for rel, base in (("index.html", "."), ("protocols/alpha.html", ".."), ("ru/index.html", "../ru/"),
                      ("tk/protocols/alpha.html", "../../tk/")):
        config = config_of((basic_site / rel).read_text(encoding="utf-8"))
        assert config["base"] == base, rel
        worker = (basic_site / rel).parent / str(config["search"])
        assert worker.name == "gorag-search.js" and worker.is_file(), rel
        assert config["translations"], rel  # Material's own values stay


def test_search_configuration_keeps_materials_escaping() -> None:
    page = ('<script id="__config" type="application/json">{"base": "..", "search": '
            '"../assets/javascripts/workers/search.a7633da7.min.js", "translations": {"x": "\\u003c/script\\u003e"}}</script>')
    fixed = theme_fixes.search_config(page, "ru/")
    assert "</script>" not in fixed[:-len("</script>")] and "\\u003c/script\\u003e" in fixed
    assert config_of(fixed) == {"base": "../ru/", "search": "../assets/javascripts/workers/gorag-search.js",
                                "translations": {"x": "</script>"}}


def test_a_changed_search_configuration_stops_the_build() -> None:
    page = '<script id="__config" type="application/json">{"base": ".", "search": "assets/search.js"}</script>'
    with pytest.raises(theme_fixes.ThemeChanged, match="search configuration"):
        theme_fixes.search_config(page, "")
