"""Printable documents from the same sources as the site: protocol PDFs (A4), role pocket cards
(A6) and a handbook per language. Each becomes a :class:`~gorag.pdf.Job` of print HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from html import unescape as html_unescape
from pathlib import Path

import markdown
import segno
from babel.numbers import format_decimal
from markupsafe import Markup

from .i18n import BABEL_LOCALE, long_date, t
from .models import DEFAULT_LANGUAGE, LANGUAGES, Library, Protocol, lang_prefix
from .pdf import TEMPLATES, Job
from .render import _env, _meta_rows, _title, checklist_item, pathway, role_checklists
from .render_campaigns import event_view, sorted_events

# One complete face per style (fonts/print/): WeasyPrint ignores unicode-range inside SVG text.
FACES = (("normal", 400, "Regular"), ("normal", 700, "Bold"), ("italic", 400, "Italic"), ("italic", 700, "BoldItalic"))
MD_EXTENSIONS = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc", "pymdownx.tasklist"]


@dataclass(frozen=True)
class DownloadFile:
    """One file of a download: its label where a download has several (``A3 poster``), its path
    inside the language root (e.g. ``downloads/protocols/diversion.pdf``) and its format."""

    path: str
    label: str = ""

    @property
    def format(self) -> str:
        return self.path.rsplit(".", 1)[-1].upper()


@dataclass(frozen=True)
class Download:
    """A line of the Downloads page: one document, in one or several files."""

    group: str
    title: str
    files: tuple[DownloadFile, ...]

    @classmethod
    def one(cls, group: str, title: str, path: str) -> Download:
        return cls(group, title, (DownloadFile(path),))


def page_url(site_url: str, lang: str, rel: str) -> str:
    return f"{site_url.rstrip('/')}/{lang_prefix(lang)}{rel}" if site_url else f"{lang_prefix(lang)}{rel}"


def qr_svg(url: str) -> Markup:
    """A QR code of ``url`` as inline SVG (vector, deterministic)."""
    return Markup(segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000"))


@cache
def _fonts_css(fonts_dir: Path) -> str:
    return "".join(
        f'@font-face{{font-family:"Noto Sans";font-style:{style};font-weight:{weight};'
        f'src:url({(fonts_dir / "print" / f"NotoSans-{name}.ttf").as_uri()})}}\n' for style, weight, name in FACES)


def markdown_html(text: str, site_url: str, lang: str, page_dir: str) -> Markup:
    """Markdown as print HTML; links to other pages become absolute site addresses."""
    html = markdown.markdown(text, extensions=MD_EXTENSIONS)

    def absolute(match: re.Match[str]) -> str:
        target = match.group(1)
        path, _, anchor = target.partition("#")
        parts = [p for p in f"{page_dir}/{path}".split("/") if p]
        resolved: list[str] = []
        for part in parts:
            if part == "..":
                resolved and resolved.pop()
            elif part != ".":
                resolved.append(part)
        rel = "/".join(resolved).removesuffix(".md") + ".html"
        return f'href="{page_url(site_url, lang, rel)}{"#" + anchor if anchor else ""}"'

    return Markup(re.sub(r'href="(?![a-z]+:|#)([^"]+?\.md(?:#[^"]*)?)"', absolute, html))


def render_downloads(downloads: list[Download], lang: str) -> str:
    """The Downloads page of one language. Each file's format is followed by a placeholder for its
    size, which :func:`fill_sizes` fills once the files exist."""
    groups: dict[str, list[Download]] = {}
    for item in downloads:
        groups.setdefault(item.group, []).append(item)
    # Which offline copy suits which device, above the copies themselves.
    guide = {"title": t("offline_guide", lang),
             "lines": [t(f"offline_guide_{device}", lang) for device in ("android", "iphone", "laptop", "kiwix")]}
    return _env().get_template("downloads.md.j2").render(title=t("downloads", lang), intro=t("downloads_intro", lang),
                                                         groups=groups, guides={t("downloads_offline", lang): guide})


_SIZE = re.compile(r'<span class="gorag-size" data-gorag-size="([^"<>]+)">([A-Z0-9]+)</span>')


def file_size(size: int, lang: str) -> str:
    """A file size as readers of ``lang`` write it: ``850 KB``, ``1.2 MB`` (``1,2 МБ``)."""
    units = {"ru": ("КБ", "МБ")}.get(lang, ("KB", "MB"))
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} {units[0]}"
    return f"{format_decimal(round(size / 1_000_000, 1), format='#,##0.0', locale=BABEL_LOCALE[lang])} {units[1]}"


def fill_sizes(html: str, lang: str, size_of: Callable[[str], int | None]) -> str:
    """The Downloads page with each file's size after its format (``PDF, 1.2 MB``). A file whose
    size is not known yet (``size_of`` gives None: the offline copies, while they are being made)
    keeps its placeholder, which shows the format alone."""
    def fill(match: re.Match[str]) -> str:
        size = size_of(html_unescape(match.group(1)))
        if size is None:
            return match.group(0)
        return f'<span class="gorag-size">{match.group(2)}, {file_size(size, lang)}</span>'

    return _SIZE.sub(fill, html)


@cache
def _print_css(fonts_dir: Path) -> Markup:
    return Markup(_fonts_css(fonts_dir) + (TEMPLATES / "print.css").read_text(encoding="utf-8"))


def _document(template: str, lang: str, title: str, fonts_dir: Path, **context: object) -> str:
    return _env().get_template(f"print/{template}").render(lang=lang, title=title, css=_print_css(fonts_dir), **context)


def protocol_context(library: Library, protocol: Protocol, lang: str, site_url: str, as_of: date) -> dict[str, object]:
    translation = protocol.translation(lang) if lang != DEFAULT_LANGUAGE else None
    url = page_url(site_url, lang, f"protocols/{protocol.id}.html")
    sources = [", ".join(filter(None, [s.title, s.publisher, str(s.year or "")])) + (f". {s.note}" if s.note else "")
               for s in protocol.sources]
    body = markdown_html(translation.body if translation else protocol.body, site_url, lang, "protocols")
    headings = [(m.group(1), re.sub(r"<[^>]+>", "", m.group(2))) for m in re.finditer(r'<h2 id="([^"]+)">(.*?)</h2>', body)]
    return {
        "id": protocol.id,
        "headings": headings,
        "title": _title(protocol, lang),
        "summary": translation.summary if translation else protocol.summary,
        "status": t(f"status.{protocol.status}", lang),
        "watermark": t(f"watermark.{protocol.status}", lang) if protocol.status in ("model", "draft", "superseded") else "",
        "notice": t(f"notice.{protocol.status}", lang) if protocol.status in ("model", "draft", "superseded") else "",
        "version": protocol.version,
        "as_of": t("valid_as_of", lang, date=long_date(as_of, lang)),
        "url": url,
        "qr": qr_svg(url),
        "rows": [(label, Markup(_LINK.sub(r"\1", str(value)))) for label, value in _meta_rows(library, protocol, lang)],
        "body": body,
        "pathway": pathway(library, protocol, lang) if protocol.steps else "",
        "checklists": role_checklists(library, protocol, lang),
        "sources": sources,
    }


_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def _role_steps(library: Library, role_id: str, lang: str) -> list[tuple[str, list[str]]]:
    """For the handbook's index of roles: each protocol with the titles of the role's steps."""
    out = []
    for protocol in library.protocols:
        titles = [checklist_item(protocol, step, lang).title for step in protocol.steps if step.role == role_id]
        if titles:
            out.append((_title(protocol, lang), titles))
    return out


def _agencies(library: Library, lang: str) -> list[dict[str, object]]:
    """The agencies directory for print. A contact's value is printed only when verified."""
    return [{"name": a.name[lang], "description": a.description[lang] if a.description else "",
             "contacts": [(c.label[lang], c.value if c.verified else t("to_be_confirmed", lang)) for c in a.contacts]}
            for a in sorted(library.agencies, key=lambda a: a.name[lang].casefold())]


def printable_jobs(library: Library, site_url: str, as_of: date, fonts_dir: Path) -> tuple[list[Job], dict[str, list[Download]]]:
    """Every printable in every language, and what each language's Downloads page lists."""
    jobs: list[Job] = []
    downloads: dict[str, list[Download]] = {lang: [] for lang in LANGUAGES}
    for lang in LANGUAGES:
        labels = {"contents": t("contents", lang), "pathway": t("pathway", lang), "checklists": t("checklists", lang),
                  "sources": t("sources", lang), "metadata": t("metadata", lang), "scan": t("scan_for_page", lang)}
        protocols = [protocol_context(library, p, lang, site_url, as_of) for p in library.protocols]
        for context in protocols:
            rel = f"downloads/protocols/{context['id']}.pdf"
            jobs.append(Job(lang_prefix(lang) + rel, _document("protocol.html.j2", lang, str(context["title"]), fonts_dir,
                                                          doc=context, s=labels, handbook=False)))
            downloads[lang].append(Download.one(t("downloads_protocols", lang), str(context["title"]), rel))
        for role in library.roles:
            cards = []
            for protocol in library.protocols:
                items = [checklist_item(protocol, step, lang) for step in protocol.steps if step.role == role.id]
                if items:
                    cards.append({"title": _title(protocol, lang), "steps": items})
            url = page_url(site_url, lang, f"roles/{role.id}.html")
            rel = f"downloads/cards/{role.id}.pdf"
            jobs.append(Job(lang_prefix(lang) + rel, _document(
                "card.html.j2", lang, role.question[lang], fonts_dir, question=role.question[lang], role=role.name[lang],
                groups=cards, qr=qr_svg(url), url=url, as_of=t("valid_as_of", lang, date=long_date(as_of, lang)),
                empty=t("role_none", lang), notice=t("card_notice", lang))))
            downloads[lang].append(Download.one(t("downloads_cards", lang), role.question[lang], rel))
        glossary = sorted(library.glossary, key=lambda g: g.term[lang].casefold())
        roles = [{"question": r.question[lang], "steps": _role_steps(library, r.id, lang)} for r in library.roles]
        title = t("handbook", lang)
        jobs.append(Job(lang_prefix(lang) + "downloads/handbook.pdf", _document(
            "handbook.html.j2", lang, title, fonts_dir, docs=protocols, s=labels, handbook=True,
            glossary=[(g.term[lang], g.definition[lang]) for g in glossary], roles=roles,
            glossary_title=t("glossary", lang), roles_title=t("roles", lang), agencies_title=t("agencies", lang),
            agencies=_agencies(library, lang), contacts_label=t("contacts", lang),
            # Fixed elements repeat on every page: one watermark for the book, not one per document.
            watermark=next((str(d["watermark"]) for d in protocols if d["watermark"]), ""),
            as_of=t("valid_as_of", lang, date=long_date(as_of, lang)), intro=t("handbook_intro", lang))))
        downloads[lang].insert(0, Download.one(t("downloads_handbook", lang), title, "downloads/handbook.pdf"))
    return jobs, downloads


def campaign_jobs(library: Library, site_url: str, as_of: date, fonts_dir: Path) -> tuple[list[Job], dict[str, list[Download]]]:
    """Posters (A3, A4) and flyers (A5) per event, the Plan of Activities (A4 landscape) and the
    ten-step worksheet, for every campaign in every language."""
    jobs: list[Job] = []
    downloads: dict[str, list[Download]] = {lang: [] for lang in LANGUAGES}
    for lang in LANGUAGES:
        for campaign in library.campaigns:
            base = f"downloads/campaigns/{campaign.id}"
            group = campaign.title[lang]
            message = campaign.messages[0][lang] if campaign.messages else campaign.theme[lang]
            common = {"campaign": campaign.title[lang], "theme": campaign.theme[lang],
                      "as_of": t("valid_as_of", lang, date=long_date(as_of, lang)), "s": _campaign_labels(lang)}
            rows = [event_view(library, e, lang, "") for e in sorted_events(campaign) if not e.cancelled]
            jobs.append(Job(lang_prefix(lang) + f"{base}/plan-of-activities.pdf", _document(
                "activities.html.j2", lang, f"{t('activities', lang)}: {campaign.title[lang]}", fonts_dir, rows=rows,
                organisers=", ".join(library.agency(a).name[lang] for a in campaign.organisers), **common)))
            downloads[lang].append(Download.one(group, t("activities", lang), f"{base}/plan-of-activities.pdf"))
            steps = [{"title": s.title[lang], "owner": library.agency(s.owner).name[lang], "deadline": long_date(s.deadline, lang),
                      "done": s.status == "done"} for s in campaign.plan]
            jobs.append(Job(lang_prefix(lang) + f"{base}/ten-step-worksheet.pdf", _document(
                "worksheet.html.j2", lang, f"{t('plan', lang)}: {campaign.title[lang]}", fonts_dir, steps=steps, **common)))
            downloads[lang].append(Download.one(group, t("worksheet", lang), f"{base}/ten-step-worksheet.pdf"))
            for view in rows:
                url = page_url(site_url, lang, f"campaigns/{campaign.id}/events/{view.id}.html")
                context = {"event": view, "message": message, "qr": qr_svg(url), "url": url, **common}
                files = []
                for kind, label in (("poster-a3", "poster_a3"), ("poster-a4", "poster_a4"), ("flyer-a5", "flyer_a5")):
                    rel = f"{base}/events/{view.id}-{kind}.pdf"
                    jobs.append(Job(lang_prefix(lang) + rel, _document("poster.html.j2", lang, view.title, fonts_dir,
                                                                  size=kind, **context)))
                    files.append(DownloadFile(rel, t(label, lang)))
                downloads[lang].append(Download(group, view.title, tuple(files)))
    return jobs, downloads


def _campaign_labels(lang: str) -> dict[str, str]:
    keys = ("col_number", "col_activity", "col_date", "col_place", "col_responsible", "col_partners", "activities",
            "activities_intro", "organisers", "when", "where", "organiser", "plan", "plan_intro", "owner", "deadline",
            "notes", "approval", "scan_event", "repeats", "done_label")
    return {key: t(key, lang) for key in keys}
