"""``similarity`` means one thing in every report: the cosine of the pair's source and target
vectors, whether the pairs come pre-aligned (TMX) or from the aligner (JSONL)."""

from __future__ import annotations

import json

from cli_qa_helpers import TMX, run_bitext


def _similarities(path, out) -> list[float]:
    proc = run_bitext("qa", path, "--format", "jsonl", "-o", out, "--exit-zero")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return [row["similarity"] for row in rows if "similarity" in row]


def test_similarity_is_the_same_cosine_for_tmx_and_jsonl(tmp_path):
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({
        "id": "memory",
        "en": ["Overall survival was 24 months.", "We treated 12 patients with lanreotide."],
        "zh": ["总生存期为36个月。", "我们用兰瑞肽治疗了12例患者。"],
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    from_tmx = _similarities(tmx, tmp_path / "tmx.jsonl")
    from_jsonl = _similarities(corpus, tmp_path / "jsonl.jsonl")
    assert len(from_tmx) == len(from_jsonl) == 2
    assert all(0.3 < s <= 1.0 for s in from_tmx)
    assert from_jsonl == from_tmx
