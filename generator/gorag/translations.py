"""Translation status: for every document and language, translated, outdated, draft or missing."""

from __future__ import annotations

from dataclasses import dataclass

from .languages import default_language, language_codes
from .models import Library

STATES = ("translated", "draft", "outdated", "missing")


@dataclass(frozen=True)
class Entry:
    """One document in one language."""

    doc: str
    title: str
    lang: str
    state: str
    detail: str = ""  # e.g. "follows 0.1, English is 0.3"


def status(library: Library) -> list[Entry]:
    """Every protocol and page in every non-default language. An outdated translation is reported
    as outdated even if it is also a draft: being behind the English text matters more."""
    entries = []
    for protocol in library.protocols:
        for lang in language_codes():
            if lang == default_language():
                continue
            translation = protocol.translation(lang)
            if translation is None:
                entries.append(Entry(protocol.id, protocol.title, lang, "missing"))
            elif translation.source_version != protocol.version:
                entries.append(Entry(protocol.id, protocol.title, lang, "outdated",
                                     f"{translation.source_version} → {protocol.version}"))
            else:
                entries.append(Entry(protocol.id, protocol.title, lang, "draft" if translation.status == "draft" else "translated"))
    for page in (page for page in library.pages if page.translate):
        for lang in language_codes():
            if lang != default_language():
                entries.append(Entry(f"docs/{page.stem}", page.title, lang, "translated" if lang in page.langs else "missing"))
    return entries


def completeness(entries: list[Entry]) -> dict[str, float]:
    """Share of documents per language that have a current translation (draft or reviewed)."""
    out: dict[str, float] = {}
    for lang in language_codes():
        mine = [e for e in entries if e.lang == lang]
        if mine:
            out[lang] = sum(e.state in ("translated", "draft") for e in mine) / len(mine)
    return out


def report(entries: list[Entry]) -> str:
    """A plain-text table for the terminal."""
    width = max((len(e.doc) for e in entries), default=10)
    lines = [f"{'document':<{width}}  lang  state       detail"]
    lines += [f"{e.doc:<{width}}  {e.lang:<4}  {e.state:<10}  {e.detail}".rstrip() for e in entries]
    lines.append("")
    lines += [f"{lang}: {share:.0%} complete" for lang, share in completeness(entries).items()]
    return "\n".join(lines)
