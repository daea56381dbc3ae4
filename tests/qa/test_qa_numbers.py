"""Number extraction by value in English and Chinese, and Chinese numerals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.qa.numbers import chinese_numbers, english_numbers, found_in
from bitext.qa.zh_numerals import numeral_values, parse_numeral


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


@pytest.mark.parametrize("numeral, values", [
    ("三四", {3, 4}), ("一两", {1, 2}), ("两三", {2, 3}), ("七八十", {70, 80}), ("十七八", {17, 18}),
    ("二十七八", {27, 28}), ("二三十万", {200000, 300000}), ("五六百", {500, 600}),
    ("一九八九", {1989}), ("二〇一九", {2019}), ("一百二十三", {123}), ("九十", {90}), ("二二", {22}),
])
def test_numeral_values_read_estimates_as_both_ends(numeral, values):
    assert numeral_values(numeral) == {Decimal(v) for v in values}


@pytest.mark.parametrize("numeral, value", [
    ("七十八", 78), ("十二", 12), ("一百二十", 120), ("一百零五", 105), ("三万五千", 35000), ("两", 2),
    ("二〇一九", 2019), ("三点五", Decimal("3.5")), ("万", None), ("百", None),
    ("五万亿", 5 * 10**12), ("两万亿", 2 * 10**12), ("一亿五千万", 150_000_000), ("十万一千", 101_000),
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


# --- How EN→ZH translators convert numbers: each rule removes a false alarm and keeps the real
# error that looks like it. Pairs are run through the numbers checks only.

def number_findings(src: str, tgt: str) -> list[str]:
    from qa_helpers import pair

    from bitext.qa import QASettings, run_checks
    return sorted(f.check for f in run_checks([pair(src, tgt)], None, QASettings()) if f.check.startswith("numbers."))


@pytest.mark.parametrize("src, tgt", [
    # a range sharing one magnitude unit, in either language
    ("Between 12 to 15 thousand volunteers took part.", "共有 1.2 至 1.5 万名志愿者参加。"),
    ("Some 12 to 15 thousand volunteers took part.", "约有1.2～1.5万名志愿者参加。"),
    ("Sales reached 12-15 million units.", "销量达到 1,200-1,500 万台。"),
    ("Costs rose by between 2 and 3 billion dollars.", "费用增加了 20 到 30 亿美元。"),
    # approximate magnitudes and compound units compare by total value
    ("More than 50 million people stayed home.", "有 5,000 多万人留在家中。"),
    ("Nearly 50 million people stayed home.", "近 5000万人留在家中。"),
    ("A $300+ billion impact was estimated.", "估计影响达 3,000 多亿美元。"),
    ("The town has 1.4 billion inhabitants.", "该镇有 14 亿居民。"),
    ("About 30 million doses were shipped.", "约 3 千万剂已发货。"),
    ("About 2 trillion yuan was spent.", "约花费 2 万亿元。"),
    ("Tens of thousands of people gathered.", "数万人聚集在一起。"),
    ("About 3,000 people and 5 kg of food.", "约 3 千人和 5 千克食物。"),
    # number-word phrases
    ("The factory makes ten million masks a week.", "该工厂每周生产 1,000 万只口罩。"),
    ("It predicted half a million cases.", "它预测将出现 50 万例病例。"),
    ("Iran allocated five trillion rials to combat the virus.", "伊朗拨款五万亿里亚尔用于抗击病毒。"),
    ("The city gave masks to thirty million people.", "该市向三千万人发放了口罩。"),
    ("Cases are approaching one million.", "病例已接近 100 万。"),
    ("Call if your fever is a hundred and two or higher.", "如果体温达到 102 或更高，请致电。"),
    ("About two dozen members fell ill.", "约有 24 名成员患病。"),
    ("Rates were stable for two decades.", "发病率在过去 20 年保持稳定。"),
    # abbreviated year ranges and decades
    ("Beds per 1,000 in 2010–11 were counted.", "统计了 2010-2011 年每 1,000 人的床位。"),
    ("The 2019–20 season was short.", "2019—2020 赛季很短。"),
    ("Rates fell in the 1980s.", "发病率在 20 世纪 80 年代下降。"),
    ("Rates fell in the 1980s.", "发病率在二十世纪八十年代下降。"),
    # European thousands separator
    ("A total of 12.500 samples were tested.", "共检测了 12,500 份样本。"),
    ("A total of 12,500 samples were tested.", "共检测了 12.500 份样本。"),
    # names with digits: kept, rendered by their Chinese name, or added in the target
    ("It may be 5.7.", "R0 可能为 5.7。"),
    ("The R0 was 2.5.", "基本再生数为 2.5。"),
    ("Patients with COVID-19 were admitted.", "新冠肺炎患者被收治。"),
    ("SARS-CoV-2 binds ACE2 and IL-6 rises.", "SARS-CoV-2 与 ACE2 结合，IL6 升高。"),
    ("Anti-IL6 antibodies bind SARS-CoV-2-infected cells.", "抗 IL-6 抗体结合 SARS-CoV-2 感染细胞。"),
    ("HER2-positive tumours were treated with 177Lu.", "HER2 阳性肿瘤接受了镥-177 治疗。"),
    # Chinese ways of writing a number
    ("WHO called it public enemy number 1.", "WHO 称其为头号公敌。"),
    ("Testing began in mid-March 2020.", "检测于 2020 年 3 月中旬开始。"),
    ("The first case was seen on 11 March 2020.", "首例病例出现在 2020 年 3 月 11 日。"),
    ("Screening is advised at 36 to 37 6/7 weeks.", "建议在妊娠 36 周至 37 周+6 天进行筛查。"),
    ("The rate was 5 percent.", "比率为百分之五。"),
    ("It was the third wave.", "这是第三波。"),
    ("Hundreds of thousands were tested.", "数十万人接受了检测。"),
    # number words: a quantity with a unit kept in digits or Chinese numerals, or a word in a phrase
    ("Keep six feet or two meters apart.", "保持 6 英尺或 2 米的距离。"),
    ("Keep six feet or two meters apart.", "保持六英尺或两米的距离。"),
    ("Isolate for fourteen days.", "隔离十四天。"),
    ("Both arms received a single dose.", "两组均接受单剂治疗。"),
    # fractions in words, written in digits or as 分之
    ("Demand fell by two-thirds.", "需求减少了 2/3。"),
    ("Demand fell by two-thirds.", "需求减少了三分之二。"),
    ("About one in five, or one-fifth, of cases were severe.", "约 1/5 的病例为重症。"),
    # "more than" between a Chinese numeral and its magnitude unit: 两千多万, 十余万, 一百多亿
    ("More than 20 million people stayed home.", "有两千多万人留在家中。"),
    ("Over 100,000 cases were reported.", "报告了十余万例病例。"),
    ("The light is more than ten billion years old.", "这光来自一百多亿年前。"),
    # an estimate by two neighbouring digits: 三四天 = 3 or 4 days, 七八十岁 = 70 or 80
    ("Symptoms last 3 or 4 days.", "症状持续三四天。"),
    ("Most patients were 70 to 80 years old.", "大多数患者七八十岁。"),
    ("Between 200,000 and 300,000 people were tested.", "约二三十万人接受了检测。"),
    # a unit alone before 余/多 is one of it; a list marker opening the target is no number
    ("More than 100 patients were enrolled.", "共纳入百余例患者。"),
    ("In the remaining one thousand or so hours he waited.", "在剩下的千余个小时中他等待着。"),
    ("The film studio", "6. 片厂"),
    ("The film studio", "3、片厂"),
    # British number words with "and", before a unit: one quantity, not its last word
    ("He lived an hundred and thirty years.", "他活到一百三十岁。"),
    ("Follow-up lasted two hundred and ten days.", "随访持续了二百一十天。"),
])
def test_translator_conversions_raise_nothing(src, tgt):
    assert number_findings(src, tgt) == []


@pytest.mark.parametrize("src, tgt", [
    ("Iran allocated five trillion rials to combat the virus.", "伊朗拨款五千亿里亚尔用于抗击病毒。"),  # in words
    ("The city gave masks to thirty million people.", "该市向三百万人发放了口罩。"),
    ("Some 12 to 15 thousand volunteers took part.", "约有1.3～1.5万名志愿者参加。"),  # changed digit
    ("Some 12 to 15 thousand volunteers took part.", "约有12～15万名志愿者参加。"),  # changed magnitude
    ("About 12 thousand volunteers took part.", "约有 1.3 万名志愿者参加。"),
    ("About 12 million people took part.", "约有 1.2 万人参加。"),
    ("About 12 million people took part.", "约有 12 万人参加。"),  # same digits, other unit
    ("The town has 1.4 billion inhabitants.", "该镇有 14 万居民。"),
    ("The town has 1.4 billion inhabitants.", "该镇有 1.4 百万居民。"),  # billion → million
    ("About 3,000 people and 5 kg of food.", "约 3 千人和 5 千克食物。".replace("5 千克", "5 千千克")),
    ("More than 50 million people stayed home.", "有 5,000 多亿人留在家中。"),
    ("Sales reached 12-15 million units.", "销量达到 1,200-1,600 万台。"),
    ("The factory makes ten million masks a week.", "该工厂每周生产 100 万只口罩。"),
    ("Beds per 1,000 in 2010–11 were counted.", "统计了 2010-2012 年每 1,000 人的床位。"),
    ("Rates fell in the 1980s.", "发病率在 20 世纪 70 年代下降。"),
    ("A total of 12.500 samples were tested.", "共检测了 13,500 份样本。"),
    ("Levels of IL-6 rose.", "IL-8 水平升高。"),  # a changed name
    ("Patients with COVID-19 were admitted.", "新冠肺炎 (COVID-16) 患者被收治。"),
    ("Treatment doubled the rate of R0 to 2.5.", "治疗使 R1 增加到 2.5。"),
    ("The first case was seen on 11 March 2020.", "首例病例出现在 2020 年 11 月 11 日。"),  # changed month
    ("Testing began in mid-March 2020.", "检测于 2020 年 1 月中旬开始。"),
    ("The rate was 5 percent.", "比率为百分之六。"),
    ("Keep six feet or two meters apart.", "保持 6 英尺或 6 米的距离。"),  # a measured word number changed
    ("Isolate for fourteen days.", "隔离七天。"),
    ("Demand fell by two-thirds.", "需求减少了 3/4。"),
    ("More than 20 million people stayed home.", "有两千多人留在家中。"),  # the unit dropped
    ("More than 20 million people stayed home.", "有两千多亿人留在家中。"),  # another unit
    ("Symptoms last 3 or 4 days.", "症状持续四五天。"),
    ("Symptoms last 34 days.", "症状持续三四天。"),  # an estimate is not the number 34
    ("Follow-up lasted two hundred and ten days.", "随访持续了二百天。"),
    ("Follow-up lasted two hundred and ten days.", "随访持续了十天。"),
    ("More than 100 patients were enrolled.", "共纳入千余例患者。"),
    ("The dose was 6 mg.", "6. 剂量为 8 mg。"),  # a changed number after a list marker is still reported
    ("The film studio", "片厂有 6 个。"),  # a number elsewhere is still added
])
def test_real_number_errors_are_still_caught(src, tgt):
    assert number_findings(src, tgt), (src, tgt)


def test_a_name_only_the_target_has_is_not_an_added_number_but_a_quantity_is():
    assert number_findings("It may be 5.7.", "R0 可能为 5.7。") == []
    assert number_findings("It may be 5.7.", "R0 可能为 5.7 或 6。") == ["numbers.extra"]


def test_months_are_compared_as_months():
    # 6 月龄 is an age, not June; "May" the modal verb is no month
    assert number_findings("In March, 6-month-old infants were seen.", "3 月，6 月龄婴儿接受了检查。") == []
    assert number_findings("You May see cases from 3 March.", "3 月 3 日起可能会出现病例。") == []


@pytest.mark.parametrize("src, tgt", [
    ("Cases rose from 2020-03-15 until April.", "病例从 2020 年 3 月 15 日起上升，直至 4 月。"),
    ("Cases rose from 2020/3/15 until April.", "病例从 2020 年 3 月 15 日起上升，直至 4 月。"),
    ("Cases rose from 3/15/2020 until April.", "病例从 2020 年 3 月 15 日起上升，直至 4 月。"),
    ("Cases rose from 15.03.2020 until April.", "病例从 2020 年 3 月 15 日起上升，直至 4 月。"),
    # day/month or month/day: either reading of 5/3/2020 gives a month
    ("Cases rose from 5/3/2020 until April.", "病例从 2020 年 5 月 3 日起上升，直至 4 月。"),
    ("Cases rose from 5/3/2020 until April.", "病例从 2020 年 3 月 5 日起上升，直至 4 月。"),
])
def test_a_month_given_in_a_numeric_date_is_a_source_month(src, tgt):
    assert number_findings(src, tgt) == []


def test_a_changed_month_is_still_caught_beside_a_numeric_date():
    src = "Cases rose from 2020-03-15 and fell by June."
    assert number_findings(src, "病例从 2020 年 3 月 15 日起上升，到 6 月份下降。") == []
    assert "numbers.mismatch" in number_findings(src, "病例从 2020 年 3 月 15 日起上升，到 1 月份下降。")
    # the day of a numeric date is no month: 15/3/2020 gives March only
    assert "numbers.mismatch" in number_findings("From 15/3/2020 until April.", "从 2020 年 3 月 15 日起，直至 6 月。")


@pytest.mark.parametrize("text, values_by_number", [
    ("12 to 15 thousand", [{"12", "12000"}, {"15000"}]),
    ("1.2 至 1.5 万", [{"1.2", "12000"}, {"15000"}]),
    ("2010–11", [{"2010"}, {"11", "2011"}]),
    ("1999-00", [{"1999"}, {"0", "2000"}]),
    ("15.03.2020", [{"15"}, {"3"}, {"2020"}]),  # a dotted date, not the decimal 15.03
    ("2020.3.15", [{"2020"}, {"3"}, {"15"}]),
    ("12.500 and 1.234.567 and 3.5 and 0.050", [{"12.5", "12500"}, {"1234567"}, {"3.5"}, {"0.05"}]),
])
def test_number_readings(text, values_by_number):
    extract = chinese_numbers if any("\u4e00" <= c <= "\u9fff" for c in text) else english_numbers
    found = [n for n in extract(text) if n.kind == "digits"]
    assert [{format(v, "f") for v in n.values} for n in found] == values_by_number


def test_digits_after_letters_carry_their_name():
    tokens = {n.text: n.token for n in english_numbers("R0 CD4 IL-6 SARS-CoV-2 177Lu 5 mg")}
    assert tokens == {"0": "r0", "4": "cd4", "6": "il6", "2": "cov2", "177": None, "5": None}
    assert [n.token for n in english_numbers("Lu-177")] == ["lu177"]  # a name, still worth 177
    assert {n.value for n in english_numbers("Lu-177")} == {Decimal(177)}
