"""One bad input per rule of `gorag check`: each gives exactly one error, with the exact message and
location recorded in tests/golden/rules.txt (GORAG_UPDATE_GOLDEN=1 rewrites it).

The checks run in this process, through the command's own entry point (``gorag.cli.main``), which
is what `gorag check` runs; one case runs the real command to show it prints the same report."""

from __future__ import annotations

import functools
import io
import traceback
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from conftest import GOLDEN, assert_golden, make_project, run_gorag
from gorag.cli import main

# (rule, file, text to replace, replacement)
Rule = tuple[str, str, str | None, str]
# What a check printed: exit code, standard output, standard error.
Checked = tuple[int, str, str]

P, C = "protocols/", "campaigns/demo-2027/"
BODY = "\nA sentence with {}.\n"
# (rule, file, text to replace, replacement); "" as the text to replace appends; None creates the file.
RULES: list[Rule] = [
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


def check(root: Path) -> Checked:
    """`gorag check` in ``root``, run in this process: its exit code and what it printed. An
    exception the command lets through is reported as a crash would be, with its traceback."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(["-f", str(root / "mkdocs.yml"), "check"])
        except Exception:  # reported as the process would report it: a traceback on stderr
            code = -1
            err.write(traceback.format_exc())
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Rule], Checked]:
    """The check of the basic fixture broken by one rule, made once per rule for this module."""
    @functools.cache
    def run(rule: Rule) -> Checked:
        root = make_project(tmp_path_factory.mktemp("rule") / "p")
        mutate(root, *rule[1:])
        return check(root)
    return run


def error_of(checked: Callable[[Rule], Checked], rule: Rule) -> str:
    code, _out, err = checked(rule)
    assert code == 1, f"{rule[0]}: exit {code} (0: accepted)\n{err}"
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[0] == "1 content error:", f"{rule[0]}: {err}"
    return lines[1].strip()


def golden() -> dict[str, str]:
    path = GOLDEN / "rules.txt"
    return dict(line.split(" | ", 1) for line in path.read_text(encoding="utf-8").splitlines()) if path.is_file() else {}


def test_there_are_at_least_thirty_rules() -> None:
    assert len(RULES) >= 30 and len({rule[0] for rule in RULES}) == len(RULES)


def test_golden_file_lists_every_rule_in_order(checked: Callable[[Rule], Checked]) -> None:
    """The whole file, one line per rule; this is the test GORAG_UPDATE_GOLDEN=1 rewrites it from
    (it runs before the rules one by one)."""
    assert_golden("rules.txt", "".join(f"{rule[0]} | {error_of(checked, rule)}\n" for rule in RULES))


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
def test_rule(checked: Callable[[Rule], Checked], rule: Rule) -> None:
    assert error_of(checked, rule) == golden()[rule[0]]


def test_the_command_prints_the_same_report(tmp_path: Path, checked: Callable[[Rule], Checked]) -> None:
    """The real `gorag check` process exits and reports as the in-process check does."""
    rule = RULES[0]
    root = make_project(tmp_path / "p")
    mutate(root, *rule[1:])
    result = run_gorag(root, "check")
    assert (result.returncode, result.stdout, result.stderr) == checked(rule)
    assert result.stderr == f"1 content error:\n  {golden()[rule[0]]}\n"
