"""Work on several cores: sentence states for encoders whose work is pure numpy (USE), and
any per-item task (aligning and checking the documents of a batch).

Each worker is a forked copy of this process (the encoder's weights, the prefetched states
and everything else are shared copy-on-write); only indices go out and results come back.
Never used once torch is imported: forking a process with torch's thread pools running can
deadlock; nor in a process that said so with :func:`work_in_this_process_only` (a Ray actor:
Ray's own threads make forking as unsafe, and the actor has its share of CPUs).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

import numpy as np

from bitext.embed.base import StateEncoder

_ENCODER: StateEncoder | None = None  # a worker's copy, set by _init when the pool forks it
_TASK: Callable[[int], object] | None = None  # forked_map's task, which its workers inherit
T = TypeVar("T")
_IN_THIS_PROCESS_ONLY = False


def work_in_this_process_only() -> None:
    """From now on this process embeds and checks without forking workers (same results, one core)."""
    global _IN_THIS_PROCESS_ONLY
    _IN_THIS_PROCESS_ONLY = True


def _init(encoder: StateEncoder) -> None:
    global _ENCODER
    _ENCODER = encoder
    ignore_interrupts()


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches every process of the terminal's group, and the parent alone
    handles it (it stops the pool); a worker that took it too would print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _states(texts: list[str]) -> np.ndarray:
    if _ENCODER is None:
        raise RuntimeError("_states runs in a pool worker started with initializer=_init")
    return _ENCODER.sentence_states(texts).astype(np.float16)


def usable_workers(n_texts: int, min_per_worker: int = 600) -> int:
    """How many processes are worth starting for ``n_texts`` sentences, or other items worth
    ``min_per_worker`` per process (1 = do it here)."""
    if n_texts // min_per_worker <= 1:
        return 1  # too little for a second process (and multiprocessing need not even load)
    import multiprocessing

    if _IN_THIS_PROCESS_ONLY or "torch" in sys.modules or not hasattr(os, "fork") \
            or multiprocessing.current_process().daemon:
        return 1  # a pool's worker (daemonic) may not start processes of its own
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, n_texts // min_per_worker))


def states_in_chunks(encoder: StateEncoder, texts: list[str], chunk: int,
                     workers: int) -> Iterator[tuple[list[str], np.ndarray]]:
    """Yield (chunk texts, float16 state rows) in order, computed by ``workers`` processes."""
    chunks = [texts[i : i + chunk] for i in range(0, len(texts), chunk)]
    if workers <= 1:
        for part in chunks:
            yield part, encoder.sentence_states(part).astype(np.float16)
        return
    load = getattr(encoder, "load", None)
    if load is not None:
        load()  # here, once, for every worker to inherit
    with _forked_pool(workers, _init, (encoder,)) as pool:
        yield from zip(chunks, pool.imap(_states, chunks), strict=True)


def _forked_pool(workers: int, initializer: Callable, initargs: tuple = ()):
    """A pool of forked workers whose inherited objects the garbage collector leaves alone: it would
    walk them all (the word lists, the lexicons) again and again in every worker, and touching them
    copies the pages that parent and workers share."""
    import multiprocessing

    gc.freeze()  # the workers are forked with everything frozen ...
    try:
        return multiprocessing.get_context("fork").Pool(workers, initializer=initializer, initargs=initargs)
    finally:
        # ... and this process goes on as before: what it holds is collected (and finalized,
        # e.g. the embedding cache's connection, which checkpoints its journal on closing) as usual
        gc.unfreeze()


def _run_task(index: int) -> object:
    if _TASK is None:
        raise RuntimeError("_run_task runs in a worker forked by forked_map")
    return _TASK(index)


def forked_map(task: Callable[[int], T], count: int, workers: int, chunk: int = 1) -> Iterator[T]:
    """``task(0)``, ``task(1)`` … ``task(count - 1)``, yielded in order, computed by ``workers``
    forked processes (here when ``workers`` <= 1). ``task`` may be any callable, a closure over
    large data included: the workers inherit it by forking, and only the indices and the
    (picklable) results cross between processes. An exception in a task is raised here, at its
    place in the order; the workers stop when the iteration ends, early or not."""
    global _TASK
    if workers <= 1 or count <= 1:
        yield from map(task, range(count))
        return
    previous, _TASK = _TASK, task
    try:
        with _forked_pool(workers, ignore_interrupts) as pool:
            yield from pool.imap(_run_task, range(count), chunksize=chunk)
    finally:
        _TASK = previous


__all__ = ["forked_map", "ignore_interrupts", "states_in_chunks", "usable_workers", "work_in_this_process_only"]
