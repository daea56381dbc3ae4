"""The driver's side of the Ray engine without Ray: results put back in shard order, a mix of
versions or models refused, a failed shard reported in one line; actor sizing; the count of
workers alive in the progress."""

from __future__ import annotations

import os
import pickle

import pytest

from bitext.distributed import RaySettings
from bitext.distributed.engine import AliveWorkers, ShardActor, _in_order, actor_resources
from bitext.distributed.shards import Shard, ShardPlan
from bitext.errors import BitextError
from bitext.version import TOOL


@pytest.fixture(autouse=True)
def _forking_restored(monkeypatch):
    """A ShardActor built here switches this process to embedding without forks; undone after."""
    from bitext.embed import parallel

    monkeypatch.setattr(parallel, "_IN_THIS_PROCESS_ONLY", False)


PLAN = ShardPlan("c.jsonl", 100, [Shard(0, 0, 1, 2, 2), Shard(1, 50, 3, 2, 4), Shard(2, 80, 5, 1, 5)])


def _row(index: int, version: str = TOOL, fingerprint: str = "use-m3@1", error: str = "") -> dict:
    return {"index": index, "payload": pickle.dumps([f"doc{index}"]), "fingerprint": fingerprint,
            "version": version, "pid": 10 + index, "error": error, "attempts": 1 if not error else 3}


def test_results_come_back_in_shard_order_whatever_order_they_finish_in():
    advanced = []
    results = list(_in_order(iter([_row(2), _row(0), _row(1)]), PLAN, "c.jsonl", advanced.append, 2))
    assert [r.shard.index for r in results] == [0, 1, 2]
    assert [r.payload for r in results] == [["doc0"], ["doc1"], ["doc2"]]
    assert advanced == [2, 2, 1]


@pytest.mark.parametrize("rows, message", [
    ([_row(0), _row(1, version="bitext 0.0.9")], "a worker runs bitext 0.0.9, this driver"),
    ([_row(0), _row(1, fingerprint="use-m3@2")], "workers use different models"),
    ([_row(0), _row(1, error="RuntimeError: boom")], "c.jsonl:3-4: shard 2 of 3 failed after 3 attempt(s): "
                                                     "RuntimeError: boom"),
    ([_row(0), _row(2)], "returned 1 of 3 shard(s)"),
])
def test_the_driver_refuses_a_mix_and_reports_a_failed_shard(rows, message):
    with pytest.raises(BitextError) as caught:
        list(_in_order(iter(rows), PLAN, "c.jsonl", lambda n: None, 2))
    assert message in str(caught.value)


def test_a_lost_ray_run_is_one_line_naming_the_corpus():
    def rows():
        yield _row(0)
        raise RuntimeError("ActorDiedError: the actor died unexpectedly\nmore detail")

    with pytest.raises(BitextError, match=r"^c.jsonl: the Ray run failed \(RuntimeError: more detail\)"):
        list(_in_order(rows(), PLAN, "c.jsonl", lambda n: None, 2))


@pytest.mark.parametrize("cpus, workers, expected", [(2, None, (1, 1.0)), (2, 2, (2, 0.5)), (2, 3, (3, 0.33)),
                                                     (3, 2, (2, 1.0)), (1, None, (1, 0.5)), (64, None, (63, 1.0))])
def test_actors_leave_a_cpu_to_ray_data(cpus, workers, expected):
    assert actor_resources(RaySettings(workers=workers), cpus) == expected


class _Flaky:
    memory = 1

    def __init__(self, failures: int):
        self.failures = failures

    def setup(self):
        return "state"

    def run(self, state, path, size, shard):
        if self.failures:
            self.failures -= 1
            raise OSError("transient")
        return [shard.index], "fp"


def test_an_actor_retries_a_failing_shard_a_bounded_number_of_times():
    batch = {"index": [1], "offset": [50], "first_line": [3], "count": [2], "last_line": [4]}
    ok = ShardActor(_Flaky(2), "c.jsonl", 100, retries=2)(batch)
    assert ok["error"] == [""] and ok["attempts"] == [3] and pickle.loads(ok["payload"][0]) == [1]
    failed = ShardActor(_Flaky(3), "c.jsonl", 100, retries=2)(batch)
    assert failed["error"] == ["OSError: transient"] and failed["attempts"] == [3]


def test_an_actor_embeds_without_forking_workers():
    """A fork inside a Ray actor hung the 1,000-document benchmark (shards of 2,400 sentences made the
    default model fork two embedding workers while Ray's threads ran)."""
    from bitext.embed.parallel import usable_workers

    assert usable_workers(100_000) > 1 or (len(os.sched_getaffinity(0)) == 1)
    ShardActor(_Flaky(0), "c.jsonl", 100, retries=2)
    assert usable_workers(100_000) == 1


def test_actors_reserve_memory_for_their_model():
    from bitext.distributed.engine import DEFAULT_ACTOR_MEMORY, TORCH_ACTOR_MEMORY, actor_memory

    assert actor_memory(None) == actor_memory("use-m3") == DEFAULT_ACTOR_MEMORY
    assert actor_memory("embeddinggemma-300m") == TORCH_ACTOR_MEMORY > DEFAULT_ACTOR_MEMORY


def test_progress_counts_the_pools_actors_alive_and_asks_rarely(caplog):
    calls = []

    def actors():
        calls.append(1)
        return [("MapWorker(MapBatches(ShardActor))", "01"), ("MapWorker(MapBatches(ShardActor))", "01"),
                ("MapWorker(MapBatches(ShardActor))", "02"), ("SomethingElse", "01")]

    alive = AliveWorkers(interval=3600, actors=actors, job_id="01")
    with caplog.at_level("INFO", logger="bitext"):
        results = list(_in_order(iter([_row(0), _row(1), _row(2)]), PLAN, "c.jsonl", lambda n: None, 2, alive))
    assert len(results) == 3
    assert len(calls) == 1  # once per interval
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("ray: ")]
    assert len(lines) == 3 and lines[0].startswith("ray: 2/5 documents, ")
    assert all(line.endswith(", 2 worker(s) alive") for line in lines)


def test_progress_counts_reporting_workers_when_ray_cannot_be_asked(caplog):
    def unavailable():
        raise RuntimeError("the GCS is gone")

    alive = AliveWorkers(interval=0, actors=unavailable, job_id="01")
    with caplog.at_level("INFO", logger="bitext"):
        list(_in_order(iter([_row(0), _row(1), _row(2)]), PLAN, "c.jsonl", lambda n: None, 2, alive))
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("ray: ")]
    assert [line.rsplit(", ", 1)[1] for line in lines] == [f"{n} worker(s) reporting" for n in (1, 2, 3)]
    assert alive() is None


def test_actors_alive_come_from_the_connected_clusters_table_before_any_dashboard(monkeypatch):
    # the state API without an address asks whatever dashboard listens on the default port, which
    # on a machine running another Ray cluster is that cluster's: the GCS table is asked first
    ray_state = pytest.importorskip("ray._private.state")
    ray_util_state = pytest.importorskip("ray.util.state")
    from bitext.distributed import engine

    table = {"a": {"ActorClassName": "ShardActor", "JobID": "01", "State": "ALIVE"},
             "b": {"ActorClassName": "ShardActor", "JobID": "01", "State": "DEAD"}}
    monkeypatch.setattr(ray_state, "actors", lambda *args, **kwargs: table)

    asked = []

    def other_cluster(*args, **kwargs):
        asked.append(1)
        return []  # another cluster's dashboard: none of its actors are this run's

    monkeypatch.setattr(ray_util_state, "list_actors", other_cluster)
    assert engine._alive_actors() == [("ShardActor", "01")]
    assert asked == []
