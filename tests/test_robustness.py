"""No input crashes or hangs ``gorag check`` or ``gorag build``: every bad file gives a content
error at its place (``path:line: field: message``), every failing disk or second build one clear
line, never a traceback, and the previous site stays as it was."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, make_project, run_gorag, wait_until

EVENTS = "campaigns/demo-2027/events.yml"
CAMPAIGN = "campaigns/demo-2027/campaign.yml"
LOCK = "campaigns/demo-2027/calendar.lock.yml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic project, built once (site/ and calendar.lock.yml written); each case copies it."""
    root = make_project(tmp_path_factory.mktemp("robust") / "project")
    result = run_gorag(root, "build")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built, tmp_path / "project", symlinks=True))


def _site(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}


def _edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def _write(rel: str, data: bytes) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        path = root / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.write_bytes(data)
    return write


def _prefix(rel: str, data: bytes) -> Callable[[Path], None]:
    def prefix(root: Path) -> None:
        (root / rel).write_bytes(data + (root / rel).read_bytes())
    return prefix


def _fifo(rel: str) -> Callable[[Path], None]:
    def fifo(root: Path) -> None:
        (root / rel).unlink(missing_ok=True)
        os.mkfifo(root / rel)
    return fifo


def _folder(rel: str) -> Callable[[Path], None]:
    def folder(root: Path) -> None:
        (root / rel).unlink(missing_ok=True)
        (root / rel).mkdir()
    return folder


def _link(rel: str, target: str) -> Callable[[Path], None]:
    def link(root: Path) -> None:
        (root / rel).symlink_to(target)
    return link


def _conflict(root: Path) -> None:
    text = (root / LOCK).read_text(encoding="utf-8")
    (root / LOCK).write_text(f"<<<<<<< HEAD\n{text}=======\n{text}>>>>>>> other\n", encoding="utf-8")


BOMB = b"".join([b"---\nid: alpha\n", b'a: &a ["x","x","x","x","x","x","x","x","x"]\n',
                 b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n", b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
                 b"d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\nbody\n"])
DEEP = b"---\nid: alpha\nx: " + b"[" * 100_000 + b"]" * 100_000 + b"\n---\nbody\n"
ALPHA_BAD_UTF8 = b"---\nid: alpha\ntitle: Alph\xff\n---\nbody\n"

# (case, how the project is broken, what must be in stderr: the error's place and its message's start)
CHECK_CASES: list[tuple[str, Callable[[Path], None], str]] = [
    ("invalid-utf8-markdown", _write("protocols/alpha.en.md", ALPHA_BAD_UTF8),
     "protocols/alpha.en.md:3: encoding: not valid UTF-8: byte 0xff at byte offset 25 (line 3, column 12)"),
    ("invalid-utf8-yaml", _prefix("protocols/roles.yml", b"# r\xc3\x28le list\n"),
     "protocols/roles.yml:1: encoding: not valid UTF-8: byte 0xc3 at byte offset 3"),
    ("fifo-protocol", _fifo("protocols/gamma.en.md"), "protocols/gamma.en.md: file: not a regular file: it is a pipe (FIFO)"),
    ("fifo-data-file", _fifo(EVENTS), f"{EVENTS}: file: not a regular file: it is a pipe (FIFO)"),
    ("folder-page", _folder("docs/extra.md"), "docs/extra.md: file: not a regular file: it is a folder"),
    ("folder-agencies", _folder("protocols/agencies.yml"), "protocols/agencies.yml: file: not a regular file: it is a folder"),
    ("symlink-outside", _link("docs/passwd.md", "/etc/passwd"), "docs/passwd.md: file: a symbolic link to /etc/passwd, outside"),
    ("symlink-device", _link("docs/zero.md", "/dev/zero"), "docs/zero.md: file: a symbolic link to /dev/zero, outside"),
    ("too-large", _write("docs/about.md", b"---\ntitle: About\n---\n" + b"a" * 6_000_000), "docs/about.md: file: too large"),
    ("yaml-alias-bomb", _write("protocols/alpha.en.md", BOMB), "protocols/alpha.en.md:3: yaml: YAML anchors (&name) and aliases"),
    ("yaml-deep-nesting", _write("protocols/alpha.en.md", DEEP), "protocols/alpha.en.md:3: yaml: lists and mappings are nested"),
    ("yaml-deep-mappings", _write("campaigns/audiences.yml", b"".join(b" " * i + b"a:\n" for i in range(2000))),
     "campaigns/audiences.yml:65: yaml: lists and mappings are nested"),
    ("anchor-year-9999", _edit(CAMPAIGN, "anchor: 2027-07-30", "anchor: 9999-12-31"),
     f"{CAMPAIGN}:4: anchor: expected the anchor day as YYYY-MM-DD, got '9999-12-31' (9999-12-31 is out of range"),
    ("date-out-of-range", _edit(EVENTS, "start: D-2\n", "start: 2999-01-01\n"), f"{EVENTS}:17: [1].start: 2999-01-01 is out of range"),
    ("duration-overflow", _edit(EVENTS, "duration: 2h", "duration: 99999999999999999999d"), f"{EVENTS}:35: [3].duration: "),
    ("count-huge", _edit(EVENTS, "{freq: weekly, until: D-1}", "{freq: weekly, count: 1000000000}"),
     f"{EVENTS}:28: [2].recurrence.count: expected a whole number from 1 to 1000"),
    ("count-past-window", _edit(EVENTS, "{freq: weekly, until: D-1}", "{freq: weekly, count: 20}"),
     f"{EVENTS}:28: [2].recurrence.count: the recurrence runs past the campaign window, which ends 2027-08-06"),
    ("until-past-window", _edit(EVENTS, "{freq: weekly, until: D-1}", "{freq: weekly, until: D+30}"),
     f"{EVENTS}:28: [2].recurrence.until: the recurrence runs past the campaign window, which ends 2027-08-06"),
    ("line-break-in-title", _edit(EVENTS, "title: {en: Youth fair,", 'title: {en: "Youth\\r\\nfair",'), f"{EVENTS}:16: [1].title.en: "),
    ("control-char-in-title", _edit(EVENTS, "title: {en: Youth fair,", 'title: {en: "Youth\\u0007fair",'), f"{EVENTS}:16: [1].title.en: "),
    ("lock-merge-conflict", _conflict, f"{LOCK}:1: git merge conflict markers"),
    ("lock-wrong-types", _edit(LOCK, "sequence: 0", "sequence: many"), f"{LOCK}:2: concert: sequence: expected a whole number"),
    ("lock-missing-keys", _write(LOCK, b"concert: {hash: 0123456789abcdef}\n"), f"{LOCK}:1: concert: expected exactly the keys"),
    ("lock-bad-date", _edit(LOCK, "2026-11-20T09:00:00Z", "9999-99-99"), f"{LOCK}:2: concert: modified: "),
    ("empty-agencies", _write("protocols/agencies.yml", b""),
     "protocols/agencies.yml:1: agencies.yml is empty: expected a list of agencies"),
    ("empty-regions", _write("campaigns/regions.yml", b"[]\n"),
     "campaigns/regions.yml:1: regions.yml is empty: expected a list of regions"),
]


@pytest.mark.parametrize(("breaker", "expected"), [case[1:] for case in CHECK_CASES], ids=[case[0] for case in CHECK_CASES])
def test_bad_input_is_a_content_error(project: Path, breaker: Callable[[Path], None], expected: str) -> None:
    breaker(project)
    result = _run(project, "check")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr


def test_a_byte_order_mark_is_accepted(project: Path) -> None:
    for rel in ("protocols/alpha.en.md", "protocols/agencies.yml", "docs/about.md", EVENTS):
        _prefix(rel, b"\xef\xbb\xbf")(project)
    result = _run(project, "check")
    assert result.returncode == 0, result.stderr


def test_an_empty_data_file_is_one_error_not_a_cascade(project: Path) -> None:
    _write("protocols/agencies.yml", b"")(project)
    _write("protocols/roles.yml", b"")(project)
    result = _run(project, "check")
    assert result.returncode == 1
    assert result.stderr.startswith("2 content errors:\n"), result.stderr


def test_an_unreadable_protocol_is_not_reported_again_where_it_is_related(project: Path) -> None:
    _fifo("protocols/beta.en.md")(project)
    (project / "protocols" / "beta.ru.md").unlink()
    result = _run(project, "check")
    assert result.returncode == 1
    assert result.stderr.startswith("1 content error:\n"), result.stderr


def _run(root: Path, *args: str, prelude: str = "") -> Result:
    """``gorag`` in ``root`` with a hang guard; ``prelude`` runs first in the same process (to
    simulate a full disk or a slow build)."""
    if not prelude:
        return run_gorag(root, *args)
    code = f"{prelude}\nimport sys\nfrom gorag.cli import main\nsys.exit(main({list(args)!r}))\n"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    return Result(proc.returncode, proc.stdout, proc.stderr, root)


FULL_DISK = """
import errno, mkdocs.utils
def _full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", "site/index.html")
mkdocs.utils.write_file = _full
"""


def _staging_is_a_file(root: Path) -> None:
    shutil.rmtree(root / ".gorag" / "docs")
    (root / ".gorag" / "docs").write_text("not a folder\n", encoding="utf-8")


# (case, how the project is broken, prelude, exit code, what must be in stderr)
BUILD_CASES: list[tuple[str, Callable[[Path], None], str, int, str]] = [
    ("alias-bomb", _write("protocols/alpha.en.md", BOMB), "", 1, "protocols/alpha.en.md:3: yaml: YAML anchors"),
    ("fifo", _fifo("protocols/gamma.en.md"), "", 1, "protocols/gamma.en.md: file: not a regular file"),
    ("lock-conflict", _conflict, "", 1, f"{LOCK}:1: git merge conflict markers"),
    ("count-huge", _edit(EVENTS, "{freq: weekly, until: D-1}", "{freq: weekly, count: 1000000000}"), "", 1,
     f"{EVENTS}:28: [2].recurrence.count:"),
    ("staging-not-writable", _staging_is_a_file, "", 2, "build failed: cannot write"),
    ("disk-full", lambda root: None, FULL_DISK, 2, "cannot write site/index.html: the disk is full"),
]


@pytest.mark.parametrize(("breaker", "prelude", "code", "expected"), [case[1:] for case in BUILD_CASES],
                         ids=[case[0] for case in BUILD_CASES])
def test_a_failed_build_leaves_the_site_intact(project: Path, breaker: Callable[[Path], None], prelude: str, code: int,
                                               expected: str) -> None:
    before = _site(project)
    breaker(project)
    result = _run(project, "build", prelude=prelude)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr
    assert "the previous site was left as it was" in result.stderr
    assert _site(project) == before
    assert not (project / ".site.building").exists() and not (project / ".site.building.parts").exists()


def test_a_second_build_is_refused_while_one_runs(project: Path) -> None:
    before = _site(project)
    with open(project / ".gorag" / "build.lock", "w", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("build 4242\n")
        held.flush()
        result = _run(project, "build")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr == "build refused: another gorag build is running in this project (pid 4242); wait for it to finish\n"
    assert _site(project) == before
    assert _run(project, "check").returncode == 0  # a check writes nothing: it needs no lock


# Each language build sleeps before it starts: the test stops the build while its workers run,
# so the sleep stands for a build long enough to be interrupted (the test never waits it out).
SLOW_WORKERS = """
import time, gorag.site.builder
_build = gorag.site.builder.mkdocs_build
def _slow(*args, **kwargs):
    time.sleep(60)
    return _build(*args, **kwargs)
gorag.site.builder.mkdocs_build = _slow
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_build_takes_its_workers_with_it(project: Path, signum: int) -> None:
    before = _site(project)
    code = f"{SLOW_WORKERS}\nimport sys\nfrom gorag.cli import main\nsys.exit(main(['build', '-j', '3']))\n"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=project, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)

    def started() -> list[str]:
        """The build's child processes, once there are three (one per language)."""
        found = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        return found if len(found) >= 3 else []

    workers = wait_until(started, 60, "the three language builds to start")
    assert len(workers) == 3, "the language builds did not start"
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)  # Ctrl-C reaches every process of the terminal
    else:
        proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    assert stderr == "build interrupted: the previous site was left as it was\n"
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    assert _site(project) == before
    assert not (project / ".site.building").exists() and not (project / ".site.building.parts").exists()
