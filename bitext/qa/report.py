"""The result of a QA run, as every report format sees it (schema: docs/qa-json-schema.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bitext import __version__
from bitext.align.types import Alignment
from bitext.qa.findings import Finding, Severity

SCHEMA_VERSION = 1


@dataclass
class QAReport:
    """Aligned documents, the findings on them, and how they were produced.

    ``signature`` holds tool version, model, glossary hash and settings;
    ``pair_scores[doc_id][k]`` holds raw per-pair numbers for bead k (similarity,
    confidence, chrF when a reference was given); ``dismissed`` are findings
    matched by the ignore file, ``stale_ignores`` the ignore entries that matched nothing.
    """

    signature: dict
    alignments: list[Alignment]
    findings: list[Finding]
    pair_scores: dict[str, list[dict]] = field(default_factory=dict)
    dismissed: list[Finding] = field(default_factory=list)
    stale_ignores: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # document id -> input file, for CI annotations

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[Severity(f.severity).value] += 1
        return out

    def worst(self) -> Severity | None:
        ranks = [Severity(f.severity) for f in self.findings]
        return max(ranks, key=lambda s: s.rank) if ranks else None

    def to_json(self) -> dict:
        documents = []
        for al in self.alignments:
            scores = self.pair_scores.get(al.document.id, [])
            pairs = []
            for k, (src, tgt, bead) in enumerate(al.pairs()):
                pair = {"index": k, "src_ids": list(bead.src), "tgt_ids": list(bead.tgt), "src": src, "tgt": tgt,
                        "confidence": round(bead.confidence, 4)}
                if k < len(scores):
                    pair.update({key: value for key, value in scores[k].items() if key not in pair})
                pairs.append(pair)
            documents.append({"id": al.document.id, "src_lang": al.document.src_lang, "tgt_lang": al.document.tgt_lang,
                              "src_sentences": len(al.document.src), "tgt_sentences": len(al.document.tgt), "pairs": pairs})
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "bitext", "version": __version__},
            "signature": self.signature,
            "summary": {"documents": len(self.alignments), "pairs": sum(len(a.beads) for a in self.alignments),
                        "findings": self.counts(), "dismissed": len(self.dismissed), "stale_ignores": len(self.stale_ignores)},
            "documents": documents,
            "findings": [f.to_dict() for f in self.findings],
            "stale_ignores": list(self.stale_ignores),
        }
