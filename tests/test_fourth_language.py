"""A fourth language added by configuration, interface strings and content alone: no line of
Gorag's code names the site's languages (they are mkdocs.yml's i18n list, gorag.languages).

The ``basic`` fixture gets Uzbek (``uz``, Latin script): one more entry in mkdocs.yml's i18n
languages, the project's own ``strings/uz.yml`` (the ``strings_dir`` option) with a text for
every interface string, an Uzbek text in every multilingual field of the data files, a home page
and one protocol translation. The whole site is built with printables and offline copies, and the
Uzbek outputs are read with their own readers.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar

from conftest import REPO, make_project, run_gorag

LANG = "uz"
MARK = "UZ·"  # every Uzbek text of the fixture starts with it, so pages show where it came from
UZ_CONFIG = """        - locale: uz
          name: Oʻzbekcha
          build: true
"""


def _catalogue_keys() -> dict[str, str]:
    """Every interface string key with its English text, from the package's catalogue files."""
    out: dict[str, str] = {}
    package = REPO / "generator" / "gorag"
    for path in [package / "strings.yml", *sorted((package / "strings").glob("*.yml"))]:
        for key, texts in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            out[str(key)] = str(texts["en"])
    return out


def _with_uzbek(value: Any) -> Any:
    """``value`` with an Uzbek text beside every English/Russian/Turkmen one."""
    if isinstance(value, dict):
        out = {k: _with_uzbek(v) for k, v in value.items()}
        if {"en", "ru", "tk"} <= set(value) and all(isinstance(value[k], str) for k in ("en", "ru", "tk")):
            out[LANG] = f"{MARK} {value['en']}"
        return out
    if isinstance(value, list):
        return [_with_uzbek(v) for v in value]
    return value


def add_uzbek(root: Path, strings: dict[str, str] | None = None) -> None:
    """Add Uzbek to the project in ``root`` by configuration, strings and data."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = "            Roles: Wezipeler\n"
    assert config.count(anchor) == 1
    config = config.replace(anchor, anchor + UZ_CONFIG)
    config = config.replace("      staging_dir: .gorag/docs\n", "      staging_dir: .gorag/docs\n      strings_dir: strings\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    keys = strings if strings is not None else {key: f"{MARK} {text}" for key, text in _catalogue_keys().items()}
    (root / "strings").mkdir()
    (root / "strings" / f"{LANG}.yml").write_text(yaml.safe_dump(keys, allow_unicode=True, sort_keys=True), encoding="utf-8")
    for path in [*root.joinpath("protocols").glob("*.yml"), *root.joinpath("campaigns").rglob("*.yml")]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_with_uzbek(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "docs" / f"index.{LANG}.md").write_text(f"---\ntitle: {MARK} Bosh sahifa\n---\n# {MARK} Xush kelibsiz\n\n"
                                                     "[Protokollar](protocols/index.md).\n", encoding="utf-8")
    source = (root / "protocols" / "alpha.ru.md").read_text(encoding="utf-8")
    translated = re.sub(r"^title: .*$", f"title: {MARK} Alfa protokoli", source, count=1, flags=re.M)
    (root / "protocols" / f"alpha.{LANG}.md").write_text(translated, encoding="utf-8")


@pytest.fixture(scope="module")
def uzbek_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("uz") / "project", printables=True)
    add_uzbek(root)
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "site"


def test_the_uzbek_site_is_built_in_uzbek(uzbek_site: Path) -> None:
    home = (uzbek_site / LANG / "index.html").read_text(encoding="utf-8")
    assert '<html lang="uz"' in home
    assert f"{MARK} Xush kelibsiz" in home
    assert f"{MARK} {_catalogue_keys()['quick_exit']}" in home  # Gorag's own interface strings
    protocol = (uzbek_site / LANG / "protocols" / "alpha.html").read_text(encoding="utf-8")
    assert f"{MARK} Alfa protokoli" in protocol
    # The other languages are untouched, and every page offers the four languages.
    for lang_root in ("", "ru/", "tk/", "uz/"):
        page = (uzbek_site / lang_root / "index.html").read_text(encoding="utf-8")
        assert 'hreflang="uz"' in page and 'hreflang="ru"' in page and 'hreflang="tk"' in page, lang_root
    assert MARK not in (uzbek_site / "ru" / "index.html").read_text(encoding="utf-8").split("md-select")[0]


def test_every_output_exists_in_uzbek(uzbek_site: Path) -> None:
    uz = uzbek_site / LANG
    assert (uz / "downloads" / "handbook.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in (uz / "downloads" / "cards").glob("*.pdf"))
    assert (uz / "search" / "gorag").is_dir()
    manifest = json.loads((uz / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["lang"] == LANG and (uz / manifest["start_url"]).is_file()  # relative to uz/
    assert json.loads((uzbek_site / "offline" / f"{LANG}.json").read_text(encoding="utf-8"))["files"]
    assert f"/{LANG}/index.html" in (uzbek_site / "sitemap.xml").read_text(encoding="utf-8")
    with zipfile.ZipFile(uz / "downloads" / f"gorag-offline-{LANG}.zip") as copy:
        names = copy.namelist()
    assert any(name.endswith("uz/index.html") or name == "index.html" for name in names)
    sizes = (uz / "downloads.html").read_text(encoding="utf-8")
    assert f"gorag-offline-{LANG}.zip" in sizes and f"gorag-{LANG}.zim" in sizes


def test_uzbek_calendars_parse(uzbek_site: Path) -> None:
    calendars = sorted((uzbek_site / LANG / "campaigns").glob("*/calendars/campaign.ics"))
    assert calendars
    for path in calendars:
        calendar = Calendar.from_ical(path.read_bytes())
        titles = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
        assert titles and all(title.startswith(MARK) for title in titles), titles


def test_uzbek_office_documents_and_zim_carry_the_language(uzbek_site: Path) -> None:
    from docx import Document
    from libzim.reader import Archive  # type: ignore[import-untyped]

    plans = sorted((uzbek_site / LANG / "downloads" / "campaigns").glob("*/plan-of-activities.docx"))
    assert plans
    assert Document(str(plans[0])).core_properties.language == "uz-UZ"
    archive = Archive(uzbek_site / LANG / "downloads" / f"gorag-{LANG}.zim")
    assert bytes(archive.get_metadata("Language")).decode() == "uzb"
    assert archive.main_entry.get_item().path == f"{LANG}/index.html"


def test_a_missing_uzbek_string_stops_the_build(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    strings = {key: f"{MARK} {text}" for key, text in _catalogue_keys().items()}
    del strings["quick_exit"]
    add_uzbek(root, strings)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous", encoding="utf-8")
    result = run_gorag(root, "build")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "have no text in 'uz': quick_exit" in result.stderr, result.stderr
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "previous"
    check = run_gorag(root, "check")
    assert check.returncode != 0 and "quick_exit" in check.stderr, check.stderr
