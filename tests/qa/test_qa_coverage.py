"""Source coverage through the CC-CEDICT lexicon, the length shortfall z, and omission.partial."""

from __future__ import annotations

import math

import pytest
from qa_helpers import checks_of, pair

from bitext.core import Alignment, Bead, Document
from bitext.qa import QASettings, run_checks
from bitext.qa.coverage import source_coverage
from bitext.qa.lexicon import build_index, parse_supplement, renderings, word_forms
from bitext.qa.runner import length_z

SOURCE = ("The patients were treated with chemotherapy in the hospital, and the doctors recorded "
          "the symptoms of fever and cough every morning.")
FULL = "患者在医院接受化疗，医生每天早上记录发热和咳嗽的症状。"
DROPPED = "患者在医院接受化疗。"


def test_index_reverses_short_definitions_only():
    lines = [
        "# a comment line",
        "病毒 病毒 [bing4 du2] /virus/",
        "戴 戴 [dai4] /to put on or wear (glasses, hat, gloves etc)/surname Dai/",
        "解释 解释 [jie3 shi4] /a long definition that explains rather than translates the word/",
    ]
    index = build_index(lines)
    assert index["virus"] == ("病毒",)
    assert index["wear"] == ("戴",) and index["put"] == ("戴",)
    assert "dai" not in index and "explains" not in index


def test_word_forms_and_renderings():
    assert {"infect", "infected"} <= set(word_forms("infected"))
    assert "patient" in word_forms("patients")
    assert "患者" in renderings("patients")
    assert renderings("zzzqx") == ()


def test_short_stems_of_inflected_forms_are_found():
    # the stem rule looks at the dictionary form, not at what is left after the suffix
    assert "die" in word_forms("died") and "死" in renderings("died")


def test_the_supplement_gives_medical_renderings_a_general_dictionary_lacks():
    assert {"试验", "基线"} <= set(renderings("trial")) | set(renderings("baseline"))
    assert "不良" in renderings("adverse")
    src = "The trial kept its baseline criteria."
    covered = {src[w.start:w.end]: w.matched for w in source_coverage(src, "该试验保持了基线标准。").words}
    assert covered["trial"] and covered["baseline"]


def test_a_malformed_supplement_line_is_reported_with_its_number():
    assert parse_supplement("# note\ntrial\t试验|临床试验\n") == {"trial": ("临床试验", "试验")}
    with pytest.raises(ValueError, match="line 2"):
        parse_supplement("trial\t试验\nbaseline\n")


def test_coverage_matches_renderings_latin_and_neutral_names():
    coverage = source_coverage("Doctors in Wuhan used ECMO for the patients.", "武汉的医生对患者使用 ECMO。")
    by_word = {"Doctors in Wuhan used ECMO for the patients."[w.start:w.end]: w.matched for w in coverage.words}
    assert by_word["Doctors"] is True and by_word["patients"] is True
    assert by_word["Wuhan"] is None  # a name after the first word: transliterated, neutral


def test_longest_gap_is_the_dropped_clause():
    full = source_coverage(SOURCE, FULL).longest_gap()
    dropped = source_coverage(SOURCE, DROPPED)
    gap, start, end = dropped.longest_gap()
    assert gap >= 4 > full[0]
    assert "symptoms" in SOURCE[start:end] or "recorded" in SOURCE[start:end]


def test_length_z_uses_the_document_and_the_prior():
    pairs = [("x" * 60, "字" * 10)] * 9 + [("x" * 60, "字" * 4), None]
    z = length_z(pairs, minimum=8)
    assert z[-1] is None
    assert z[0] == pytest.approx(0.0)
    assert z[-2] == pytest.approx(math.log(10 / 4) / 0.10)  # the document's own spread is floored
    alone = length_z([("x" * 60, "字" * 10)], minimum=8)  # too short to measure: the professional prior
    assert alone[0] == pytest.approx((math.log(60 / 30) - 0.18) / 0.15)


def test_dropped_clause_is_reported_with_its_span():
    findings = run_checks([pair(SOURCE, DROPPED)], None, QASettings())
    partial = [f for f in findings if f.check == "omission.partial"]
    assert len(partial) == 1
    span = partial[0].spans[0]
    assert span.side == "src" and "symptoms" in SOURCE[span.start:span.end] + partial[0].message


def test_full_translation_is_not_reported():
    assert "omission.partial" not in checks_of(run_checks([pair(SOURCE, FULL)], None, QASettings()))


def test_a_document_of_free_but_complete_translations_is_quiet():
    en = [SOURCE] * 10
    zh = [FULL] * 10
    alignment = Alignment(Document("d", en, zh), [Bead((i,), (i,)) for i in range(10)])
    assert "omission.partial" not in checks_of(run_checks([alignment], None, QASettings()))


def test_a_source_sentence_merged_into_its_neighbours_pair_is_reported():
    en = ["The patients were treated with chemotherapy in the hospital.",
          "The doctors recorded the symptoms of fever and cough every morning."]
    alignment = Alignment(Document("d", en, ["患者在医院接受化疗。"]), [Bead((0, 1), (0,))])
    partial = [f for f in run_checks([alignment], None, QASettings()) if f.check == "omission.partial"]
    assert len(partial) == 1
    span = partial[0].spans[0]
    assert " ".join(en)[span.start:span.end] == en[1]
    whole = Alignment(Document("d", en, [FULL]), [Bead((0, 1), (0,))])
    assert "omission.partial" not in checks_of(run_checks([whole], None, QASettings()))


def test_a_heading_merged_into_the_next_pair_without_its_translation_is_reported():
    en = ["Conclusions", "The patients were treated with chemotherapy in the hospital."]
    dropped = Alignment(Document("d", en, ["患者在医院接受化疗。"]), [Bead((0, 1), (0,))])
    partial = [f for f in run_checks([dropped], None, QASettings()) if f.check == "omission.partial"]
    assert len(partial) == 1 and partial[0].spans[0].end == len("Conclusions")
    kept = Alignment(Document("d", en, ["结论：患者在医院接受化疗。"]), [Bead((0, 1), (0,))])
    assert "omission.partial" not in checks_of(run_checks([kept], None, QASettings()))


def test_a_merged_heading_is_looked_for_where_its_translation_would_stand():
    # 分析 renders "analysed" at the end of the target; the heading's place, the start, has nothing
    en = ["Statistical Analysis", "We fitted a mixed model to the data of every patient and then analysed them."]
    body = "我们对每位患者的资料拟合了混合模型，然后进行了分析。"
    dropped = Alignment(Document("d", en, [body]), [Bead((0, 1), (0,))])
    partial = [f for f in run_checks([dropped], None, QASettings()) if f.check == "omission.partial"]
    assert len(partial) == 1 and partial[0].spans[0].end == len(en[0])
    kept = Alignment(Document("d", en, ["统计分析：" + body]), [Bead((0, 1), (0,))])
    assert "omission.partial" not in checks_of(run_checks([kept], None, QASettings()))


def test_the_index_file_is_built_once_and_read_word_by_word(tmp_path, monkeypatch):
    from bitext.qa import lexicon

    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path))
    lexicon.cedict_index.cache_clear()
    try:
        index = lexicon.cedict_index()
        (path,) = tmp_path.glob("cedict-en-zh-*.sqlite")
        assert "病毒" in index.get("virus") and index.get("zzzqx") == ()
        lexicon.cedict_index.cache_clear()
        monkeypatch.setattr(lexicon, "build_index", lambda lines: pytest.fail("rebuilt"))
        assert lexicon.cedict_index().get("virus") == index.get("virus")
    finally:
        lexicon.cedict_index.cache_clear()


def test_without_a_usable_cache_folder_the_index_is_kept_in_memory(tmp_path, monkeypatch):
    from bitext.qa import lexicon

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(blocker / "cache"))
    lexicon.cedict_index.cache_clear()
    try:
        assert "患者" in renderings("patients")
    finally:
        lexicon.cedict_index.cache_clear()


def test_a_fixed_phrase_and_a_spelled_out_acronym_count_as_rendered():
    words = source_coverage("Do you have shortness of breath?", "您有气促吗？").words
    assert all(w.matched for w in words)
    words = source_coverage("the hazard ratio and its 95% confidence interval", "风险比及其95% ci").words
    assert all(w.matched for w in words)
    # without the acronym in the target, the spelled-out words are looked up one by one
    assert not all(w.matched for w in source_coverage("its 95% confidence interval", "其范围").words)


def test_a_merged_sentence_the_target_has_no_room_for_is_reported_though_it_shares_words():
    # The second sentence's words 患者 and 医院 are in the target (its neighbour's), so it is not
    # wholly unmatched; but the first sentence is translated in full and fills the target.
    en = ["The patients were treated with chemotherapy in the hospital.",
          "The doctors examined the patients in the hospital every morning."]
    merged = Alignment(Document("d", en, ["患者在医院接受化疗。"]), [Bead((0, 1), (0,))])
    partial = [f for f in run_checks([merged], None, QASettings()) if f.check == "omission.partial"]
    assert len(partial) == 1 and partial[0].spans
    span = partial[0].spans[0]
    assert " ".join(en)[span.start:span.end] == en[1]
    whole = Alignment(Document("d", en, ["患者在医院接受化疗。医生每天早上在医院检查患者。"]), [Bead((0, 1), (0,))])
    assert "omission.partial" not in checks_of(run_checks([whole], None, QASettings()))
