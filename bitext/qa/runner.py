"""Run the enabled checks over aligned documents."""

from __future__ import annotations

import difflib
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from bitext.align.aligner import REPEAT_MIN_CHARS, median
from bitext.core import Alignment
from bitext.errors import InputError
from bitext.glossary.matcher import GlossaryMatcher
from bitext.glossary.model import Glossary
from bitext.patterns import compiled
from bitext.qa.checks import CHECKS
from bitext.qa.context import DocumentSource, PairContext
from bitext.qa.findings import Finding
from bitext.qa.settings import CheckSetting, QASettings

Similarities = Sequence[Sequence[float | None] | None] | Mapping[str, Sequence[float | None]]

_ORDER = {check_id: i for i, check_id in enumerate(CHECKS)}


class Checker:
    """Runs the enabled checks document by document, so a corpus never has to be in memory.

    ``check(alignment, similarities)`` gives the document's pair-level findings and the
    observations corpus-level checks make on it (small picklable records; the caller keeps
    them, e.g. on disk with the document). ``conclude(observations)`` runs the corpus-level
    checks over the observations of every document, in corpus order; ``observations`` is a
    callable returning a fresh iterable of per-document observation dicts, as the checks may
    read them more than once (first to tally, then to report the exceptions).
    """

    def __init__(self, glossary: Glossary | GlossaryMatcher | None = None, settings: QASettings | None = None):
        self.settings = settings or QASettings()
        self.settings.validate(CHECKS)
        if isinstance(glossary, Glossary):
            glossary = GlossaryMatcher(glossary, word_check=self.settings.zh_word_check)
        self.matcher = glossary
        enabled = [c for c in CHECKS.values() if self.settings.enabled(c)]
        self.pair_checks = [c for c in enabled if c.scope == "pair"]
        self.corpus_checks = [c for c in enabled if c.scope == "corpus"]

    def check(self, alignment: Alignment, similarities: Sequence[float | None] | None = None
              ) -> tuple[list[Finding], dict[str, list]]:
        contexts = document_contexts(alignment, self.matcher, self.settings, similarities)
        findings: list[Finding] = []
        for ctx in contexts:
            findings += _pair_findings(ctx, self.pair_checks, self.settings)
        observations: dict[str, list] = {}
        for check in self.corpus_checks:
            observe = check.observe
            if observe is not None:  # every corpus check has one (Check.__post_init__)
                observations[check.id] = [obs for ctx in contexts for obs in observe(ctx)]
        return findings, observations

    def conclude(self, observations: Callable[[], Iterable[dict[str, list]]]) -> list[Finding]:
        findings: list[Finding] = []
        for check in self.corpus_checks:
            def records(check_id=check.id):
                for per_document in observations():
                    yield from per_document.get(check_id, ())
            findings += check.run(records, self.settings)
        return findings


def document_findings(findings: Iterable[Finding]) -> list[Finding]:
    """One document's findings (pair-level and corpus-level together) in report order, each
    with a distinct fingerprint: by pair, then position in the pair, then check order."""
    ordered = sorted(findings, key=lambda f: (f.bead, f.spans[0].start if f.spans else -1, _ORDER[f.check]))
    return _distinct_fingerprints(ordered)


def run_checks(alignments: list[Alignment], glossary: Glossary | GlossaryMatcher | None = None,
               settings: QASettings | None = None, similarities: Similarities | None = None) -> list[Finding]:
    """Findings for every pair of every document, plus corpus-level consistency findings.

    ``glossary``: a Glossary, or a GlossaryMatcher built once and reused across calls.
    ``similarities``: per document (a list parallel to ``alignments``, or a mapping by
    document id), one cosine similarity per bead (None where unknown). A document without
    them uses its beads' own ``similarity`` (set by the aligner), as ``bitext qa`` does.
    Sorted by document (in input order), then position in the document.
    """
    checker = Checker(glossary, settings)
    per_document, observations = [], []
    for number, alignment in enumerate(alignments):
        sims = _document_similarities(similarities, number, alignment.document.id, len(alignment.beads))
        found, observed = checker.check(alignment, sims)
        per_document.append(found)
        observations.append(observed)
    corpus: dict[str, list[Finding]] = {}
    for f in checker.conclude(lambda: observations):
        corpus.setdefault(f.document, []).append(f)
    out: list[Finding] = []
    for alignment, found in zip(alignments, per_document, strict=True):
        out += document_findings(found + corpus.pop(alignment.document.id, []))
    return out


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


def document_contexts(alignment: Alignment, matcher: GlossaryMatcher | None, settings: QASettings,
                      similarities: Sequence[float | None] | None = None) -> list[PairContext]:
    """One context per pair of the document, with each pair's similarity z-score in the document.

    ``similarities`` default to the beads' own: the aligner sets each bead's cosine, and without
    them omission.low_similarity would silently find nothing."""
    doc = alignment.document
    pairs = alignment.pairs()
    sims = list(similarities) if similarities is not None else [bead.similarity for bead in alignment.beads]
    if len(sims) != len(pairs):
        raise InputError(f"document {doc.id}: {len(sims)} similarities for {len(pairs)} beads",
                         hint="give one similarity per bead, None where unknown")
    both = [bool(b.src) and bool(b.tgt) for _, _, b in pairs]
    z, median = robust_z([s if ok else None for s, ok in zip(sims, both, strict=True)], settings.min_similarities,
                         settings.similarity_spread_floor)
    two_sided = [(src, tgt) if ok else None for (src, tgt, _), ok in zip(pairs, both, strict=True)]
    shortness, spread = length_scores(two_sided, settings.min_similarities)
    repeats = unexplained_repeats(alignment)
    source = DocumentSource(tuple(doc.src), matcher)
    return [PairContext(doc.id, i, tuple(bead.src), tuple(bead.tgt), src, tgt, similarity=sims[i],
                        similarity_z=z[i], document_similarity=median, matcher=matcher, length_z=shortness[i],
                        length_spread=spread,
                        src_sentences=tuple(doc.src[k] for k in bead.src) if len(bead.src) > 1 else (),
                        tgt_repeats=repeats.get(i, ()), source_document=source)
            for i, (src, tgt, bead) in enumerate(pairs)]


def _alike(a: str, b: str) -> bool:
    """Two sources that say the same thing give the same translation ("I had a fever yesterday",
    "i have fever yesterday"): letters and digits 80 % alike."""
    a, b = compiled(r"[^\p{L}\p{N}]+").sub("", a), compiled(r"[^\p{L}\p{N}]+").sub("", b)
    return a == b or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.8


def _same_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def unexplained_repeats(alignment: Alignment) -> dict[int, tuple[int, ...]]:
    """bead index → its target sentences that repeat an earlier target sentence verbatim although
    the source does not repeat there: a sentence pasted twice. A repeat is explained when its pair's
    source is (nearly) the source of the pair holding the nearest earlier copy (a heading repeated on
    both sides), or when it is short (under 10 characters) and in another pair, unless it follows its copy right
    away (short lines of a dialogue may translate two sources alike, but hardly two in a row); within
    one pair, when that pair's source itself holds a repeated sentence."""
    doc = alignment.document
    bead_of = {j: b for b, bead in enumerate(alignment.beads) for j in bead.tgt}
    latest: dict[str, int] = {}  # the last copy so far: a repeat is judged against its nearest copy
    found: dict[int, list[int]] = {}
    previous = ""  # the last non-empty target sentence before j
    for j, sentence in enumerate(doc.tgt):
        key = _same_text(sentence)
        if not key:
            continue
        follows_copy, previous = previous == key, key
        copy = latest.get(key)
        latest[key] = j
        if copy is None:
            continue
        if j not in bead_of or copy not in bead_of:
            continue  # an alignment that leaves sentences out (library callers): nothing to compare
        here, there = alignment.beads[bead_of[j]], alignment.beads[bead_of[copy]]
        if not here.src:
            continue  # a target sentence aligned to nothing: addition.unaligned_target reports it
        sources = [_same_text(doc.src[k]) for k in here.src]
        if here is there:
            explained = len(set(sources)) < len(sources)
        else:  # short lines ("我昨天发热") may well translate two different sources the same way,
            # but not two sentences in a row: a line right after its own copy was pasted twice
            explained = (len(key) < REPEAT_MIN_CHARS and not follows_copy) or \
                _alike(" ".join(sources), " ".join(_same_text(doc.src[k]) for k in there.src))
        if not explained:
            found.setdefault(bead_of[j], []).append(j)
    return {b: tuple(ids) for b, ids in found.items()}


# log(UTF-8 bytes of the English / of the Chinese) of professional EN→ZH medical translations:
# median 0.18 and robust spread 0.15 on both ParaMed-NEJM (0.19 / 0.148, 918 pairs) and TICO-19
# (0.18 / 0.143, 1,013 pairs), sentences over 20 characters. The prior for documents too short
# to measure their own; a document's own spread is never taken below _MIN_LENGTH_SPREAD, so a
# very regular document does not turn ordinary variation into outliers.
_LENGTH_PRIOR = (0.18, 0.15)
_MIN_LENGTH_SPREAD = 0.10


def length_z(pairs: list[tuple[str, str] | None], minimum: int) -> list[float | None]:
    """Per pair: (log byte ratio − the document's median) / its robust spread; positive when the
    target is shorter than the document's translations usually are. Documents with fewer than
    ``minimum`` pairs with both sides use the professional prior instead. None for one-sided pairs
    and sources under 20 characters (headings, labels: too short to measure)."""
    return length_scores(pairs, minimum)[0]


def length_scores(pairs: list[tuple[str, str] | None], minimum: int) -> tuple[list[float | None], float]:
    """``length_z`` of each pair and the robust spread they are measured in."""
    ratios = _log_ratios(pairs)
    known = np.array([r for r in ratios if r is not None], dtype=float)
    if len(known) < minimum:
        middle, spread = _LENGTH_PRIOR
    else:
        middle = median(known)
        spread = max(1.4826 * median(np.abs(known - middle)), _MIN_LENGTH_SPREAD)
    return [None if r is None else (r - middle) / spread for r in ratios], spread


def _log_ratios(pairs: list[tuple[str, str] | None]) -> list[float | None]:
    return [None if p is None or len(p[0]) < 20 else
            math.log(len(p[0].encode("utf-8")) / max(1, len(p[1].encode("utf-8")))) for p in pairs]


def build_contexts(alignments: list[Alignment], matcher: GlossaryMatcher | None, settings: QASettings,
                   similarities: Similarities | None = None) -> list[PairContext]:
    contexts = []
    for number, alignment in enumerate(alignments):
        sims = _document_similarities(similarities, number, alignment.document.id, len(alignment.beads))
        contexts += document_contexts(alignment, matcher, settings, sims)
    return contexts


def _document_similarities(similarities, number: int, doc_id: str, beads: int) -> list[float | None] | None:
    """The document's similarities as given, or None (then its beads' own are used)."""
    if similarities is None:
        return None
    if isinstance(similarities, Mapping):
        values = similarities.get(doc_id)
    else:
        values = similarities[number] if number < len(similarities) else None
    if values is None:
        return None
    values = list(values)
    if len(values) != beads:
        raise InputError(f"document {doc_id}: {len(values)} similarities for {beads} beads",
                         hint="give one similarity per bead, None where unknown")
    return values


def robust_z(values: list[float | None], minimum: int, floor: float = 0.0) -> tuple[list[float | None], float | None]:
    """(z per value, median): (x - median) / max(1.4826 · MAD, floor). All None when fewer than
    ``minimum`` values are known or they do not vary (and no floor is given)."""
    known = np.array([v for v in values if v is not None], dtype=float)
    if len(known) < minimum:
        return [None] * len(values), None
    middle = median(known)
    mad = max(median(np.abs(known - middle)) * 1.4826, floor)
    if mad <= 1e-9:
        return [None] * len(values), middle
    return [None if v is None else (v - middle) / mad for v in values], middle


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
