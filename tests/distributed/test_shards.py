"""The parts of the Ray engine that need no Ray: shards from the validation pass, reading a
shard from its offset, the first pass of glossary building merged from shards, partitioned
output, and the engine options."""

from __future__ import annotations

import gzip
import json
from collections import Counter

import pytest
from corpus_helpers import seed_sentences, write_corpus

from bitext.distributed.output_dir import SUCCESS, write_partitioned
from bitext.distributed.shards import plan_shards
from bitext.errors import BitextError, ConfigError, InputError
from bitext.io.corpus import JsonlCorpus
from bitext.io.inputs import InputFiles, jsonl_range_items
from bitext.termex.extract import known_scanner
from bitext.termex.scan import CHUNK_PAIRS, RangeMerger, Spill, scan_corpus


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz"])
def test_shards_are_document_ranges_from_the_validation_pass(tmp_path, name):
    text = write_corpus(tmp_path / "plain.jsonl", 40).read_text(encoding="utf-8")
    text = "\ufeff\n" + text.replace("\n", "\n\n", 3)  # a BOM, blank lines
    path = tmp_path / name
    path.write_bytes(gzip.compress(text.encode("utf-8")) if name.endswith(".gz") else text.encode("utf-8"))
    corpus = JsonlCorpus(path, "en", "zh")
    assert corpus.validate() == 40
    plan = plan_shards(corpus, 7)
    assert [s.count for s in plan.shards] == [7, 7, 7, 7, 7, 5]  # the last one shorter
    assert plan.documents == 40 and plan.size == path.stat().st_size
    whole = [record.document for record in corpus]
    read = []
    for shard in plan.shards:
        items = list(jsonl_range_items(InputFiles(corpus=str(path)), shard.offset, shard.first_line, shard.count,
                                       plan.size))
        assert items[0].line == shard.first_line and items[-1].line == shard.last_line
        read += [item.document for item in items]
    assert read == whole


def test_a_damaged_gzip_corpus_is_an_input_error_naming_it(cli, tmp_path):
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress(write_corpus(tmp_path / "c.jsonl", 5).read_bytes())[:200])
    result = cli("align", path, "--no-cache")
    assert result.exit_code == 2
    assert f"{path}: cannot read (Compressed file ended before the end-of-stream marker" in result.output


def test_a_shard_of_a_file_changed_since_validation_is_an_input_error(tmp_path):
    path = write_corpus(tmp_path / "c.jsonl", 10)
    corpus = JsonlCorpus(path, "en", "zh")
    corpus.validate()
    plan = plan_shards(corpus, 4)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "late", "en": "One.", "zh": "一。"}\n')
    shard = plan.shards[1]
    with pytest.raises(InputError, match="changed while it was being read"):
        list(jsonl_range_items(InputFiles(corpus=str(path)), shard.offset, shard.first_line, shard.count, plan.size))


def test_shard_size_must_be_positive(tmp_path):
    corpus = JsonlCorpus(write_corpus(tmp_path / "c.jsonl", 3), "en", "zh")
    corpus.validate()
    with pytest.raises(ConfigError, match="--shard-docs 0"):
        plan_shards(corpus, 0)


def _pairs(count: int) -> list[tuple[str, str]]:
    """Seed sentence pairs, each with a word of its own (seen once: what pruning removes), a few
    without text (skipped by the scan)."""
    en, zh = seed_sentences()
    out = []
    for k in range(count):
        i = k % len(en)
        word = "".join("bcdfghjklm"[int(d)] for d in str(k)) + "ase"
        han = "".join("甲乙丙丁戊己庚辛壬癸"[int(d)] for d in str(k)) + "酶"
        out.append(("" if k % 97 == 5 else f"{en[i]} The {word} inhibitor.", f"{zh[i]}{han}抑制剂。"))
    return out


@pytest.mark.parametrize("sizes", [[CHUNK_PAIRS * 4 + 100], [333, 700, 1, 401, 665], [1050, 1050]])
def test_the_first_pass_merged_from_shards_equals_one_process_pruning_included(sizes):
    """RangeMerger gives scan_corpus's counts, in the same order, even where the vocabulary
    bound makes the counts pruned, whatever the shard boundaries."""
    pairs = _pairs(sum(sizes))
    scanner = known_scanner([("somatostatin", "生长抑素")])
    max_vocab = 400  # small: pruned at several chunk ends
    local_spill, merged_spill = Spill(None), Spill(None)
    try:
        local = scan_corpus(pairs, scanner, 1, local_spill, max_vocab, lambda *a: None, None)
        merger = RangeMerger(merged_spill, max_vocab, lambda *a: None)
        start = 0
        for size in sizes:
            merger.add(scanner(pairs[start:start + size]))
            start += size
        merged = merger.finish()
        assert merged.n_pairs == local.n_pairs < len(pairs)  # some pairs were skipped
        assert list(merged.en_count.items()) == list(local.en_count.items())
        assert list(merged.zh_count.items()) == list(local.zh_count.items())
        assert len(local.en_count) < len(Counter(g for _e, _z, grams, _zg in local_spill for g in grams))  # pruned
        assert merged.sf_long == local.sf_long and merged.long_surface == local.long_surface
        assert merged.parens == local.parens
        assert (merged.latin_seen, merged.latin_kept) == (local.latin_seen, local.latin_kept)
        assert list(merged_spill) == list(local_spill)
    finally:
        local_spill.close()
        merged_spill.close()


def test_partitioned_output_writes_success_last_and_removes_an_old_one(tmp_path):
    out = tmp_path / "out"
    write_partitioned(out, [("part-00000.txt", lambda p: p.write_text("a"))], {"command": "test"})
    assert sorted(p.name for p in out.iterdir()) == [SUCCESS, "manifest.json", "part-00000.txt"]
    assert json.loads((out / "manifest.json").read_text())["parts"] == ["part-00000.txt"]

    def failing(path):
        raise OSError(28, "No space left on device")

    with pytest.raises(BitextError, match="cannot write"):
        write_partitioned(out, [("part-00000.txt", failing)], {"command": "test"})
    assert not (out / SUCCESS).exists()  # the directory no longer claims to be complete


def test_ray_options_need_the_ray_engine(cli, tmp_path):
    path = write_corpus(tmp_path / "c.jsonl", 2)
    for args in (["--shard-docs", "5"], ["--address", "auto"], ["--workers", "2"]):
        result = cli("qa", path, *args)
        assert result.exit_code == 2, result.output
        assert "only apply with --engine ray" in result.output
    result = cli("align", path, "--engine", "spark")
    assert result.exit_code == 2 and "unknown engine" in result.output


def test_output_dir_with_the_local_engine_is_one_part(cli, tmp_path):
    path = write_corpus(tmp_path / "c.jsonl", 5)
    single, parts = tmp_path / "single.jsonl", tmp_path / "parts"
    assert cli("align", path, "-f", "jsonl", "-o", single, "--no-cache").exit_code == 0
    result = cli("align", path, "-f", "jsonl", "--output-dir", parts, "--no-cache")
    assert result.exit_code == 0, result.output
    assert (parts / "part-00000.jsonl").read_bytes() == single.read_bytes()
    manifest = json.loads((parts / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["shards"] == [{"documents": 5, "first_line": None, "last_line": None, "part": "part-00000.jsonl"}]
    assert (parts / SUCCESS).exists()
    assert cli("align", path, "-o", single, "--output-dir", parts).exit_code == 2


def test_the_ray_engine_without_ray_installed_says_which_extra(cli, tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a))
    result = cli("qa", write_corpus(tmp_path / "c.jsonl", 2), "--engine", "ray")
    assert result.exit_code == 2
    assert "--engine ray needs Ray (pip install 'bitext[ray]')" in result.output


def test_the_ray_engine_reads_a_jsonl_or_parquet_corpus(cli, tmp_path):
    pytest.importorskip("ray")
    tmx = tmp_path / "units.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>'
                   '<tu><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="zh"><seg>一。</seg></tuv></tu>'
                   '</body></tmx>\n', encoding="utf-8")
    result = cli("qa", tmx, "--engine", "ray", "--no-cache")
    assert result.exit_code == 2
    assert "--engine ray checks a JSONL or Parquet corpus file" in result.output
    result = cli("align", "--src", tmx, "--tgt", tmx, "--engine", "ray")
    assert result.exit_code == 2 and "--engine ray aligns a JSONL or Parquet corpus" in result.output
