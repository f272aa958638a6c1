"""Generate a synthetic Gorag corpus: N protocols in English, Russian and Turkmen.

Documents have the size and structure of the real ones (front matter with owners, audiences,
related documents and sources; about ten sections of paragraphs, lists and a table), so builds
of the corpus behave like builds of a grown library. Output is deterministic for a given N.

    python bench/corpus.py 200 /tmp/corpus     # then: cd /tmp/corpus && gorag build
"""

from __future__ import annotations

import argparse
import random
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


def sentence(rng: random.Random, lang: str, n: int = 14) -> str:
    text = " ".join(rng.choice(WORDS[lang]) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, lang: str) -> str:
    parts = []
    for section in range(1, 11):
        parts.append(f"## {section}. {sentence(rng, lang, 3)[:-1]}\n")
        parts.append(" ".join(sentence(rng, lang) for _ in range(4)) + "\n")
        parts.append("\n".join(f"{i}. {sentence(rng, lang, 8)}" for i in range(1, 5)) + "\n")
        if section % 3 == 0:
            parts.append("| Step | Who | When |\n|---|---|---|\n" +
                         "\n".join(f"| {sentence(rng, lang, 3)} | {rng.choice(ROLES)} | {i} days |" for i in range(1, 4)) + "\n")
    return "\n".join(parts)


def generate(n: int, dest: Path) -> None:
    """Write a full project (mkdocs.yml, overrides, docs, protocols) with ``n`` documents to ``dest``."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", type=int)
    parser.add_argument("dest", type=Path)
    args = parser.parse_args()
    generate(args.documents, args.dest)


if __name__ == "__main__":
    main()
