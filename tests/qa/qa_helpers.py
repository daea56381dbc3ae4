"""Paths and small builders shared by the QA tests."""

from __future__ import annotations

from pathlib import Path

from bitext.core import Alignment, Bead, Document

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
SEED_GLOSSARY = SHARED / "glossaries" / "seed" / "net_prrt_seed_glossary.tsv"
QA_CASES = SHARED / "qa-cases" / "en_zh_qa_cases.tsv"
STARTER_GLOSSARY = REPO / "corpora" / "glossary" / "net_prrt.tsv"


def pair(src: str, tgt: str, doc: str = "d") -> Alignment:
    """A one-bead alignment: one source sentence, one target sentence."""
    return Alignment(Document(doc, [src], [tgt]), [Bead((0,), (0,))])


def checks_of(findings) -> set[str]:
    return {f.check for f in findings}
