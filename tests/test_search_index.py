"""The prebuilt search index (gorag.search_index): the same terms for every form of a word, shards
that hold what the manifest says, scores that favour titles, byte-identical output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gorag.search_index import analyse, build_shards, sections, shard_file

ENTRIES = [
    {"location": "a.html", "title": "Reporting violence", "text": "<p>How to report violence against a child.</p>"},
    {"location": "a.html#first-steps", "title": "First steps", "text": "<p>Call the social worker. Violence must be reported.</p>"},
    {"location": "b.html", "title": "Diversion", "text": "<p>Children in conflict with the law; violence is rare.</p>"},
]


def calls(text: str) -> tuple[str, list[Any]]:
    """The registration call of a shard file and its arguments, read back as JSON."""
    match = re.fullmatch(r"self\.goragSearch\.(\w+)\((.*)\);\n", text, re.S)
    assert match, text[:80]
    return match.group(1), json.loads(f"[{match.group(2)}]")


def decode(postings: list[int]) -> dict[int, int]:
    """{document id: score in thousandths} from a term's ``[gap, score, …]`` postings."""
    out, doc = {}, 0
    for gap, score in zip(postings[0::2], postings[1::2], strict=True):
        doc += gap
        out[doc] = score
    return out


def test_large_shards_are_split_by_one_more_character() -> None:
    entries = [{"location": f"p{i}.html", "title": f"Page {i}", "text": " ".join(f"pro{w}{i % 50}" for w in ("tect", "cess", "file"))}
               for i in range(3000)]
    files = build_shards(entries, "tk")
    _, (manifest,) = calls(files["manifest.js"])
    assert "pr" not in manifest["shards"] and {"prot", "proc", "prof"} <= set(manifest["shards"]) | {k[:4] for k in manifest["shards"]}
    assert max(len(text.encode()) for path, text in files.items() if path.startswith("t/")) < 200_000


@pytest.mark.parametrize(("lang", "words", "term"), [
    ("ru", ["насилие", "насилия", "насилию", "Насилием", "НАСИЛИЕ"], "насил"),
    ("ru", ["ребёнка", "ребенка", "ребёнку"], "ребенк"),  # ё and е are one letter
    ("tk", ["ýol", "yol", "ÝOL"], "yol"),
    ("tk", ["çagalar", "cagalar"], "cagalar"),
    ("en", ["protect", "protecting", "protected", "Protection"], "protect"),
])
def test_every_form_of_a_word_is_one_term(lang: str, words: list[str], term: str) -> None:
    assert {tuple(analyse(w, lang)) for w in words} == {(term,)}


def test_stop_words_and_punctuation_are_not_terms() -> None:
    assert analyse("The child, and the family; report it!", "en") == ["child", "famili", "report"]
    assert analyse("Ребёнок и семья — на приёме", "ru") == ["ребенок", "сем", "прием"]
    assert analyse("Çaga we maşgala bilen", "tk") == ["caga", "masgala"]


def test_sections_point_at_their_page() -> None:
    found = sections(ENTRIES)
    assert [(s.location, s.page) for s in found] == [("a.html", -1), ("a.html#first-steps", 0), ("b.html", -1)]
    assert found[1].text == "Call the social worker. Violence must be reported."


def test_shards_hold_what_the_manifest_lists() -> None:
    files = build_shards(ENTRIES, "en")
    name, (manifest,) = calls(files["manifest.js"])
    assert name == "manifest"
    assert manifest["docs"] == 3 and manifest["stemmer"] == "english" and manifest["lang"] == "en"
    assert sorted(p for p in files if p.startswith("t/")) == sorted(f"t/{shard_file(k)}" for k in manifest["shards"])
    for key in manifest["shards"]:
        name, (shard_key, terms, words) = calls(files[f"t/{shard_file(key)}"])
        assert (name, shard_key) == ("terms", key)
        assert all(word.startswith(key) and stem in terms or stem[:len(key)] != key for word, stem in words.items())
        for term, postings in terms.items():
            assert term.startswith(key) and len(key) >= min(2, len(term))
            ids = decode(postings)
            assert list(ids) == sorted(ids) and all(0 <= i < 3 for i in ids)
    name, (number, rows) = calls(files["d/0.js"])
    assert (name, number) == ("docs", 0)
    assert rows[1] == ["a.html#first-steps", "First steps", 0, "Call the social worker. Violence must be reported.",
                       "Reporting violence"]
    assert rows[0][2:] == [-1, rows[0][3], ""]  # a page names no page of its own


def test_titles_count_more_than_text() -> None:
    files = build_shards(ENTRIES, "en")
    _, (_, terms, _words) = calls(files[f"t/{shard_file('vi')}"])
    scores = decode(terms["violenc"])
    assert scores[0] > scores[1] and scores[0] > scores[2]  # the page titled "Reporting violence" first


def test_the_browser_finds_each_word_of_the_text_under_its_term() -> None:
    """Without a stemmer of its own (English), the worker stems a query's word by looking it up in
    the shard the word belongs to."""
    entries = [{"location": "a.html", "title": "Interpreters", "text": "An interpreter interprets; happy children."}]
    files = build_shards(entries, "en")
    words = {}
    for path, text in files.items():
        if path.startswith("t/"):
            words.update(calls(text)[1][2])
    assert words == {"interpreters": "interpret", "interpreter": "interpret", "interprets": "interpret", "happy": "happi"}
    _, (manifest,) = calls(files["manifest.js"])
    assert manifest["stemmerFile"] is None


def test_russian_ships_its_stemmer_and_no_word_lists() -> None:
    """Russian is stemmed in the browser by the shipped Snowball stemmer (tests/test_stemmer_identity.py
    checks it against the build), so its shards carry no word lists."""
    entries = [{"location": "a.html", "title": "Насилие", "text": "Насилия и насилию нет. Ребёнка защищают."}]
    files = build_shards(entries, "ru")
    _, (manifest,) = calls(files["manifest.js"])
    assert (manifest["stemmer"], manifest["stemmerFile"]) == ("russian", "stemmer.js")
    assert all(calls(text)[1][2] == {} for path, text in files.items() if path.startswith("t/"))
    terms = {term for path, text in files.items() if path.startswith("t/") for term in calls(text)[1][1]}
    assert {"насил", "ребенк", "защища"} <= terms


def test_the_same_entries_give_the_same_bytes() -> None:
    assert build_shards(ENTRIES, "ru") == build_shards(json.loads(json.dumps(ENTRIES)), "ru")


def test_shard_names_are_ascii() -> None:
    assert shard_file("на") == "43d-430.js"
    assert shard_file("a") == "61.js"


def test_built_site_has_an_index_per_language_with_only_its_pages(basic_site: Path) -> None:
    for prefix in ("", "ru/", "tk/"):
        folder = basic_site / prefix / "search" / "gorag"
        _, (manifest,) = calls((folder / "manifest.js").read_text(encoding="utf-8"))
        assert manifest["lang"] == (prefix[:-1] or "en")
        locations = [row[0] for n in range(-(-manifest["docs"] // manifest["docsPerShard"]))
                     for row in calls((folder / "d" / f"{n}.js").read_text(encoding="utf-8"))[1][1]]
        assert locations and not any(loc.startswith(("ru/", "tk/")) for loc in locations)
        assert all((basic_site / prefix / loc.split("#")[0]).is_file() for loc in locations)
        stub = json.loads((basic_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert stub["docs"] == [] and stub["config"]["gorag"] == f"{prefix}search/gorag/"
    # English text standing in for a missing translation is not indexed in Turkmen: the basic
    # fixture's beta protocol has no Turkmen file.
    tk_rows = [row[0] for row in calls((basic_site / "tk/search/gorag/d/0.js").read_text(encoding="utf-8"))[1][1]]
    assert not any(loc.startswith("protocols/beta.html") for loc in tk_rows)


def test_a_missing_browser_stemmer_is_named_with_the_way_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gorag.errors import GoragError
    from gorag.site import search

    search.check_browser_code()  # installed by `make` (npm ci --prefix generator/vendor)
    text = search.browser_stemmer("russian")
    assert text.startswith("/* Snowball stemmer") and 'self.goragStemmer["russian"]' in text
    monkeypatch.setattr(search, "VENDOR", tmp_path / "node_modules")
    with pytest.raises(GoragError, match=r"russian stemmer for the browser is not installed.*make site"):
        search.check_browser_code()
