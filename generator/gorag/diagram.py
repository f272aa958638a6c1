"""Referral pathways from one list of steps: a static SVG for wide screens, print and PDFs (vector,
no script, no CDN) and the numbered steps a phone shows instead (:func:`pathway_steps`).

In the SVG, steps stand in one column in source order, each numbered. An arrow to the step right
below is drawn straight down, from the middle of the box's bottom edge to the middle of the next
box's top edge. Every other arrow (a jump forward, or back for a loop) leaves the box's right edge
at a point of its own (a *port*), runs in a lane to the right of the column and arrives at a port
of its own on the target's right edge; a decision's option label is written at both ends, next to
the port, so a branch can be followed from either end. Ports of one box are spread down its right
edge, those whose other end lies above first, so arrows of one box do not cross each other; lanes
are shared by arrows whose spans do not overlap, shortest spans nearest the column.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

BOX_X, BOX_W, PAD, CUT = 10, 380, 10, 12
NUMBER_W = 34  # the step number's column at the left of a box
LINE_H, ROLE_H = 18, 16
GAP = 34  # between boxes; grows by a line for each extra line of a straight arrow's label
TITLE_CHAR_W, ROLE_CHAR_W, LABEL_CHAR_W = 9, 7, 7  # generous average widths (14px bold, 12px italic, 12px bold)
LABEL_LINE = 14
LABEL_WRAP = 20  # characters per line of a label beside the column
STRAIGHT_LABEL_WRAP = (BOX_W // 2 - 2 * PAD) // LABEL_CHAR_W  # of a label beside a straight arrow
LANE_STEP = 14
GUTTER_MIN = 20  # between the column and the first lane when no label needs the room
# Presentation attributes rather than CSS classes alone: PDF renderers (WeasyPrint) style inline
# SVG from attributes, so the diagram looks the same on screen, on paper and in PDFs.
STYLE = {
    "step": 'fill="#e0f2f1" stroke="#00796b" stroke-width="1.5"',
    "decision": 'fill="#fff3e0" stroke="#e65100" stroke-width="1.5"',
    "edge": 'fill="none" stroke="#37474f" stroke-width="1.5"',
    "number": 'font-size="12" font-weight="700" text-anchor="middle" fill="#212121"',
    "badge": 'fill="#ffffff" stroke="#37474f" stroke-width="1"',
    "title": 'font-size="14" font-weight="700" text-anchor="middle" fill="#212121"',
    "role": 'font-size="12" font-style="italic" text-anchor="middle" fill="#455a64"',
    "label": 'font-size="12" font-weight="700" fill="#bf360c"',
}


@dataclass(frozen=True)
class Node:
    """One step as the pathway needs it, texts already in the reader's language."""

    id: str
    title: str
    role: str
    decision: bool
    targets: tuple[tuple[str, str], ...]  # (target step id, option label or "")
    role_id: str = ""


@dataclass(frozen=True)
class Branch:
    """Where a step leads: the option's label ("" for a plain next step) and the target step."""

    label: str
    number: int
    title: str
    anchor: str


@dataclass(frozen=True)
class StepCard:
    """One step of the pathway as numbered text, for screens too narrow for the diagram."""

    number: int
    anchor: str
    title: str
    role: str
    role_id: str
    decision: bool
    branches: tuple[Branch, ...]


def step_anchor(element_id: str, step_id: str) -> str:
    """The id of a step in the text rendition (``--``: no clash with the SVG's own ``-title`` ids)."""
    return f"{element_id}--{step_id}"


def pathway_steps(nodes: list[Node], element_id: str) -> tuple[StepCard, ...]:
    """The pathway through ``nodes`` as numbered steps, each branch naming and linking its target."""
    number = {node.id: i + 1 for i, node in enumerate(nodes)}
    titles = {node.id: node.title for node in nodes}
    return tuple(
        StepCard(number[node.id], step_anchor(element_id, node.id), node.title, node.role, node.role_id, node.decision,
                 tuple(Branch(label, number[target], titles[target], step_anchor(element_id, target))
                       for target, label in node.targets))
        for node in nodes)


@dataclass(frozen=True)
class _Edge:
    source: int
    target: int
    label: str
    straight: bool


@dataclass(frozen=True)
class _Port:
    edge: int  # index into the edge list
    outgoing: bool
    lines: tuple[str, ...]  # the label, wrapped

    @property
    def band(self) -> int:
        """Height of the strip of the box's right edge this port takes: its label, then the arrow."""
        return LABEL_LINE * len(self.lines) + 10 if self.lines else 16


@dataclass(frozen=True)
class _Box:
    y: int
    h: int
    title: tuple[str, ...]
    role: tuple[str, ...]
    ports: tuple[tuple[_Port, int], ...]  # each port with the y of its arrow


def _wrap(text: str, chars: int) -> tuple[str, ...]:
    return tuple(textwrap.wrap(text, chars)) or ("",)


def _edges(nodes: list[Node]) -> list[_Edge]:
    order = {node.id: i for i, node in enumerate(nodes)}
    edges = []
    for i, node in enumerate(nodes):
        straight_taken = False
        for target, label in node.targets:
            straight = order[target] == i + 1 and not straight_taken
            straight_taken = straight_taken or straight
            edges.append(_Edge(i, order[target], label, straight))
    return edges


def _ports(i: int, edges: list[_Edge]) -> list[_Port]:
    """The sideways arrows at box ``i``, top to bottom: those whose other end lies above first
    (nearest first), then those going below (farthest first), so they leave without crossing."""
    ends = []
    for k, edge in enumerate(edges):
        if edge.straight:
            continue
        lines = tuple(textwrap.wrap(edge.label, LABEL_WRAP)) if edge.label else ()
        for outgoing, here, other in ((True, edge.source, edge.target), (False, edge.target, edge.source)):
            if here == i:
                above = other < i
                key = (0, i - other) if above else (1, -(other - i))
                ends.append((key, k, not outgoing, _Port(k, outgoing, lines)))
    return [port for *_, port in sorted(ends, key=lambda e: e[:3])]


def _layout(nodes: list[Node], edges: list[_Edge]) -> list[_Box]:
    title_chars = (BOX_W - NUMBER_W - 2 * PAD) // TITLE_CHAR_W
    role_chars = (BOX_W - NUMBER_W - 2 * PAD) // ROLE_CHAR_W
    boxes, y = [], 10
    for i, node in enumerate(nodes):
        title, role = _wrap(node.title, title_chars), _wrap(node.role, role_chars)
        ports = _ports(i, edges)
        bands = sum(p.band for p in ports)
        h = max(2 * PAD + LINE_H * len(title) + ROLE_H * len(role), bands + 2 * CUT, 40)
        top = y + (h - bands) // 2
        placed = []
        for port in ports:
            placed.append((port, top + port.band - 5))
            top += port.band
        boxes.append(_Box(y, h, title, role, tuple(placed)))
        straight = [e for e in edges if e.source == i and e.straight and e.label]
        extra = max((len(textwrap.wrap(e.label, STRAIGHT_LABEL_WRAP)) - 1 for e in straight), default=0)
        y += h + GAP + LABEL_LINE * extra
    return boxes


def _lanes(spans: dict[int, tuple[int, int]]) -> dict[int, int]:
    """A lane for every sideways arrow: shortest spans first, each in the innermost lane it does not
    share with an overlapping span."""
    lanes: list[list[tuple[int, int]]] = []
    chosen = {}
    for k, (lo, hi) in sorted(spans.items(), key=lambda item: (item[1][1] - item[1][0], item[1][0], item[0])):
        for n, taken in enumerate(lanes):
            if all(hi + 8 < a or lo - 8 > b for a, b in taken):
                taken.append((lo, hi))
                chosen[k] = n
                break
        else:
            lanes.append([(lo, hi)])
            chosen[k] = len(lanes) - 1
    return chosen


def _outline(kind: str, box: _Box) -> str:
    left, right, top, bottom = BOX_X, BOX_X + BOX_W, box.y, box.y + box.h
    if kind == "decision":  # corners cut: the right edge stays straight for the ports
        d = (f"M{left + CUT} {top} H{right - CUT} L{right} {top + CUT} V{bottom - CUT} L{right - CUT} {bottom} "
             f"H{left + CUT} L{left} {bottom - CUT} V{top + CUT} Z")
        return f'<path class="decision" {STYLE["decision"]} d="{d}"/>'
    return f'<rect class="step" {STYLE["step"]} x="{left}" y="{top}" width="{BOX_W}" height="{box.h}" rx="6"/>'


def _label(lines: tuple[str, ...], x: int, y: int, cls: str) -> str:
    """A label whose last line stands just above ``y``."""
    first = y - 6 - LABEL_LINE * (len(lines) - 1)
    return "".join(f'<text class="{cls}" {STYLE["label"]} x="{x}" y="{first + LABEL_LINE * j}">{escape(line)}</text>'
                   for j, line in enumerate(lines))


def pathway_svg(nodes: list[Node], title: str, element_id: str) -> str:
    """An SVG figure of the pathway through ``nodes``; ``title`` names it for screen readers.

    Option labels carry the class ``label`` where the arrow leaves and ``label arrival`` where it
    arrives."""
    edges = _edges(nodes)
    boxes = _layout(nodes, edges)
    right = BOX_X + BOX_W
    centre = BOX_X + BOX_W // 2
    ends: dict[tuple[int, bool], int] = {}
    for box in boxes:
        for port, y in box.ports:
            ends[(port.edge, port.outgoing)] = y
    spans = {k: (min(ends[(k, True)], ends[(k, False)]), max(ends[(k, True)], ends[(k, False)]))
             for k, e in enumerate(edges) if not e.straight}
    lane_of = _lanes(spans)
    widest = max((len(line) for box in boxes for port, _ in box.ports for line in port.lines), default=0)
    gutter = max(GUTTER_MIN, 12 + LABEL_CHAR_W * widest)
    arrow = f'marker-end="url(#{element_id}-arrow)"'
    parts: list[str] = []
    for k, edge in enumerate(edges):
        source, target = boxes[edge.source], boxes[edge.target]
        if edge.straight:
            parts.append(f'<path class="edge" {STYLE["edge"]} d="M{centre} {source.y + source.h} V{target.y - 2}" {arrow}/>')
            if edge.label:
                lines = tuple(textwrap.wrap(edge.label, STRAIGHT_LABEL_WRAP))
                parts.append(_label(lines, centre + 8, source.y + source.h + 18 + LABEL_LINE * (len(lines) - 1), "label"))
            continue
        lane = right + gutter + LANE_STEP * lane_of[k]
        y1, y2 = ends[(k, True)], ends[(k, False)]
        parts.append(f'<path class="edge" {STYLE["edge"]} d="M{right} {y1} H{lane} V{y2} H{right + 1}" {arrow}/>')
    for i, node in enumerate(nodes):
        box = boxes[i]
        parts.append(_outline("decision" if node.decision else "step", box))
        cy = box.y + 20
        parts.append(f'<circle class="badge" {STYLE["badge"]} cx="{BOX_X + 19}" cy="{cy}" r="11"/>'
                     f'<text class="number" {STYLE["number"]} x="{BOX_X + 19}" y="{cy + 4}">{i + 1}</text>')
        text_x = BOX_X + NUMBER_W + (BOX_W - NUMBER_W) // 2
        for j, line in enumerate(box.title):
            y = box.y + PAD + LINE_H * (j + 1) - 4
            parts.append(f'<text class="title" {STYLE["title"]} x="{text_x}" y="{y}">{escape(line)}</text>')
        for j, line in enumerate(box.role):
            y = box.y + box.h - PAD - ROLE_H * (len(box.role) - 1 - j)
            parts.append(f'<text class="role" {STYLE["role"]} x="{text_x}" y="{y}">{escape(line)}</text>')
        for port, y in box.ports:
            if port.lines:
                parts.append(_label(port.lines, right + 6, y, "label" if port.outgoing else "label arrival"))
    height = max((b.y + b.h for b in boxes), default=0) + 10
    lanes = max(lane_of.values(), default=-1) + 1
    width = right + (gutter + LANE_STEP * (lanes - 1) if lanes else 0) + 10
    return (
        f'<svg class="gorag-pathway" id="{element_id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" role="img" aria-labelledby="{element_id}-title">'
        f'<title id="{element_id}-title">{escape(title)}</title>'
        f'<defs><marker id="{element_id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path fill="#37474f" d="M0 0 L10 5 L0 10 z"/></marker></defs>'
        + "".join(parts)
        + "</svg>"
    )
