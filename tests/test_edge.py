"""MkDocs at the edge: everything but ``gorag.site`` works with MkDocs, Material and
mkdocs-static-i18n made unimportable, so Gorag can move to another site generator by rewriting
that one subpackage.

A fresh Python process blocks the three (and ProperDocs, which stands in for MkDocs) with an import
hook, imports every other module of the package, and runs the pipeline on the ``basic`` fixture:
read mkdocs.yml → load → validate → render the pages → calendars → printables (PDF and office
documents) → the offline zip. What it made is then read with independent readers here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from icalendar import Calendar
from pypdf import PdfReader

from conftest import REPO, make_project
from gorag import paths

BLOCKED = ("mkdocs", "material", "mkdocs_static_i18n", "properdocs")

SCRIPT = r'''
import importlib, json, pkgutil, sys
from datetime import datetime, timezone
from pathlib import Path

BLOCKED = tuple(sys.argv[3].split(","))

class Unimportable:
    """Refuses the blocked packages, as if they were not installed."""
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by test_edge)")
        return None

sys.meta_path.insert(0, Unimportable())

import gorag
modules = sorted(m.name for m in pkgutil.walk_packages(gorag.__path__, "gorag.") if not m.name.startswith("gorag.site"))
for name in modules:
    importlib.import_module(name)

from gorag import paths
from gorag.config import read_config
from gorag.offline_zip import offline_zip
from gorag.project import Project

root, out = Path(sys.argv[1]), Path(sys.argv[2])
config = read_config(root / "mkdocs.yml")
project = Project.of(config, fonts_dir=root / "overrides" / "assets" / "fonts")
now = datetime(2026, 1, 1, tzinfo=timezone.utc)
staged = project.stage(now)                      # load, validate, render the pages, plan the printables
outputs = project.outputs(staged)                # calendars, PDFs, .docx and .xlsx
for rel, data in outputs.items():
    (out / rel).parent.mkdir(parents=True, exist_ok=True)
    (out / rel).write_bytes(data)
staged_pages = sorted(p.relative_to(project.staging_dir).as_posix() for p in project.staging_dir.rglob("*.md"))
(out / "copy.zip").write_bytes(offline_zip(out, "ru", now.replace(tzinfo=None)))
loaded = sorted(name for name in sys.modules if name.split(".")[0] in BLOCKED)
print(json.dumps({"modules": modules, "staged": staged_pages, "outputs": sorted(outputs), "loaded": loaded}))
'''


def test_the_pipeline_runs_without_mkdocs_material_or_static_i18n(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", printables=True)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(root), str(out), ",".join(BLOCKED)],
                          capture_output=True, text=True, timeout=900, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO / "generator"), "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["loaded"] == []
    # Every module outside gorag.site was imported: the pipeline's stages and the outputs' writers.
    for stage in ("gorag.config", "gorag.load", "gorag.validate", "gorag.render", "gorag.render_campaigns", "gorag.ics",
                  "gorag.printables", "gorag.pdf", "gorag.plan", "gorag.results", "gorag.zim", "gorag.pwa", "gorag.paths"):
        assert stage in report["modules"], stage
    assert not [m for m in report["modules"] if m.startswith("gorag.site")]
    # Pages in every language, staged for a site generator to turn into HTML.
    for page in ("protocols/alpha.md", "protocols/alpha.ru.md", "protocols/alpha.tk.md", "roles/index.md", "downloads.tk.md"):
        assert page in report["staged"], page
    # Calendars, read by icalendar.
    calendars = [rel for rel in report["outputs"] if rel.endswith(".ics")]
    assert "ru/campaigns/demo-2027/calendars/campaign.ics" in calendars
    for rel in calendars:
        assert Calendar.from_ical((out / rel).read_bytes()).walk("VEVENT") or "planner" in rel, rel
    # Printables, read by pypdf, and the office documents.
    handbook = PdfReader(out / "tk" / "downloads" / "handbook.pdf")
    assert len(handbook.pages) > 1 and handbook.root_object["/Lang"] == "tk"
    assert (out / paths.in_language("ru", paths.plan_file("demo-2027", "docx"))).read_bytes().startswith(b"PK")
    assert (out / "copy.zip").stat().st_size > 0


def test_only_gorag_site_imports_the_site_generator() -> None:
    """The rule the first test checks by running, read from the sources: no module outside
    gorag/site/ names MkDocs, Material or static-i18n in an import."""
    package = REPO / "generator" / "gorag"
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path.is_relative_to(package / "site"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1 and words[1].split(".")[0] in BLOCKED:
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []
