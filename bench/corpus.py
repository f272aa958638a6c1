"""Generate a synthetic Gorag corpus: N protocols in English, Russian and Turkmen, and M campaign events.

Documents have the size and structure of the real ones (front matter with owners, audiences,
related documents and sources; about ten sections of paragraphs, lists and a table), so builds
of the corpus behave like builds of a grown library. Events form one campaign built from the
World Day template. Output is deterministic for a given N and M.

    python bench/corpus.py 200 /tmp/corpus --events 200    # then: cd /tmp/corpus && gorag build
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = {
    "en": "child protection report social worker police safety case plan family school health referral "
          "assessment risk needs interview court prosecutor confidential record follow-up support victim".split(),
    "ru": "ребёнок защита сообщение социальный работник полиция безопасность случай план семья школа здоровье "
          "направление оценка риск потребности беседа суд прокурор конфиденциальность запись поддержка жертва".split(),
    "tk": "çaga goramak habar durmuş işgär polisiýa howpsuzlyk ýagdaý meýilnama maşgala mekdep saglyk "
          "ugrukdyrma baha töwekgelçilik zerurlyk söhbetdeşlik kazyýet prokuror gizlinlik ýazgy goldaw pida".split(),
}
ROLES = ["social-worker", "police", "prosecutor", "judge", "teacher", "health-worker", "ombudsman-staff"]
AGENCIES = ["mlsp", "moe", "moh", "mia", "ombudsman", "prosecutor-general", "supreme-court"]
REGIONS = ["ashgabat", "ahal", "balkan", "dashoguz", "lebap", "mary"]
ORGANISERS = ["mlsp", "moe", "moh", "mia", "ombudsman", "mosyp"]


def sentence(rng: random.Random, lang: str, n: int = 14) -> str:
    """A capitalised sentence of ``n`` words of ``lang``."""
    text = " ".join(rng.choice(WORDS[lang]) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, lang: str) -> str:
    """Ten numbered sections of paragraphs and lists, with a table in every third."""
    parts = []
    for section in range(1, 11):
        parts.append(f"## {section}. {sentence(rng, lang, 3)[:-1]}\n")
        parts.append(" ".join(sentence(rng, lang) for _ in range(4)) + "\n")
        parts.append("\n".join(f"{i}. {sentence(rng, lang, 8)}" for i in range(1, 5)) + "\n")
        if section % 3 == 0:
            parts.append("| Step | Who | When |\n|---|---|---|\n" +
                         "\n".join(f"| {sentence(rng, lang, 3)} | {rng.choice(ROLES)} | {i} days |" for i in range(1, 4)) + "\n")
    return "\n".join(parts)


def write_campaign(campaigns: Path, n: int) -> None:
    """Write ``campaigns/`` with the shared regions and audiences and one campaign of ``n`` events.

    The campaign is the World Day template stretched over a year, so that ``n`` events fit in its
    window; one event in fifty is cancelled, as happens in real schedules."""
    campaigns.mkdir(parents=True)
    for name in ("regions.yml", "audiences.yml"):
        shutil.copy(REPO / "campaigns" / name, campaigns / name)
    folder = campaigns / "bench-2027"
    shutil.copytree(REPO / "campaigns" / "world-day-2027", folder)
    (folder / "calendar.lock.yml").unlink()
    text = (folder / "campaign.yml").read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", "id: bench-2027", text, count=1, flags=re.M)
    text = re.sub(r"^window:\n(  .*\n)+", "window: {start: 2027-01-01, end: 2027-12-31}\n", text, count=1, flags=re.M)
    (folder / "campaign.yml").write_text(text, encoding="utf-8")
    lines = []
    for i in range(n):
        day, hour = 1 + i % 360, 8 + i % 10
        lines.append(
            f"- id: event-{i:05d}\n"
            f"  title: {{en: Awareness session {i}, ru: Информационная встреча {i}, tk: Habarlylyk duşuşygy {i}}}\n"
            f"  description: {{en: Session on the signs of trafficking., ru: Встреча о признаках торговли людьми., "
            f"tk: Adam söwdasynyň alamatlary barada duşuşyk.}}\n"
            f"  start: D-{210 - day % 200} {hour:02d}:00\n  duration: 2h\n"
            f"  region: {REGIONS[i % 6]}\n  organiser: {ORGANISERS[i % 6]}\n  audiences: [youth]\n  channel: outreach\n"
            + ("  cancelled: true\n" if i % 50 == 0 else ""))
    (folder / "events.yml").write_text("".join(lines), encoding="utf-8")


def generate(n: int, dest: Path, events: int = 200, printables: bool = True) -> None:
    """Write a full project (mkdocs.yml, overrides, docs, protocols, campaigns) to ``dest``.

    ``n`` documents in three languages and a campaign of ``events`` events (none if 0). Without
    ``printables`` the project builds no PDFs, as a site without WeasyPrint would."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if not printables:
        anchor = "      staging_dir: .gorag/docs\n"
        if anchor not in config:
            raise SystemExit(f"mkdocs.yml has no {anchor.strip()!r} line to add 'printables: false' after")
        config = config.replace(anchor, anchor + "      printables: false\n")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "overrides", dest / "overrides")
    shutil.copytree(REPO / "docs", dest / "docs")
    protocols = dest / "protocols"
    protocols.mkdir()
    shutil.copy(REPO / "protocols" / "agencies.yml", protocols)
    shutil.copy(REPO / "protocols" / "roles.yml", protocols)
    ids = [f"doc-{i:04d}" for i in range(n)]
    for i, doc_id in enumerate(ids):
        rng = random.Random(i)
        related = sorted({ids[(i + k) % n] for k in (1, 7)} - {doc_id})
        front = (
            f"---\nid: {doc_id}\nkind: {rng.choice(['national-protocol', 'sop', 'guideline'])}\n"
            f"title: Protocol {i} on {sentence(rng, 'en', 4)[:-1].lower()}\nsummary: {sentence(rng, 'en')}\n"
            f"owners: [{', '.join(rng.sample(AGENCIES, 2))}]\naudiences: [{', '.join(rng.sample(ROLES, 3))}]\n"
            f"status: model\nversion: \"1.{i % 3}\"\neffective: null\nreview_by: 2027-06-30\n"
            f"related: [{', '.join(related)}]\nsources:\n  - title: Convention on the Rights of the Child\n    year: 1989\n---\n"
        )
        (protocols / f"{doc_id}.en.md").write_text(front + body(rng, "en"), encoding="utf-8")
        for lang in ("ru", "tk"):
            translation = (f"---\nid: {doc_id}\ntitle: {sentence(rng, lang, 5)[:-1]}\nsummary: {sentence(rng, lang)}\n"
                           f"source_version: \"1.{i % 3}\"\ntranslation_status: draft\n---\n")
            (protocols / f"{doc_id}.{lang}.md").write_text(translation + body(rng, lang), encoding="utf-8")
    if events:
        write_campaign(dest / "campaigns", events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--events", type=int, default=200, help="campaign events (default 200; 0 for no campaign)")
    parser.add_argument("--no-printables", action="store_true", help="configure the project to build no PDFs")
    args = parser.parse_args()
    generate(args.documents, args.dest, args.events, printables=not args.no_printables)


if __name__ == "__main__":
    main()
