"""The content schema drives validation, the ``gorag new`` skeletons, the field tables of
docs/content-model.md and the checks of calendar.lock.yml."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, make_project, run_gorag
from gorag.errors import GoragError
from gorag.field_tables import expand
from gorag.languages import Language, Languages, using
from gorag.schema import CAMPAIGN, PROTOCOL, ROLE, TABLES, text_classes

LOCK = "campaigns/demo-2027/calendar.lock.yml"


class _Tables(HTMLParser):
    """The cells of every table of a page, as text, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _tables(page: Path) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tables


@pytest.fixture(scope="module")
def model_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture with the shipped content-model pages (and the pages they link to), built."""
    root = make_project(tmp_path_factory.mktemp("schema") / "p")
    for name in ("content-model.md", "content-model.ru.md", "contributing.md", "contributing.ru.md", "developers.md"):
        shutil.copy(REPO / "docs" / name, root / "docs" / name)
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


# Turkmen has no translation of the page: its English copy shows the tables with English headers.
@pytest.mark.parametrize(("page", "header"), [("content-model.html", "Field"), ("ru/content-model.html", "Поле"),
                                              ("tk/content-model.html", "Field")])
def test_content_model_shows_every_field_of_every_record_type(model_site: Path, page: str, header: str) -> None:
    built = model_site / page
    tables = _tables(built)
    field_columns = [[row[0] for row in table[1:]] for table in tables if table and table[0][0] == header]
    for table in TABLES.values():
        assert list(table.names()) in field_columns, f"{page}: no table with the fields of {table.name}: {table.names()}"
    assert "gorag:fields" not in built.read_text(encoding="utf-8")


def test_an_english_only_page_is_no_missing_translation(model_site: Path) -> None:
    """developers.md says translate: false; content-model.md has no Turkmen translation."""
    for lang in ("ru", "tk"):
        status = (model_site / lang / "translation-status.html").read_text(encoding="utf-8")
        assert "Developer guide" not in status, lang
    assert "Content model" in (model_site / "tk" / "translation-status.html").read_text(encoding="utf-8")


def test_content_model_tables_speak_the_page_language(model_site: Path) -> None:
    russian = next(table for table in _tables(model_site / "ru/content-model.html") if table[1][0] == "id" and len(table) == 14)
    assert russian[0] == ["Поле", "Обязательное?", "Тип и допустимые значения", "Показывается как", "Пример", "Значение"]
    assert russian[3] == ["title", "да", "текст", "простой текст",
                          "National Protocol for Prevention, Reporting and Management of Child Abuse",
                          "Полное название; заголовок страницы."]
    english = _tables(model_site / "content-model.html")
    roles = next(table for table in english if [row[0] for row in table[1:]] == ["id", "name", "question"])
    assert roles[2][2:5] == ["text in en, ru and tk", "plain text", "{en: Teacher, ru: Учитель, tk: Mugallym}"]


def test_an_unknown_marker_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    page = root / "docs" / "about.md"
    text = (page.read_text(encoding="utf-8").rstrip("\n") + "\n\n<!-- gorag:fields protocl -->\n\n"
            "```text\n<!-- gorag:fields shown-as-code -->\n```\n")
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index("<!-- gorag:fields protocl -->") + 1
    result = run_gorag(root, "check")
    assert result.returncode == 1
    expected = (f"docs/about.md:{line}: body: unknown field table 'protocl' in the gorag:fields marker; expected one of: "
                f"{', '.join(TABLES)} (example: <!-- gorag:fields protocol -->)")
    assert expected in [line.strip() for line in result.stderr.splitlines()], result.stderr
    assert "shown-as-code" not in result.stderr  # a marker in fenced code is text


def test_staging_refuses_a_marker_it_cannot_fill() -> None:
    with pytest.raises(GoragError, match=r"^docs/x.md:3: unknown field table 'nope'"):
        expand("# X\n\n<!-- gorag:fields nope -->\n", "en", "docs/x.md")
    assert expand("```\n<!-- gorag:fields nope -->\n```\n", "en", "docs/x.md").count("nope") == 1


def test_a_broken_lock_entry_fails_check_with_field_line_and_example(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / LOCK).write_text("concert:\n  hash: 0123456789abcdef\n  sequence: -1\n  modified: '2026-11-20T09:00:00Z'\n"
                             "press: {hash: 0123456789abcdef, sequence: 0, modified: '2026-11-20T09:00:00Z', colour: red}\n",
                             encoding="utf-8")
    result = run_gorag(root, "check")
    assert result.returncode == 1
    errors = [line.strip() for line in result.stderr.splitlines()]
    entry = "{hash: 0123456789abcdef, sequence: 0, modified: '2026-11-20T09:00:00Z'}"
    fix = "(example: fix the entry, or delete the file and rebuild: gorag build rewrites it)"
    assert f"{LOCK}:3: concert: sequence: expected a whole number from 0, got -1; expected {entry} {fix}" in errors
    assert (f"{LOCK}:5: press: expected exactly the keys hash, sequence and modified, got hash, sequence, modified, colour; "
            f"expected {entry} {fix}") in errors


def test_the_lock_is_read_once_per_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gorag import project as project_module
    from gorag.config import read_config
    from gorag.project import Project

    root = make_project(tmp_path / "p")
    (root / LOCK).write_text("concert: {hash: 0123456789abcdef, sequence: 3, modified: '2026-11-20T09:00:00Z'}\n", encoding="utf-8")
    project = Project.of(read_config(root / "mkdocs.yml"))
    loading = project.start_loading()
    library = loading.finish()
    assert loading.locks["demo-2027"]["concert"].sequence == 3

    def read_again(*_args: object) -> None:
        raise AssertionError("the lock was read a second time")

    monkeypatch.setattr(project_module, "read_lock", read_again)
    revisions = project.revisions(library, datetime(2027, 1, 1, tzinfo=UTC), loading.locks)
    assert revisions["demo-2027"]["concert"].sequence == 4  # the lock's revision, and the event differs from its hash


def test_text_classes_come_from_the_tables() -> None:
    classes = text_classes()
    assert classes["protocol"]["steps[].decision[].label"] == "plain"
    assert classes["translation"]["steps.*.action"] == "inline"
    assert classes["agencies"]["[].contacts[].value"] == "plain"
    assert classes["campaign"]["messages[]"] == "plain" and classes["campaign"]["plan[].description"] == "inline"
    assert "[].expected_result" in classes["events"] and "[].notes" in classes["results"]
    # Ids, choices, dates and numbers are not published texts.
    assert not {"id", "kind", "effective", "owners", "sources[].year"} & set(classes["protocol"])


def test_examples_of_texts_follow_the_configured_languages() -> None:
    four = Languages((Language("en", "English"), Language("ru", "Русский"), Language("tk", "Türkmençe"), Language("uz", "Oʻzbek")), "en")
    with using(four):
        assert ROLE.example("name") == "{en: Teacher, ru: Учитель, tk: Mugallym, uz: ...}"
        assert CAMPAIGN.example("messages") == "[{en: Know the signs, ru: ..., tk: ..., uz: ...}]"
        assert TABLES["event"]["location"].type.describe("en") == "text in `en`, `ru`, `tk` and `uz`"
    assert PROTOCOL.required() == ("id", "kind", "title", "summary", "owners", "audiences", "status", "version", "sources")


def test_a_new_source_skeleton_lists_every_field_of_the_schema(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert run_gorag(root, "new", "guideline", "--id", "first-aid").returncode == 0
    text = (root / "protocols" / "first-aid.en.md").read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    for field in PROTOCOL.fields:
        written = re.search(rf"^(# )?{field.name}:", front, re.MULTILINE)
        assert written, f"the skeleton lacks {field.name}"
        assert bool(written.group(1)) == (not field.required and field.name not in ("review_by", "steps")), field.name
    assert "# related: [diversion]\n" in front and "sources: [{title: Convention on the Rights of the Child, year: 1989}]\n" in front
    assert run_gorag(root, "check").returncode == 0
