"""Dice / log-likelihood association and co-occurrence linking on a tiny corpus with a known answer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bitext.termex import build_candidates
from bitext.termex.cooc import PairCounter, dice, en_clauses, en_ngrams, llr, zh_ngrams


def g2_by_hand(k11, k12, k21, k22):
    n = k11 + k12 + k21 + k22
    cells = [(k11, k11 + k12, k11 + k21), (k12, k11 + k12, k12 + k22),
             (k21, k21 + k22, k11 + k21), (k22, k21 + k22, k12 + k22)]
    return 2 * sum(k * math.log(k * n / (r * c)) for k, r, c in cells if k)


@pytest.mark.parametrize("k11,ce,cz,n", [(10, 10, 10, 20), (3, 5, 4, 100), (1, 50, 40, 100), (7, 7, 9, 1000)])
def test_llr_matches_hand_computation(k11, ce, cz, n):
    expected = g2_by_hand(k11, ce - k11, cz - k11, n - ce - cz + k11)
    got = float(llr(np.array([k11]), np.array([ce], float), np.array([cz], float), n)[0])
    sign = 1 if k11 >= ce * cz / n else -1
    assert got == pytest.approx(sign * expected, rel=1e-9)


def test_llr_perfect_association_value():
    # 10 of 20 pairs hold both words, the other 10 neither: G² = 40·ln 2
    assert float(llr(np.array([10]), np.array([10.0]), np.array([10.0]), 20)[0]) == pytest.approx(40 * math.log(2))


def test_dice():
    assert list(dice(np.array([4, 2, 0]), np.array([4.0, 4, 3]), np.array([4.0, 6, 5]))) == [1.0, 0.4, 0.0]


def test_pair_counter_merges_chunks_and_prunes_singletons():
    counter = PairCounter(n_zh=10, buffer_size=4, max_pairs=3)
    for _ in range(3):
        counter.add(np.array([1]), np.array([2, 3]))
    counter.add(np.array([5]), np.array([7]))
    counter.add(np.array([6]), np.array([8]))
    e, z, c = counter.result(min_count=2)
    assert sorted(zip(e.tolist(), z.tolist(), c.tolist(), strict=True)) == [(1, 2, 3), (1, 3, 3)]


def test_english_ngrams_are_noun_phrase_like():
    grams = en_ngrams(en_clauses("The primary end point was recurrence-free survival in the "
                                 "intention-to-treat population."))
    assert "recurrence-free survival" in grams
    assert "primary end point" in grams
    assert not any(g.startswith("the ") or g.endswith(" the") for g in grams)
    assert "point was recurrence-free" not in grams   # a stop word inside breaks the n-gram
    assert "intention-to-treat population" not in grams  # ends with a population word
    assert "patient" not in en_ngrams(en_clauses("patients"))  # general word alone


def test_chinese_ngrams_skip_function_words(cut):
    grams = zh_ngrams(cut("主要终点是意向治疗人群的无复发生存期。"))
    assert "无复发生存期" in grams
    assert not any("的" in g or "是" in g for g in grams)


# A made-up corpus: three term pairs in varied sentences, plus general words on both sides.
CORPUS = [
    ("Zorbitide reduced fever in most patients.", "佐比肽降低了大多数患者的发热。"),
    ("Patients with renal failure received zorbitide.", "肾衰竭患者接受了佐比肽治疗。"),
    ("Renal failure was rare.", "肾衰竭很少见。"),
    ("The placebo group had more fever.", "安慰剂组的发热更多。"),
    ("Zorbitide and placebo were compared.", "我们比较了佐比肽和安慰剂。"),
    ("Renal failure occurred after placebo.", "安慰剂治疗后发生了肾衰竭。"),
    ("No patients stopped zorbitide.", "没有患者停用佐比肽。"),
    ("Placebo tablets looked identical.", "安慰剂片剂外观相同。"),
    ("Renal failure needs dialysis.", "肾衰竭需要透析。"),
    ("Fever resolved in two days.", "发热在两天内消退。"),
]


def test_linking_finds_the_known_pairs():
    cands = build_candidates(CORPUS, min_freq=2)
    pairs = {(c.en_term.lower(), c.zh_term) for c in cands}
    assert ("zorbitide", "佐比肽") in pairs
    assert ("renal failure", "肾衰竭") in pairs
    assert ("placebo", "安慰剂") in pairs
    assert ("fever", "发热") in pairs
    best = {c.en_term.lower(): c for c in cands}
    assert best["zorbitide"].dice == pytest.approx(1.0)
    assert best["zorbitide"].frequency == 4
    assert all("cooc" in c.method for c in cands)
    # each English term is linked to one Chinese term (competitive linking)
    assert len({c.en_term.lower() for c in cands}) == len(cands)


def test_compound_parts_split_words_the_tokenizer_keeps_whole():
    from bitext.termex.lexicon import compound_parts, make_tokenizer

    tok = make_tokenizer()
    assert compound_parts(tok, "湖北省") == ["湖北", "省"]
    assert compound_parts(tok, "高血压") == ["高", "血压"]
    assert compound_parts(tok, "平均潜伏期") == ["平均", "潜伏期"]
    assert compound_parts(tok, "肺炎") == ["肺炎"]  # two characters: nothing inside


def test_chinese_grams_include_the_parts_of_long_words():
    # a term may be a constituent of a word jieba keeps whole: the name in 湖北省, the head of 高血压
    from bitext.termex.lexicon import make_tokenizer
    from bitext.termex.scan import Scanner

    scanner = Scanner(make_tokenizer(), 4)
    grams = scanner.zh_grams("湖北省报告了高血压病例。")
    assert {"湖北省", "湖北", "高血压", "血压"} <= grams
    assert "北省" not in grams and "高血" not in grams  # not words: no split there


def test_a_term_inside_a_longer_word_is_linked():
    # "Hubei" is written 湖北省 in most pairs and 湖北 in the others: before the parts of long
    # words were counted, 湖北 was seen too rarely to link
    corpus = [(f"Cases rose in Hubei on day {i}.", f"第{i}天湖北省病例增加。") for i in range(1, 7)]
    corpus += [(f"Hubei reported {i} deaths.", f"湖北报告了{i}例死亡。") for i in range(1, 4)]
    corpus += [(f"Beijing reported {i} cases.", f"北京报告了{i}例病例。") for i in range(1, 4)]
    pairs = {(c.en_term, c.zh_term) for c in build_candidates(corpus, workers=1)}
    assert ("Hubei", "湖北") in pairs


def test_a_quantity_phrase_never_starts_a_chinese_gram(cut):
    grams = zh_ngrams(["警方", "逮捕", "了", "数名", "中共", "党员"])
    assert "中共党员" in grams and "中共" in grams
    assert not any(g.startswith("数名") for g in grams)
