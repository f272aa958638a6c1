"""Render the validated library into Markdown pages staged for the site builder.

Every function here is pure: a :class:`~gorag.models.Library` in, ``{path: text}`` out. Templates
get prepared values only; what is shown and in which language is decided here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import paths
from .diagram import Node, pathway_steps, pathway_svg
from .field_tables import expand
from .i18n import long_date, t
from .languages import default_language, language_codes
from .markup import anchor, escape, escape_title, inline
from .models import KINDS, DocPage, Library, Protocol, Step, StepText
from .translations import completeness
from .translations import status as translation_status

PROTOCOL_DIR, ROLE_DIR = paths.PROTOCOLS, paths.ROLES
# Ids of the "What to do" part of a protocol page: role pages link to the pathway.
TODO_ANCHOR, PATHWAY_ANCHOR, CHECKLISTS_ANCHOR = "what-to-do", "what-to-do-pathway", "what-to-do-checklists"


@dataclass(frozen=True)
class Notice:
    """An admonition shown above a page's text."""

    kind: str
    title: str
    text: str


@dataclass(frozen=True)
class Link:
    title: str
    href: str
    note: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    """One line of a role's checklist: a step's title and what to do (or where a decision leads)."""

    title: str
    text: str


@dataclass(frozen=True)
class Checklist:
    """One role's steps in one protocol; ``anchor`` is the attribute list giving its heading an id."""

    heading: str
    href: str
    items: tuple[ChecklistItem, ...]
    anchor: Markup | str = ""
    pathway: Link | None = None


@dataclass(frozen=True)
class StepView:
    """A step of the pathway as the phone rendition shows it (values ready to print)."""

    number: str
    anchor: str
    title: str
    role: str
    role_href: str
    decision: str
    branches: tuple[Link, ...]  # note: the option label (or "Next"), title: "Step N: title", href: "#anchor"
    end: str


def _step_title(protocol: Protocol, step: Step, lang: str) -> str:
    text = _step_text(protocol, step, lang)
    return text.title if text else step.title


def _step_text(protocol: Protocol, step: Step, lang: str) -> StepText | None:
    translation = protocol.translation(lang) if lang != default_language() else None
    return translation.step(step.id) if translation else None


def _option_labels(protocol: Protocol, step: Step, lang: str) -> tuple[str, ...]:
    text = _step_text(protocol, step, lang)
    return text.labels if text and text.labels else tuple(o.label for o in step.options)


def checklist_item(protocol: Protocol, step: Step, lang: str) -> ChecklistItem:
    """A step as a checklist line in ``lang`` (English where the translation lacks the step)."""
    text = _step_text(protocol, step, lang)
    if not step.is_decision:
        return ChecklistItem(_step_title(protocol, step, lang), inline(text.action if text and text.action else step.action))
    steps = {s.id: s for s in protocol.steps}
    branches = [t("decision_then", lang, label=label, target=_step_title(protocol, steps[o.next], lang))
                for label, o in zip(_option_labels(protocol, step, lang), step.options, strict=True)]
    return ChecklistItem(_step_title(protocol, step, lang), escape("; ".join(branches)))


def checklist_anchor(key: str) -> str:
    """The id of a checklist's heading: a role's on a protocol page (the pathway's steps link to
    it), a protocol's on a role page."""
    return f"checklist-{key}"


def role_checklists(library: Library, protocol: Protocol, lang: str) -> list[Checklist]:
    """The protocol's steps grouped by the role that acts, roles in order of first appearance."""
    roles = list(dict.fromkeys(step.role for step in protocol.steps))
    return [Checklist(library.role(role).name[lang], f"../{ROLE_DIR}/{role}.md",
                      tuple(checklist_item(protocol, s, lang) for s in protocol.steps if s.role == role),
                      anchor(checklist_anchor(role))) for role in roles]


def _nodes(library: Library, protocol: Protocol, lang: str) -> list[Node]:
    """The protocol's steps as the pathway needs them: the one source of the diagram and of the
    phone rendition."""
    nodes = []
    for step in protocol.steps:
        labels = _option_labels(protocol, step, lang) if step.is_decision else ("",) * len(step.next)
        nodes.append(Node(step.id, _step_title(protocol, step, lang), library.role(step.role).name[lang],
                          step.is_decision, tuple(zip(step.next, labels, strict=True)), step.role))
    return nodes


def _pathway_id(protocol: Protocol) -> str:
    return f"pathway-{protocol.id}"


def _pathway_svg(nodes: list[Node], protocol: Protocol, lang: str) -> Markup:
    title = f"{t('pathway', lang)}: {_title(protocol, lang)}"
    return Markup(pathway_svg(nodes, title, _pathway_id(protocol)))


def pathway(library: Library, protocol: Protocol, lang: str) -> Markup:
    """The referral-pathway diagram of ``protocol`` as inline SVG in ``lang`` (pages and PDFs)."""
    return _pathway_svg(_nodes(library, protocol, lang), protocol, lang)


def step_views(nodes: list[Node], protocol: Protocol, lang: str) -> list[StepView]:
    """The pathway as numbered steps in ``lang``, from the same nodes as the diagram."""
    views = []
    for card in pathway_steps(nodes, _pathway_id(protocol)):
        branches = tuple(Link(t("step_target", lang, number=str(b.number), title=b.title), f"#{b.anchor}",
                              b.label or t("step_next", lang)) for b in card.branches)
        views.append(StepView(t("step_number", lang, number=str(card.number)), card.anchor, card.title, card.role,
                              f"#{checklist_anchor(card.role_id)}", t("step_decision", lang) if card.decision else "",
                              branches, "" if branches else t("step_end", lang)))
    return views


@cache
def _env() -> Environment:
    # auto_reload off: templates are package files, not edited while a build runs (it would stat
    # the template file at every page otherwise).
    # Every value a template prints is escaped for HTML and Markdown alike (markup.escape), unless
    # it is Markup: text the site made, or inline Markdown that validation held to its allowlist.
    env = Environment(loader=PackageLoader("gorag", "templates"), autoescape=True, auto_reload=False,
                      finalize=escape, undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    # A JSON string is a valid double-quoted YAML scalar; readable letters are kept as they are.
    # MkDocs prints a page's title into the navigation and <title> unescaped: see markup.escape_title.
    env.filters["yaml_string"] = lambda value: Markup(json.dumps(escape_title(str(value)), ensure_ascii=False))
    return env


def page_name(stem: str, lang: str) -> str:
    """Staged file name of ``stem`` in ``lang`` (static-i18n suffix layout: English has no suffix)."""
    return f"{stem}.md" if lang == default_language() else f"{stem}.{lang}.md"


def _status_notices(protocol: Protocol, lang: str) -> list[Notice]:
    notices = []
    if protocol.status in ("model", "draft", "superseded"):
        kind = "warning" if protocol.status == "superseded" else "info"
        notices.append(Notice(kind, t(f"status.{protocol.status}", lang), t(f"notice.{protocol.status}", lang)))
    return notices


def _translation_notices(protocol: Protocol, lang: str) -> tuple[list[Notice], bool]:
    """Notices about the translation in ``lang``; the flag says whether English text stands in."""
    if lang == default_language():
        return [], False
    translation = protocol.translation(lang)
    if translation is None:
        return [Notice("note", t("notice.fallback_title", lang), t("notice.fallback", lang))], True
    notices = []
    if translation.source_version != protocol.version:
        notices.append(Notice("warning", t("notice.outdated_title", lang),
                              t("notice.outdated", lang, old=translation.source_version, new=protocol.version)))
    if translation.status == "draft":
        notices.append(Notice("note", t("notice.title", lang), t("notice.draft_translation", lang)))
    return notices, False


def _meta_rows(library: Library, protocol: Protocol, lang: str) -> list[tuple[str, Markup]]:
    def date_or_unset(value: object) -> str:
        return long_date(value, lang) if value else t("not_set", lang)  # type: ignore[arg-type]

    def links(items: list[Link]) -> Markup:
        return Markup(", ".join(f"[{escape(i.title)}]({escape(i.href)})" for i in items))

    related = [Link(_title(library.protocol(r), lang), f"{r}.md") for r in protocol.related]
    rows = [
        (t("kind", lang), escape(t(f"kind.{protocol.kind}", lang))),
        (t("status", lang), escape(t(f"status.{protocol.status}", lang))),
        (t("version", lang), escape(protocol.version)),
        (t("effective", lang), escape(date_or_unset(protocol.effective))),
        (t("review_by", lang), escape(date_or_unset(protocol.review_by))),
        (t("owners", lang), escape("; ".join(library.agency(a).name[lang] for a in protocol.owners))),
        (t("audiences", lang), links([Link(library.role(r).name[lang], f"../{ROLE_DIR}/{r}.md") for r in protocol.audiences])),
    ]
    if related:
        rows.append((t("related", lang), links(related)))
    return rows


def _title(protocol: Protocol, lang: str) -> str:
    translation = protocol.translation(lang)
    return translation.title if translation else protocol.title


def render_protocol(library: Library, protocol: Protocol, lang: str, printables: bool = False) -> str:
    """A protocol page: title and notices, then what to do (the pathway and every role's checklist),
    the About box, the text and its sources."""
    translation = protocol.translation(lang) if lang != default_language() else None
    notices, fallback = _translation_notices(protocol, lang)
    nodes = _nodes(library, protocol, lang)
    return _env().get_template("protocol.md.j2").render(
        title=translation.title if translation else protocol.title,
        summary=translation.summary if translation else protocol.summary,
        exclude_from_search=fallback,
        # English standing in for a missing translation: marked as English on the page and in the
        # navigation (see render_fallback_page).
        fallback_language=default_language() if fallback else "",
        nav_subtitle=t("nav.in_english", lang) if fallback else "",
        notices=_status_notices(protocol, lang) + notices,
        meta_title=t("metadata", lang),
        rows=_meta_rows(library, protocol, lang),
        sources_title=t("sources", lang),
        sources=[{"title": s.title, "url": s.url, "publisher": s.publisher, "year": s.year, "note": inline(s.note)}
                 for s in protocol.sources],
        body=Markup(translation.body if translation else protocol.body),
        todo_title=t("what_to_do", lang),
        todo_anchor=anchor(TODO_ANCHOR),
        todo_intro=t("what_to_do_intro", lang),
        pathway_title=t("pathway", lang),
        pathway_anchor=anchor(PATHWAY_ANCHOR),
        pathway_intro=t("pathway_intro", lang),
        pathway=_pathway_svg(nodes, protocol, lang) if nodes else "",
        steps=step_views(nodes, protocol, lang),
        checklists_title=t("checklists", lang),
        checklists_anchor=anchor(CHECKLISTS_ANCHOR),
        checklists=role_checklists(library, protocol, lang),
        pdf=Link(t("download_pdf", lang), paths.link(paths.protocol_page(protocol.id), paths.protocol_pdf(protocol.id)))
        if printables else None,
    )


def render_protocol_index(library: Library, lang: str) -> str:
    groups = []
    for kind in KINDS:
        items = [Link(_title(p, lang), f"{p.id}.md", t(f"status.{p.status}", lang))
                 for p in library.protocols if p.kind == kind]
        if items:
            groups.append((t(f"kinds.{kind}", lang), items))
    return _env().get_template("index.md.j2").render(
        title=t("protocols", lang), intro=t("protocols_intro", lang), groups=groups)


def render_role_index(library: Library, lang: str) -> str:
    """Every role with the steps it owns, protocol by protocol."""
    roles = []
    for role in library.roles:
        owned = []
        for protocol in library.protocols:
            titles = [_step_title(protocol, step, lang) for step in protocol.steps if step.role == role.id]
            if titles:
                owned.append(Link(_title(protocol, lang), f"../{PROTOCOL_DIR}/{protocol.id}.md", "; ".join(titles)))
        roles.append({"question": role.question[lang], "href": f"{role.id}.md", "protocols": owned})
    return _env().get_template("roles.md.j2").render(
        title=t("roles", lang), intro=t("roles_intro", lang), roles=roles, empty=t("role_none", lang))


def render_role(library: Library, role_id: str, lang: str, printables: bool = False) -> str:
    """A role's page: its checklist in every protocol, each with a link to that protocol's pathway."""
    role = library.role(role_id)
    checklists = []
    for protocol in library.protocols:
        items = tuple(checklist_item(protocol, step, lang) for step in protocol.steps if step.role == role_id)
        if items or role_id in protocol.audiences:
            href = f"../{PROTOCOL_DIR}/{protocol.id}.md"
            checklists.append(Checklist(_title(protocol, lang), href, items, anchor(checklist_anchor(protocol.id)),
                                        Link(t("see_pathway", lang), f"{href}#{PATHWAY_ANCHOR}") if protocol.steps else None))
    return _env().get_template("role.md.j2").render(
        title=role.question[lang], heading=t("your_steps", lang), checklists=checklists, empty=t("role_none", lang),
        pdf=Link(t("download_card", lang), paths.link(paths.role_page(role_id), paths.card_pdf(role_id))) if printables else None)


def render_glossary(library: Library, lang: str) -> str:
    entries = []
    for term in sorted(library.glossary, key=lambda g: g.term[lang].casefold()):
        others = [f"{other.upper()}: {term.term[other]}" for other in language_codes() if other != lang]
        entries.append({"id": term.id, "anchor": anchor(term.id), "term": term.term[lang], "definition": inline(term.definition[lang]),
                        "others": "; ".join(others), "source": term.source})
    return _env().get_template("glossary.md.j2").render(
        title=t("glossary", lang), intro=t("glossary_intro", lang), entries=entries,
        others_label=t("in_other_languages", lang), source_label=t("definition_source", lang))


def render_agencies(library: Library, lang: str) -> str:
    entries = []
    for agency in sorted(library.agencies, key=lambda a: a.name[lang].casefold()):
        parts = []
        for protocol in library.protocols:
            acts = [_step_title(protocol, s, lang) for s in protocol.steps if s.agency == agency.id]
            notes = ([t("responsible", lang)] if agency.id in protocol.owners else []) + (
                [f"{t('acts_in', lang)}: {', '.join(acts)}"] if acts else [])
            if notes:
                parts.append(Link(_title(protocol, lang), f"{PROTOCOL_DIR}/{protocol.id}.md", "; ".join(notes)))
        contacts = [(c.label[lang], c.value if c.verified else t("to_be_confirmed", lang)) for c in agency.contacts]
        entries.append({"id": agency.id, "anchor": anchor(agency.id), "name": agency.name[lang], "short": agency.short[lang],
                        "description": inline(agency.description[lang]) if agency.description else "",
                        "contacts": contacts, "parts": parts})
    return _env().get_template("agencies.md.j2").render(
        title=t("agencies", lang), intro=t("agencies_intro", lang), entries=entries,
        contacts_label=t("contacts", lang), parts_label=t("role_in_protocols", lang), no_part=t("none_yet", lang))


def _summary(protocol: Protocol, lang: str) -> str:
    translation = protocol.translation(lang)
    return translation.summary if translation else protocol.summary


def render_translation_status(library: Library, lang: str) -> str:
    """The Translation status page, in ``lang``, for every document and language."""
    entries = translation_status(library)
    rows = [{"title": e.title, "lang": e.lang.upper(), "state": t(f"state.{e.state}", lang), "detail": e.detail} for e in entries]
    summary = [t("complete", lang, language=code.upper(), share=f"{share:.0%}") for code, share in completeness(entries).items()]
    return _env().get_template("translation-status.md.j2").render(
        title=t("translation_status", lang), intro=t("translation_status_intro", lang), rows=rows, summary=summary,
        s={k: t(k, lang) for k in ("col_document", "col_language", "col_state")})


def render_fallback_page(source_text: str, lang: str) -> str:
    """An English docs page standing in for a missing translation, with a notice in ``lang``: its
    text is marked as English (``lang="en"``, so it is read aloud and hyphenated as English), and
    the navigation marks it (``subtitle``, ``fallback_language``: see gorag/site/rewrites.py)."""
    head, sep, body = source_text.partition("\n---\n")
    notice = Notice("note", t("notice.fallback_title", lang), t("notice.fallback", lang))
    rendered = _env().get_template("notice.md.j2").render(notices=[notice])
    meta = (f"\nsearch:\n  exclude: true\nfallback_language: {default_language()}\n"
            f"subtitle: {json.dumps(t('nav.in_english', lang), ensure_ascii=False)}")
    return f'{head}{meta}{sep}\n{rendered}\n<div lang="{default_language()}" markdown="1">\n\n{body}\n\n</div>\n'


def render_site(library: Library, docs_dir: Path, printables: bool = False) -> dict[str, str]:
    """Every generated page of the site, keyed by its path inside the staged docs directory."""
    pages: dict[str, str] = {}
    for lang in language_codes():
        for protocol in library.protocols:
            pages[f"{PROTOCOL_DIR}/{page_name(protocol.id, lang)}"] = render_protocol(library, protocol, lang, printables)
        pages[f"{PROTOCOL_DIR}/{page_name('index', lang)}"] = render_protocol_index(library, lang)
        pages[f"{ROLE_DIR}/{page_name('index', lang)}"] = render_role_index(library, lang)
        for role in library.roles:
            pages[f"{ROLE_DIR}/{page_name(role.id, lang)}"] = render_role(library, role.id, lang, printables)
        pages[page_name("agencies", lang)] = render_agencies(library, lang)
        pages[page_name("translation-status", lang)] = render_translation_status(library, lang)
        if library.glossary:
            pages[page_name("glossary", lang)] = render_glossary(library, lang)
        for page in library.pages:
            if lang not in page.langs:
                # The English copy's field tables (gorag.field_tables) in the reader's language.
                source = expand(_read_page(docs_dir, page), lang, f"{docs_dir.name}/{page.stem}.md")
                pages[page_name(page.stem, lang)] = render_fallback_page(source, lang)
    return pages


def _read_page(docs_dir: Path, page: DocPage) -> str:
    return (docs_dir / f"{page.stem}.md").read_text(encoding="utf-8")
