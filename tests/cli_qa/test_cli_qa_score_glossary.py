"""``bitext score`` (sacrebleu BLEU/chrF/TER with signatures) and ``bitext glossary check``."""

from __future__ import annotations

import json

import pytest
import typer
from cli_qa_helpers import GLOSSARY_HEADER, assert_one_line_error, run_bitext

from bitext.metrics import bleu_tokenizer, corpus_scores, sentence_chrf

HYP = "今天天气很好。\n我们治疗了十二例患者。\n总生存期为24个月。\n"
REF = "今天天气不错。\n我们共治疗了十二名患者。\n总生存期为24个月。\n"


@pytest.fixture
def files(tmp_path):
    hyp, ref = tmp_path / "hyp.zh", tmp_path / "ref.zh"
    hyp.write_text(HYP, encoding="utf-8")
    ref.write_text(REF, encoding="utf-8")
    return hyp, ref


def test_score_chinese_uses_zh_tokenizer(cli, files):
    hyp, ref = files
    result = cli("score", "--hyp", hyp, "--ref", ref)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    bleu = float(lines[0].split("=")[1].split()[0])
    assert lines[0].startswith("BLEU = ") and bleu > 0
    assert "signature: BLEU|nrefs:1|" in result.stdout and "tok:zh" in result.stdout
    assert "signature: chrF2|" in result.stdout and "signature: TER|" in result.stdout
    assert "asian:yes" in result.stdout


def test_score_json(cli, files):
    hyp, ref = files
    data = json.loads(cli("score", "--hyp", hyp, "--ref", ref, "-f", "json").stdout)
    names = [s["name"] for s in data["scores"]]
    assert names == ["BLEU", "chrF2", "TER"]
    assert data["scores"][0]["score"] > 0 and "tok:zh" in data["scores"][0]["signature"]
    assert data["lines"] == 3


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_score_reads_crlf_and_lone_cr_line_ends(cli, files, tmp_path, ending):
    """A hypothesis saved with Windows or old Mac line ends has as many segments as with \\n."""
    _, ref = files
    hyp = tmp_path / "hyp-cr.zh"
    hyp.write_bytes(HYP.replace("\n", ending).encode("utf-8"))
    data = json.loads(cli("score", "--hyp", hyp, "--ref", ref, "-f", "json").stdout)
    plain = json.loads(cli("score", "--hyp", files[0], "--ref", ref, "-f", "json").stdout)
    assert data["lines"] == 3 and data["scores"] == plain["scores"]


def test_13a_would_give_zero_on_chinese():
    """Why the zh tokenizer is forced: 13a sees each Chinese sentence as one token."""
    from sacrebleu.metrics import BLEU

    hyps, refs = HYP.splitlines(), [REF.splitlines()]
    assert BLEU(tokenize="13a").corpus_score(hyps[:2], [refs[0][:2]]).score == 0
    assert corpus_scores(hyps[:2], [refs[0][:2]], "zh")[0].score > 0
    assert bleu_tokenizer("zh-CN") == "zh" and bleu_tokenizer("en") == "13a"


def test_sentence_chrf():
    assert sentence_chrf("总生存期为24个月。", "总生存期为24个月。") == 100.0
    assert 0 < sentence_chrf("总生存期为36个月。", ["总生存期为24个月。"]) < 100


def test_score_line_count_mismatch(files, tmp_path):
    hyp, _ = files
    short = tmp_path / "short.zh"
    short.write_text("今天天气不错。\n", encoding="utf-8")
    proc = run_bitext("score", "--hyp", hyp, "--ref", short)
    assert_one_line_error(proc, f"{short}: 1 line(s)", "has 3")


def test_score_missing_file(tmp_path, files):
    _, ref = files
    proc = run_bitext("score", "--hyp", tmp_path / "nope", "--ref", ref)
    assert_one_line_error(proc, "no such file")


# -- glossary check ------------------------------------------------------------------------------------

def test_glossary_check_duplicate_and_empty_cell(cli, tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        GLOSSARY_HEADER
        + "C1\tlanreotide\t\t兰瑞肽\t\tpreferred\t\n"
        + "C2\toverall survival\tOS\t\t\tpreferred\t\n"  # line 3: empty zh_term
        + "C1\tlanreotide\t\t兰瑞肽\t\tpreferred\t\n",  # line 4: duplicate of line 2
        encoding="utf-8")
    result = cli("glossary", "check", glossary)
    assert result.exit_code == 1, result.output
    assert f"{glossary}:3: error: " in result.stdout and "[empty-cell]" in result.stdout
    assert f"{glossary}:4: warning: " in result.stdout and "[duplicate]" in result.stdout
    assert "1 error(s), 1 warning(s)" in result.stdout

    data = json.loads(cli("glossary", "check", glossary, "--format", "json").stdout)
    assert [(p["line"], p["code"], p["severity"]) for p in data["problems"]] == [
        (3, "empty-cell", "error"), (4, "duplicate", "warning")]


def test_glossary_check_clean_and_warnings_only_exit_0(cli, tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_text(GLOSSARY_HEADER + "C1\tlanreotide\t\t兰瑞肽\t\tpreferred\t\n", encoding="utf-8")
    result = cli("glossary", "check", glossary)
    assert result.exit_code == 0 and "no problems" in result.stdout
    with glossary.open("a", encoding="utf-8") as handle:
        handle.write("C1\tlanreotide\t\t兰瑞肽\t\tpreferred\t\n")
    assert cli("glossary", "check", glossary).exit_code == 0


def test_glossary_check_unreadable_exit_2(tmp_path):
    proc = run_bitext("glossary", "check", tmp_path / "nope.tsv")
    assert_one_line_error(proc, "no such file")
    gb = tmp_path / "gb.tsv"
    gb.write_bytes((GLOSSARY_HEADER + "C1\tlanreotide\t\t兰瑞肽\t\tpreferred\t\n").encode("gb18030"))
    proc = run_bitext("glossary", "check", gb)
    assert_one_line_error(proc, f"{gb}:2:", "not UTF-8", "iconv")


def test_glossary_sub_app_is_extensible():
    from bitext.cli.glossary_cmd import glossary_app

    assert isinstance(glossary_app, typer.Typer)
    assert "check" in [c.name for c in glossary_app.registered_commands]
