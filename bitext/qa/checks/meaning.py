"""Meaning errors that are neither omission nor addition.

``meaning.polarity``: a negation or limitation on one side that the other side does not answer
("patients rarely need dialysis" → 患者最好需要透析; "symptoms appear early" → 症状不会早期出现).
Cues come from bitext.qa.polarity. Every strong cue (not, never, rarely, without, unknown; 不,
没有, 未, 无, 很少) must be answered by a cue on the other side; a weak cue (rare, few, avoid; 罕见,
避免, 无症状) answers one but needs no answer itself, and a Chinese lexical antonym (不良 adverse,
无创 non-invasive) answers only an English word negative by its affix (unknown, non-invasive),
never a "not" or "no". A cue rendered by its dictionary equivalent (refusing → 拒绝, avoid →
避免, asymptomatic → 无症状) answers that cue and nothing else, so a negation added beside it
(也不会拒绝) or dropped from elsewhere in the sentence is not excused by it. "With or without X"
is strong (伴或不伴, 联合或不联合, 有无), and 是否 or 与否 answers it too. A pair is flagged when

- a side has an unanswered strong cue and the other side has nothing that could answer it, or
- two or more of its strong cues are unanswered, or
- one is unanswered and lies far, in relative position, from every cue that could answer it:
  the two sentences then negate different things (a negation dropped in one clause and one
  added in another, or a negation added to a sentence that negates something else).

English and Chinese order clauses differently, so the distance is generous (a quarter of the
sentence); legitimate one-to-two renderings (without X or Y → 不X也不Y; neither … nor → 都不)
put both cues together and are not flagged.
"""

from __future__ import annotations

from bitext.patterns import compiled
from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.polarity import Cue, alternative_answered, chinese_cues, english_cues, translated_pairs
from bitext.qa.settings import QASettings

# Unanswered strong cues on one side that are a finding even when the other side negates too.
_EXCESS = 2
# Relative distance (0-1 of the sentence length) beyond which a single unanswered cue is not the
# counterpart of the other side's cues.
_FAR = 0.25
_HAN = compiled(r"\p{Han}")


def _unanswered(strong: list[Cue], other: list[Cue]) -> int:
    """How many of ``strong`` are left without an answer among ``other`` (one answer each).

    Plain negations (not, no) take the answers that can stand for any cue first, so that a
    lexical antonym (不良) is kept for an affixed word (unknown); an affixed word takes any answer.
    """
    general = sum(1 for c in other if not (c.lexical and not c.strong))
    lexical_only = len(other) - general
    plain = sum(1 for c in strong if not c.lexical)
    affixed = len(strong) - plain
    return max(0, plain - general) + max(0, affixed - max(0, general - plain) - lexical_only)


def _position(cue: Cue, text: str) -> float:
    return (cue.start + cue.end) / 2 / max(len(text), 1)


def _far_cues(strong: list[Cue], text: str, other: list[Cue], other_text: str) -> list[Cue]:
    """The strong cues whose nearest possible answer is at least _FAR away (relative positions)."""
    far = []
    for cue in strong:
        distances = [abs(_position(cue, text) - _position(o, other_text)) for o in other if o.answers(cue)]
        if not distances or min(distances) >= _FAR:
            far.append(cue)
    return far


def _side(cues: list[Cue], text: str, other: list[Cue], other_text: str) -> list[Cue]:
    """The cues to report when ``cues`` are not answered by ``other``; [] when they are."""
    strong = [c for c in cues if c.strong]
    missing = _unanswered(strong, other) if strong else 0
    if not missing:
        return []
    if missing >= _EXCESS or not any(o.answers(c) for o in other for c in strong):
        return strong
    return _far_cues(strong, text, other, other_text)


def _kept_in(word: str, text: str) -> bool:
    """Whether ``word`` occurs in ``text`` as a whole Latin word (any case)."""
    word, text = word.lower(), text.lower()
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if not (text[start - 1:start].isascii() and text[start - 1:start].isalpha()) and not (
                text[end:end + 1].isascii() and text[end:end + 1].isalpha()):
            return True
        start = text.find(word, start + 1)
    return False


def _quoted(cues: list[Cue]) -> str:
    return ", ".join(f'"{cue.text}"' for cue in cues)


def _polarity(ctx: PairContext, settings: QASettings) -> list[Finding]:
    if not _HAN.search(ctx.tgt):
        return []  # an untranslated target is untranslated.*'s finding
    source, target = english_cues(ctx.src), chinese_cues(ctx.tgt)
    # cues rendered by their dictionary equivalent (refusing → 拒绝) answer each other and nothing else
    paired_en, paired_zh = translated_pairs(source, target)
    source = [c for i, c in enumerate(source) if i not in paired_en]
    target = [c for j, c in enumerate(target) if j not in paired_zh]
    # an English negation left verbatim in the target (untranslated "progression-free", a
    # bracketed gloss) needs no Chinese answer, but may still answer a Chinese negation
    # … and one "with or without" rendered by 是否 needs none either
    lost = _side([c for c in source if not _kept_in(c.text, ctx.tgt) and not alternative_answered(c, ctx.tgt)],
                 ctx.src, target, ctx.tgt)
    if lost:
        message = (f"negation in the source ({_quoted(lost)}) has no counterpart in the target: "
                   "polarity reversed or negation lost?")
        return [ctx.finding(POLARITY, settings, message, tuple(src_span(c.start, c.end) for c in lost))]
    added = _side(target, ctx.tgt, source, ctx.src)
    if added:
        message = f"the target negates ({_quoted(added)}) where the source does not: polarity reversed?"
        return [ctx.finding(POLARITY, settings, message, tuple(tgt_span(c.start, c.end) for c in added))]
    return []


POLARITY = Check("meaning.polarity", "Accuracy/Mistranslation", Severity.WARNING,
                 "Negation on one side not answered on the other (polarity reversed?)", _polarity)

CHECKS = (POLARITY,)
