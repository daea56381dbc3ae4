"""Every source acronym is kept in the target, or rendered by its glossary term."""

from __future__ import annotations

from bitext.glossary.normalize import fold
from bitext.qa.acronyms import BUILTIN_EXPANSIONS, Acronym, kept_in
from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.settings import QASettings


def _missing(ctx: PairContext, settings: QASettings) -> list[Finding]:
    findings, seen = [], set()
    for acronym in ctx.src_acronyms:
        if acronym.singular in seen:
            continue
        seen.add(acronym.singular)
        if kept_in(acronym, ctx.tgt) or _rendered(ctx, acronym):
            continue
        term = _glossary_term(ctx, acronym)
        suggestion = f"{term}（{acronym.singular}）" if term else acronym.singular
        findings.append(ctx.finding(
            MISSING, settings, f"source acronym {acronym.text} is not in the target"
            + (f", nor its term {term}" if term else ""),
            (src_span(acronym.start, acronym.end),), suggestion=suggestion))
    return findings


def _concepts_at(ctx: PairContext, acronym: Acronym):
    """Glossary concepts whose source match covers the acronym."""
    if ctx.terms is None:
        return []
    return [sc.concept for sc in ctx.terms.source.values()
            if any(m.start <= acronym.start and acronym.end <= m.end for m in sc.matches)]


def _rendered(ctx: PairContext, acronym: Acronym) -> bool:
    if any(ctx.terms.approved_present(c) for c in _concepts_at(ctx, acronym)):
        return True
    folded = fold(ctx.tgt)
    return any(word in folded for word in BUILTIN_EXPANSIONS.get(acronym.text, ()) +
               BUILTIN_EXPANSIONS.get(acronym.singular, ()))


def _glossary_term(ctx: PairContext, acronym: Acronym) -> str | None:
    for concept in _concepts_at(ctx, acronym):
        if concept.preferred_zh is not None:
            return concept.preferred_zh.text
    return None


MISSING = Check("acronyms.missing", "Accuracy/Omission", Severity.WARNING,
                "Source acronym neither kept nor translated by its glossary term", _missing)

CHECKS = (MISSING,)
