"""Corrections of Material's markup (gorag.site.theme_fixes) and the theme overrides around them: on
a real build, every page has them; on changed markup, the build stops and names the fix."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from jinja2 import BaseLoader, ChoiceLoader, DictLoader, Environment, FileSystemLoader
from mkdocs.exceptions import PluginError

from conftest import make_project, run_gorag
from gorag.site import rewrites, theme_fixes

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


MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"


def test_every_rewrite_applies_to_the_installed_material() -> None:
    """Each rewrite of Material's templates finds its text as often as it expects, and the loader
    hands out the rewritten template (what a build renders)."""
    loader = rewrites.RewritingLoader(FileSystemLoader(str(MATERIAL_TEMPLATES)))
    env = Environment(loader=loader)
    for template in {change.template for change in rewrites.REWRITES}:
        original = (MATERIAL_TEMPLATES / template).read_text(encoding="utf-8")
        for change in rewrites.REWRITES:
            if change.template == template:
                assert original.count(change.old) == change.count, (change.name, template)
        source, filename, _ = loader.get_source(env, template)
        assert filename == str(MATERIAL_TEMPLATES / template)
        assert source == rewrites.rewrite(template, original) != original
        for change in rewrites.REWRITES:
            if change.template == template:
                assert change.new in source and (change.old in change.new or change.old not in source), change.name
        env.get_template(template)  # still a valid template
    assert "gorag_nav.children(render, nav_item, index, path, level)" in loader.get_source(env, rewrites.NAV_ITEM)[0]


def test_overrides_hold_no_copy_of_a_material_template() -> None:
    """A copy would be read instead of Material's own and go stale in silence: the one template of
    Material's that overrides/ shadows is main.html, the documented place for block overrides."""
    shadowing = sorted(path.relative_to(OVERRIDES).as_posix() for path in OVERRIDES.rglob("*")
                       if path.is_file() and (MATERIAL_TEMPLATES / path.relative_to(OVERRIDES)).is_file())
    assert shadowing == ["main.html"]
    assert '{% extends "base.html" %}' in (OVERRIDES / "main.html").read_text(encoding="utf-8")
    for change in rewrites.REWRITES:
        assert not (OVERRIDES / change.template).exists(), change.template


def test_a_changed_template_stops_the_build_naming_the_rewrite_and_the_material_version() -> None:
    original = (MATERIAL_TEMPLATES / rewrites.NAV_ITEM).read_text(encoding="utf-8")
    change = next(c for c in rewrites.REWRITES if c.name == "section items from the navigation cache")
    changed = original.replace(change.old, change.old.replace("loop.index", "loop.index0"))
    env = Environment(loader=DictLoader({rewrites.NAV_ITEM: changed}))
    expected = (f"Gorag's rewrite 'section items from the navigation cache' of Material's partials/nav-item.html "
                f"({change.why}) no longer applies: its text is there 0 times instead of 1. It was written for "
                f"mkdocs-material {theme_fixes.MATERIAL} (installed: {material.__version__}): update "
                "generator/gorag/site/rewrites.py")
    with pytest.raises(PluginError) as raised:
        rewrites.install(env)  # as the plugin's on_env does: before the first page is rendered
    assert str(raised.value) == expected
    # Text found more often than expected is as stale as text not found.
    with pytest.raises(PluginError, match=r"'no empty tabindex' .* there 3 times instead of 2\."):
        rewrites.rewrite(rewrites.NAV_ITEM, original + '<i tabindex="{{ tabindex }}">')


def test_a_stale_rewrite_stops_a_real_build_with_its_message(tmp_path: Path) -> None:
    """A copy of nav-item.html back in overrides/ (here Material's, with a line changed) is not
    what the rewrites were written for: the build stops, naming the rewrite, with no traceback."""
    root = make_project(tmp_path / "p")
    original = (MATERIAL_TEMPLATES / rewrites.NAV_ITEM).read_text(encoding="utf-8")
    (root / "overrides" / rewrites.NAV_ITEM).write_text(original.replace(' tabindex="{{ tabindex }}"', ""), encoding="utf-8")
    result = run_gorag(root, "build")
    assert result.returncode != 0
    assert "Gorag's rewrite 'no empty tabindex' of Material's partials/nav-item.html" in result.stderr
    assert f"there 0 times instead of 2 in {root / 'overrides' / rewrites.NAV_ITEM}. It was written for" in result.stderr
    assert "update generator/gorag/site/rewrites.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_rewritten_navigation_names_sections_by_their_titles(basic_site: Path) -> None:
    html = (basic_site / "protocols" / "alpha.html").read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary"):]
    labelled = re.findall(r'<nav class="md-nav" data-md-level="\d+" aria-labelledby="([^"]+)"', nav)
    assert labelled and all(name.endswith("_title") for name in labelled)
    for name in labelled:
        assert f'<label class="md-nav__title" for="{name.removesuffix("_title")}" id="{name}">' in nav


def material_keys(source: str) -> list[str]:
    """The keys of a translation template's dictionary (Material's partials/languages/*.html form)."""
    return re.findall(r'^\s*"([^"]+)":', source, re.M)


def language_env(en_source: str | None = None) -> Environment:
    """Jinja over Gorag's overrides and Material's templates, as the theme looks them up; with
    ``en_source`` as Material's English translations if given."""
    loaders: list[BaseLoader] = [FileSystemLoader([str(OVERRIDES), str(MATERIAL_TEMPLATES)])]
    if en_source is not None:
        loaders.insert(0, DictLoader({"partials/languages/en.html": en_source}))
    return Environment(loader=ChoiceLoader(loaders))


def test_turkmen_translates_every_string_of_materials_english() -> None:
    """A Material upgrade that adds a theme string fails here, naming it: translate it in
    overrides/partials/languages/tk.html (meanwhile it shows in English)."""
    en = material_keys((MATERIAL_TEMPLATES / "partials/languages/en.html").read_text(encoding="utf-8"))
    tk_source = (OVERRIDES / "partials/languages/tk.html").read_text(encoding="utf-8")
    assert len(en) > 50
    translation = language_env().get_template("partials/languages/tk.html").module.translation  # type: ignore[attr-defined]
    missing = [key for key in en if not str(translation(key)).strip()]
    assert missing == [], f"overrides/partials/languages/tk.html lacks Material's {missing}"
    assert sorted(material_keys(tk_source)) == sorted(en), "tk.html has keys Material's en.html no longer has"


def test_a_string_turkmen_lacks_falls_back_to_english() -> None:
    en_source = (MATERIAL_TEMPLATES / "partials/languages/en.html").read_text(encoding="utf-8")
    added = en_source.replace('  "top": "Back to top"\n', '  "top": "Back to top",\n  "gorag.test.new": "A new string"\n')
    assert added != en_source
    env = language_env(added)
    tk = env.get_template("partials/languages/tk.html").module
    assert str(tk.t("gorag.test.new")) == "A new string"  # type: ignore[attr-defined]
    assert str(tk.t("search")) == "Gözleg"  # type: ignore[attr-defined]
    assert str(tk.t("language")) == "tk"  # type: ignore[attr-defined]
    # As the pages ask for it: through Material's partials/language.html with the site's language.
    template = env.from_string('{% import "partials/language.html" as lang with context %}'
                               '{{ lang.t("gorag.test.new") }}|{{ lang.t("toc") }}')
    assert template.render(config={"theme": {"language": "tk"}}) == "A new string|Mazmuny"
