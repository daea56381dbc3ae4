"""Glossary checks: a source term without its approved rendering, a forbidden/discouraged variant
used, a keep-latin term translated.

How strictly a missing term counts follows the glossary entry's requirement
(``bitext.glossary.model.Requirement``) and what the source says:

* ``terminology.missing`` (error): a *mandatory* entry's approved term is missing;
* ``terminology.keep_latin`` (error): a *mandatory* keep-latin entry is not kept in Latin script;
* ``terminology.missing_preferred`` (warning): a *preferred* entry (the default) is not rendered
  by its approved term (or kept in Latin script, for keep-latin): the glossary recommends it, a
  correct synonym is acceptable, a reviser should look. A mandatory entry mentioned only by an
  acronym in a sentence that mentions no other glossary concept lands here too: out of the
  glossary's context an acronym may have another sense (HR in "the HR department");
* ``terminology.wrong_concept`` (warning): the source concept is not rendered and the target
  has, instead, the approved term of another glossary concept that the source does not mention
  (肺 "lung" where the source says "fever"): the terms were confused. Terms the source accounts
  for (a concept inside a longer source term, the lexicon name of a source acronym, a dictionary
  rendering of a source word) and terms of concepts named by one ordinary English word (症状
  "symptoms", which translators add freely) are not counted. The finding replaces the
  missing-term finding of the same preferred concept (a mandatory one is an error anyway);
* ``terminology.unexpected_term`` (warning): the target has, counted by the same rules, the
  approved term of a concept that neither the pair's source nor any other sentence of its
  document mentions, with no unrendered source concept to pair it with (化疗 replaced by
  生长抑素受体显像 in one of several mentions). Translators make explicit what a document names
  elsewhere (新冠肺炎 for "the disease"); a concept the document never names does not belong;
* ``terminology.likely_synonym`` (info): a preferred entry the target most likely renders by a
  synonym: one ordinary English word (infected, deaths, pandemic: such words have several correct
  renderings depending on context, which a broad terminology cannot list), a compound whose
  approved term's head word is in the target (出行限制 for 旅行限制, 医护人员 for 医疗服务人员: the same
  kind of thing with another modifier), or a term whose English head word reached the target by a
  dictionary rendering (CC-CEDICT via ``bitext.qa.lexicon``), or one whose English head word is
  itself such a single-word entry (outbreak in "coronavirus outbreak").
  The suggestion is information, not a finding to fix.

"Rendered" includes accepted short forms, compounds rendered from their parts, acronyms kept or
expanded, and alternative readings of the same source words (``bitext.qa.terms``).
"""

from __future__ import annotations

from bitext.glossary.model import Concept, Status, Term
from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.settings import QASettings
from bitext.qa.terms import SourceConcept, TermAnalysis


def _absent(ctx: PairContext) -> tuple[tuple[SourceConcept, tuple[int, int] | None], ...]:
    """(source concept, near-variant span or None) for each source concept the target does not
    render (``TermAnalysis.absent``, computed once per pair for all the checks that read it)."""
    return ctx.terms.absent if ctx.terms is not None else ()


def _suggestion(concept: Concept) -> str:
    """The Chinese term to suggest for a concept of ``TermAnalysis.absent``, which lists only
    concepts with an approved one."""
    term = concept.preferred_zh
    if term is None:
        raise ValueError(f"concept {concept.id!r} has no approved Chinese term to suggest")
    return term.text


def _strictness(terms: TermAnalysis, sc: SourceConcept) -> str:
    """Which check a missing rendering of ``sc`` belongs to: "mandatory", "preferred" or "synonym"."""
    if sc.concept.mandatory:
        if sc.ambiguous_acronym_only and not terms.in_context(sc):
            return "preferred"  # an acronym alone does not establish the glossary's sense
        return "mandatory"
    if sc.single_word or terms.head_present(sc.concept) or terms.loose_head(sc) or terms.head_translated(sc):
        return "synonym"
    return "preferred"


def _missing_findings(ctx: PairContext, settings: QASettings, check: Check, strictness: str) -> list[Finding]:
    terms = ctx.terms
    if terms is None:
        return []
    findings = []
    confused = {id(sc) for sc, _ in terms.wrong_concepts}
    for sc, near in terms.absent:
        if near is not None or _strictness(terms, sc) != strictness:
            continue
        if id(sc) in confused:
            continue  # terminology.wrong_concept reports it, with the term that took its place
        if strictness == "mandatory" and sc.concept.keeps_latin:
            continue  # keep_latin reports these
        findings.append(_missing_finding(ctx, settings, check, sc.concept, sc.matches[0]))
    return findings


def _missing_finding(ctx: PairContext, settings: QASettings, check: Check, concept: Concept, first) -> Finding:
    preferred = _suggestion(concept)
    if concept.keeps_latin:
        message = f'"{first.text}" should stay in Latin script ({preferred}) but is not in the target'
    else:
        message = f'"{first.text}" ({concept.label}) has no approved translation in the target; '
        # the three checks' severities differ, and so must what they tell a translator to do
        if check is MISSING_PREFERRED:
            message += f"the glossary prefers {preferred} (a correct synonym is acceptable)"
        elif check is LIKELY_SYNONYM:
            message += f"the glossary prefers {preferred} (information: the target may well use a correct synonym)"
        else:
            message += f"expected {preferred}"
    return ctx.finding(check, settings, message, (src_span(first.start, first.end),), suggestion=preferred)


def _missing(ctx: PairContext, settings: QASettings) -> list[Finding]:
    return _missing_findings(ctx, settings, MISSING, "mandatory")


def _missing_preferred(ctx: PairContext, settings: QASettings) -> list[Finding]:
    return _missing_findings(ctx, settings, MISSING_PREFERRED, "preferred")


def _likely_synonym(ctx: PairContext, settings: QASettings) -> list[Finding]:
    return _missing_findings(ctx, settings, LIKELY_SYNONYM, "synonym")


def _near_miss(ctx: PairContext, settings: QASettings) -> list[Finding]:
    findings = []
    for sc, near in _absent(ctx):
        if near is not None:
            concept, first = sc.concept, sc.matches[0]
            preferred, variant = _suggestion(concept), ctx.tgt[near[0]:near[1]]
            findings.append(ctx.finding(
                NEAR_MISS, settings, f'"{first.text}" ({concept.label}) is rendered {variant}, close to but not '
                f"the approved {preferred}: an unlisted variant or a slip",
                (src_span(first.start, first.end), tgt_span(*near)), suggestion=preferred))
    return findings


def _wrong_concept(ctx: PairContext, settings: QASettings) -> list[Finding]:
    if ctx.terms is None:
        return []
    findings = []
    for sc, match in ctx.terms.wrong_concepts:
        concept, first = sc.concept, sc.matches[0]
        other = next(ctx.terms.concepts[t.concept_id] for t in match.payloads
                     if isinstance(t, Term) and t.lang == "zh" and t.status.approved)
        preferred = _suggestion(concept)
        findings.append(ctx.finding(
            WRONG_CONCEPT, settings,
            f"{match.text} is the glossary's term for \"{other.label}\", which the source does not mention, "
            f'while "{first.text}" ({concept.label}) has no rendering: a wrong term? expected {preferred}',
            (src_span(first.start, first.end), tgt_span(match.start, match.end)), suggestion=preferred))
    return findings


def _unexpected_term(ctx: PairContext, settings: QASettings) -> list[Finding]:
    terms = ctx.terms
    if terms is None:
        return []
    document = ctx.source_document
    findings = []
    for match in terms.unexpected_terms(lambda: document.concepts if document else frozenset()):
        concept = next(terms.concepts[t.concept_id] for t in match.payloads
                       if isinstance(t, Term) and t.lang == "zh" and t.status.approved)
        findings.append(ctx.finding(
            UNEXPECTED_TERM, settings,
            f'{match.text} is the glossary\'s term for "{concept.label}", which the source document never '
            "mentions: a wrong term?", (tgt_span(match.start, match.end),)))
    return findings


def _keep_latin(ctx: PairContext, settings: QASettings) -> list[Finding]:
    terms = ctx.terms
    if terms is None:
        return []
    findings = []
    for sc, _ in terms.absent:
        concept = sc.concept
        if concept.keeps_latin and _strictness(terms, sc) == "mandatory":
            findings.append(_missing_finding(ctx, settings, KEEP_LATIN, concept, sc.matches[0]))
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
            concept: Concept = terms.concepts[term.concept_id]
            preferred = concept.preferred_zh.text if concept.preferred_zh else None
            message = f'{match.text} is a {status.value} rendering of "{concept.label}"'
            findings.append(ctx.finding(check, settings, message + (f"; use {preferred}" if preferred else ""),
                                        (tgt_span(match.start, match.end),), suggestion=preferred))
            break
    return findings


MISSING = Check("terminology.missing", "Terminology/Inconsistent with termbase", Severity.ERROR,
                "Source term of a mandatory glossary entry without an approved target term", _missing)
MISSING_PREFERRED = Check("terminology.missing_preferred", "Terminology/Inconsistent with termbase", Severity.WARNING,
                          "Source term of a preferred glossary entry without its approved target term",
                          _missing_preferred)
LIKELY_SYNONYM = Check("terminology.likely_synonym", "Terminology/Inconsistent with termbase", Severity.INFO,
                       "Preferred glossary term not used where the target likely has a synonym", _likely_synonym)
NEAR_MISS = Check("terminology.near_miss", "Terminology/Inconsistent with termbase", Severity.WARNING,
                  "Source term rendered by a near variant of its approved term", _near_miss)
WRONG_CONCEPT = Check("terminology.wrong_concept", "Terminology/Wrong term", Severity.WARNING,
                      "Another glossary concept's term where the source's concept has no rendering", _wrong_concept)
UNEXPECTED_TERM = Check("terminology.unexpected_term", "Terminology/Wrong term", Severity.WARNING,
                        "Glossary term of a concept the source document never mentions", _unexpected_term)
FORBIDDEN = Check("terminology.forbidden", "Terminology/Wrong term", Severity.ERROR,
                  "Forbidden target term used", _forbidden)
DISCOURAGED = Check("terminology.discouraged", "Terminology/Wrong term", Severity.WARNING,
                    "Discouraged (deprecated) target term used", _discouraged)
KEEP_LATIN = Check("terminology.keep_latin", "Terminology/Wrong term", Severity.ERROR,
                   "Keep-latin term of a mandatory glossary entry not kept in Latin script", _keep_latin)

CHECKS = (MISSING, MISSING_PREFERRED, LIKELY_SYNONYM, NEAR_MISS, WRONG_CONCEPT, UNEXPECTED_TERM, FORBIDDEN, DISCOURAGED,
          KEEP_LATIN)
