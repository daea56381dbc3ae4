"""Valid JSON that is not valid text (a lone surrogate such as "\\ud800") and pathologically nested
JSON (a RecursionError inside the json module) are input errors naming file and line, found while
the corpus is validated: nothing reaches stdout, no model loads, nothing is written."""

from __future__ import annotations

import json

import pytest
from bad_input_helpers import SENTENCE_EN, SENTENCE_ZH, assert_input_error, files_in, run_bitext

from bitext.errors import InputError

GOOD = json.dumps({"id": "good", "en": SENTENCE_EN, "zh": SENTENCE_ZH}, ensure_ascii=False)
# JSON text written by hand: json.dumps would refuse the lone surrogates (\\ud800 stays an escape here)
BAD_LINES = {
    "surrogate in the target": f'{{"id": "bad", "en": "{SENTENCE_EN}", "zh": "总生存期\\ud800为24个月。"}}',
    "surrogate in a sentence list": f'{{"id": "bad", "en": ["{SENTENCE_EN}", "x\\udfff"], "zh": "{SENTENCE_ZH}"}}',
    "surrogate in the id": f'{{"id": "b\\ud83dad", "en": "{SENTENCE_EN}", "zh": "{SENTENCE_ZH}"}}',
    "surrogate in the reference": f'{{"id": "bad", "en": "{SENTENCE_EN}", "zh": "{SENTENCE_ZH}", "ref": "\\udc80"}}',
    "nested too deeply": '{"id": "bad", "en": ' + "[" * 100_000 + "]" * 100_000 + "}",
}
COMMANDS = {
    "align": lambda corpus, tmp: ["align", corpus],
    "qa": lambda corpus, tmp: ["qa", corpus, "-f", "json"],
    "glossary build": lambda corpus, tmp: ["glossary", "build", corpus],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", BAD_LINES)
def test_bad_second_line(tmp_path, command, case):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(GOOD + "\n" + BAD_LINES[case] + "\n", encoding="utf-8")
    proc = run_bitext(*COMMANDS[command](corpus, tmp_path), cwd=tmp_path)
    line = assert_input_error(proc, f"{corpus}:2:")
    assert ("nested too deeply" if case == "nested too deeply" else "lone surrogate") in line
    assert files_in(tmp_path) == ["c.jsonl"]
    assert not (tmp_path / ".cache").exists()  # the model never loaded: the embedding cache was not opened


def test_surrogate_on_stdin(tmp_path):
    proc = run_bitext("align", "-", cwd=tmp_path, stdin=GOOD + "\n" + BAD_LINES["surrogate in the target"] + "\n")
    assert_input_error(proc, "<stdin>:2:", "lone surrogate")


def test_alignment_readers_reject_surrogates():
    from bitext.io.alignment_formats import TSV_HEADER, read_jsonl, read_tsv

    with pytest.raises(InputError, match=r"x\.tsv:2: .*lone surrogate"):
        read_tsv("\t".join(TSV_HEADER) + "\nd\t[0]\t[0]\t0.5\ta\\ud800\tb\n", "x.tsv")
    with pytest.raises(InputError, match=r"x\.jsonl:1: .*lone surrogate"):
        read_jsonl('{"doc": "d", "src": "\\ud800", "tgt": "b"}\n', "x.jsonl")


def test_library_corpus_reader(tmp_path):
    from bitext.io.corpus import read_jsonl_corpus

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(GOOD + "\n" + BAD_LINES["surrogate in the id"] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c\.jsonl:2: .*lone surrogate"):
        read_jsonl_corpus(corpus, "en", "zh")


@pytest.mark.parametrize("line, shown", [("[1, 2]", "an array"), ('"text"', "a string"), ("null", "null"),
                                         ("12", "a number"), ("true", "true")])
def test_a_line_that_is_not_an_object_is_named_in_json_terms(tmp_path, line, shown):
    """The error named Python's types: 'expected a JSON object, got NoneType' (or list, str, int, bool)."""
    from bitext.io.alignment_formats import read_jsonl

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(GOOD + "\n" + line + "\n", encoding="utf-8")
    assert_input_error(run_bitext("qa", corpus, cwd=tmp_path), f"{corpus}:2: expected a JSON object, got {shown}")
    with pytest.raises(InputError, match=f"x.jsonl:1: expected a JSON object, got {shown}$"):
        read_jsonl(line + "\n", "x.jsonl")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_text_file_given_as_the_corpus(tmp_path, command):
    """`bitext qa EN.txt` (--src and --tgt forgotten) said only "EN.txt:1: not valid JSON (Expecting value at
    column 1)"; the message now says what a corpus is and how two text files are given. A JSONL line that is
    broken JSON keeps the plain message."""
    text = tmp_path / "abstract.en.txt"
    text.write_text(SENTENCE_EN + "\n", encoding="utf-8")
    line = assert_input_error(run_bitext(*COMMANDS[command](text, tmp_path), cwd=tmp_path), f"{text}:1:",
                              "not valid JSON", "--src FILE --tgt FILE")
    assert line.count("(") == line.count(")")
    broken = tmp_path / "c.jsonl"
    broken.write_text('{"id": "a", "en": \n', encoding="utf-8")
    line = assert_input_error(run_bitext(*COMMANDS[command](broken, tmp_path), cwd=tmp_path), f"{broken}:1:",
                              "not valid JSON")
    assert "--src" not in line
