"""Streaming QA: the spool of checked documents, the spooled report, and its equivalence with
the in-memory report in every format."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from qa_helpers import pair

from bitext.core import Alignment, Bead, Document
from bitext.qa import run_checks
from bitext.qa.ignore import IgnoreList
from bitext.qa.report import QAReport
from bitext.qa.runner import Checker
from bitext.qa.spool import CheckedDocument, DocumentSpool, SpooledReport
from bitext.report import FORMATS, render, write
from bitext.report._common import Streamed, json_chunks


def corpus() -> list[Alignment]:
    two = Alignment(Document("two", ["Median PFS was 28.4 months, with NET.", "Grade 3 events were rare."],
                             ["中位PFS为24.8个月,神经内分泌瘤。"]), [Bead((0,), (0,), 0.9), Bead((1,), (), 0.3)])
    return [
        pair("The confidence interval was wide.", "置信区间较宽。", "a"),
        pair("The confidence interval was narrow.", "置信区间较窄。", "b"),
        pair("The confidence interval overlapped.", "可信区间重叠。", "c"),
        two,
        pair("Octreotide was given.", "给予奥曲太。", "e"),
    ]


def spooled(alignments, glossary, dismiss=frozenset(), stale=()) -> SpooledReport:
    checker = Checker(glossary)
    spool = DocumentSpool()
    for al in alignments:
        findings, observations = checker.check(al)
        spool.append(CheckedDocument(al, [{"similarity": None, "confidence": b.confidence} for b in al.beads],
                                     findings, observations))
    corpus_findings = checker.conclude(lambda: (c.observations for c in spool))
    report = SpooledReport({"text": "sig"}, spool, corpus_findings, source="in.jsonl")
    report.apply_ignores(IgnoreList(entries={fp: n for n, fp in enumerate([*dismiss, *stale], start=1)}))
    return report


def in_memory(alignments, glossary, dismiss=frozenset(), stale=()) -> QAReport:
    findings = run_checks(alignments, glossary)
    scores = {al.document.id: [{"similarity": None, "confidence": b.confidence} for b in al.beads] for al in alignments}
    return QAReport({"text": "sig"}, alignments, [f for f in findings if f.fingerprint not in dismiss], scores,
                    dismissed=[f for f in findings if f.fingerprint in dismiss], stale_ignores=list(stale),
                    source="in.jsonl")


def test_spool_reads_back_in_order_and_iterations_may_interleave():
    docs = corpus()
    with DocumentSpool() as spool:
        for al in docs:
            spool.append(CheckedDocument(al, [], [], {}))
        assert len(spool) == len(docs) and spool.size > 0
        outer = iter(spool)
        first = next(outer)
        assert [c.alignment.document.id for c in spool] == ["a", "b", "c", "two", "e"]  # a full pass in between
        assert first.alignment == docs[0] and next(outer).alignment == docs[1]
        assert [c.alignment for c in spool] == docs


def test_spooled_findings_equal_run_checks(starter_glossary):
    docs = corpus()
    report = spooled(docs, starter_glossary)
    expected = run_checks(docs, starter_glossary)
    assert report.findings == expected
    assert any(f.check == "consistency.source_term_variants" and f.document == "c" for f in report.findings)
    assert report.summary().documents == 5 and report.summary().pairs == 6


@pytest.mark.parametrize("fmt", FORMATS)
def test_spooled_report_renders_exactly_like_the_in_memory_one(fmt, starter_glossary):
    docs = corpus()
    all_findings = run_checks(docs, starter_glossary)
    dismiss = frozenset({all_findings[0].fingerprint})
    stale = ["ab" * 32]
    streamed = spooled(docs, starter_glossary, dismiss, stale)
    held = in_memory(docs, starter_glossary, dismiss, stale)
    assert streamed.summary() == held.summary()
    assert streamed.summary().dismissed == 1
    assert render(streamed, fmt) == render(held, fmt)
    assert "".join(write(streamed, fmt)) == render(streamed, fmt)


def test_json_report_stream_is_the_json_document(starter_glossary):
    report = spooled(corpus(), starter_glossary)
    text = render(report, "json")
    assert json.loads(text) == report.to_json()
    assert text == json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)), max_leaves=12)


def _streamify(value, draw_flags):
    if isinstance(value, list):
        items = [_streamify(v, draw_flags) for v in value]
        return Streamed(iter(items)) if next(draw_flags) else items
    if isinstance(value, dict):
        return {k: _streamify(v, draw_flags) for k, v in value.items()}
    return value


@given(_values, st.lists(st.booleans(), min_size=64, max_size=64))
def test_json_chunks_write_what_json_dumps_writes(value, flags):
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert "".join(json_chunks(_streamify(value, iter(flags * 4)))) == expected


def test_a_spool_that_cannot_be_written_is_a_bitext_error(monkeypatch):
    import tempfile

    from bitext.errors import BitextError

    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **kw: open("/dev/full", "w+b"))  # noqa: SIM115
    spool = DocumentSpool()
    with pytest.raises(BitextError, match="cannot write the temporary file .*TMPDIR"):
        for _ in range(100):  # past the write buffer
            spool.append(CheckedDocument(corpus()[0], [{"x": "y" * 1000}], [], {}))
    spool.close()


def test_closing_the_report_removes_its_spool(starter_glossary):
    with spooled(corpus(), starter_glossary) as report:
        assert report.summary().documents == 5
        spool_file = report.spool._file
    assert spool_file.closed
