"""The built site: pages in three languages, notices, per-language search, CSP, determinism."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import LANGS, assert_golden, make_project, run_gorag
from gorag.library import load_library
from gorag.render import render_protocol


def page(site: Path, lang: str, rel: str) -> str:
    prefix = "" if lang == "en" else f"{lang}/"
    return (site / f"{prefix}{rel}").read_text(encoding="utf-8")


def index_of(site: Path, lang: str) -> dict:
    folder = site / "search" if lang == "en" else site / lang / "search"
    return json.loads((folder / "search_index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_exists_in_every_language(basic_site: Path, lang: str) -> None:
    for rel in ("index.html", "about.html", "protocols/index.html", "protocols/alpha.html",
                "protocols/beta.html", "roles/index.html", "roles/teacher.html", "roles/police.html"):
        html = page(basic_site, lang, rel)
        assert f'<html lang="{lang}"' in html, rel


def test_metadata_panel_in_reader_language(basic_site: Path) -> None:
    html = page(basic_site, "ru", "protocols/alpha.html")
    assert "Протокол Альфа о сообщениях" in html
    assert "<dt>Статус</dt>" in html and "<dd>Типовой текст</dd>" in html
    assert "<dd>30 июня 2027\u202fг.</dd>" in html  # Babel: narrow no-break space
    assert "Министерство труда и социальной защиты населения" in html
    assert '<a href="../roles/teacher.html">Учитель</a>' in html
    assert '<a href="beta.html">Процедура Бета по отвлечению</a>' in html


def test_model_status_notice_in_every_language(basic_site: Path) -> None:
    assert "It is not an officially adopted national document." in page(basic_site, "en", "protocols/alpha.html")
    assert "не является официально принятым национальным документом" in page(basic_site, "ru", "protocols/alpha.html")
    assert "resmi taýdan kabul edilen milli resminama däldir" in page(basic_site, "tk", "protocols/alpha.html")
    assert "officially adopted" not in page(basic_site, "en", "protocols/beta.html")


def test_translation_notices(basic_site: Path) -> None:
    outdated = page(basic_site, "ru", "protocols/beta.html")
    assert "Английская версия изменилась" in outdated
    assert "с английской версии 1.0; текущая английская версия — 2.0" in outdated
    draft = page(basic_site, "ru", "protocols/alpha.html")
    assert "Этот перевод ещё не проверен носителем языка." in draft
    reviewed = page(basic_site, "tk", "protocols/alpha.html")
    assert "terjime entek" not in reviewed


def test_missing_translation_falls_back_with_notice(basic_site: Path) -> None:
    tk_beta = page(basic_site, "tk", "protocols/beta.html")
    assert "Sahypa entek terjime edilmedi" in tk_beta
    assert "The inspector assesses risk and needs." in tk_beta
    ru_about = page(basic_site, "ru", "about.html")
    assert "Страница ещё не переведена" in ru_about and "About this site, in English only." in ru_about


def test_role_index_lists_documents_per_role(basic_site: Path) -> None:
    html = page(basic_site, "tk", "roles/teacher.html")
    assert "Men mugallym — näme etmeli?" in html
    assert '<a href="../protocols/alpha.html">Alfa habar bermek teswirnamasy</a>' in html
    assert "beta.html" not in html.split('<article')[1]


@pytest.mark.parametrize("lang", LANGS)
def test_search_index_holds_only_its_language(basic_site: Path, lang: str) -> None:
    index = index_of(basic_site, lang)
    assert index["config"]["lang"] == [lang] and index["docs"] == []  # the prebuilt shards hold the entries
    folder = (basic_site / "search" if lang == "en" else basic_site / lang / "search") / "gorag"
    rows = [row for path in sorted(folder.glob("d/*.js"))
            for row in json.loads("[" + path.read_text(encoding="utf-8").split("(", 1)[1].rsplit(")", 1)[0] + "]")[1]]
    locations = [row[0] for row in rows]
    assert "protocols/alpha.html" in locations
    assert not any(loc.startswith(("ru/", "tk/")) for loc in locations)
    texts = " ".join(row[3] for row in rows)
    if lang == "ru":
        assert "Учитель" in texts and "A teacher who suspects" not in texts
    if lang == "tk":
        assert "ýagdaýynda" in texts and "Учитель" not in texts
    # English text standing in for a missing translation is not indexed in that language.
    assert ("The inspector assesses risk" in texts) == (lang == "en")


def test_js_index_matches_json(basic_site: Path) -> None:
    js = (basic_site / "ru" / "search" / "search_index.js").read_text(encoding="utf-8")
    assert js.startswith("var __index = ")
    assert json.loads(js.removeprefix("var __index = ")) == index_of(basic_site, "ru")


def test_turkmen_ui_strings(basic_site: Path) -> None:
    html = page(basic_site, "tk", "index.html")
    assert 'placeholder="Gözleg"' in html
    assert "Mazmuna geç" in html
    assert "Çalt çykyş" in html


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("src", "srcset", "poster", "data"):
            if values.get(key):
                self.urls.append(values[key] or "")
        # Only links that make the browser fetch something; canonical/alternate links are addresses.
        loads = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "preconnect", "dns-prefetch"}
        if tag == "link" and values.get("href") and loads & set((values.get("rel") or "").split()):
            self.urls.append(values["href"] or "")


def test_no_remote_resources_or_trackers(basic_site: Path) -> None:
    for path in basic_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        parser = _Resources()
        parser.feed(html)
        remote = [u for u in parser.urls if re.match(r"^(https?:)?//", u)]
        assert remote == [], path
        assert not re.search(r"googletagmanager|google-analytics|fonts\.googleapis|unpkg\.com", html), path
    for path in basic_site.rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", path.read_text(encoding="utf-8")), path


def test_content_security_policy_forbids_inline_script(basic_site: Path) -> None:
    html = page(basic_site, "en", "protocols/alpha.html")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert policy, "policy missing"
    head = html.split("<head>", 1)[1].lstrip()
    assert head.startswith("<meta http-equiv=\"Content-Security-Policy\"")
    script = re.search(r"script-src ([^;]+);", policy.group(1))
    assert script, "no script-src"
    script_src = script.group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "sha256-" in script_src


def test_rendered_protocol_matches_golden(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    library = load_library(root / "protocols", root / "docs", root)
    rendered = render_protocol(library, library.protocol("alpha"), "ru")
    assert_golden("alpha.ru.md", rendered)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = make_project(tmp_path / "one", printables=True)
    second = make_project(tmp_path / "two", printables=True)
    assert run_gorag(first, "build").returncode == 0
    assert run_gorag(second, "build").returncode == 0

    def tree(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    one, two = tree(first / "site"), tree(second / "site")
    assert sorted(one) == sorted(two)
    assert [k for k in one if one[k] != two[k]] == []
