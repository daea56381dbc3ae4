"""Numbers in English and Chinese text, as values, for comparing a translation with its source.

Values, not strings: ``２８．４`` = 28.4, ``6,528`` = 6528, ``.04`` = 0.04, ``七十八`` = 78,
``Ⅲ期`` = ``III期`` = phase III = 3. Signs and range dashes are not part of a number
(``20.1-36.7`` = 20.1 and 36.7, ``Ki-67`` = 67), and digits glued to letters count, so isotopes
compare by mass number whatever the notation (``177Lu`` = ``¹⁷⁷Lu`` = ``Lu-177`` = ``镥-177``: 177).

How EN→ZH translators convert numbers decides what counts as the same value:

- Magnitude units compare by total value: ``50 million`` = ``5000万`` = ``5,000 多万`` (多/余/几
  between number and unit only approximate it), ``1.4 billion`` = ``14 亿``; a scaled number is
  *only* its total, so ``12万`` for "12 million" is still a different number.
- A range shares its unit: in ``1.2 至 1.5 万`` and "12 to 15 thousand" both ends take it.
- 多/余 before a magnitude unit scales a Chinese numeral too: ``两千多万`` = more than 20 million;
  a unit alone before them is one of it: ``千余个小时`` = a thousand or so hours.
- Two neighbouring digits are an estimate, both ends counting: ``三四天`` = 3 or 4 days,
  ``七八十岁`` = 70 or 80 (never 34 or 78).
- An abbreviated year takes the century of the year it follows (``2010–11`` = 2010-2011), and a
  decade is also its century and decade (the 1980s = 20 世纪 80 年代).
- ``12.500`` may be a European thousands separator: both readings (12.5 and 12500) count.
- Digits glued after letters (``R0``, ``CD4``, ``COVID-19``, ``IL-6``) belong to a name: the
  number carries that name (``Number.token``) so a comparison can treat the name as a unit.

A numeric date gives a month as well as a month name does (2020-03-15 = 3 月; 3/15/2020 and
15.03.2020 may be read day first or month first): ``date_months``.

English number words, ordinals and month names are *soft*: a translation may render them
without a number (``first-line`` = 一线, ``a single dose`` = 单剂), but they explain a number
in the target (``twice daily`` = 每天2次; ``two-thirds`` = 2/3 or 三分之二). A cardinal word
before a unit of measure (``two meters``, ``fourteen days``) and an amount in thousands or more
in words (``five trillion``) are quantities: the target must keep them. A phrase of number
words is one number (British "two hundred and ten days" = 210), not also its words.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from bitext.glossary.normalize import fold
from bitext.patterns import compiled
from bitext.qa.zh_numerals import NUMERAL_RUN, mask_lexicalised, numeral_values, parse_numeral


@dataclass(frozen=True)
class Number:
    """A number in the text: its span and every value it can be read as."""

    start: int
    end: int
    text: str
    values: frozenset[Decimal]  # every reading: 12.500 is 12.5 and 12500; 2010–11 ends in 11 and 2011
    kind: str  # "digits", "roman", "word" (English), "month" (English month name), "chinese"
    soft: bool = False
    token: str | None = None  # the name it is glued into (``il6`` for IL-6), for digits after letters

    @property
    def value(self) -> Decimal:
        return min(self.values)


# "P = .04" has a leading-dot decimal; "obese.19" is a citation marker after a full stop.
# "1,23" and "5,6" (citations) are two numbers; only groups of three digits are thousands.
_DIGITS = compiled(r"(?<!\d)(?<!\d\.)(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?|(?:^|(?<=[\s=<>≤≥(\[]))\.\d+")
# "1.234.567" groups thousands the European way (never a decimal): read on past the first group.
_MORE_EUROPEAN_GROUPS = compiled(r"(?:\.\d{3})+(?![\d.])")
_EUROPEAN_GROUPS = compiled(r"[1-9]\d{0,2}(?:\.\d{3})+")
_DECADE = compiled(r"(1[89]|20)(\d0)s\b")  # the 1990s = 20世纪90年代
# 2010–11, 2019/20: the short end is a year of the same century.
_SHORT_YEAR_END = compiled(r"((?:1[89]|20)\d\d)\s*(?:-|/|~|～|至|到)\s*(\d\d)(?![\d.])")
# Area and volume exponents flattened into the unit (mg/m2, cells/mm3) are not quantities.
_UNIT_EXPONENT = compiled(r"(?<=(?:^|[^A-Za-z])[kcmdμu]?m)[23](?![\d.])")
# "more than 50 million" = "$50+ million" = 5,000 多万: an approximation between number and unit.
_EN_SCALE = compiled(r"\s*\+?\s*(thousand|million|billion|trillion)\b", regex.IGNORECASE)
# 千 alone is a unit too (3 千人), but not in 千克/千米/千卡… (kilo-).
_ZH_SCALE = compiled(r"\s*(?:[多余几]\s*)?(万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![克米瓦卡焦帕兆字]))")
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
           "千": 10**3, "万": 10**4, "十万": 10**5, "百万": 10**6, "千万": 10**7,
           "亿": 10**8, "十亿": 10**9, "百亿": 10**10, "千亿": 10**11, "万亿": 10**12}
# "12 to 15 thousand", "12-15 million", "between 2 and 3 billion", 1.2 至 1.5 万, 1.2～1.5万:
# the first end of a range takes the unit written once after the second.
_EN_RANGE = compiled(r"\s*(?:-|to|and|or)\s*", regex.IGNORECASE)
_ZH_RANGE = compiled(r"\s*(?:-|~|～|至|到|或|和)\s*")
# Letters right before the digits (R0, CD4, IL-6, SARS-CoV-2): the digits are part of a name.
# Gestational age "37 6/7 weeks" = 37周+6天 (37+6周): the /7 is the notation, not a quantity.
_WEEK_SEVENTHS = compiled(r"(?<=\d\s*/\s*)7(?=\s*(?:weeks?|wk)\b)", regex.IGNORECASE)

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_UNICODE_ROMAN = {chr(0x2160 + i): i + 1 for i in range(12)} | {chr(0x2170 + i): i + 1 for i in range(12)}
_EN_ROMAN = compiled(
    r"\b(?:phases?|stages?|grades?|types?|class(?:es)?|cohorts?|parts?|tiers?|levels?|arms?|groups?|categor(?:y|ies)|"
    r"steps?|trials?)\s+((?:[IVX]{1,4}|[ivx]{1,4})[a-cA-C]?(?:\s*(?:/|-|,|and|or|to)\s*(?:[IVX]{1,4}|[ivx]{1,4})[a-cA-C]?)*)\b"
)
_ROMAN_TOKEN = compiled(r"[IVXivx]{1,4}")
_ZH_ROMAN = compiled(r"(?<![A-Za-z0-9])[IVX]{1,4}(?![A-Za-z])")
_UNICODE_ROMAN_RE = compiled("[" + "".join(_UNICODE_ROMAN) + "]")

_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_OTHER_WORDS: dict[str, int | Decimal] = {
    "hundred": 100, "thousand": 1000, "dozen": 12, "once": 1, "twice": 2, "thrice": 3,
    "single": 1, "double": 2, "triple": 3, "quadruple": 4, "half": Decimal("0.5"), "both": 2}
_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({m[:3]: v for m, v in _MONTHS.items() if m != "may"})
_ZH_FRACTION = compiled(rf"({NUMERAL_RUN.pattern})分之({NUMERAL_RUN.pattern})")
_EN_WORD = compiled(r"\b[A-Za-z]+(?:-[A-Za-z]+)?\b")
# Number-word phrases: "a hundred and two", "ten million", "half a million", "two dozen", "two decades".
_PHRASE_MULTIPLIERS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
                       "dozen": 12, "dozens": 12, "decade": 10, "decades": 10}
_SCALED = frozenset({"thousand", "million", "billion", "trillion"})
# Names whose standard Chinese rendering has no digits: COVID-19 = 新冠肺炎, R0 = 基本再生数.
_NAMES_IN_CHINESE = {
    "covid19": compiled(r"新冠|新型冠状病毒|冠状病毒病"),
    "cov2": compiled(r"新冠病毒|新型冠状病毒|严重急性呼吸综合征冠状病毒"),
    "r0": compiled(r"基本(?:再生|传染|繁殖|再生产|感染)数"),
    "hba1": compiled(r"糖化血红蛋白"),
}
# 百余, 千余, 万余: a unit alone before 余/多 is one of it ("more than a hundred")
_BARE_UNITS = {"百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
# 两千多万, 十余万, 一百多亿: a magnitude unit after 多/余 ("more than") scales the numeral before it.
_ZH_MORE_SCALE = compiled(r"[多余](万亿|千亿|百亿|十亿|亿|千万|百万|十万|万)")
# 数十万, 几百, 十几: approximate counts ("hundreds of thousands"), not the numeral's value.
_ZH_APPROXIMATE = compiled(r"(?<=[数几])[零〇一二两三四五六七八九十百千万亿]+"
                                r"|[零〇一二两三四五六七八九十百千万亿]+(?=几)")
# Chinese words that say "number one" without a numeral: 头号公敌 (public enemy number 1), 首例, 首日.
_ZH_FIRST = compiled(r"头号|首(?=[例次位个批日周剂轮])")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")).normalize()
    except InvalidOperation:
        return None


def _roman(text: str) -> int | None:
    values = [_ROMAN_VALUES[c] for c in text.upper()]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if 0 < total < 40 else None


def _fold(text: str) -> str:
    # A Chinese comma separates clauses, never thousands: 8，5,963 is 8 and 5963.
    return fold(text.replace("，", "、"))


def _name_token(folded: str, start: int, digits: str) -> str | None:
    """The name a number is glued into, as letters + digits (``IL-6`` → ``il6``, ``SARS-CoV-2`` →
    ``cov2``, ``anti-IL6`` → ``il6``), so that notations of one name compare; None for a quantity."""
    end = start - 1 if start and folded[start - 1] == "-" else start
    left = end
    while left and folded[left - 1].isascii() and folded[left - 1].isalpha():
        left -= 1
    return (folded[left:end] + digits).lower() if left < end else None


def _digit_numbers(text: str, folded: str, scales: regex.Pattern, ranges: regex.Pattern) -> list[Number]:
    numbers, factors = [], []
    if "." in folded:  # a dotted date (15.03.2020) is three numbers, not the decimal 15.03
        folded = _DOTTED_DATE.sub(lambda m: m.group().replace(".", "/"), folded)
    for m in _DIGITS.finditer(folded):
        if _UNIT_EXPONENT.match(folded, m.start()):
            continue
        start, end = m.span()
        if folded.startswith(".", end) and _EUROPEAN_GROUPS.fullmatch(m.group()):
            more = _MORE_EUROPEAN_GROUPS.match(folded, end)
            end = more.end() if more else end
        values = _readings(folded[start:end])
        if not values:
            continue
        decade = _DECADE.match(folded, start)
        if decade:
            values |= {Decimal(decade.group(2)), Decimal(int(decade.group(1)) + 1)}  # 90, 20 (世纪)
        scale = scales.match(folded, end)
        factor = SCALES[scale.group(1).lower()] if scale else None
        if factor:
            values = {(v * factor).normalize() for v in values}  # by total value only: 12万 ≠ 12 million
        factors.append(factor)
        numbers.append(Number(start, end, text[start:end], frozenset(values), "digits",
                              token=_name_token(folded, start, m.group())))
    if any(factors):
        _share_range_units(numbers, factors, folded, ranges)
    _complete_short_years(numbers, folded)
    return numbers


def _readings(digits: str) -> set[Decimal]:
    """12.500 is 12.5 or (European grouping) 12500; 1.234.567 only 1234567."""
    if digits.count(".") > 1:
        return {Decimal(digits.replace(".", ""))}
    value = _decimal(digits)
    if value is None:
        return set()
    if "." in digits and _EUROPEAN_GROUPS.fullmatch(digits):
        return {value, Decimal(digits.replace(".", ""))}
    return {value}


def _with_values(number: Number, extra: set[Decimal]) -> Number:
    return Number(number.start, number.end, number.text, number.values | extra, number.kind, number.soft, number.token)


def _share_range_units(numbers: list[Number], factors: list[int | None], folded: str, ranges: regex.Pattern) -> None:
    for i in range(len(numbers) - 1):
        first, second = numbers[i], numbers[i + 1]
        connector = ranges.match(folded, first.end)
        factor = factors[i + 1]
        if factors[i] or not factor or not connector or connector.end() != second.start:
            continue
        # the bare reading stays: "2 and 3 billion" may list a 2 of something else
        numbers[i] = _with_values(first, {(v * factor).normalize() for v in first.values})


def _complete_short_years(numbers: list[Number], folded: str) -> None:
    for i in range(len(numbers) - 1):
        if len(numbers[i].text) != 4:
            continue
        short = _SHORT_YEAR_END.match(folded, numbers[i].start)
        if not short or short.start(2) != numbers[i + 1].start:
            continue
        first = int(short.group(1))
        year = first // 100 * 100 + int(short.group(2))
        numbers[i + 1] = _with_values(numbers[i + 1], {Decimal(year if year > first else year + 100)})  # 1999–00


def _unicode_romans(text: str) -> list[Number]:
    return [Number(m.start(), m.end(), m.group(), frozenset({Decimal(_UNICODE_ROMAN[m.group()])}), "roman")
            for m in _UNICODE_ROMAN_RE.finditer(text)]


def english_numbers(text: str) -> list[Number]:
    """Numbers in English text, in text order: digits, Roman numerals after phase/stage/grade/…,
    and (soft) number words, ordinals and month names."""
    folded = _fold(text)
    numbers = _digit_numbers(text, folded, _EN_SCALE, _EN_RANGE) + _unicode_romans(text)
    if "/" in folded:
        sevenths = {m.start() for m in _WEEK_SEVENTHS.finditer(folded)}
        numbers = [Number(n.start, n.end, n.text, n.values, n.kind, True, n.token) if n.start in sevenths else n
                   for n in numbers]
    for m in _EN_ROMAN.finditer(folded):
        for token in _ROMAN_TOKEN.finditer(folded, m.start(1), m.end(1)):
            roman = _roman(token.group())
            if roman:
                numbers.append(Number(token.start(), token.end(), token.group(), frozenset({Decimal(roman)}), "roman"))
    words = list(_EN_WORD.finditer(folded))
    phrased = False
    for i, m in enumerate(words):
        word = m.group().lower()
        value = _word_value(word)
        if value is not None:
            kind = "month" if _is_month_name(m.group(), folded, m.start()) else "word"
            measured = kind == "word" and _measure_follows(words, i, folded)
            numbers.append(Number(m.start(), m.end(), m.group(), frozenset({Decimal(value)}), kind, soft=not measured))
        phrased = phrased or word in _PHRASE_MULTIPLIERS or word == "hundred"
    if phrased:
        phrases = _word_phrases(text, folded, words)
        # a word inside a phrase is part of its number: "ten" in "two hundred and ten days" is 210
        numbers = [n for n in numbers if not any(_inside(n, p) for p in phrases)]
        numbers += [p for p in phrases if not any(_inside(p, q) for q in phrases)]
    numbers += _fractions(text, folded, words)
    return sorted(numbers, key=lambda n: n.start)


_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                 **{w + suffix: i + 4 for i, w in enumerate("fourth fifth sixth seventh eighth ninth tenth".split())
                    for suffix in ("", "s")}}


def _fractions(text: str, folded: str, words: list) -> list[Number]:
    """Fractions in words ("two-thirds", "three quarters", "one-fifth"): soft, with the values of
    both their numbers, which a translation writes as 2/3 or 三分之二."""
    found = []
    for i, m in enumerate(words):
        word = m.group().lower()
        numerator, _, denominator = word.partition("-")
        end = m.end()
        if not denominator and i + 1 < len(words) and _adjacent(folded, words, i, i + 1):
            denominator, end = words[i + 1].group().lower(), words[i + 1].end()
        top = _WORDS.get(numerator)
        if top and denominator in _DENOMINATORS and (top > 1) == denominator.endswith(("s", "halves")):
            values = frozenset({Decimal(top), Decimal(_DENOMINATORS[denominator])})
            found.append(Number(m.start(), end, text[m.start():end], values, "word", soft=True))
    return found


# Units of measure: "two meters", "six feet", "three weeks" state a quantity that a translation
# keeps as a number (2 米, 6 英尺, 三周), unlike a number word in a phrase (both arms, a single dose).
# Not decades or dozens: "two decades" is read as a whole (20, which 20 年 keeps).
_MEASURE_UNITS = frozenset("""
meter meters metre metres centimeter centimeters centimetre centimetres millimeter millimeters kilometer
kilometers kilometre kilometres foot feet inch inches mile miles yard yards gram grams kilogram kilograms
milligram milligrams pound pounds liter liters litre litres milliliter milliliters millilitre millilitres
second seconds minute minutes hour hours day days week weeks month months year years
degree degrees percent per cent
""".split())


def _measure_follows(words: list, i: int, folded: str) -> bool:
    """A cardinal number word of two or more ("two", "twenty-four") right before a unit of measure."""
    value = _small_word(words[i].group().lower())
    return (value is not None and value >= 2 and i + 1 < len(words)
            and words[i + 1].group().lower() in _MEASURE_UNITS and _adjacent(folded, words, i, i + 1))


def _is_month_name(word: str, folded: str, start: int) -> bool:
    """A capitalised month name (March, mid-March, Sept); "May" only where it cannot be the modal verb."""
    name = word.rpartition("-")[2]
    if name.lower() not in _MONTHS or not name[:1].isupper():
        return False
    if name.lower() != "may":
        return True
    before = folded[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\"'“‘(["


def _small_word(word: str) -> int | None:
    """0–99 written as a word (``twenty-five``), or None."""
    value = _word_value(word)
    return value if isinstance(value, int) and (word in _WORDS or word in _TENS or "-" in word) else None


def _word_phrases(text: str, folded: str, words: list) -> list[Number]:
    """Soft values of number-word phrases: "a hundred and two" = 102, "ten million" = 10⁷,
    "half a million" = 500000, "two dozen" = 24, "two decades" = 20."""
    phrases = []
    tokens = [m.group().lower() for m in words]
    for i, word in enumerate(tokens):
        j, half = i, word == "half"
        if half:
            j += 1
            if j >= len(tokens) or tokens[j] not in ("a", "an"):
                continue
        value = 1 if tokens[j] in ("a", "an") else _small_word(tokens[j])
        if value is None or not _adjacent(folded, words, i, j):
            continue
        j += 1
        if j < len(tokens) and tokens[j] == "hundred" and _adjacent(folded, words, j - 1, j):
            value *= 100
            j += 1
            k = j + 1 if j < len(tokens) and tokens[j] == "and" else j
            rest = _small_word(tokens[k]) if k < len(tokens) and _adjacent(folded, words, j - 1, k) else None
            if rest:
                value, j = value + rest, k + 1
        if j < len(tokens) and tokens[j] in _PHRASE_MULTIPLIERS and _adjacent(folded, words, j - 1, j):
            value *= _PHRASE_MULTIPLIERS[tokens[j]]
            j += 1
        if j - i < 2 or tokens[j - 1] in ("a", "an", "and"):
            continue
        total = Decimal(value) / 2 if half else Decimal(value)
        start, end = words[i].start(), words[j - 1].end()
        # an amount in thousands or more ("five trillion rials") is a quantity every translation
        # keeps, in digits or in Chinese numerals (5万亿, 五万亿); smaller word numbers stay soft
        # ("a million" stays soft: it is also the tail of "half a million", read on its own here)
        scaled = tokens[j - 1] in _SCALED and total >= 1000 and tokens[i] not in ("a", "an")
        # before a unit of measure the whole phrase is the quantity ("an hundred and thirty years")
        measured = j < len(tokens) and tokens[j] in _MEASURE_UNITS and _adjacent(folded, words, j - 1, j)
        phrases.append(Number(start, end, text[start:end], frozenset({total.normalize()}), "word",
                              soft=not (scaled or measured)))
    return phrases


def _inside(number: Number, phrase: Number) -> bool:
    """``number`` lies within ``phrase`` and is shorter: one of its words, or a phrase in it."""
    within = phrase.start <= number.start and number.end <= phrase.end
    return within and number.end - number.start < phrase.end - phrase.start


def _adjacent(folded: str, words: list, i: int, j: int) -> bool:
    """Words i..j are separated by spaces only (no comma, no full stop)."""
    return all(not folded[words[k].end():words[k + 1].start()].strip() for k in range(i, j))


def _word_value(word: str) -> int | Decimal | None:
    if word in _WORDS:
        return _WORDS[word]
    if word in _TENS:
        return _TENS[word]
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in _TENS and unit in _WORDS and 0 < _WORDS[unit] < 10:
            return _TENS[tens] + _WORDS[unit]
        return _MONTHS.get(unit) if len(unit) > 3 else None  # mid-March = 3月中旬
    for table in (_OTHER_WORDS, _ORDINALS, _MONTHS):
        if word in table:
            return table[word]
    return None


def chinese_numbers(text: str) -> list[Number]:
    """Numbers in Chinese text, in text order: digits (any width), Chinese numerals outside
    lexicalised words, Roman numerals (Ⅲ期, III期)."""
    folded = _fold(text)
    numbers = _digit_numbers(text, folded, _ZH_SCALE, _ZH_RANGE) + _unicode_romans(text)
    if "头号" in folded or "首" in folded:
        numbers += [Number(m.start(), m.end(), m.group(), frozenset({Decimal(1)}), "chinese")
                    for m in _ZH_FIRST.finditer(folded)]
    for m in _ZH_ROMAN.finditer(folded):
        roman = _roman(m.group())
        if roman:
            numbers.append(Number(m.start(), m.end(), m.group(), frozenset({Decimal(roman)}), "roman"))
    # 三分之一 (one third): read before the lexicalised 之一 ("one of") is masked.
    for m in _ZH_FRACTION.finditer(folded):
        for group in (1, 2):
            value = parse_numeral(m.group(group))
            if value is not None:
                numbers.append(Number(m.start(group), m.end(group), m.group(group),
                                      frozenset({value.normalize()}), "chinese"))
    masked = _ZH_FRACTION.sub(lambda m: "\u3000" * len(m.group()), folded)
    if "数" in masked or "几" in masked:
        masked = _ZH_APPROXIMATE.sub(lambda m: "\u3000" * len(m.group()), masked)
    scanned = mask_lexicalised(masked)
    for m in NUMERAL_RUN.finditer(scanned):
        values = numeral_values(m.group())
        if not values and m.group() in _BARE_UNITS and scanned[m.end():m.end() + 1] in ("余", "多"):
            values = frozenset({Decimal(_BARE_UNITS[m.group()])})  # 千余 "over a thousand", 百余例
        if not values:
            continue
        end = m.end()
        scale = _ZH_MORE_SCALE.match(scanned, end)
        if scale:  # 两千多万 "more than 20 million": the unit after 多 scales the whole numeral
            values = frozenset((v * SCALES[scale.group(1)]).normalize() for v in values)
            end = scale.end()
        numbers.append(Number(m.start(), end, scanned[m.start():end], values, "chinese"))
    return sorted(numbers, key=lambda n: n.start)


# Numeric dates: 2020-03-15, 2020/3/15, 2020.03.15 (year first, then month); 3/15/2020 and
# 15.03.2020 (year last: the US writes month/day, most of the world day/month, so either of the
# first two may be the month).
_YEAR = r"(?:1[89]|20)\d\d"
_YEAR_FIRST_DATE = compiled(rf"(?<![\d.]){_YEAR}([-/.])(\d{{1,2}})\1\d{{1,2}}(?![\d])")
_YEAR_LAST_DATE = compiled(rf"(?<![\d.])(\d{{1,2}})([-/.])(\d{{1,2}})\2{_YEAR}(?![\d])")

_DOTTED_DATE = compiled(rf"(?<![\d.])(?:\d{{1,2}}\.\d{{1,2}}\.{_YEAR}|{_YEAR}\.\d{{1,2}}\.\d{{1,2}})(?![\d]|\.\d)")


def date_months(text: str) -> list[tuple[str, set[Decimal]]]:
    """Numeric dates of a text, in order, each with the months it may give (1-12)."""
    folded = fold(text)
    dates = [(m.start(), m.group(), {m.group(2)}) for m in _YEAR_FIRST_DATE.finditer(folded)]
    dates += [(m.start(), m.group(), {m.group(1), m.group(3)}) for m in _YEAR_LAST_DATE.finditer(folded)]
    found = []
    for _, date, fields in sorted(dates):
        months = {Decimal(int(f)) for f in fields if 1 <= int(f) <= 12}
        if months:
            found.append((date, months))
    return found


def named_in_chinese(token: str, target: str) -> bool:
    """``target`` renders the name ``token`` (a Number.token) by its standard digit-free Chinese name."""
    name = _NAMES_IN_CHINESE.get(token)
    return name is not None and name.search(target) is not None


def all_values(numbers: list[Number]) -> set[Decimal]:
    return {v for n in numbers for v in n.values}


def decimal_parts(number: Number) -> set[Decimal]:
    """The two sides of a decimal point (``2000.4`` → 2000 and 4), for reading flattened citations."""
    text = number.text.replace(",", "")
    if number.kind != "digits" or "." not in text:
        return set()
    return {Decimal(p) for p in fold(text).split(".") if p.isdigit()}


def found_in(number: Number, values: set[Decimal]) -> bool:
    """The number's value is among ``values`` — or, for a decimal such as ``2000.4`` or ``.19``,
    both of its parts are: flattened citation markers glue onto the preceding number or full stop
    ("after 2000.4,5" = 2000 and reference 4)."""
    if number.values & values:
        return True
    parts = decimal_parts(number)
    return bool(parts) and parts <= values
