"""Environment variables apply where they are documented, and an error from a bad value says where
the value came from. BITEXT_FORMAT (the report format of ``bitext qa``) also set ``bitext align``'s
output format: BITEXT_FORMAT=json made align fail, BITEXT_FORMAT=jsonl changed its output."""

from __future__ import annotations

import pytest
from bad_input_helpers import CORPUS, EN, ZH, assert_input_error, run_bitext


@pytest.mark.parametrize("value", ["json", "jsonl", "html", "xml"])
def test_report_format_variable_does_not_reach_align(tmp_path, value):
    proc = run_bitext("align", "--src", EN, "--tgt", ZH, cwd=tmp_path, env={"BITEXT_FORMAT": value})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("doc\tsrc_ids\ttgt_ids\tconfidence\tsrc\ttgt\n")  # align's own default, TSV


@pytest.mark.parametrize("name, value, expected", [
    ("BITEXT_FORMAT", "xml", "BITEXT_FORMAT=xml: "),
    ("BITEXT_FAIL_ON", "fatal", "BITEXT_FAIL_ON=fatal: "),
    ("BITEXT_MODEL", "bogus", "BITEXT_MODEL=bogus: unknown model 'bogus'"),
])
def test_qa_names_the_variable_and_its_value(tmp_path, name, value, expected):
    line = assert_input_error(run_bitext("qa", "--src", EN, "--tgt", ZH, cwd=tmp_path, env={name: value}))
    assert line.startswith("bitext: error: " + expected), line


def test_qa_names_a_glossary_from_the_environment(tmp_path):
    missing = tmp_path / "missing.tsv"
    line = assert_input_error(run_bitext("qa", "--src", EN, "--tgt", ZH, cwd=tmp_path,
                                         env={"BITEXT_GLOSSARY": str(missing)}))
    assert line.startswith(f"bitext: error: BITEXT_GLOSSARY={missing}: {missing}: no such file"), line


def test_qa_names_a_model_from_the_config_file(tmp_path):
    config = tmp_path / "bitext.toml"
    config.write_text('model = "bogus"\n', encoding="utf-8")
    line = assert_input_error(run_bitext("qa", "--src", EN, "--tgt", ZH, "--config", config, cwd=tmp_path))
    assert line.startswith(f"bitext: error: {config}: model = 'bogus': unknown model 'bogus'"), line


def test_a_flag_is_not_attributed_to_anything(tmp_path):
    line = assert_input_error(run_bitext("qa", "--src", EN, "--tgt", ZH, "--model", "bogus", cwd=tmp_path,
                                         env={"BITEXT_MODEL": "use-m3"}))
    assert line.startswith("bitext: error: unknown model 'bogus'"), line


@pytest.mark.parametrize("command", [["align", "--src", EN, "--tgt", ZH], ["glossary", "build", CORPUS]])
def test_model_variable_named_by_align_and_glossary_build(tmp_path, command):
    line = assert_input_error(run_bitext(*command, cwd=tmp_path, env={"BITEXT_MODEL": "bogus"}))
    assert line.startswith("bitext: error: BITEXT_MODEL=bogus: unknown model 'bogus'"), line
