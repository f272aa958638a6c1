"""Content policy: Markdown is untrusted input, so raw HTML that could run script or load remote
resources is rejected before it reaches a page."""

from __future__ import annotations

import re
from dataclasses import dataclass

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<\s*(script|iframe|object|embed|applet|frame|frameset|base|meta|link|style|form|svg|math)\b", re.I),
     "raw <{0}> HTML is not allowed in content"),
    (re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.I), "event-handler attribute '{0}' is not allowed in content"),
    (re.compile(r"(javascript|vbscript|data)\s*:(?!//)", re.I), "'{0}:' URLs are not allowed in content"),
    (re.compile(r"<[^>]*\s(?:src|href|srcset|poster|background)\s*=\s*[\"']?\s*((?:https?:)?//)", re.I),
     "raw HTML that loads a remote resource ('{0}…') is not allowed"),
)
_CODE_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Violation:
    """One breach of the content policy at a 1-based line of the checked text."""

    line: int
    message: str
    col: int = 0


def check_markdown(text: str) -> list[Violation]:
    """Return policy violations in Markdown ``text``, skipping fenced and inline code."""
    found: list[Violation] = []
    in_fence = False
    fenced = "```" in text or "~~~" in text
    for number, line in enumerate(text.splitlines(), start=1):
        if fenced and _CODE_FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        visible = re.sub(r"`[^`]*`", "", line) if "`" in line else line
        if "<" not in visible and ":" not in visible:
            continue  # every rule needs a tag or a scheme
        for pattern, message in _RULES:
            for match in pattern.finditer(visible):
                if pattern is _RULES[2][0] and not _inside_link_or_tag(visible, match.start()):
                    continue
                found.append(Violation(number, message.format(match.group(1).lower()), _column(line, visible, match.start())))
    return found


def _column(line: str, visible: str, pos: int) -> int:
    """1-based column in the original line of a match found in ``visible`` (inline code removed)."""
    fragment = visible[pos:pos + 12]
    found = line.find(fragment)
    return (found if found >= 0 else pos) + 1


def _inside_link_or_tag(line: str, pos: int) -> bool:
    """A scheme is dangerous only where it is a link target: in ``](...)``, ``<...>`` or a tag."""
    before = line[:pos]
    return before.rstrip().endswith(("](", "<", "=", "=\"", "='")) or before.rfind("<") > before.rfind(">")
