"""Where fenced code is in a Markdown text, as the site's Markdown (pymdownx.superfences) renders
it. One tracker for every check that must skip code (link and heading checks, markup hints, the
personal-data scan's masking), so they cannot disagree about a block.

Measured against superfences 10 with the site's extensions (tests/test_fences.py): a fence is three
or more backticks or tildes at any indentation; a backtick fence's info string holds no backtick;
the block is closed only by a line of the same character in exactly the same number, with nothing
but spaces after it; a fence never closed opens no block (its lines are rendered as text, so they
are checked as text); inside a ``~~~~`` block a ```` ``` ```` line is code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")


def code_lines(lines: Sequence[str]) -> set[int]:
    """0-based indexes of the lines of closed fenced code blocks, their fences included."""
    inside: set[int] = set()
    opened: tuple[int, str] | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line.rstrip("\r\n"))
        if match is None:
            continue
        fence, rest = match.group(1), match.group(2)
        if opened is None:
            if not (fence[0] == "`" and "`" in rest):
                opened = (index, fence)
        elif fence == opened[1] and not rest.strip():
            inside.update(range(opened[0], index + 1))
            opened = None
    return inside


def has_fence(text: str) -> bool:
    """Whether ``text`` may hold fenced code at all (a quick test before splitting it in lines)."""
    return "```" in text or "~~~" in text
