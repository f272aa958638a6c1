"""One bad input per rule of `gorag check`: each gives exactly one error, with the exact message and
location recorded in tests/golden/rules.txt (GORAG_UPDATE_GOLDEN=1 rewrites it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import GOLDEN, make_project, run_gorag

P, C = "protocols/", "campaigns/demo-2027/"
BODY = "\nA sentence with {}.\n"
# (rule, file, text to replace, replacement); "" as the text to replace appends; None creates the file.
RULES: list[tuple[str, str, str | None, str]] = [
    ("broken YAML", P + "alpha.en.md", "kind: national-protocol", "kind: [national-protocol"),
    ("front matter missing", P + "alpha.tk.md", None, "No front matter here.\n"),
    ("file name", P + "Alpha Notes.md", None, "---\nid: x\n---\nx\n"),
    ("unknown field", P + "alpha.en.md", "kind: national-protocol\n", "kind: national-protocol\nauthor: Somebody\n"),
    ("required field missing", P + "alpha.en.md", "summary: How to report a suspected harm to a child.\n", ""),
    ("wrong type", P + "alpha.en.md", 'version: "1.0"', "version: 1.0"),
    ("value not allowed", P + "alpha.en.md", "kind: national-protocol", "kind: protocol"),
    ("impossible date", P + "alpha.en.md", "review_by: 2027-06-30", "review_by: 2027-02-30"),
    ("unknown agency", P + "alpha.en.md", "owners: [mlsp]", "owners: [mlsp, nobody]"),
    ("unknown role", P + "alpha.en.md", "audiences: [teacher]", "audiences: [teacher, pilot]"),
    ("related points nowhere", P + "alpha.en.md", "related: [beta]", "related: [gamma]"),
    ("duplicate key", P + "alpha.en.md", "kind: national-protocol\n", "kind: national-protocol\nkind: sop\n"),
    ("duplicate id", P + "agencies.yml", "", "- id: mlsp\n  name: {en: Again, ru: Снова, tk: Ýene}\n"),
    ("translation without source", P + "zeta.ru.md", None,
     '---\nid: zeta\ntitle: Зета\nsummary: Нет.\nsource_version: "1.0"\ntranslation_status: draft\n---\nТекст.\n'),
    ("source field in a translation", P + "alpha.ru.md", "translation_status: draft\n", "translation_status: draft\nowners: [mlsp]\n"),
    ("translation status", P + "alpha.ru.md", "translation_status: draft", "translation_status: final"),
    ("step role", P + "alpha.en.md", "    role: teacher\n    agency: mlsp", "    role: pilot\n    agency: mlsp"),
    ("step target", P + "alpha.en.md", "        next: protect\n", "        next: nowhere\n"),
    ("unquoted yes/no label", P + "alpha.en.md", '      - label: "Yes"', "      - label: Yes"),
    ("step without action", P + "alpha.en.md", "    action: Take the child to a safe place.\n", ""),
    ("translated option labels", P + "alpha.tk.md", 'decision: ["Hawa", "Ýok"]', 'decision: ["Hawa"]'),
    ("glossary term", P + "alpha.en.md", "glossary.md#diversion", "glossary.md#diversio"),
    ("internal link", P + "alpha.en.md", "", BODY.format("[a link](nowhere.md)")),
    ("heading anchor", P + "alpha.en.md", "", BODY.format("[a link](beta.md#nope)")),
    ("script tag", P + "alpha.en.md", "", BODY.format("<script>x()</script>")),
    ("event handler", P + "alpha.en.md", "", BODY.format('<a href="#" onclick="x()">a</a>')),
    ("javascript URL", P + "alpha.en.md", "", BODY.format("[a link](javascript:void(0))")),
    ("remote resource", P + "alpha.en.md", "", BODY.format('<img src="https://tracker.example/p.png" alt="">')),
    ("phone number", P + "alpha.en.md", "", BODY.format("a call to +993 65 123456")),
    ("e-mail address", P + "alpha.en.md", "", BODY.format("a mail to aman.orazow@example.org")),
    ("name with age", P + "alpha.en.md", "", BODY.format("Aman Orazow, aged 14")),
    ("ID number", P + "alpha.en.md", "", BODY.format("passport I-AH 123456")),
    ("home address", P + "alpha.en.md", "", BODY.format("a visit to Magtymguly street 15, apartment 7")),
    ("contact verification", P + "agencies.yml", "      verified: false\n", ""),
    ("event ends before it starts", C + "events.yml", "end: D+0 12:00", "end: D+0 09:00"),
    ("event outside the window", C + "events.yml", "start: D+1 19:00", "start: D+30 19:00"),
    ("unknown region", C + "events.yml", "  region: mary\n  organiser: mia", "  region: atlantis\n  organiser: mia"),
    ("relative date", C + "events.yml", "start: D-2\n", "start: D-two\n"),
    ("timezone", C + "campaign.yml", "timezone: Asia/Ashgabat", "timezone: Asia/Nowhere"),
    ("recurrence without end", C + "events.yml", "{freq: weekly, until: D-1}", "{freq: weekly}"),
    ("title missing in a language", C + "events.yml", "title: {en: Concert, ru: Концерт, tk: Konsert}",
     "title: {en: Concert, ru: Концерт}"),
    ("duplicate event id", C + "events.yml", "- id: concert", "- id: press"),
    ("page field", "docs/about.md", "title: About\n", "title: About\nlayout: wide\n"),
    ("page translation without English", "docs/extra.ru.md", None, "---\ntitle: Дополнительно\n---\nТекст.\n"),
]


def mutate(root: Path, file: str, old: str | None, new: str) -> None:
    path = root / file
    if old is None:
        path.write_text(new, encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    if old == "":
        path.write_text(text + new, encoding="utf-8")
        return
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def error_of(tmp_path: Path, rule: tuple[str, str, str | None, str]) -> str:
    root = make_project(tmp_path / "p")
    mutate(root, *rule[1:])
    result = run_gorag(root, "check")
    assert result.returncode == 1, f"{rule[0]}: accepted"
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "1 content error:", f"{rule[0]}: {result.stderr}"
    return lines[1].strip()


def golden() -> dict[str, str]:
    path = GOLDEN / "rules.txt"
    return dict(line.split(" | ", 1) for line in path.read_text(encoding="utf-8").splitlines()) if path.is_file() else {}


def test_there_are_at_least_thirty_rules() -> None:
    assert len(RULES) >= 30 and len({rule[0] for rule in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
def test_rule(tmp_path: Path, rule: tuple[str, str, str | None, str]) -> None:
    message = error_of(tmp_path, rule)
    if os.environ.get("GORAG_UPDATE_GOLDEN"):
        with (GOLDEN / "rules.txt").open("a", encoding="utf-8") as out:
            out.write(f"{rule[0]} | {message}\n")
        return
    assert message == golden()[rule[0]]
