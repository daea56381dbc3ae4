"""Style: Chinese number words where scientific text uses digits; EN/ZH length ratio (off by default)."""

from __future__ import annotations

from bitext.patterns import compiled
from bitext.qa.check import Check
from bitext.qa.context import PairContext, src_span, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.settings import QASettings

# Counts and measurements (GB/T 15835: digits in scientific text): 七十八岁, 五个周期, 三例.
_MEASURE = compiled(
    r"个?(?:岁|例|名|次|天|日|周|月|年|小时|分钟|秒|倍|组|项|位|人|只|周期|毫克|克|毫升|升|厘米|毫米|米|公斤|千克|剂|疗程|"
    r"片|粒|支|所|家|篇|份|%|mg|ml|mL|kg|cm|mm)|个"
)
_NON_SPACE = compiled(r"\S")


def _number_words(ctx: PairContext, settings: QASettings) -> list[Finding]:
    source_digits = {v for n in ctx.src_numbers if n.kind == "digits" for v in n.values}
    target_digits = {v for n in ctx.tgt_numbers if n.kind == "digits" for v in n.values}
    findings = []
    for number in ctx.tgt_numbers:
        if number.kind != "chinese" or number.value < 2 or not _MEASURE.match(ctx.tgt, number.end):
            continue
        if not number.values & source_digits or number.values & target_digits:
            continue
        source = next(n for n in ctx.src_numbers if n.kind == "digits" and n.values & number.values)
        digits = source.text.replace(",", "")
        findings.append(ctx.finding(
            NUMBER_WORDS, settings,
            f"{number.text} is written in Chinese numerals; scientific text uses digits ({digits})",
            (tgt_span(number.start, number.end), src_span(source.start, source.end)), suggestion=digits))
    return findings


def length_ratio(src: str, tgt: str) -> float | None:
    """Non-space characters of the English per non-space character of the Chinese."""
    zh = len(_NON_SPACE.findall(tgt))
    return len(_NON_SPACE.findall(src)) / zh if zh else None


def _length_ratio(ctx: PairContext, settings: QASettings) -> list[Finding]:
    ratio = length_ratio(ctx.src, ctx.tgt)
    low, high = settings.length_ratio_band
    if ratio is None or len(ctx.src) < 20 or low <= ratio <= high:
        return []
    side = "short" if ratio > high else "long"
    return [ctx.finding(LENGTH_RATIO, settings,
                        f"the target is unusually {side} for its source (EN/ZH characters {ratio:.2f}, "
                        f"usual {low:g}–{high:g})")]


NUMBER_WORDS = Check("style.number_words", "Locale conventions/Number format", Severity.INFO,
                     "Chinese number words where digits are the norm", _number_words)
LENGTH_RATIO = Check("style.length_ratio", "Style/Length", Severity.INFO,
                     "EN/ZH length ratio outside the usual band", _length_ratio, default_enabled=False)

CHECKS = (NUMBER_WORDS, LENGTH_RATIO)
