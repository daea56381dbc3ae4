"""``bitext align`` end to end: golden output on the seed pair, the corpus and evaluation forms,
pre-split JSONL lists, synthetic edits through the CLI, and bad input.

Bad input runs through ``python -m bitext`` (bitext.cli.main.run and its error
mapping): exit code 2, exactly one line on stderr naming the file (and line),
no traceback, and no output left behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bitext.io.alignment_formats import read_beads, read_jsonl, read_tmx
from bitext.io.corpus import read_jsonl_corpus
from bitext.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed"
EN = SEED / "cutaneous-net-prrt.en.txt"
ZH = SEED / "cutaneous-net-prrt.zh.txt"
CORPUS = SEED / "seed-abstracts.jsonl"
GOLDEN = Path(__file__).resolve().parent / "golden"
PYTHON = sys.executable


@pytest.fixture(scope="module")
def cache_dir(module_cache) -> Path:
    """The module's private BITEXT_CACHE_DIR (tests/conftest.py), also passed to subprocesses."""
    return module_cache


@pytest.fixture(autouse=True)
def private_cache(cache_dir, monkeypatch):
    """The private cache, and no BITEXT_FORMAT / BITEXT_MODEL from the caller's environment."""
    monkeypatch.delenv("BITEXT_FORMAT", raising=False)
    monkeypatch.delenv("BITEXT_MODEL", raising=False)


def bitext(*args, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m bitext ARGS`` in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("BITEXT_FORMAT", None)
    full_env.pop("BITEXT_MODEL", None)
    return subprocess.run([PYTHON, "-m", "bitext", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=full_env, cwd=cwd or ROOT, timeout=120)


def bead_pairs(text: str):
    return [(b.src, b.tgt) for b in read_beads(text)]


# -- golden output and the three forms -----------------------------------------------------------------


def test_seed_pair_matches_golden(cache_dir):
    proc = bitext("align", "--src", EN.relative_to(ROOT), "--tgt", ZH.relative_to(ROOT), "--format", "beads",
                  env={"BITEXT_CACHE_DIR": str(cache_dir)})
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    golden = (GOLDEN / "seed.align").read_text(encoding="utf-8")
    assert proc.stdout == golden
    assert bead_pairs(golden) == [((k,), (k,)) for k in range(13)]


def test_corpus_form_writes_one_align_file_per_document(cli, tmp_path):
    out = tmp_path / "aligned"
    result = cli("align", CORPUS, "--format", "beads", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["cutaneous-net-prrt.align"]
    golden = (GOLDEN / "seed.align").read_text(encoding="utf-8")
    assert (out / "cutaneous-net-prrt.align").read_text(encoding="utf-8") == golden


def two_document_corpus(tmp_path) -> Path:
    en, zh = EN.read_text(encoding="utf-8"), ZH.read_text(encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "en": en, "zh": zh}, ensure_ascii=False) + "\n" for i in "ab"),
                      encoding="utf-8")
    return corpus


@pytest.mark.parametrize("fmt", ["tsv", "jsonl", "tmx"])
def test_corpus_output_file_appears_only_once_every_document_is_aligned(cli, tmp_path, monkeypatch, fmt):
    from bitext.align import pipeline
    from bitext.errors import InputError

    corpus = two_document_corpus(tmp_path)
    real = pipeline.iter_alignments

    def fails_after_the_first(docs, *args, **kwargs):
        for k, al in enumerate(real(docs, *args, **kwargs)):
            if k == 1:
                raise InputError(f"{corpus}: changed while it was being read")
            yield al

    monkeypatch.setattr(pipeline, "iter_alignments", fails_after_the_first)
    out = tmp_path / f"out.{fmt}"
    result = cli("align", corpus, "--format", fmt, "-o", out)
    assert result.exit_code == 2 and result.stderr == f"bitext: error: {corpus}: changed while it was being read\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl"]  # neither the file nor a temp file
    monkeypatch.setattr(pipeline, "iter_alignments", real)
    assert cli("align", corpus, "--format", fmt, "-o", out).exit_code == 0
    if fmt == "tsv":
        docs = [line.split("\t")[0] for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    elif fmt == "jsonl":
        docs = [row["doc"] for row in read_jsonl(out.read_text(encoding="utf-8"))]
    else:
        docs = [unit["doc"] for unit in read_tmx(out.read_bytes())]
    assert docs == ["a"] * 13 + ["b"] * 13


def test_corpus_form_in_beads_needs_a_directory(cli, tmp_path):
    result = cli("align", CORPUS, "--format", "beads")
    assert result.exit_code == 2 and "needs -o DIR" in result.stderr
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = cli("align", CORPUS, "--format", "beads", "-o", tmp_path / "file")
    assert result.exit_code == 2 and f"{tmp_path / 'file'}: exists and is not a directory" in result.stderr


ZH_LINES = [
    "患者为一名62岁男性。",
    "他因腹痛入院。",
    "CT显示肝脏多发病灶,活检证实为神经内分泌肿瘤。",
    "患者接受了手术治疗,术后恢复良好。",
]
EN_LINES = [
    "The patient was a 62-year-old man.",
    "He was admitted with abdominal pain.",
    "CT showed multiple liver lesions.",
    "Biopsy confirmed a neuroendocrine tumour.",
    "He underwent surgery and recovered well.",
]


def test_evaluation_form_zh_to_en_presplit(cli, tmp_path):
    src, tgt, out = tmp_path / "doc.zh", tmp_path / "doc.en", tmp_path / "doc.align"
    src.write_text("\n".join(ZH_LINES) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(EN_LINES) + "\n", encoding="utf-8")
    result = cli("align", "--src", src, "--tgt", tgt, "--src-lang", "zh", "--tgt-lang", "en", "--presplit",
                 "--format", "beads", "-o", out)
    assert result.exit_code == 0, result.output
    assert bead_pairs(out.read_text(encoding="utf-8")) == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,))]


def test_presplit_lines_are_not_split_again(cli, tmp_path):
    # Two English sentences on one line stay one "sentence": the bead indices are line numbers.
    src, tgt = tmp_path / "a.en", tmp_path / "a.zh"
    src.write_text(f"{EN_LINES[0]} {EN_LINES[1]}\n{EN_LINES[2]}\n", encoding="utf-8")
    tgt.write_text(f"{ZH_LINES[0]}{ZH_LINES[1]}\n{ZH_LINES[2]}\n", encoding="utf-8")
    result = cli("align", "--src", src, "--tgt", tgt, "--presplit", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    assert [(r["src_ids"], r["tgt_ids"]) for r in rows] == [([0], [0]), ([1], [1])]
    assert rows[0]["src"] == f"{EN_LINES[0]} {EN_LINES[1]}"


def test_jsonl_lists_are_taken_as_already_split(cli, tmp_path):
    en = [f"{EN_LINES[0]} {EN_LINES[1]}", EN_LINES[2], EN_LINES[3], "He underwent surgery."]
    zh = [ZH_LINES[0], ZH_LINES[1], ZH_LINES[2], "患者接受了手术治疗。"]
    corpus = tmp_path / "lists.jsonl"
    corpus.write_text(json.dumps({"id": "lists", "en": en, "zh": zh}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = cli("align", corpus, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    assert [(r["src_ids"], r["tgt_ids"]) for r in rows] == [([0], [0, 1]), ([1, 2], [2]), ([3], [3])]
    for row in rows:  # indices are positions in the given lists
        assert row["src"] == " ".join(en[i] for i in row["src_ids"])
        assert row["tgt"] == "".join(zh[j] for j in row["tgt_ids"])
    # The same document as a string is segmented: the first list item becomes two sentences.
    corpus.write_text(json.dumps({"id": "text", "en": " ".join(en), "zh": "".join(zh)}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    rows = read_jsonl(cli("align", corpus, "--format", "jsonl").stdout)
    assert sum(len(r["src_ids"]) for r in rows) == 5


def test_jsonl_list_indices_survive_a_blank_item(cli, tmp_path):
    en = [EN_LINES[0], "  ", EN_LINES[2]]
    zh = [ZH_LINES[0], ZH_LINES[2]]
    corpus = tmp_path / "blank.jsonl"
    corpus.write_text(json.dumps({"id": "blank", "en": en, "zh": zh}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = cli("align", corpus, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    for row in read_jsonl(result.stdout):
        assert row["src"] == " ".join(en[i] for i in row["src_ids"])


def test_jsonl_corpus_with_a_raw_line_separator_in_a_string(tmp_path):
    corpus = tmp_path / "ls.jsonl"
    corpus.write_text(json.dumps({"id": "a", "en": "One.\u2028Two.", "zh": "一。二。"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    docs = read_jsonl_corpus(corpus, "en", "zh")
    assert len(docs) == 1 and docs[0].id == "a"


def test_every_output_format_from_the_cli(cli, tmp_path):
    for fmt in ("tsv", "jsonl", "tmx"):
        out = tmp_path / f"seed.{fmt}"
        result = cli("align", "--src", EN, "--tgt", ZH, "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
    assert len((tmp_path / "seed.tsv").read_text(encoding="utf-8").splitlines()) == 14
    assert len(read_jsonl((tmp_path / "seed.jsonl").read_text(encoding="utf-8"))) == 13
    units = read_tmx((tmp_path / "seed.tmx").read_bytes())
    assert [(u["src_ids"], u["tgt_ids"]) for u in units] == [([k], [k]) for k in range(13)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.jsonl", "seed.tmx", "seed.tsv"]  # no temp files


# -- synthetic edits of the seed through the CLI ------------------------------------------------------


@pytest.fixture(scope="module")
def seed_sentences(cache_dir):
    en = split_sentences(EN.read_text(encoding="utf-8"), "en")
    zh = split_sentences(ZH.read_text(encoding="utf-8"), "zh")
    return en, zh


def align_lines(cli, tmp_path, en: list[str], zh: list[str]):
    src, tgt = tmp_path / "edit.en", tmp_path / "edit.zh"
    src.write_text("\n".join(en) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(zh) + "\n", encoding="utf-8")
    result = cli("align", "--src", src, "--tgt", tgt, "--presplit", "--format", "beads")
    assert result.exit_code == 0, result.output
    return bead_pairs(result.stdout)


def test_cli_merge_gives_a_two_to_one_bead(cli, tmp_path, seed_sentences):
    en, zh = seed_sentences
    beads = align_lines(cli, tmp_path, en, zh[:6] + [zh[6] + zh[7]] + zh[8:])
    assert beads == [((k,), (k,)) for k in range(6)] + [((6, 7), (6,))] + [((k,), (k - 1,)) for k in range(8, 13)]


def test_cli_deletion_gives_a_null_or_merged_bead(cli, tmp_path, seed_sentences):
    en, zh = seed_sentences
    k = 3
    beads = align_lines(cli, tmp_path, en, zh[:k] + zh[k + 1 :])
    special = [b for b in beads if (len(b[0]), len(b[1])) != (1, 1)]
    assert len(special) == 1 and k in special[0][0] and len(special[0][1]) <= 1
    for s, t in beads:
        if (s, t) != special[0]:
            assert t[0] == (s[0] if s[0] < k else s[0] - 1)


def test_cli_heading_gives_a_zero_to_one_bead(cli, tmp_path):
    tgt = tmp_path / "heading.zh.txt"
    tgt.write_text("摘要\n\n" + ZH.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("align", "--src", EN, "--tgt", tgt, "--format", "beads")
    assert result.exit_code == 0, result.output
    assert bead_pairs(result.stdout) == [((), (0,))] + [((k,), (k + 1,)) for k in range(13)]


# -- bad input: exit 2, one line naming the file, no traceback, nothing written ----------------------


def write_bad_inputs(folder: Path) -> dict[str, Path]:
    files = {
        "empty": folder / "empty.en.txt",
        "blank": folder / "blank.zh.txt",
        "latin1": folder / "latin1.en.txt",
        "notjson": folder / "notjson.jsonl",
        "nozh": folder / "nozh.jsonl",
        "noid": folder / "noid.jsonl",
    }
    files["empty"].write_bytes(b"")
    files["blank"].write_bytes(b"  \n\t\n \r\n")
    files["latin1"].write_bytes("Caf\u00e9 au lait. Na\u00efve test.\n".encode("latin-1"))
    good = json.dumps({"id": "ok", "en": "One. Two.", "zh": "一。二。"}, ensure_ascii=False)
    files["notjson"].write_text(good + "\n" + '{"id": "x", "en": "A.", "zh": "甲。"\n', encoding="utf-8")
    files["nozh"].write_text(good + "\n\n" + json.dumps({"id": "b", "en": "Only English."}) + "\n", encoding="utf-8")
    files["noid"].write_text(json.dumps({"en": "No id.", "zh": "没有编号。"}, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return files


# name -> (arguments, extra environment, substrings the one stderr line must contain)
BAD_INPUT = {
    "empty file": (["--src", "{empty}", "--tgt", ZH], {}, ["{empty}", "empty"]),
    "one side whitespace only": (["--src", EN, "--tgt", "{blank}"], {}, ["{blank}", "empty"]),
    "not UTF-8": (["--src", "{latin1}", "--tgt", ZH], {}, ["{latin1}", "not UTF-8", "0xe9"]),
    "JSONL line not JSON": (["{notjson}"], {}, ["{notjson}:2:", "not valid JSON"]),
    "JSONL line not JSON, beads to a directory": (["{notjson}", "--format", "beads"], {}, ["{notjson}:2:"]),
    "JSONL zh missing": (["{nozh}"], {}, ["{nozh}:3:", "'zh'"]),
    "JSONL id missing": (["{noid}"], {}, ["{noid}:1:", "'id'"]),
    "unknown model": (["--src", EN, "--tgt", ZH, "--model", "no-such-model"], {}, ["unknown model", "no-such-model"]),
    "uninstalled manifest model": (["--src", EN, "--tgt", ZH, "--model", "embeddinggemma-300m"],
                                   {"BITEXT_MODELS_DIR": "{models}"}, ["embeddinggemma-300m", "not installed"]),
    "missing path": (["--src", "{missing}", "--tgt", ZH], {}, ["{missing}", "no such file"]),
    "unknown format": (["--src", EN, "--tgt", ZH, "--format", "nonsense"], {}, ["--format: 'nonsense'"]),
    "both CORPUS and --src": ([CORPUS, "--src", EN, "--tgt", ZH], {}, ["--src", "CORPUS"]),
    # the flag is named, and the way other languages are accepted (the README's --presplit)
    "text in a language bitext cannot split": (["--src", EN, "--tgt", ZH, "--tgt-lang", "de"], {},
                                               ["--tgt-lang:", "'de'", "--presplit"]),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_exits_2_with_one_line(case, tmp_path, cache_dir):
    args, env, expected = BAD_INPUT[case]
    inputs = tmp_path / "in"
    inputs.mkdir()
    files = write_bad_inputs(inputs)
    models = tmp_path / "models"
    models.mkdir()
    names = {**{k: str(v) for k, v in files.items()}, "missing": str(inputs / "missing.en.txt"), "models": str(models)}
    out = tmp_path / "out" / "result"  # a file, or the directory of a corpus in beads format
    (tmp_path / "out").mkdir()
    env = {"BITEXT_CACHE_DIR": str(cache_dir), **{k: v.format(**names) for k, v in env.items()}}
    proc = bitext("align", *[str(a).format(**names) for a in args], "-o", out, env=env)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("bitext: error: ")
    for part in expected:
        assert part.format(**names) in lines[0], lines[0]
    assert not out.exists()
    assert list((tmp_path / "out").iterdir()) == []  # no temporary file either
    assert proc.stdout == ""
