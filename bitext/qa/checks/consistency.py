"""Corpus-level consistency over all documents, driven by the glossary.

* one source concept rendered several ways (无进展生存期 here, 无进展生存 there);
* one target term standing for several source concepts (神经内分泌肿瘤 for NEN and for NET).

The minority uses are reported, each at its own pair, with the majority as suggestion.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from bitext.glossary.normalize import fold
from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.settings import QASettings


def _majority(counts: Counter, preferred: str | None) -> str:
    top = max(counts.values())
    leaders = [k for k, n in counts.items() if n == top]
    return preferred if preferred in leaders else leaders[0]


def _variant_key(text: str, variants: list[str]) -> str:
    """A variant and the longer ones it begins are one rendering: 无进展生存 is 无进展生存期 inside
    a compound (无进展生存率, 总生存分析), not a different choice."""
    folded = fold(text)
    return min((v for v in variants if folded.startswith(v) or v.startswith(folded)), key=len, default=folded)


def _source_term_variants(contexts: list[PairContext], settings: QASettings) -> list[Finding]:
    uses = defaultdict(list)  # concept id -> [(ctx, match, term)]
    for ctx in contexts:
        if ctx.terms is None:
            continue
        for cid, sc in ctx.terms.source.items():
            for match, term in ctx.terms.used_variants(sc.concept)[:1]:
                uses[cid].append((ctx, match, term))
    findings = []
    for cid, items in uses.items():
        concept = items[0][0].matcher.glossary.concepts[cid]
        variants = [fold(t.text) for t in concept.approved_zh]
        key = {id(term): _variant_key(term.text, variants) for _, _, term in items}
        counts = Counter(key[id(term)] for _, _, term in items)
        if len(counts) < 2:
            continue
        preferred = _variant_key(concept.preferred_zh.text, variants) if concept.preferred_zh else None
        majority = _majority(counts, preferred)
        majority_text = next(term.text for _, _, term in items if key[id(term)] == majority)
        for ctx, match, term in items:
            if key[id(term)] == majority:
                continue
            source = ctx.terms.source[cid].matches[0]
            findings.append(ctx.finding(
                SOURCE_VARIANTS, settings,
                f'"{concept.label}" is rendered {match.text} here but {majority_text} in '
                f"{counts[majority]} other pair(s)",
                (src_span(source.start, source.end), tgt_span(match.start, match.end)), suggestion=majority_text))
    return findings


def _target_term_sources(contexts: list[PairContext], settings: QASettings) -> list[Finding]:
    uses = defaultdict(list)  # folded target term -> [(ctx, match, concept id)]
    for ctx in contexts:
        if ctx.terms is None:
            continue
        for match in ctx.terms.target.chosen:
            candidates = {t.concept_id for t in match.payloads if t.lang == "zh"} & ctx.terms.source.keys()
            if len(candidates) == 1:
                uses[fold(match.text)].append((ctx, match, candidates.pop()))
    findings = []
    for items in uses.values():
        counts = Counter(cid for _, _, cid in items)
        if len(counts) < 2:
            continue
        majority = _majority(counts, None)
        concepts = items[0][0].matcher.glossary.concepts
        for ctx, match, cid in items:
            if cid == majority:
                continue
            findings.append(ctx.finding(
                TARGET_SOURCES, settings,
                f'{match.text} stands for "{concepts[cid].label}" here but for "{concepts[majority].label}" in '
                f"{counts[majority]} other pair(s)",
                (tgt_span(match.start, match.end),)))
    return findings


SOURCE_VARIANTS = Check("consistency.source_term_variants", "Terminology/Inconsistent use", Severity.WARNING,
                        "Source term translated several ways across the corpus", _source_term_variants,
                        scope="corpus")
TARGET_SOURCES = Check("consistency.target_term_sources", "Terminology/Inconsistent use", Severity.WARNING,
                       "Target term used for several source terms across the corpus", _target_term_sources,
                       scope="corpus")

CHECKS = (SOURCE_VARIANTS, TARGET_SOURCES)
