"""Corpus-level consistency over all documents, driven by the glossary.

* one source concept rendered several ways (无进展生存期 here, 无进展生存 there);
* one target term standing for several source concepts (神经内分泌肿瘤 for NEN and for NET).

The minority uses are reported, each at its own pair, with the majority as suggestion. Not
reported: variation among the approved terms of a preferred entry mentioned as one ordinary
word (spread → 传播 or 扩散: such words take the rendering their context needs), and a target term
the glossary itself approves for several concepts (传播 for spread and for transmission).
Each pair is observed as it is checked (a few small records); the tallies and the
exceptions are worked out at the end, over the records of the whole corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from bitext.glossary.normalize import fold
from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.settings import QASettings


def _majority(counts: Counter, preferred: str | None) -> str:
    top = max(counts.values())
    leaders = [k for k, n in counts.items() if n == top]
    return preferred if preferred is not None and preferred in leaders else leaders[0]


def _variant_key(text: str, variants: list[str]) -> str:
    """A variant and the longer ones it begins are one rendering: 无进展生存 is 无进展生存期 inside
    a compound (无进展生存率, 总生存分析), not a different choice."""
    folded = fold(text)
    return min((v for v in variants if folded.startswith(v) or v.startswith(folded)), key=len, default=folded)


@dataclass(frozen=True)
class PairRef:
    """What a consistency finding needs of its pair, without the pair's analyses."""

    document: str
    bead: int
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    src: str
    tgt: str

    def context(self) -> PairContext:
        return PairContext(self.document, self.bead, self.src_ids, self.tgt_ids, self.src, self.tgt)


def _ref(ctx: PairContext) -> PairRef:
    return PairRef(ctx.document, ctx.bead, ctx.src_ids, ctx.tgt_ids, ctx.src, ctx.tgt)


@dataclass(frozen=True)
class SourceTermUse:
    """A source term and the glossary term that renders it in the target (a corpus-level observation)."""

    pair: PairRef
    concept: str
    label: str
    rendering: str  # the variant key: renderings that are one choice share it
    preferred: str | None  # the preferred term's key
    text: str  # the glossary term found in the target
    source: tuple[int, int]  # the source term's span
    target: tuple[int, int]  # the target term's span


def _observe_source_terms(ctx: PairContext) -> list[SourceTermUse]:
    if ctx.terms is None:
        return []
    uses = []
    ref = None
    for cid, sc in ctx.terms.source.items():
        if sc.single_word and not sc.concept.mandatory:
            continue
        for match, term in ctx.terms.used_variants(sc.concept)[:1]:
            concept = sc.concept
            variants = [fold(t.text) for t in concept.approved_zh]
            preferred = _variant_key(concept.preferred_zh.text, variants) if concept.preferred_zh else None
            source = sc.matches[0]
            ref = ref or _ref(ctx)
            uses.append(SourceTermUse(ref, cid, concept.label, _variant_key(term.text, variants), preferred, term.text,
                                      (source.start, source.end), (match.start, match.end)))
    return uses


def _source_term_variants(records, settings: QASettings) -> list[Finding]:
    counts: dict[str, Counter] = defaultdict(Counter)  # concept id -> rendering -> uses
    first_text: dict[tuple[str, str], str] = {}  # (concept id, rendering) -> the text first seen
    preferred: dict[str, str | None] = {}
    for use in records():
        counts[use.concept][use.rendering] += 1
        first_text.setdefault((use.concept, use.rendering), use.text)
        preferred[use.concept] = use.preferred
    majority = {cid: _majority(c, preferred[cid]) for cid, c in counts.items() if len(c) >= 2}
    findings = []
    for use in records():
        top = majority.get(use.concept)
        if top is None or use.rendering == top:
            continue
        majority_text = first_text[(use.concept, top)]
        ctx = use.pair.context()
        findings.append(ctx.finding(
            SOURCE_VARIANTS, settings,
            f'"{use.label}" is rendered {ctx.tgt[use.target[0]:use.target[1]]} here but {majority_text} in '
            f"{counts[use.concept][top]} other pair(s)",
            (src_span(*use.source), tgt_span(*use.target)), suggestion=majority_text))
    return findings


@dataclass(frozen=True)
class TargetTermUse:
    """A glossary term found in a target sentence (a corpus-level observation)."""

    pair: PairRef
    term: str  # folded target term
    concept: str
    label: str
    target: tuple[int, int]


def _observe_target_terms(ctx: PairContext) -> list[TargetTermUse]:
    if ctx.terms is None:
        return []
    uses = []
    ref = None
    for match in ctx.terms.target.chosen:
        approved_for = {t.concept_id for t in match.payloads if t.lang == "zh" and t.status.approved}
        if len(approved_for) > 1:
            continue  # the glossary approves this term for several concepts
        candidates = {t.concept_id for t in match.payloads if t.lang == "zh"} & ctx.terms.source.keys()
        if len(candidates) == 1:
            cid = candidates.pop()
            ref = ref or _ref(ctx)
            label = ctx.terms.concepts[cid].label
            uses.append(TargetTermUse(ref, fold(match.text), cid, label, (match.start, match.end)))
    return uses


def _target_term_sources(records, settings: QASettings) -> list[Finding]:
    counts: dict[str, Counter] = defaultdict(Counter)  # folded target term -> concept id -> uses
    labels: dict[str, str] = {}
    for use in records():
        counts[use.term][use.concept] += 1
        labels[use.concept] = use.label
    majority = {term: _majority(c, None) for term, c in counts.items() if len(c) >= 2}
    findings = []
    for use in records():
        top = majority.get(use.term)
        if top is None or use.concept == top:
            continue
        ctx = use.pair.context()
        findings.append(ctx.finding(
            TARGET_SOURCES, settings,
            f'{ctx.tgt[use.target[0]:use.target[1]]} stands for "{use.label}" here but for "{labels[top]}" in '
            f"{counts[use.term][top]} other pair(s)",
            (tgt_span(*use.target),)))
    return findings


SOURCE_VARIANTS = Check("consistency.source_term_variants", "Terminology/Inconsistent use", Severity.WARNING,
                        "Source term translated several ways across the corpus", _source_term_variants,
                        scope="corpus", observe=_observe_source_terms)
TARGET_SOURCES = Check("consistency.target_term_sources", "Terminology/Inconsistent use", Severity.WARNING,
                       "Target term used for several source terms across the corpus", _target_term_sources,
                       scope="corpus", observe=_observe_target_terms)

CHECKS = (SOURCE_VARIANTS, TARGET_SOURCES)
