"""The GitHub workflows and the pre-commit hooks: valid, and calling only what exists in this repository."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
# The scripts of the virtual environment running the tests (.venv/bin under `make test`); not resolved,
# since .venv/bin/python is a symlink to the base interpreter.
VENV_BIN = Path(sys.executable).parent
# Makefile rule heads: "site: $(STAMP)", "test: ...", but not "VENV := .venv", ".PHONY:" or recipe lines.
MAKE_RULE = re.compile(r"^([A-Za-z0-9_][\w./-]*(?:[ \t]+[A-Za-z0-9_][\w./-]*)*)[ \t]*::?(?!=)")
SHELL_SEPARATOR = re.compile(r"\s*(?:&&|\|\||;)\s*")
APT_GET = {"update", "install"}
PYTHON = {"python", "python3", "pip", "pip3", ".venv/bin/python", ".venv/bin/pip"}


def _venv_script(name: str) -> Path | None:
    """``.venv/bin/<name>`` of this checkout, or of the environment running the tests."""
    for folder in (ROOT / ".venv" / "bin", VENV_BIN):
        if (folder / name).is_file():
            return folder / name
    return None


def _make_targets() -> set[str]:
    targets: set[str] = set()
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if match := MAKE_RULE.match(line):
            targets.update(match.group(1).split())
    return targets


def _gorag_subcommands() -> set[str]:
    gorag = _venv_script("gorag")
    assert gorag, "the gorag command is not installed: run `make site`"
    out = subprocess.run([str(gorag), "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    choices = re.search(r"\{([\w,-]+)\}", out.stdout)
    assert choices, f"no subcommands in `gorag --help`:\n{out.stdout}"
    return set(choices.group(1).split(","))


def _commands(script: str) -> list[list[str]]:
    """The simple commands of a ``run:`` script, split at line ends, ``&&``, ``||`` and ``;``."""
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        for part in SHELL_SEPARATOR.split(line.strip()):
            words = shlex.split(part, comments=True)
            if words:
                commands.append(words)
    return commands


def _allowed(words: list[str], targets: set[str], subcommands: set[str]) -> bool:
    match words:
        case ["make", *goals]:
            return bool(goals) and all(goal in targets for goal in goals)
        case ["bash", ".ci/run"]:
            return (ROOT / ".ci" / "run").is_file()
        case [".venv/bin/gorag", subcommand, *_]:
            return subcommand in subcommands
        case ["sudo", "apt-get", action, *_]:
            return action in APT_GET
        case ["command", "-v", _]:  # the guard of a conditional install: `command -v chromium || sudo apt-get ...`
            return True
        case [program, *_]:
            return program in PYTHON
    return False


def _run_steps(workflow: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    steps = []
    for job_id, job in data["jobs"].items():
        for index, step in enumerate(job.get("steps", [])):
            if "run" in step:
                steps.append((f"{workflow.name}: jobs.{job_id}.steps[{index}] ({step.get('name', '')})", step["run"]))
    return steps


@pytest.mark.parametrize(("schema", "pattern"), [
    ("vendor.github-workflows", "workflows/*.yml"),
    ("vendor.github-issue-forms", "ISSUE_TEMPLATE/content-correction.yml"),
])
def test_github_files_match_their_schemas(schema: str, pattern: str) -> None:
    """GitHub's workflow and issue-form schemas (SchemaStore, vendored by check-jsonschema, so it
    works offline; actionlint cannot be installed from the registries this project may use)."""
    files = sorted((ROOT / ".github").glob(pattern))
    assert files, pattern
    tool = _venv_script("check-jsonschema") or shutil.which("check-jsonschema")
    assert tool, "check-jsonschema is not installed: run make test (it installs requirements.lock)"
    out = subprocess.run([str(tool), "--builtin-schema", schema, *map(str, files)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


def test_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps:\n      - run: make test\n", encoding="utf-8")  # no runs-on
    tool = _venv_script("check-jsonschema") or shutil.which("check-jsonschema")
    assert tool
    out = subprocess.run([str(tool), "--builtin-schema", "vendor.github-workflows", str(broken)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode != 0


def test_workflow_steps_only_run_commands_that_exist() -> None:
    targets = _make_targets()
    assert {"check", "site", "test"} <= targets, f"Makefile targets found: {sorted(targets)}"
    subcommands = _gorag_subcommands()
    assert {"check", "build"} <= subcommands
    steps = [step for workflow in WORKFLOWS for step in _run_steps(workflow)]
    assert steps, "no run: step in .github/workflows"
    unknown = [f"{where}: {shlex.join(words)}" for where, script in steps for words in _commands(script)
               if not _allowed(words, targets, subcommands)]
    assert not unknown, "commands that this repository does not have:\n" + "\n".join(unknown)


def test_pre_commit_hooks_call_what_exists() -> None:
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    assert {hook["id"] for hook in hooks} >= {"gorag-check", "ruff"}
    for hook in hooks:
        assert hook["language"] == "system", hook["id"]
        program, *arguments = shlex.split(hook["entry"])
        assert program.startswith(".venv/bin/"), f"{hook['id']}: {program} is not a tool of the project's .venv"
        script = _venv_script(program.removeprefix(".venv/bin/"))
        assert script, f"{hook['id']}: {program} does not exist"
        # The subcommand exists if it answers --help.
        out = subprocess.run([str(script), *arguments, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, f"{hook['id']}: `{hook['entry']} --help` failed:\n{out.stderr}"
        if "files" in hook:
            folders = re.fullmatch(r"\^\(([\w|-]+)\)/", hook["files"])
            assert folders, f"{hook['id']}: files should be ^(folder|...)/, got {hook['files']!r}"
            missing = [name for name in folders.group(1).split("|") if not (ROOT / name).is_dir()]
            assert not missing, f"{hook['id']}: files names folders that do not exist: {missing}"
    gorag_check = next(hook for hook in hooks if hook["id"] == "gorag-check")
    assert gorag_check["entry"] == ".venv/bin/gorag check"
    assert gorag_check["pass_filenames"] is False
    assert "check" in _gorag_subcommands()
    ruff = next(hook for hook in hooks if hook["id"] == "ruff")
    assert ruff["entry"] == ".venv/bin/ruff check" and ruff.get("types") == ["python"]
