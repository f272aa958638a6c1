"""Gorag's own search index: prebuilt at build time, per language, in small shards.

Material's lunr index is built in the reader's browser on every page load (seconds at a few
thousand documents, longer on a phone), and its English-only pipeline misses most Russian word
forms. Here each language's sections are tokenised, normalised and stemmed once, at build time,
and written as an inverted index split by the first characters of each term, plus shards of
titles and excerpts. The browser (``overrides/assets/javascripts/workers/gorag-search.js``, which
answers Material's search box) loads only the shards a query needs, with ``<script>``-style
loading that works from ``file://`` too. Every score is computed here (BM25 with title boosts),
so the browser only adds them up.

The text processing is shared with the browser and must give the same terms on both sides:
NFC, lower case, combining marks dropped, runs of letters and digits; Russian ``ё`` as ``е`` and Snowball's Russian
stemmer; Snowball's English stemmer; Turkmen letters folded to their Latin base (``ýol`` and
``yol`` are one term) and not stemmed (no Turkmen stemmer was shown to improve results); a short
stop-word list per language, which the manifest carries to the browser.

How the browser gets a query word's term: for Russian it runs a Snowball Russian stemmer of its
own (``@orama/stemmers``, from npm, copied into the index as ``stemmer.js``;
``tests/test_stemmer_identity.py`` checks it against this side on every shipped word). No
JavaScript stemmer gives Snowball 3's English results (the ones on npm predate its changes), so
for English each term shard lists the words of the text whose term differs from them, and the
worker looks a word up there; a word the text does not hold matches the longest term it begins
with (see the worker).

Files (format 2), under each language's ``search/gorag/``, each a script calling a function of
``self.goragSearch`` that the worker defines before loading it:

- ``manifest.js``: ``manifest({version, lang, stopwords, docs, docsPerShard, shards, stemmer,
  stemmerFile, …})``; ``shards`` lists every term-shard key; ``stemmerFile`` is ``stemmer.js``
  where the browser stems itself, else null;
- ``stemmer.js`` (Russian): defines ``self.goragStemmer.<stemmer>.stemmer(word)``;
- ``d/<n>.js``: ``docs(n, [[location, title, page, excerpt, pageTitle], …])`` for documents
  ``n × docsPerShard`` on; ``page`` is the index of the section's page entry (-1 for a page),
  ``pageTitle`` that page's title (its location is the section's before ``#``), so that a result
  list needs only the shards of its results;
- ``t/<key>.js`` (the key's code points in hex, joined by ``-``): ``terms(key, {term: [gap,
  score, …]}, {word: term})``: each term's documents as gaps from the previous id (the first
  from 0) with its BM25 score in thousandths, and (where the browser has no stemmer) the words
  of the text under this key whose term differs from them. A term lives under the longest key
  that begins it.

Pure: no MkDocs, no I/O; :func:`build_shards` returns the files to write.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import snowballstemmer

from . import paths

__all__ = ["BROWSER_STEMMERS", "FOLDER", "STEMMER_FILE", "STEMMERS", "Section", "analyse", "build_shards", "shard_file", "sections"]

VERSION = 2
FOLDER = paths.SEARCH_SHARDS.rsplit("/", 1)[1]  # under each language's search/ folder
DOCS_PER_SHARD = 8  # a result list loads the shards of its top results only: keep them small
EXCERPT = 300
K1, B = 1.2, 0.75
SHARD_BYTES = 64_000  # about; a larger term shard is split by one more character of its terms
MAX_KEY = 6
WEIGHTS = {"page_title": 5.0, "title": 3.0, "text": 1.0}
STEMMERS = {"en": "english", "ru": "russian"}
# Languages whose stemmer the browser runs itself (``stemmer.js``, see the module's docstring).
BROWSER_STEMMERS = frozenset({"ru"})
STEMMER_FILE = "stemmer.js"
_FOLD = str.maketrans("äçňöşüýž", "acnosuyz")
_WORD = re.compile(r"[^\W_]+")  # letters and digits (Unicode categories L and N), as [\p{L}\p{N}] in JS
# Combining marks NFC leaves (a stress mark over a Cyrillic vowel) are dropped, so a word written
# with one is the same word.
_MARKS = re.compile("[\u0300-\u036f]")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")

# Words so common that an index of them would be large and a query for them says nothing. Short
# on purpose: a word a practitioner might search for alone is not here.
STOPWORDS: dict[str, tuple[str, ...]] = {
    "en": ("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
           "that", "the", "this", "to", "was", "with"),
    "ru": ("а", "в", "во", "да", "же", "и", "из", "к", "как", "ко", "на", "не", "о", "об", "от", "по", "с", "со",
           "то", "у", "что", "это"),
    "tk": ("bilen", "bu", "da", "de", "hem", "we", "ya", "yada", "ucin", "su", "sol"),
}


@dataclass(frozen=True)
class Section:
    """One searchable entry: a page (``location`` without ``#``) or one of its sections."""

    location: str
    title: str
    text: str
    page: int  # index of the page entry this section belongs to; -1 for a page


def plain(value: str) -> str:
    """Text of Material's HTML-ish search entry fields: tags removed, references decoded, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()


@cache
def _stemmer(lang: str) -> Any:
    name = STEMMERS.get(lang)
    return snowballstemmer.stemmer(name) if name else None


def normal(word: str, lang: str) -> str:
    """A lower-case word as it is looked up: Russian ``ё`` as ``е``, Turkmen letters folded."""
    if lang == "ru":
        return word.replace("ё", "е")
    if lang == "tk":
        return word.translate(_FOLD)
    return word


def analyser(lang: str, stems: dict[str, str] | None = None) -> Callable[[str], list[str]]:
    """The function that turns a text of ``lang`` into its index terms (stop words dropped).
    ``stems``, if given, collects each word (as :func:`normal` makes it) whose term differs from it."""
    stem = _stemmer(lang)
    stop = frozenset(STOPWORDS.get(lang, ()))
    memo: dict[str, str | None] = {}

    def term(word: str) -> str | None:
        word = normal(word, lang)
        if word in stop:
            return None
        found = stem.stemWord(word) if stem else word
        if stems is not None and found != word:
            stems[word] = found
        return found

    def analyse_text(text: str) -> list[str]:
        out = []
        for word in _WORD.findall(_MARKS.sub("", unicodedata.normalize("NFC", text).lower())):
            found = memo.get(word, "")
            if found == "":
                found = memo[word] = term(word)
            if found:
                out.append(found)
        return out

    return analyse_text


def analyse(text: str, lang: str) -> list[str]:
    """Index terms of ``text`` in ``lang`` (see the module's docstring)."""
    return analyser(lang)(text)


def sections(entries: list[dict[str, Any]]) -> list[Section]:
    """Material's search entries of one language as :class:`Section` values, each section pointing
    at its page's entry (Material lists a page before its sections)."""
    out: list[Section] = []
    pages: dict[str, int] = {}
    for entry in entries:
        location = str(entry.get("location", ""))
        path, _, anchor = location.partition("#")
        page = pages.get(path, -1) if anchor else -1
        if not anchor:
            pages[path] = len(out)
        out.append(Section(location, plain(str(entry.get("title", ""))), plain(str(entry.get("text", ""))), page))
    return out


def _excerpt(text: str) -> str:
    """The start of a section's text shown under its result: whole words, "…" where it was cut."""
    if len(text) <= EXCERPT:
        return text
    return text[:EXCERPT].rsplit(" ", 1)[0] + " …"


def shard_file(key: str) -> str:
    """File name of the term shard ``key``: its code points in hex (names stay ASCII on every disk)."""
    return "-".join(f"{ord(char):x}" for char in key) + ".js"


def _vocabulary(stems: dict[str, str], keys: set[str]) -> dict[str, dict[str, str]]:
    """Each word of the text whose term differs from it (``interpreters`` → ``interpret``), under
    the term shard that would hold the word itself: where the browser has no stemmer giving this
    side's results, it looks a query's word up there. A word the text does not hold is matched by
    the terms it begins with (see the worker)."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for word in sorted(stems):
        chars = word[:MAX_KEY]
        key = next((chars[:n] for n in range(len(chars), 0, -1) if chars[:n] in keys), None)
        if key is not None:
            out[key][word] = stems[word]
    return out


def _encode(postings: list[tuple[int, int]]) -> list[int]:
    """``[gap, score, gap, score, …]``: each document id as its distance from the previous one (the
    first from 0), scores in thousandths: small numbers make short shards."""
    out: list[int] = []
    previous = 0
    for doc_id, score in postings:
        out.extend((doc_id - previous, score))
        previous = doc_id
    return out


def _split(terms: dict[str, list[tuple[int, int]]], length: int) -> dict[str, dict[str, list[int]]]:
    """Term shards keyed by the terms' first ``length`` characters; a shard larger than
    :data:`SHARD_BYTES` is split by one more character (the terms no longer than its key stay under
    it), so that a query loads little however large the library."""
    groups: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(dict)
    for term, postings in terms.items():
        groups[term[:length]][term] = postings
    out: dict[str, dict[str, list[int]]] = {}
    for key, group in groups.items():
        size = sum(len(term) + 8 * len(postings) for term, postings in group.items())  # about the shard's bytes
        longer = {term: postings for term, postings in group.items() if len(term) > length}
        if size > SHARD_BYTES and len(longer) > 1 and length < MAX_KEY:
            if len(longer) < len(group):
                out[key] = {term: _encode(postings) for term, postings in group.items() if len(term) <= length}
            out.update(_split(longer, length + 1))
        else:
            out[key] = {term: _encode(postings) for term, postings in group.items()}
    return out


def _script(call: str, *args: Any) -> str:
    return f"self.goragSearch.{call}(" + ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args) + ");\n"


def build_shards(entries: list[dict[str, Any]], lang: str) -> dict[str, str]:
    """The files of ``lang``'s index (paths relative to its ``search/gorag/`` folder) from
    Material's search entries of that language alone."""
    docs = sections(entries)
    # The words whose term differs from them, for the lists the browser looks words up in; not
    # collected where the browser stems itself.
    stems: dict[str, str] | None = None if lang in BROWSER_STEMMERS else {}
    analyse_text = analyser(lang, stems)
    fields: list[tuple[Counter[str], int, Counter[str], int]] = []
    for doc in docs:
        title_terms = analyse_text(doc.title)
        text_terms = analyse_text(doc.text)
        fields.append((Counter(title_terms), len(title_terms), Counter(text_terms), len(text_terms)))
    count = len(docs)
    avg_title = sum(f[1] for f in fields) / count if count else 1.0
    avg_text = sum(f[3] for f in fields) / count if count else 1.0
    document_frequency: Counter[str] = Counter()
    for title_tf, _, text_tf, _ in fields:
        document_frequency.update(set(title_tf) | set(text_tf))

    def saturate(tf: int, length: int, average: float) -> float:
        return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / (average or 1.0)))

    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, (doc, (title_tf, title_len, text_tf, text_len)) in enumerate(zip(docs, fields, strict=True)):
        title_weight = WEIGHTS["page_title"] if doc.page < 0 else WEIGHTS["title"]
        for term in sorted(set(title_tf) | set(text_tf)):
            df = document_frequency[term]
            idf = math.log(1 + (count - df + 0.5) / (df + 0.5))
            score = idf * (title_weight * saturate(title_tf[term], title_len, avg_title) if title_tf[term] else 0.0) + \
                idf * (WEIGHTS["text"] * saturate(text_tf[term], text_len, avg_text) if text_tf[term] else 0.0)
            postings[term].append((doc_id, round(score * 1000)))

    shards = _split({term: postings[term] for term in sorted(postings)}, 2)
    words = _vocabulary(stems, set(shards)) if stems is not None else {}
    files = {f"t/{shard_file(key)}": _script("terms", key, terms, words.get(key, {})) for key, terms in sorted(shards.items())}
    for start in range(0, count, DOCS_PER_SHARD):
        rows = [[d.location, d.title, d.page, _excerpt(d.text), docs[d.page].title if d.page >= 0 else ""]
                for d in docs[start:start + DOCS_PER_SHARD]]
        files[f"d/{start // DOCS_PER_SHARD}.js"] = _script("docs", start // DOCS_PER_SHARD, rows)
    files["manifest.js"] = _script("manifest", {
        "version": VERSION, "lang": lang, "stemmer": STEMMERS.get(lang),
        "stemmerFile": STEMMER_FILE if lang in BROWSER_STEMMERS else None, "fold": lang == "tk",
        "stopwords": list(STOPWORDS.get(lang, ())), "docs": count, "docsPerShard": DOCS_PER_SHARD,
        "shards": sorted(shards), "k1": K1, "b": B})
    return files
