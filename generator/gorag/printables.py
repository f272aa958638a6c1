"""Printable documents from the same sources as the site: protocol PDFs (A4), role pocket cards
(A6) and a handbook per language. Each becomes a :class:`~gorag.pdf.Job` of print HTML.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from html import unescape as html_unescape
from pathlib import Path

import markdown
import segno
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal
from markupsafe import Markup

from . import paths
from .i18n import clock, locale, long_date, t
from .languages import default_language, lang_prefix, language_codes
from .models import Event, Library, Protocol, Role
from .pdf import FIT_END, FIT_PREFIX, TEMPLATES, Job
from .render import _env, _meta_rows, _title, checklist_item, pathway, role_checklists
from .render_campaigns import EventView, _last_day, event_view, sorted_events, where

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


# Inks for a campaign's band and date tile on posters and flyers: dark enough that white text on
# them reads at 4.5:1 or more (tests/test_print_design.py checks), none of them anyone's emblem.
CAMPAIGN_INKS = ("#00695c", "#283593", "#6a1b9a", "#ad1457", "#37474f", "#1565c0", "#bf360c", "#2e7d32")


@dataclass(frozen=True)
class Colours:
    """A campaign's colours in print: ``ink`` for its band and date tile (white text on it), and
    ``tint``, the ink much lightened, behind its key message."""

    ink: str
    tint: str


def campaign_colours(campaign_id: str) -> Colours:
    """The campaign's colours, the same in every language and every build. Campaigns declare no
    colour, so the id picks one of :data:`CAMPAIGN_INKS`."""
    ink = CAMPAIGN_INKS[int(hashlib.sha256(campaign_id.encode("utf-8")).hexdigest(), 16) % len(CAMPAIGN_INKS)]
    return Colours(ink, "#" + "".join(f"{round(c + (255 - c) * 0.9):02x}" for c in _rgb(ink)))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@dataclass(frozen=True)
class DateBlock:
    """An event's date as a poster shows it, large: ``day`` (``30``, ``9–10``), ``month``
    (``July 2027``; Russian in the genitive after a day, ``июля 2027``), ``weekday``, ``time``
    (``10:00–12:00``, or all day) and how it repeats. ``wide`` when the day is a range over two
    months (``31 Jul – 2 Aug``), which the tile sets smaller."""

    day: str
    month: str
    weekday: str
    time: str
    repeats: str
    wide: bool = False


def date_block(event: Event, lang: str, repeats: str = "") -> DateBlock:
    """The date block of ``event`` in ``lang`` (Babel's month and day names and ranges)."""
    babel = locale(lang)
    first = event.start.date() if isinstance(event.start, datetime) else event.start
    last = _last_day(event)
    if isinstance(event.start, datetime) and isinstance(event.end, datetime):
        joint = "–" if last == first else " – "
        time = f"{clock(event.start, lang)}{joint}{clock(event.end, lang)}"
    else:
        time = t("all_day", lang)
    weekday = format_date(first, "EEEE", locale=babel)
    if last != first:
        weekday += " – " + format_date(last, "EEEE", locale=babel)
    wide = (last.year, last.month) != (first.year, first.month)
    if wide:
        day = format_interval(first, last, "MMMd", locale=babel)
        month = format_interval(first, last, "y", locale=babel)
    else:
        day = format_date(first, "d", locale=babel) if last == first else format_interval(first, last, "d", locale=babel)
        month = format_date(first, "MMMM y", locale=babel)
    return DateBlock(day, month, _capital(weekday), _capital(time), repeats, wide)


def _capital(text: str) -> str:
    """``text`` with a capital first letter, as it stands alone on its own line."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class PosterFit:
    """Type sizes of one version of a poster, in the poster's ems: the headline and the key message."""

    title: float
    message: float


# Largest first. A long headline or message starts further down the list (a flyer's message one
# further, for the description beside it); each tighter version of the poster
# (gorag.pdf.Job.fallbacks) takes the next size of both.
POSTER_TITLES = ((40, 3.4), (75, 2.8), (110, 2.3), (150, 1.9), (0, 1.6))
POSTER_MESSAGES = ((50, 3.4), (100, 2.6), (150, 2.2), (220, 1.9), (0, 1.6), (0, 1.35))


def poster_fits(title: str, message: str, flyer: bool) -> list[PosterFit]:
    """The type sizes to try for a poster, most striking first."""
    def first(text: str, sizes: tuple[tuple[int, float], ...], skip: int = 0) -> int:
        start = next((i for i, (most, _) in enumerate(sizes) if len(text) <= most), len(sizes) - 1)
        return min(start + skip, len(sizes) - 1)

    titles, messages = first(title, POSTER_TITLES), first(message, POSTER_MESSAGES, int(flyer))
    steps = max(len(POSTER_TITLES) - titles, len(POSTER_MESSAGES) - messages)
    return [PosterFit(POSTER_TITLES[min(titles + i, len(POSTER_TITLES) - 1)][1],
                      POSTER_MESSAGES[min(messages + i, len(POSTER_MESSAGES) - 1)][1]) for i in range(steps)]


def fit_id(name: str) -> str:
    """The id of a fitted box in print HTML (see :func:`gorag.pdf.overflowing`); its content ends
    with an element whose id is this plus :data:`gorag.pdf.FIT_END`."""
    return FIT_PREFIX + name


POSTER_KINDS = paths.POSTER_KINDS
PROTOCOL_PAGES = paths.PROTOCOLS  # where checklist links are relative to


def poster_job(path: str, lang: str, fonts_dir: Path, size: str, view: EventView, event: Event, **context: object) -> Job:
    """A poster (A3, A4) or flyer (A5) of one event: one page, in as many versions as its headline
    needs, largest type first. A flyer also gives the event's description."""
    versions = [_document("poster.html.j2", lang, view.title, fonts_dir, size=size, event=view, fit=fit,
                          date=date_block(event, lang, view.repeats), fit_box=fit_id("poster"), fit_end=FIT_END,
                          description=view.description if size == "flyer-a5" else "", **context)
                for fit in poster_fits(view.title, str(context["message"]), size == "flyer-a5")]
    return Job(path, versions[0], tuple(versions[1:]))


def _poster_labels(lang: str) -> dict[str, str]:
    return {key: t(key, lang) for key in ("when", "where", "organiser", "partners", "scan_event")}


MM = 72 / 25.4  # points in a millimetre
# An A6 face less its 5 mm margins: the room for text, in points.
FACE_WIDTH, FACE_HEIGHT = 95 * MM, 138 * MM
LINE = 1.3  # the cards' line height (print.css)


@dataclass(frozen=True)
class CardStep:
    """A step on a pocket card: its title and, where the card has room, what to do."""

    title: str
    text: Markup


@dataclass(frozen=True)
class CardGroup:
    """A protocol's steps on one face of a card; ``continued`` on the back, when its first steps
    are on the front."""

    title: str
    steps: tuple[CardStep, ...]
    continued: bool = False


@dataclass(frozen=True)
class Referral:
    """Whom a role hands a case over to: another role of the same protocols and its agency,
    with the agency's verified contacts (an unverified number is never printed)."""

    role: str
    agency: str
    contacts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CardLevel:
    """How tightly a card is set: its type size in points and whether it gives what to do at
    each step or the steps' titles alone."""

    font: float
    details: bool


# Most readable first. A card takes the first level at which every step fits; each tighter
# version (gorag.pdf.Job.fallbacks) the next, then the smallest type with only the steps that fit.
CARD_LEVELS = (CardLevel(7.5, True), CardLevel(6.8, True), CardLevel(7.2, False), CardLevel(6.5, False))


@dataclass(frozen=True)
class CardFaces:
    """One version of a role's pocket card: what its front and its back hold, and how."""

    font: float
    details: bool
    front: tuple[CardGroup, ...]
    back: tuple[CardGroup, ...]
    complete: bool


def _lines(chars: int, font: float, width: float = FACE_WIDTH, em: float = 0.56) -> int:
    """How many lines ``chars`` characters take at ``font`` points: an estimate (Noto Sans
    averages a little over half an em a letter); the rendering checks it."""
    return max(1, math.ceil(chars / max(1, int(width / (font * em)))))


def _step_height(step: CardStep, font: float, details: bool) -> float:
    chars = len(step.title) + (3 + len(str(step.text)) if details and step.text else 0)
    return _lines(chars, font, FACE_WIDTH - font) * font * LINE + 0.25 * font


def _heading_height(title: str, font: float) -> float:
    return _lines(len(title), font, em=0.6) * font * 1.2 + 0.7 * font


def pack_card(groups: list[CardGroup], level: CardLevel, front: float, back: float) -> CardFaces:
    """The steps of ``groups`` in order on the front (``front`` points of room), then the back
    (``back`` points), never splitting a step; what does not fit is left to the site. A protocol's
    title heads its steps on each face they are on."""
    faces: list[list[CardGroup]] = [[], []]
    rooms = [front, back]
    side = 0
    for group in groups:
        for step in group.steps:
            height = _step_height(step, level.font, level.details)
            heading = _heading_height(group.title, level.font)
            while side < 2:
                joins = bool(faces[side]) and faces[side][-1].title == group.title
                need = height if joins else height + heading
                if need <= rooms[side]:
                    break
                side += 1
            else:
                return CardFaces(level.font, level.details, tuple(faces[0]), tuple(faces[1]), complete=False)
            rooms[side] -= need
            shown = CardStep(step.title, step.text if level.details else Markup(""))
            if joins:
                faces[side][-1] = replace(faces[side][-1], steps=(*faces[side][-1].steps, shown))
            else:
                continued = side == 1 and bool(faces[0]) and faces[0][-1].title == group.title
                faces[side].append(CardGroup(group.title, (shown,), continued))
    return CardFaces(level.font, level.details, tuple(faces[0]), tuple(faces[1]), complete=True)


def card_versions(groups: list[CardGroup], question: str, back_fixed: Callable[[float], float]) -> list[CardFaces]:
    """The versions of a card to try, most readable first: each level at which every step fits,
    then the tightest level with the steps that fit, then that with a fifth less room in case the
    estimate was kind. ``back_fixed`` gives the room the back's own blocks take at a type size."""
    def packed(level: CardLevel, share: float = 1.0) -> CardFaces:
        band = level.font * LINE + 4 * MM
        title = _lines(len(question), level.font * 1.45, em=0.6) * level.font * 1.45 * 1.15 + 2 * MM
        return pack_card(groups, level, share * (FACE_HEIGHT - band - title), share * (FACE_HEIGHT - band - back_fixed(level.font)))

    complete = [faces for faces in map(packed, CARD_LEVELS) if faces.complete]
    return list(dict.fromkeys([*complete, packed(CARD_LEVELS[-1]), packed(CARD_LEVELS[-1], 0.8)]))


def _referrals(library: Library, role: Role, lang: str) -> list[Referral]:
    """Whom ``role`` hands over to: the roles of the steps that follow its own, in protocol order."""
    out: list[Referral] = []
    for protocol in library.protocols:
        steps = {s.id: s for s in protocol.steps}
        for step in protocol.steps:
            if step.role != role.id:
                continue
            for target in (steps[n] for n in step.next if n in steps):
                if target.role == role.id:
                    continue
                agency = library.agency(target.agency) if target.agency else None
                referral = Referral(library.role(target.role).name[lang], agency.name[lang] if agency else "",
                                    tuple((c.label[lang], c.value) for c in agency.contacts if c.verified) if agency else ())
                if referral not in out:
                    out.append(referral)
    return out


def card_jobs(library: Library, role: Role, lang: str, site_url: str, as_of: date, fonts_dir: Path) -> tuple[Job, Job]:
    """A role's pocket card (A6, front and back) and an A4 sheet of four of it, to print both
    sides and cut: each in the versions :func:`card_versions` gives. The sheet's cards are the
    card's faces at their own size, so both documents settle on the same version."""
    groups = []
    for protocol in library.protocols:
        items = [checklist_item(protocol, step, lang) for step in protocol.steps if step.role == role.id]
        if items:
            groups.append(CardGroup(_title(protocol, lang),
                                    tuple(CardStep(i.title, inline_html(i.text, site_url, lang)) for i in items)))
    url = page_url(site_url, lang, f"roles/{role.id}.html")
    referrals = _referrals(library, role, lang)
    notice = f"{t('card_notice', lang)} {t('valid_as_of', lang, date=long_date(as_of, lang))}"
    online = t("card_online", lang)

    def back_fixed(font: float) -> float:
        """The back's own blocks: whom to hand over to, the QR code with the address, the notice."""
        handover = _heading_height(t("card_hand_over", lang), font) if referrals else 0
        handover += sum(_lines(len(r.role) + len(r.agency) + 3 + sum(len(a) + len(b) + 2 for a, b in r.contacts), font) * font * LINE
                        for r in referrals)
        qr = max(24 * MM, (_lines(len(online) + 40, font * 0.85, FACE_WIDTH - 27 * MM) + 2) * font * 0.85 * LINE)
        return handover + qr + 2 * MM + _lines(len(notice), font * 0.8) * font * 0.8 * LINE + 2 * MM

    common = {"role": role.name[lang], "question": role.question[lang], "qr": qr_svg(url), "url": url, "notice": notice,
              "empty": t("role_none", lang), "referrals": referrals, "fit_end": FIT_END,
              "s": {key: t(key, lang) for key in ("card_hand_over", "card_continued", "card_online", "card_in_brief",
                                                  "card_more_online")}}
    cards, sheets = [], []
    for faces in card_versions(groups, role.question[lang], back_fixed):
        cards.append(_document("card.html.j2", lang, role.question[lang], fonts_dir, card=faces, fit=fit_id("card"), **common))
        sheets.append(_document("card-sheet.html.j2", lang, role.question[lang], fonts_dir, card=faces, fit=fit_id("card"),
                                slots=SHEET_SLOTS, mirror=SHEET_MIRROR, **common))
    return (Job(paths.in_language(lang, paths.card_pdf(role.id)), cards[0], tuple(cards[1:])),
            Job(paths.in_language(lang, paths.card_sheet_pdf(role.id)), sheets[0], tuple(sheets[1:])))


# Four A6 cards on an A4 sheet, in reading order; printed on both sides and flipped on the long
# edge, a card's back lands behind its front only if the backs swap left and right.
SHEET_SLOTS = (0, 1, 2, 3)
SHEET_MIRROR = (1, 0, 3, 2)


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


def inline_html(text: str, site_url: str, lang: str) -> Markup:
    """A checklist line (inline Markdown, or text escaped for Markdown) as print HTML: the pages
    hand it to MkDocs as Markdown, a PDF needs it rendered, or ``*emphasis*`` and ``\\*`` would
    print as typed and a code span's ``<`` would open a tag."""
    html = str(markdown_html(text, site_url, lang, PROTOCOL_PAGES)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[len("<p>"):-len("</p>")]
    return Markup(html)


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
    units = (t("size.kb", lang), t("size.mb", lang))
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} {units[0]}"
    return f"{format_decimal(round(size / 1_000_000, 1), format='#,##0.0', locale=locale(lang))} {units[1]}"


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
    translation = protocol.translation(lang) if lang != default_language() else None
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
        "checklists": [replace(c, items=tuple(replace(i, text=inline_html(i.text, site_url, lang)) for i in c.items))
                       for c in role_checklists(library, protocol, lang)],
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
    downloads: dict[str, list[Download]] = {lang: [] for lang in language_codes()}
    for lang in language_codes():
        labels = {"contents": t("contents", lang), "pathway": t("pathway", lang), "checklists": t("checklists", lang),
                  "sources": t("sources", lang), "metadata": t("metadata", lang), "scan": t("scan_for_page", lang)}
        protocols = [protocol_context(library, p, lang, site_url, as_of) for p in library.protocols]
        for context in protocols:
            rel = paths.protocol_pdf(str(context["id"]))
            jobs.append(Job(paths.in_language(lang, rel), _document("protocol.html.j2", lang, str(context["title"]), fonts_dir,
                                                          doc=context, s=labels, handbook=False)))
            downloads[lang].append(Download.one(t("downloads_protocols", lang), str(context["title"]), rel))
        for role in library.roles:
            card, sheet = card_jobs(library, role, lang, site_url, as_of, fonts_dir)
            jobs += [card, sheet]
            files = (DownloadFile(card.path.removeprefix(lang_prefix(lang)), t("card_a6", lang)),
                     DownloadFile(sheet.path.removeprefix(lang_prefix(lang)), t("card_sheet_a4", lang)))
            downloads[lang].append(Download(t("downloads_cards", lang), role.question[lang], files))
        glossary = sorted(library.glossary, key=lambda g: g.term[lang].casefold())
        roles = [{"question": r.question[lang], "steps": _role_steps(library, r.id, lang)} for r in library.roles]
        title = t("handbook", lang)
        jobs.append(Job(paths.in_language(lang, paths.handbook_pdf()), _document(
            "handbook.html.j2", lang, title, fonts_dir, docs=protocols, s=labels, handbook=True,
            glossary=[(g.term[lang], g.definition[lang]) for g in glossary], roles=roles,
            glossary_title=t("glossary", lang), roles_title=t("roles", lang), agencies_title=t("agencies", lang),
            agencies=_agencies(library, lang), contacts_label=t("contacts", lang),
            # Fixed elements repeat on every page: one watermark for the book, not one per document.
            watermark=next((str(d["watermark"]) for d in protocols if d["watermark"]), ""),
            as_of=t("valid_as_of", lang, date=long_date(as_of, lang)), intro=t("handbook_intro", lang))))
        downloads[lang].insert(0, Download.one(t("downloads_handbook", lang), title, paths.handbook_pdf()))
    return jobs, downloads


def campaign_jobs(library: Library, site_url: str, as_of: date, fonts_dir: Path) -> tuple[list[Job], dict[str, list[Download]]]:
    """Posters (A3, A4) and flyers (A5) per event and the ten-step worksheet, for every campaign in
    every language (the Plan of Activities is :func:`gorag.plan.plan_jobs`'s)."""
    jobs: list[Job] = []
    downloads: dict[str, list[Download]] = {lang: [] for lang in language_codes()}
    for lang in language_codes():
        for campaign in library.campaigns:
            group = campaign.title[lang]
            message = campaign.messages[0][lang] if campaign.messages else campaign.theme[lang]
            common = {"campaign": campaign.title[lang], "theme": campaign.theme[lang],
                      "as_of": t("valid_as_of", lang, date=long_date(as_of, lang)), "s": _campaign_labels(lang)}
            steps = [{"title": s.title[lang], "owner": library.agency(s.owner).name[lang], "deadline": long_date(s.deadline, lang),
                      "done": s.status == "done"} for s in campaign.plan]
            jobs.append(Job(paths.in_language(lang, paths.worksheet_pdf(campaign.id)), _document(
                "worksheet.html.j2", lang, f"{t('plan', lang)}: {campaign.title[lang]}", fonts_dir, steps=steps, **common)))
            downloads[lang].append(Download.one(group, t("worksheet", lang), paths.worksheet_pdf(campaign.id)))
            colours = campaign_colours(campaign.id)
            for event in sorted_events(campaign):
                if event.cancelled:
                    continue
                view = event_view(library, event, lang, "")
                url = page_url(site_url, lang, paths.event_page(campaign.id, view.id))
                context = {"message": message, "qr": qr_svg(url), "url": url, "colours": colours, "campaign": campaign.title[lang],
                           "theme": campaign.theme[lang], "s": _poster_labels(lang)}
                files = []
                for kind, label in POSTER_KINDS:
                    rel = paths.poster_pdf(campaign.id, view.id, kind)
                    jobs.append(poster_job(paths.in_language(lang, rel), lang, fonts_dir, kind, view, event,
                                           where=where(library, event, lang), **context))
                    files.append(DownloadFile(rel, t(label, lang)))
                downloads[lang].append(Download(group, view.title, tuple(files)))
    return jobs, downloads


def _campaign_labels(lang: str) -> dict[str, str]:
    """The ten-step worksheet's labels (the Plan of Activities has its own, gorag.plan)."""
    keys = ("col_number", "plan", "plan_intro", "owner", "deadline", "notes", "done_label")
    return {key: t(key, lang) for key in keys}
