"""Each check family on small pairs: what must be flagged, and what must not (with the starter glossary)."""

from __future__ import annotations

import json

import pytest
from qa_helpers import checks_of, pair

from bitext.core import Alignment, Bead, Document
from bitext.qa import CheckSetting, QASettings, consistency_findings, run_checks

# (source, target, checks that must be raised, checks that must not be raised)
TERMINOLOGY = [
    ("Somatostatin analogs such as octreotide.", "生长抑素类似物如奥曲肽。", [], ["terminology"]),
    ("Somatostatin analogs such as octreotide.", "生长激素类似物如奥曲肽。",
     ["terminology.missing", "terminology.forbidden"], []),
    ("Lanreotide was given.", "给予兰瑞奥肽。", ["terminology.discouraged", "terminology.missing"],
     ["terminology.near_miss", "terminology.forbidden"]),
    ("The drug was given.", "给予奥曲太。", ["terminology.forbidden"], []),  # wrong whatever the source
    ("Neuroendocrine neoplasms were studied.", "研究了神经内分泌肿瘤。", [], ["terminology"]),  # right for NEN
    ("Patients with NET were enrolled.", "纳入了NET患者。", [], ["terminology.missing"]),  # NET may stay NET
    ("Patients with neuroendocrine tumors (NETs).", "NET患者。", ["terminology.missing"], []),
    ("The 95% confidence interval was wide.", "95% CI较宽。", [], ["terminology.missing"]),
    ("Everolimus improved outcomes.", "依维莫斯改善了结局。", ["terminology.missing"], ["terminology.near_miss"]),
    ("Carcinoid syndrome was controlled.", "类癌性综合征得到控制。", ["terminology.near_miss"],
     ["terminology.missing"]),
    ("Overall survival was longer.", "总体生存期更长。", [], ["terminology"]),
    ("177Lu-DOTATATE was given.", "给予了镥标记药物。", ["terminology.keep_latin"], []),
    ("177Lu-DOTATATE was given.", "给予了¹⁷⁷Lu-DOTATATE。", [], ["terminology"]),
    ("Chemoradiotherapy was given.", "给予放化疗。", [], ["terminology"]),
]

NUMBERS = [
    ("A 78-year-old man received 5 cycles.", "一名87岁男性接受了5个周期。", ["numbers.mismatch"], []),
    ("Median PFS was 28.4 months.", "中位无进展生存期为２８．４个月。", [], ["numbers"]),
    ("A 78-year-old man received 5 cycles.", "一名七十八岁男性接受了五个周期。", ["style.number_words"],
     ["numbers"]),
    ("Lanreotide 120 mg was given every 28 days.", "兰瑞肽120 mg，每28天给药1次。", [], ["numbers"]),
    ("Lanreotide was given every 28 days.", "兰瑞肽每28天给药2次。", ["numbers.extra"], ["numbers.mismatch"]),
    ("Given twice daily for 28 days.", "每天2次，持续28天。", [], ["numbers"]),
    ("The phase III trial enrolled 229 patients.", "这项Ⅲ期试验纳入了229例患者。", [], ["numbers"]),
    ("The phase III trial enrolled 229 patients.", "这项Ⅱ期试验纳入了229例患者。", ["numbers.mismatch"], []),
    ("Somatostatin analogs are first-line therapy.", "生长抑素类似物是一线治疗。", [], ["numbers", "style"]),
    ("Uptake of 68Ga-DOTATATE and Lu-177 was high.", "68Ga-DOTATATE和¹⁷⁷Lu摄取较高。", [], ["numbers"]),
]

ACRONYMS = [
    ("PRRT was used.", "使用了该疗法。", ["acronyms.missing"], []),
    ("PRRT was used.", "使用了肽受体放射性核素治疗。", [], ["acronyms"]),
    ("The 95% CI was wide.", "95%置信区间较宽。", [], ["acronyms"]),
    ("SPECT/CT showed uptake.", "SPECT/CT显示摄取。", [], ["acronyms"]),
    ("NETs were seen.", "可见NET。", [], ["acronyms"]),
    ("RESULTS AND CONCLUSIONS OF THE NETTER TRIAL", "试验结果与结论", [], ["acronyms"]),
    ("HbA1c and mRNA were measured.", "测量了糖化血红蛋白。", ["acronyms.missing"], []),
]

UNTRANSLATED = [
    ("Everolimus improved progression-free survival.", "依维莫司改善了progression-free survival。",
     ["untranslated.latin_run"], ["untranslated.same_as_source"]),
    ("Kaplan-Meier curves were drawn.", "绘制了Kaplan-Meier曲线。", [], ["untranslated"]),
    ("We used the ratio.", "我们采用了收入贫困比（income-to-poverty ratio）。", [], ["untranslated"]),
    ("Lanreotide 120 mg was given in vivo.", "体内给予兰瑞肽120 mg per day。", [], ["untranslated"]),
    ("SPECT/CT showed intense uptake.", "SPECT/CT showed intense uptake.",
     ["untranslated.same_as_source", "untranslated.latin_run"], ["terminology", "punctuation"]),
    ("NETTER-1", "NETTER-1", [], ["untranslated"]),
    # lower-case codes and abbreviations are not English: a test name, genes, a journal
    ("Tested with the myChoice HRD test (N Engl J Med).", "采用mychoice hrd检测（见n engl j med）。", [],
     ["untranslated"]),
    ("Tumors with wild-type BRCA and HRD.", "携带野生型brca hrd阳性肿瘤。", [], ["untranslated"]),
    # … but English words the dictionary lacks, if long enough, still are
    ("Venous thromboembolism occurred.", "发生了venous thromboembolism。", ["untranslated.latin_run"], []),
    ("The rate was low in the trial.", "试验中的rate was low。", ["untranslated.latin_run"], []),
]

PUNCTUATION = [
    ("x", "生长抑素类似物（SSA如奥曲肽。", ["punctuation.unpaired_bracket"], []),
    ("x", "生长抑素类似物（SSA)如奥曲肽。", ["punctuation.mixed_width_pair"], ["punctuation.halfwidth_in_cjk"]),
    ("x", "中位时间为28.4个月,95% CI为20.1～36.7。", ["punctuation.halfwidth_in_cjk"], []),
    ("x", "神经内分泌瘤(NET)患者。", ["punctuation.halfwidth_in_cjk"], []),
    ("x", "治疗有效.", ["punctuation.halfwidth_in_cjk"], []),
    ("x", "中位时间（95% CI, 20.1 to 36.7; P = 0.001）相似。", [], ["punctuation"]),
    ("x", "共1,000例患者，纳入标准：（1）年龄；2）性别；Crohn’s病。", [], ["punctuation"]),
    ("x", "结果见（补充附录[表S2]）。", [], ["punctuation"]),
    ("x", "中位时间为２８．４个月，升高５０％。", ["punctuation.fullwidth_alnum"], []),
    ("x", "类癌综合征得到控制  。", ["punctuation.double_space", "punctuation.space_before_punct"], []),
    ("x", "类癌 综合征。", ["punctuation.space_in_cjk"], []),
    ("x", "兰瑞肽 120 mg，每28天给药1次。", [], ["punctuation"]),
    ("x", "他称之为“靶向治疗。", ["punctuation.unpaired_bracket"], []),
    ("x", '即"靶向治疗。', ["punctuation.unpaired_bracket"], []),
    ("x", "他称之为“靶向治疗”，即‘PRRT’。", [], ["punctuation"]),
]

CASES = TERMINOLOGY + NUMBERS + ACRONYMS + UNTRANSLATED + PUNCTUATION


@pytest.mark.parametrize("src, tgt, raised, not_raised", CASES)
def test_check_families(starter_glossary, src, tgt, raised, not_raised):
    found = checks_of(run_checks([pair(src, tgt)], starter_glossary))
    for check in raised:
        assert check in found, f"{check} not raised; got {sorted(found)}"
    for prefix in not_raised:
        wrong = {c for c in found if c == prefix or c.startswith(prefix + ".")}
        assert not wrong, f"raised {sorted(wrong)}"


def test_finding_fields(starter_glossary):
    (finding,) = [f for f in run_checks([pair("Octreotide was given.", "给予奥曲太。")], starter_glossary)
                  if f.check == "terminology.forbidden"]
    assert finding.severity.value == "error" and finding.mqm == "Terminology/Wrong term"
    assert finding.suggestion == "奥曲肽"
    assert finding.src_ids == (0,) and finding.tgt_ids == (0,) and finding.document == "d"
    (span,) = finding.spans
    assert (span.side, "给予奥曲太。"[span.start:span.end]) == ("tgt", "奥曲太")
    assert len(finding.fingerprint) == 64
    assert finding.to_dict()["spans"] == [{"side": "tgt", "start": 2, "end": 5}]


def test_finding_to_dict_is_the_dataclass_as_json_data():
    from dataclasses import asdict

    from bitext.qa.findings import Finding, Severity, Span

    finding = Finding("numbers.mismatch", Severity.WARNING, "doc", (1, 2), (3,), "12 vs 13", None,
                      (Span("src", 0, 2), Span("tgt", 4, 6)), "f" * 64, "Accuracy/Mistranslation", bead=7)
    expected = asdict(finding)
    expected.update(severity="warning", spans=[asdict(s) for s in finding.spans], src_ids=[1, 2], tgt_ids=[3],
                    fingerprints=["f" * 64])
    data = finding.to_dict()
    assert data == expected and list(data) == list(expected)  # the same keys in the same order
    assert json.dumps(data) == json.dumps(expected)


def test_many_missing_numbers_are_one_finding():
    findings = run_checks([pair("Rates were 84.9% (203 of 239) and 87.8% (208 of 237).",
                                "发生率分别为9.2%（22/239）和11.4%（27/237）。")])
    (mismatch,) = [f for f in findings if f.check == "numbers.mismatch"]
    assert "84.9" in mismatch.message and "208" in mismatch.message


def test_length_ratio_only_when_enabled():
    src = "Carcinoid syndrome was controlled in most of the patients who were treated in this trial."
    assert "style.length_ratio" not in checks_of(run_checks([pair(src, "控制。")]))
    enabled = QASettings(checks={"style.length_ratio": CheckSetting(enabled=True)})
    assert "style.length_ratio" in checks_of(run_checks([pair(src, "控制。")], settings=enabled))
    tgt = "大多数接受本试验治疗的患者类癌综合征得到控制。"
    assert "style.length_ratio" not in checks_of(run_checks([pair(src, tgt)], settings=enabled))


def test_unaligned_sentences():
    doc = Document("d", ["One sentence here.", "Dropped sentence here."], ["一句话。", "多出的一句。"])
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((), (1,))]
    findings = run_checks([Alignment(doc, beads)])
    by_check = {f.check: f for f in findings}
    assert by_check["omission.unaligned_source"].src_ids == (1,)
    assert by_check["omission.unaligned_source"].severity.value == "error"
    assert by_check["addition.unaligned_target"].tgt_ids == (1,)
    assert by_check["addition.unaligned_target"].severity.value == "warning"


# pair 9 renders "tumors" as 天气 (weather): the low similarity is the translation's
_ZH_NINTH_WRONG = [f"第{i}句关于肿瘤。" if i != 9 else "第9句关于天气。" for i in range(12)]


def test_low_similarity_against_the_document_norm():
    n = 12
    doc = Document("d", [f"Sentence {i} about tumors." for i in range(n)], _ZH_NINTH_WRONG)
    alignment = Alignment(doc, [Bead((i,), (i,)) for i in range(n)])
    sims = [0.82, 0.80, 0.85, 0.79, 0.83, 0.81, 0.84, 0.80, 0.82, 0.31, 0.83, None]
    findings = [f for f in run_checks([alignment], similarities=[sims]) if f.check == "omission.low_similarity"]
    assert [f.src_ids for f in findings] == [(9,)]
    # the same score on a pair whose words the dictionary finds in the target is the embedding's noise
    faithful = Alignment(Document("d", doc.src, [f"第{i}句关于肿瘤。" for i in range(n)]), alignment.beads)
    assert not any(f.check == "omission.low_similarity" for f in run_checks([faithful], similarities=[sims]))
    assert run_checks([alignment], similarities={"d": [0.8] * n}) == run_checks([alignment])  # no spread, no norm


def test_low_similarity_from_the_beads_of_an_aligner_alignment():
    """run_checks without ``similarities`` used to score every pair None and silently skip the check,
    although the aligner sets each bead's similarity and ``bitext qa`` uses it."""
    n = 12
    doc = Document("d", [f"Sentence {i} about tumors." for i in range(n)], _ZH_NINTH_WRONG)
    sims = [0.82, 0.80, 0.85, 0.79, 0.83, 0.81, 0.84, 0.80, 0.82, 0.31, 0.83, None]
    alignment = Alignment(doc, [Bead((i,), (i,), similarity=s) for i, s in enumerate(sims)])
    findings = [f for f in run_checks([alignment]) if f.check == "omission.low_similarity"]
    assert [f.src_ids for f in findings] == [(9,)]
    # given similarities still win over the beads' own; a mapping without the document falls back to them
    assert not any(f.check == "omission.low_similarity" for f in run_checks([alignment], similarities=[[0.8] * n]))
    assert run_checks([alignment], similarities={"other": [0.8]}) == run_checks([alignment])


def test_consistency_across_documents(starter_glossary):
    docs = [
        pair("The 95% confidence interval was wide.", "95%置信区间较宽。", "a"),
        pair("The confidence interval was narrow.", "置信区间较窄。", "b"),
        pair("The confidence interval overlapped.", "可信区间重叠。", "c"),
        pair("Neuroendocrine neoplasms vary.", "神经内分泌肿瘤各不相同。", "d"),
        pair("Neuroendocrine neoplasms grow.", "神经内分泌肿瘤生长。", "e"),
        pair("Neuroendocrine tumors grow.", "神经内分泌肿瘤生长。", "f"),
        pair("Progression-free survival rates and progression-free survival.", "无进展生存率和无进展生存期。", "g"),
    ]
    findings = run_checks(docs, starter_glossary)
    variants = [f for f in findings if f.check == "consistency.source_term_variants"]
    assert [(f.document, f.suggestion) for f in variants] == [("c", "置信区间")]
    sources = [f for f in findings if f.check == "consistency.target_term_sources"]
    assert [f.document for f in sources] == ["f"]
    only = consistency_findings(docs, starter_glossary)
    assert only == [f for f in findings if f.check.startswith("consistency.")]
