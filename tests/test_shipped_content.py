"""The content this repository ships builds cleanly under --strict, in every language."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LANGS, make_project, run_gorag


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("shipped") / "project", fixture=None)
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # strict: not a single warning
    return root / "site"


LIBRARY = ["child-abuse-reporting", "diversion", "ombudsman-complaints", "ombudsman-case-management",
           "ombudsman-monitoring", "child-victims-witnesses", "trafficking-identification-referral"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("doc", LIBRARY)
def test_starter_protocols_in_every_language(shipped_site: Path, lang: str, doc: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    html = (shipped_site / f"{prefix}protocols/{doc}.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert 'class="gorag-meta"' in html
    notice = {"en": "not an officially adopted national document", "ru": "не является официально принятым",
              "tk": "resmi taýdan kabul edilen milli resminama däldir"}[lang]
    assert notice in html
    # A real translation, not the English fallback, with its pathway and checklists.
    assert ("Sahypa entek terjime edilmedi" not in html) and ("Страница ещё не переведена" not in html)
    assert '<svg class="gorag-pathway"' in html and 'class="gorag-checklist"' in html
    if lang != "en":
        assert {"ru": "Этот перевод ещё не проверен", "tk": "Bu terjime entek"}[lang] in html


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_agencies_and_role_index_in_every_language(shipped_site: Path, lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    glossary = (shipped_site / f"{prefix}glossary.html").read_text(encoding="utf-8")
    assert glossary.count("<h2 id=") >= 28
    agencies = (shipped_site / f"{prefix}agencies.html").read_text(encoding="utf-8")
    assert {"en": "to be confirmed", "ru": "уточняется", "tk": "anyklanylýar"}[lang] in agencies
    # UNICEF owns no protocol and acts in no step: the page says so in the reader's language.
    unicef = agencies.split('id="unicef"', 1)[1].split("<h2", 1)[0]
    assert {"en": "Not named in any protocol yet.", "ru": "Пока не упоминается ни в одном протоколе.",
            "tk": "Entek hiç bir teswirnamada agzalmaýar."}[lang] in unicef
    roles = (shipped_site / f"{prefix}roles/index.html").read_text(encoding="utf-8")
    assert roles.count("<h2 id=") == 7


def test_home_page_explains_offline_use_and_model_texts(shipped_site: Path) -> None:
    html = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "offline" in html.lower() and "model text" in html.lower()


def test_shipped_campaign_calendars_parse_with_both_parsers(shipped_site: Path) -> None:
    from icalendar import Calendar, vDDDTypes

    from calendar_peers import icaljs_parse

    paths = sorted(shipped_site.rglob("*.ics"))
    assert len(paths) > 60
    parsed = icaljs_parse(paths)["files"]
    for path in paths:
        uids = sorted(str(e["UID"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
        assert uids and sorted(e["uid"] for e in parsed[str(path)]["events"]) == uids, path
    world_day = Calendar.from_ical((shipped_site / "campaigns/world-day-2027/calendars/campaign.ics").read_bytes())
    starts = [e["DTSTART"] for e in world_day.walk("VEVENT")]
    assert all(isinstance(start, vDDDTypes) for start in starts)
    assert any(str(start.dt).startswith("2027-07-30") for start in starts if isinstance(start, vDDDTypes))
