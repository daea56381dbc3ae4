"""Everything a check may look at for one aligned pair; derived data is computed once and shared."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bitext.glossary.matcher import GlossaryMatcher
from bitext.qa.acronyms import Acronym, source_acronyms
from bitext.qa.check import Check
from bitext.qa.coverage import Coverage, source_coverage
from bitext.qa.findings import Finding, Span, fingerprint
from bitext.qa.numbers import Number, chinese_numbers, english_numbers
from bitext.qa.settings import QASettings
from bitext.qa.terms import TermAnalysis, analyse, mentioned_concepts


@dataclass(eq=False)
class DocumentSource:
    """The source document a pair belongs to, shared by the contexts of its pairs, for the rare
    check that must look beyond its pair; what it derives is computed once per document."""
    sentences: tuple[str, ...]
    matcher: GlossaryMatcher | None = None

    @cached_property
    def concepts(self) -> frozenset[str]:
        """Glossary concepts the document's source mentions anywhere."""
        if self.matcher is None:
            return frozenset()
        matcher = self.matcher
        return frozenset().union(*(mentioned_concepts(matcher, s) for s in self.sentences))


@dataclass(eq=False)
class PairContext:
    """Everything a pair-level check reads about one pair (its texts, scores and document), the
    term, number, acronym and coverage analyses computed once on first use."""

    document: str
    bead: int  # position of the pair in its document
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    src: str
    tgt: str
    similarity: float | None = None
    similarity_z: float | None = None  # robust z-score within the document
    document_similarity: float | None = None  # the document's median similarity
    # how much shorter the target is than this document's (or professional) translations usually
    # are, in robust standard deviations of the log byte ratio (bitext.qa.runner.length_z)
    length_z: float | None = None
    length_spread: float | None = None  # the robust spread (of the log byte ratio) length_z is measured in
    matcher: GlossaryMatcher | None = None
    src_sentences: tuple[str, ...] = ()  # the pair's source sentences, when it has several
    # target sentence ids of this pair that repeat an earlier target sentence verbatim where the
    # source does not repeat (bitext.qa.runner.unexplained_repeats)
    tgt_repeats: tuple[int, ...] = ()
    source_document: DocumentSource | None = None  # None: the pair is all a check sees

    @cached_property
    def terms(self) -> TermAnalysis | None:
        return analyse(self.matcher, self.src, self.tgt) if self.matcher else None

    @cached_property
    def coverage(self) -> Coverage:
        return source_coverage(self.src, self.tgt)

    @cached_property
    def src_numbers(self) -> list[Number]:
        return english_numbers(self.src)

    @cached_property
    def tgt_numbers(self) -> list[Number]:
        return chinese_numbers(self.tgt)

    @cached_property
    def src_acronyms(self) -> list[Acronym]:
        return source_acronyms(self.src)

    def text(self, span: Span) -> str:
        return (self.src if span.side == "src" else self.tgt)[span.start:span.end]

    def finding(self, check: Check, settings: QASettings, message: str, spans: tuple[Span, ...] = (),
                suggestion: str | None = None) -> Finding:
        offending = "\x1f".join(f"{s.side}:{self.text(s)}" for s in spans)
        return Finding(
            check=check.id,
            severity=settings.severity(check),
            document=self.document,
            src_ids=self.src_ids,
            tgt_ids=self.tgt_ids,
            message=message,
            suggestion=suggestion,
            spans=tuple(spans),
            fingerprint=fingerprint(check.id, self.document, self.src, offending),
            mqm=check.mqm,
            bead=self.bead,
        )


def src_span(start: int, end: int) -> Span:
    return Span("src", start, end)


def tgt_span(start: int, end: int) -> Span:
    return Span("tgt", start, end)
