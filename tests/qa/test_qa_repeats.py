"""addition.repeated_target: a target sentence pasted twice where the source does not repeat."""

from __future__ import annotations

from qa_helpers import checks_of

from bitext.core import Alignment, Bead, Document
from bitext.qa import QASettings, run_checks
from bitext.qa.runner import unexplained_repeats

EN = ["Methods", "We enrolled 120 patients with fever.", "Results", "Most patients recovered within a week."]
ZH = ["方法", "我们纳入了120例发热患者。", "结果", "大多数患者在一周内康复。"]


def _repeated(beads, zh):
    return [f for f in run_checks([Alignment(Document("d", EN, zh), beads)], None, QASettings())
            if f.check == "addition.repeated_target"]


def test_a_duplicate_in_the_same_pair_is_reported_even_when_short():
    zh = ["方法", "方法", *ZH[1:]]
    beads = [Bead((0,), (0, 1)), Bead((1,), (2,)), Bead((2,), (3,)), Bead((3,), (4,))]
    found = _repeated(beads, zh)
    assert len(found) == 1 and found[0].tgt_ids == (0, 1)


def test_a_long_duplicate_in_the_next_pair_is_reported():
    zh = [ZH[0], ZH[1], ZH[2], ZH[3], ZH[3]]
    beads = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,)), Bead((3,), (3, 4))]
    assert len(_repeated(beads, zh)) == 1


def test_repeats_the_source_shares_or_short_lines_in_other_pairs_are_not_reported():
    en = ["Results", "Fever was common.", "Results", "Cough was rare."]
    zh = ["结果", "发热很常见。", "结果", "咳嗽很少见。"]
    beads = [Bead((i,), (i,)) for i in range(4)]
    assert unexplained_repeats(Alignment(Document("d", en, zh), beads)) == {}
    en2 = ["I had a fever yesterday", "i have fever yesterday"]
    short = Alignment(Document("d", en2, ["我昨天发热", "我昨天发热"]), [Bead((0,), (0,)), Bead((1,), (1,))])
    assert "addition.repeated_target" not in checks_of(run_checks([short], None, QASettings()))


def test_a_copy_aligned_to_nothing_is_left_to_unaligned_target():
    zh = [*ZH, ZH[3]]
    beads = [Bead((i,), (i,)) for i in range(4)] + [Bead((), (4,))]
    found = run_checks([Alignment(Document("d", EN, zh), beads)], None, QASettings())
    assert "addition.repeated_target" not in checks_of(found)
    assert "addition.unaligned_target" in checks_of(found)


def test_an_alignment_that_leaves_sentences_out_is_accepted():
    zh = [*ZH, ZH[3]]
    beads = [Bead((i,), (i,)) for i in range(4)]  # target sentence 4 in no bead (a library caller's choice)
    assert unexplained_repeats(Alignment(Document("d", EN, zh), beads)) == {}
    run_checks([Alignment(Document("d", EN, zh), beads)], None, QASettings())



def test_a_short_line_right_after_its_own_copy_is_reported_even_in_another_pair():
    zh = ["方法", "方法", *ZH[1:]]
    beads = [Bead((0,), (0,)), Bead((1,), (1, 2)), Bead((2,), (3,)), Bead((3,), (4,))]
    found = _repeated(beads, zh)
    assert len(found) == 1 and found[0].tgt_ids == (1, 2)
    # the same short line further on, after another sentence, may translate another source alike
    zh_apart = [ZH[0], ZH[1], ZH[0], ZH[3]]
    en_apart = [EN[0], EN[1], "Methods used", EN[3]]
    apart = Alignment(Document("d", en_apart, zh_apart), [Bead((i,), (i,)) for i in range(4)])
    assert unexplained_repeats(apart) == {}


def test_a_copy_is_judged_against_its_nearest_earlier_copy():
    # two sources translated alike (我昨天发热), then the second pasted twice into its own pair: the
    # paste is a repeat within one pair whose source does not repeat, whatever the first copy was
    en = ["I got a fever yesterday", "I also had a slight fever", "I had a fever yesterday", "My chest hurts"]
    zh = ["我昨天发热", "我也出现低热症状", "我昨天发热", "我昨天发热", "我胸口痛"]
    beads = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2, 3)), Bead((3,), (4,))]
    assert unexplained_repeats(Alignment(Document("d", en, zh), beads)) == {2: (3,)}
    # the same lines, each in its own pair: two sources translated alike, nothing pasted
    alike = Alignment(Document("d", en[:3], zh[:3]), beads[:2] + [Bead((2,), (2,))])
    assert unexplained_repeats(alike) == {}
