"""Every field is untrusted: script, script URLs, data: URLs, remote loads, <meta> redirects and
personal data are refused in every published text field of every source type, at the field's own
line; content that passes the checks is published inert (tested in a real browser)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, make_project, run_gorag
from gorag.cli import main
from gorag.config import markdown_extensions
from gorag.markup import MARKDOWN_EXTENSIONS, Checker, check_plain, escape, needs_rendering
from gorag.texts import field_class

P, C = "protocols/", "campaigns/demo-2027/"
# (file, text of the value as it stands in the basic fixture, field as reported, language of the text)
FIELDS: list[tuple[str, str | None, str, str]] = [
    (P + "alpha.en.md", "Alpha reporting protocol", "title", "en"),
    (P + "alpha.en.md", "How to report a suspected harm to a child.", "summary", "en"),
    (P + "alpha.en.md", "Convention on the Rights of the Child", "sources[0].title", "en"),
    (P + "alpha.en.md", "United Nations", "sources[0].publisher", "en"),
    (P + "alpha.en.md", "Notice the signs", "steps[0].title", "en"),
    (P + "alpha.en.md", "Write down what you saw, in the child's words.", "steps[0].action", "en"),
    (P + "alpha.en.md", '"Yes"', "steps[1].decision[0].label", "en"),
    (P + "alpha.ru.md", "Протокол Альфа о сообщениях", "title", "ru"),
    (P + "alpha.ru.md", "Как сообщить о подозрении на вред ребёнку.", "summary", "ru"),
    (P + "alpha.ru.md", "Заметить признаки", "steps.notice.title", "ru"),
    (P + "alpha.ru.md", "Запишите увиденное словами ребёнка.", "steps.notice.action", "ru"),
    (P + "alpha.ru.md", '"Да"', "steps.danger.decision[0]", "ru"),
    (P + "alpha.tk.md", None, "title", "tk"),  # None: the fixture's value (_fields)
    (P + "beta.en.md", None, "title", "en"),
    ("docs/about.md", "About", "title", "en"),
    (P + "agencies.yml", "Ministry of Labour and Social Protection of Population", "[0].name.en", "en"),
    (P + "agencies.yml", "Минтруда", "[0].short.ru", "ru"),
    (P + "agencies.yml", "Çagalary durmuş taýdan goramaga jogap berýär.", "[0].description.tk", "tk"),
    (P + "agencies.yml", "Телефон доверия", "[0].contacts[0].label.ru", "ru"),
    (P + "roles.yml", "Mugallym", "[0].name.tk", "tk"),
    (P + "roles.yml", '"Я учитель — что я должен делать?"', "[0].question.ru", "ru"),
    (P + "glossary.yml", "Diversion", "[0].term.en", "en"),
    (P + "glossary.yml", "Работа с ребёнком, вступившим в конфликт с законом, без формального судебного разбирательства.",
     "[0].definition.ru", "ru"),
    (P + "glossary.yml", "Beijing Rules, rule 11", "[0].source", "en"),
    ("campaigns/regions.yml", "Mary welaýaty", "[1].name.tk", "tk"),
    ("campaigns/audiences.yml", None, "[0].name.en", "en"),
    (C + "campaign.yml", "Всемирный день 2027 (пример)", "title.ru", "ru"),
    (C + "campaign.yml", "Alamatlary bil", "theme.tk", "tk"),
    (C + "campaign.yml", "Trafficking can happen to anyone.", "messages[0].en", "en"),
    (C + "campaign.yml", "Maksady kesgitlemek", "plan[0].title.tk", "tk"),
    (C + "events.yml", "Press conference", "[0].title.en", "en"),
    (C + "events.yml", "Начало кампании.", "[0].description.ru", "ru"),
    (C + "events.yml", "Metbugat merkezi", "[0].location.tk", "tk"),
]

PAYLOADS = {
    "script": "Help <script>alert(1)</script>",
    "javascript": "Help [here](javascript:alert(1))",
    "data": "See [d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "remote": "Look ![p](https://tracker.example/p.png)",
    "meta": "<meta http-equiv=refresh content=0;url=https://evil.example/>",
    "attr-list": "Notice {: onclick=alert(1) }",
    "handler": 'Click <a href="#" onclick="alert(1)">here</a>',
}

# Personal data in each language, one per kind the guard knows, and near misses that must pass.
PERSONAL = {
    "en": "Aman Orazow, aged 14, lives at 15 Magtymguly Street, apartment 7",
    "ru": "Аман Оразов, 14 лет, телефон +993 65 12-34-56",
    "tk": "Aman Orazow, 14 ýaşly, aman.orazow@example.org",
}
HARMLESS = {
    "en": "Report within 24 hours under Article 19 of the Convention (1989)",
    "ru": "Сообщите в течение 24 часов согласно статье 19 Конвенции (1989)",
    "tk": "Konwensiýanyň 19-njy maddasyna laýyklykda 24 sagadyň içinde habar beriň",
}


def _first_value(path: Path, field: str) -> str:
    """The text of a top-level field of a Markdown file's front matter, or of a list's first name."""
    text = path.read_text(encoding="utf-8")
    key = field.split(".")[0].split("[")[0]
    match = re.search(rf"^\s*(?:- )?{key}: (.+)$", text, re.M) if key else None
    if field.startswith("[0].name"):
        match = re.search(r"en: ([^,}]+)", text)
    assert match, (path, field)
    return match.group(1).strip()


def _fields() -> Iterator[tuple[str, str, str, str]]:
    for file, value, field, lang in FIELDS:
        yield file, value if value is not None else _first_value(FIXTURES / "basic" / file, field), field, lang


def _project(dest: Path) -> Path:
    """The basic fixture with the repo's mkdocs.yml: enough for gorag check (no theme files)."""
    shutil.copytree(FIXTURES / "basic", dest)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def _put(root: Path, file: str, old: str, new: str) -> int:
    """Replace the value ``old`` in ``file`` with the YAML string ``new``; return its line."""
    path = root / file
    text = path.read_text(encoding="utf-8")
    at = text.find(old)
    assert at >= 0, (file, old)
    path.write_text(text[:at] + json.dumps(new, ensure_ascii=False) + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["-f", str(root / "mkdocs.yml"), "check"])
    err = capsys.readouterr().err
    return code, err


def _put_everywhere(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str], problem: str) -> tuple[set[str], set[str]]:
    """Put ``text`` in every field of FIELDS, run the check (exit 1, no traceback) and return the
    expected locations and those reported with a message starting ``problem`` (any when '')."""
    root = _project(tmp_path / "p")
    expected = set()
    for file, value, field, _lang in _fields():
        line = _put(root, file, value, text)
        expected.add(f"{file}:{line}: {field}")
    code, err = _check(root, capsys)
    assert code == 1
    assert "Traceback" not in err
    return expected, {m.group(1) for m in re.finditer(rf"^  (\S+:\d+: [^:]+): {problem}", err, re.M)}


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_markup_is_rejected_in_every_field(payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected, found = _put_everywhere(tmp_path, PAYLOADS[payload], capsys, "")
    assert expected <= found, sorted(expected - found)
    assert found <= expected, sorted(found - expected)


@pytest.mark.parametrize("lang", ["en", "ru", "tk"])
def test_personal_data_is_refused_in_every_field(lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected, found = _put_everywhere(tmp_path, PERSONAL[lang], capsys, "looks like")
    assert expected <= found, sorted(expected - found)


@pytest.mark.parametrize("lang", ["en", "ru", "tk"])
def test_harmless_text_passes_in_every_field(lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "p")
    for file, value, _field, _field_lang in _fields():
        _put(root, file, value, HARMLESS[lang])
    code, err = _check(root, capsys)
    assert (code, err) == (0, "")


BODY_CASES = [
    # (body text appended after one blank line, line of the problem within it, message start)
    ("<script>alert(1)</script>", 1, "raw <script> HTML"),
    ("[r][x]\n\n[x]: javascript:alert(1)", 3, "'javascript:' URLs"),
    ("[r]: javascript:alert(1)", 1, "'javascript:' URLs"),
    ("a [x](java&#x09;script:alert(1))", 1, "'javascript:' URLs"),
    ("a [x](&#106;avascript:alert(1))", 1, "'javascript:' URLs"),
    ('Text\n\n<a href="java\nscript:alert(1)">x</a>', 3, "'javascript:' URLs"),
    ("Text\n<img\nsrc=x\nonerror=alert(1)>", 4, "event-handler attribute 'onerror'"),
    ('<img srcset="https://tracker.example/x.png 1x" src="a.png" alt="">', 1, "the attribute 'srcset'"),
    ('<p style="background:url(https://tracker.example/x)">x</p>', 1, "the attribute 'style'"),
    ("## Heading {: onclick=alert(1) }", 1, "attribute lists"),
    ("![p](https://tracker.example/p.png)", 1, "loading a remote resource"),
    ("[d](data:text/html;base64,PHNjcmlwdD4=)", 1, "'data:' URLs"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', 1, "raw <meta> HTML"),
    ('<base href="https://evil.example/">', 1, "raw <base> HTML"),
    ('<form action="https://evil.example/"><button>Send</button></form>', 1, "raw <form> HTML"),
    ('<iframe src="page.html"></iframe>', 1, "raw <iframe> HTML"),
    ('<svg><a href="#">x</a></svg>', 1, "raw <svg> HTML"),
    ("+993.65.12.34.56", 1, "looks like a phone number"),
    ("Aman Orazow (born 12.03.2013) was heard.", 1, "looks like"),
    ("Аман Оразов, 12.03.2013 г.р., опрошен.", 1, "looks like"),
]


@pytest.mark.parametrize(("file", "body", "line", "message"),
                         [(f, b, n, m) for b, n, m in BODY_CASES for f in (P + "alpha.en.md", P + "alpha.ru.md", P + "alpha.tk.md")])
def test_body_bypasses_are_rejected_at_their_line(file: str, body: str, line: int, message: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "p")
    path = root / file
    before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(before + body + "\n", encoding="utf-8")
    code, err = _check(root, capsys)
    assert code == 1
    assert "Traceback" not in err
    assert re.search(rf"^  {re.escape(file)}:{before.count(chr(10)) + line}(?::\d+)?: body: {re.escape(message)}", err, re.M), err


def test_shipped_markdown_configuration_is_the_checkers() -> None:
    import yaml

    from gorag.config import _ConfigLoader
    raw = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    assert markdown_extensions(raw["markdown_extensions"]) == MARKDOWN_EXTENSIONS


def test_every_text_field_has_a_class() -> None:
    """A field the table does not name is not checked for markup: each fixture field is named."""
    for file, _value, field, _lang in _fields():
        kind = {"alpha.en.md": "protocol", "beta.en.md": "protocol", "alpha.ru.md": "translation", "alpha.tk.md": "translation",
                "about.md": "page", "agencies.yml": "agencies", "roles.yml": "roles", "glossary.yml": "glossary",
                "regions.yml": "named", "audiences.yml": "named", "campaign.yml": "campaign",
                "events.yml": "events"}[file.rsplit("/", 1)[1]]
        assert field_class(kind, field) is not None, (file, field)


@pytest.mark.parametrize(("text", "problem"), [
    ("Help [here](javascript:x)", "Markdown links"),
    ("Look ![p](https://x.example/p.png)", "Markdown links"),
    ("<img src=x onerror=alert(1)>", "HTML is not allowed"),
    ("&#106;avascript", "character references"),
    ("Title\nnext", "a line break"),
    ("Tab\x07bell", "U+0007"),
    ("bidi \u202eevil", "U+202E"),
    ("Step {: onclick=x }", "attribute lists"),
    ("javascript:alert(1)", "script and data:"),
])
def test_plain_text_rules(text: str, problem: str) -> None:
    assert any(problem in p for p in check_plain(text)), check_plain(text)


@pytest.mark.parametrize("text", ["Roles & responsibilities (2027)", "Age < 18 [draft] {v2} a|b `x` \\n *star*",
                                  "Ýaşy 18-den kiçi çagalar", "Дети до 18 лет"])
def test_plain_text_that_passes_is_shown_as_written(text: str) -> None:
    if "[" not in text and "{" not in text:
        assert check_plain(text) == []
    import markdown
    html = markdown.markdown(f"# {escape(text)}\n\n- {escape(text)}\n", extensions=["attr_list", "tables", "md_in_html"])
    assert "<a" not in html and "<code" not in html
    from html import unescape
    assert unescape(re.sub(r"<[^>]+>", "", html.split("\n")[0])) == text


def test_inline_fields_allow_emphasis_code_and_links_only() -> None:
    checker = Checker()
    assert checker.check_inline("Call *now*, see `code`, [a page](other.md), [a site](https://example.org) "
                                "or [mail](mailto:help@example.org)") == []
    assert "'javascript:' URLs are not allowed in content" in checker.check_inline("[x](javascript:alert(1))")
    assert any("remote resource" in p or "<img>" in p for p in checker.check_inline("![p](https://x.example/p.png)"))
    assert any("blank lines" in p for p in checker.check_inline("one\n\ntwo"))


def test_cheap_test_never_skips_what_the_renderer_would_flag() -> None:
    """needs_rendering() may only skip texts with nothing to flag: random texts built from the
    pieces of the bypasses are checked both ways."""
    import random
    rng = random.Random(7)
    pieces = ["[", "]", "(", ")", "!", "<", ">", "{", ":", "#", "&#106;", "javascript:", "https://x.example/p", "page.md",
              "mailto:a@b.org", " ", "\n", "\n\n", "a", "img", "src=x", "onerror=y", "`", "    ", "- ", "1. ", "*"]
    checker = Checker()
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if not needs_rendering(text):
            assert checker._violations(checker.render(text), inline=False) == [], text


def test_build_refuses_a_payload_and_keeps_the_previous_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert run_gorag(root, "build").returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    line = _put(root, P + "alpha.tk.md", _first_value(root / P / "alpha.tk.md", "title"), PAYLOADS["meta"])
    result = run_gorag(root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"protocols/alpha.tk.md:{line}: title: HTML is not allowed in a plain-text field" in result.stderr
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(("text", "inline"), [("Call the police </label> now", True), ("Stop </li></ul> here", True),
                                               ("plain </em> text", True), ("Body\n\n</div>\n\nmore", False)])
def test_end_tags_that_would_close_the_pages_own_markup_are_refused(text: str, inline: bool) -> None:
    """A stray end tag runs no script, but it would end the checklist line, list or box around the
    field on the page: the reader would see a broken page."""
    from gorag.markup import Checker

    checker = Checker()
    found = checker.check_inline(text) if inline else checker.check_body(text)
    assert any("</" in str(getattr(v, "message", v)) for v in found), found


def test_balanced_allowed_markup_is_still_accepted() -> None:
    from gorag.markup import Checker

    checker = Checker()
    assert checker.check_inline("a <em>b</em> and <code>c</code>") == []
    assert checker.check_body("<details><summary>More</summary>\n\nText.\n\n</details>") == []
