"""Run the enabled checks over aligned documents."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from bitext.align.types import Alignment
from bitext.errors import InputError
from bitext.glossary.matcher import GlossaryMatcher
from bitext.glossary.model import Glossary
from bitext.qa.checks import CHECKS
from bitext.qa.context import PairContext
from bitext.qa.findings import Finding
from bitext.qa.settings import CheckSetting, QASettings

Similarities = Sequence[Sequence[float | None] | None] | Mapping[str, Sequence[float | None]]

_ORDER = {check_id: i for i, check_id in enumerate(CHECKS)}


def run_checks(alignments: list[Alignment], glossary: Glossary | GlossaryMatcher | None = None,
               settings: QASettings | None = None, similarities: Similarities | None = None) -> list[Finding]:
    """Findings for every pair of every document, plus corpus-level consistency findings.

    ``glossary``: a Glossary, or a GlossaryMatcher built once and reused across calls.
    ``similarities``: per document (a list parallel to ``alignments``, or a mapping by
    document id), one cosine similarity per bead (None where unknown).
    Sorted by document (in input order), then position in the document.
    """
    settings = settings or QASettings()
    settings.validate(CHECKS)
    if isinstance(glossary, Glossary):
        matcher = GlossaryMatcher(glossary, word_check=settings.zh_word_check)
    else:
        matcher = glossary
    contexts = build_contexts(alignments, matcher, settings, similarities)
    enabled = [c for c in CHECKS.values() if settings.enabled(c)]

    findings: list[Finding] = []
    for ctx in contexts:
        findings += _pair_findings(ctx, [c for c in enabled if c.scope == "pair"], settings)
    for check in (c for c in enabled if c.scope == "corpus"):
        findings += check.run(contexts, settings)

    order = {a.document.id: i for i, a in reversed(list(enumerate(alignments)))}
    findings.sort(key=lambda f: (order.get(f.document, len(order)), f.document, f.bead,
                                 f.spans[0].start if f.spans else -1, _ORDER[f.check]))
    return _distinct_fingerprints(findings)


def consistency_findings(alignments: list[Alignment], glossary: Glossary | GlossaryMatcher,
                         settings: QASettings | None = None) -> list[Finding]:
    """Only the corpus-level consistency checks, over all documents (run_checks includes them)."""
    base = settings or QASettings()
    only = {c.id: CheckSetting(enabled=False) for c in CHECKS.values() if c.family != "consistency"}
    return run_checks(alignments, glossary, replace(base, checks={**base.checks, **only}))


def _pair_findings(ctx: PairContext, checks, settings: QASettings) -> list[Finding]:
    both = bool(ctx.src_ids) and bool(ctx.tgt_ids)
    found = []
    for check in checks:
        if check.sides == "both" and not both:
            continue
        found += check.run(ctx, settings)
    # A wholly untranslated pair: term, number and punctuation findings on it would only repeat that.
    if any(f.check == "untranslated.same_as_source" for f in found):
        found = [f for f in found if f.check.startswith("untranslated.")]
    return found


def build_contexts(alignments: list[Alignment], matcher: GlossaryMatcher | None, settings: QASettings,
                   similarities: Similarities | None = None) -> list[PairContext]:
    contexts = []
    for number, alignment in enumerate(alignments):
        doc = alignment.document
        pairs = alignment.pairs()
        sims = _document_similarities(similarities, number, doc.id, len(pairs))
        both = [bool(b.src) and bool(b.tgt) for _, _, b in pairs]
        z, median = robust_z([s if ok else None for s, ok in zip(sims, both)], settings.min_similarities)
        for i, (src, tgt, bead) in enumerate(pairs):
            contexts.append(PairContext(doc.id, i, tuple(bead.src), tuple(bead.tgt), src, tgt,
                                        similarity=sims[i], similarity_z=z[i], document_similarity=median,
                                        matcher=matcher))
    return contexts


def _document_similarities(similarities, number: int, doc_id: str, beads: int) -> list[float | None]:
    if similarities is None:
        return [None] * beads
    if isinstance(similarities, Mapping):
        values = similarities.get(doc_id)
    else:
        values = similarities[number] if number < len(similarities) else None
    if values is None:
        return [None] * beads
    values = list(values)
    if len(values) != beads:
        raise InputError(f"document {doc_id}: {len(values)} similarities for {beads} beads",
                         hint="give one similarity per bead, None where unknown")
    return values


def robust_z(values: list[float | None], minimum: int) -> tuple[list[float | None], float | None]:
    """(z per value, median): (x - median) / (1.4826 · MAD). All None when fewer than ``minimum``
    values are known or they do not vary."""
    known = np.array([v for v in values if v is not None], dtype=float)
    if len(known) < minimum:
        return [None] * len(values), None
    median = float(np.median(known))
    mad = float(np.median(np.abs(known - median))) * 1.4826
    if mad <= 1e-9:
        return [None] * len(values), median
    return [None if v is None else (v - median) / mad for v in values], median


def _distinct_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Identical findings in one pair (the same stray comma twice) get distinct fingerprints."""
    seen: Counter = Counter()
    out = []
    for finding in findings:
        n = seen[finding.fingerprint]
        seen[finding.fingerprint] += 1
        if n:
            digest = hashlib.sha256(f"{finding.fingerprint}#{n}".encode()).hexdigest()
            finding = replace(finding, fingerprint=digest)
        out.append(finding)
    return out
