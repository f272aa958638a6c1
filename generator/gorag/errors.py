"""The one error hierarchy of Gorag.

Content problems are collected as :class:`ContentError` values and raised together as
:class:`ContentErrors`, so an editor sees every mistake of a change at once. Only the MkDocs
boundary (``plugin.py``) and the CLI turn them into something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class GoragError(Exception):
    """Base class of every error Gorag raises on purpose."""


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one source file.

    ``path`` is relative to the project root, ``line`` is 1-based (0 when the whole file is meant),
    ``field`` names the front-matter key or data field, ``message`` says what is wrong and what was
    expected, and ``example`` shows a valid value.
    """

    path: str
    line: int
    field: str
    message: str
    example: str = ""
    col: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        where = f"{where}:{self.col}" if self.line and self.col else where
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} (example: {self.example})" if self.example else text


class ContentErrors(GoragError):
    """Every content error found in one pass, sorted by file and line."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        head = f"{count} content error{'s' if count != 1 else ''}:"
        return "\n".join([head, *(f"  {e}" for e in self.errors)])

    def github(self) -> str:
        """GitHub Actions workflow commands: each error becomes an annotation on the pull request."""
        lines = []
        for e in self.errors:
            where = f"file={e.path}" + (f",line={e.line}" if e.line else "") + (f",col={e.col}" if e.col else "")
            text = e.message + (f" (example: {e.example})" if e.example else "")
            lines.append(f"::error {where},title={_escape(e.field or 'gorag check', True)}::{_escape(text, False)}")
        return "\n".join(lines)


def _escape(value: str, prop: bool) -> str:
    """Escaping of GitHub workflow commands (data: % CR LF; properties also : and ,)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


class ErrorCollector:
    """Accumulates :class:`ContentError` values while a pass goes on."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[ContentError] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: Path, line: int, field: str, message: str, example: str = "", col: int = 0) -> None:
        self.errors.append(ContentError(self.rel(path), line, field, message, example, col))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(self.errors)
