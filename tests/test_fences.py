"""One tracker of fenced code (gorag.fences), checked against what the site's Markdown renders, and
used alike by every check that skips code: heading anchors, link checks, markup hints and the
personal-data scan."""

from __future__ import annotations

import re

import markdown
import pytest

from gorag import fences, links, privacy
from gorag.markup import MARKDOWN_EXTENSIONS

B3, B4, T3, T4 = "```", "````", "~~~", "~~~~"
CASES = {
    "backticks": [B3, "x", B3],
    "tildes": [T3, "x", T3],
    "a backtick line inside tildes": [T4, B3, "x", T4],
    "a tilde line inside backticks": [B3, T3, "x", B3],
    "a longer closing fence does not close": [B3, "x", B4, "y"],
    "a shorter closing fence does not close": [B4, "x", B3, "y", B4],
    "never closed": [B3, "x", "y"],
    "info string": ["```python", "x", B3],
    "backtick in a backtick info string": ["```py`x", "x", B3],
    "closing fence with text is no closing fence": [B3, "x", "``` a", "y", B3],
    "indented": ["  " + B3, "  x", "  " + B3],
    "after a paragraph": ["text", B3, "x", B3],
    "two blocks": [B3, "x", B3, "", "between", "", T3, "y", T3],
    "trailing spaces after the closing fence": [B3, "x", B3 + "  "],
}


def _rendered_code_lines(lines: list[str]) -> set[int]:
    """Indexes of the content lines (not fences) the site's Markdown renders inside <pre><code>."""
    marked = [f"{line}L{index}Z" if not re.match(r"^\s*(```|~~~)", line) else line for index, line in enumerate(lines)]
    md = markdown.Markdown(extensions=[name for name, _ in MARKDOWN_EXTENSIONS],
                           extension_configs={name: options for name, options in MARKDOWN_EXTENSIONS if options})
    html = md.convert("\n".join(marked) + "\n")
    inside = "".join(re.findall(r"<pre[^>]*>(.*?)</pre>", html, re.S))
    return {int(n) for n in re.findall(r"L(\d+)Z", inside)}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_tracker_agrees_with_the_renderer(name: str) -> None:
    lines = CASES[name]
    tracked = fences.code_lines(lines)
    content = {i for i, line in enumerate(lines) if not re.match(r"^\s*(```|~~~)", line)}
    assert tracked & content == _rendered_code_lines(lines), name


BLOCK = [T4, B3, "# Not a heading", "[not a link](missing.md)", B3, "Aman Orazow, 14 years old", T4]


def test_every_check_skips_the_same_block() -> None:
    """A ~~~~ block holding a ``` line: the heading, the link and the name inside are code for
    every check; the same lines after the block are text for every check."""
    after = ["", "# A heading", "Aman Orazow, 14 years old"]
    body = "\n".join(BLOCK + after) + "\n"
    assert links.anchors(body) == {"a-heading"}
    findings = privacy.scan(body)
    assert findings and {f.line for f in findings} == {len(BLOCK) + 3}, findings  # 1-based: the last line
