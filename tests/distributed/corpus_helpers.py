"""A 40-document corpus made from the bundled seed abstract, with translation choices that vary
between documents, so that the corpus-level consistency checks have something to report."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpora" / "seed"
GLOSSARY = ROOT / "corpora" / "glossary" / "net_prrt.tsv"


def seed_sentences() -> tuple[list[str], list[str]]:
    from bitext.segment import split_sentences

    en = split_sentences((SEED / "cutaneous-net-prrt.en.txt").read_text(encoding="utf-8"), "en")
    zh = split_sentences((SEED / "cutaneous-net-prrt.zh.txt").read_text(encoding="utf-8"), "zh")
    return en, zh


def write_corpus(path: Path, documents: int = 40) -> Path:
    """Document k: 4 to 8 consecutive seed sentence pairs from sentence k (wrapping round); every
    fourth renders "PRRT" another way and every fifth "NET" another way (the minority renderings
    the consistency checks report), every third drops a sentence of the Chinese (an omission)."""
    en, zh = seed_sentences()
    lines = []
    for k in range(documents):
        picks = [(k + j) % len(en) for j in range(4 + k % 5)]
        src = [en[i] for i in picks]
        tgt = [zh[i] for i in picks]
        if k % 4 == 1:
            tgt = [t.replace("肽受体放射性核素治疗", "肽受体放射性核素疗法") for t in tgt]
        if k % 5 == 2:
            tgt = [t.replace("神经内分泌瘤", "神经内分泌肿瘤") for t in tgt]
        if k % 3 == 0 and len(tgt) > 4:
            del tgt[2]
        lines.append(json.dumps({"id": f"doc-{k:03d}", "en": " ".join(src), "zh": "".join(tgt)}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
