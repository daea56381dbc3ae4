"""The json and jsonl formats."""

from __future__ import annotations

import json

from bitext.report import render_json, render_jsonl


def test_json_is_to_json(report):
    out = render_json(report)
    assert json.loads(out) == report.to_json()
    assert "奥曲太" in out  # ensure_ascii=False
    assert out.startswith('{\n  "schema_version": 1')


def test_jsonl_one_record_per_pair(report):
    lines = render_jsonl(report).splitlines()
    assert len(lines) == 5
    records = [json.loads(line) for line in lines]
    assert [(r["document"], r["index"]) for r in records] == [
        ("nejm-001", 0), ("nejm-001", 1), ("nejm-001", 2), ("doc b", 0), ("doc b", 1)]
    first = records[0]
    assert list(first) == ["document", "index", "src_ids", "tgt_ids", "src", "tgt", "confidence", "similarity",
                           "chrf", "checks"]
    assert first["tgt"] == "患者每28天接受奥曲太30 mg治疗。"
    assert first["confidence"] == 0.93 and first["similarity"] == 0.81 and first["chrf"] == 55.2
    assert first["checks"] == ["terminology.forbidden", "punctuation.space_in_cjk"]
    assert records[2]["tgt_ids"] == [] and records[2]["similarity"] is None
    assert "chrf" not in records[3] and records[3]["similarity"] is None  # no scores for this document
    assert records[4]["checks"] == []


def test_jsonl_extra_scores_nan_and_line_separators(report):
    report.pair_scores["doc b"] = [{"similarity": float("nan"), "similarity_z": -4.2}]
    report.alignments[1].document.src[0] = "Line\u2028separator"
    text = render_jsonl(report)
    assert "\u2028" not in text and "NaN" not in text
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) == 6
    rec = json.loads(lines[3])
    assert rec["similarity"] is None and rec["similarity_z"] == -4.2 and rec["src"] == "Line\u2028separator"
    assert list(rec)[-1] == "checks"
