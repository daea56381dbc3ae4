"""Omission and addition seen through the alignment: sentences aligned to nothing, pairs whose
embedding similarity is far below the rest of their document (unless the dictionary finds three
quarters or more of the source's content words in the target: short lines and idioms embed far from
their faithful translations), and a target sentence repeated
word for word where the source does not repeat (a paste done twice: the aligner puts the copy
in a pair with its neighbours, or with its original, where no unaligned check sees it)."""

from __future__ import annotations

from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.settings import QASettings


def _ids(ids: tuple[int, ...]) -> str:
    return ", ".join(str(i) for i in ids)


def _unaligned_source(ctx: PairContext, settings: QASettings) -> list[Finding]:
    if ctx.tgt_ids or not ctx.src_ids:
        return []
    plural = "s" if len(ctx.src_ids) > 1 else ""
    return [ctx.finding(UNALIGNED_SOURCE, settings,
                        f"source sentence{plural} {_ids(ctx.src_ids)} aligned to nothing: not translated?",
                        (src_span(0, len(ctx.src)),))]


def _unaligned_target(ctx: PairContext, settings: QASettings) -> list[Finding]:
    if ctx.src_ids or not ctx.tgt_ids:
        return []
    plural = "s" if len(ctx.tgt_ids) > 1 else ""
    return [ctx.finding(UNALIGNED_TARGET, settings,
                        f"target sentence{plural} {_ids(ctx.tgt_ids)} aligned to nothing: added text?",
                        (tgt_span(0, len(ctx.tgt)),))]


def _low_similarity(ctx: PairContext, settings: QASettings) -> list[Finding]:
    z = ctx.similarity_z
    if z is None or z > settings.low_similarity_z or _vouched_for(ctx):
        return []
    return [ctx.finding(LOW_SIMILARITY, settings,
                        f"similarity {ctx.similarity:.2f} is far below this document's median "
                        f"{ctx.document_similarity:.2f} (robust z {z:.1f}): partial translation or mistranslation?")]


# Share of the source's dictionary-known content words found in the target from which a low
# similarity is taken for the embedding's noise, not the translation's: short lines (headings,
# questions) and idioms embed far from their faithful translations (终点 for "end points").
_VOUCHED = 0.75


def _vouched_for(ctx: PairContext) -> bool:
    known = [w for w in ctx.coverage.words if w.matched is not None]
    return bool(known) and sum(bool(w.matched) for w in known) >= _VOUCHED * len(known)


def _repeated_target(ctx: PairContext, settings: QASettings) -> list[Finding]:
    plural = "s" if len(ctx.tgt_repeats) > 1 else ""
    return [ctx.finding(REPEATED_TARGET, settings,
                        f"target sentence{plural} {_ids(ctx.tgt_repeats)} repeat{'' if plural else 's'} an earlier "
                        "target sentence word for word where the source does not repeat: pasted twice?",
                        (tgt_span(0, len(ctx.tgt)),))] if ctx.tgt_repeats else []


UNALIGNED_SOURCE = Check("omission.unaligned_source", "Accuracy/Omission", Severity.ERROR,
                         "Source sentence aligned to no target sentence", _unaligned_source, sides="any")
UNALIGNED_TARGET = Check("addition.unaligned_target", "Accuracy/Addition", Severity.WARNING,
                         "Target sentence aligned to no source sentence", _unaligned_target, sides="any")
LOW_SIMILARITY = Check("omission.low_similarity", "Accuracy/Omission", Severity.WARNING,
                       "Pair far less similar than the rest of its document", _low_similarity)

REPEATED_TARGET = Check("addition.repeated_target", "Accuracy/Addition", Severity.WARNING,
                        "Target sentence repeated where the source does not repeat", _repeated_target)

CHECKS = (UNALIGNED_SOURCE, UNALIGNED_TARGET, LOW_SIMILARITY, REPEATED_TARGET)
