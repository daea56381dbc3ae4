"""Number extraction by value in English and Chinese, and Chinese numerals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.qa.numbers import chinese_numbers, english_numbers, found_in
from bitext.qa.zh_numerals import parse_numeral


def values(numbers, soft: bool | None = False) -> list[str]:
    return [str(n.value.normalize()) if n.value != n.value.to_integral() else str(int(n.value))
            for n in numbers if soft is None or n.soft == soft]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A 78-year-old man received 5 cycles of 177Lu-DOTATATE PRRT.", ["78", "5", "177"]),
        ("Median PFS was 28.4 months (95% CI, 20.1-36.7).", ["28.4", "95", "20.1", "36.7"]),
        ("ranges 20–30 and 3%-20%", ["20", "30", "3", "20"]),
        ("6,528 patients; P = .04; 1,23", ["6528", "0.04", "1", "23"]),
        ("The phase III NETTER-1 trial; stage IIIa/IV; grade ii", ["3", "1", "3", "4", "2"]),
        ("Ⅲ", ["3"]),
        ("177Lu, ¹⁷⁷Lu, Lu-177, [177Lu]Lu-DOTATATE", ["177", "177", "177", "177"]),
        ("Ki-67 index of 3%", ["67", "3"]),
        ("200 mg/m2 and 200 cells/mm3", ["200", "200"]),  # area/volume exponents are not quantities
        ("obese.3-5 and group).19", ["3", "5", "19"]),  # flattened citation markers
        ("I have no numbers", []),
    ],
)
def test_english_numbers(text, expected):
    assert values(english_numbers(text)) == expected


def test_decades_match_chinese_centuries():
    (decade,) = english_numbers("in the mid-1990s")  # = 20世纪90年代中期
    assert decade.values == {Decimal(1990), Decimal(90), Decimal(20)}


def test_english_soft_numbers():
    found = english_numbers("five cycles, twice daily, twenty-five sites, the first-line drug, in June")
    assert values(found, soft=True) == ["5", "2", "25", "6"]
    assert values(found) == []


def test_scaled_values_are_totals_only():
    # by total value only, so that 12万 for "12 million" stays a different number
    (number,) = english_numbers("3.5 million")
    assert number.values == {Decimal("3500000")}
    (wan,) = chinese_numbers("350万")
    assert wan.values == {Decimal("3500000")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("一名七十八岁男性接受了五个周期的177Lu-DOTATATE治疗。", ["78", "5", "177"]),
        ("中位无进展生存期为２８．４个月（95% CI：20.1～36.7）。", ["28.4", "95", "20.1", "36.7"]),
        ("Ⅲ期NETTER-1试验随机分配了229例患者", ["3", "1", "229"]),
        ("III/IV期，IV 期", ["3", "4", "4"]),
        ("一线治疗、统一、单一、一些、之一、一般、一致、二甲双胍、十二指肠", []),  # lexicalised
        ("二〇一九年，三点五，一百零五，两组，第三次", ["2019", "3.5", "105", "2", "3"]),
        ("8，5,963名患者", ["8", "5963"]),  # a Chinese comma never groups thousands
        ("百分之九十五", ["95"]),
        ("约三分之一的患者", ["3", "1"]),
        ("镥-177", ["177"]),
    ],
)
def test_chinese_numbers(text, expected):
    assert values(chinese_numbers(text)) == expected


@pytest.mark.parametrize("numeral, value", [
    ("七十八", 78), ("十二", 12), ("一百二十", 120), ("一百零五", 105), ("三万五千", 35000), ("两", 2),
    ("二〇一九", 2019), ("三点五", Decimal("3.5")), ("万", None), ("百", None),
])
def test_parse_numeral(numeral, value):
    assert parse_numeral(numeral) == (None if value is None else Decimal(value))


def test_isotopes_are_equal_across_notations():
    forms = ["177Lu", "¹⁷⁷Lu", "Lu-177", "[177Lu]Lu-DOTATATE"]
    assert {n.value for text in forms for n in english_numbers(text)} == {Decimal(177)}
    assert {n.value for n in chinese_numbers("镥-177和¹⁷⁷Lu")} == {Decimal(177)}


def test_decimal_split_reads_flattened_citations():
    (number,) = english_numbers("after 2000.4")
    assert found_in(number, {Decimal(2000), Decimal(4)})
    assert not found_in(number, {Decimal(2000)})


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_extraction_never_crashes_and_spans_are_exact(text):
    for extract in (english_numbers, chinese_numbers):
        for number in extract(text):
            assert text[number.start:number.end] == number.text
            assert number.values


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿点", max_size=12))
def test_parse_numeral_total(text):
    value = parse_numeral(text)
    assert value is None or value >= 0
