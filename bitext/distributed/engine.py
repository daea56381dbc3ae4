"""Shards through a pool of Ray actors (Ray Data), results back on the driver in shard order.

``run_shards(job, plan, settings, ...)``: Ray Data reads the shard descriptors (``from_items``)
and maps them, one per batch, over an actor pool (``map_batches`` with a callable class). Each
actor calls ``job.setup()`` once (the model, the glossary matcher, the checks) and then
``job.run(state, path, size, shard)`` for every shard it is given. The driver yields the
results in shard order, whatever order they finish in.

Failures: an exception in a shard is retried in the actor (``retries`` more times); an actor
that dies (killed, out of memory) is restarted by Ray and its shard retried, as many times. A
shard that still fails stops the run with a BitextError (exit 2) before anything is written.
Every result carries the worker's bitext version and model fingerprint: the driver refuses a
mix of versions or models.

Actors get a fraction of a CPU each so that the pool never holds every CPU (Ray Data can hang
when nothing is left for its own tasks) and ``memory=`` for the model they load.

For tests: BITEXT_RAY_FAULT="SHARD:fail" makes shard SHARD (0-based) raise in every attempt;
"SHARD:kill:FILE" kills its worker process the first time (FILE, created then, remembers it).
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import time
import warnings
from collections.abc import Callable, Generator, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from bitext.distributed import RaySettings
from bitext.distributed.shards import Shard, ShardPlan
from bitext.errors import BitextError, ConfigError
from bitext.version import TOOL

log = logging.getLogger("bitext")

# Below this many documents a cluster is unlikely to win: starting Ray and loading the model in
# every actor take seconds (docs/benchmarks.md, "Ray").
SMALL_CORPUS = 1000
DEFAULT_ACTOR_MEMORY = 1 << 30  # an actor with the default model peaks under 1 GiB
TORCH_ACTOR_MEMORY = 4 << 30  # EmbeddingGemma (with USE beside it) or a sentence-transformers model, and torch
FAULT_VARIABLE = "BITEXT_RAY_FAULT"


class ShardJob(Protocol):
    """What the actors do: ``setup`` once per actor, ``run`` per shard (returning a picklable
    payload and the model fingerprint, None when no model was needed)."""

    @property
    def memory(self) -> int:
        """Bytes an actor needs."""
        ...

    def setup(self) -> Any: ...

    def run(self, state: Any, path: str, size: int, shard: Shard) -> tuple[Any, str | None]: ...


@dataclass(frozen=True)
class ShardResult:
    shard: Shard
    payload: Any
    fingerprint: str | None
    attempts: int
    pid: int


class ShardActor:
    """The callable class Ray Data makes an actor pool of (see the module docstring)."""

    def __init__(self, job: ShardJob, path: str, size: int, retries: int, fault: str | None = None):
        from bitext.embed.parallel import work_in_this_process_only

        # a fork from an actor (Ray's threads running) can deadlock, and the actor has its CPU share: it embeds,
        # aligns and checks in its own process
        work_in_this_process_only()
        self.job, self.path, self.size, self.retries, self.fault = job, path, size, retries, fault
        self.state = job.setup()

    def __call__(self, batch: dict) -> dict:
        rows = [self._one(Shard(**{name: int(batch[name][i]) for name in _SHARD_FIELDS}))
                for i in range(len(batch["index"]))]
        return {key: [row[key] for row in rows] for key in _RESULT_FIELDS}

    def _one(self, shard: Shard) -> dict:
        row: dict = {"index": shard.index, "payload": b"", "fingerprint": "", "version": TOOL, "pid": os.getpid(),
                     "error": ""}
        for attempt in range(1, self.retries + 2):
            row["attempts"] = attempt
            try:
                _inject_fault(self.fault, shard.index)
                payload, fingerprint = self.job.run(self.state, self.path, self.size, shard)
            except Exception as error:  # retried, then reported to the driver
                row["error"] = f"{type(error).__name__}: {error}".splitlines()[0]
                continue
            row.update(payload=pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL),
                       fingerprint=fingerprint or "", error="")
            return row
        return row


_SHARD_FIELDS = ("index", "offset", "first_line", "count", "last_line")
_RESULT_FIELDS = ("index", "payload", "fingerprint", "version", "pid", "error", "attempts")


def _inject_fault(fault: str | None, index: int) -> None:
    if not fault:
        return
    shard, _, rest = fault.partition(":")
    mode, _, marker = rest.partition(":")
    if int(shard) != index:
        return
    if mode == "fail":
        raise RuntimeError(f"fault injected into shard {index}")
    if mode == "kill" and marker and not Path(marker).exists():
        Path(marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)


def run_shards(job: ShardJob, plan: ShardPlan, settings: RaySettings, name: str,
               advance: Callable[[int], None] | None = None) -> Iterator[ShardResult]:
    """Every shard of ``plan`` done by ``job`` on the actors, in shard order (see the module)."""
    import ray

    if plan.documents < SMALL_CORPUS:
        log.warning("%s: %d documents: starting Ray and loading the model in every worker take seconds, "
                    "--engine local is likely faster", name, plan.documents)
    started = _connect(settings)
    rows = _execute(job, plan, settings)
    try:
        yield from _in_order(rows, plan, name, advance or _no_progress, settings.retries, AliveWorkers())
    finally:
        rows.close()  # stops the dataset's execution while Ray is still up
        if started:
            ray.shutdown()


def actor_memory(model: str | None) -> int:
    """Bytes of memory to reserve per actor for ``model`` (Ray places no more actors on a node than
    its memory holds, rather than letting them run out of it)."""
    from bitext.embed.registry import DEFAULT_MODEL

    return DEFAULT_ACTOR_MEMORY if (model or DEFAULT_MODEL) == DEFAULT_MODEL else TORCH_ACTOR_MEMORY


def _no_progress(n: int = 1) -> None:
    pass


def _connect(settings: RaySettings) -> bool:
    """Join (or start) Ray; True when this call started it and should shut it down."""
    import ray

    if ray.is_initialized():
        return False
    # Ray's logger's warnings would bury bitext's one-line messages on stderr; Ray's logs keep them
    try:
        ray.init(address=settings.address, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.ERROR, configure_logging=True)
    except (ConnectionError, ValueError, RuntimeError) as error:
        raise ConfigError(f"--address {settings.address}: cannot join Ray ({str(error).splitlines()[0]})",
                          hint="start a cluster with `ray start --head`, or leave out --address") from None
    return True


def actor_resources(settings: RaySettings, cluster_cpus: float) -> tuple[int, float]:
    """(actors, CPUs per actor): by default the cluster's CPUs less one; fractions so that the
    pool leaves a CPU to Ray Data's own tasks."""
    spare = max(cluster_cpus - 1, 0.5)
    workers = settings.workers or max(1, int(spare))
    return workers, round(min(1.0, max(0.05, spare / workers)), 2)


def _execute(job: ShardJob, plan: ShardPlan, settings: RaySettings) -> Generator[dict, None, None]:
    import ray
    import ray.data

    logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # progress is the driver's (run_shards' advance)
    context.execution_options.preserve_order = True
    workers, cpus = actor_resources(settings, ray.cluster_resources().get("CPU", 1.0))
    log.info("ray: %d shard(s) of up to %d documents, %d worker(s) of %g CPU", len(plan.shards), settings.shard_docs,
             workers, cpus)
    descriptors = [asdict(shard) for shard in plan.shards]
    with warnings.catch_warnings():
        # Ray Data restarts a dead actor and retries its batch without end by default; bounding
        # both still needs the deprecated ray_remote_args (no named parameter for them in 2.60)
        warnings.filterwarnings("ignore", message=".*ray_remote_args.*")
        dataset = ray.data.from_items(descriptors, override_num_blocks=len(descriptors)).map_batches(
            ShardActor, fn_constructor_args=(job, plan.path, plan.size, settings.retries,
                                             os.environ.get(FAULT_VARIABLE)),
            batch_size=1, batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=cpus,
            memory=job.memory, max_restarts=settings.retries, max_task_retries=settings.retries)
    batches = iter(dataset.iter_batches(batch_size=1, batch_format="numpy", prefetch_batches=0))
    try:
        for batch in batches:
            for i in range(len(batch["index"])):
                yield {key: batch[key][i] for key in _RESULT_FIELDS}
    finally:
        close = getattr(batches, "close", None)
        if close is not None:
            close()


class AliveWorkers:
    """How many of this run's actors Ray reports alive (ALIVE actors of the pool's class, ShardActor,
    in this job: the driver's progress), asked at most every ``interval`` seconds, as each is a
    request to the cluster's head. ``None`` once asking fails: the progress then counts the workers
    that reported recently instead."""

    def __init__(self, interval: float = 10.0, actors: Callable[[], list[tuple[str, str]]] | None = None,
                 job_id: str | None = None):
        self.interval, self._actors, self._job_id = interval, actors or _alive_actors, job_id
        self._asked = -float("inf")
        self._count: int | None = None
        self._failed = False

    def __call__(self) -> int | None:
        now = time.monotonic()
        if self._failed or now - self._asked < self.interval:
            return self._count
        self._asked = now
        try:
            if self._job_id is None:
                import ray

                self._job_id = ray.get_runtime_context().get_job_id()
            self._count = sum(1 for class_name, job in self._actors()
                              if ShardActor.__name__ in class_name and job == self._job_id)
        except Exception as error:  # any failure of an optional, diagnostic request
            log.debug("ray: cannot count the workers alive (%s)", error)
            self._failed, self._count = True, None
        return self._count


def _alive_actors() -> list[tuple[str, str]]:
    """(class name, job id) of the connected cluster's ALIVE actors: from its GCS actor table
    (ray._private.state: internal, but it asks the cluster this driver is connected to, with or
    without a dashboard), else from the state API (ray.util.state). Not the state API first: with
    no address it asks whatever dashboard listens on the default port, which on a machine running
    another Ray cluster is that cluster's, and its actors are not ours."""
    try:
        from ray._private import state

        return [(str(actor.get("ActorClassName", "")), str(actor.get("JobID", "")))
                for actor in state.actors().values() if actor.get("State") == "ALIVE"]
    except Exception as error:  # an internal module that a Ray release may move or change
        log.debug("ray: actor table unavailable (%s); asking the state API", type(error).__name__)
    from ray.util.state import list_actors

    return [(str(actor.class_name), str(actor.job_id)) for actor in
            list_actors(filters=[("state", "=", "ALIVE")], limit=10_000, timeout=5, raise_on_missing_output=False)]


def _in_order(rows: Iterator[dict], plan: ShardPlan, name: str, advance: Callable[[int], None],
              retries: int, alive: Callable[[], int | None] = lambda: None) -> Iterator[ShardResult]:
    waiting: dict[int, dict] = {}
    next_index, done, fingerprint = 0, 0, None
    seen_pids: list[int] = []
    start = time.perf_counter()
    try:
        for row in rows:
            waiting[int(row["index"])] = row
            while next_index in waiting:
                row = waiting.pop(next_index)
                shard = plan.shards[next_index]
                if row["error"]:
                    raise BitextError(f"{shard.where(name)}: shard {shard.index + 1} of {len(plan.shards)} failed "
                                      f"after {int(row['attempts'])} attempt(s): {row['error']}")
                if str(row["version"]) != TOOL:
                    raise BitextError(f"{name}: a worker runs {row['version']}, this driver {TOOL}",
                                      hint="install the same bitext on every node")
                shard_fingerprint = str(row["fingerprint"]) or None
                if fingerprint is not None and shard_fingerprint not in (None, fingerprint):
                    raise BitextError(f"{name}: workers use different models ({fingerprint} and {shard_fingerprint})",
                                      hint="install the same model on every node")
                fingerprint = fingerprint or shard_fingerprint
                pid = int(row["pid"])
                seen_pids = [p for p in seen_pids if p != pid][-15:] + [pid]
                done += shard.count
                advance(shard.count)
                elapsed = time.perf_counter() - start
                workers = alive()
                log.info("ray: %d/%d documents, %.1f documents/s, %s%s", done, plan.documents,
                         done / max(elapsed, 1e-9), f"{workers} worker(s) alive" if workers is not None
                         else f"{len(set(seen_pids))} worker(s) reporting",
                         f" (shard {shard.index + 1} after {int(row['attempts'])} attempts)"
                         if int(row["attempts"]) > 1 else "")
                yield ShardResult(shard, pickle.loads(row["payload"]), shard_fingerprint, int(row["attempts"]), pid)
                next_index += 1
    except BitextError:
        raise
    except Exception as error:  # Ray's own: a worker that died more often than retried, a lost node
        first = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
        raise BitextError(f"{name}: the Ray run failed ({type(error).__name__}: {first[:300]})",
                          hint=f"a worker that dies is retried {retries} time(s); see the Ray logs") from None
    if next_index != len(plan.shards):
        raise BitextError(f"{name}: the Ray run returned {next_index} of {len(plan.shards)} shard(s)")


__all__ = ["FAULT_VARIABLE", "AliveWorkers", "ShardActor", "ShardJob", "ShardResult", "actor_resources", "run_shards"]
