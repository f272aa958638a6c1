"""Structured steps drive every view: per-role checklists, the pathway diagram, role pages and the
agencies directory; glossary and contacts behave as editors expect."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import make_project, run_gorag

SVG = "{http://www.w3.org/2000/svg}"


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def pathway(html: str) -> ET.Element:
    match = re.search(r'<svg class="gorag-pathway".*?</svg>', html, re.S)
    assert match, "no pathway diagram"
    return ET.fromstring(match.group(0))


def texts(svg: ET.Element, cls: str) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text") if t.get("class") == cls]


def section(html: str, heading: str) -> str:
    """The HTML between the <h3> or <h4> (a role's checklist on a protocol page) containing
    ``heading`` and the next heading."""
    match = re.search(rf"<(h[34])[^>]*>(?:(?!</h[34]>).)*?{re.escape(heading)}.*?</\1>(.*?)(?=<h[234])", html, re.S)
    assert match, heading
    return match.group(2)


def test_pathway_diagram_is_vector_and_complete(basic_site: Path) -> None:
    svg = pathway(read(basic_site, "protocols/alpha.html"))
    assert texts(svg, "title") == ["Notice the signs", "Is the child in immediate danger?", "Protect the child now", "Assess needs"]
    assert texts(svg, "role") == ["Teacher", "Juvenile police inspector", "Juvenile police inspector", "Teacher"]
    assert texts(svg, "label") == ["Yes", "No"]
    assert [p.get("class") for p in svg.iter(f"{SVG}path") if p.get("class") == "decision"] == ["decision"]
    assert len([p for p in svg.iter(f"{SVG}path") if p.get("class") == "edge"]) == 4
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == "Referral pathway: Alpha reporting protocol"


def test_diagram_and_checklists_in_reader_language(basic_site: Path) -> None:
    html = read(basic_site, "tk/protocols/alpha.html")
    svg = pathway(html)
    assert texts(svg, "title")[1] == "Çaga derrew howp abanýarmy?"
    assert texts(svg, "label") == ["Hawa", "Ýok"]
    police = section(html, "polisiýa inspektory")
    assert "Çaga derrew howp abanýarmy?" in police
    assert "eger «Hawa»: Çagany derrew goraň; eger «Ýok»: Zerurlyklara baha beriň" in police


def test_checklists_group_steps_by_role(basic_site: Path) -> None:
    html = read(basic_site, "protocols/alpha.html")
    teacher = section(html, "Teacher")
    assert teacher.count('type="checkbox"') == 2
    # A step's action is inline Markdown, rendered by the page's Markdown (which leaves ' as it is).
    assert "<strong>Notice the signs</strong> — Write down what you saw, in the child's words." in teacher
    police = section(html, "Juvenile police inspector")
    assert "if “Yes”: Protect the child now; if “No”: Assess needs" in police


def test_role_page_lists_the_roles_steps_across_protocols(basic_site: Path) -> None:
    html = read(basic_site, "roles/police.html")
    article = html.split("<article", 1)[1]
    assert "Is the child in immediate danger?" in article and "Protect the child now" in article
    assert "Notice the signs" not in article
    assert '<a href="../protocols/beta.html">Beta diversion procedure</a>' in article  # addressed, no steps yet


def test_role_index_lists_every_roles_steps(basic_site: Path) -> None:
    html = read(basic_site, "ru/roles/index.html").split("<article", 1)[1]
    police = html.split("Я инспектор по делам несовершеннолетних", 1)[1].split("<h2", 1)[0]
    assert "Протокол Альфа о сообщениях</a>: Угрожает ли ребёнку опасность?; Защитить ребёнка немедленно" in police
    teacher = html.split("Я учитель", 1)[1].split("<h2", 1)[0]
    assert "Заметить признаки; Оценить потребности" in teacher


def test_agencies_directory_and_unverified_contacts(basic_site: Path) -> None:
    html = read(basic_site, "agencies.html")
    mlsp = html.split('id="mlsp"', 1)[1].split("<h2", 1)[0]
    assert "Leads social protection of children." in mlsp
    assert "responsible agency; acts in: Notice the signs" in mlsp
    assert "Helpline: <em>to be confirmed</em>" in mlsp
    assert "уточняется" in read(basic_site, "ru/agencies.html")
    ru = read(basic_site, "ru/agencies.html")
    assert ">None<" not in ru
    for path in basic_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".js", ".xml"}:
            assert "+993 00 000000" not in path.read_text(encoding="utf-8"), path


def test_glossary_in_every_language_and_linked(basic_site: Path) -> None:
    assert '<h2 id="diversion">Diversion' in read(basic_site, "glossary.html")
    ru = read(basic_site, "ru/glossary.html")
    assert '<h2 id="diversion">Отвлечение от уголовного судопроизводства' in ru
    assert "EN: Diversion; TK: Jenaýat işinden sowmak" in ru
    assert '<a href="../glossary.html#diversion">diversion</a>' in read(basic_site, "protocols/alpha.html")


def test_changing_one_step_changes_every_view(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert run_gorag(root, "build").returncode == 0
    site = root / "site"
    before = {rel: read(site, rel) for rel in ("protocols/alpha.html", "roles/police.html", "roles/teacher.html",
                                               "agencies.html", "ru/protocols/alpha.html")}
    source = root / "protocols" / "alpha.en.md"
    text = source.read_text(encoding="utf-8")
    changed = text.replace("""  - id: protect
    title: Protect the child now
    role: police
    action: Take the child to a safe place.""", """  - id: protect
    title: Move the child to safety
    role: teacher
    agency: mia
    action: Stay with the child until the police arrive.""")
    assert changed != text
    source.write_text(changed, encoding="utf-8")
    assert run_gorag(root, "build").returncode == 0

    page = read(site, "protocols/alpha.html")
    assert "Move the child to safety" in texts(pathway(page), "title")
    assert texts(pathway(page), "role")[2] == "Teacher"
    assert "Stay with the child until the police arrive." in section(page, "Teacher")
    assert "Move the child" not in section(page, "Juvenile police inspector").split("if “Yes”")[0]
    assert "if “Yes”: Move the child to safety" in section(page, "Juvenile police inspector")
    assert "Move the child to safety" in read(site, "roles/teacher.html")
    assert "Protect the child now" not in read(site, "roles/police.html")
    mia = read(site, "agencies.html").split('id="mia"', 1)[1].split("<h2", 1)[0]
    assert "acts in: Move the child to safety" in mia
    # The Russian page keeps its own step text but follows the new role.
    ru = read(site, "ru/protocols/alpha.html")
    assert "Защитить ребёнка немедленно" in section(ru, "Учитель")
    for rel, old in before.items():
        assert read(site, rel) != old, rel


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    role: teacher\n    agency: mlsp", "    role: astronaut\n    agency: mlsp",
         "protocols/alpha.en.md:21: steps[0].role: unknown role 'astronaut' (example: role: teacher)"),
        ("        next: protect\n", "        next: nowhere\n",
         "protocols/alpha.en.md:29: steps[1].decision[0].next: no step 'nowhere' in this document (example: next: notice)"),
        ('      - label: "Yes"', "      - label: Yes",
         'protocols/alpha.en.md:28: steps[1].decision[0].label: YAML read Yes as a yes/no value; quote the label (example: label: "Yes")'),
        ("    action: Take the child to a safe place.\n", "",
         "protocols/alpha.en.md:32: steps[2].action: a step that is not a decision needs the action to take (the checklist item) "
         "(example: action: Write down what you saw and heard, in the child's own words.)"),
        ("  - id: assess\n", "  - id: notice\n",
         "protocols/alpha.en.md:37: steps[3].id: duplicate id 'notice', first used at alpha.en.md:19 (example: id: notice-2)"),
    ],
)
def test_step_mistakes_are_reported_at_their_line(tmp_path: Path, old: str, new: str, expected: str) -> None:
    root = make_project(tmp_path / "p")
    source = root / "protocols" / "alpha.en.md"
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_gorag(root, "check")
    assert result.returncode == 1
    assert expected in [line.strip() for line in result.stderr.splitlines()], result.stderr


def test_translation_step_mistakes(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    ru = root / "protocols" / "alpha.ru.md"
    ru.write_text(ru.read_text(encoding="utf-8").replace('decision: ["Да", "Нет"]', 'decision: ["Да"]')
                  .replace("  protect:\n", "  protekt:\n"), encoding="utf-8")
    result = run_gorag(root, "check")
    lines = [line.strip() for line in result.stderr.splitlines()]
    assert "protocols/alpha.ru.md:13: steps.danger.decision: expected 2 option labels in the source's order " \
           "(example: decision: ['Yes', 'No'])" in lines
    assert any(line.startswith("protocols/alpha.ru.md:14: steps.protekt: the English source has no step 'protekt'") for line in lines)
    assert any("lacks the texts of steps: protect" in line for line in lines)
