"""Referral-pathway diagrams as static SVG: vector for print, no script, no CDN.

Steps stand in one column in source order. An arrow to the step right below is drawn straight
down; every other arrow (a jump forward, or back for a loop) runs in its own lane to the right
of the column, so arrows never cross a box. Decision points are drawn with a notched outline and
their arrows carry the option labels.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

BOX_X, BOX_W, GAP, PAD = 10, 440, 34, 10
LINE_H, ROLE_H = 18, 16
LANE_START, LANE_STEP = 18, 16
LABEL_CHAR_W = 7  # generous average width of a 12px bold character, so long labels are not cut off
JUMP_GAP = 24  # vertical distance between arrows leaving one box sideways, room for a label each
WRAP = 46
# Presentation attributes rather than CSS classes alone: PDF renderers (WeasyPrint) style inline
# SVG from attributes, so the diagram looks the same on screen, on paper and in PDFs.
STYLE = {
    "step": 'fill="#e0f2f1" stroke="#00796b" stroke-width="1.5"',
    "decision": 'fill="#fff3e0" stroke="#e65100" stroke-width="1.5"',
    "edge": 'fill="none" stroke="#37474f" stroke-width="1.5"',
    "title": 'font-size="14" font-weight="700" text-anchor="middle" fill="#212121"',
    "role": 'font-size="12" font-style="italic" text-anchor="middle" fill="#455a64"',
    "label": 'font-size="12" font-weight="700" fill="#bf360c"',
}


@dataclass(frozen=True)
class Node:
    """One step as the diagram needs it, texts already in the reader's language."""

    id: str
    title: str
    role: str
    decision: bool
    targets: tuple[tuple[str, str], ...]  # (target step id, option label or "")


@dataclass(frozen=True)
class _Box:
    y: int
    h: int
    lines: tuple[str, ...]


def _jumps(nodes: list[Node]) -> dict[str, int]:
    """How many arrows leave each node sideways (to a step other than the one right below)."""
    order = {node.id: i for i, node in enumerate(nodes)}
    return {node.id: sum(1 for target, _ in node.targets if order[target] != i + 1) for i, node in enumerate(nodes)}


def _boxes(nodes: list[Node]) -> dict[str, _Box]:
    boxes, y = {}, 10
    jumps = _jumps(nodes)
    for node in nodes:
        lines = tuple(textwrap.wrap(node.title, WRAP)) or ("",)
        h = max(PAD * 2 + LINE_H * len(lines) + ROLE_H, JUMP_GAP * (jumps[node.id] + 1))
        boxes[node.id] = _Box(y, h, lines)
        y += h + GAP
    return boxes


def pathway_svg(nodes: list[Node], title: str, element_id: str) -> str:
    """An SVG figure of the pathway through ``nodes``; ``title`` names it for screen readers."""
    boxes = _boxes(nodes)
    jumps = _jumps(nodes)
    order = {node.id: i for i, node in enumerate(nodes)}
    parts: list[str] = []
    lanes = 0
    right = BOX_X + BOX_W
    label_end = right
    arrow = f'marker-end="url(#{element_id}-arrow)"'
    for i, node in enumerate(nodes):
        box = boxes[node.id]
        sideways = 0
        for target, label in node.targets:
            tbox = boxes[target]
            if order[target] == i + 1:
                x = BOX_X + BOX_W // 2
                parts.append(f'<path class="edge" {STYLE["edge"]} d="M{x} {box.y + box.h} V{tbox.y - 2}" {arrow}/>')
                if label:
                    y = box.y + box.h + GAP // 2 + 4
                    parts.append(f'<text class="label" {STYLE["label"]} x="{x + 6}" y="{y}">{escape(label)}</text>')
                continue
            lane = right + LANE_START + LANE_STEP * lanes
            lanes += 1
            sideways += 1
            y1 = box.y + box.h * sideways // (jumps[node.id] + 1)
            y2 = tbox.y + tbox.h // 2 + (6 if order[target] < i else -6)
            parts.append(f'<path class="edge" {STYLE["edge"]} d="M{right} {y1} H{lane} V{y2} H{right + 2}" {arrow}/>')
            if label:
                parts.append(f'<text class="label" {STYLE["label"]} x="{right + 4}" y="{y1 - 4}">{escape(label)}</text>')
                label_end = max(label_end, right + 4 + LABEL_CHAR_W * len(label))
    for node in nodes:
        box = boxes[node.id]
        kind = "decision" if node.decision else "step"
        if node.decision:
            n = 12
            outline = (f"M{BOX_X + n} {box.y} H{right - n} L{right} {box.y + box.h // 2} L{right - n} {box.y + box.h} "
                       f"H{BOX_X + n} L{BOX_X} {box.y + box.h // 2} Z")
            parts.append(f'<path class="{kind}" {STYLE[kind]} d="{outline}"/>')
        else:
            parts.append(f'<rect class="{kind}" {STYLE[kind]} x="{BOX_X}" y="{box.y}" width="{BOX_W}" height="{box.h}" rx="6"/>')
        for j, line in enumerate(box.lines):
            y = box.y + PAD + LINE_H * (j + 1) - 4
            parts.append(f'<text class="title" {STYLE["title"]} x="{BOX_X + BOX_W // 2}" y="{y}">{escape(line)}</text>')
        parts.append(f'<text class="role" {STYLE["role"]} x="{BOX_X + BOX_W // 2}" y="{box.y + box.h - PAD}">{escape(node.role)}</text>')
    height = max((b.y + b.h for b in boxes.values()), default=0) + 10
    width = max(right + LANE_START + LANE_STEP * lanes, label_end) + 10
    return (
        f'<svg class="gorag-pathway" id="{element_id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" role="img" aria-labelledby="{element_id}-title">'
        f'<title id="{element_id}-title">{escape(title)}</title>'
        f'<defs><marker id="{element_id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path fill="#37474f" d="M0 0 L10 5 L0 10 z"/></marker></defs>'
        + "".join(parts)
        + "</svg>"
    )
