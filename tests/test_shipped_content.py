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


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("doc", ["child-abuse-reporting", "diversion"])
def test_starter_protocols_in_every_language(shipped_site: Path, lang: str, doc: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    html = (shipped_site / f"{prefix}protocols/{doc}.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert 'class="gorag-meta"' in html
    notice = {"en": "not an officially adopted national document", "ru": "не является официально принятым",
              "tk": "resmi taýdan kabul edilen milli resminama däldir"}[lang]
    assert notice in html
    # A real translation, not the English fallback.
    assert ("Sahypa entek terjime edilmedi" not in html) and ("Страница ещё не переведена" not in html)


def test_home_page_explains_offline_use_and_model_texts(shipped_site: Path) -> None:
    html = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "offline" in html.lower() and "model text" in html.lower()
