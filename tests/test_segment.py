"""Sentence segmentation: hard cases per language, the seed pair, and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bitext.errors import ConfigError
from bitext.segment import guess_lang, normalize_lang, split_lines, split_sentences
from bitext.segment.english import ABBREVIATIONS

SEED = Path(__file__).resolve().parent.parent / "corpora" / "seed"

ENGLISH_CASES = [
    # abbreviations
    ("Markers, e.g. Ki-67 and CgA, were raised. Scans were clear.",
     ["Markers, e.g. Ki-67 and CgA, were raised.", "Scans were clear."]),
    ("One marker, i.e. Chromogranin A, was raised. Scans were clear.",
     ["One marker, i.e. Chromogranin A, was raised.", "Scans were clear."]),
    ("Strosberg et al. (2017) showed benefit. Strosberg et al. NETTER-1 was pivotal.",
     ["Strosberg et al. (2017) showed benefit.", "Strosberg et al. NETTER-1 was pivotal."]),
    ("PFS was longer with PRRT vs. Octreotide LAR. OS was similar.",
     ["PFS was longer with PRRT vs. Octreotide LAR.", "OS was similar."]),
    ("Uptake was intense (Fig. 2). Figs. 3 and 4 show the scalp.",
     ["Uptake was intense (Fig. 2).", "Figs. 3 and 4 show the scalp."]),
    ("Dr. Smith and Prof. Jones saw him. Mr. and Mrs. Lee agreed.",
     ["Dr. Smith and Prof. Jones saw him.", "Mr. and Mrs. Lee agreed."]),
    ("Trial No. 2 enrolled 231 patients. Approx. 20% withdrew.",
     ["Trial No. 2 enrolled 231 patients.", "Approx. 20% withdrew."]),
    ("Doses of ca. 7.4 GBq were given. Cf. Ref. 12 for details.",
     ["Doses of ca. 7.4 GBq were given.", "Cf. Ref. 12 for details."]),
    ("See Eq. 3 and Tab. 2. The fit was good.", ["See Eq. 3 and Tab. 2.", "The fit was good."]),
    ("He was seen at St. Jude. Novartis Inc. and Ltd. partners paid.",
     ["He was seen at St. Jude.", "Novartis Inc. and Ltd. partners paid."]),
    # "etc." and "no." are also ordinary sentence ends: split only before a capital
    ("Genes, proteins, etc. were measured. Scans, labs, etc. Then follow-up.",
     ["Genes, proteins, etc. were measured.", "Scans, labs, etc.", "Then follow-up."]),
    ("We tested drugs, etc. 3 were active.", ["We tested drugs, etc. 3 were active."]),
    ("Trial no. 2 ran. Was it resected? No. The tumour grew.",
     ["Trial no. 2 ran.", "Was it resected?", "No.", "The tumour grew."]),
    ("Cells produced NO. Levels rose.", ["Cells produced NO.", "Levels rose."]),
    # decimals and P-values
    ("The dose was 7.4 GBq. The response rate was 18.5%.", ["The dose was 7.4 GBq.", "The response rate was 18.5%."]),
    ("The HR was 0.21 (95% CI, 0.13 to 0.33; P < 0.001). OS improved (p = .04). Significance was p = .05. Done.",
     ["The HR was 0.21 (95% CI, 0.13 to 0.33; P < 0.001).", "OS improved (p = .04).",
      "Significance was p = .05.", "Done."]),
    # nuclides, and sentences that start with a digit
    ("We gave 177Lu-DOTATATE. 68Ga-DOTATATE PET was negative. In-111 and Ga-68 scans agreed. 99mTc scans were normal.",
     ["We gave 177Lu-DOTATATE.", "68Ga-DOTATATE PET was negative.", "In-111 and Ga-68 scans agreed.",
      "99mTc scans were normal."]),
    ("PRRT was started. 177Lu-DOTATATE was given.", ["PRRT was started.", "177Lu-DOTATATE was given."]),
    # initials
    ("The case was reported by J. Strosberg and E. Wolin. Cultures grew E. coli. No other organisms grew.",
     ["The case was reported by J. Strosberg and E. Wolin.", "Cultures grew E. coli.", "No other organisms grew."]),
    ("J. R. Smith approved it in the U.S. Food and Drug Administration. It passed.",
     ["J. R. Smith approved it in the U.S. Food and Drug Administration.", "It passed."]),
    # numbered lists and ranges
    ("Aims: 1. Describe the case. 2. Review the literature.",
     ["Aims: 1. Describe the case.", "2. Review the literature."]),
    ("1. Introduction. 2. Methods.", ["1. Introduction.", "2. Methods."]),
    ("Shown in Fig. 2. 3 patients died.", ["Shown in Fig. 2.", "3 patients died."]),
    ("Ages were 18–65 y. Doses were 3.7–7.4 GBq. Cycles were 8 wk apart.",
     ["Ages were 18–65 y.", "Doses were 3.7–7.4 GBq.", "Cycles were 8 wk apart."]),
    ("Outcomes were 1) response. 2) Survival was longer.", ["Outcomes were 1) response.", "2) Survival was longer."]),
    # brackets: never cut inside; a stray bracket does not disable splitting
    ("Lesions regressed (see Fig. 2. The scalp lesion resolved). Pain resolved.",
     ["Lesions regressed (see Fig. 2. The scalp lesion resolved).", "Pain resolved."]),
    ("The drug worked. (Data not shown.) [Ref. 3. Also Ref. 4.] The end.",
     ["The drug worked.", "(Data not shown.)", "[Ref. 3. Also Ref. 4.]", "The end."]),
    ("Two arms (PRRT and SSA. Arm A was better. Arm B was worse.",
     ["Two arms (PRRT and SSA.", "Arm A was better.", "Arm B was worse."]),
    # quotes, ? ! and ellipses
    ('He called it "remarkable." The team agreed.', ['He called it "remarkable."', "The team agreed."]),
    ("He called it “remarkable.” ‘Is it cured?’ he asked.", ["He called it “remarkable.”", "‘Is it cured?’ he asked."]),
    ("The lesion resolved! Pain stopped? Yes.", ["The lesion resolved!", "Pain stopped?", "Yes."]),
    ("Pain persisted… The lesion grew... Then it shrank... slowly.",
     ["Pain persisted…", "The lesion grew...", "Then it shrank... slowly."]),
    ("The dose was 7.4 GBq. followed by saline.", ["The dose was 7.4 GBq. followed by saline."]),
    # ? and ! before a lower-case word: questions in dialogue; not inside brackets or quotes
    ("how long has it hurt? and is it worse now? and any fever", ["how long has it hurt?", "and is it worse now?",
                                                                 "and any fever"]),
    ("it hurts! and i feel dizzy", ["it hurts!", "and i feel dizzy"]),
    ("Ask (is it cured? or not) first.", ["Ask (is it cured? or not) first."]),
    ('He asked "is it cured? or not?" and left.', ['He asked "is it cured? or not?" and left.']),
    ("He asked “is it cured? or not?” and left.", ["He asked “is it cured? or not?” and left."]),
    ('He asked "why?" and left.', ['He asked "why?" and left.']),
    # a sentence end glued to the next sentence (text pasted from web pages)
    ("Treatment is supportive therapy.Recommended measures include rest.",
     ["Treatment is supportive therapy.", "Recommended measures include rest."]),
    ("It is related to SARS-CoV.The first case was in 2020.As of May, COVID-19.Misconceptions spread.",
     ["It is related to SARS-CoV.", "The first case was in 2020.", "As of May, COVID-19.", "Misconceptions spread."]),
    ('He said "wear a mask."Masks help. They called it "wrong".In May it was used.A study followed.',
     ['He said "wear a mask."', "Masks help.", 'They called it "wrong".', "In May it was used.", "A study followed."]),
    ("Is it safe?The trial says yes.", ["Is it safe?", "The trial says yes."]),
    # ... but not abbreviations, initials, numbers, URLs, e-mail addresses, code or lower-case words
    ("See e.g.The list by Dr.Smith, J.Smith and the U.S.Army (approx.The same).",
     ["See e.g.The list by Dr.Smith, J.Smith and the U.S.Army (approx.The same)."]),
    ("See Fig.2 and Table 1.The dose was 2.5 mg.", ["See Fig.2 and Table 1.The dose was 2.5 mg."]),
    ("Visit who.int or www.cdc.gov/Coronavirus, mail John.Smith@example.org or call path.Join(a).",
     ["Visit who.int or www.cdc.gov/Coronavirus, mail John.Smith@example.org or call path.Join(a)."]),
    ("Use config.Settings.load here. Cultures grew E.coli today.",
     ["Use config.Settings.load here.", "Cultures grew E.coli today."]),
    ("Results (shown in therapy.The table) held.", ["Results (shown in therapy.The table) held."]),
    # months and clock times: abbreviations that can also end a sentence
    ("Cases rose before 23 Jan. 2020 when travel peaked. Data are updated at 8:00 a.m. These were used.",
     ["Cases rose before 23 Jan. 2020 when travel peaked.", "Data are updated at 8:00 a.m.", "These were used."]),
    ("Cases rose until Jan. The curve then fell.", ["Cases rose until Jan.", "The curve then fell."]),
    # whitespace and line breaks
    ("  First sentence.\nSecond  sentence.  ", ["First sentence.", "Second  sentence."]),
    ("A line\r\nwrapped here. Next.", ["A line wrapped here.", "Next."]),
    ("Background\n\nNETs are rare.", ["Background", "NETs are rare."]),
    ("", []),
    ("   \n ", []),
]

CHINESE_CASES = [
    ("这是第一句。这是第二句！这是第三句？", ["这是第一句。", "这是第二句！", "这是第三句？"]),
    # ；separates list items and clauses, as ";" does in English, which never splits there
    ("患者甲好转；患者乙恶化。", ["患者甲好转；患者乙恶化。"]),
    ("措施包括：隔离；限制出行；停课。下一句。", ["措施包括：隔离；限制出行；停课。", "下一句。"]),
    ("疼痛持续……病灶增大…随后缩小。", ["疼痛持续……", "病灶增大…", "随后缩小。"]),
    ("真的吗？！是的。", ["真的吗？！", "是的。"]),
    # closing quotes and brackets stay with their sentence
    ("他说：“病灶消失了。”随后出院。", ["他说：“病灶消失了。”", "随后出院。"]),
    ("医生说「已治愈。」患者很高兴。", ["医生说「已治愈。」", "患者很高兴。"]),
    ("（本句在括号内。）下一句。", ["（本句在括号内。）", "下一句。"]),
    # never inside brackets or a quote that continues
    ("结果良好（见表1。详见附录）。下一句。", ["结果良好（见表1。详见附录）。", "下一句。"]),
    ("结果良好(见表1。详见附录)。下一句。", ["结果良好(见表1。详见附录)。", "下一句。"]),
    ("他说：“今天很好。我们走吧。”然后离开了。", ["他说：“今天很好。我们走吧。”", "然后离开了。"]),
    ("发表于《肿瘤。学报》。下一句。", ["发表于《肿瘤。学报》。", "下一句。"]),
    ("“好！”，他说。", ["“好！”，他说。"]),
    ("结果（未闭合。下一句。", ["结果（未闭合。", "下一句。"]),
    # half-width punctuation
    ("剂量为7.4 GBq,P<0.05。下一句。", ["剂量为7.4 GBq,P<0.05。", "下一句。"]),
    ("患者好转.随后出院.", ["患者好转.", "随后出院."]),
    ("患者好转. 随后出院。", ["患者好转.", "随后出院。"]),
    ("是否有效?是的!继续治疗;观察。", ["是否有效?", "是的!", "继续治疗;观察。"]),
    ("比较了PRRT vs. SSA的疗效。版本v2.0发布。", ["比较了PRRT vs. SSA的疗效。", "版本v2.0发布。"]),
    ("病灶消失。177Lu-DOTATATE耐受良好。", ["病灶消失。", "177Lu-DOTATATE耐受良好。"]),
    # whitespace, wrapped lines, paragraphs
    ("  第一句。  第二句。  ", ["第一句。", "第二句。"]),
    ("神经内分泌\n肿瘤。NET\n转移。", ["神经内分泌肿瘤。", "NET 转移。"]),
    ("背景\n\n神经内分泌肿瘤罕见。", ["背景", "神经内分泌肿瘤罕见。"]),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH_CASES)
def test_english_hard_cases(text, expected):
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), CHINESE_CASES)
def test_chinese_hard_cases(text, expected):
    assert split_sentences(text, "zh") == expected


def test_seed_pair_gives_13_parallel_sentences():
    en = split_sentences((SEED / "cutaneous-net-prrt.en.txt").read_text(encoding="utf-8"), "en")
    zh = split_sentences((SEED / "cutaneous-net-prrt.zh.txt").read_text(encoding="utf-8"), "zh")
    assert len(en) == 13
    assert len(zh) == 13
    # Spot-check that sentence i of one side translates sentence i of the other.
    assert en[0].startswith("Neuroendocrine neoplasms (NENs)") and en[0].endswith("neuroendocrine cells.")
    assert zh[0].startswith("神经内分泌肿瘤(NENs)") and zh[0].endswith("都来自神经内分泌细胞。")
    assert en[2].endswith("neuroendocrine tumors (NETs).") and zh[2].endswith("神经内分泌瘤(NET)。")
    assert en[6].startswith("He had a prior history") and zh[6] == "他曾有长期和进展性内脏疾病 IV 期病史。"
    assert en[8] == "Excision fully removed the temple lesion and resolved pain."
    assert zh[8] == "切除手术完全清除了太阳穴病灶,并缓解了疼痛。"
    assert "177Lu-DOTATATE" in en[9] and zh[9].startswith("177Lu-DOTATATE是一种")
    assert en[10].startswith("PRRT has not been previously described") and zh[10].endswith("PRRT以前从未有过描述。")
    assert en[12].startswith("As such, we propose") and zh[12].startswith("因此,我们提出了")
    assert en[12].endswith("possible effective option.") and zh[12].endswith("作为一种可能的有效选择。")


@pytest.mark.parametrize(("tag", "code"), [("en", "en"), ("en-US", "en"), ("EN_gb", "en"), ("zh", "zh"),
                                           ("zh-CN", "zh"), ("zh-Hans", "zh"), ("zh_TW", "zh")])
def test_language_tags(tag, code):
    assert normalize_lang(tag) == code
    assert split_sentences("A. B", tag)  # accepted


@pytest.mark.parametrize("tag", ["fr", "", "english", "z"])
def test_unsupported_language(tag):
    with pytest.raises(ConfigError, match="unsupported language"):
        split_sentences("Text.", tag)


def test_guess_lang():
    assert guess_lang("神经内分泌肿瘤(NENs)包括") == "zh"
    assert guess_lang("PRRT with 177Lu-DOTATATE 治疗") == "en"
    assert guess_lang("") == "en"


def test_abbreviations_are_bare_and_unique():
    # One list, entries without the final full stop (the splitter looks at the word before it).
    assert all(not entry.endswith(".") and entry.strip() == entry for entry in ABBREVIATIONS)


def test_split_lines_strips_line_ends_and_blank_lines():
    text = "First line.\r\n\n   \n  Indented, kept as is.  \nNo. 2 ends with a full stop. Not split.\r\n"
    assert split_lines(text) == ["First line.", "  Indented, kept as is.  ", "No. 2 ends with a full stop. Not split."]
    assert split_lines("") == []


# --- properties --------------------------------------------------------------------

ENGLISH_ALPHABET = "abcxyzABCJNOPE 0123456789.?!…\"'”’“‘()[]-,;:%<=\n\r\t"
CHINESE_ALPHABET = "的肿瘤治疗患者NETab01 .,?!;()[]。！？；…（）“”‘’「」『』《》【】，、：\"'\n\u3000"
any_text = st.text(max_size=200)


def _without_whitespace(text: str) -> str:
    return "".join(char for char in text if not char.isspace())


def _check_sentences(text: str, lang: str) -> None:
    sentences = split_sentences(text, lang)
    assert "".join(map(_without_whitespace, sentences)) == _without_whitespace(text)
    for sentence in sentences:
        assert sentence and sentence == sentence.strip()
        assert len(sentence.splitlines()) == 1  # safe to print one per line


@given(st.one_of(st.text(alphabet=ENGLISH_ALPHABET, max_size=200), any_text))
def test_english_keeps_all_text(text):
    _check_sentences(text, "en")


@given(st.one_of(st.text(alphabet=CHINESE_ALPHABET, max_size=200), any_text))
def test_chinese_keeps_all_text(text):
    _check_sentences(text, "zh")


_line = st.text(st.characters(blacklist_characters="\n"), min_size=1, max_size=40).filter(
    lambda line: line.strip() and not line.endswith("\r")
)


@given(st.lists(_line, max_size=10), st.sampled_from(["\n", "\r\n"]))
def test_presplit_passes_lines_through(lines, newline):
    assert split_lines(newline.join(lines)) == lines
    assert split_lines(newline.join(lines) + newline) == lines
