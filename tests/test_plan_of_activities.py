"""The Plan of Activities as a ministry submits it: the .docx, .xlsx and PDF of the basic fixture's
campaign read back with python-docx, openpyxl and pypdf in every language and compared with the
fixture's own events; and the shipped campaigns' multi-page plans checked for rows split across pages."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import yaml
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import FIXTURES, LANGS, REPO

FIXTURE = FIXTURES / "basic"
CAMPAIGN = FIXTURE / "campaigns" / "demo-2027"
PLAN = "downloads/campaigns/demo-2027/plan-of-activities"
APPROVAL = {"en": ("APPROVED", ["(position)", "(name)", "(signature)", "(date)"]),
            "ru": ("УТВЕРЖДАЮ", ["(должность)", "(фамилия и инициалы)", "(подпись)", "(дата)"]),
            "tk": ("TASSYKLAÝARYN", ["(wezipesi)", "(familiýasy we ady)", "(goly)", "(senesi)"])}
DATE_LINE = {"en": "___ ______________ 20___", "ru": "«___» ______________ 20___ г.", "tk": "«___» ______________ 20___ ý."}
HEADERS = {"en": ["No.", "Activity", "Date", "Place", "Responsible agency", "Partners", "Expected result / indicator", "Funding source"],
           "ru": ["№", "Мероприятие", "Дата", "Место проведения", "Ответственное ведомство", "Партнёры",
                  "Ожидаемый результат / индикатор", "Источник финансирования"],
           "tk": ["№", "Çäre", "Senesi", "Geçirilýän ýeri", "Jogapkär edara", "Hyzmatdaşlar", "Garaşylýan netije / görkeziji",
                  "Maliýeleşdiriş çeşmesi"]}
INDICATOR = {"en": "Indicator: ", "ru": "Индикатор: ", "tk": "Görkeziji: "}


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # every value as text, as written


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def expected_rows(lang: str) -> list[list[str]]:
    """The plan's rows as the fixture's YAML gives them, worked out here without Gorag: every event
    not cancelled, in time order (a whole day before timed events of that day), each cell's lines
    joined by a line break; the date column (Babel's wording) only as far as its year."""
    anchor = datetime(2027, 7, 30)
    agencies = {a["id"]: a["name"][lang] for a in load(FIXTURE / "protocols" / "agencies.yml")}
    regions = {r["id"]: r["name"][lang] for r in load(FIXTURE / "campaigns" / "regions.yml")}

    def start(event: dict[str, Any]) -> tuple[datetime, int]:
        match = re.fullmatch(r"D([+-]\d+)(?: (\d\d):(\d\d))?", event["start"])
        assert match, event["start"]
        day = anchor + timedelta(days=int(match[1]))
        return (day.replace(hour=int(match[2]), minute=int(match[3])), 1) if match[2] else (day, 0)

    events = sorted((e for e in load(CAMPAIGN / "events.yml") if e.get("cancelled") != "true"),
                    key=lambda e: (start(e)[0].date(), start(e)[1], start(e)[0], e["id"]))
    rows = []
    for number, event in enumerate(events, start=1):
        expected = [event["expected_result"][lang]] if "expected_result" in event else []
        if "indicator" in event:
            expected.append(INDICATOR[lang] + event["indicator"][lang])
        place = [event["location"][lang]] if "location" in event else []
        rows.append([str(number), event["title"][lang], "2027", ", ".join([*place, regions[event["region"]]]),
                     agencies[event["organiser"]], ", ".join(agencies[p] for p in event.get("partners", [])),
                     "\n".join(expected), event["funding"][lang] if "funding" in event else ""])
    return rows


def test_fixture_plan_is_not_trivial() -> None:
    rows = expected_rows("en")
    assert [r[1] for r in rows] == ["Weekly radio message", "Youth fair", "Press conference"]  # concert: cancelled
    assert rows[2][6] == "Journalists know the key messages\nIndicator: Media items published" and rows[1][7] == "IOM project"


@pytest.mark.parametrize("lang", LANGS)
def test_docx_holds_the_approval_block_headers_and_every_activity(basic_site: Path, lang: str) -> None:
    document = docx.Document(str(basic_site / f"{prefix(lang)}{PLAN}.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    heading, captions = APPROVAL[lang]
    block = paragraphs[paragraphs.index(heading):paragraphs.index(heading) + 9]
    assert block[2::2] == captions and block[7] == DATE_LINE[lang]
    assert all(set(line) == {"_"} for line in block[1:7:2])  # blank lines to sign on
    assert any(p.startswith(("Plan of Activities: ", "План мероприятий: ", "Çäreleriň meýilnamasy: ")) for p in paragraphs)
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert section.page_width > section.page_height  # landscape
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == HEADERS[lang]
    header_props = table.rows[0]._tr.trPr
    assert header_props is not None and header_props.find(qn("w:tblHeader")) is not None  # repeated on every page
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    expected = expected_rows(lang)
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert want[2] in got[2]
        assert got[:2] + got[3:] == want[:2] + want[3:]
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)  # no row breaks across pages
    assert document.core_properties.language == {"en": "en-GB", "ru": "ru-RU", "tk": "tk-TM"}[lang]
    assert not re.search(r"\badopted\b|утвержд[её]н(?:\b|н)|kabul edildi|tassyklandy\b", "\n".join(paragraphs), re.IGNORECASE)


@pytest.mark.parametrize("lang", LANGS)
def test_xlsx_holds_the_same_plan_ready_to_print(basic_site: Path, lang: str) -> None:
    book = openpyxl.load_workbook(basic_site / f"{prefix(lang)}{PLAN}.xlsx")
    sheet = book.active
    values = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    heading, captions = APPROVAL[lang]
    assert values[0] == [heading] and [v[0] for v in values[2:9:2]] == captions and values[7] == [DATE_LINE[lang]]
    header = next(i for i, row in enumerate(values, start=1) if row == HEADERS[lang])
    assert sheet.print_title_rows == f"${header}:${header}"  # printed at the top of every page
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert all(sheet.column_dimensions[c].width >= 5 for c in "ABCDEFGH")
    rows = [[str(v) if v is not None else "" for v in row] for row in sheet.iter_rows(min_row=header + 1, values_only=True)]
    expected = expected_rows(lang)
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert want[2] in got[2]
        assert got[:2] + got[3:] == want[:2] + want[3:]
        assert sheet.cell(header + int(got[0]), 2).alignment.wrap_text


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_holds_the_same_plan(basic_site: Path, lang: str) -> None:
    reader = PdfReader(basic_site / f"{prefix(lang)}{PLAN}.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == (841.89, 595.28)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    heading, captions = APPROVAL[lang]
    assert text.startswith(heading) and all(caption in text for caption in captions)
    assert " ".join(HEADERS[lang]) in text
    for row in expected_rows(lang):
        for cell in row[1:]:
            assert " ".join(cell.split()) in text


def test_every_file_is_offered_on_the_downloads_and_activities_pages(basic_site: Path) -> None:
    for lang in LANGS:
        downloads = (basic_site / f"{prefix(lang)}downloads.html").read_text(encoding="utf-8")
        activities = (basic_site / f"{prefix(lang)}campaigns/demo-2027/activities.html").read_text(encoding="utf-8")
        for ext in ("pdf", "docx", "xlsx"):
            assert downloads.count(f'href="{PLAN}.{ext}"') == 1
            assert f'href="../../{PLAN}.{ext}" download' in activities
        table = activities.split('<table class="gorag-activities', 1)[1].split("</table>", 1)[0]
        assert [re.sub(r"<[^>]+>", "", th) for th in re.findall(r"<th[^>]*>(.*?)</th>", table)] == HEADERS[lang]
        assert {"en": "IOM project", "ru": "Проект МОМ", "tk": "HGG-niň taslamasy"}[lang] in table  # the funding column


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_office_files_carry_the_source_date_not_the_clock(basic_site: Path, ext: str) -> None:
    with zipfile.ZipFile(basic_site / f"{PLAN}.{ext}") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}  # run_gorag's SOURCE_DATE_EPOCH
        core = archive.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core) == ["2026-01-01T00:00:00Z"] * 2


def shipped_library() -> Any:
    from gorag.library import load_library

    return load_library(REPO / "protocols", REPO / "docs", REPO, REPO / "campaigns")


@pytest.mark.parametrize("lang", LANGS)
def test_no_row_of_a_long_plan_is_split_across_pages(tmp_path: Path, lang: str) -> None:
    """The shipped campaigns' plans run to several pages: each row's every cell is whole on one page."""
    from gorag.pdf import render
    from gorag.plan import plan_html, plan_of_activities

    fonts = REPO / "overrides" / "assets" / "fonts"
    library = shipped_library()
    pages_seen = 0
    for campaign in library.campaigns:
        plan = plan_of_activities(library, campaign, lang, datetime(2026, 11, 20, tzinfo=UTC).date())
        reader = PdfReader(io.BytesIO(render(plan_html(plan, fonts), fonts)))
        pages = ["".join(page.extract_text().split()) for page in reader.pages]
        pages_seen = max(pages_seen, len(pages))
        for row in plan.rows:
            cells = ["".join(" ".join(lines).split()) for lines in row.cells[1:] if lines]
            holding = [i for i, page in enumerate(pages) if all(cell in page for cell in cells)]
            title_on = [i for i, page in enumerate(pages) if cells[0] in page]
            assert len(title_on) == 1 and holding == title_on, f"{campaign.id} [{lang}] row {row.event} is split: {holding}"
            assert all(header in pages[title_on[0]] for header in ("".join(h.split()) for h in plan.columns))  # header repeated
    assert pages_seen >= 2  # the check means something only over page breaks
