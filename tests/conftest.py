"""Shared test helpers: every test builds real sites in tmp_path from small content trees."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from gorag.config import read_config
from gorag.languages import configure

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
# The shipped site's languages, as mkdocs.yml configures them (the one place they are configured).
SHIPPED = read_config(REPO / "mkdocs.yml")
LANGS = SHIPPED.languages.codes
# The address test projects are published at (``.test`` is reserved for tests, RFC 6761).
SITE_URL = "https://gorag.test/gorag/"
# Set to 1 (or pass --update-goldens) to rewrite every golden file a test compares with.
UPDATE_GOLDEN = "GORAG_UPDATE_GOLDEN"

T = TypeVar("T")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help=f"rewrite tests/golden/* from what the tests produce (as {UPDATE_GOLDEN}=1 does)")


def pytest_configure(config: pytest.Config) -> None:
    # One switch: the option sets the variable, which is what assert_golden reads.
    if config.getoption("update_goldens"):
        os.environ[UPDATE_GOLDEN] = "1"


def assert_golden(name: str, actual: str) -> None:
    """``actual`` must equal ``tests/golden/<name>`` byte for byte; a mismatch fails with a diff.

    With GORAG_UPDATE_GOLDEN=1 (or ``--update-goldens``) the file is rewritten instead, to be
    reviewed with ``git diff tests/golden``."""
    path = GOLDEN / name
    if os.environ.get(UPDATE_GOLDEN, "") not in ("", "0"):
        if not path.is_file() or path.read_bytes() != actual.encode("utf-8"):
            path.write_bytes(actual.encode("utf-8"))
        return
    if not path.is_file():
        pytest.fail(f"no golden file tests/golden/{name}: run with {UPDATE_GOLDEN}=1 to write it, then review it")
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                    f"tests/golden/{name}", "actual")
        pytest.fail(f"differs from tests/golden/{name} ({UPDATE_GOLDEN}=1 rewrites it):\n" + "".join(diff), pytrace=False)


def wait_until(predicate: Callable[[], T], timeout: float, what: str | Callable[[], str], interval: float = 0.05) -> T:
    """Poll ``predicate`` until it returns something true, and return that; fail the test naming
    ``what`` was awaited (a text, or a function giving one with the state at that moment) when
    ``timeout`` seconds pass first. The timeout only bounds a hang: it asserts nothing about speed.

    For a browser, prefer Playwright's own waits (``expect``, ``wait_for_function``): what its
    event handlers note on the Python side is only updated while a Playwright call runs."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting after {timeout:g} s for {what() if callable(what) else what}")
        time.sleep(interval)
    return value


@pytest.fixture(autouse=True)
def shipped_languages() -> None:
    """Tests that call the package's functions directly work in the shipped site's languages, as
    a build of the shipped mkdocs.yml would (a test of other languages uses gorag.languages.using)."""
    configure(SHIPPED.languages)


def replace_line(config: str, key: str, line: str) -> str:
    """``config`` (mkdocs.yml) with its top-level ``key`` line replaced by ``line``."""
    new, count = re.subn(rf"^{re.escape(key)}.*$", line, config, count=1, flags=re.MULTILINE)
    assert count == 1, f"mkdocs.yml has no {key} line"
    return new


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"


def make_project(dest: Path, fixture: str | None = "basic", printables: bool = False) -> Path:
    """A project folder in ``dest``: the repo's mkdocs.yml and overrides plus a fixture's content.

    PDFs are rendered only where a test asks for them (``printables=True``): they take most of a
    build's time and most tests look at pages and calendars."""
    dest.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # A real-looking address (the shipped placeholder stops a strict build), and strict builds, as
    # the workflows run them: any warning fails a test's build.
    config = replace_line(config, "site_url:", f"site_url: {SITE_URL}")
    config = replace_line(config, "strict:", "strict: true")
    if not printables:
        config = config.replace("      staging_dir: .gorag/docs\n", "      staging_dir: .gorag/docs\n      printables: false\n")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "overrides", dest / "overrides")
    if fixture is None:
        for name in ("docs", "protocols", "campaigns"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, dest / name)
    else:
        shutil.copytree(FIXTURES / fixture, dest, dirs_exist_ok=True)
    return dest


def run_gorag(root: Path, *args: str, epoch: int = 1767225600, env: dict[str, str] | None = None) -> Result:
    """Run the real ``gorag`` CLI in ``root`` as a user would (source date 2026-01-01 unless given),
    with ``env`` added to the environment."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "gorag.cli", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    return Result(proc.returncode, proc.stdout, proc.stderr, root)


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    def factory(fixture: str | None = "basic", name: str = "project") -> Path:
        return make_project(tmp_path / name, fixture)
    return factory


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``basic`` fixture built once for the whole session."""
    root = make_project(tmp_path_factory.mktemp("basic") / "project", printables=True)
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built once without PDFs."""
    root = make_project(tmp_path_factory.mktemp("shipped") / "project", fixture=None)
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"
