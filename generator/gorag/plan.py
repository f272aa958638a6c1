"""The Plan of Activities of a campaign, as a ministry submits it for approval.

One table model per campaign and language (:func:`plan_of_activities`): an approval block in the
conventional form (APPROVED / УТВЕРЖДАЮ / TASSYKLAÝARYN with position, name, signature and date
lines left blank), a title block, and one numbered row per event that is not cancelled. It is
rendered four ways with the same content: the campaign's activities page, a PDF (A4 landscape,
no row split across pages, the header repeated), and a .docx and an .xlsx that a ministry can
edit before submitting. Nothing here says that a plan is adopted: it is a draft until signed.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from . import paths
from .i18n import long_date, strings, t
from .languages import get_language, language_codes
from .models import Campaign, Library
from .office import fixed_zip
from .pdf import Job
from .printables import Download, DownloadFile, _document
from .render import _env, page_name
from .render_campaigns import CAMPAIGN_DIR, event_view, sorted_events

FORMATS = ("pdf", "docx", "xlsx")
# What each file is for, as the Downloads page and the activities page label it.
FILE_LABELS = {"pdf": "poa.file_print", "docx": "poa.file_text", "xlsx": "poa.file_sheet"}
# Share of the table's width per column (number, activity, dates, place, responsible agency,
# partners, expected result / indicator, funding source), in per cent.
WIDTHS = (3, 17, 12, 12, 12, 18, 14, 12)
# Spreadsheet column widths (characters) for the same columns.
SHEET_WIDTHS = (5, 34, 26, 22, 24, 24, 28, 18)
# Language tags of word processors and spreadsheets (spell checking, hyphenation).
BLANK = "_" * 34




@dataclass(frozen=True)
class PlanRow:
    """One activity: its event's id and each column's text, as lines."""

    event: str
    cells: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PlanOfActivities:
    """Everything a Plan of Activities shows, in one language, whatever the format."""

    lang: str
    title: str  # the document's title and heading: "Plan of Activities: <campaign>"
    campaign: str
    approval: str  # APPROVED / УТВЕРЖДАЮ / TASSYKLAÝARYN
    approval_lines: tuple[tuple[str, str], ...]  # (line to fill in, its caption)
    facts: tuple[tuple[str, str], ...]  # (label, value): period, organisers
    note: str  # a draft for submission, never "adopted"
    as_of: str
    columns: tuple[str, ...]
    rows: tuple[PlanRow, ...]


def plan_of_activities(library: Library, campaign: Campaign, lang: str, as_of: date) -> PlanOfActivities:
    """The Plan of Activities of ``campaign`` in ``lang``: a row per event not cancelled, in time order."""
    rows: list[PlanRow] = []
    for event in sorted_events(campaign):
        if event.cancelled:
            continue
        view = event_view(library, event, lang, "")
        details = campaign.details_of(event.id)
        expected = [details.expected_result[lang]] if details.expected_result else []
        if details.indicator:
            expected.append(t("poa.indicator", lang, indicator=details.indicator[lang]))
        cells = ((str(len(rows) + 1),), (view.title,), tuple(filter(None, (view.when, view.repeats))),
                 (view.where,), (view.organiser,), (view.partners,) if view.partners else (),
                 tuple(expected), (details.funding[lang],) if details.funding else ())
        rows.append(PlanRow(event.id, cells))
    blank = (BLANK, BLANK, BLANK, t("poa.date_line", lang))
    captions = (t("poa.position", lang), t("poa.name", lang), t("poa.signature", lang), t("poa.date", lang))
    return PlanOfActivities(
        lang=lang, title=f"{t('activities', lang)}: {campaign.title[lang]}", campaign=campaign.title[lang],
        approval=t("poa.approved", lang),
        approval_lines=tuple((line, f"({caption})") for line, caption in zip(blank, captions, strict=True)),
        facts=((t("poa.period", lang), f"{long_date(campaign.window[0], lang)} – {long_date(campaign.window[1], lang)}"),
               (t("organisers", lang), ", ".join(library.agency(a).name[lang] for a in campaign.organisers))),
        note=t("activities_intro", lang), as_of=t("valid_as_of", lang, date=long_date(as_of, lang)),
        columns=(t("col_number", lang), t("col_activity", lang), t("col_date", lang), t("col_place", lang),
                 t("col_responsible", lang), t("col_partners", lang), t("poa.col_expected", lang), t("poa.col_funding", lang)),
        rows=tuple(rows))


def plan_html(plan: PlanOfActivities, fonts_dir: Path) -> str:
    """The print HTML of the PDF (A4 landscape)."""
    return _document("plan-of-activities.html.j2", plan.lang, plan.title, fonts_dir, plan=plan, widths=WIDTHS)


def plan_docx(plan: PlanOfActivities, stamp: datetime) -> bytes:
    """The plan as a Word document (A4 landscape): the header row repeats on every page and no
    row breaks across pages, as in the PDF."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    _word_language(normal.element, get_language(plan.lang).office_tag)
    props = doc.core_properties
    props.title, props.subject, props.author, props.comments = plan.title, plan.campaign, "Gorag", plan.note
    props.keywords = props.category = props.last_modified_by = ""
    props.language, props.revision = get_language(plan.lang).office_tag, 1
    props.created = props.modified = stamp.replace(tzinfo=None)

    def paragraph(text: str, *, bold: bool = False, size: float = 11, align: WD_ALIGN_PARAGRAPH | None = None, indent: float = 0,
                  after: float = 0) -> None:
        para = doc.add_paragraph()
        para.paragraph_format.space_after = Pt(after)
        para.paragraph_format.left_indent = Mm(indent)
        if align is not None:
            para.alignment = align
        run = para.add_run(text)
        run.bold, run.font.size = bold, Pt(size)

    block = 182  # the approval block stands at the right, as on an official form
    paragraph(plan.approval, bold=True, indent=block, after=4)
    for line, caption in plan.approval_lines:
        paragraph(line, indent=block)
        paragraph(caption, size=8, indent=block, after=2)
    paragraph(plan.title, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=4)
    for label, value in plan.facts:
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_after = Pt(0)
        para.add_run(f"{label}: ").bold = True
        para.add_run(value)
    paragraph(f"{plan.note} {plan.as_of}", size=9, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)

    table = doc.add_table(rows=1, cols=len(plan.columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(267 * share / 100) for share in WIDTHS]
    header = table.rows[0]
    _row_property(header._tr, "w:tblHeader")  # repeated at the top of every page
    _row_property(header._tr, "w:cantSplit")
    for cell, name, width in zip(header.cells, plan.columns, widths, strict=True):
        cell.width = width
        _shade(cell._tc, "E0F2F1")
        run = cell.paragraphs[0].add_run(name)
        run.bold, run.font.size = True, Pt(10)
    for row in plan.rows:
        added = table.add_row()
        _row_property(added._tr, "w:cantSplit")
        for cell, lines, width in zip(added.cells, row.cells, widths, strict=True):
            cell.width = width
            para = cell.paragraphs[0]
            for index, line in enumerate(lines):
                run = para.add_run(line)
                run.font.size = Pt(10)
                if index < len(lines) - 1:
                    run.add_break()
    _page_numbers(section.footer.paragraphs[0])
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue(), stamp)


def _word_language(style_element: object, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style_element.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), tag)
    rpr.append(lang)


def _row_property(tr: object, name: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(element)  # type: ignore[attr-defined]


def _shade(tc: object, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _page_numbers(para: object) -> None:
    """A page number at the right of the footer (a PAGE field, which Word fills in)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # type: ignore[attr-defined]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)  # type: ignore[attr-defined]


def sheet_title(text: str) -> str:
    """A worksheet's name: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31].strip() or "Sheet"


def row_height(lines: Sequence[str], width: float, size: float = 11) -> float:
    """Points a row needs to show ``lines`` wrapped in a column ``width`` characters wide (at
    ``size`` points): an estimate, since a spreadsheet only measures rows its user edits."""
    per_line = max(1.0, width * 11 / size - 1)
    count = sum(max(1, math.ceil(len(text) / per_line)) for text in lines) or 1
    return round(count * size * 1.35 + 3, 1)


def plan_xlsx(plan: PlanOfActivities, stamp: datetime) -> bytes:
    """The plan as a spreadsheet: the same blocks and table, the header row printed on every page
    and frozen on screen, columns sized and text wrapped, A4 landscape one page wide."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(t("activities", plan.lang))
    count = len(plan.columns)
    wrap = Alignment(wrap_text=True, vertical="top")
    edge = Side(style="thin", color="444444")
    border = Border(left=edge, right=edge, top=edge, bottom=edge)

    def line(row: int, text: str, first: int, *, bold: bool = False, size: float = 11, centre: bool = False) -> None:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=count)
        cell = sheet.cell(row, first, text)
        cell.font = Font(bold=bold, size=size)
        cell.alignment = Alignment(horizontal="center" if centre else "left", vertical="top", wrap_text=True)
        # Spreadsheets do not grow merged cells to fit their text: give long lines their height.
        sheet.row_dimensions[row].height = row_height([text], sum(SHEET_WIDTHS[first - 1:]), size)

    row = 1
    block = count - 2  # the approval block spans the last three columns
    line(row, plan.approval, block, bold=True)
    for text, caption in plan.approval_lines:
        line(row + 1, text, block)
        line(row + 2, caption, block, size=8)
        row += 2
    row += 2
    line(row, plan.title, 1, bold=True, size=14, centre=True)
    for label, fact in plan.facts:
        row += 1
        line(row, f"{label}: {fact}", 1, centre=True)
    row += 1
    line(row, f"{plan.note} {plan.as_of}", 1, size=9, centre=True)
    header = row + 2
    for column, name in enumerate(plan.columns, start=1):
        cell = sheet.cell(header, column, name)
        cell.font, cell.alignment, cell.border = Font(bold=True), wrap, border
        cell.fill = PatternFill("solid", fgColor="E0F2F1")
    for offset, plan_row in enumerate(plan.rows, start=1):
        for column, lines in enumerate(plan_row.cells, start=1):
            value: int | str = offset if column == 1 else "\n".join(lines)
            cell = sheet.cell(header + offset, column, value)
            cell.alignment, cell.border = wrap, border
        sheet.row_dimensions[header + offset].height = max(
            row_height(lines, width) for lines, width in zip(plan_row.cells, SHEET_WIDTHS, strict=True))
    for column, width in enumerate(SHEET_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.print_title_rows = f"{header}:{header}"
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book_properties(book, plan.title, plan.note, plan.lang, stamp)
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), stamp)


def book_properties(book: object, title: str, description: str, lang: str, stamp: datetime) -> None:
    """A workbook's document properties: its title, description and language, made by Gorag at ``stamp``."""
    props = book.properties  # type: ignore[attr-defined]
    props.title, props.description, props.creator, props.language = title, description, "Gorag", get_language(lang).office_tag
    props.lastModifiedBy = None
    props.created = props.modified = stamp.replace(tzinfo=None)


def plan_jobs(library: Library, as_of: date, fonts_dir: Path) -> tuple[list[Job], dict[str, list[Download]]]:
    """The PDF of every campaign's plan in every language, and the Downloads lines of the plan's
    three files (the .docx and .xlsx are made by :func:`plan_documents`)."""
    jobs: list[Job] = []
    downloads: dict[str, list[Download]] = {lang: [] for lang in language_codes()}
    for lang in language_codes():
        for campaign in library.campaigns:
            plan = plan_of_activities(library, campaign, lang, as_of)
            jobs.append(Job(paths.in_language(lang, paths.plan_file(campaign.id, "pdf")), plan_html(plan, fonts_dir)))
            files = tuple(DownloadFile(paths.plan_file(campaign.id, ext), t(FILE_LABELS[ext], lang)) for ext in FORMATS)
            downloads[lang].append(Download(campaign.title[lang], t("activities", lang), files))
    return jobs, downloads


def plan_documents(library: Library, stamp: datetime) -> dict[str, bytes]:
    """The editable plans (.docx, .xlsx) of every campaign in every language, by site path."""
    files: dict[str, bytes] = {}
    for lang in language_codes():
        for campaign in library.campaigns:
            plan = plan_of_activities(library, campaign, lang, stamp.date())
            files[paths.in_language(lang, paths.plan_file(campaign.id, "docx"))] = plan_docx(plan, stamp)
            files[paths.in_language(lang, paths.plan_file(campaign.id, "xlsx"))] = plan_xlsx(plan, stamp)
    return files


def activities_pages(library: Library, as_of: date, printables: bool = False) -> dict[str, str]:
    """Each campaign's Plan of Activities page in every language, keyed by staged path, with
    links to its three files when they are made."""
    pages: dict[str, str] = {}
    template = _env().get_template("campaign-plan-of-activities.md.j2")
    for lang in language_codes():
        for campaign in library.campaigns:
            plan = plan_of_activities(library, campaign, lang, as_of)
            page = paths.campaign_page(campaign.id, "activities")
            files = [(f"{t(FILE_LABELS[ext], lang)} ({ext.upper()})", paths.link(page, paths.plan_file(campaign.id, ext)))
                     for ext in FORMATS] if printables else []
            pages[f"{CAMPAIGN_DIR}/{campaign.id}/{page_name('activities', lang)}"] = template.render(
                s=strings(lang), campaign_title=campaign.title[lang], plan=plan, files=files)
    return pages
