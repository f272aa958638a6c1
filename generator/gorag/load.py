"""Read source files into raw records that remember where every field stands.

python-frontmatter splits front matter from the body; PyYAML composes the front matter so each
key keeps its line. Dates stay strings here: :mod:`gorag.validate` parses them and reports bad ones
with their line, where PyYAML would raise on ``2026-13-01``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .errors import ErrorCollector

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe YAML without implicit timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_YAML = frontmatter.YAMLHandler()
FILE_NAME = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)\.(?P<lang>[a-z]{2})\.md$")


@dataclass(frozen=True)
class Raw:
    """Parsed YAML data of one file or front matter, with the line of each dotted field path."""

    path: Path
    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line(self, key: str) -> int:
        """Line of ``key`` (``sources[1].title``), or of its nearest recorded parent."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0] if "." in key else key.rpartition("[")[0]
        return 1


def _walk(node: yaml.Node, prefix: str, offset: int, out: dict[str, int], dups: list[tuple[str, int]]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            if key in out:
                dups.append((key, key_node.start_mark.line + offset))
            out[key] = key_node.start_mark.line + offset
            _walk(value, key, offset, out, dups)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{prefix}[{index}]"
            out[key] = item.start_mark.line + offset
            _walk(item, key, offset, out, dups)


def parse_yaml(text: str, path: Path, offset: int, errors: ErrorCollector) -> tuple[Any, dict[str, int]] | None:
    """Parse YAML ``text`` whose first line is file line ``offset + 1``; report errors, return None."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset + 1 if mark else offset + 1
        errors.add(path, line, "", f"broken YAML: {exc.problem or exc.context}",
                   "key: value, lists as [a, b], quote text containing ': '")
        return None
    except yaml.YAMLError as exc:
        errors.add(path, offset + 1, "", f"broken YAML: {exc}", "key: value")
        return None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    dups: list[tuple[str, int]] = []
    if node is not None:
        _walk(node, "", offset + 1, lines, dups)
    for key, line in dups:
        errors.add(path, line, key, "appears twice; a key may stand only once", f"{key}: one value")
    return data, lines


def prefetch(paths: Iterable[Path]) -> None:
    """Ask the kernel to start reading ``paths`` into its cache now, where it can (Linux), so that
    reading them one by one later does not wait for the disk each time."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def read_markdown(path: Path, errors: ErrorCollector) -> Raw | None:
    """Split a Markdown file into front matter (with lines) and body."""
    text = path.read_text(encoding="utf-8")
    if not _YAML.detect(text):
        errors.add(path, 1, "", "front matter missing: the file must start with a '---' line",
                   "---\\nid: my-protocol\\ntitle: ...\\n---")
        return None
    try:
        fm, body = _YAML.split(text)
    except ValueError:
        errors.add(path, 1, "", "front matter is not closed by a second '---' line", "---\\nid: x\\n---")
        return None
    parsed = parse_yaml(fm, path, 0, errors)
    if parsed is None:
        return None
    data, lines = parsed
    lead = len(body) - len(body.lstrip("\n"))
    body_line = fm.count("\n") + 1 + lead
    return Raw(path=path, data=data, lines=lines, body=body.strip("\n") + "\n", body_line=body_line)


def read_data(path: Path, errors: ErrorCollector) -> Raw | None:
    """Read a YAML data file (agencies, roles)."""
    parsed = parse_yaml(path.read_text(encoding="utf-8"), path, 0, errors)
    if parsed is None:
        return None
    data, lines = parsed
    return Raw(path=path, data=data, lines=lines)
