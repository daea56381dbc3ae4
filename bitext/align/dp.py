"""Monotone dynamic programming over a band of cells, in memory linear in document length.

The band gives, for every source position ``i`` (0..n), the inclusive range of
target positions ``lo[i]..hi[i]`` the path may pass through. Scores of every
move (bead shape) are precomputed by the caller in the band's layout, so this
module knows nothing about embeddings: it maximises the sum of bead scores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Move = tuple[int, int]  # (source sentences, target sentences) consumed by a bead
# score_fn(move, i, js) -> scores of the bead ending at (i, j) for each j in js
ScoreFn = Callable[[Move, int, np.ndarray], np.ndarray]

NEG = -1e18


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def band_around_path(path: Sequence[tuple[int, int]], n: int, m: int, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """A band of +-radius target positions around a monotone path of (i, j) cells.

    The path must start at (0, 0) and end at (n, m). Rows the path crosses in
    one step (a multi-sentence source block) get the span of its endpoints.
    """
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    prev_i, prev_j = 0, 0
    for i, j in path:
        for r in range(prev_i, i + 1):
            lo[r] = min(lo[r], prev_j)
            hi[r] = max(hi[r], j)
        prev_i, prev_j = i, j
    lo = np.clip(lo - radius, 0, m)
    hi = np.clip(hi + radius, 0, m)
    # Keep the band monotone and connected so every row can be reached.
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m
    return lo, hi


def _best_row_moves(i: int, js: np.ndarray, dp: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                    row_moves: list[tuple[int, Move]], move_ids: np.ndarray, move_a: np.ndarray,
                    move_b: np.ndarray, score_fn: ScoreFn, best: np.ndarray, arg: np.ndarray) -> None:
    """Row ``i``'s best bead ending at each ``js`` among the moves that consume source sentences,
    into ``best`` and ``arg`` (which hold the row's start). The moves are weighed all at once, as
    the loop "for each move in order: take it where it is strictly better" would: a move that
    cannot end in this row (more source sentences than ``i``, no predecessor in the band) takes
    no part; the others score ``dp[previous cell] + score`` (NEG where the previous cell is
    outside the band), and each cell takes the first move reaching the highest score, if that
    beats what the cell holds."""
    usable = move_a <= i
    if not usable.any():
        return
    pi = i - move_a[usable]  # (moves,) previous rows
    pj = js[None, :] - move_b[usable][:, None]  # (moves, cells) previous columns
    ok = (pj >= lo[pi][:, None]) & (pj <= hi[pi][:, None])
    takes_part = ok.any(axis=1)
    if not takes_part.any():
        return
    pi, pj, ok = pi[takes_part], pj[takes_part], ok[takes_part]
    chosen = [move for move, use in zip(row_moves, usable, strict=True) if use]
    chosen = [move for move, use in zip(chosen, takes_part, strict=True) if use]
    previous = np.where(ok, dp[pi[:, None], np.clip(pj - lo[pi][:, None], 0, dp.shape[1] - 1)], NEG)
    cand = previous + np.stack([score_fn(move, i, js) for _, move in chosen])
    cand = np.where(np.isnan(cand), -np.inf, cand)  # a NaN is never "strictly better"
    first = np.argmax(cand, axis=0)  # the first move reaching the highest score
    top = cand[first, np.arange(js.shape[0])]
    better = top > best
    best[better] = top[better]
    arg[better] = move_ids[usable][takes_part][first[better]]


def banded_dp(n: int, m: int, lo: np.ndarray, hi: np.ndarray, moves: Sequence[Move],
              score_fn: ScoreFn) -> list[tuple[Move, int, int, float]]:
    """Best monotone path from (0, 0) to (n, m); returns beads as (move, end_i, end_j, score).

    ``moves`` may contain (0, 1), which is resolved inside a row with a running
    maximum instead of a Python loop over cells.
    """
    width = int((hi - lo).max()) + 1
    dp = np.full((n + 1, width), NEG)
    back = np.full((n + 1, width), -1, dtype=np.int16)
    row_moves = [(k, mv) for k, mv in enumerate(moves) if mv[0] > 0]
    ins = [k for k, mv in enumerate(moves) if mv == (0, 1)]
    move_ids = np.array([k for k, _ in row_moves], dtype=np.int16)
    move_a = np.array([a for _, (a, _) in row_moves], dtype=np.int64)
    move_b = np.array([b for _, (_, b) in row_moves], dtype=np.int64)
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = np.full(js.shape[0], NEG)
        arg = np.full(js.shape[0], -1, dtype=np.int16)
        if i == 0:
            best[js == 0] = 0.0
        _best_row_moves(i, js, dp, lo, hi, row_moves, move_ids, move_a, move_b, score_fn, best, arg)
        if ins:
            k = ins[0]
            gains = score_fn((0, 1), i, js)  # gain of the 0-1 bead ending at each j
            # best[j] = max(best[j], best[j-1] + gains[j]) as a prefix scan:
            # with G = cumsum(gains), best[j] = G[j] + max_{t<=j}(best[t] - G[t]).
            g = np.cumsum(gains)
            run = np.maximum.accumulate(best - g) + g
            came = run > best + 1e-12
            best = np.where(came, run, best)
            arg[came] = k
        dp[i, : js.shape[0]] = best
        back[i, : js.shape[0]] = arg
    if dp[n, m - lo[n]] <= NEG / 2:
        raise RuntimeError("no path through the band")  # the band construction guarantees one
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j - lo[i]])
        a, b = moves[k]
        prev_score = dp[i - a, j - b - lo[i - a]]
        beads.append(((a, b), i, j, float(dp[i, j - lo[i]] - prev_score)))
        i, j = i - a, j - b
    beads.reverse()
    return beads
