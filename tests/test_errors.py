"""Bad input: every error at once, with file:line, field, expectation and example; no traceback;
the previous site left untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_golden, make_project, run_gorag
from gorag.errors import ContentErrors
from gorag.library import load_library


@pytest.fixture
def bad_project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "bad", "bad")


def test_build_reports_every_error_exactly(bad_project: Path) -> None:
    result = run_gorag(bad_project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert_golden("bad-errors.txt", result.stderr)


def test_failed_build_leaves_previous_site_intact(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert run_gorag(root, "build").returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "protocols" / "alpha.en.md").write_text("---\nid: alpha\nkind: [\n---\nbody\n", encoding="utf-8")
    result = run_gorag(root, "build")
    assert result.returncode == 1
    assert "protocols/alpha.en.md:4: broken YAML: did not find expected node content" in result.stderr
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_check_command_lists_the_same_errors(bad_project: Path) -> None:
    result = run_gorag(bad_project, "check")
    assert result.returncode == 1
    assert result.stderr.startswith("22 content errors:\n")


def test_errors_are_values_with_locations(bad_project: Path) -> None:
    with pytest.raises(ContentErrors) as caught:
        load_library(bad_project / "protocols", bad_project / "docs", bad_project)
    by_field = {(e.path, e.field): e for e in caught.value.errors}
    effective = by_field[("protocols/gamma.en.md", "effective")]
    assert (effective.line, effective.example) == (10, "effective: 2027-06-30")
    assert "2026-13-01" in effective.message


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        ("protocols/alpha.en.md", "---\nid: alpha\n---\nno fields\n",
         "protocols/alpha.en.md:1: kind: required field is missing or empty (example: kind: national-protocol)"),
        ("protocols/beta.en.md", None, "protocols/alpha.en.md:12: related: unknown protocol 'beta' (example: related: [diversion])"),
        ("protocols/alpha.tk.md", "no front matter\n",
         "protocols/alpha.tk.md:1: front matter missing: the file must start with a '---' line"
         " (example: ---\\nid: my-protocol\\ntitle: ...\\n---)"),
        ("docs/about.ru.md", "---\ntitle: О сайте\nlayout: wide\n---\nx\n",
         "docs/about.ru.md:3: layout: unknown field; expected one of: title, hide, description, translate (example: title: Gorag)"),
        ("protocols/alpha.ru.md", "---\nid: alpha\ntitle: T\nsummary: S\nsource_version: 1.0\ntranslation_status: draft\n---\nx\n",
         'protocols/alpha.ru.md:5: source_version: expected a quoted text, got the number 1.0 (example: source_version: "1.0")'),
    ],
)
def test_single_mistakes(tmp_path: Path, file: str, text: str | None, expected: str) -> None:
    root = make_project(tmp_path / "p")
    target = root / file
    if text is None:
        target.unlink()
        (root / "protocols" / "beta.ru.md").unlink()
    else:
        target.write_text(text, encoding="utf-8")
    result = run_gorag(root, "check")
    assert result.returncode == 1
    assert expected in [line.strip() for line in result.stderr.splitlines()]


def test_github_annotations_for_pull_requests(bad_project: Path) -> None:
    result = run_gorag(bad_project, "check", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 22 and all(line.startswith("::error file=") for line in lines)
    assert ("::error file=protocols/gamma.en.md,line=20,col=1,title=body::raw <script> HTML is not allowed in content "
            "(example: plain Markdown: [text](page.md), [text](https://…), ![alt](image.png))") in lines
    # Commas and colons in a property are escaped, as GitHub requires.
    assert "::error file=protocols/agencies.yml,line=3,title=[1].id::duplicate id 'mlsp'" in result.stdout
    assert result.stderr.startswith("22 content errors:")


def test_policy_columns_point_at_the_markup(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    source = root / "protocols" / "alpha.en.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nSee `<b>` and then <img src=x onerror=alert(1)> here.\n",
                      encoding="utf-8")
    result = run_gorag(root, "check")
    # The column of the attribute itself, after inline code that shows a tag.
    expected = ("protocols/alpha.en.md:47:31: body: event-handler attribute 'onerror' is not allowed in content "
                "(example: plain Markdown: [text](page.md), [text](https://…), ![alt](image.png))")
    assert expected in [line.strip() for line in result.stderr.splitlines()]


def test_privacy_guard_names_the_finding_and_honours_the_allowlist(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    source = root / "protocols" / "alpha.ru.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nЗвонила мать, тел. +993 65 123456; Айна Оразова, 14 лет.\n",
                      encoding="utf-8")
    result = run_gorag(root, "check")
    lines = [line.strip() for line in result.stderr.splitlines()]
    assert result.returncode == 1
    assert any(line.startswith("protocols/alpha.ru.md:25:20: body: ") and "'+993 65 123456'" in line for line in lines), lines
    assert any(line.startswith("protocols/alpha.ru.md:25:36: body: ") and "Айна Оразова, 14 лет" in line for line in lines), lines
    (root / "protocols" / "privacy-allowlist.yml").write_text(
        '- {value: "+993 65 123456", reason: "official public hotline, checked 2026-11-20"}\n', encoding="utf-8")
    lines = [line.strip() for line in run_gorag(root, "check").stderr.splitlines()]
    assert not any("+993 65 123456" in line for line in lines) and any("Айна Оразова" in line for line in lines)


@pytest.mark.parametrize(
    ("file", "link", "expected"),
    [
        ("protocols/alpha.en.md", "[gone](missing.md)",
         "protocols/alpha.en.md:47:17: body: link to 'missing.md': no such page (example: [Protocols](../protocols/index.md))"),
        ("protocols/alpha.ru.md", "[оценка](beta.md#assessment)",
         "protocols/alpha.ru.md:25:19: body: link to 'beta.md#assessment': that page has no heading #assessment (headings: оценка) "
         "(example: [text](beta.md#оценка))"),
        ("docs/index.md", "[roles](roles/nobody.md)",
         "docs/index.md:8:18: body: link to 'roles/nobody.md': no such page (example: [Protocols](../protocols/index.md))"),
    ],
)
def test_internal_links_are_checked_in_every_language(tmp_path: Path, file: str, link: str, expected: str) -> None:
    root = make_project(tmp_path / "p")
    source = root / file
    source.write_text(source.read_text(encoding="utf-8") + f"\nSee also {link} here.\n", encoding="utf-8")
    result = run_gorag(root, "check")
    assert result.returncode == 1
    assert expected in [line.strip() for line in result.stderr.splitlines()], result.stderr


def test_contacts_must_say_whether_they_were_verified(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    agencies = root / "protocols" / "agencies.yml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("      verified: false\n", ""), encoding="utf-8")
    result = run_gorag(root, "check")
    assert ("protocols/agencies.yml:9: [0].contacts[0].verified: say whether this contact was checked: verified: true only "
            "after confirming it with the agency (example: verified: false)") in [line.strip() for line in result.stderr.splitlines()]
