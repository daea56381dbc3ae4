"""Meaning errors that are neither omission nor addition.

``meaning.polarity``: a negation or limitation on one side and none on the other ("patients
rarely need dialysis" → 患者最好需要透析), or two more on one side than the other. Cues come from
bitext.qa.polarity: a strong cue (not, never, rarely, without; 不, 没有, 未, 无, 很少) must be
answered by some cue, strong or weak, on the other side; a weak cue (unknown, uncommon, painless;
不良, 无症状, 罕见) answers one but never raises a finding alone, because English and Chinese
often put such a negation into the word itself (unknown = 未知, negative = 阴性).
"""

from __future__ import annotations

import regex

from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.polarity import Cue, chinese_cues, english_cues
from bitext.qa.settings import QASettings

# A side with this many more strong cues than the other has cues of any kind has lost or
# gained a negation even when both sides negate something.
_EXCESS = 2
_HAN = regex.compile(r"\p{Han}")


def _quoted(cues: list[Cue]) -> str:
    return ", ".join(f'"{cue.text}"' for cue in cues if cue.strong)


def _polarity(ctx: PairContext, settings: QASettings) -> list[Finding]:
    if not _HAN.search(ctx.tgt):
        return []  # an untranslated target is untranslated.*'s finding
    source, target = english_cues(ctx.src), chinese_cues(ctx.tgt)
    src_strong, tgt_strong = sum(c.strong for c in source), sum(c.strong for c in target)
    if src_strong and (not target or src_strong - len(target) >= _EXCESS):
        spans = tuple(src_span(c.start, c.end) for c in source if c.strong)
        message = (f"negation in the source ({_quoted(source)}) has no counterpart in the target: "
                   "polarity reversed or negation lost?")
        return [ctx.finding(POLARITY, settings, message, spans)]
    if tgt_strong and (not source or tgt_strong - len(source) >= _EXCESS):
        spans = tuple(tgt_span(c.start, c.end) for c in target if c.strong)
        message = (f"the target negates ({_quoted(target)}) where the source has no negation: "
                   "polarity reversed?")
        return [ctx.finding(POLARITY, settings, message, spans)]
    return []


POLARITY = Check("meaning.polarity", "Accuracy/Mistranslation", Severity.WARNING,
                 "Negation present on one side only (polarity reversed?)", _polarity)

CHECKS = (POLARITY,)
