"""The one golden-file mechanism (conftest.assert_golden): a mismatch fails with a diff naming the
file, and GORAG_UPDATE_GOLDEN=1 (which --update-goldens sets) rewrites the file instead."""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest
from conftest import UPDATE_GOLDEN, assert_golden


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A golden folder of its own holding ``case.txt``, and the update switch off."""
    monkeypatch.setattr(conftest, "GOLDEN", tmp_path)
    monkeypatch.delenv(UPDATE_GOLDEN, raising=False)
    (tmp_path / "case.txt").write_bytes(b"one\ntwo\n")
    return tmp_path


def test_the_same_text_passes(golden: Path) -> None:
    assert_golden("case.txt", "one\ntwo\n")


def test_a_difference_fails_with_a_diff(golden: Path) -> None:
    with pytest.raises(pytest.fail.Exception) as failed:
        assert_golden("case.txt", "one\n2\n")
    message = str(failed.value)
    assert "--- tests/golden/case.txt\n+++ actual\n" in message
    assert "-two\n+2\n" in message
    assert f"{UPDATE_GOLDEN}=1 rewrites it" in message
    assert (golden / "case.txt").read_bytes() == b"one\ntwo\n"


def test_bytes_count_not_only_lines(golden: Path) -> None:
    with pytest.raises(pytest.fail.Exception):
        assert_golden("case.txt", "one\r\ntwo\n")
    with pytest.raises(pytest.fail.Exception):
        assert_golden("case.txt", "one\ntwo")


def test_a_missing_file_fails_and_says_how_to_write_it(golden: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match=f"no golden file tests/golden/new.txt: run with {UPDATE_GOLDEN}=1"):
        assert_golden("new.txt", "text\n")
    assert not (golden / "new.txt").exists()


def test_the_switch_rewrites_and_writes(golden: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(UPDATE_GOLDEN, "1")
    assert_golden("case.txt", "one\n2\n")
    assert_golden("new.txt", "Новый\n")
    assert (golden / "case.txt").read_bytes() == b"one\n2\n"
    assert (golden / "new.txt").read_bytes() == "Новый\n".encode()


def test_the_switch_set_to_0_is_off(golden: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(UPDATE_GOLDEN, "0")
    with pytest.raises(pytest.fail.Exception):
        assert_golden("case.txt", "changed\n")
    assert (golden / "case.txt").read_bytes() == b"one\ntwo\n"
