"""``numbers.vague_magnitude``: an approximate quantity given by its order of magnitude whose
order changed in translation ("hundreds of thousands of deaths" → 数十亿人死亡, "thousands of
years" → 数百年).

English names such amounts with plural magnitude words (thousands, tens of thousands, hundreds of
millions); Chinese with 数 or 几 before a magnitude character (数千, 数万, 数十万, 数百万, 数千万,
数亿, 数十亿). Both map to a power of ten (thousands = 数千 = 10³, hundreds of thousands = 数十万 =
10⁵, billions = 数十亿 = 10⁹). A Chinese order that none of the source's orders explains is
reported; a target without such a phrase is not (成千上万, 大量 and other free renderings say less,
not something else), nor a source without one (numbers.* compare exact values).
"""

from __future__ import annotations

from bitext.patterns import compiled
from bitext.qa.check import Check
from bitext.qa.context import PairContext, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.numbers import SCALES
from bitext.qa.settings import QASettings

# English plural magnitude words, ordered as the exact amounts' scale words (numbers.SCALES).
_EN_BASE = {word + "s": len(str(value)) - 1 for word, value in SCALES.items() if word.isascii()} | {"hundreds": 2}
_EN_MULTIPLIER = {"tens": 1, "dozens": 1, "hundreds": 2}
_EN_VAGUE = compiled(
    r"(?i)\b(?:(tens|dozens|hundreds)\s+of\s+)?(hundreds|thousands|millions|billions|trillions)\b"
    r"(?!\s+of\s+(?:thousands|millions|billions|trillions))")
_ZH_ORDER = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8, "万亿": 12}
# 数/几 + 十/百/千 (optional) + 万/亿 (optional): at least one magnitude character after 数/几;
# 万亿 is 10¹².
# 数 closing a word (人数 number of people, 指数, 系数, 多数) starts no amount: 感染人数万余 is not
# 数万; 百分 is percent (系数百分比).
# A 千 after 十 or 百 multiplies as 万 and 亿 do (数十千 = tens of thousands), unless it begins a
# unit (数十千米 is tens of kilometres).
_ZH_VAGUE = compiled(r"(?<![人总次例指系分倍少多半无计函参基变位点件户率])[数几]([十百千]?)"
                     r"(?:(?<=[十百])(千)(?![米克瓦卡焦帕赫字]))?(万亿|万|亿)?(?<=[十百千万亿])(?!分)")


def english_orders(text: str) -> list[tuple[int, int, int]]:
    """(order of magnitude, start, end) of each vague plural amount of an English text."""
    out = []
    for m in _EN_VAGUE.finditer(text):
        base = _EN_BASE[m.group(2).lower()]
        if m.group(2).lower() == "hundreds" and m.group(1):
            continue  # "hundreds of hundreds" is not a phrase
        out.append((base + (_EN_MULTIPLIER[m.group(1).lower()] if m.group(1) else 0), m.start(), m.end()))
    return out


def chinese_orders(text: str) -> list[tuple[int, int, int]]:
    """(order of magnitude, start, end) of each 数/几 + magnitude amount of a Chinese text
    (数十 "dozens" and 数百 "hundreds" count too)."""
    out = []
    for m in _ZH_VAGUE.finditer(text):
        order = sum(_ZH_ORDER.get(m.group(k) or "", 0) for k in (1, 2, 3))
        out.append((order, m.start(), m.end()))
    return out


def _vague_magnitude(ctx: PairContext, settings: QASettings) -> list[Finding]:
    source = {order for order, _, _ in english_orders(ctx.src)}
    if not source:
        return []
    findings = []
    for order, start, end in chinese_orders(ctx.tgt):
        if order not in source and order > 1:
            wanted = ", ".join(f"10^{o}" for o in sorted(source))
            findings.append(ctx.finding(
                VAGUE_MAGNITUDE, settings,
                f"{ctx.tgt[start:end]} (about 10^{order}) does not match the source's order of magnitude ({wanted})",
                (tgt_span(start, end),)))
    return findings


VAGUE_MAGNITUDE = Check("numbers.vague_magnitude", "Accuracy/Mistranslation", Severity.WARNING,
                        "Approximate amount (thousands, 数十万) with another order of magnitude than the source",
                        _vague_magnitude)

CHECKS = (VAGUE_MAGNITUDE,)
