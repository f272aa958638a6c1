"""A campaign's targets against the results its organisers recorded, and the files made of them.

From the validated :class:`~gorag.models.Campaign` (``targets`` in ``campaign.yml``, results in
``results.yml``): :func:`campaign_report` adds the figures up — in total, by region and by
organiser — and the renderers show the same figures as a report page per language (tables and
bar charts drawn at build time as inline SVG, with a text alternative), its PDF, and an .xlsx
who-what-where-when matrix with one row per event. :func:`missing_results` lists the events that
took place without results, which ``gorag check`` reports as information.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html import escape as html_escape
from pathlib import Path

from babel.numbers import format_decimal, format_percent
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule
from markupsafe import Markup

from . import paths
from .i18n import locale, long_date, strings, t
from .languages import language_codes
from .models import AGE_GROUPS, SEXES, TARGETS, Campaign, Event, Library, Participants
from .office import fixed_zip
from .pdf import Job
from .plan import book_properties, row_height, sheet_title
from .printables import Download, _document
from .render import _env, page_name
from .render_campaigns import CAMPAIGN_DIR, event_view, sorted_events

_RULES = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY}


REPORT_STEM = "report"  # the report page (paths.CAMPAIGN_PAGES)


@dataclass(frozen=True)
class Tally:
    """The figures of a group of events: how many were planned (not cancelled in ``events.yml``)
    and held, and what the events held recorded."""

    planned: int = 0
    held: int = 0
    participants: Participants = Participants()
    materials: int = 0
    media: int = 0


@dataclass(frozen=True)
class TargetRow:
    """One line of "targets and results": a figure of :data:`~gorag.models.TARGETS`."""

    name: str
    target: int | None
    achieved: int

    @property
    def share(self) -> float | None:
        return self.achieved / self.target if self.target else None


@dataclass(frozen=True)
class Report:
    """A campaign's figures: in total, against its targets, by region and by organiser (ids, in
    the campaign's order)."""

    total: Tally
    targets: tuple[TargetRow, ...]
    regions: tuple[tuple[str, Tally], ...]
    organisers: tuple[tuple[str, Tally], ...]
    recorded: int  # events with results recorded


def tally(campaign: Campaign, events: Iterable[Event]) -> Tally:
    """The figures of ``events`` (of ``campaign``) from their recorded results."""
    planned = held = materials = media = 0
    counts: Counter[tuple[str, str]] = Counter()
    for event in events:
        planned += not event.cancelled
        result = campaign.result(event.id)
        if result is None or not result.held:
            continue
        held += 1
        materials += result.materials
        media += result.media
        for sex, age, number in result.participants.counts:
            counts[sex, age] += number
    participants = Participants(tuple((sex, age, counts[sex, age]) for sex in SEXES for age in AGE_GROUPS))
    return Tally(planned, held, participants, materials, media)


def _grouped(campaign: Campaign, key: str, order: Sequence[str]) -> tuple[tuple[str, Tally], ...]:
    ids = {getattr(e, key) for e in campaign.events}
    ordered = [i for i in order if i in ids] + sorted(ids - set(order))
    return tuple((i, tally(campaign, (e for e in campaign.events if getattr(e, key) == i))) for i in ordered)


def campaign_report(campaign: Campaign) -> Report:
    """Add up a campaign's results."""
    total = tally(campaign, campaign.events)
    regions = _grouped(campaign, "region", campaign.regions)
    achieved = {"events": total.held, "regions": sum(1 for _, figures in regions if figures.held),
                "participants": total.participants.total, "materials": total.materials, "media": total.media}
    targets = tuple(TargetRow(name, campaign.targets.get(name), achieved[name]) for name in TARGETS)
    return Report(total, targets, regions, _grouped(campaign, "organiser", campaign.organisers), len(campaign.results))


def last_day(event: Event) -> date:
    """The last day an event takes place on, its last repetition included."""
    start = event.start.date() if isinstance(event.start, datetime) else event.start
    end = event.end
    first_last = (end - timedelta(microseconds=1)).date() if isinstance(end, datetime) else end - timedelta(days=1)
    if event.recurrence is None:
        return first_last
    rule = rrule(_RULES[event.recurrence.freq], dtstart=datetime.combine(start, time()), count=event.recurrence.count,
                 until=datetime.combine(event.recurrence.until, time.max) if event.recurrence.until else None)
    last: date = rule[-1].date()
    return last + (first_last - start)


def missing_results(library: Library, today: date) -> list[tuple[Campaign, Event]]:
    """Events that have taken place (their last day is before ``today``), are not cancelled, and
    have no results recorded yet."""
    return [(campaign, event) for campaign in library.campaigns for event in sorted_events(campaign)
            if not event.cancelled and campaign.result(event.id) is None and last_day(event) < today]


# ---------------------------------------------------------------------------------------------
# Rendering: the same figures as tables and charts, in one language


@dataclass(frozen=True)
class Row:
    """A table row: an id for its element, and its cells' text."""

    id: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of the report: its heading, column names and rows."""

    id: str
    heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: ``value`` drawn against the chart's scale, ``track`` (a target) drawn
    behind it when given, ``text`` written after it."""

    label: str
    value: float
    text: str
    track: float | None = None


def _number(value: int, lang: str) -> str:
    return format_decimal(value, locale=locale(lang))


def _share(value: float | None, lang: str) -> str:
    return format_percent(value, locale=locale(lang)) if value is not None else "—"


CHART_WIDTH, BAR_HEIGHT, ROW_HEIGHT, FONT = 420, 14, 44, 14
BAR_SPACE = 0.62  # share of the width the longest bar takes; its figure is written after it


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> Markup:
    """A horizontal bar chart as inline SVG: each bar's label above it and its figure after it;
    ``title`` and ``description`` (every figure in words) are its text alternative. It has its
    own size: pages shrink it to a narrow screen (Material: ``max-width: 100%; height: auto``)."""
    scale = max([b.value for b in bars] + [b.track or 0 for b in bars] + [1])
    longest = CHART_WIDTH * BAR_SPACE
    height = ROW_HEIGHT * len(bars) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="gorag-chart" role="img" width="{CHART_WIDTH}" height="{height}" '
             f'viewBox="0 0 {CHART_WIDTH} {height}" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{FONT}">',
             f'<title id="{chart_id}-title">{html_escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{html_escape(description)}</desc>']
    for index, bar in enumerate(bars):
        top = index * ROW_HEIGHT
        width = longest * bar.value / scale
        parts.append(f'<text x="0" y="{top + FONT}" fill="currentColor">{html_escape(bar.label)}</text>')
        if bar.track:
            parts.append(f'<rect x="0" y="{top + 20}" width="{longest * bar.track / scale:.1f}" height="{BAR_HEIGHT}" fill="#dfe5e4"/>')
        parts.append(f'<rect x="0" y="{top + 20}" width="{max(width, 1.5):.1f}" height="{BAR_HEIGHT}" fill="#00695c"/>')
        end = max(width, longest * (bar.track or 0) / scale)
        parts.append(f'<text x="{end + 6:.1f}" y="{top + 20 + BAR_HEIGHT - 2}" fill="currentColor">{html_escape(bar.text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _label(name: str, lang: str) -> str:
    return t(f"report.{name}", lang)


def _targets_table(report: Report, lang: str) -> Table:
    s = strings(lang)
    return Table("report-targets", s["report.targets"],
                 (s["report.indicator"], s["report.target"], s["report.achieved"], s["report.share"]),
                 tuple(Row(f"target-{r.name}", (_label(r.name, lang),
                                                _number(r.target, lang) if r.target is not None else s["report.no_target"],
                                                _number(r.achieved, lang), _share(r.share, lang)))
                       for r in report.targets))


def _ages_table(people: Participants, lang: str) -> Table:
    s = strings(lang)
    rows = [Row(f"age-{age}", (s[f"report.age.{age}"], *(_number(people.count(sex, age), lang) for sex in SEXES),
                                _number(people.count(age=age), lang))) for age in AGE_GROUPS]
    rows.append(Row("age-total", (s["report.total"], *(_number(people.count(sex), lang) for sex in SEXES),
                                  _number(people.total, lang))))
    return Table("report-ages", s["report.by_age"], (s["report.age_group"], *(s[f"report.sex.{sex}"] for sex in SEXES),
                                                     s["report.total"]), tuple(rows))


def _group_table(table_id: str, heading: str, first: str, groups: Sequence[tuple[str, str, Tally]], lang: str) -> Table:
    """Figures by region or by organiser: (row id, name, figures) each."""
    s = strings(lang)
    columns = (first, s["report.planned"], s["report.events"], *(s[f"report.sex.{sex}"] for sex in SEXES),
               s["report.participants"], s["report.materials"], s["report.media"])
    rows = tuple(Row(row_id, (name, *(_number(n, lang) for n in (
        figures.planned, figures.held, *(figures.participants.count(sex) for sex in SEXES), figures.participants.total,
        figures.materials, figures.media)))) for row_id, name, figures in groups)
    return Table(table_id, heading, columns, rows)


def _events_table(library: Library, campaign: Campaign, lang: str) -> Table:
    s = strings(lang)
    rows = []
    for event in sorted_events(campaign):
        view, result = event_view(library, event, lang, ""), campaign.result(event.id)
        status = result.status if result else ("cancelled" if event.cancelled else "none")
        figures = [result.participants.total, result.materials, result.media] if result and result.held else []
        rows.append(Row(f"event-{event.id}", (view.title, view.when, view.region, view.organiser,
                                              s[f"report.status.{status}"], *(_number(n, lang) for n in figures),
                                              *([""] * (3 - len(figures))), result.notes if result else "")))
    return Table("report-events", s["report.event_results"],
                 (s["col_activity"], s["col_date"], s["region"], s["organiser"], s["report.status"],
                  s["report.participants"], s["report.materials"], s["report.media"], s["notes"]), tuple(rows))


def report_context(library: Library, campaign: Campaign, lang: str) -> dict[str, object]:
    """What the report page and its PDF show, in ``lang``: the figures of
    :func:`campaign_report` as tables, and as charts whose text alternative says each figure."""
    report = campaign_report(campaign)
    s = strings(lang)
    aimed = [r for r in report.targets if r.target]
    target_bars = [Bar(_label(r.name, lang), r.share or 0,
                       f"{_number(r.achieved, lang)} / {_number(r.target or 0, lang)} ({_share(r.share, lang)})", 1.0)
                   for r in aimed]
    target_words = "; ".join(t("report.bar_target", lang, label=_label(r.name, lang), achieved=_number(r.achieved, lang),
                               target=_number(r.target or 0, lang), share=_share(r.share, lang)) for r in aimed)
    regions = [(f"region-{r}", library.region(r).name[lang], figures) for r, figures in report.regions]
    organisers = [(f"organiser-{o}", library.agency(o).name[lang], figures) for o, figures in report.organisers]
    region_bars = [Bar(name, figures.participants.total, _number(figures.participants.total, lang)) for _, name, figures in regions]
    region_words = "; ".join(f"{b.label}: {b.text}" for b in region_bars)
    return {
        "s": s, "campaign_title": campaign.title[lang], "intro": s["report.intro"],
        "empty": s["report.none"] if not report.recorded else "",
        "targets_chart": bar_chart(f"chart-targets-{campaign.id}", s["report.chart_targets"], target_words, target_bars)
        if target_bars else "",
        "regions_chart": bar_chart(f"chart-regions-{campaign.id}", s["report.chart_regions"], region_words, region_bars)
        if region_bars and report.recorded else "",
        "chart_note": s["report.chart_note"],
        "targets": _targets_table(report, lang), "ages": _ages_table(report.total.participants, lang),
        "regions": _group_table("report-regions", s["report.by_region"], s["region"], regions, lang),
        "organisers": _group_table("report-organisers", s["report.by_organiser"], s["organiser"], organisers, lang),
        "events": _events_table(library, campaign, lang),
    }


def report_pages(library: Library, printables: bool = False) -> dict[str, str]:
    """Each campaign's report page in every language, keyed by staged path."""
    pages: dict[str, str] = {}
    template = _env().get_template("campaign-report.md.j2")
    for lang in language_codes():
        for campaign in library.campaigns:
            page = paths.campaign_page(campaign.id, REPORT_STEM)
            files = [(f"{t('report.title', lang)} (PDF)", paths.link(page, paths.report_pdf(campaign.id))),
                     (f"{t('report.matrix', lang)} (XLSX)", paths.link(page, paths.matrix_xlsx(campaign.id)))] if printables else []
            pages[f"{CAMPAIGN_DIR}/{campaign.id}/{page_name(REPORT_STEM, lang)}"] = template.render(
                files=files, **report_context(library, campaign, lang))
    return pages


def report_sources(library: Library, root: Path) -> dict[str, str]:
    """Staged report page → the file an editor changes to change it: ``results.yml`` once it
    exists, ``campaign.yml`` (the targets) before."""
    out = {}
    for campaign in library.campaigns:
        folder = campaign.path.rsplit("/", 1)[0]
        source = f"{folder}/results.yml" if (root / folder / "results.yml").is_file() else campaign.path
        for lang in language_codes():
            out[f"{CAMPAIGN_DIR}/{campaign.id}/{page_name(REPORT_STEM, lang)}"] = source
    return out


def report_jobs(library: Library, as_of: date, fonts_dir: Path) -> tuple[list[Job], dict[str, list[Download]]]:
    """The report PDF of every campaign in every language, and the Downloads lines of the report
    and of the who-what-where-when matrix (made by :func:`report_documents`)."""
    jobs: list[Job] = []
    downloads: dict[str, list[Download]] = {lang: [] for lang in language_codes()}
    for lang in language_codes():
        for campaign in library.campaigns:
            title = f"{t('report.title', lang)}: {campaign.title[lang]}"
            as_of_text = t("valid_as_of", lang, date=long_date(as_of, lang))
            html = _document("report.html.j2", lang, title, fonts_dir, heading=title, as_of=as_of_text,
                             **report_context(library, campaign, lang))
            jobs.append(Job(paths.in_language(lang, paths.report_pdf(campaign.id)), html))
            group = campaign.title[lang]
            downloads[lang].append(Download.one(group, t("report.title", lang), paths.report_pdf(campaign.id)))
            downloads[lang].append(Download.one(group, t("report.matrix", lang), paths.matrix_xlsx(campaign.id)))
    return jobs, downloads


def report_documents(library: Library, stamp: datetime) -> dict[str, bytes]:
    """The who-what-where-when matrix of every campaign in every language, by site path."""
    return {paths.in_language(lang, paths.matrix_xlsx(c.id)): matrix_xlsx(library, c, lang, stamp)
            for lang in language_codes() for c in library.campaigns}


MATRIX_GROUPS = (("", 1), ("report.who", 2), ("report.what", 3), ("where", 2), ("when", 3), ("report.results", 11))
MATRIX_WIDTHS = (5, 30, 30, 36, 16, 24, 18, 26, 17, 17, 20, 12) + (10,) * 9 + (30,)


def _local(value: date | datetime) -> date | datetime:
    """A spreadsheet cell's date: the event's local time, which spreadsheets hold without a zone."""
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


def matrix_xlsx(library: Library, campaign: Campaign, lang: str, stamp: datetime) -> bytes:
    """The who-what-where-when matrix of a campaign: one row per event with who organises it and
    with whom, what it is, where and when it takes place, and its results."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    s = strings(lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(s["report.matrix_sheet"])
    edge = Side(style="thin", color="444444")
    border = Border(left=edge, right=edge, top=edge, bottom=edge)
    wrap = Alignment(wrap_text=True, vertical="top")
    head = PatternFill("solid", fgColor="E0F2F1")
    column = 1
    for key, span in MATRIX_GROUPS:
        if span > 1:
            sheet.merge_cells(start_row=1, start_column=column, end_row=1, end_column=column + span - 1)
        cell = sheet.cell(1, column, s[key] if key else "")
        cell.font, cell.fill, cell.alignment = Font(bold=True), head, Alignment(horizontal="center")
        column += span
    names = [s["col_number"], s["organiser"], s["col_partners"], s["col_activity"], s["channel_label"], s["audiences_label"],
             s["region"], s["col_place"], s["report.start"], s["report.end"], s["repeats"], s["report.status"]]
    names += [f"{s[f'report.sex.{sex}']}: {s[f'report.age.{age}']}" for sex in SEXES for age in AGE_GROUPS]
    names += [s["report.participants"], s["report.materials"], s["report.media"], s["notes"]]
    for index, name in enumerate(names, start=1):
        cell = sheet.cell(2, index, name)
        cell.font, cell.fill, cell.alignment, cell.border = Font(bold=True), head, wrap, border
    for number, event in enumerate(sorted_events(campaign), start=1):
        view, result = event_view(library, event, lang, ""), campaign.result(event.id)
        status = result.status if result else ("cancelled" if event.cancelled else "none")
        held = result is not None and result.held
        last = _local(event.end - timedelta(days=1)) if not isinstance(event.end, datetime) else _local(event.end)
        values: list[object] = [number, view.organiser, view.partners, view.title, view.channel, view.audiences, view.region,
                                view.place, _local(event.start), last, view.repeats, s[f"report.status.{status}"]]
        if result and held:
            values += [result.participants.count(sex, age) for sex in SEXES for age in AGE_GROUPS]
            values += [result.participants.total, result.materials, result.media]
        else:
            values += [None] * 9
        values.append(result.notes if result else "")
        row = number + 2
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row, index, value)
            cell.alignment, cell.border = wrap, border
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
        sheet.row_dimensions[row].height = max(row_height([str(v or "")], width) for v, width in zip(values, MATRIX_WIDTHS, strict=True))
    for index, width in enumerate(MATRIX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last_row = max(2, len(campaign.events) + 2)
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(names))}{last_row}"
    sheet.freeze_panes = "B3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book_properties(book, f"{s['report.matrix']}: {campaign.title[lang]}", s["report.intro"], lang, stamp)
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), stamp)
