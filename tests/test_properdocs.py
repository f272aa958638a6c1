"""Gorag runs on ProperDocs (the continuation of MkDocs 1.x) as it runs on MkDocs: the shipped site
built by plain ``mkdocs build`` (MkDocs 1.6.1) and by ``properdocs build`` (1.6.x) is the same
site, file for file and byte for byte, but for the generator's name in each page.

Both commands are the venv's own scripts, run as a user would in a copy of the repository's
mkdocs.yml, docs/, protocols/, campaigns/ and overrides/ (``make_project(fixture=None)``), with the
same source date and environment. ProperDocs is installed beside MkDocs (requirements.lock); its
command redirects every ``mkdocs.*`` import, Gorag's included, to ``properdocs.*``.

Without printables (``printables: false``, as ``shipped_site`` builds): the PDFs, .docx/.xlsx,
offline zips and ZIM files are made by Gorag's own code from the staged sources and the built
pages, not by MkDocs, and they make a build of the shipped site take about 170 s of CPU (over 5
minutes' wall time on a shared 2-core machine) instead of about 8 s; the pages those files are made
of are compared here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from conftest import make_project
from gorag import pwa

EPOCH = 1767225600  # 2026-01-01, as run_gorag builds
BIN = Path(sys.executable).parent
# Material writes the generator into every page's head from MkDocs' ``mkdocs_version``, which
# ProperDocs sets to "ProperDocs <version>": ``mkdocs-1.6.1`` against ``mkdocs-ProperDocs 1.6.7``.
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^",]*), mkdocs-material-[^"]*">')


def run(root: Path, command: str) -> subprocess.CompletedProcess[str]:
    """``<command> build`` (the venv's script) in ``root``, as a user runs it."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH),
           # What ``gorag build`` sets: Material's end-of-life banner, printed when the command is
           # ``mkdocs``, is not a build message (ProperDocs' command prints none either way).
           "NO_MKDOCS_2_WARNING": "1"}
    # ``-f``: ProperDocs reads properdocs.yml by default and falls back to mkdocs.yml with a notice.
    return subprocess.run([str(BIN / command), "build", "-f", "mkdocs.yml"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


def build(root: Path, command: str) -> str:
    """Run ``<command> build`` in ``root``; return its log (standard error), having checked that it
    succeeded without a traceback."""
    proc = run(root, command)
    assert proc.returncode == 0, f"{command} build failed:\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Documentation built in" in proc.stderr, proc.stderr
    return proc.stderr


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def generators(site: Path) -> dict[str, bytes]:
    """The generator each page names, by page; a page naming it more than once fails."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        names = GENERATOR.findall(page.read_bytes())
        assert len(names) <= 1, f"{page.relative_to(site)} names its generator {len(names)} times"
        if names:
            found[page.relative_to(site).as_posix()] = names[0]
    return found


def stamp() -> datetime:
    """The build's date, as Gorag's plugin takes it from SOURCE_DATE_EPOCH."""
    return datetime.fromtimestamp(EPOCH, UTC)


def assert_app_files_derived(site: Path) -> None:
    """The web app's files (``offline/<lang>.json``, ``sw.js``, ...) are exactly what
    :func:`gorag.pwa.app_files` makes of the built site: they hold the size and hash of every page
    and nothing that depends on the generator in any other way."""
    for rel, data in pwa.app_files(site, stamp()).items():
        assert (site / rel).read_bytes() == data, f"{rel} is not what gorag.pwa.app_files makes of {site}"


def first_difference(rel: str, expected: bytes, actual: bytes) -> str:
    """Where ``actual`` first differs from ``expected``: the line for text, the byte otherwise."""
    try:
        one, two = expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        at = next((i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b), min(len(expected), len(actual)))
        return f"{rel}: first differs at byte {at} ({len(expected)} bytes with MkDocs, {len(actual)} with ProperDocs)"
    for number, (a, b) in enumerate(zip(one, two, strict=False), start=1):
        if a != b:
            return f"{rel}:{number} differs:\n  mkdocs:     {a[:400]}\n  properdocs: {b[:400]}"
    return f"{rel}: {len(one)} lines with MkDocs, {len(two)} with ProperDocs (or a line ending differs)"


def assert_same_site(expected: dict[str, bytes], actual: dict[str, bytes]) -> None:
    missing, extra = sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))
    assert not missing and not extra, f"only with MkDocs: {missing[:20]}; only with ProperDocs: {extra[:20]}"
    differing = [rel for rel in expected if expected[rel] != actual[rel]]
    assert not differing, (f"{len(differing)} files differ, e.g. {differing[:10]}; the first:\n"
                           + first_difference(differing[0], expected[differing[0]], actual[differing[0]]))


def test_gorag_runs_on_properdocs() -> None:
    """ProperDocs' command loads Gorag's plugin against ProperDocs' own modules (not MkDocs',
    installed beside them): Gorag's errors are then ProperDocs' and end a build cleanly."""
    assert version("properdocs").startswith("1.6.")
    out = subprocess.run([str(BIN / "properdocs"), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.startswith(f"properdocs, version {version('properdocs')} "), out
    code = ("import properdocs.replacement, sys\n"
            "from gorag.site.plugin import GoragPlugin, PluginError\n"
            "print(GoragPlugin.__mro__[1].__module__, PluginError.__module__, sys.modules['mkdocs.plugins'].__name__)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["properdocs.plugins", "properdocs.exceptions", "properdocs.plugins"]


def test_properdocs_builds_the_shipped_site_as_mkdocs_does(tmp_path: Path) -> None:
    with_mkdocs = make_project(tmp_path / "mkdocs", fixture=None)
    with_properdocs = make_project(tmp_path / "properdocs", fixture=None)
    build(with_mkdocs, "mkdocs")
    log = build(with_properdocs, "properdocs")
    # ProperDocs' notices (the MkDocs 2.0 banner, the mkdocs.yml file name) are not printed.
    assert "WARNING" not in log and "properdocs.yml" not in log, log
    mkdocs_site, properdocs_site = with_mkdocs / "site", with_properdocs / "site"

    # Every page names the command that built it: ProperDocs really built the second site.
    mkdocs_pages, properdocs_pages = generators(mkdocs_site), generators(properdocs_site)
    assert len(mkdocs_pages) > 100
    assert set(mkdocs_pages.values()) == {version("mkdocs").encode()}
    assert set(properdocs_pages.values()) == {f"ProperDocs {version('properdocs')}".encode()}
    assert sorted(properdocs_pages) == sorted(mkdocs_pages)

    # The one inherent difference, normalised: the generator's name in the ProperDocs pages
    # becomes MkDocs'. The web app's lists name each page with its size and hash, and the service
    # worker with the lists' hash, so they follow it: having checked that in each site they are
    # exactly what Gorag makes of its pages, they are made again from the normalised pages.
    assert_app_files_derived(mkdocs_site)
    assert_app_files_derived(properdocs_site)
    for rel in properdocs_pages:
        page = properdocs_site / rel
        page.write_bytes(GENERATOR.sub(lambda m: m[0].replace(m[1], version("mkdocs").encode()), page.read_bytes(), count=1))
    for rel, data in pwa.app_files(properdocs_site, stamp()).items():
        (properdocs_site / rel).write_bytes(data)

    assert_same_site(tree(mkdocs_site), tree(properdocs_site))


def test_content_errors_end_a_properdocs_build_as_a_mkdocs_one(tmp_path: Path) -> None:
    """Gorag's report of every content error, then the command's own clean abort, the same with
    both commands: no traceback."""
    root = make_project(tmp_path / "bad", "bad")
    with_mkdocs, with_properdocs = run(root, "mkdocs"), run(root, "properdocs")
    for proc in (with_mkdocs, with_properdocs):
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr, proc.stderr
        assert re.match(r"ERROR +-  \d+ content errors:\n", proc.stderr), proc.stderr
        assert proc.stdout.strip() == "Aborted with a BuildError!", proc.stdout
    assert with_properdocs.stderr == with_mkdocs.stderr
