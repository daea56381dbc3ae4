"""A small hand-built QAReport (two documents, Chinese text, text that needs escaping) for the format tests."""

from __future__ import annotations

import copy

from bitext.core import Alignment, Bead, Document
from bitext.qa.findings import Finding, Severity, Span, fingerprint
from bitext.qa.report import QAReport

DOC1 = Document(
    "nejm-001",
    src=[
        "Patients received octreotide 30 mg every 28 days.",
        "Median PFS was 28.4 months <script>alert(1)</script> & more.",
        "Grade 3 adverse events were rare.",
    ],
    tgt=[
        "患者每28天接受奥曲太30 mg治疗。",
        "中位PFS为24.8个月<script>alert(1)</script> & 更多,见下。",
    ],
)
DOC2 = Document(
    "doc b",
    src=["Somatostatin analogs (SSA) are first-line therapy.", "Safety was acceptable."],
    tgt=["生长抑素类似物是一线治疗。", "安全性可接受。"],
)


def make_finding(doc: Document, bead: int, beads: list[Bead], check: str, severity: Severity, message: str,
                 spans: list[tuple[str, str]], suggestion: str | None = None) -> Finding:
    """A finding whose spans are located by searching ``(side, text)`` in the pair's texts."""
    al = Alignment(doc, beads)
    src, tgt, b = al.pairs()[bead]
    found = []
    for side, needle in spans:
        text = src if side == "src" else tgt
        start = text.index(needle)
        found.append(Span(side, start, start + len(needle)))
    offending = "\x1f".join(f"{s}:{n}" for s, n in spans)
    return Finding(check=check, severity=severity, document=doc.id, src_ids=b.src, tgt_ids=b.tgt,
                   message=message, suggestion=suggestion, spans=tuple(found),
                   fingerprint=fingerprint(check, doc.id, src, offending), mqm="Terminology", bead=bead)


BEADS1 = [Bead((0,), (0,), 0.93), Bead((1,), (1,), 0.71), Bead((2,), (), 0.4)]
BEADS2 = [Bead((0,), (0,), 0.88), Bead((1,), (1,), 0.97)]


def build_report() -> QAReport:
    """A fresh report each call (tests may mutate it)."""
    doc1, doc2 = copy.deepcopy(DOC1), copy.deepcopy(DOC2)
    E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
    findings = [
        make_finding(DOC1, 0, BEADS1, "terminology.forbidden", E, "Forbidden target term 奥曲太 for octreotide",
                     [("src", "octreotide"), ("tgt", "奥曲太")], suggestion="奥曲肽"),
        make_finding(DOC1, 0, BEADS1, "punctuation.space_in_cjk", I, "Space between 30 and mg",
                     [("tgt", " ")]),
        make_finding(DOC1, 1, BEADS1, "numbers.mismatch", E, "Source number 28.4 missing; target has 24.8",
                     [("src", "28.4"), ("tgt", "24.8")], suggestion="28.4"),
        make_finding(DOC1, 1, BEADS1, "punctuation.halfwidth_in_cjk", W, 'Half-width "," <b>next</b> to Chinese',
                     [("tgt", ",")], suggestion="，"),
        make_finding(DOC1, 2, BEADS1, "omission.unaligned_source", E, "Source sentence aligned to no target",
                     [("src", "Grade 3 adverse events were rare.")]),
        make_finding(DOC2, 0, BEADS2, "acronyms.missing", W, "SSA neither kept nor translated",
                     [("src", "SSA")], suggestion="生长抑素类似物（SSA）"),
        make_finding(DOC2, 0, BEADS2, "style.length_ratio", I, "EN/ZH length ratio 3.9", []),
    ]
    dismissed = [make_finding(DOC2, 1, BEADS2, "style.length_ratio", I, "EN/ZH length ratio 3.2", [])]
    return QAReport(
        signature={"tool": "bitext 0.1.0", "model": "use-m3:abc123", "glossary": "sha256:0f1e",
                   "text": "bitext:0.1.0|model:use-m3:abc123|glossary:0f1e"},
        alignments=[Alignment(doc1, BEADS1), Alignment(doc2, BEADS2)],
        findings=findings,
        pair_scores={"nejm-001": [{"similarity": 0.81, "chrf": 55.2}, {"similarity": 0.62, "chrf": 40.0},
                                  {"similarity": None}]},
        dismissed=dismissed,
        stale_ignores=["deadbeef" * 8],
        sources={"nejm-001": "corpus/nejm 001.tsv"},
    )


# A TMX of two units for end-to-end runs: three stray half-width commas in the first (a group of
# repeats), a changed number in the second.
COMMA_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence"/><body>
<tu><tuv xml:lang="en"><seg>Fever, cough, fatigue, and headache were common.</seg></tuv>
    <tuv xml:lang="zh-CN"><seg>发热,咳嗽,乏力,头痛常见。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Survival was 24 months.</seg></tuv>
    <tuv xml:lang="zh-CN"><seg>生存期为36个月。</seg></tuv></tu>
</body></tmx>
"""
