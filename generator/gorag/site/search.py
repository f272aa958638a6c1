"""One search index per language.

Material with mkdocs-static-i18n writes a single index mixing every language. Readers must only
find pages in their own language, so the entries are split by location prefix and each language's
prebuilt index (:mod:`gorag.search_index`) is written under its root. Material's search box still
loads ``search/search_index.json`` from there (:mod:`gorag.site.theme_fixes` points its ``base`` there;
a ``.js`` copy serves ``file://``, where it cannot fetch JSON) and hands it to the search worker:
it now holds only the configuration, with the folder of the language's index.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import GoragError
from ..languages import lang_prefix
from ..paths import VENDOR
from ..search_index import BROWSER_STEMMERS, FOLDER, STEMMER_FILE, STEMMERS, build_shards

# Browser code copied into the site, installed from npm by `make site` (generator/vendor/package.json):
# the Snowball stemmers the search worker runs (the CommonJS builds: one file each, no imports).
BROWSER_STEMMER_FILES = {"russian": "@orama/stemmers/dist/ru.cjs"}


def check_browser_code() -> None:
    """Raise :class:`GoragError` before a build if browser code the index ships is not installed."""
    for lang in sorted(BROWSER_STEMMERS):
        browser_stemmer(STEMMERS[lang])


def browser_stemmer(name: str) -> str:
    """``stemmer.js`` of a language whose stemmer the browser runs: the vendored CommonJS file,
    run with an ``exports`` object that becomes ``self.goragStemmer.<name>``."""
    path = VENDOR / BROWSER_STEMMER_FILES[name]
    try:
        code = path.read_text(encoding="utf-8")
    except OSError as error:
        raise GoragError(f"{path}: the search's {name} stemmer for the browser is not installed "
                         f"({error.strerror or error}); `make site` installs it "
                         "(npm ci --prefix generator/vendor)") from None
    return ("/* Snowball stemmer from @orama/stemmers (Apache-2.0), installed from npm and copied by"
            " Gorag's build. */\nself.goragStemmer = self.goragStemmer || {};\n"
            f"(function (exports) {{\n{code}\n}})(self.goragStemmer[{json.dumps(name)}] = {{}});\n")


def language_config(config: dict[str, Any], lang: str) -> dict[str, Any]:
    """The search configuration of ``lang``'s index, from that of the mixed index; ``gorag`` is
    where the worker finds the language's prebuilt index (:mod:`gorag.search_index`), from the
    site's root."""
    return {**config, "lang": [lang], "gorag": paths.search_shards(lang)}


def _folder(site_dir: Path, lang: str) -> Path:
    """Where ``lang``'s index lives in ``site_dir``: under its language root."""
    return site_dir / paths.search_folder(lang)


def split_index(index: dict[str, Any], languages: tuple[str, ...], default: str) -> dict[str, dict[str, Any]]:
    """Split a mixed Material index into ``{lang: index}`` with locations relative to each language root."""
    prefixes = {lang: lang_prefix(lang) for lang in languages if lang != default}
    out: dict[str, dict[str, Any]] = {lang: {"config": language_config(index["config"], lang), "docs": []}
                                      for lang in languages}
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


SAVED = ".gorag-search"  # what a language's build noted about the index it wrote (see save_language)


def save_language(site_dir: Path, entries: list[dict[str, Any]], config: dict[str, Any], lang: str,
                  languages: tuple[str, ...], default: str) -> bool:
    """In the build of ``lang`` alone into ``site_dir``, write that language's final index from
    Material's ``entries`` and search ``config``, assuming the merged index's configuration is
    this build's own (:func:`fix_saved` corrects it if not). False, and nothing written, if the
    entries hold pages of another language: the indexes must then be merged and split."""
    # As Material writes its index (unknown values as strings) and the merged one is read back.
    entries = json.loads(json.dumps(entries, default=str)) if _unusual(entries) else entries
    config = json.loads(json.dumps(config, default=str))
    part = split_index({"config": config, "docs": entries}, languages, default)
    if any(other["docs"] for code, other in part.items() if code != lang):
        return False
    folder = site_dir / SAVED
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    if part[lang]["docs"]:
        write_index(site_dir, lang, part[lang])
        (folder / "head.json").write_text(json.dumps(part[lang]["config"]), encoding="utf-8")
    return True


def _unusual(docs: list[dict[str, Any]]) -> bool:
    """Whether any entry holds something JSON has no exact form for (Material writes it as a string)."""
    plain = (str, int, float, bool, type(None))
    return any(not isinstance(value, plain) and not (isinstance(value, list) and all(isinstance(v, plain) for v in value))
               for doc in docs for value in doc.values())


def saved_config(site_dir: Path) -> dict[str, Any]:
    """The search configuration the build into ``site_dir`` noted (see :func:`save_language`)."""
    return json.loads((site_dir / SAVED / "config.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def fix_saved(site_dir: Path, lang: str, config: dict[str, Any]) -> bool:
    """Give the index :func:`save_language` wrote in ``site_dir`` the configuration the merged index
    ``config`` makes for ``lang``, if it differs; return whether it did. The result is what
    :func:`write_indexes` writes from the merged index."""
    head_file = site_dir / SAVED / "head.json"
    if not head_file.is_file():
        return False
    old = json.loads(head_file.read_text(encoding="utf-8"))
    new = language_config(config, lang)
    if json.dumps(new) == json.dumps(old):  # the same values in the same order
        return False
    text = (_folder(site_dir, lang) / "search_index.json").read_text(encoding="utf-8")
    opening = '{"config":' + json.dumps(old, ensure_ascii=False, separators=(",", ":"))
    assert text.startswith(opening), "the index save_language wrote"
    _write_text(site_dir, lang, '{"config":' + json.dumps(new, ensure_ascii=False, separators=(",", ":")) + text[len(opening):])
    return True


def merge_indexes(indexes: list[dict[str, Any]]) -> dict[str, Any]:
    """One index of every build's pages, in build order, as mkdocs-static-i18n merges them (whose
    merged index keeps the search configuration of the last language built)."""
    return {"config": indexes[-1]["config"], "docs": [doc for index in indexes for doc in index["docs"]]}


def write_indexes(site_dir: Path, index: dict[str, Any], languages: tuple[str, ...], default: str,
                  only: set[str] | None = None) -> dict[str, int]:
    """Replace ``search/search_index.json`` by one index per language (or the ``only`` ones);
    return each one's byte size."""
    indexes = split_index(index, languages, default)
    return {lang: write_index(site_dir, lang, part) for lang, part in indexes.items()
            if part["docs"] and (only is None or lang in only)}


def write_index(site_dir: Path, lang: str, part: dict[str, Any]) -> int:
    """Write the index of one language (a part :func:`split_index` made) under its root in
    ``site_dir``: the prebuilt shards (:func:`gorag.search_index.build_shards`) and, for Material's
    search box, which loads ``search_index.json`` (or ``.js`` from ``file://``) and hands it to the
    worker, the configuration alone. Return the bytes written."""
    folder = _folder(site_dir, lang) / FOLDER
    if folder.is_dir():
        shutil.rmtree(folder)
    size = 0
    files = build_shards(part["docs"], lang)
    if lang in BROWSER_STEMMERS:
        files[STEMMER_FILE] = browser_stemmer(STEMMERS[lang])
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (folder / rel).write_bytes(data)
        size += len(data)
    return size + _write_text(site_dir, lang, json.dumps({"config": part["config"], "docs": []},
                                                                    ensure_ascii=False, separators=(",", ":")))


def _write_text(site_dir: Path, lang: str, text: str) -> int:
    folder = _folder(site_dir, lang)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "search_index.json").write_text(text, encoding="utf-8")
    (folder / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")
    return len(text.encode("utf-8"))
