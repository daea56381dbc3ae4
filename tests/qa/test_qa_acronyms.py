"""Acronym checks: each rule with made-up pairs — the false alarm gone and the real error still caught."""

from __future__ import annotations

import pytest
from qa_helpers import pair

from bitext.glossary.files import parse_glossary
from bitext.qa import QASettings, run_checks
from bitext.qa.acronyms import lexicon, looks_like_acronym, parse_lexicon, source_acronyms

MISSING, WRONG, COUNTRY = "acronyms.missing", "acronyms.wrong_entity", "acronyms.country_qualifier"


def acronym_findings(src: str, tgt: str, glossary=None) -> list:
    return [f for f in run_checks([pair(src, tgt)], glossary, QASettings()) if f.check.startswith("acronyms.")]


def checks(src: str, tgt: str, glossary=None) -> list[str]:
    return sorted(f.check for f in acronym_findings(src, tgt, glossary))


# (source, target, acronym findings expected)
CASES = [
    # 1. plurals and possessives name the same acronym
    ("CoVs infect bats and camels.", "CoV 可感染蝙蝠和骆驼。", []),
    ("Beta-CoVs infect humans.", "β-CoV 可感染人类。", []),
    ("The WHO's advice was clear.", "世卫组织的建议很明确。", []),
    ("The WHO’s advice was clear.", "WHO 的建议很明确。", []),
    ("The NETs' growth was slow.", "NET 的生长缓慢。", []),
    ("CoVs infect bats and camels.", "病毒可感染蝙蝠和骆驼。", [MISSING]),
    ("The WHO's advice was clear.", "该组织的建议很明确。", [MISSING]),
    # 2. all-caps words that are not acronyms: emphasis, headings, legal formulas, Roman numerals
    ("DO NOT USE after the expiry date.", "过期后请勿使用。", []),
    ("IMPORTANT NOTICE: keep the vials cold.", "重要提示：药瓶须冷藏。", []),
    ("WARNING: flammable.", "警告：易燃。", []),
    ("The patient said she felt OK.", "患者说她感觉还好。", []),  # OK is a word
    ("Show your ID at the entrance.", "请在入口出示身份证件。", []),  # ID rendered by its Chinese name
    ("Show your ID at the entrance.", "请在入口出示。", [MISSING]),
    ("TERMS AND CONDITIONS apply to every order.", "所有订单均适用条款和条件。", []),
    ("The phase III trial enrolled stage IIIa patients.", "这项 3 期试验纳入了 IIIa 期患者。", []),
    ("DO NOT USE if the PPE is damaged.", "如果防护装备破损，请勿使用。", []),  # PPE still checked ...
    ("DO NOT USE if the PPE is damaged.", "如果包装破损，请勿使用。", [MISSING]),  # ... and caught
    ("LV function was reduced.", "功能下降。", [MISSING]),  # LV is an acronym, not the numeral 55
    # 3. rendered by the standard Chinese name (lexicon), with or without spaces around Latin
    ("The WHO declared a pandemic.", "世界卫生组织宣布大流行。", []),
    ("The FDA approved the drug.", "美国食品药品监督管理局批准了该药物。", []),
    ("Patients in the ICU were tested by PCR.", "ICU 患者接受了聚合酶链式反应检测。", []),
    ("Patients were moved to the ICU.", "患者被转入重症监护室。", []),
    ("The ECDC assessed the risk of COVID-19.", "ECDC 对 COVID-19 的风险进行了评估。", []),
    ("The UN and the EU agreed.", "联合国和欧盟达成一致。", []),
    ("The FDA approved the drug.", "该药物获得批准。", [MISSING]),
    ("The UN and the EU agreed.", "联合国和日本达成一致。", [MISSING]),
    # 4a. a different acronym where the source has one
    ("The World Health Organization (WHO) declared a pandemic.", "世界卫生组织（WTO）宣布大流行。", [WRONG]),
    ("The World Health Organization (WHO) declared a pandemic.", "世界卫生组织 (WHO) 宣布大流行。", []),
    ("CD4 counts fell.", "CD8 计数下降。", [WRONG]),
    ("People with human immunodeficiency virus (HIV) were seen.", "诊治了人类免疫缺陷病毒（AIDS）感染者。", [WRONG]),
    ("CD4 counts fell.", "CD4 计数下降。", []),
    ("We followed the US (USA) rules.", "我们遵守了美国（USA）的规定。", []),  # same entity
    # 4b. another body's name
    ("The WHO does not recommend trade limits.", "世界贸易组织不建议限制贸易。", [WRONG]),
    ("The ECDC advised people to stay home.", "世卫组织建议人们待在家里。", [WRONG]),
    ("The WHO and the World Trade Organization met.", "世界贸易组织与另一机构会面。", [MISSING]),  # named in source
    ("The WHO and the ECDC advised people to stay home.", "世卫组织和欧洲疾控中心建议人们待在家里。", []),
    ("The ECDC advised people to stay home.", "欧洲疾病控制中心建议人们待在家里。", [MISSING]),  # nested name
    ("HIV drugs were given.", "给予了艾滋病药物。", [MISSING]),  # a relative (AIDS), not another body
    ("The World Health Organization (WHO) met.", "联合国人口基金（WHO）召开会议。", [WRONG]),  # name beside it
    ("The World Health Organization (WHO) met.", "世界卫生组织（WHO）召开会议。", []),
    ("The UN agency (WHO) met.", "联合国机构（WHO）召开会议。", []),  # the UN is in the source
    # one of several mentions replaced by an acronym one letter away, the others kept
    ("Viral RNA is released, and the RNA then replicates.", "病毒 RNA 被释放，随后 VNA 复制。", [WRONG]),
    ("Viral RNA is released, and the RNA then replicates.",
     "病毒 RNA 被释放，随后其复制。", []),  # fewer, no substitute
    # two letters one apart count only where kept mentions show the acronym belongs there (HR is
    # rendered by its name below, and OR stands elsewhere)
    ("Rates were 1.4% (95% CI, 1.1 to 1.9) and 3.1% (95% CI, 2.0 to 4.6).",
     "比率为 1.4%（95% CI，1.1～1.9）和 3.1%（95% CH，2.0～4.6）。", [WRONG]),
    # any acronym the source does not write, where one of a kept acronym's mentions is missing
    ("They compared WM alone with WM and TCM.", "他们比较了西药 (WM) 单独治疗与 SARS 及 TCM 联合治疗。", [WRONG]),
    ("They compared WM alone with WM and TCM.", "他们比较了西药 (WM) 单独治疗与西药及 TCM 联合治疗。", []),
    ("The HR was 0.8 (95% CI, 0.6 to 0.9).", "风险比为 0.8（95% 置信区间，0.6～0.9；OR 另见附录）。", []),
    # 4c. a country qualifier the source does not give
    ("The CDC advised people to stay home.", "德国疾控中心建议人们待在家里。", [COUNTRY]),
    ("The CDC advised people to stay home.", "美国疾控中心建议人们待在家里。", []),
    ("The CDC advised people to stay home.", "疾病控制与预防中心建议人们待在家里。", []),
    ("The German CDC advised people to stay home.", "德国疾控中心建议人们待在家里。", []),
    ("The US CDC advised people to stay home.", "中国疾控中心建议人们待在家里。", [COUNTRY, MISSING]),
    ("Doctors informed the Wuhan Jianghan CDC.", "医生上报至武汉市江汉区疾病预防控制中心。", []),
    ("The US CDC and the ECDC agreed.", "美国疾控中心和欧洲疾控中心达成一致。", []),
    ("Germany closed schools, and the CDC advised caution.", "德国关闭了学校，德国的疾控中心建议谨慎。", [COUNTRY]),
]


@pytest.mark.parametrize(("src", "tgt", "expected"), CASES)
def test_acronym_rules(src, tgt, expected):
    assert checks(src, tgt) == sorted(expected)


def test_a_wrong_entity_is_not_also_reported_missing():
    found = acronym_findings("The WHO does not recommend trade limits.", "世界贸易组织不建议限制贸易。")
    assert [f.check for f in found] == [WRONG]
    assert "世界贸易组织" in found[0].message and found[0].severity.value == "error"
    assert [s.side for s in found[0].spans] == ["src", "tgt"]


def test_country_qualifier_spans_the_qualified_name():
    src, tgt = "The CDC advised people to stay home.", "德国 疾控中心建议人们待在家里。"
    (finding,) = acronym_findings(src, tgt)
    target_span = finding.spans[1]
    assert tgt[target_span.start:target_span.end] == "德国 疾控中心"


GLOSSARY = ("concept_id\ten_term\ten_variants\tzh_term\tzh_admitted_variants\tstatus\tnote\n"
            "C1\tcardiac amyloidosis\t\t心脏淀粉样变性\t\tpreferred\t\n")


def test_an_acronym_defined_in_the_pair_is_rendered_by_its_expansion():
    glossary = parse_glossary(GLOSSARY.encode(), "g.tsv")
    src = "Cardiac amyloidosis (CA) was found."
    assert MISSING not in checks(src, "发现了心脏淀粉样变性。", glossary)
    assert MISSING in checks(src, "发现了心脏病变。", glossary)
    # defined by an expansion the lexicon knows
    assert checks("The Pan American Health Organization (OPS) helped.", "泛美卫生组织提供了帮助。") == []


def test_heading_runs_and_lexicon_words():
    assert [a.text for a in source_acronyms("DO NOT TOUCH the PET scanner")] == ["PET"]
    assert [a.text for a in source_acronyms("BOXED WARNING: NSAIDs may raise the risk of a stroke.")] == ["NSAIDs"]
    assert [a.text for a in source_acronyms("The US CDC and WHO agreed.")] == ["US", "CDC", "WHO"]
    assert [a.singular for a in source_acronyms("SARS and CoVs and NETs")] == ["SARS", "CoV", "NET"]


def test_lexicon_is_well_formed():
    lex = lexicon()
    places = {e.place for e in lex.places}
    assert len(lex.by_acronym) >= 250
    for entry in lex.entries:
        assert all(any("\u4e00" <= c <= "\u9fff" for c in zh) for zh in entry.zh), entry
        if entry.acronym:
            assert looks_like_acronym(entry.acronym), entry
        if entry.kind == "body" and entry.country:
            assert entry.country in places, entry
    assert "世界卫生组织" in lex.entry("WHO").zh and "世界贸易组织" in lex.entry("WTO").zh


@pytest.mark.parametrize("row", [
    "WHO\t世界卫生组织\tWorld Health Organization\tbody\n",  # five columns
    "WHO\t\tWorld Health Organization\tbody\t\tno renderings\n",
    "\t德国\tGermany\tterm\t\tno acronym, not a place\n",
    "WHO\t世卫\tx\tbody\t\t\nWHO\t世卫组织\tx\tbody\t\t\n",  # listed twice
])
def test_a_malformed_lexicon_row_is_an_error(row):
    with pytest.raises(ValueError):
        parse_lexicon(row)


@pytest.mark.parametrize("src, tgt, expected", [
    # every mention of an acronym, every occurrence of a name: work grew with their product
    ("The CDC and the ECDC said so. ", "德国疾控中心和欧洲疾控中心如是说。", [COUNTRY]),
    ("The CDC and the ECDC said so. ", "美国和欧洲疾控中心如是说。", []),  # each 疾控中心 is inside the ECDC's name
    ("The CDC and WHO said so. ", "世界贸易组织和联合国儿童基金会如是说。", [WRONG, WRONG]),
    ("The WHO (WHO) and the FDA met. ", "世卫组织（WTO）和 ABC 开会。", [MISSING, WRONG]),
])
def test_a_long_pair_gives_what_one_sentence_gives(src, tgt, expected):
    # 20,000 characters a side; before the work was per mention, this took seconds to minutes
    from bitext.qa.checks import CHECKS
    from bitext.qa.settings import CheckSetting

    only_acronyms = QASettings(checks={c.family: CheckSetting(enabled=c.family == "acronyms") for c in CHECKS.values()})

    def found(s: str, t: str) -> list:
        return [(f.check, f.message) for f in run_checks([pair(s, t)], None, only_acronyms)]

    one = found(src, tgt)
    assert sorted(check for check, _ in one) == expected
    assert found(src * (20000 // len(src)), tgt * (20000 // len(tgt))) == one
