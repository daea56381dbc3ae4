"""Per-pair raw scores as JSON Lines, to re-tune thresholds without re-embedding.

One object per aligned pair, in document then pair order (schema: docs/qa-json-schema.md):
``document, index, src_ids, tgt_ids, src, tgt, confidence, similarity`` (null when unknown),
``chrf`` only when the report has it, any other per-pair score, then ``checks`` — the ids of
the findings on that pair. Lines end with ``\\n``; U+2028/U+2029 are escaped so that no
line-splitting reader cuts a record; NaN and infinities are written as null.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from bitext.qa.report import ReportBase
from bitext.report._common import finite

_FIXED = ("document", "index", "src_ids", "tgt_ids", "src", "tgt", "confidence", "similarity", "chrf", "checks")


def pair_records(report: ReportBase) -> list[dict]:
    """The JSONL records as dicts (what ``render_jsonl`` writes, one per line)."""
    return list(iter_pair_records(report))


def iter_pair_records(report: ReportBase) -> Iterator[dict]:
    for doc in report.documents():
        for pair in doc.pairs:
            record = {
                "document": pair.document,
                "index": pair.index,
                "src_ids": list(pair.bead.src),
                "tgt_ids": list(pair.bead.tgt),
                "src": pair.src,
                "tgt": pair.tgt,
                "confidence": round(pair.bead.confidence, 4),
                "similarity": finite(pair.scores.get("similarity")),
            }
            if "chrf" in pair.scores:
                record["chrf"] = finite(pair.scores["chrf"])
            for key in sorted(k for k in pair.scores if k not in _FIXED):
                record[key] = finite(pair.scores[key])
            record["checks"] = list(dict.fromkeys(f.check for f in pair.findings))
            yield record


def write_jsonl(report: ReportBase, *, color: bool = False) -> Iterator[str]:
    for record in iter_pair_records(report):
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        yield line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"


def render_jsonl(report: ReportBase, *, color: bool = False) -> str:
    return "".join(write_jsonl(report, color=color))
