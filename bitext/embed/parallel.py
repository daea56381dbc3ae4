"""Sentence states on several cores, for encoders whose work is pure numpy (USE).

Each worker is a forked copy of this process (the encoder's weights are shared
copy-on-write) that embeds interleaved chunks; results come back as float16 rows.
Never used once torch is imported: forking a process with torch's thread pools
running can deadlock; nor in a process that said so with :func:`embed_in_this_process_only`
(a Ray actor: Ray's own threads make forking as unsafe, and the actor has its share of CPUs).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator

import numpy as np

from bitext.embed.base import StateEncoder

_ENCODER: StateEncoder | None = None  # a worker's copy, set by _init when the pool forks it
_IN_THIS_PROCESS_ONLY = False


def embed_in_this_process_only() -> None:
    """From now on this process embeds without forking workers (same vectors, one core)."""
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
    """How many processes are worth starting for ``n_texts`` sentences (1 = do it here)."""
    if _IN_THIS_PROCESS_ONLY or "torch" in sys.modules or not hasattr(os, "fork"):
        return 1
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
    with multiprocessing.get_context("fork").Pool(workers, initializer=_init, initargs=(encoder,)) as pool:
        yield from zip(chunks, pool.imap(_states, chunks), strict=True)


__all__ = ["embed_in_this_process_only", "ignore_interrupts", "states_in_chunks", "usable_workers"]
