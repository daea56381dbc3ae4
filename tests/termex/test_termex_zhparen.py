"""Chinese parentheticals: finding them and trimming the Chinese term's left boundary."""

from __future__ import annotations

import pytest

from bitext.termex.lexicon import default_lexicon
from bitext.termex.zhparen import choose_boundary, classify_inner, expected_zh_units, find_parentheticals


def _trim(cut, zh, english, freq=None):
    lex = default_lexicon()
    hits = find_parentheticals(zh, cut)
    assert hits, zh
    hit = hits[-1]
    if hit.titled:
        return hit.titled
    b = choose_boundary(hit.tokens, english, freq or (lambda s: 1), lambda w: w in lex.words,
                        gloss=lambda w: lex.glosses.get(w, ()))
    return b.term if b else None


BOUNDARY_CASES = [
    # a modifier the English long form does not have is dropped ...
    ("鼻咽部的磁共振成像（mri）或增强计算机断层扫描（ct）", "computed tomography", "计算机断层扫描"),
    ("例如kshv、高危型人乳头瘤病毒（hpv）", "human papillomavirus", "人乳头瘤病毒"),
    ("包括原发性中枢神经系统（cns）淋巴瘤", "central nervous system", "中枢神经系统"),
    ("使用小剂量计算机断层扫描（ct）进行肺癌筛查", "computed tomography", "计算机断层扫描"),
    ("当帕妥珠单抗联合化疗治疗人表皮生长因子受体2（her2）阳性乳腺癌时", "human epidermal growth factor receptor 2",
     "人表皮生长因子受体2"),
    # ... one it has is kept
    ("已被证明可改善转移性去势抵抗性前列腺癌（mcrpc）患者的生存", "metastatic castration-resistant prostate cancer",
     "转移性去势抵抗性前列腺癌"),
    ("虽然长效β受体激动剂（laba）和长效毒蕈碱受体拮抗剂（lama）在症状控制方面", "long-acting muscarinic antagonists",
     "长效毒蕈碱受体拮抗剂"),
    # the walk back stops at punctuation and function words
    ("在减少儿童的热量摄入方面，含糖饮料（ssb）已经成为重要焦点", "sugar-sweetened beverages", "含糖饮料"),
    ("气流受限的测定（第1秒用力呼气量[ fev1 ]）主要推荐用于确诊", "forced expiratory volume in 1 second",
     "第1秒用力呼气量"),
    # ... and at a quantity phrase (numeral + classifier) or a verb of comparing: neither starts a term
    ("警方逮捕了数名中共（CPC）党员", "Communist Party of China", "中共"),
    ("该研究比较西药（WM）与中药的疗效", "western medicine", "西药"),
    # 和 belongs to the term only when the English has "and"
    ("建议，美国卫生和人类服务部（department of health and human services）建议",
     "department of health and human services",
     "美国卫生和人类服务部"),
    ("主办机构：美国儿科学会（american academy of pediatrics）和美国妇产科学会（american academy of obstetricians and "
     "gynecologists，acog）。", "american academy of obstetricians and gynecologists", "美国妇产科学会"),
    # half-width brackets, an English gloss, a transliterated drug name
    ("自从齐多夫定和去羟肌苷(didanosine)用于临床治疗以后", "didanosine", "去羟肌苷"),
    # a title in 《》 is taken whole
    ("我们根据4.0版《不良事件常用术语标准》（common terminology criteria for adverse events）对治疗期间",
     "common terminology criteria for adverse events", "不良事件常用术语标准"),
]


@pytest.mark.parametrize("zh,english,expected", BOUNDARY_CASES)
def test_boundary(cut, zh, english, expected):
    assert _trim(cut, zh, english) == expected


def test_corpus_frequency_moves_the_boundary(cut):
    # without corpus evidence the length prior keeps the modifier-free long candidate;
    # when the shorter string also stands alone elsewhere, it is preferred
    zh = "患者接受了盐酸奥曲肽（oct）治疗"
    counts = {"盐酸奥曲肽": 1, "奥曲肽": 9}
    term = _trim(cut, zh, "octreotide", freq=lambda s: counts.get(s, 0))
    assert term == "奥曲肽"


@pytest.mark.parametrize("inner,kind", [
    ("ssb", ("acronym", "ssb", None)),
    ("HER2", ("acronym", "HER2", None)),
    ("hhv-8", ("acronym", "hhv-8", None)),
    ("didanosine", ("english", None, "didanosine")),
    ("homologous recombination deficiency，hrd", ("english", "hrd", "homologous recombination deficiency")),
    ("american society of hypertension, ASH", ("english", "ASH", "american society of hypertension")),
    ("中位年龄，72岁", None),
    ("nct01872962", None),
    ("2011-2016年", None),
    ("https://aidsinfo.nih.gov/", None),
    ("p = 0.001", None),
])
def test_classify_inner(inner, kind):
    assert classify_inner(inner) == kind


def test_no_parenthetical_without_chinese_before(cut):
    assert find_parentheticals("（ssb）是含糖饮料", cut) == []
    assert find_parentheticals("结果见表2（p = 0.01）。", cut) == []


def test_expected_length_grows_with_the_english():
    short, long = "magnetic resonance imaging", "metastatic castration-resistant prostate cancer"
    assert expected_zh_units(short) < expected_zh_units(long)
    assert 3 <= expected_zh_units("niraparib") <= 5  # by syllables: ni-ra-pa-rib → 尼拉帕尼


def test_compact_chinese_removes_only_spaces_next_to_han():
    from bitext.termex.normalize import compact_chinese

    assert compact_chinese("ACE2 受体与 2019 冠状病毒病") == "ACE2受体与2019冠状病毒病"
    assert compact_chinese("由 Paul Hunter 等人") == "由Paul Hunter等人"
    assert compact_chinese("COVID 19 病例") == "COVID 19病例"
