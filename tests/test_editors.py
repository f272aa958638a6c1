"""Editors' tools: skeletons that validate, and translation status on the terminal and the site."""

from __future__ import annotations

from pathlib import Path

from conftest import make_project, run_gorag


def test_new_document_skeletons_validate(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    result = run_gorag(root, "new", "sop", "--id", "child-helpline")
    assert result.returncode == 0, result.stderr
    source = (root / "protocols" / "child-helpline.en.md").read_text(encoding="utf-8")
    assert "kind: sop" in source and "owners: [mlsp]" in source and "audiences: [teacher]" in source
    assert run_gorag(root, "new", "sop", "--id", "child-helpline", "--lang", "tk").returncode == 0
    translation = (root / "protocols" / "child-helpline.tk.md").read_text(encoding="utf-8")
    assert 'source_version: "0.1"' in translation and "translation_status: draft" in translation
    assert '  first-step:\n    title: "The first thing to do"' in translation
    check = run_gorag(root, "check")
    assert check.returncode == 0, check.stderr
    again = run_gorag(root, "new", "sop", "--id", "child-helpline")
    assert again.returncode == 1 and "already exists" in again.stderr
    orphan = run_gorag(root, "new", "protocol", "--id", "nothing-yet", "--lang", "ru")
    assert orphan.returncode == 1 and "needs the English source first" in orphan.stderr


def test_translate_status_on_the_terminal(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    result = run_gorag(root, "translate-status")
    assert result.returncode == 0, result.stderr
    rows = {tuple(line.split()[:3]) for line in result.stdout.splitlines()}
    assert ("alpha", "ru", "draft") in rows and ("alpha", "tk", "translated") in rows
    assert ("beta", "ru", "outdated") in rows and ("beta", "tk", "missing") in rows
    assert "beta        ru    outdated    1.0 → 2.0" in result.stdout
    assert result.stdout.splitlines()[-2:] == ["ru: 50% complete", "tk: 50% complete"]


def test_translation_status_page(basic_site: Path) -> None:
    page = (basic_site / "ru/translation-status.html").read_text(encoding="utf-8")
    assert "Состояние переводов" in page
    assert "<td>Beta diversion procedure</td>\n<td>RU</td>\n<td>устарело (1.0 → 2.0)</td>" in page
    assert "<td>Beta diversion procedure</td>\n<td>TK</td>\n<td>отсутствует</td>" in page
