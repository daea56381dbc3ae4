"""Numbers in English and Chinese text, as values, for comparing a translation with its source.

Values, not strings: ``２８．４`` = 28.4, ``6,528`` = 6528, ``.04`` = 0.04, ``七十八`` = 78,
``350万`` = 3.5 million, ``Ⅲ期`` = ``III期`` = phase III = 3. Signs and range dashes are not
part of a number (``20.1-36.7`` = 20.1 and 36.7, ``Ki-67`` = 67), and digits glued to letters
count, so isotopes compare by mass number whatever the notation (``177Lu`` = ``¹⁷⁷Lu`` =
``Lu-177`` = ``镥-177``: 177).

English number words, ordinals and month names are *soft*: a translation may render them
without a number (``first-line`` = 一线, ``a single dose`` = 单剂), but they explain a number
in the target (``twice daily`` = 每天2次).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from bitext.glossary.normalize import fold
from bitext.qa.zh_numerals import NUMERAL_RUN, mask_lexicalised, parse_numeral


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    text: str
    values: frozenset[Decimal]  # a 350万 is both 350 and 3500000
    kind: str  # "digits", "roman", "word" (English), "chinese"
    soft: bool = False

    @property
    def value(self) -> Decimal:
        return min(self.values)


# "P = .04" has a leading-dot decimal; "obese.19" is a citation marker after a full stop.
# "1,23" and "5,6" (citations) are two numbers; only groups of three digits are thousands.
_DIGITS = regex.compile(r"(?<!\d)(?<!\d\.)(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?|(?:^|(?<=[\s=<>≤≥(\[]))\.\d+")
_DECADE = regex.compile(r"(1[89]|20)(\d0)s\b")  # the 1990s = 20世纪90年代
# Area and volume exponents flattened into the unit (mg/m2, cells/mm3) are not quantities.
_UNIT_EXPONENT = regex.compile(r"(?<=(?:^|[^A-Za-z])[kcmdμu]?m)[23](?![\d.])")
_EN_SCALE = regex.compile(r"\s*(million|billion|thousand)\b", regex.IGNORECASE)
_ZH_SCALE = regex.compile(r"\s*(百万|千万|万|亿)")
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9,
           "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8}

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_UNICODE_ROMAN = {chr(0x2160 + i): i + 1 for i in range(12)} | {chr(0x2170 + i): i + 1 for i in range(12)}
_EN_ROMAN = regex.compile(
    r"\b(?:phases?|stages?|grades?|types?|class(?:es)?|cohorts?|parts?|tiers?|levels?|arms?|groups?|categor(?:y|ies)|"
    r"steps?|trials?)\s+((?:[IVX]{1,4}|[ivx]{1,4})[a-cA-C]?(?:\s*(?:/|-|,|and|or|to)\s*(?:[IVX]{1,4}|[ivx]{1,4})[a-cA-C]?)*)\b"
)
_ROMAN_TOKEN = regex.compile(r"[IVXivx]{1,4}")
_ZH_ROMAN = regex.compile(r"(?<![A-Za-z0-9])[IVX]{1,4}(?![A-Za-z])")
_UNICODE_ROMAN_RE = regex.compile("[" + "".join(_UNICODE_ROMAN) + "]")

_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_OTHER_WORDS = {"hundred": 100, "thousand": 1000, "dozen": 12, "once": 1, "twice": 2, "thrice": 3,
                "single": 1, "double": 2, "triple": 3, "quadruple": 4, "half": Decimal("0.5"), "both": 2}
_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({m[:3]: v for m, v in _MONTHS.items() if m != "may"})
_ZH_FRACTION = regex.compile(rf"({NUMERAL_RUN.pattern})分之({NUMERAL_RUN.pattern})")
_EN_WORD = regex.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)?\b")


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


def _digit_numbers(text: str, folded: str, scales: regex.Pattern) -> list[Number]:
    numbers = []
    for m in _DIGITS.finditer(folded):
        value = _decimal(m.group())
        if value is None or _UNIT_EXPONENT.match(folded, m.start()):
            continue
        values = {value}
        decade = _DECADE.match(folded, m.start())
        if decade:
            values |= {Decimal(decade.group(2)), Decimal(int(decade.group(1)) + 1)}  # 90, 20 (世纪)
        scale = scales.match(folded, m.end())
        if scale:
            values.add((value * _SCALES[scale.group(1).lower()]).normalize())
        numbers.append(Number(m.start(), m.end(), text[m.start():m.end()], frozenset(values), "digits"))
    return numbers


def _unicode_romans(text: str) -> list[Number]:
    return [Number(m.start(), m.end(), m.group(), frozenset({Decimal(_UNICODE_ROMAN[m.group()])}), "roman")
            for m in _UNICODE_ROMAN_RE.finditer(text)]


def english_numbers(text: str) -> list[Number]:
    """Numbers in English text, in text order: digits, Roman numerals after phase/stage/grade/…,
    and (soft) number words, ordinals and month names."""
    folded = _fold(text)
    numbers = _digit_numbers(text, folded, _EN_SCALE) + _unicode_romans(text)
    for m in _EN_ROMAN.finditer(folded):
        for token in _ROMAN_TOKEN.finditer(folded, m.start(1), m.end(1)):
            value = _roman(token.group())
            if value:
                numbers.append(Number(token.start(), token.end(), token.group(), frozenset({Decimal(value)}), "roman"))
    for m in _EN_WORD.finditer(folded):
        value = _word_value(m.group().lower())
        if value is not None:
            numbers.append(Number(m.start(), m.end(), m.group(), frozenset({Decimal(value)}), "word", soft=True))
    return sorted(numbers, key=lambda n: n.start)


def _word_value(word: str) -> int | Decimal | None:
    if word in _WORDS:
        return _WORDS[word]
    if word in _TENS:
        return _TENS[word]
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in _TENS and unit in _WORDS and 0 < _WORDS[unit] < 10:
            return _TENS[tens] + _WORDS[unit]
        return None
    for table in (_OTHER_WORDS, _ORDINALS, _MONTHS):
        if word in table:
            return table[word]
    return None


def chinese_numbers(text: str) -> list[Number]:
    """Numbers in Chinese text, in text order: digits (any width), Chinese numerals outside
    lexicalised words, Roman numerals (Ⅲ期, III期)."""
    folded = _fold(text)
    numbers = _digit_numbers(text, folded, _ZH_SCALE) + _unicode_romans(text)
    for m in _ZH_ROMAN.finditer(folded):
        value = _roman(m.group())
        if value:
            numbers.append(Number(m.start(), m.end(), m.group(), frozenset({Decimal(value)}), "roman"))
    # 三分之一 (one third): read before the lexicalised 之一 ("one of") is masked.
    for m in _ZH_FRACTION.finditer(folded):
        for group in (1, 2):
            value = parse_numeral(m.group(group))
            if value is not None:
                numbers.append(Number(m.start(group), m.end(group), m.group(group),
                                      frozenset({value.normalize()}), "chinese"))
    masked = _ZH_FRACTION.sub(lambda m: "\u3000" * len(m.group()), folded)
    for m in NUMERAL_RUN.finditer(mask_lexicalised(masked)):
        value = parse_numeral(m.group())
        if value is not None:
            numbers.append(Number(m.start(), m.end(), m.group(), frozenset({value.normalize()}), "chinese"))
    return sorted(numbers, key=lambda n: n.start)


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
