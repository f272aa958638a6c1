"""The benchmark corpus: the same project every time, and one that passes ``gorag check``."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from conftest import REPO, run_gorag


def load_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tree(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_corpus_is_deterministic_and_valid(tmp_path: Path) -> None:
    corpus = load_corpus()
    corpus.generate(5, tmp_path / "a", events=10, printables=False)
    corpus.generate(5, tmp_path / "b", events=10, printables=False)
    first = tree(tmp_path / "a")
    assert first == tree(tmp_path / "b")
    assert sum(name.startswith("protocols/doc-") for name in first) == 15
    assert first["campaigns/bench-2027/events.yml"].count(b"- id: event-") == 10
    assert b"printables: false" in first["mkdocs.yml"]

    result = run_gorag(tmp_path / "a", "check")
    assert result.returncode == 0, result.stdout + result.stderr
