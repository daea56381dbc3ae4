"""build_candidates end to end on small made-up corpora (no shared data, no model)."""

from __future__ import annotations

import numpy as np

from bitext.core import Alignment, Bead, Document
from bitext.termex import build_candidates
from bitext.termex.similarity import term_similarities

PAIRS = [
    ("Patients underwent magnetic resonance imaging (MRI) of the liver.", "患者接受了肝脏磁共振成像（MRI）检查。"),
    ("MRI showed two lesions.", "MRI显示两处病灶。"),
    ("Zorbitide reduced fever in most patients.", "佐比肽降低了大多数患者的发热。"),
    ("Patients with renal failure received zorbitide.", "肾衰竭患者接受了佐比肽治疗。"),
    ("Renal failure was rare.", "肾衰竭很少见。"),
    ("Zorbitide was stopped after renal failure.", "发生肾衰竭后停用了佐比肽。"),
    ("Gemcitabine (given weekly) was added.", "加用了吉西他滨（gemcitabine）。"),
]


def as_alignment(pairs):
    doc = Document("d1", [e for e, _ in pairs], [z for _, z in pairs])
    return Alignment(doc, [Bead((i,), (i,)) for i in range(len(pairs))])


def test_methods_and_examples():
    calls = []
    cands = build_candidates([as_alignment(PAIRS)], min_llr=3.84,
                             progress=lambda stage, done, total: calls.append(stage))
    by_en = {c.en_term.lower(): c for c in cands}
    mri = by_en["magnetic resonance imaging"]
    assert mri.zh_term == "磁共振成像" and "acronym" in mri.method and "MRI" in mri.en_variants
    assert mri.examples and "磁共振成像" in mri.examples[0].zh and "magnetic resonance imaging" in mri.examples[0].en
    assert by_en["gemcitabine"].zh_term == "吉西他滨" and by_en["gemcitabine"].method.startswith("zh-paren")
    assert by_en["zorbitide"].zh_term == "佐比肽" and by_en["zorbitide"].frequency == 3
    assert all(c.status == "proposed" and c.concept_id.startswith("T") for c in cands)
    assert [c.score for c in cands] == sorted((c.score for c in cands), reverse=True)
    assert {"count", "pairs", "examples"} <= set(calls)


def test_known_terms_are_not_proposed_again():
    known = [("Zorbitide", "佐比肽"), ("renal failure", "肾功能衰竭")]
    cands = build_candidates(PAIRS, known_pairs=known, min_llr=3.84)
    assert "zorbitide" not in {c.en_term.lower() for c in cands}
    renal = next(c for c in cands if c.en_term.lower() == "renal failure")
    assert "English term in the glossary as: 肾功能衰竭" in renal.note
    marked = build_candidates(PAIRS, known_pairs=known, include_known=True, min_llr=3.84)
    zorb = next(c for c in marked if c.en_term.lower() == "zorbitide")
    assert zorb.status == "known" and zorb.known


def test_limit_min_freq_and_empty_input():
    assert build_candidates([]) == []
    assert build_candidates([("", "")]) == []
    assert len(build_candidates(PAIRS, limit=2)) == 2
    strict = build_candidates(PAIRS, min_freq=5)
    assert all(not c.method.startswith("cooc") for c in strict)


def test_generator_input_is_read_once():
    cands = build_candidates((p for p in PAIRS), min_llr=3.84)
    assert any(c.zh_term == "佐比肽" for c in cands)


class FakeEncoder:
    """Maps each text to a fixed vector: terms of one concept share a direction."""

    dim = 3

    def encode(self, texts):
        table = {"zorbitide": [1, 0, 0], "佐比肽": [0.9, 0.1, 0], "renal failure": [0, 1, 0], "肾衰竭": [0, 0, 1]}
        return np.array([table.get(t.lower(), [1, 1, 1]) for t in texts], dtype=np.float32)


def test_embedding_similarity_with_an_injected_encoder():
    sims = term_similarities([("zorbitide", "佐比肽"), ("renal failure", "肾衰竭")], encoder=FakeEncoder())
    assert sims[0] > 0.99 and abs(sims[1]) < 1e-6


def test_spacing_between_han_and_latin_does_not_split_terms_or_lose_evidence():
    pairs = [
        ("The ACE2 receptor binds the spike protein.", "ACE2 受体与刺突蛋白结合。"),
        ("Zorbitide blocks the ACE2 receptor.", "佐比肽阻断ACE2受体。"),
        ("Cells without the ACE2 receptor were not infected.", "没有 ACE2 受体的细胞未被感染。"),
        ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
        ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
        ("The spike protein is large.", "刺突蛋白很大。"),
    ]
    cands = build_candidates(pairs, min_llr=1.0)
    ace2 = next(c for c in cands if c.en_term.lower() == "ace2 receptor")
    assert ace2.zh_term == "ACE2受体"
    assert ace2.frequency == 3 and ace2.examples


def test_names_keep_the_capitals_the_text_gives_them_inside_sentences():
    pairs = [
        ("Cases rose in Lombardia last week.", "上周伦巴第亚的病例增加。"),
        ("Hospitals in Lombardia were full.", "伦巴第亚的医院已满。"),
        ("The outbreak reached Lombardia in March.", "疫情于三月蔓延到伦巴第亚。"),
        ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
        ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
    ]
    by_zh = {c.zh_term: c for c in build_candidates(pairs, min_llr=1.0)}
    assert by_zh["伦巴第亚"].en_term == "Lombardia"
    assert by_zh["佐比肽"].en_term == "zorbitide"  # capitalised only first in a sentence


def test_english_variants_are_forms_of_the_same_term():
    from bitext.termex.ranking import same_english_term

    assert same_english_term("intensive care units", "intensive-care unit")
    assert same_english_term("CFR", "case fatality rate")
    assert not same_english_term("infection fatality rate", "mortality")
    assert not same_english_term("canine coronavirus", "coronavirus")


def test_a_modifier_without_its_head_is_not_proposed():
    pairs = [
        ("Acute respiratory distress developed in two patients.", "两名患者出现急性呼吸窘迫。"),
        ("Acute respiratory infection was common.", "急性呼吸道感染很常见。"),
        ("Zorbitide prevented acute respiratory failure.", "佐比肽预防了急性呼吸衰竭。"),
        ("Acute respiratory symptoms resolved.", "急性呼吸道症状消失。"),
        ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
        ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
    ]
    terms = {c.en_term.lower() for c in build_candidates(pairs, min_llr=1.0)}
    assert "acute respiratory" not in terms
    assert "zorbitide" in terms


def test_every_row_finds_its_example_whatever_the_spaces_inside_latin_runs():
    pairs = [
        ("CD8+ T cells kill infected cells.", "CD8+ T 细胞杀伤受感染的细胞。"),
        ("Zorbitide activates CD8+ T cells.", "佐比肽激活CD8+T细胞。"),
        ("Few CD8+ T cells remained.", "残留的 CD8+ T细胞很少。"),
        ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
        ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
        ("The fever was mild.", "发热较轻。"),
    ]
    cands = build_candidates(pairs, min_llr=1.0)
    assert cands and all(c.frequency >= 1 and c.examples for c in cands)
    cd8 = next(c for c in cands if c.en_term.lower().startswith("cd8+"))
    assert cd8.frequency == 3


def test_codes_the_chinese_keeps_in_latin_are_proposed_as_such():
    pairs = [
        ("Wear an N95 respirator near patients.", "在患者附近请佩戴 N95 口罩。"),
        ("N95 respirators filter most particles.", "N95 口罩能过滤大部分颗粒。"),
        ("Supplies of N95 masks ran short.", "N95 口罩供应短缺。"),
        ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
        ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
        ("The World Health Organization (WHO) met.", "世界卫生组织 (WHO) 召开了会议。"),
        ("WHO experts arrived.", "WHO 专家抵达。"),
    ]
    cands = build_candidates(pairs, min_llr=1.0)
    n95 = next(c for c in cands if c.en_term == "N95")
    assert n95.zh_term == "N95" and n95.method == "keep-latin" and n95.frequency == 3
    who = next(c for c in cands if c.en_term == "World Health Organization")
    assert "WHO" in who.zh_admitted_variants  # kept as is: an admitted form of the row, not a row
    assert not any(c.en_term == "WHO" for c in cands)


def test_evidence_is_found_where_signs_split_the_english_words_differently():
    # the n-grams read "weeks' gestation" as "weeks gestation" and "CD4 + count" as "cd4 count";
    # the example search must read the text the same way, or the row has no example
    pairs = [
        ("Infants born at 35 weeks' gestation were included.", "纳入了妊娠35周出生的婴儿。"),
        ("At 37 weeks' gestation the risk fell.", "妊娠37周时风险下降。"),
        ("Risk rises as the CD4 + count falls.", "风险随CD4+细胞计数下降而升高。"),
        ("A low CD4 + count predicts lymphoma.", "CD4+细胞计数低预示淋巴瘤。"),
        ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
        ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
    ]
    cands = build_candidates(pairs, min_llr=1.0, workers=1)
    assert any("cd4" in c.en_term.lower() for c in cands)
    assert all(c.frequency >= 1 and c.examples for c in cands)


def test_a_gloss_in_the_chinese_is_the_evidence_of_its_parenthetical_row():
    # the source names the committee by its acronym only; the Chinese gives its English name
    pairs = [
        ("Staging followed the AJCC manual.",
         "分期依据美国癌症联合委员会（American Joint Committee on Cancer）的手册。"),
        ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
        ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
    ]
    cands = build_candidates(pairs, min_llr=1.0, workers=1)
    ajcc = next(c for c in cands if c.en_term.lower() == "american joint committee on cancer")
    assert ajcc.frequency == 1 and ajcc.examples and "美国癌症联合委员会" in ajcc.examples[0].zh


def test_a_code_the_chinese_keeps_now_and_then_is_an_admitted_form_of_its_row():
    # WHO is translated 世界卫生组织 in most pairs and kept as WHO in two: not a keep-latin row
    # of its own (the translators mostly translate it), but a form they use for the concept
    pairs = [
        ("The World Health Organization (WHO) met.", "世界卫生组织召开了会议。"),
        ("The World Health Organization issued advice.", "世界卫生组织发布了建议。"),
        ("WHO declared a pandemic.", "世界卫生组织宣布大流行。"),
        ("WHO experts arrived.", "世界卫生组织专家抵达。"),
        ("WHO officials spoke.", "WHO官员发表讲话。"),
        ("WHO guidance changed.", "WHO的指南有变。"),
        ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
        ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
    ]
    cands = build_candidates(pairs, min_llr=1.0, workers=1)
    who = next(c for c in cands if c.en_term == "World Health Organization")
    assert who.zh_term == "世界卫生组织" and "WHO" in who.zh_admitted_variants
    assert not any(c.zh_term == "WHO" for c in cands)


def test_verb_forms_rendered_alike_are_one_row_headed_by_the_base_form():
    # competitive linking gives 咳嗽 to one English form only; a glossary lists the lemma once
    pairs = [
        ("Coughing spreads droplets.", "咳嗽会传播飞沫。"),
        ("Cover your mouth when coughing.", "咳嗽时请遮住嘴。"),
        ("Coughing is common in children.", "咳嗽在儿童中很常见。"),
        ("A dry cough lasted weeks.", "干性咳嗽持续数周。"),
        ("The cough went away.", "咳嗽消失了。"),
        ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
        ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
        ("The fever was mild.", "发热较轻。"),
    ]
    cands = build_candidates(pairs, min_llr=1.0, workers=1)
    rows = [c for c in cands if c.zh_term == "咳嗽"]
    assert len(rows) == 1
    assert rows[0].en_term.lower() == "cough" and "coughing" in [v.lower() for v in rows[0].en_variants]
    assert not any(c.en_term.lower() in ("cough", "coughing") for c in cands if c.zh_term != "咳嗽")


def test_a_single_word_the_medical_word_lists_know_outranks_an_unknown_one_seen_alike():
    # two English words with the same evidence: 肺炎 (pneumonia) is a known medical word, 政策
    # (policy) is general vocabulary the lists do not know, so pneumonia ranks first
    pairs = [
        ("Pneumonia developed in two children.", "两名儿童发生了肺炎。"),
        ("Older adults had more pneumonia.", "老年人的肺炎更多。"),
        ("Vaccines prevent pneumonia.", "疫苗可以预防肺炎。"),
        ("The policy was revised in March.", "三月修订了政策。"),
        ("Schools followed the policy.", "学校遵守了政策。"),
        ("A new policy took effect.", "新政策生效了。"),
        ("Zorbitide lowered the fever.", "佐比肽降低了发热。"),
        ("Fever returned after zorbitide was stopped.", "停用佐比肽后发热复发。"),
    ]
    cands = build_candidates(pairs, min_llr=1.0, workers=1)
    score = {c.en_term: c.score for c in cands}
    assert score["pneumonia"] > score["policy"]
