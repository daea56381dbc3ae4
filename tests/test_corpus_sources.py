"""Corpora in Parquet and on filesystems pyarrow.fs reads (file://, fsspec's memory://), through the
local engine: the same output as the same documents in a local JSONL file; a missing file, a
missing column and an unknown scheme are exit 2 with one line naming the file. (The Ray engine
on them: tests/distributed/test_ray_engine.py.)"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow", reason="Parquet and URIs need pyarrow (pip install 'bitext[ray]')")
pq = pytest.importorskip("pyarrow.parquet")

sys.path.insert(0, str(Path(__file__).parent / "distributed"))
from corpus_helpers import GLOSSARY, write_distinct_corpus  # noqa: E402

from bitext.errors import InputError  # noqa: E402
from bitext.io.corpus import open_corpus  # noqa: E402
from bitext.io.parquet_corpus import ParquetCorpus  # noqa: E402

DOCUMENTS = 12


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory) -> Path:
    return write_distinct_corpus(tmp_path_factory.mktemp("sources") / "trials.jsonl", DOCUMENTS)


def to_parquet(jsonl: Path, path: Path, row_group_size: int = 5, drop: str | None = None) -> Path:
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    rows = [{key: value for key, value in row.items() if key != drop} for row in rows]
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_size)
    return path


def qa_json(cli, corpus, tmp_path: Path, name: str) -> str:
    out = tmp_path / f"{name}.json"
    result = cli("qa", corpus, "--glossary", GLOSSARY, "--no-cache", "-f", "json", "-o", out, "--exit-zero")
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def as_from_jsonl(report: str) -> str:
    """The report with its signature's input kind that of the JSONL corpus (the only difference)."""
    assert report.count('"input": "parquet"') == 1
    return report.replace('"input": "parquet"', '"input": "jsonl"')


def test_parquet_corpus_reads_rows_from_any_row_group(jsonl, tmp_path):
    corpus = ParquetCorpus(to_parquet(jsonl, tmp_path / "trials.parquet"), "en", "zh")
    assert corpus.validate() == DOCUMENTS
    assert list(corpus.offsets) == list(range(DOCUMENTS)) and list(corpus.line_numbers) == list(range(1, 13))
    everything = [(r.document.id, r.line, r.document.src) for r in corpus]
    # a shard from the middle of the second row group (rows of 5): rows 7 to 10
    middle = [(r.document.id, r.line, r.document.src) for r in corpus.records_from(6, 7, 4, corpus.size())]
    assert middle == everything[6:10] and [line for _, line, _ in middle] == [7, 8, 9, 10]


def test_qa_on_parquet_is_the_qa_on_jsonl(cli, jsonl, tmp_path):
    parquet = to_parquet(jsonl, tmp_path / "trials.parquet")
    from_jsonl = qa_json(cli, jsonl, tmp_path, "jsonl")
    assert json.loads(from_jsonl)["summary"]["documents"] == DOCUMENTS
    assert as_from_jsonl(qa_json(cli, parquet, tmp_path, "parquet")) == from_jsonl
    # and through a URI, also for a gzipped JSONL corpus
    gz = tmp_path / "trials.jsonl.gz"
    gz.write_bytes(gzip.compress(jsonl.read_bytes()))
    assert qa_json(cli, gz.resolve().as_uri(), tmp_path, "gz-uri") == from_jsonl.replace(str(jsonl), gz.as_uri())


def test_align_reads_parquet_and_fsspec_memory_uris(cli, jsonl, tmp_path):
    fsspec = pytest.importorskip("fsspec")
    parquet = to_parquet(jsonl, tmp_path / "trials.parquet")
    memory = fsspec.filesystem("memory")
    memory.pipe("/bitext-test/trials.parquet", parquet.read_bytes())
    memory.pipe("/bitext-test/trials.jsonl", jsonl.read_bytes())
    outputs = {}
    for name, corpus in (("local", jsonl), ("parquet", parquet),
                         ("memory-parquet", "memory://bitext-test/trials.parquet"),
                         ("memory-jsonl", "memory://bitext-test/trials.jsonl")):
        out = tmp_path / f"{name}.tsv"
        result = cli("align", corpus, "--no-cache", "-f", "tsv", "-o", out)
        assert result.exit_code == 0, result.output
        outputs[name] = out.read_text(encoding="utf-8")
    assert outputs["local"].count("\n") > 50
    assert outputs["parquet"] == outputs["memory-parquet"] == outputs["memory-jsonl"] == outputs["local"]


def _one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def test_input_errors_are_exit_2_naming_the_file(cli, jsonl, tmp_path):
    missing_uri = (tmp_path / "missing.jsonl").resolve().as_uri()
    assert _one_error_line(cli("qa", missing_uri, "--no-cache")).endswith(f"{missing_uri}: no such file")
    missing = tmp_path / "missing.parquet"
    assert _one_error_line(cli("qa", missing, "--no-cache")).endswith(f"{missing}: no such file")
    no_zh = to_parquet(jsonl, tmp_path / "no-zh.parquet", drop="zh")
    line = _one_error_line(cli("qa", no_zh, "--no-cache"))
    assert f"{no_zh}: no 'zh' column (columns: id, en)" in line
    line = _one_error_line(cli("align", "nosuchscheme://bucket/trials.jsonl", "--no-cache"))
    assert "nosuchscheme://bucket/trials.jsonl: cannot open the nosuchscheme:// filesystem" in line
    not_parquet = tmp_path / "broken.parquet"
    not_parquet.write_bytes(b"PAR1 and then nothing a Parquet reader wants")
    assert f"{not_parquet}: not a readable Parquet file" in _one_error_line(cli("qa", not_parquet, "--no-cache"))


def test_a_file_without_suffix_is_told_parquet_by_its_magic_number(jsonl, tmp_path):
    plain = to_parquet(jsonl, tmp_path / "trials")
    assert isinstance(open_corpus(plain, "en", "zh"), ParquetCorpus)
    with pytest.raises(InputError, match="no 'id' column"):
        ParquetCorpus(to_parquet(jsonl, tmp_path / "no-id.parquet", drop="id"), "en", "zh").validate()
