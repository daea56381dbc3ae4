"""Part of the source missing from the target: a dropped clause or phrase, or a whole sentence
that the aligner merged into its neighbour's pair.

Two independent signs of a partial translation, each weak alone, add up:

* the target is shorter than this document's translations usually are (``ctx.length_z``,
  robust standard deviations of the EN/ZH byte ratio);
* a run of source content words none of which has a dictionary counterpart in the target
  (``ctx.coverage``, bitext.qa.coverage) — the words of the dropped clause, which the finding
  highlights for the reviser.

Evidence = length z + 0.5 × unmatched words in the run, reported from 3.5. Calibrated on
clauses removed at random from professional translations (ParaMed-NEJM and TICO-19, 1-1 gold
pairs): 0.6–0.7 findings per 100 untouched pairs, and a third of the removed clauses found by
this check alone (two thirds with the number, acronym and polarity checks): long clauses
mostly, short phrases rarely. Lower thresholds buy recall with false alarms (3.0: 1.2–1.4 per
100 pairs for 0.38–0.40).

A whole source sentence merged into its neighbour's pair is reported when (almost) none of its
words is in the target, or when the target has no room for it: the other sentences of the pair
are translated in full and fill the target as this document's translations usually do, while
this sentence's words are mostly missing (a sentence shares words with its neighbour, so a
dropped one is rarely wholly unmatched).
"""

from __future__ import annotations

import math

from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span
from bitext.qa.coverage import source_coverage
from bitext.qa.findings import Finding, Severity
from bitext.qa.settings import QASettings

_GAP_WEIGHT = 0.5  # one unmatched content word is worth half a standard deviation of shortness
_EVIDENCE = 3.5  # length z + weighted gap at or above this: reported
_MIN_GAP = 3  # fewer unmatched words in a row point at nothing in particular
_SHORT_ALONE = 5.0  # a target this much shorter than usual is reported even without a gap


# A whole source sentence merged into its neighbour's pair with (almost) none of its words in the
# target: it was left out, and the aligner had nothing better to do with it than to merge it. A short
# line (under 4 known words, a heading) counts only when the dictionary knows all its words and
# none of them is in the target.
_SENTENCE_MIN_KNOWN = 4
_SENTENCE_MAX_MATCHED = 0.15


def _region(ctx: PairContext, start: int, end: int) -> str:
    """The part of the target where a source sentence spanning ``start:end`` of the joined source
    should be rendered: the same share of the target, widened by half its length and a few
    characters on each side (the sentences of a pair keep their order, their clauses may not)."""
    n, m = len(ctx.src), len(ctx.tgt)
    share = (end - start) / max(n, 1)
    lo = start / max(n, 1) * m - 0.5 * share * m - 4
    hi = end / max(n, 1) * m + 0.5 * share * m + 4
    return ctx.tgt[max(0, int(lo)):min(m, int(hi) + 1)]


def _dropped_sentence(ctx: PairContext) -> tuple[int, int] | None:
    start = 0
    for sentence in ctx.src_sentences:
        words = source_coverage(sentence, _region(ctx, start, start + len(sentence))).words
        known = [w for w in words if w.matched is not None]
        matched = sum(bool(w.matched) for w in known)
        # a short line (a heading: "Conclusions", "Statistical Analysis") must be wholly unmatched
        limit = _SENTENCE_MAX_MATCHED * len(known) if len(known) >= _SENTENCE_MIN_KNOWN else 0
        if known and matched <= limit and (len(known) >= _SENTENCE_MIN_KNOWN or len(known) == len(words)):
            return start, start + len(sentence)
        start += len(sentence) + 1  # English sentences of a pair are joined by one space
    return None


# A source sentence merged into its neighbour's pair whose translation is missing, although the
# target renders some of its words (a sentence shares vocabulary with its neighbours): the other
# sentences of the pair are translated as faithful translations are (at least the usual 70 % of
# their known words matched, see bitext.qa.coverage), this one far less (at most half of 4 or
# more), and the target is no longer than this document's translations of the other sentences
# alone usually are (their length z at least -1.5 robust SD): no room is left for this one. On
# the gold 2-1 beads of ParaMed-NEJM (19) it finds none, of MAC-Dev's free literary
# translations 14 of 438; of target sentences deleted from TICO-19 and NEJM and merged by the
# aligner, 17 of 38.
_UNACCOUNTED_MAX_MATCHED = 0.5
_ACCOUNTED_MIN_MATCHED = 0.7
_ACCOUNTED_MIN_Z = -1.5


def _unaccounted_sentence(ctx: PairContext) -> tuple[int, int] | None:
    if ctx.length_z is None or not ctx.length_spread or len(ctx.src_sentences) < 2:
        return None
    counts = []
    for sentence in ctx.src_sentences:
        words = [w for w in source_coverage(sentence, ctx.tgt).words if w.matched is not None]
        counts.append((len(words), sum(bool(w.matched) for w in words)))
    total_bytes = len(ctx.src.encode("utf-8"))
    all_known, all_matched = sum(c[0] for c in counts), sum(c[1] for c in counts)
    start = 0
    for k, sentence in enumerate(ctx.src_sentences):
        known, matched = counts[k]
        others_known, others_matched = all_known - known, all_matched - matched
        others_bytes = total_bytes - len(sentence.encode("utf-8")) - 1  # joined by one space
        if (known >= _SENTENCE_MIN_KNOWN and matched <= _UNACCOUNTED_MAX_MATCHED * known
                and others_matched >= _ACCOUNTED_MIN_MATCHED * others_known and others_bytes > 0
                and ctx.length_z + math.log(others_bytes / total_bytes) / ctx.length_spread >= _ACCOUNTED_MIN_Z):
            return start, start + len(sentence)
        start += len(sentence) + 1
    return None


def _partial(ctx: PairContext, settings: QASettings) -> list[Finding]:
    dropped = _dropped_sentence(ctx) or _unaccounted_sentence(ctx)
    if dropped is not None:
        return [ctx.finding(PARTIAL, settings, "this source sentence seems to have no counterpart in the target "
                            "(it shares a pair with its neighbours): left untranslated?", (src_span(*dropped),))]
    shortness = ctx.length_z
    if shortness is None or shortness <= 0:
        return []
    gap, start, end = ctx.coverage.longest_gap()
    if gap >= _MIN_GAP and shortness + _GAP_WEIGHT * gap >= _EVIDENCE:
        return [ctx.finding(PARTIAL, settings,
                            f'"{ctx.src[start:end]}" seems to have no counterpart in the target, which is '
                            f"shorter than this document's translations usually are: a dropped clause?",
                            (src_span(start, end),))]
    if shortness >= _SHORT_ALONE:
        return [ctx.finding(PARTIAL, settings,
                            "the target is far shorter than this document's translations usually are: "
                            "part of the source left out?")]
    return []


PARTIAL = Check("omission.partial", "Accuracy/Omission", Severity.WARNING,
                "Part of the source (a clause or phrase) missing from the target", _partial)

CHECKS = (PARTIAL,)
