"""Where things are: the package's own files, and where every output of every language lives in
the built site. One table, as Pelican keeps its ``*_URL``/``*_SAVE_AS`` settings: nothing else
writes an output path by hand (see docs/developers.md, "Where each output comes from").

Paths are relative to a language's root (``downloads/handbook.pdf``); :func:`in_language` puts
one under its language's folder (``ru/downloads/handbook.pdf``), :func:`link` gives the relative
address from one page to another file of the same language.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from .languages import lang_prefix

# The package's own files.
PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"  # pages (*.md.j2) and, under print/, printables (*.html.j2, print.css)
PRINT_TEMPLATES = TEMPLATES / "print"
ASSETS = PACKAGE / "assets"
CAMPAIGN_TEMPLATES = PACKAGE / "campaign_templates"
# Browser code from npm (generator/vendor/package.json), installed by `make` with `npm ci`.
VENDOR = PACKAGE.parent / "vendor" / "node_modules"

# Sections of a language's site.
PROTOCOLS = "protocols"
ROLES = "roles"
CAMPAIGNS = "campaigns"
DOWNLOADS = "downloads"
SEARCH = "search"
SEARCH_SHARDS = f"{SEARCH}/gorag"  # Gorag's prebuilt index (gorag.search_index), beside Material's

# The printed sizes of an event's posters and flyer: (name in paths and print.css, interface string).
POSTER_KINDS = (("poster-a3", "poster_a3"), ("poster-a4", "poster_a4"), ("flyer-a5", "flyer_a5"))


def in_language(lang: str, rel: str) -> str:
    """``rel`` (relative to a language's root) as a path of the site: ``ru/`` + rel for Russian."""
    return lang_prefix(lang) + rel


def link(from_page: str, to: str) -> str:
    """The relative address of ``to`` from the page ``from_page``, both relative to the same
    language's root (``link("protocols/a.html", "downloads/protocols/a.pdf")`` →
    ``../downloads/protocols/a.pdf``)."""
    return posixpath.relpath(to, posixpath.dirname(from_page) or ".")


# Pages.
def protocol_page(protocol_id: str) -> str:
    return f"{PROTOCOLS}/{protocol_id}.html"


def role_page(role_id: str) -> str:
    return f"{ROLES}/{role_id}.html"


def campaign_folder(campaign_id: str) -> str:
    return f"{CAMPAIGNS}/{campaign_id}"


# A campaign's pages, by the stem of campaigns/<id>/<stem>.html: overview, ten-step plan, schedule,
# Plan of Activities (gorag.plan), report (gorag.results).
CAMPAIGN_PAGES = ("index", "plan", "schedule", "activities", "report")


def campaign_page(campaign_id: str, stem: str) -> str:
    return f"{campaign_folder(campaign_id)}/{stem}.html"


def event_page(campaign_id: str, event_id: str) -> str:
    return f"{campaign_folder(campaign_id)}/events/{event_id}.html"


# Printables and office documents.
def protocol_pdf(protocol_id: str) -> str:
    return f"{DOWNLOADS}/protocols/{protocol_id}.pdf"


def handbook_pdf() -> str:
    return f"{DOWNLOADS}/handbook.pdf"


def card_pdf(role_id: str) -> str:
    """A role's pocket card: two A6 faces."""
    return f"{DOWNLOADS}/cards/{role_id}.pdf"


def card_sheet_pdf(role_id: str) -> str:
    """Four of a role's pocket cards on A4, with cut marks."""
    return f"{DOWNLOADS}/cards/{role_id}-sheet-a4.pdf"


def campaign_downloads(campaign_id: str) -> str:
    return f"{DOWNLOADS}/{CAMPAIGNS}/{campaign_id}"


def worksheet_pdf(campaign_id: str) -> str:
    return f"{campaign_downloads(campaign_id)}/ten-step-worksheet.pdf"


def poster_pdf(campaign_id: str, event_id: str, kind: str) -> str:
    """An event's poster or flyer, ``kind`` one of :data:`POSTER_KINDS`' names."""
    return f"{campaign_downloads(campaign_id)}/events/{event_id}-{kind}.pdf"


def plan_file(campaign_id: str, ext: str) -> str:
    """The campaign's Plan of Activities as ``pdf``, ``docx`` or ``xlsx``."""
    return f"{campaign_downloads(campaign_id)}/plan-of-activities.{ext}"


def report_pdf(campaign_id: str) -> str:
    return f"{campaign_downloads(campaign_id)}/report.pdf"


def matrix_xlsx(campaign_id: str) -> str:
    """The campaign's who-what-where-when matrix with results."""
    return f"{campaign_downloads(campaign_id)}/who-what-where-when.xlsx"


# Calendars.
def calendars_folder(campaign_id: str) -> str:
    return f"{campaign_folder(campaign_id)}/calendars"


def calendar_name(kind: str, key: str = "") -> str:
    """A campaign calendar's file name: ``campaign.ics``, ``planner.ics``, ``region-<id>.ics``,
    ``organiser-<id>.ics`` or ``event-<id>.ics``."""
    return f"{kind}-{key}.ics" if key else f"{kind}.ics"


def calendar_file(campaign_id: str, kind: str, key: str = "") -> str:
    return f"{calendars_folder(campaign_id)}/{calendar_name(kind, key)}"


# Offline copies and the web app.
def offline_zip(lang: str) -> str:
    """``lang``'s zip, under that language's folder."""
    return f"{DOWNLOADS}/gorag-offline-{lang}.zip"


def zim_file(lang: str) -> str:
    """``lang``'s Kiwix ZIM, under that language's folder."""
    return f"{DOWNLOADS}/gorag-{lang}.zim"


COPY_SUFFIXES = (".zip", ".zim")
SERVICE_WORKER = "sw.js"  # at the site's root: its scope is the whole site
OFFLINE_LISTS = "offline"
MANIFEST = "manifest.webmanifest"


def offline_list(lang: str) -> str:
    """The list of files ``lang``'s saved copy holds (at the site's root, beside the worker)."""
    return f"{OFFLINE_LISTS}/{lang}.json"


def manifest(lang: str) -> str:
    """``lang``'s web app manifest, at that language's root."""
    return in_language(lang, MANIFEST)


# The site map and each language's Downloads page.
SITEMAP = "sitemap.xml"
DOWNLOADS_PAGE = "downloads"  # downloads.html in each language's folder


# Search.
def search_folder(lang: str) -> str:
    """Where Material's search box looks for ``lang``'s index (``search/``, ``ru/search/``)."""
    return in_language(lang, f"{SEARCH}/")


def search_shards(lang: str) -> str:
    """The folder of ``lang``'s prebuilt index files."""
    return in_language(lang, f"{SEARCH_SHARDS}/")
