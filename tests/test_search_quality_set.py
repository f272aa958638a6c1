"""The judged query set (tests/search/judged.yml) points at real pages and sections of the shipped site.

bench/search_quality.py scores search engines against this set; a query judged against a page or
heading that no longer exists would silently count as a miss for every engine, so the set is
checked against the shipped content built the way readers get it."""

from __future__ import annotations

import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import LANGS

JUDGED = Path(__file__).resolve().parent / "search" / "judged.yml"
KINDS = {"word", "inflected", "phrase", "partial", "ascii", "agency", "glossary"}
MIN_PER_LANG = 30


class HeadingIds(HTMLParser):
    """Collects the ids of h1–h6 elements: the anchors Material's search links sections to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            for name, value in attrs:
                if name == "id" and value:
                    self.ids.add(unicodedata.normalize("NFC", value))


def load() -> list[dict[str, str]]:
    return yaml.safe_load(JUDGED.read_text(encoding="utf-8"))["queries"]


def test_enough_well_formed_queries_per_language() -> None:
    queries = load()
    for q in queries:
        assert set(q) <= {"lang", "kind", "query", "page", "anchor"}, q
        assert q["lang"] in LANGS and q["kind"] in KINDS, q
        assert str(q["query"]).strip() == str(q["query"]) and q["query"], q
        assert q["page"].endswith(".html") and not q["page"].startswith(("/", "en/", "ru/", "tk/")), q
        assert q["anchor"] and "#" not in q["anchor"], q
    per_lang = Counter(q["lang"] for q in queries)
    assert all(per_lang[lang] >= MIN_PER_LANG for lang in LANGS), per_lang
    repeated = [k for k, n in Counter((q["lang"], q["query"].casefold()) for q in queries).items() if n > 1]
    assert repeated == []


def test_judged_pages_and_sections_exist(shipped_site: Path) -> None:
    ids: dict[Path, set[str]] = {}
    missing = []
    for q in load():
        html = shipped_site / ("" if q["lang"] == "en" else q["lang"]) / q["page"]
        if not html.is_file():
            missing.append(f"{q['lang']} {q['query']!r}: no page {q['page']}")
            continue
        if html not in ids:
            parser = HeadingIds()
            parser.feed(html.read_text(encoding="utf-8"))
            ids[html] = parser.ids
        if unicodedata.normalize("NFC", q["anchor"]) not in ids[html]:
            missing.append(f"{q['lang']} {q['query']!r}: no heading #{q['anchor']} in {q['page']}")
    assert missing == []


def test_pages_are_in_the_judged_language(shipped_site: Path) -> None:
    """A translated page, not the English fallback: a Russian query judged against English text
    would measure nothing."""
    for q in load():
        html = (shipped_site / ("" if q["lang"] == "en" else q["lang"]) / q["page"]).read_text(encoding="utf-8")
        assert f'<html lang="{q["lang"]}"' in html, q
        assert "Sahypa entek terjime edilmedi" not in html and "Страница ещё не переведена" not in html, q
