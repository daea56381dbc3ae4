"""meaning.polarity and its cue finders: polarity errors found, lexicalised words and double negation not."""

from __future__ import annotations

import pytest

from bitext.qa.checks.meaning import POLARITY
from bitext.qa.context import PairContext
from bitext.qa.polarity import chinese_cues, english_cues
from bitext.qa.settings import QASettings


def findings(src: str, tgt: str):
    return POLARITY.run(PairContext("doc", 0, (0,), (0,), src, tgt), QASettings())


def strong(cues) -> list[str]:
    return [c.text for c in cues if c.strong]


def weak(cues) -> list[str]:
    return [c.text for c in cues if not c.strong]


# ------------------------------------------------------------ polarity errors are found

@pytest.mark.parametrize("src, tgt", [
    ("Patients rarely need dialysis.", "患者最好需要透析。"),  # limitation turned into advice
    ("The drug did not reduce mortality.", "该药物降低了死亡率。"),  # negation dropped
    ("No adverse events were reported.", "报告了不良事件。"),  # 不良 is a word, not the negation
    ("The cause remains unknown.", "原因已经明确。"),  # un- word, no counterpart
    ("Most patients recovered without sequelae.", "大多数患者康复后留有后遗症。"),
    ("The virus cannot survive on copper.", "该病毒可以在铜表面存活。"),
    ("Treatment failed to improve survival.", "治疗改善了生存。"),
    ("Symptoms may appear within two days.", "症状可能不会在两天内出现。"),  # negation added
    ("The test has been approved.", "该检测尚未获批。"),
    ("Patients should take the drug with food.", "患者不应与食物同服该药。"),
    ("Masks can prevent infection.", "口罩没有预防感染的作用。"),
    # 排除 renders "rule out"/"excluded", so it cannot also stand for the "not"
    ("Doctors should not rule out cardiac chest pain.", "医生应排除心源性胸痛。"),
    ("A cardiac cause cannot be excluded.", "可以排除心源性病因。"),
    # 不到 renders "less than", so it cannot also stand for the "without"
    ("It finds the virus in less than an hour without complex tools.", "该方法需要复杂仪器，不到一小时即可检出病毒。"),
    # "with or without" is an alternative Chinese states with a negation or 是否
    ("Patients with or without pneumonia were enrolled.", "纳入了联合或联合肺炎的患者。"),
    # a negation after "until" is a real one (only "before" makes it expletive)
    ("Officials said until January that the virus was not contagious.", "官员直到一月仍称该病毒具有传染性。"),
])
def test_polarity_mismatch_is_found(src, tgt):
    found = findings(src, tgt)
    assert [f.check for f in found] == ["meaning.polarity"]
    assert found[0].mqm == "Accuracy/Mistranslation"
    assert found[0].severity.value == "warning"


def test_finding_points_at_the_unanswered_cues():
    (found,) = findings("Patients rarely need dialysis.", "患者最好需要透析。")
    assert [(s.side, "Patients rarely need dialysis."[s.start:s.end]) for s in found.spans] == [("src", "rarely")]
    (found,) = findings("Symptoms appear early.", "症状不会早期出现。")
    assert [(s.side, "症状不会早期出现。"[s.start:s.end]) for s in found.spans] == [("tgt", "不")]


def test_two_more_negations_on_one_side_is_found_even_when_both_negate():
    src = "The drug was not effective, was not safe and was not affordable."
    assert findings(src, "该药物无效，但安全且价格合理。")
    assert not findings(src, "该药物无效，不安全，且价格不合理。")


# ------------------------------------------------------------ correct translations pass

@pytest.mark.parametrize("src, tgt", [
    ("Patients rarely need dialysis.", "患者很少需要透析。"),
    ("Dialysis is rarely needed.", "罕见需要透析的情况。"),  # weak 罕见 answers "rarely"
    ("Doctors should not rule out cardiac chest pain.", "医生不应排除心源性胸痛。"),
    ("Patients with or without pneumonia were enrolled.", "纳入了伴或不伴肺炎的患者。"),
    ("Patients with or without pneumonia were enrolled.", "无论是否伴肺炎，患者均被纳入。"),
    ("It finds the virus in less than an hour without complex tools.", "该方法无需复杂仪器，不到一小时即可检出病毒。"),
    ("A cardiac cause cannot be excluded.", "不能排除心源性病因。"),
    ("Key exclusion criteria were no prior therapy.", "关键排除标准为既往未接受治疗。"),  # exclusion: a plain noun
    ("Officials said until January that the virus was not contagious.", "官员直到一月仍称该病毒没有传染性。"),
    ("This side effect is not uncommon.", "这种副作用并不少见。"),  # litotes
    ("This side effect is not uncommon.", "这种副作用很常见。"),  # litotes resolved
    ("We cannot rule out an infection.", "我们不能排除感染。"),
    ("No patients died.", "没有患者死亡。"),
    ("No patients died.", "无患者死亡。"),
    ("Many infected people are asymptomatic.", "许多感染者无症状。"),
    ("Many infected people have no symptoms.", "许多感染者无症状。"),
    ("The origin of the virus is unknown.", "该病毒的来源未知。"),
    ("It is unclear whether the drug works.", "目前尚不清楚该药物是否有效。"),
    ("The test was negative.", "检测结果为阴性。"),
    ("Adverse events differed between the groups.", "各组之间的不良事件不同。"),  # lexical 不良, 不同
    ("Cases increased continuously, and many hospitals were full.", "病例不断增加，不少医院人满为患。"),
    ("Regardless of age, the risk is very high.", "无论年龄大小，风险都非常高。"),
    ("It is not only contagious but also deadly.", "它不仅具有传染性，而且致命。"),
    ("Do you have a fever?", "您有没有发热？"),  # A-not-A question
    ("Is this pain new?", "这种疼痛是不是新出现的？"),
    ("We have to stay at home.", "我们不得不待在家里。"),  # double negation = must
    ("Whether or not patients had symptoms, they were tested.", "无论患者是否有症状，均接受了检测。"),
    ("The dose was at most 5 mg.", "剂量不超过 5 mg。"),  # comparative
    ("Use a non-invasive ventilator.", "使用无创呼吸机。"),
    ("The response to treatment was good.", "治疗反应不错。"),  # 不错 = good
    ("Surely that is what patients want.", "这岂不正是患者想要的？"),  # rhetorical: positive
    ("The X-ray showed that everything was fine.", "X 光片显示一切没问题。"),
    ("The X-ray showed no problems.", "X 光片显示没问题。"),
    ("Patients with insufficient intake were excluded.", "摄入不足的患者被排除。"),
    ("The study in Africa enrolled 300 patients in the future.", "该研究将来在非洲纳入 300 名患者。"),
    ("It was not until March that schools closed.", "直到三月学校才关闭。"),
    ("Avoid touching your face.", "避免触摸面部。"),
    ("Avoid touching your face.", "不要触摸面部。"),  # weak "avoid" answers 不要
    ("Discomfort was reported by 5 patients.", "5 名患者报告不适。"),
    ("We identified the sex of each patient and assessed them respectively.",
     "我们识别了每名患者的性别，并分别进行评估。"),
])
def test_correct_translation_passes(src, tgt):
    assert findings(src, tgt) == []


def test_untranslated_target_is_left_to_untranslated_checks():
    assert findings("There was no difference.", "There was no difference.") == []


# ------------------------------------------------------------ cue finders

def test_english_strong_cues():
    text = "It wasn't seen, never reported, and we failed to find none without a lack of care."
    assert strong(english_cues(text)) == ["wasn't", "never", "failed to", "none", "without", "lack"]
    assert strong(english_cues("do n't")) == ["n't"]  # tokenised corpus text


def test_english_affixed_words_are_strong_and_litotes_is_one_weak_cue():
    assert strong(english_cues("an unknown, painless, symptom-free, non-invasive test")) == [
        "unknown", "painless", "symptom-free", "non-invasive"]
    cues = english_cues("It is not uncommon and not entirely unexpected.")
    assert strong(cues) == [] and weak(cues) == ["not uncommon", "not entirely unexpected"]


def test_english_words_that_only_look_negative():
    for text in ("We understand the unique unit until then.", "Heart failure", "No. 5 was nonetheless fine.",
                 "a little pain", "a few patients", "not only fever"):
        assert english_cues(text) == [], text


def test_english_weak_cues():
    assert weak(english_cues("Few patients refused; rare events, no more than 3, rather than 5.")) == [
        "Few", "refused", "rare", "no more than", "rather than"]


def test_chinese_strong_cues():
    assert strong(chinese_cues("他不会来，没有发热，尚未确诊，无法判断，很少出现，并非如此，请勿吸烟，别担心。")) == [
        "不", "没有", "未", "无法", "很少", "并非", "勿", "别"]


def test_chinese_lexicalised_words_are_not_negations():
    text = "不同的不良事件不断增加，不少患者不仅发热，无论是否非常严重，未来在非洲特别是分别识别性别，有没有，不得不"
    assert strong(chinese_cues(text)) == []
    assert weak(chinese_cues(text)) == ["不良"]


def test_chinese_weak_cues():
    assert weak(chinese_cues("无症状感染者罕见，剂量不超过 5 mg，来源未知，避免接触")) == [
        "无症状", "罕见", "不超过", "未知", "避免"]


def test_bare_fou_counts_only_standalone():
    assert strong(chinese_cues("否")) == ["否"]
    assert chinese_cues("是否有效，否则停药") == []


def test_deterministic_across_calls():
    src, tgt = "Patients rarely need dialysis.", "患者最好需要透析。"
    assert findings(src, tgt)[0].fingerprint == findings(src, tgt)[0].fingerprint


def test_english_negation_left_untranslated_is_not_a_polarity_error():
    # the untranslated run is untranslated.latin_run's finding, not a lost negation
    assert findings("Everolimus improved progression-free survival.", "依维莫司改善了progression-free survival。") == []


def test_not_until_and_except_cues_span_a_clause():
    assert weak(chinese_cues("直到第 28 天随访结束时才出现发热。除高血压和糖尿病患者之外均入组。")) == [
        "直到第 28 天随访结束时才", "除高血压和糖尿病患者之外"]


def test_long_targets_full_of_cue_starts_are_read_in_linear_time():
    # before the gap was bounded, each 除 or 直到 rescanned the rest of the text: minutes at this size
    for text in ("除" * 20000, "直到" * 10000, ("除外" + "除" * 100) * 200):
        assert isinstance(chinese_cues(text), list)


# ------------------------------------------------------------ cues that translate each other

@pytest.mark.parametrize("src, tgt", [
    # 拒绝 renders "refusing": the added 不 reverses it, whatever else the sentence negates
    ("Some restaurants are refusing service to foreign customers.", "一些餐馆也不会拒绝向外国顾客提供服务。"),
    ("Infected people may be asymptomatic.", "感染者不可能无症状。"),
    # 无症状 renders "without symptoms": nothing is left to answer the 不
    ("COVID-19 is contagious even without symptoms.", "即使无症状，COVID-19 也不具有传染性。"),
    ("The clinical advantage was evident.", "临床优势很不明显。"),  # 不明显 = not evident, no unclear 不明
    # 非 renders the non- of "nonmajor": nothing is left to answer "did not meet"
    ("Nonmajor bleeding did not meet the criteria for major bleeding.", "非严重出血已达到大出血的标准。"),
    # 拒绝 and 不足 render "refused" and "lack": nothing is left to answer "not"
    ("The system is not able to cope, and patients may be refused care for lack of staff.",
     "该系统能够应付，患者可能因人员不足被拒绝治疗。"),
])
def test_a_negation_beside_a_rendered_negative_word_is_not_answered_by_it(src, tgt):
    assert [f.check for f in findings(src, tgt)] == ["meaning.polarity"]


@pytest.mark.parametrize("src, tgt", [
    ("Some restaurants are refusing service to foreign customers.", "一些餐馆拒绝向外国顾客提供服务。"),
    ("Infected people may be asymptomatic.", "感染者可能无症状。"),
    ("The system is not able to cope, and patients may be refused care for lack of staff.",
     "该系统无法应付，患者可能因人员不足被拒绝治疗。"),
    ("Nonmajor bleeding did not meet the criteria for major bleeding.", "非严重出血未达到大出血的标准。"),
    ("Painless, nonmalignant lesions were seen.", "可见无痛的非恶性病变。"),
    ("COVID-19 is contagious even without symptoms.", "即使无症状，COVID-19 也具有传染性。"),
    ("The difference was not evident.", "差异不明显。"),
    # a place or an exception that Chinese says with a negation
    ("Avoid cruises, even outside of affected areas.", "避免乘坐游轮，即使不在疫情地区。"),
    ("Avoid enclosed areas without much air circulation.", "避免空气流通不畅的封闭区域。"),
])
def test_faithful_renderings_of_negative_words_pass(src, tgt):
    assert findings(src, tgt) == []


def test_a_not_a_needs_a_free_a():
    # 必要不要: the word 必要 then the negation 不要, not the question 要不要
    assert strong(chinese_cues("建议除非必要不要出行。")) == ["不要"]
    assert findings("You are advised not to travel unless necessary.", "建议你除非必要不要出行。") == []
    assert findings("Travel is recommended.", "除非必要不要出行。") != []
    # a question after an adverb (还要不要) or at the start stays a question
    assert chinese_cues("你还要不要去？") == [] and chinese_cues("要不要去？") == []
