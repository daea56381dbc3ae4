"""A batch of documents is aligned and checked by forked workers: the same report, byte for byte,
as checking them one by one here, in every process and hash seed; errors reach the user whole."""

from __future__ import annotations

import json

import pytest
from cli_qa_helpers import EN, STARTER_GLOSSARY, ZH, run_bitext

from bitext.embed import parallel
from bitext.errors import InputError
from bitext.qa import pipeline
from bitext.segment import split_sentences


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Ten overlapping pieces of the seed abstract, one document each (the seed's own defects
    give findings in every one), one with a number changed."""
    en = split_sentences(EN.read_text(encoding="utf-8"), "en")
    zh = split_sentences(ZH.read_text(encoding="utf-8"), "zh")
    path = tmp_path_factory.mktemp("parallel") / "corpus.jsonl"
    lines = []
    for k in range(10):
        target = "".join(zh[k:k + 4])
        if k == 3:
            target = target.replace("2", "7", 1)
        lines.append(json.dumps({"id": f"piece{k}", "en": " ".join(en[k:k + 4]), "zh": target}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def two_workers(n: int, per_worker: int = 600) -> int:
    return 2 if n >= 2 else 1


def report(cli, corpus, out):
    result = cli("qa", corpus, "--glossary", STARTER_GLOSSARY, "--format", "json", "-o", out, "--exit-zero")
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_workers_give_the_same_report_as_one_process(cli, corpus, tmp_path, monkeypatch, module_cache):
    monkeypatch.setattr(pipeline, "DOCUMENTS_PER_WORKER", 10**6)  # one process
    alone = report(cli, corpus, tmp_path / "alone.json")
    used = []
    real = parallel.forked_map

    def counted(task, count, workers, chunk=1):
        used.append(workers)
        return real(task, count, workers, chunk)

    monkeypatch.setattr(parallel, "forked_map", counted)
    monkeypatch.setattr(pipeline, "DOCUMENTS_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "usable_workers", two_workers)  # even on a one-core machine
    forked = report(cli, corpus, tmp_path / "forked.json")
    assert used == [2]
    assert json.loads(alone)["summary"]["documents"] == 10 and b'"check"' in alone
    assert forked == alone


def test_an_error_in_a_worker_is_reported_with_its_hint(cli, corpus, tmp_path, monkeypatch, module_cache):
    from bitext.qa.runner import Checker

    real_check = Checker.check

    def failing(self, alignment, similarities=None):
        if alignment.document.id == "piece6":
            raise InputError("piece6: cannot check", hint="look at piece6")
        return real_check(self, alignment, similarities)

    monkeypatch.setattr(Checker, "check", failing)
    monkeypatch.setattr(pipeline, "DOCUMENTS_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "usable_workers", two_workers)
    result = cli("qa", corpus, "--glossary", STARTER_GLOSSARY, "--format", "json", "-o", tmp_path / "r.json")
    assert result.exit_code == 2
    assert result.stderr == "bitext: error: piece6: cannot check (look at piece6)\n"
    assert not (tmp_path / "r.json").exists()


def test_forked_map_keeps_order_and_raises_in_place():
    data = [3, 1, 4, 1, 5, 9, 2, 6]
    assert list(parallel.forked_map(lambda i: data[i] * 10, len(data), 2)) == [x * 10 for x in data]
    assert list(parallel.forked_map(lambda i: data[i], len(data), 1)) == data  # here, no fork
    assert list(parallel.forked_map(lambda i: i, 0, 2)) == []

    def fails_at_five(i):
        if i == 5:
            raise InputError("five", hint="not five")
        return i

    got = []
    with pytest.raises(InputError) as raised:
        for value in parallel.forked_map(fails_at_five, 8, 2):
            got.append(value)
    assert got == [0, 1, 2, 3, 4] and str(raised.value) == "five (not five)"


def test_report_is_byte_identical_across_hash_seeds_with_workers(corpus, tmp_path, module_cache):
    reports = []
    for seed in ("1", "2"):
        out = tmp_path / f"report-{seed}.json"
        proc = run_bitext("qa", corpus, "--glossary", STARTER_GLOSSARY, "--format", "json", "-o", out,
                          "--exit-zero", env={"PYTHONHASHSEED": seed, "BITEXT_CACHE_DIR": str(module_cache)})
        assert proc.returncode == 0, proc.stderr
        reports.append(out.read_bytes())
    assert json.loads(reports[0])["summary"]["documents"] == 10
    assert reports[0] == reports[1]
