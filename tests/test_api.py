"""The Python API (``import bitext``): align, check, read_glossary, score.

The library path and the CLI path must give the same findings for the same input: compared on
the bundled sample (corpora/seed/*) and on the sample with one translation replaced by an
unrelated sentence, which ``omission.low_similarity`` must report on both paths (the library's
run_checks used to skip it: it ignored the similarities the aligner puts on each bead).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import bitext
from bitext.core import Alignment, Bead, Document
from bitext.errors import ConfigError, InputError
from bitext.qa import run_checks
from bitext.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed"
EN_FILE = SEED / "cutaneous-net-prrt.en.txt"
ZH_FILE = SEED / "cutaneous-net-prrt.zh.txt"
CORPUS = SEED / "seed-abstracts.jsonl"
GLOSSARY = ROOT / "corpora" / "glossary" / "net_prrt.tsv"
DOC_ID = "cutaneous-net-prrt"  # what the CLI names the pair of files (their common stem)
# made up: says nothing of the source
UNRELATED = "今天早上我在公园里散步，看到许多人在打太极拳和跳广场舞。"


@pytest.fixture(autouse=True)
def clean_env(module_cache, monkeypatch):
    for name in ("BITEXT_FORMAT", "BITEXT_MODEL", "BITEXT_GLOSSARY", "BITEXT_FAIL_ON", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BITEXT_QUIET", "1")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _cli_report(cli, tmp_path: Path, *inputs) -> dict:
    out = tmp_path / "report.json"
    result = cli("qa", *inputs, "--glossary", GLOSSARY, "-f", "json", "-o", out, "--ignore-file", tmp_path / "none",
                 "--config", _empty_config(tmp_path))
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    return json.loads(out.read_text(encoding="utf-8"))


def _empty_config(tmp_path: Path) -> Path:
    config = tmp_path / "bitext.toml"
    config.write_text("", encoding="utf-8")
    return config


def _pairs(report_json: dict) -> list[dict]:
    """Each pair of each document without its input line (a file has lines, memory has none)."""
    return [{k: v for k, v in pair.items() if k != "line"} for doc in report_json["documents"] for pair in doc["pairs"]]


def _assert_same(library: dict, cli: dict) -> None:
    assert library["findings"] == cli["findings"]
    assert library["summary"] == cli["summary"]
    assert _pairs(library) == _pairs(cli)
    for key in ("model", "glossary", "qa", "aligner"):
        assert library["signature"][key] == cli["signature"][key], key


# -- the library and the CLI agree --------------------------------------------------------------------

def test_same_findings_as_the_cli_on_the_sample_pair(cli, tmp_path):
    expected = _cli_report(cli, tmp_path, "--src", EN_FILE, "--tgt", ZH_FILE)
    report = bitext.check(bitext.align(_read(EN_FILE), _read(ZH_FILE), doc_id=DOC_ID), glossary=GLOSSARY)
    assert report.findings, "the sample has findings with the starter glossary"
    _assert_same(report.to_json(), expected)
    # run_checks, the lower-level library call, on the same alignment
    assert run_checks(report.alignments, bitext.read_glossary(GLOSSARY)) == report.findings


def test_same_findings_as_the_cli_on_the_sample_corpus(cli, tmp_path):
    expected = _cli_report(cli, tmp_path, CORPUS)
    records = [json.loads(line) for line in _read(CORPUS).splitlines() if line.strip()]
    glossary = bitext.read_glossary(GLOSSARY)
    aligned = bitext.check([bitext.align(r["en"], r["zh"], doc_id=r["id"]) for r in records], glossary)
    _assert_same(aligned.to_json(), expected)
    documents = [Document(r["id"], split_sentences(r["en"], "en"), split_sentences(r["zh"], "zh")) for r in records]
    assert bitext.check(documents, glossary).to_json() == aligned.to_json()  # documents are aligned by check


def test_low_similarity_is_found_on_both_paths(cli, tmp_path):
    zh = split_sentences(_read(ZH_FILE), "zh")
    zh[6] = UNRELATED
    zh_file = tmp_path / f"{DOC_ID}.zh.txt"
    zh_file.write_text("\n".join(zh) + "\n", encoding="utf-8")
    en_file = tmp_path / f"{DOC_ID}.en.txt"
    en_file.write_text(_read(EN_FILE), encoding="utf-8")
    expected = _cli_report(cli, tmp_path, "--src", en_file, "--tgt", zh_file)
    assert [(f["check"], f["tgt_ids"]) for f in expected["findings"] if f["check"] == "omission.low_similarity"] == [
        ("omission.low_similarity", [6])]
    report = bitext.check(bitext.align(_read(en_file), _read(zh_file), doc_id=DOC_ID), glossary=GLOSSARY)
    _assert_same(report.to_json(), expected)
    assert run_checks(report.alignments, bitext.read_glossary(GLOSSARY)) == report.findings


# -- align ---------------------------------------------------------------------------------------------

def test_align_text_or_sentences(module_cache):
    en, zh = split_sentences(_read(EN_FILE), "en"), split_sentences(_read(ZH_FILE), "zh")
    from_text = bitext.align(_read(EN_FILE), _read(ZH_FILE))
    from_lists = bitext.align(en, zh, doc_id="abstract")
    assert isinstance(from_text, Alignment) and from_text.document.id == "doc"
    assert (from_text.document.src, from_text.document.tgt) == (en, zh)
    assert from_lists.document.id == "abstract"
    assert [(b.src, b.tgt) for b in from_lists.beads] == [(b.src, b.tgt) for b in from_text.beads]
    assert [b.kind for b in from_text.beads] == ["1-1"] * 13
    assert all(0.3 < b.similarity <= 1 and 0 <= b.confidence <= 1 for b in from_text.beads)
    assert from_text.signature["model"].startswith("use-m3@")


def test_align_without_cache_writes_none(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "user-cache"))
    bitext.align(["One sentence."], ["一句话。"], cache=False)
    assert not (tmp_path / "user-cache").exists()
    bitext.align(["One sentence."], ["一句话。"], cache=tmp_path / "mine")
    assert (tmp_path / "mine" / "embeddings.sqlite").is_file() and not (tmp_path / "user-cache").exists()


@pytest.mark.parametrize("en, zh, error, fragment", [
    ("", "一句话。", InputError, "no en sentences"),
    (["One sentence."], ["  ", ""], InputError, "no zh sentences"),
    (42, "一句话。", TypeError, "en must be a text or a list of sentences"),
    (["One sentence.", 3], "一句话。", TypeError, "en must be a text or a list of sentences"),
])
def test_align_bad_input(en, zh, error, fragment):
    with pytest.raises(error, match=fragment):
        bitext.align(en, zh)


def test_align_unknown_model_is_a_model_error():
    with pytest.raises(bitext.ModelError, match="unknown model 'no-such-model'"):
        bitext.align("One sentence.", "一句话。", model="no-such-model")


def test_bitext_align_stays_callable_once_its_modules_are_imported():
    import bitext.align.aligner  # binds bitext.align to the package, as any import of it does

    assert callable(bitext.align) and bitext.align is sys.modules["bitext.align"]
    assert bitext.align.DEFAULT_MAX_BEAD == 7
    from bitext import align
    from bitext.api import align as align_function

    assert align(["One sentence."], ["一句话。"]).beads == align_function(["One sentence."], ["一句话。"]).beads


# -- check ---------------------------------------------------------------------------------------------

TRIAL_EN = ["Twelve patients were enrolled.", "The median age was 64 years."]
TRIAL_ZH = ["共纳入12例患者。", "中位年龄为46岁。"]


def test_check_settings_as_a_table_or_qasettings():
    alignment = bitext.align(TRIAL_EN, TRIAL_ZH, doc_id="trial")
    assert [(f.check, f.severity.value) for f in bitext.check(alignment).findings] == [("numbers.mismatch", "error")]
    table = bitext.check(alignment, settings={"numbers": {"severity": "info"}})
    assert [f.severity.value for f in table.findings] == ["info"]
    disabled = bitext.QASettings(checks={"numbers.mismatch": bitext.CheckSetting(enabled=False)})
    off = bitext.check(alignment, settings=disabled)
    assert off.findings == [] and off.worst() is None
    with pytest.raises(ConfigError, match="settings.numbers.mismatch: 'fatal' is not one of error, warning, info"):
        bitext.check(alignment, settings={"numbers.mismatch": "fatal"})
    with pytest.raises(ConfigError, match="unknown check or family 'no.such'"):
        bitext.check(alignment, settings={"no.such": False})


def test_check_a_hand_built_alignment_scores_its_pairs_with_the_model():
    """Beads without similarities (built by hand, or read from a TMX file) are scored as
    ``bitext qa`` scores TMX units: the same cosines the aligner gives its beads."""
    aligned = bitext.align(_read(EN_FILE), _read(ZH_FILE))
    bare = Alignment(aligned.document, [Bead(b.src, b.tgt) for b in aligned.beads])
    scored = bitext.check(bare).pair_scores["doc"]
    assert [s["similarity"] for s in scored] == pytest.approx([round(b.similarity, 4) for b in aligned.beads], abs=2e-4)
    both = bitext.check([aligned]).findings
    assert bitext.check(bare).findings == both


def test_check_a_bead_of_several_sentences_scores_the_whole_block():
    doc = Document("d", ["The drug was safe.", "It was also effective."], ["该药安全且有效。"])
    report = bitext.check(Alignment(doc, [Bead((0, 1), (0,))]))
    joined = bitext.align(["The drug was safe. It was also effective."], ["该药安全且有效。"])
    joined = joined.beads[0].similarity
    assert report.pair_scores["d"][0]["similarity"] == pytest.approx(joined, abs=0.05)


def test_check_needs_no_model_for_alignments_with_similarities(monkeypatch):
    aligned = bitext.align(TRIAL_EN, TRIAL_ZH, doc_id="trial")
    from bitext.align import pipeline

    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(pipeline, "get_encoder", no_model)
    report = bitext.check(aligned)
    assert report.signature["model"] == aligned.signature["model"]
    assert report.signature["aligner"] == aligned.signature["aligner"]


def test_check_documents_and_alignments_together_across_the_corpus():
    first = bitext.align(TRIAL_EN, TRIAL_ZH, doc_id="a")
    second = Document("b", ["The median age was 64 years."], ["中位年龄为64岁。"])
    report = bitext.check([first, second])
    assert [a.document.id for a in report.alignments] == ["a", "b"]
    assert {f.document for f in report.findings} == {"a"}


@pytest.mark.parametrize("data, error, fragment", [
    ([], InputError, "nothing to check"),
    ("a text", TypeError, "expected a Document, an Alignment or a list of them"),
    ([("en", "zh")], TypeError, "expected a Document or an Alignment, not tuple"),
])
def test_check_bad_input(data, error, fragment):
    with pytest.raises(error, match=fragment):
        bitext.check(data)


def test_check_documents_with_the_same_id_is_an_error():
    one = Document("doc", ["One sentence."], ["一句话。"])
    with pytest.raises(InputError, match="document 'doc' given twice"):
        bitext.check([one, Document("doc", ["Two."], ["二。"])])


def test_check_glossary_as_a_path_or_a_glossary(tmp_path):
    alignment = bitext.align(_read(EN_FILE), _read(ZH_FILE))
    by_path = bitext.check(alignment, GLOSSARY).findings
    assert by_path and by_path == bitext.check(alignment, bitext.read_glossary(GLOSSARY)).findings
    with pytest.raises(InputError, match=f"{tmp_path / 'none.tsv'}: no such file"):
        bitext.check(alignment, tmp_path / "none.tsv")
    with pytest.raises(TypeError, match="glossary must be a Glossary or a file path"):
        bitext.check(alignment, glossary=["lanreotide"])


def test_read_glossary_names_file_and_line(tmp_path):
    glossary = bitext.read_glossary(GLOSSARY)
    assert isinstance(glossary, bitext.Glossary) and len(glossary.concepts) > 10
    bad = tmp_path / "g.tsv"
    bad.write_text(_read(GLOSSARY).splitlines()[0] + "\nC1\tlanreotide\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"{bad}:2:"):
        bitext.read_glossary(bad)


# -- score ---------------------------------------------------------------------------------------------

def test_score_one_or_several_references():
    from bitext.metrics import corpus_scores

    hyps = ["我们治疗了12例患者。", "中位年龄为64岁。"]
    refs = ["我们治疗了12名患者。", "患者中位年龄为64岁。"]
    scores = bitext.score(hyps, refs)
    assert isinstance(scores, bitext.Scores)
    assert list(scores) == corpus_scores(hyps, [refs], "zh")
    assert "tok:zh" in scores.bleu.signature and 0 < scores.chrf.score < 100
    assert bitext.score(hyps, [refs]) == scores
    assert bitext.score(hyps, [refs, hyps]).bleu.signature.startswith("nrefs:2|")
    with pytest.raises(InputError, match="reference 1 has 1 lines, the hypothesis 2"):
        bitext.score(hyps, refs[:1])
    with pytest.raises(TypeError):
        bitext.score("一句话。", refs)


# -- the package -----------------------------------------------------------------------------------------

def test_public_names():
    assert set(bitext.__all__) >= {"align", "check", "read_glossary", "score", "Alignment", "Report", "Finding"}
    assert sorted(bitext.__all__) == sorted({"__version__", "align", *bitext._LAZY})  # the two lists agree
    assert bitext.Report is bitext.qa.report.QAReport
    for name in bitext.__all__:
        assert getattr(bitext, name) is not None
        assert name in dir(bitext)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        bitext.nope  # noqa: B018


CHEAP_IMPORT = textwrap.dedent(
    """
    import sys
    import bitext
    assert bitext.__version__
    print(sorted(m for m in ("numpy", "typer", "regex", "sacrebleu", "torch", "bitext.api") if m in sys.modules))
    """
)

DEFAULT_PATH = textwrap.dedent(
    """
    import runpy, sys
    en_path, zh_path = sys.argv[1:3]
    sys.argv = ["bitext", "--help"]
    try:
        runpy.run_module("bitext", run_name="__main__")
    except SystemExit as exit:
        assert exit.code in (0, None), exit.code
    import bitext
    en, zh = open(en_path, encoding="utf-8").read(), open(zh_path, encoding="utf-8").read()
    report = bitext.check(bitext.align(en, zh))
    assert report.findings
    print(sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules))
    """
)


def _python(script: str, *args, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def test_import_bitext_is_cheap():
    proc = _python(CHEAP_IMPORT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_help_and_the_api_with_the_default_model_never_import_torch(module_cache):
    proc = _python(DEFAULT_PATH, EN_FILE, ZH_FILE, env_extra={"BITEXT_CACHE_DIR": str(module_cache)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("beads, fragment", [
    ([Bead((0,), (0,)), Bead((1,), (5,))], r"bead 1 has target sentences \[5\]"),
    ([Bead((0, 2), (0, 1))], r"bead 0 has source sentences \[0, 2\]"),
])
def test_check_a_hand_built_alignment_with_impossible_beads(beads, fragment):
    doc = Document("d", ["One.", "Two.", "Three."], ["一。", "二。"])
    with pytest.raises(InputError, match=fragment):
        bitext.check(Alignment(doc, beads))
