"""Chinese numerals (七十八 = 78, 二〇一九 = 2019, 三点五 = 3.5), for comparison only.

Two neighbouring digits where a positional numeral has a unit between them are an estimate,
"three or four": 三四天 = 3 or 4 days, 七八十岁 = 70 or 80, 十七八 = 17 or 18, 二三十万 = 200,000 or
300,000 (``numeral_values``). Only a run of bare digits reads digit by digit (二〇一九).

Many words contain numeral characters without being numbers: 一线 (first-line), 统一,
单一, 之一, 一般, 一致, 二甲双胍 (metformin), 十二指肠 (duodenum), 十分 (very) … Those are
masked before numerals are read (cn2an-style conversion turns 一线治疗 into 1线治疗).
"""

from __future__ import annotations

from decimal import Decimal

import regex

from bitext.patterns import compiled

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "亿": 10**8}

NUMERAL_RUN = compiled(r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?")

# Lexicalised words with numeral characters: not numbers. Longest first in the regex.
LEXICALISED = (
    # general vocabulary
    "一些", "一样", "一般", "一致", "一起", "一直", "一定", "一旦", "一方面", "另一方面", "另一",
    "统一", "单一", "唯一", "同一", "之一", "一切", "一律", "一再", "一向", "一度", "一下", "一同",
    "一并", "不一", "一体", "一时", "一贯", "十分", "十足", "千万", "万一", "进一步", "逐一", "一一",
    "一半", "一部分", "一系列", "一连串", "一边", "一面", "一味", "一概", "一番", "一带", "一旁",
    "一则", "一来", "一是", "二是", "三是", "一经", "一流", "万分", "百分之百", "九成", "两者",
    "两侧", "两性", "两极", "三角", "四肢", "五官", "十字", "一口", "一身", "一手", "数一数二",
    "一目了然", "一清二楚", "千差万别", "万物", "一刀切", "一站式", "三番五次", "十全十美",
    # "a/an" with a classifier: 一名78岁男性 = "a 78-year-old man"
    "一名", "一位", "一种", "一项", "一例", "一个", "一次性", "一过性",
    # lines of therapy, degrees of relationship and prevention
    "一线", "二线", "三线", "四线", "一级亲属", "二级亲属", "一级预防", "二级预防", "三级预防",
    # medicine, chemistry, anatomy (the English has no digit here)
    "二甲双胍", "二尖瓣", "三尖瓣", "二氧化碳", "一氧化碳", "一氧化氮", "二氧化", "一氧化", "三酰甘油",
    "甘油三酯", "十二指肠", "三叉神经", "二聚体", "四环素", "三阴性", "三磷酸", "二磷酸", "二氢",
    "三氟", "四氢", "二甲基", "三甲基", "二乙", "三环类", "四联", "三联", "二联", "三七", "六味",
    "八珍", "十全大补", "二陈", "四君子", "五苓", "二元", "一元", "三头肌", "二头肌", "四头肌",
    "三角肌", "二十二碳六烯酸", "二十碳五烯酸",
)
_LEXICALISED = compiled("|".join(sorted(map(regex.escape, LEXICALISED), key=len, reverse=True)))


_NUMERAL_CHARS = frozenset("零〇一二两三四五六七八九十百千万亿")


def mask_lexicalised(text: str) -> str:
    """``text`` with lexicalised numeral words blanked out (same length, offsets kept). A word
    made of numeral characters only (千万 "by all means", 万一 "in case") is a word only when no
    numeral touches it: in 三千万 (30 million) or 十万一千 it is part of the number."""
    def blank(m: regex.Match) -> str:
        word = m.group()
        if set(word) <= _NUMERAL_CHARS and (text[m.start() - 1:m.start()] in _NUMERAL_CHARS
                                            or text[m.end():m.end() + 1] in _NUMERAL_CHARS):
            return word
        return "\u3000" * len(word)

    return _LEXICALISED.sub(blank, text)


def parse_numeral(text: str) -> Decimal | None:
    """Value of a Chinese numeral, or None for a run that is not one (万 alone, 百 alone)."""
    integer, _, fraction = text.partition("点")
    if not any(c in _DIGIT or c == "十" for c in integer):
        return None
    if fraction and not all(c in _DIGIT for c in fraction):
        return None
    if any(c in _UNIT or c in _BIG for c in integer):
        value = _positional(integer)
        if value is None:
            return None
    else:
        value = int("".join(str(_DIGIT[c]) for c in integer))  # 二〇一九 read digit by digit
    if fraction:
        return Decimal(f"{value}.{''.join(str(_DIGIT[c]) for c in fraction)}")
    return Decimal(value)


def numeral_values(text: str) -> frozenset[Decimal]:
    """Every value a numeral run can stand for: one, or both ends of an estimate (三四十 = 30 or
    40); empty for a run that is not a numeral."""
    estimate = _estimate(text)
    if estimate is not None:
        return estimate
    value = parse_numeral(text)
    return frozenset() if value is None else frozenset({value.normalize()})


_SCALE_CHARS = frozenset("十百千万亿")


def _estimate(text: str) -> frozenset[Decimal] | None:
    """Both readings of a run with two consecutive digits side by side (一两, 三四, 七八), each
    at the start or after a unit and at the end or before one; None for any other run. A run
    of digits only (二〇一九) is read digit by digit unless it is just the two."""
    if "点" in text or not (len(text) == 2 or _SCALE_CHARS & set(text)):
        return None
    for i in range(len(text) - 1):
        first, second = _DIGIT.get(text[i]), _DIGIT.get(text[i + 1])
        if (first and second == first + 1 and (i == 0 or text[i - 1] in _SCALE_CHARS)
                and (i + 2 == len(text) or text[i + 2] in _SCALE_CHARS)):
            low, high = parse_numeral(text[:i + 1] + text[i + 2:]), parse_numeral(text[:i] + text[i + 1:])
            if low is None or high is None:
                return None
            return frozenset({low.normalize(), high.normalize()})
    return None


def _positional(text: str) -> int | None:
    total = section = number = 0
    for i, char in enumerate(text):
        if char == "亿" and i > 0 and text[i - 1] == "万" and not section and not number:
            total *= _BIG["亿"]  # 五万亿 = 5 × 10⁴ × 10⁸ (5 trillion)
            continue
        if char in _DIGIT:
            number = _DIGIT[char]
        elif char in _UNIT:
            # 十二 = 12: a bare 十 means one ten
            section += (number or (1 if char == "十" else 0)) * _UNIT[char]
            number = 0
        elif char in _BIG:
            section += number
            if section == 0:
                return None
            total += section * _BIG[char]
            section = number = 0
        else:
            return None
    return total + section + number
