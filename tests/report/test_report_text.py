"""The text format."""

from __future__ import annotations

import re

from report_sample import BEADS2, DOC2, make_finding

from bitext.qa.findings import Severity
from bitext.report import render_text

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_plain_text_marks_spans_and_has_no_ansi(report):
    out = render_text(report)
    assert "\x1b" not in out
    assert "Patients received «octreotide» 30 mg" in out
    assert "接受«奥曲太»30« »mg" in out
    assert "error terminology.forbidden: Forbidden target term 奥曲太 for octreotide (suggestion: 奥曲肽)" in out
    assert "warning punctuation.halfwidth_in_cjk:" in out
    # a suggestion the message already states is not repeated after it
    assert "error numbers.mismatch: Source number 28.4 missing; target has 24.8\n" in out


def test_grouped_by_document_then_pair(report):
    out = render_text(report)
    assert out.index("== nejm-001") < out.index("[nejm-001:0]") < out.index("[nejm-001:1]") < out.index("== doc b")
    assert "[doc b:1]" not in out  # pairs without findings are not listed
    block = out[out.index("[nejm-001:2]"):out.index("== doc b")]
    assert "tgt: (none)" in block and "error omission.unaligned_source" in block


def test_summary_and_signature(report):
    out = render_text(report)
    assert "2 documents, 5 pairs: 3 errors, 2 warnings, 2 info (1 dismissed, 1 stale ignore)" in out
    assert "signature: bitext:0.1.0|model:use-m3:abc123|glossary:0f1e" in out
    assert out.endswith("\n")


def test_colour_uses_ansi_and_same_text(report):
    out = render_text(report, color=True)
    assert "\x1b[30;41m奥曲太\x1b[0m" in out  # error span: red background
    assert "\x1b[30;43m,\x1b[0m" in out  # warning span: yellow background
    assert "«" not in ANSI.sub("", out)
    plain = render_text(report).replace("«", "").replace("»", "")
    assert ANSI.sub("", out) == plain


def test_control_characters_from_data_are_neutralised(report):
    report.alignments[1].document.tgt[1] = "安全\x1b[2J性可接受。"
    out = render_text(report)
    assert "\x1b" not in out
    # the pair has no finding, so put one on it to get it printed
    report.findings.append(make_finding(DOC2, 1, BEADS2, "style.length_ratio", Severity.INFO, "x", []))
    out = render_text(report)
    assert "\x1b" not in out and "安全\\x1b[2J性" in out
