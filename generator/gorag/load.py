"""Read source files into raw records that remember where every field stands.

python-frontmatter splits front matter from the body; PyYAML composes the front matter so each
key keeps its line. Dates stay strings here: :mod:`gorag.validate` parses them and reports bad ones
with their line, where PyYAML would raise on ``2026-13-01``.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .errors import ErrorCollector

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML without implicit timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_YAML = frontmatter.default_handlers.YAMLHandler()
FILE_NAME = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)\.(?P<lang>[a-z]{2})\.md$")

# No source comes near these: a protocol is some kilobytes, agencies.yml some hundred. They only
# keep a mistaken or hostile file from exhausting memory or the stack.
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64  # lists and mappings inside each other; content needs about six
_BOM = b"\xef\xbb\xbf"
_OPENERS = re.compile(r"^ +", re.MULTILINE)
# Block entries ("- " or "? ", also at a line's end): the hyphens of dates and ids open nothing.
_ENTRIES = re.compile(r"[-?](?= |\t|$)", re.MULTILINE)
# An anchor (&name) or alias (*name) stands where a value or a key can start; "R & D" or "a *b*"
# inside a quoted or plain text may match too, which only costs the exact check.
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\[\]{}]", re.MULTILINE)


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


def _may_nest_deeper(text: str) -> bool:
    """Whether ``text`` could nest lists and mappings deeper than :data:`MAX_DEPTH`: a cheap upper
    bound (each level opens a bracket, a ``-`` or ``?`` entry, or one more column of indentation)
    that spares ordinary files the exact count."""
    indent = max((len(m) for m in _OPENERS.findall(text)), default=0)
    bound = text.count("[") + text.count("{") + len(_ENTRIES.findall(text)) + indent + 1
    return bound > MAX_DEPTH


def _refused(text: str, path: Path, offset: int, errors: ErrorCollector) -> bool:
    """Report YAML that content never needs and that could exhaust the machine: anchors and
    aliases (an alias bomb expands a few lines into billions of values) and nesting deeper than
    :data:`MAX_DEPTH` (the C parser recurses per level and would crash). The event stream is read
    without recursion; it is only read when the text could hold either."""
    if not _ANCHOR_OR_ALIAS.search(text) and not _may_nest_deeper(text):
        return False
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = (event.start_mark.line if event.start_mark else 0) + offset + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            errors.add(path, line, "yaml", "YAML anchors (&name) and aliases (*name) are not allowed; "
                       "write the value out where it is needed", "owners: [mlsp, moe]")
            return True
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                errors.add(path, line, "yaml", f"lists and mappings are nested more than {MAX_DEPTH} levels deep; "
                           "content needs only a few", "steps: [{id: notice-signs, next: [report]}]")
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


def _broken(exc: yaml.YAMLError, path: Path, offset: int, errors: ErrorCollector) -> None:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset + 1 if mark else offset + 1
        errors.add(path, line, "", f"broken YAML: {exc.problem or exc.context}",
                   "key: value, lists as [a, b], quote text containing ': '")
    else:
        errors.add(path, offset + 1, "", f"broken YAML: {exc}", "key: value")


def parse_yaml(text: str, path: Path, offset: int, errors: ErrorCollector) -> tuple[Any, dict[str, int]] | None:
    """Parse YAML ``text`` whose first line is file line ``offset + 1``; report errors, return None."""
    try:
        if _refused(text, path, offset, errors):
            return None
    except yaml.YAMLError as exc:
        _broken(exc, path, offset, errors)
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        _broken(exc, path, offset, errors)
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
            # Without waiting: opening a FIFO for reading would block until someone writes to it.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


@lru_cache(maxsize=256)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path``, its symbolic links followed, stays inside the project ``root``. A library
    has thousands of files in a few folders: each folder is resolved once."""
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    real = os.path.realpath(absolute) if os.path.islink(absolute) else os.path.join(_real_folder(folder), name)
    if real == absolute:
        return True  # no link on the way
    base = _real_folder(os.path.abspath(root))
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def read_text(path: Path, errors: ErrorCollector) -> str | None:
    """The text of the source file ``path``, or None after reporting why it cannot be used.

    Only regular files inside the project are read: a FIFO would block the build for ever (it is
    opened without waiting and never read), a device or folder has no text, a link out of the
    project would publish a file from elsewhere. The text must be UTF-8; a byte-order mark at the
    start is dropped, as editors on Windows write one. Line ends become ``\\n``, as in
    :meth:`pathlib.Path.read_text`."""
    example = "a UTF-8 text file, e.g. protocols/alpha.en.md"
    if not _inside(path, errors.root):
        errors.add(path, 0, "file", f"a symbolic link to {os.path.realpath(path)}, outside the project; "
                   "copy the file into the project instead", example)
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        errors.add(path, 0, "file", f"cannot be read: {exc.strerror or exc}", example)
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else \
                "a device or socket"
            errors.add(path, 0, "file", f"not a regular file: it is {kind}; rename or remove it", example)
            return None
        if info.st_size > MAX_BYTES:
            errors.add(path, 0, "file", f"too large: {info.st_size} bytes, at most {MAX_BYTES} allowed; "
                       "split it into several documents", example)
            return None
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        errors.add(path, 0, "file", f"cannot be read: {exc.strerror or exc}", example)
        return None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:  # grew while read
        errors.add(path, 0, "file", f"too large: more than {MAX_BYTES} bytes; split it into several documents", example)
        return None
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + skip  # offsets count from the file's first byte, BOM included
        line = data.count(b"\n", 0, at) + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        errors.add(path, line, "encoding", f"not valid UTF-8: byte 0x{data[at]:02x} at byte offset {at} "
                   f"(line {line}, column {column}); save the file as UTF-8", "in your editor: Save with encoding → UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_markdown(path: Path, errors: ErrorCollector) -> Raw | None:
    """Split a Markdown file into front matter (with lines) and body."""
    text = read_text(path, errors)
    if text is None:
        return None
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
    text = read_text(path, errors)
    parsed = parse_yaml(text, path, 0, errors) if text is not None else None
    if parsed is None:
        return None
    data, lines = parsed
    return Raw(path=path, data=data, lines=lines)
