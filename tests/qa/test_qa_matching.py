"""Term matching: English token sequences and Chinese substrings, longest first, with masking."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.glossary import Glossary, GlossaryMatcher, Status, Term
from bitext.glossary.english import (
    _SPELLING,
    TokenMatcher,
    inflections,
    lemmas,
    plural_lemmas,
    spelling_key,
    verb_forms,
)
from bitext.glossary.normalize import fold


def glossary(*rows: tuple[str, list[str], list[tuple[str, Status]]]) -> Glossary:
    g = Glossary()
    for number, (en, variants, zh) in enumerate(rows):
        cid = f"C{number}"
        for text in [en, *variants]:
            g.add(Term(text, "en", Status.PREFERRED, cid))
        for text, status in zh:
            g.add(Term(text, "zh", status, cid))
    return g


P, A, F, K = Status.PREFERRED, Status.ADMITTED, Status.FORBIDDEN, Status.KEEP_LATIN
G = glossary(
    ("neuroendocrine tumor", ["NET"], [("神经内分泌瘤", P), ("神经内分泌肿瘤", F)]),
    ("pancreatic neuroendocrine tumor", ["pNET"], [("胰腺神经内分泌瘤", P)]),
    ("somatostatin analog", ["SSA"], [("生长抑素类似物", P)]),
    ("somatostatin", [], [("生长抑素", P)]),
    ("progression-free survival", ["PFS"], [("无进展生存期", P), ("无进展生存", A)]),
    ("esophagus", [], [("食管", P)]),
    ("liver metastasis", [], [("肝转移", P), ("肝转移灶", A)]),
    ("chemotherapy", [], [("化疗", P)]),
    ("SPECT/CT", [], [("SPECT/CT", K)]),
    ("chromogranin A", ["CgA"], [("嗜铬粒蛋白A", P)]),
    ("randomized", [], [("随机", P)]),
)


@pytest.fixture(scope="module")
def matcher():
    return GlossaryMatcher(G)


@pytest.mark.parametrize(
    "text, expected",
    [
        # acronyms keep their case; plurals of acronyms
        ("Patients with NET or NETs.", ["NET", "NETs"]),
        ("The net effect was small.", []),
        ("the NETTER-1 trial", []),
        # case-insensitive full forms, British spellings, plurals, hyphen = space
        ("Neuroendocrine Tumours were seen", ["Neuroendocrine Tumours"]),
        ("somatostatin analogues such as octreotide", ["somatostatin analogues"]),
        ("progression free survival and progression-free-survival", ["progression free survival",
                                                                     "progression-free-survival"]),
        ("cancer of the oesophagus", ["oesophagus"]),
        ("three liver metastases", ["liver metastases"]),
        ("patients were randomised", ["randomised"]),
        # longest match first, shorter term masked; a term never crosses punctuation it lacks
        ("pancreatic neuroendocrine tumours", ["pancreatic neuroendocrine tumours"]),
        ("somatostatin analog and somatostatin", ["somatostatin analog", "somatostatin"]),
        ("liver, metastasis", []),
        ("SPECT/CT and chromogranin A (CgA)", ["SPECT/CT", "chromogranin A", "CgA"]),
        ("chromogranin a", []),
    ],
)
def test_source_matching(matcher, text, expected):
    assert [m.text for m in matcher.source(text)] == expected


@pytest.mark.parametrize(
    "text, chosen, nested, rejected",
    [
        # longest first: the NET term inside the pNET term is nested, not a separate use
        ("晚期胰腺神经内分泌瘤患者", ["胰腺神经内分泌瘤"], ["神经内分泌瘤"], []),
        ("无进展生存期延长", ["无进展生存期"], ["无进展生存"], []),
        ("纳入了神经内分泌肿瘤患者", ["神经内分泌肿瘤"], [], []),
        # a match cutting through a longer jieba word is rejected: chemoradiotherapy is not chemotherapy
        ("同步放化疗后", [], [], ["化疗"]),
        ("诱导化疗后", ["化疗"], [], []),
        # Latin forms in Chinese text: boundaries, width folding
        ("SPECT/CT显示肝转移灶", ["SPECT/CT", "肝转移灶"], ["肝转移"], []),
        ("ＳＰＥＣＴ/ＣＴ显示", ["ＳＰＥＣＴ/ＣＴ"], [], []),
        ("NETTER-1试验", [], [], []),
        ("神经内分泌瘤（NET）", ["神经内分泌瘤", "NET"], [], []),
        ("嗜铬粒蛋白A升高，嗜铬粒蛋白AB", ["嗜铬粒蛋白A"], [], []),
    ],
)
def test_target_matching(matcher, text, chosen, nested, rejected):
    found = matcher.target(text)
    assert [m.text for m in found.chosen] == chosen
    assert [m.text for m in found.nested] == nested
    assert [m.text for m in found.rejected] == rejected


def test_target_match_carries_every_glossary_entry_of_the_string(matcher):
    (match,) = matcher.target("神经内分泌肿瘤").chosen
    assert {(t.concept_id, t.status) for t in match.payloads} == {("C0", F)}


@pytest.mark.parametrize("british, american", [
    ("tumour", "tumor"), ("analogue", "analog"), ("oesophagus", "esophagus"), ("haemorrhage", "hemorrhage"),
    ("paediatric", "pediatric"), ("randomised", "randomized"), ("centre", "center"), ("diarrhoea", "diarrhea"),
    ("oestrogen", "estrogen"), ("foetal", "fetal"), ("labelled", "labeled"), ("aetiology", "etiology"),
])
def test_spelling_keys_merge(british, american):
    assert spelling_key(british) == spelling_key(american)


def substituted(word: str) -> str:
    """The word's spelling key the long way: every _SPELLING rule substituted in turn."""
    key = word.lower()
    for pattern, replacement in _SPELLING:
        key = pattern.sub(replacement, key)
    return key


def test_spelling_keys_skip_only_words_no_rule_changes():
    """spelling_key returns a word no _SPELLING rule matches as it is, without substituting: the same
    key as substituting every rule, for each rule's own examples and for the seed abstract's words."""
    seed = Path(__file__).resolve().parents[2] / "corpora" / "seed" / "cutaneous-net-prrt.en.txt"
    words = set(seed.read_text(encoding="utf-8").replace("-", " ").split())
    words |= {"Tumours", "catalogues", "aetiology", "anaemia", "Oedema", "diarrhoea", "coeliac", "amoebic",
              "analysed", "randomisation", "fibres", "modelling", "greyish", "sulphate", "aluminium",
              "kilogramme", "ageing", "tumor", "haemorrhage", "paediatrics", "house", "therapies", "rise"}
    changed = {word for word in words if substituted(word) != word.lower()}
    assert len(changed) >= 20  # the rules' examples do change
    assert all(spelling_key(word) == substituted(word) for word in words)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aeiouyrstlgmhpcbfdnkAEOT", min_size=1, max_size=14))
def test_spelling_keys_equal_every_rule_substituted(word):
    assert spelling_key(word) == substituted(word)


@pytest.mark.parametrize("plural, singular", [
    ("tumors", "tumor"), ("metastases", "metastasis"), ("therapies", "therapy"), ("analyses", "analysis"),
    ("indices", "index"), ("criteria", "criterion"), ("nuclei", "nucleus"), ("masses", "mass"),
])
def test_lemmas(plural, singular):
    assert singular in plural_lemmas(plural) and singular in lemmas(plural)


@pytest.mark.parametrize("term, text", [
    ("infect", "infected"), ("infect", "infecting"), ("infect", "infects"), ("touch", "touching"),
    ("touch", "touches"), ("use", "used"), ("use", "using"), ("stop", "stopped"), ("stop", "stopping"),
    ("study", "studied"), ("die", "dying"), ("panic", "panicked"), ("admit", "admitted"),
    ("happen", "happened"), ("plan", "planned"), ("hospitalize", "hospitalised"), ("rate", "rating"),
    ("testing", "tests"), ("testing", "tested"), ("infected", "infect"), ("rating", "rates"), ("Tumor", "tumours"),
])
def test_a_term_matches_its_inflections(term, text):
    assert [m.text for m in TokenMatcher([(term, 1)]).match(f"They were {text} here.")] == [text]


@pytest.mark.parametrize("term, text", [
    # a text word whose -ed/-ing cut is another word is not that word's inflection
    ("rat", "rating"), ("unit", "United"), ("cod", "Coding"), ("mat", "Mating"), ("plan", "Planed"),
    ("rating", "rat"), ("hop", "hoped"), ("infect", "infection"), ("infected", "infection"), ("use", "us"),
])
def test_a_term_does_not_match_other_words(term, text):
    assert TokenMatcher([(term, 1)]).match(f"{text} scale") == []


def test_verb_forms_double_only_where_spelling_is_unambiguous():
    assert verb_forms("stop") >= {"stopped", "stopping"} and "stoped" not in verb_forms("stop")
    assert "united" not in verb_forms("unit") and "united" in verb_forms("unite")
    assert "rating" not in inflections("rat") and "rating" in inflections("rate")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_matches_are_ordered_spans_of_the_text(text):
    matcher = TokenMatcher([("NET", 1), ("neuroendocrine tumor", 2), ("tumor", 3)])
    matches = matcher.match(text)
    assert all(text[m.start:m.end] == m.text for m in matches)
    assert all(a.end <= b.start for a, b in pairwise(matches))
    assert len(fold(text)) == len(text)
