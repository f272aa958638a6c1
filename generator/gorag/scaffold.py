"""``gorag new``: write ready-to-edit sources from the templates shipped in the package."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from . import paths
from .campaigns import RESULTS_NAME
from .errors import GoragError
from .languages import default_language
from .record import skeleton
from .schema import PROTOCOL, TRANSLATION
from .schema import skeleton as skeleton_lines

TEMPLATES = paths.CAMPAIGN_TEMPLATES
ANCHOR_DAYS = {"world-day": (7, 30), "100-days": (7, 30)}  # World Day against Trafficking in Persons
_RELATIVE = re.compile(r"(?<=[:{,\[] )D([+-])(\d{1,4})( \d{1,2}:\d{2})?(?=$|[,}\]\s])")


def campaign_templates() -> list[str]:
    return sorted(p.name for p in TEMPLATES.iterdir() if (p / "campaign.yml").is_file())


def compute_dates(text: str, anchor: date) -> str:
    """Replace relative dates (``D-30 10:00``) by the dates they stand for, noting the relative form
    in a comment, so the plan reads as a calendar yet shows how it was derived."""
    out = []
    for line in text.splitlines():
        relatives = [m.group(0) for m in _RELATIVE.finditer(line)]

        def absolute(match: re.Match[str]) -> str:
            days = int(match.group(2)) * (1 if match.group(1) == "+" else -1)
            day = (anchor + timedelta(days=days)).isoformat()
            return f"{day}T{match.group(3).strip().zfill(5)}" if match.group(3) else day

        line = _RELATIVE.sub(absolute, line)
        if relatives and "#" not in line:
            line = f"{line}  # {' … '.join(relatives)}"
        out.append(line)
    return "\n".join(out) + "\n"


def new_campaign(template: str, year: int, dest: Path) -> list[Path]:
    """Write ``campaign.yml``, ``events.yml`` and an empty ``results.yml`` for ``template`` in ``year`` into ``dest``."""
    if template not in campaign_templates():
        raise GoragError(f"unknown template {template!r}; choose one of: {', '.join(campaign_templates())}")
    if dest.exists() and any(dest.iterdir()):
        raise GoragError(f"{dest} already exists and is not empty; choose another --dest or remove it")
    month, day = ANCHOR_DAYS.get(template, (7, 30))
    anchor = date(year, month, day)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("campaign.yml", "events.yml"):
        source = TEMPLATES / template / name
        text = source.read_text(encoding="utf-8").replace("{year}", str(year))
        target = dest / name
        target.write_text(compute_dates(text, anchor), encoding="utf-8")
        written.append(target)
    # Results come after the events: the file says how to record them (or use `gorag results`).
    first = re.search(r"^- id: ([a-z0-9-]+)", (dest / "events.yml").read_text(encoding="utf-8"), re.MULTILINE)
    target = dest / RESULTS_NAME
    target.write_text(skeleton(first.group(1) if first else "launch"), encoding="utf-8")
    written.append(target)
    return written


# The body of a new English source; its front matter is the schema's (gorag.schema.PROTOCOL).
SOURCE_BODY = """!!! note "Draft"
    Replace this note and the text below. Say whether this is a model text or an adopted document.

## Purpose and scope

Who this document is for and when it applies.
"""


def new_document(root: Path, kind: str, doc_id: str, lang: str, today: date) -> Path:
    """Write a valid skeleton: an English source, or a translation of an existing English source
    with its front matter and steps copied for translating."""
    import frontmatter

    protocols = root / "protocols"
    target = protocols / f"{doc_id}.{lang}.md"
    if target.exists():
        raise GoragError(f"{target} already exists")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", doc_id):
        raise GoragError(f"id {doc_id!r} must be lowercase letters, digits and hyphens, e.g. child-helpline")
    if lang == default_language():
        role = _first_id(protocols / "roles.yml")
        # What the command knows; every other field of the schema is filled with its example when
        # required, and shown with its example in a comment when not.
        values = {"id": doc_id, "kind": KINDS_BY_COMMAND[kind], "title": doc_id.replace("-", " ").capitalize(),
                  "summary": "One or two sentences saying what this document is for.",
                  "owners": f"[{_first_id(protocols / 'agencies.yml')}]", "audiences": f"[{role}]", "status": "draft",
                  "version": '"0.1"', "review_by": date(today.year + 1, today.month, 1).isoformat(),
                  "steps": f"  - id: first-step\n    title: The first thing to do\n    role: {role}\n"
                           "    action: What exactly the person in this role does, in one or two sentences.\n"}
        text = f"---\n{skeleton_lines(PROTOCOL, values)}---\n{SOURCE_BODY}"
    else:
        source = protocols / f"{doc_id}.{default_language()}.md"
        if not source.is_file():
            raise GoragError(f"a translation needs the English source first: {source} does not exist "
                             f"(gorag new {kind} --id {doc_id})")
        post = frontmatter.load(source)
        quote = partial(json.dumps, ensure_ascii=False)  # a JSON string is a valid YAML scalar
        steps = "".join(f"  {s['id']}:\n    title: {quote(s.get('title', ''))}\n" +
                        (f"    action: {quote(s['action'])}\n" if s.get("action") else "") +
                        (f"    decision: {quote([o['label'] for o in s['decision']])}\n" if s.get("decision") else "")
                        for s in _steps_of(post.metadata))
        values = {"id": doc_id, "title": quote(str(post["title"])), "summary": quote(str(post["summary"])),
                  "source_version": quote(str(post["version"])), "translation_status": "draft"}
        if steps:
            values["steps"] = steps
        text = f"---\n{skeleton_lines(TRANSLATION, values)}---\n{post.content}\n"
    protocols.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _steps_of(metadata: dict[str, Any]) -> list[dict[str, Any]]:
    steps = metadata.get("steps") or []
    return [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []


def _first_id(path: Path) -> str:
    """The first id of a data file, so a skeleton refers only to ids the project has."""
    import yaml

    items = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if not items or not isinstance(items, list) or not isinstance(items[0], dict) or "id" not in items[0]:
        raise GoragError(f"{path} must list at least one entry with an id first")
    return str(items[0]["id"])


KINDS_BY_COMMAND = {"protocol": "national-protocol", "sop": "sop", "guideline": "guideline"}
