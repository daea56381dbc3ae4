"""The Ray engine gives the local engine's bytes: qa JSON and SARIF, align TSV, TMX and beads,
glossary build TSV, for 40 documents at two shard sizes (the last shard shorter), with a glossary
that makes the corpus-level consistency checks report and an ignore file that dismisses a
finding. Also with a worker killed mid-run; a shard that fails for good is exit 2 and no output.

Most documents repeat the seed abstract's 26 sentences, so every run embeds them in one batch:
those tests pin down the sharding, merging and corpus-level reduces. A corpus of distinct
synthetic abstracts has each shard embed other sentences together than the local run: identical
bytes there rest on the default model's vectors being a function of the sentence alone
(tests/test_embed_batch_invariance.py).

One local Ray for the module: ray.init(num_cpus=3, no dashboard, a small object store); two
actors of one CPU each, so that one CPU stays free for Ray Data (otherwise it can hang).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_helpers import GLOSSARY, write_corpus, write_distinct_corpus

ray = pytest.importorskip("ray", reason="needs the ray extra: pip install 'bitext[ray]'")

from bitext.align.pipeline import align_corpus  # noqa: E402
from bitext.distributed import RaySettings  # noqa: E402
from bitext.distributed.align import AlignJob, align_on_ray  # noqa: E402
from bitext.distributed.engine import FAULT_VARIABLE  # noqa: E402
from bitext.distributed.glossary import ray_first_pass  # noqa: E402
from bitext.distributed.qa import ray_check_stage  # noqa: E402
from bitext.io.alignment_formats import iter_render, write_beads  # noqa: E402
from bitext.io.corpus import JsonlCorpus  # noqa: E402
from bitext.io.inputs import InputFiles  # noqa: E402
from bitext.qa.ignore import read_ignore  # noqa: E402
from bitext.qa.pipeline import QAInput, QARequest, run_qa  # noqa: E402
from bitext.report import render  # noqa: E402
from bitext.termex.formats import candidates_tsv_text  # noqa: E402
from bitext.termex.pipeline import propose_terms  # noqa: E402

pytestmark = pytest.mark.ray

SHARD_SIZES = [7, 16]  # 40 documents: 5 x 7 + 5, and 16 + 16 + 8


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=3, include_dashboard=False, object_store_memory=80 * 1024 * 1024, log_to_driver=False,
             configure_logging=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("ray-corpus") / "abstracts.jsonl", 40)


def _qa_request(path: Path | str) -> QARequest:
    return QARequest(QAInput(corpus=str(path)), glossary=GLOSSARY, use_cache=False)


def _settings(shard_docs: int) -> RaySettings:
    return RaySettings(shard_docs=shard_docs, workers=2)


def _qa_outputs(path: Path | str, settings: RaySettings | None) -> dict[str, str]:
    result = run_qa(_qa_request(path), check_stage=ray_check_stage(settings) if settings else None)
    with result.report as report:
        return {fmt: render(report, fmt) for fmt in ("json", "sarif")}


@pytest.fixture(scope="module")
def local_qa(corpus) -> dict[str, str]:
    """The local reports, once an ignore file beside the corpus dismisses a finding (and holds a
    stale entry): the Ray runs read the same file."""
    result = run_qa(_qa_request(corpus))
    with result.report as report:
        first = next(iter(report.every_finding()))
        ignore = corpus.parent / ".bitext-ignore"
        ignore.write_text(f"{first.fingerprint}\n{'0' * 64}\n", encoding="utf-8")
        report.apply_ignores(read_ignore(ignore))
        outputs = {fmt: render(report, fmt) for fmt in ("json", "sarif")}
    report = json.loads(outputs["json"])
    assert any(f["check"].startswith("consistency.") for f in report["findings"])  # corpus-level findings
    assert report["summary"]["dismissed"] == 1 and report["stale_ignores"]  # the ignore file applied
    return outputs


@pytest.mark.parametrize("shard_docs", SHARD_SIZES)
def test_qa_json_and_sarif_are_byte_identical_to_the_local_engine(local_ray, corpus, local_qa, shard_docs):
    assert _qa_outputs(corpus, _settings(shard_docs)) == local_qa


@pytest.fixture(scope="module")
def distinct_corpus(tmp_path_factory) -> Path:
    return write_distinct_corpus(tmp_path_factory.mktemp("ray-distinct") / "trials.jsonl", 40)


@pytest.fixture(scope="module")
def local_distinct_qa(distinct_corpus) -> dict[str, str]:
    return _qa_outputs(distinct_corpus, None)


@pytest.mark.parametrize("shard_docs", [6, 15])  # 6 x 6 + 4, and 15 + 15 + 10
def test_qa_of_distinct_abstracts_is_byte_identical_to_the_local_engine(local_ray, distinct_corpus,
                                                                        local_distinct_qa, shard_docs):
    report = json.loads(local_distinct_qa["json"])
    assert len({pair["similarity"] for doc in report["documents"] for pair in doc["pairs"]}) > 100
    assert _qa_outputs(distinct_corpus, _settings(shard_docs)) == local_distinct_qa


def test_qa_of_a_parquet_corpus_at_a_uri_is_that_of_the_jsonl_corpus(local_ray, distinct_corpus, local_distinct_qa,
                                                                       tmp_path):
    """Shards of 15 rows in row groups of 8, read by the workers through pyarrow.fs (file://)."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = [json.loads(line) for line in distinct_corpus.read_text(encoding="utf-8").splitlines()]
    parquet = tmp_path / "trials.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet, row_group_size=8)
    on_ray = _qa_outputs(parquet.as_uri(), _settings(15))["json"]
    assert on_ray.count('"input": "parquet"') == 1
    assert on_ray.replace('"input": "parquet"', '"input": "jsonl"').replace(parquet.as_uri(), str(distinct_corpus)) \
        == local_distinct_qa["json"]


def _align_outputs(alignments) -> dict[str, str]:
    alignments = list(alignments)
    out = {fmt: "".join(iter_render(alignments, fmt)) for fmt in ("tsv", "tmx", "jsonl")}
    out["beads"] = "\n".join(f"{al.document.id}\n{write_beads(al)}" for al in alignments)
    return out


@pytest.fixture(scope="module")
def local_align(corpus) -> dict[str, str]:
    return _align_outputs(align_corpus(JsonlCorpus(corpus, "en", "zh").documents(), use_cache=False))


@pytest.mark.parametrize("shard_docs", SHARD_SIZES)
def test_align_tsv_tmx_and_beads_are_byte_identical_to_the_local_engine(local_ray, corpus, local_align, shard_docs,
                                                                         caplog):
    validated = JsonlCorpus(corpus, "en", "zh")
    validated.validate()
    with caplog.at_level("INFO", logger="bitext"):
        spool, plan = align_on_ray(validated, AlignJob(InputFiles(corpus=str(corpus)), use_cache=False),
                                   _settings(shard_docs))
    with spool:
        assert _align_outputs(spool) == local_align
    assert plan.shards[-1].count == 40 % shard_docs  # the uneven last shard
    # the progress counts the pool's actors that Ray reports alive (here from its actor table: no dashboard)
    progress = [r.getMessage() for r in caplog.records if r.getMessage().startswith("ray: 40/40 documents")]
    assert len(progress) == 1 and progress[0].endswith((", 1 worker(s) alive", ", 2 worker(s) alive")), progress


@pytest.fixture(scope="module")
def local_glossary(corpus) -> str:
    candidates = propose_terms(InputFiles(corpus=str(corpus)), GLOSSARY, use_cache=False, workers=1, min_freq=2)
    assert len(candidates) > 5
    return candidates_tsv_text(candidates)


@pytest.mark.parametrize("shard_docs", SHARD_SIZES)
def test_glossary_build_tsv_is_byte_identical_to_the_local_engine(local_ray, corpus, local_glossary, shard_docs):
    inputs = InputFiles(corpus=str(corpus))
    on_ray = candidates_tsv_text(propose_terms(inputs, GLOSSARY, use_cache=False, workers=1, min_freq=2,
                                               first_pass_for=ray_first_pass(_settings(shard_docs), inputs,
                                                                             use_cache=False)))
    assert on_ray == local_glossary


def test_a_worker_killed_mid_run_still_gives_identical_output(local_ray, cli, corpus, local_qa, tmp_path,
                                                               monkeypatch):
    marker = tmp_path / "killed"
    monkeypatch.setenv(FAULT_VARIABLE, f"2:kill:{marker}")
    out = tmp_path / "report.sarif"
    result = cli("qa", corpus, "--glossary", GLOSSARY, "--no-cache", "-f", "sarif", "-o", out, "--exit-zero",
                 "--engine", "ray", "--shard-docs", "7", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert marker.exists()  # the worker of shard 2 was killed once
    assert out.read_text(encoding="utf-8") == local_qa["sarif"]


def test_a_shard_that_fails_for_good_is_exit_2_and_no_output(local_ray, cli, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv(FAULT_VARIABLE, "1:fail")
    parts = tmp_path / "parts"
    result = cli("qa", corpus, "--no-cache", "--output-dir", parts, "--engine", "ray", "--shard-docs", "16",
                 "--workers", "2")
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("bitext: error:")]
    assert len(lines) == 1 and "shard 2 of 3 failed after 3 attempt(s)" in lines[0], result.output
    assert "abstracts.jsonl:17-32" in lines[0]
    assert not parts.exists()


def test_output_dir_holds_a_part_per_shard_a_manifest_and_success(local_ray, cli, corpus, local_align, tmp_path):
    parts = tmp_path / "parts"
    result = cli("align", corpus, "--no-cache", "-f", "jsonl", "--output-dir", parts, "--engine", "ray",
                 "--shard-docs", "16", "--workers", "2")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in parts.iterdir())
    assert names == ["_SUCCESS", "manifest.json", "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert "".join((parts / n).read_text(encoding="utf-8") for n in names[2:]) == local_align["jsonl"]
    manifest = json.loads((parts / "manifest.json").read_text(encoding="utf-8"))
    assert [s["documents"] for s in manifest["shards"]] == [16, 16, 8]
    assert manifest["signature"]["model"]
