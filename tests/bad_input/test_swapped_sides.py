"""A side in the wrong language is an input error: Chinese given as --src and English as --tgt
passed the CI gate with three warnings. The language of each side comes from script statistics
(the share of Han characters among Han and Latin letters), decided on a whole document, never per
sentence, and only when clear: short or mixed texts are left alone."""

from __future__ import annotations

import json

import pytest
from bad_input_helpers import EN, SENTENCE_EN, SENTENCE_ZH, ZH, assert_input_error, files_in, run_bitext


@pytest.mark.parametrize("command", [["qa"], ["align"], ["glossary", "build"]])
def test_swapped_files(tmp_path, command):
    proc = run_bitext(*command, "--src", ZH, "--tgt", EN, cwd=tmp_path)
    line = assert_input_error(proc, str(ZH), "Chinese", "but --src-lang is en", "swapped")
    assert str(EN) not in line.split("(")[0]  # the first wrong side is named, once
    assert files_in(tmp_path) == [] and not (tmp_path / ".cache").exists()


def test_a_target_that_is_english(tmp_path):
    proc = run_bitext("qa", "--src", EN, "--tgt", EN, cwd=tmp_path)
    assert_input_error(proc, str(EN), "English", "but --tgt-lang is zh")


def test_swapped_fields_on_one_corpus_line(tmp_path):
    en, zh = EN.read_text(encoding="utf-8"), ZH.read_text(encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "en": en, "zh": zh}, ensure_ascii=False) + "\n"
                      + json.dumps({"id": "b", "en": zh.split("\n"), "zh": en.split("\n")}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    for command in (["align", corpus], ["qa", corpus], ["glossary", "build", corpus]):
        assert_input_error(run_bitext(*command, cwd=tmp_path), f"{corpus}:2:", "field 'en'", "Chinese")


def test_tmx_with_swapped_variants(tmp_path):
    memory = tmp_path / "m.tmx"
    units = "".join(f'<tu><tuv xml:lang="en"><seg>{zh}</seg></tuv><tuv xml:lang="zh"><seg>{en}</seg></tuv></tu>\n'
                    for en, zh in [(SENTENCE_EN, SENTENCE_ZH)] * 4)
    memory.write_text(f'<tmx version="1.4"><header srclang="en"/><body>\n{units}</body></tmx>\n', encoding="utf-8")
    assert_input_error(run_bitext("qa", memory, cwd=tmp_path), f"{memory}:2:", "Chinese")


def test_declared_languages_swapped_too_is_fine(tmp_path):
    proc = run_bitext("align", "--src", ZH, "--tgt", EN, "--src-lang", "zh", "--tgt-lang", "en", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 14  # header + 13 pairs


def test_unclear_documents_are_left_alone(tmp_path):
    """One untranslated sentence, a heading with a few Han characters, a Chinese text full of Latin terms."""
    corpus = tmp_path / "c.jsonl"
    rows = [
        {"id": "untranslated", "en": SENTENCE_EN, "zh": SENTENCE_EN},
        {"id": "heading", "en": "Table 1. Baseline (基线) characteristics of the 12 patients",
         "zh": "表1. 12例患者的基线特征"},
        {"id": "latin-heavy", "en": SENTENCE_EN,
         "zh": "177Lu-DOTATATE（PRRT）治疗 NET G2 患者的 PFS 与 OS 优于 octreotide LAR 组。"},
    ]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    proc = run_bitext("align", corpus, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_script_language():
    from bitext.io.language import script_language

    assert script_language(EN.read_text(encoding="utf-8")) == "en"
    assert script_language(ZH.read_text(encoding="utf-8")) == "zh"
    assert script_language(SENTENCE_EN) is None  # too short to be sure
    assert script_language("表1") is None
    assert script_language(SENTENCE_EN * 5 + SENTENCE_ZH * 3) is None  # mixed: neither clearly


def test_script_counts_count_each_han_character_and_latin_letter():
    from bitext.io.language import script_counts

    assert script_counts("") == (0, 0)
    # Han (CJK and extension B), Latin with accents, ligature, full-width and Roman numeral letters;
    # digits, kana, Greek and punctuation count for neither
    assert script_counts("Hello 世界𠀀, é ﬁ ｂ Ⅻ 12 かな αβ。") == (3, 9)
