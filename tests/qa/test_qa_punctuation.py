"""Punctuation checks and what the target inherits from its source: a quotation or bracket split
across segments, damaged brackets copied from the source, Chinese text quoted in the source."""

from __future__ import annotations

import pytest
from qa_helpers import checks_of, pair

from bitext.qa import run_checks


def _found(src: str, tgt: str) -> list[str]:
    return sorted(f.check for f in run_checks([pair(src, tgt)]) if f.check.startswith("punctuation"))


@pytest.mark.parametrize("src, tgt", [
    # a quotation opened in one segment and closed in the next: both sides are unbalanced
    ('The nurse said, "Rest is the best medicine.', "护士说：“休息是最好的良药。"),
    ('Drink plenty of water."', "多喝水。”"),
    ('Drink plenty of water," she added, "and sleep".', "多喝水”，她补充道，“并且多睡觉”。"),
    ("The nurse said, “Rest is the best medicine.", "护士说：「休息是最好的良药。"),
    # a bracket split across segments, or damaged in the source and copied as it is
    ("Symptoms are listed below (see the table", "症状如下（见表"),
    ("Results are shown in the figure (Fig. (Fig.3).", "结果如图所示（图 (Fig.3）。"),
    ("The panel [see the appendix was updated.", "该小组【见附录已更新。"),
    # British single quotes, which Chinese writes “…”, split across segments
    ("The nurse said: 'Rest is the best medicine.", "护士说：“休息是最好的良药。"),
    ("Patients don't need it, and nobody will pay for it!'", "患者不需要，也没人会付钱。”"),
    ("The nurse said: ‘Rest is the best medicine.", "护士说：“休息是最好的良药。"),
])
def test_imbalance_inherited_from_the_source_is_not_reported(src, tgt):
    assert _found(src, tgt) == []


@pytest.mark.parametrize("src, tgt, expected", [
    # balanced source: the target's unpaired bracket or quote is the translator's
    ("The nurse said, “Rest is the best medicine.”", "护士说：“休息是最好的良药。", ["punctuation.unpaired_bracket"]),
    ("Symptoms are listed below (see the table).", "症状如下（见表。", ["punctuation.unpaired_bracket"]),
    # the source's imbalance is of another family: a split quotation does not excuse a bracket
    ('The nurse said, "Rest and water are best.', "护士说：“休息（和水是最好的。", ["punctuation.unpaired_bracket"]),
    ('The nurse said, "Rest is best.', "护士说：休息（是最好的。", ["punctuation.unpaired_bracket"]),
    # one unbalanced quote in the source excuses one in the target, not two
    ('The nurse said, "Rest is best.', "护士说：“休息”是“最好的。", []),
    ('The nurse said, "Rest is best.', "护士说：“休息是“最好的。", ["punctuation.unpaired_bracket"]),
    # single quotes that pair up, and apostrophes, are no split quotation
    ("The nurse said: 'Rest is the best medicine.'", "护士说：“休息是最好的良药。", ["punctuation.unpaired_bracket"]),
    ("The so-called 'cure' isn't one.", "所谓的“疗法并不是疗法。", ["punctuation.unpaired_bracket"]),
    ("The patients' records were lost.", "患者的“记录丢失了。", ["punctuation.unpaired_bracket"]),
])
def test_unpaired_reported_beyond_the_source_imbalance(src, tgt, expected):
    assert _found(src, tgt) == expected


def test_same_width_opener_is_preferred_when_brackets_are_unbalanced():
    # "（图 (Fig.3）": the stray bracket is the half-width one, not a mixed-width pair
    assert _found("Shown below (Fig. 3).", "如下所示（图 (Fig.3）。") == ["punctuation.unpaired_bracket"]
    # a genuinely mixed pair is still a mixed pair
    assert _found("Analogues (SSA) were given.", "给予了类似物（SSA)。") == ["punctuation.mixed_width_pair"]


def test_chinese_text_quoted_in_the_source_keeps_its_punctuation():
    src = 'Some call it "Wuhan pneumonia" (武汉(漢)肺炎), a term now avoided.'
    assert _found(src, "有人称之为“Wuhan pneumonia” (武汉(漢)肺炎)，这一说法现已弃用。") == []
    # half-width brackets the translator introduced around other Chinese text are still reported
    assert "punctuation.halfwidth_in_cjk" in _found(src, "有人称之为(新冠病毒)，这一说法现已弃用。")
    assert "punctuation.halfwidth_in_cjk" in checks_of(run_checks([pair("It was severe (grade 3).",
                                                                        "病情严重(3级)。")]))


def test_bracket_pairing_is_linear_and_unchanged_on_deep_nesting():
    # each closer used to list the whole stack of openers: "(" x 10000 + ")" x 10000 took seconds
    from bitext.qa.checks.punctuation import _brackets

    n = 10000
    assert _brackets("(" * n + ")" * n) == ([], [])
    mixed, unpaired = _brackets("（" * n + ")" * n)  # no same-width opener: the nearest of the kind
    assert unpaired == [] and mixed[:2] == [(n - 1, n), (n - 2, n + 1)] and len(mixed) == n
    # an opener left open inside a closed pair is unpaired; the same-width opener is preferred
    assert _brackets("（a「b）") == ([], [2])
    assert _brackets("（a（b)") == ([(2, 4)], [0])
    assert _brackets("（a (b）") == ([], [3])


def test_a_long_pair_with_a_finding_per_character_is_checked_in_linear_time():
    # every finding used to re-normalise the whole source for its fingerprint: this took 6 s
    from bitext.qa import QASettings
    from bitext.qa.checks import CHECKS
    from bitext.qa.settings import CheckSetting

    only = QASettings(checks={c.family: CheckSetting(enabled=c.family == "punctuation") for c in CHECKS.values()})
    src = 'She said "yes" and "no". ' * 400
    found = run_checks([pair(src, "“" * 5000 + "１中" * 2500)], None, only)
    assert sum(f.check == "punctuation.unpaired_bracket" for f in found) == 5000
    assert sum(f.check == "punctuation.fullwidth_alnum" for f in found) == 2500
    assert len({f.fingerprint for f in found}) == len(found)


def test_half_width_full_stop_after_a_number_or_a_closer_ends_a_chinese_sentence():
    def flagged(src, tgt):
        return [f for f in run_checks([pair(src, tgt)]) if f.check == "punctuation.halfwidth_in_cjk"]

    assert flagged("The dose was 42.", "剂量为 42.")
    assert flagged("It was significant (P<0.05).", "差异有统计学意义（P<0.05）.")
    assert flagged("He said \"yes\".", "他说“是”.")
    # half-width brackets around Latin text are common; the stop after them still ends the sentence
    (found,) = flagged("It was named COVID-19.", "该病被命名为冠状病毒病 (COVID-19).")
    assert found.spans[0].start == len("该病被命名为冠状病毒病 (COVID-19)")
    assert flagged("See the figure [1].", "见图 [1].")
    assert not flagged("It was named COVID-19 (see Fig. 2).", "该病被命名为冠状病毒病（见 Fig. 2）。")
    assert not flagged("The value was 3.5 mg.", "数值为 3.5 mg。")
    assert not flagged("Version 2.0 was used.", "使用了 2.0 版。")
    assert not flagged("Dose 42.", "Dose 42.")  # no Chinese: not a Chinese sentence
