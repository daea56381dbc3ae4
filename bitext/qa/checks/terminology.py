"""Glossary checks: required term missing, forbidden/discouraged variant used, keep-latin term translated."""

from __future__ import annotations

from bitext.glossary.model import Concept, Status
from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.settings import QASettings


def _absent(ctx: PairContext):
    """(concept, first source match, near-variant span or None) for each source concept whose
    approved Chinese term the target lacks."""
    terms = ctx.terms
    if terms is None:
        return
    for sc in terms.source.values():
        concept = sc.concept
        if concept.keeps_latin or not concept.approved_zh or terms.approved_present(concept):
            continue
        if terms.acronyms_kept(concept) >= sc.renderings_needed:
            continue  # the target keeps the acronym for every mention (NET for NET)
        yield concept, sc.matches[0], terms.near_miss(concept, ctx.tgt)


def _missing(ctx: PairContext, settings: QASettings) -> list[Finding]:
    findings = []
    for concept, first, near in _absent(ctx):
        if near is None:
            preferred = concept.preferred_zh.text
            findings.append(ctx.finding(
                MISSING, settings,
                f'"{first.text}" ({concept.label}) has no approved translation in the target; expected {preferred}',
                (src_span(first.start, first.end),), suggestion=preferred))
    return findings


def _near_miss(ctx: PairContext, settings: QASettings) -> list[Finding]:
    findings = []
    for concept, first, near in _absent(ctx):
        if near is not None:
            preferred, variant = concept.preferred_zh.text, ctx.tgt[near[0]:near[1]]
            findings.append(ctx.finding(
                NEAR_MISS, settings, f'"{first.text}" ({concept.label}) is rendered {variant}, close to but not '
                f"the approved {preferred}: an unlisted variant or a slip",
                (src_span(first.start, first.end), tgt_span(*near)), suggestion=preferred))
    return findings


def _keep_latin(ctx: PairContext, settings: QASettings) -> list[Finding]:
    terms = ctx.terms
    if terms is None:
        return []
    findings = []
    for sc in terms.source.values():
        concept = sc.concept
        if not concept.keeps_latin or terms.latin_kept(concept) or terms.approved_present(concept):
            continue
        first = sc.matches[0]
        latin = concept.preferred_zh.text
        findings.append(ctx.finding(
            KEEP_LATIN, settings, f'"{first.text}" should stay in Latin script ({latin}) but is not in the target',
            (src_span(first.start, first.end),), suggestion=latin))
    return findings


def _forbidden(ctx: PairContext, settings: QASettings) -> list[Finding]:
    return _wrong_variant(ctx, settings, FORBIDDEN, Status.FORBIDDEN)


def _discouraged(ctx: PairContext, settings: QASettings) -> list[Finding]:
    return _wrong_variant(ctx, settings, DISCOURAGED, Status.DISCOURAGED)


def _wrong_variant(ctx: PairContext, settings: QASettings, check: Check, status: Status) -> list[Finding]:
    """The target uses a term the glossary marks ``status`` for a concept the source mentions —
    or one approved for no concept at all (奥曲太 is wrong whatever the source says)."""
    terms = ctx.terms
    if terms is None:
        return []
    findings = []
    for match in terms.target.chosen:
        glossary_terms = [t for t in match.payloads if t.lang == "zh"]
        approved_for = {t.concept_id for t in glossary_terms if t.status.approved}
        for term in glossary_terms:
            if term.status is not status or term.concept_id in approved_for:
                continue
            if approved_for and (term.concept_id not in terms.source or approved_for & terms.source.keys()):
                continue  # 神经内分泌肿瘤 is right for NEN, wrong only where the source says NET
            concept: Concept = ctx.matcher.glossary.concepts[term.concept_id]
            preferred = concept.preferred_zh.text if concept.preferred_zh else None
            message = f'{match.text} is a {status.value} rendering of "{concept.label}"'
            findings.append(ctx.finding(check, settings, message + (f"; use {preferred}" if preferred else ""),
                                        (tgt_span(match.start, match.end),), suggestion=preferred))
            break
    return findings


MISSING = Check("terminology.missing", "Terminology/Inconsistent with termbase", Severity.ERROR,
                "Source term without an approved target term", _missing)
NEAR_MISS = Check("terminology.near_miss", "Terminology/Inconsistent with termbase", Severity.WARNING,
                  "Source term rendered by a near variant of its approved term", _near_miss)
FORBIDDEN = Check("terminology.forbidden", "Terminology/Wrong term", Severity.ERROR,
                  "Forbidden target term used", _forbidden)
DISCOURAGED = Check("terminology.discouraged", "Terminology/Wrong term", Severity.WARNING,
                    "Discouraged (deprecated) target term used", _discouraged)
KEEP_LATIN = Check("terminology.keep_latin", "Terminology/Wrong term", Severity.ERROR,
                   "Keep-latin term not kept in Latin script", _keep_latin)

CHECKS = (MISSING, NEAR_MISS, FORBIDDEN, DISCOURAGED, KEEP_LATIN)
