"""Corpus ids and languages are checked while the corpus is validated, before a model loads or
anything is written: an id that is not a string is rejected (null was written out as "None"), an
id that cannot be a file name is reported with its line (a 300-character id failed only when its
ID.align was written, after earlier documents' files), and --src-lang/--tgt-lang are checked for
a corpus as for a pair of files. A bead-format output folder appears only once there is something
to put in it."""

from __future__ import annotations

import json

import pytest
from bad_input_helpers import SENTENCE_EN, SENTENCE_ZH, assert_input_error, files_in, run_bitext


def _line(doc_id) -> str:
    return json.dumps({"id": doc_id, "en": SENTENCE_EN, "zh": SENTENCE_ZH}, ensure_ascii=False)


@pytest.mark.parametrize("doc_id, kind", [(None, "null"), ({"n": 1}, "an object"), (["a"], "an array"),
                                          (12, "a number"), (True, "true")])
def test_an_id_that_is_not_a_string(tmp_path, doc_id, kind):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(_line("first") + "\n" + _line(doc_id) + "\n", encoding="utf-8")
    for command in (["align", corpus, "-f", "beads", "-o", tmp_path / "out"], ["qa", corpus]):
        line = assert_input_error(run_bitext(*command, cwd=tmp_path), f"{corpus}:2:", "'id' must be a string")
        assert kind in line
    assert files_in(tmp_path) == ["c.jsonl"]


@pytest.mark.parametrize("doc_id, problem", [("x" * 300, "longer than"), ("a\nb", "control character"),
                                             ("a/b", "path separator"), ("..", "not a file name"),
                                             ("", "not a file name")])
def test_an_id_that_cannot_be_a_file_name(tmp_path, doc_id, problem):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(_line("first") + "\n" + _line(doc_id) + "\n", encoding="utf-8")
    proc = run_bitext("align", corpus, "-f", "beads", "-o", tmp_path / "out", cwd=tmp_path)
    assert_input_error(proc, f"{corpus}:2:", problem)
    assert files_in(tmp_path) == ["c.jsonl"]  # no out/, no first.align
    assert not (tmp_path / ".cache").exists()  # found before the model loaded


@pytest.mark.parametrize("command", ["align", "qa"])
def test_a_language_that_cannot_be_split_is_found_before_the_model_loads(tmp_path, command):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "de": "Das Gesamtüberleben betrug 24 Monate.", "zh": SENTENCE_ZH},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run_bitext(command, corpus, "--src-lang", "de", cwd=tmp_path)
    assert_input_error(proc, f"{corpus}:1:", "'de'", "--presplit")
    assert not (tmp_path / ".cache").exists()


def test_a_language_that_cannot_be_split_is_fine_presplit(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "de": ["Das Gesamtüberleben betrug 24 Monate."], "zh": [SENTENCE_ZH]},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run_bitext("align", corpus, "--src-lang", "de", "-f", "beads", "-o", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "a.align").read_text(encoding="utf-8") == "[0]:[0]\n"


def test_no_empty_output_folder_when_aligning_fails(tmp_path, monkeypatch):
    """The run fails after validation (here: the corpus changes while it is read again)."""
    from typer.testing import CliRunner

    from bitext.align import pipeline
    from bitext.cli.main import app
    from bitext.errors import InputError

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(_line("first") + "\n", encoding="utf-8")

    def changed(*args, **kwargs):
        raise InputError(f"{corpus}: changed while it was being read")
        yield  # a generator, as the real one

    monkeypatch.setattr(pipeline, "block_embedder", lambda *args, **kwargs: object())
    monkeypatch.setattr(pipeline, "iter_alignments", changed)
    out = tmp_path / "deep" / "out"
    result = CliRunner().invoke(app, ["align", str(corpus), "-f", "beads", "-o", str(out), "--no-cache"])
    assert result.exit_code == 2, result.output
    assert "changed while it was being read" in result.stderr
    assert files_in(tmp_path) == ["c.jsonl"]  # neither deep/ nor deep/out/
