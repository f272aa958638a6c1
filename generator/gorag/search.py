"""One search index per language.

Material with mkdocs-static-i18n writes a single index mixing every language. Readers must only
find pages in their own language, so the index is split by location prefix and written under each
language's root, where the theme (``overrides/main.html`` points ``base`` there) loads it. A
``.js`` copy serves ``file://``, where the theme cannot fetch JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Material keeps only the lunr pipeline steps an index's config names, and its Russian strings name
# none, so Russian would not be stemmed. Turkmen folding lives in lunr.tk's normalizer, which
# Material never removes (overrides/assets/javascripts/lunr/min/lunr.tk.min.js).
PIPELINES: dict[str, list[str]] = {"ru": ["stemmer", "stopWordFilter", "trimmer"]}


def split_index(index: dict[str, Any], languages: tuple[str, ...], default: str) -> dict[str, dict[str, Any]]:
    """Split a mixed Material index into ``{lang: index}`` with locations relative to each language root."""
    prefixes = {lang: f"{lang}/" for lang in languages if lang != default}
    out: dict[str, dict[str, Any]] = {}
    for lang in languages:
        pipeline = PIPELINES.get(lang, index["config"].get("pipeline", []))
        out[lang] = {"config": {**index["config"], "lang": [lang], "pipeline": pipeline}, "docs": []}
    for doc in index["docs"]:
        location = doc["location"]
        lang = next((code for code, prefix in prefixes.items() if location.startswith(prefix)), default)
        local = location[len(prefixes[lang]):] if lang in prefixes else location
        out[lang]["docs"].append({**doc, "location": local})
    return out


def read_index(site_dir: Path) -> dict[str, Any] | None:
    """The index Material's search plugin wrote at the site root, if any."""
    source = site_dir / "search" / "search_index.json"
    return json.loads(source.read_text(encoding="utf-8")) if source.is_file() else None


def merge_indexes(indexes: list[dict[str, Any]]) -> dict[str, Any]:
    """One index of every build's pages, in build order, as mkdocs-static-i18n merges them (whose
    merged index keeps the search configuration of the last language built)."""
    return {"config": indexes[-1]["config"], "docs": [doc for index in indexes for doc in index["docs"]]}


def write_indexes(site_dir: Path, index: dict[str, Any], languages: tuple[str, ...], default: str,
                  only: set[str] | None = None) -> dict[str, int]:
    """Replace ``search/search_index.json`` by one index per language (or the ``only`` ones);
    return each one's byte size."""
    indexes = split_index(index, languages, default)
    sizes = {}
    for lang, part in indexes.items():
        if not part["docs"] or (only is not None and lang not in only):
            continue
        folder = site_dir / "search" if lang == default else site_dir / lang / "search"
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(part, ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(text, encoding="utf-8")
        (folder / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")
        sizes[lang] = len(text.encode("utf-8"))
    return sizes
