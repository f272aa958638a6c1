"""``gorag new``: write ready-to-edit sources from the templates shipped in the package."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from .errors import GoragError

TEMPLATES = Path(__file__).with_name("campaign_templates")
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
    """Write ``campaign.yml`` and ``events.yml`` for ``template`` in ``year`` into ``dest``."""
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
    return written
