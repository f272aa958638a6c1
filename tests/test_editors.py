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


def test_edit_links_and_last_updated_from_git(tmp_path: Path) -> None:
    import os
    import subprocess

    root = make_project(tmp_path / "p")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-10-05T10:00:00Z", "GIT_COMMITTER_DATE": "2026-10-05T10:00:00Z"}
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=Editor", "-c", "user.email=editor@example.org", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    os.environ["GORAG_EDIT_URL"] = "https://github.com/gorag-tm/gorag/edit/main/"
    try:
        assert run_gorag(root, "build").returncode == 0
    finally:
        del os.environ["GORAG_EDIT_URL"]
    site = root / "site"
    edit = "https://github.com/gorag-tm/gorag/edit/main/"

    def read(rel: str) -> str:
        return (site / rel).read_text(encoding="utf-8")

    assert f'href="{edit}protocols/alpha.ru.md"' in read("ru/protocols/alpha.html")
    assert f'href="{edit}protocols/beta.en.md"' in read("tk/protocols/beta.html")  # no Turkmen text yet: the English source
    assert f'href="{edit}docs/index.tk.md"' in read("tk/index.html")
    assert f'href="{edit}campaigns/demo-2027/events.yml"' in read("campaigns/demo-2027/events/press.html")
    assert "Последнее изменение: 5 октября 2026\u202fг." in read("ru/protocols/alpha.html")
    assert "Soňky üýtgeşme: 5 oktýabr 2026" in read("tk/index.html")
    assert "Last updated: 5 October 2026" in read("protocols/alpha.html")


def test_check_reports_translation_status_without_failing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    result = run_gorag(root, "check")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert "translation: beta [ru] outdated (1.0 → 2.0)" in lines and "translation: beta [tk] missing" in lines
    assert lines[-1] == "translations: ru 50%, tk 50%"
    github = run_gorag(root, "check", "--format", "github").stdout.splitlines()
    assert "::warning title=translation::beta [ru] outdated (1.0 → 2.0)" in github


def test_previews_can_leave_out_printables(tmp_path: Path) -> None:
    import os

    root = make_project(tmp_path / "p", printables=True)
    os.environ["GORAG_PRINTABLES"] = "0"  # what `gorag serve` sets unless --printables
    try:
        assert run_gorag(root, "build").returncode == 0
    finally:
        del os.environ["GORAG_PRINTABLES"]
    assert list((root / "site").rglob("*.pdf")) == []
    assert (root / "site" / "protocols" / "alpha.html").is_file()
