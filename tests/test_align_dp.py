"""bitext.align.dp: the banded monotone DP and the band around an anchor path.

Hand-made score tables with a known best path, and hypothesis properties: the
banded DP (with its prefix-scan for 0-1 moves) finds the same optimum as a
plain cell-by-cell DP, and ``align_sentences`` over random vectors always
returns beads that cover both sides once, in order, within ``max_bead``.
"""

from __future__ import annotations

import math
import zlib
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bitext.align.aligner import AlignSettings, align_sentences, bead_moves
from bitext.align.dp import NEG, band_around_path, banded_dp, full_band
from bitext.embed.base import normalise_rows

# -- helpers -----------------------------------------------------------------------------------------


def table_fn(tables: dict[tuple[int, int], np.ndarray]):
    """A score_fn reading ``tables[move][i, j]`` (the bead of shape ``move`` ending at cell (i, j))."""

    def score(move, i, js):
        return tables[move][i, js]

    return score


def constant_tables(n: int, m: int, moves, value: float = 0.0) -> dict:
    return {mv: np.full((n + 1, m + 1), value) for mv in moves}


def reference_dp(n, m, lo, hi, moves, tables) -> float:
    """Best total score by a plain cell-by-cell DP over the band (the oracle)."""
    best = np.full((n + 1, m + 1), -np.inf)
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(lo[i], hi[i] + 1):
            for a, b in moves:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0 or not (lo[pi] <= pj <= hi[pi]):
                    continue
                if best[pi, pj] == -np.inf:
                    continue
                best[i, j] = max(best[i, j], best[pi, pj] + tables[(a, b)][i, j])
    return float(best[n, m])


def check_path(beads, n, m, lo, hi, moves, tables) -> float:
    """The beads chain (0,0) -> (n,m) through band cells with allowed moves; returns their total."""
    i = j = 0
    total = 0.0
    for (a, b), end_i, end_j, score in beads:
        assert (a, b) in moves
        assert (end_i, end_j) == (i + a, j + b)
        assert lo[end_i] <= end_j <= hi[end_i], "bead ends outside the band"
        assert score == pytest.approx(tables[(a, b)][end_i, end_j], abs=1e-9)
        total += score
        i, j = end_i, end_j
    assert (i, j) == (n, m)
    return total


def as_cells(beads):
    return [((a, b), i, j) for (a, b), i, j, _ in beads]


# -- banded_dp on hand-made tables -------------------------------------------------------------------

BASIC = [(1, 1), (1, 0), (0, 1)]


def test_diagonal_is_best_when_one_to_one_pays():
    tables = constant_tables(2, 2, BASIC, -0.5)
    tables[(1, 1)][:] = 1.0
    lo, hi = full_band(2, 2)
    beads = banded_dp(2, 2, lo, hi, BASIC, table_fn(tables))
    assert beads == [((1, 1), 1, 1, 1.0), ((1, 1), 2, 2, 1.0)]


def test_two_to_one_bead_wins_over_pieces():
    moves = [(1, 0), (0, 1), (1, 1), (2, 1)]
    tables = constant_tables(2, 1, moves, -0.1)
    tables[(1, 1)][:] = 0.5
    tables[(2, 1)][2, 1] = 2.0
    lo, hi = full_band(2, 1)
    assert as_cells(banded_dp(2, 1, lo, hi, moves, table_fn(tables))) == [((2, 1), 2, 1)]


def test_insertions_in_the_first_row():
    # Two 0-1 beads first, then the only 1-1 bead that pays: exercises the 0-1 prefix scan in row 0.
    tables = constant_tables(1, 3, BASIC, -1.0)
    tables[(0, 1)][:] = 0.1
    tables[(1, 1)][1, 3] = 5.0
    lo, hi = full_band(1, 3)
    beads = banded_dp(1, 3, lo, hi, BASIC, table_fn(tables))
    assert as_cells(beads) == [((0, 1), 0, 1), ((0, 1), 0, 2), ((1, 1), 1, 3)]
    assert sum(b[3] for b in beads) == pytest.approx(5.2)


def test_insertion_inside_a_later_row_after_another_move():
    # (1,1) to (1,1), a 0-1 bead to (1,2), then (1,1) to (2,3).
    tables = constant_tables(2, 3, BASIC, -1.0)
    tables[(1, 1)][1, 1] = 1.0
    tables[(1, 1)][2, 3] = 1.0
    tables[(0, 1)][1, 2] = 0.2
    lo, hi = full_band(2, 3)
    beads = banded_dp(2, 3, lo, hi, BASIC, table_fn(tables))
    assert as_cells(beads) == [((1, 1), 1, 1), ((0, 1), 1, 2), ((1, 1), 2, 3)]
    assert [b[3] for b in beads] == pytest.approx([1.0, 0.2, 1.0])


def test_deletion_bead_in_the_middle():
    tables = constant_tables(3, 2, BASIC, -0.2)
    tables[(1, 1)][1, 1] = 1.0
    tables[(1, 1)][3, 2] = 1.0
    lo, hi = full_band(3, 2)
    assert as_cells(banded_dp(3, 2, lo, hi, BASIC, table_fn(tables))) == [((1, 1), 1, 1), ((1, 0), 2, 1),
                                                                          ((1, 1), 3, 2)]


def test_band_forbids_the_unconstrained_optimum():
    # Skips pay and 1-1 beads cost, but a band holding only the diagonal forces 1-1 beads.
    tables = constant_tables(3, 3, BASIC, 1.0)
    tables[(1, 1)][:] = -5.0
    lo = np.array([0, 1, 2, 3])
    hi = np.array([0, 1, 2, 3])
    beads = banded_dp(3, 3, lo, hi, BASIC, table_fn(tables))
    assert as_cells(beads) == [((1, 1), 1, 1), ((1, 1), 2, 2), ((1, 1), 3, 3)]
    # ... while the full band takes the skips.
    lo, hi = full_band(3, 3)
    full = banded_dp(3, 3, lo, hi, BASIC, table_fn(tables))
    assert all(mv != (1, 1) for mv, *_ in full) and sum(b[3] for b in full) == pytest.approx(6.0)


def test_no_path_through_the_band_raises():
    moves = [(1, 1), (1, 0)]
    tables = constant_tables(1, 2, moves, 0.0)
    with pytest.raises(RuntimeError, match="no path"):
        banded_dp(1, 2, np.array([0, 2]), np.array([0, 2]), moves, table_fn(tables))


def test_scores_of_invalid_cells_never_win():
    # NEG-like scores mark impossible beads; the DP must route around them.
    tables = constant_tables(2, 2, BASIC, -0.3)
    tables[(1, 1)][:] = 1.0
    tables[(1, 1)][1, 1] = NEG / 4
    lo, hi = full_band(2, 2)
    beads = banded_dp(2, 2, lo, hi, BASIC, table_fn(tables))
    assert ((1, 1), 1, 1) not in as_cells(beads)
    assert check_path(beads, 2, 2, lo, hi, BASIC, tables) > NEG / 8


# -- band_around_path ----------------------------------------------------------------------------------


def test_band_around_diagonal():
    path = [(0, 0), (1, 1), (2, 2), (3, 3)]
    lo, hi = band_around_path(path, 3, 3, radius=0)
    assert lo.tolist() == [0, 0, 1, 2] and hi.tolist() == [1, 2, 3, 3]
    lo, hi = band_around_path(path, 3, 3, radius=1)
    assert lo.tolist() == [0, 0, 0, 1] and hi.tolist() == [2, 3, 3, 3]


def test_band_spans_a_multi_row_step():
    lo, hi = band_around_path([(0, 0), (2, 1), (3, 3)], 3, 3, radius=0)
    assert lo.tolist() == [0, 0, 0, 1] and hi.tolist() == [1, 1, 3, 3]


def test_band_clipped_at_the_edges():
    lo, hi = band_around_path([(0, 0), (1, 0), (2, 0), (2, 1)], 2, 1, radius=5)
    assert lo.tolist() == [0, 0, 0] and hi.tolist() == [1, 1, 1]


STEPS = [(1, 0), (0, 1), (1, 1), (2, 1), (1, 2)]


@st.composite
def monotone_paths(draw):
    steps = draw(st.lists(st.sampled_from(STEPS), min_size=1, max_size=25))
    path = [(0, 0)]
    for a, b in steps:
        i, j = path[-1]
        path.append((i + a, j + b))
    n, m = path[-1]
    return path, n, m


@settings(max_examples=150, deadline=None)
@given(monotone_paths(), st.integers(0, 3))
def test_band_properties(pm, radius):
    path, n, m = pm
    lo, hi = band_around_path(path, n, m, radius)
    assert lo.shape == hi.shape == (n + 1,)
    assert lo[0] == 0 and hi[n] == m
    assert (0 <= lo).all() and (lo <= hi).all() and (hi <= m).all()
    assert (np.diff(lo) >= 0).all() and (np.diff(hi) >= 0).all(), "band must be monotone"
    assert (lo[1:] <= hi[:-1]).all(), "consecutive rows must overlap (1-0 moves stay possible)"
    for i, j in path:
        assert lo[i] <= max(0, j - radius) and min(m, j + radius) <= hi[i]
    # A table that pays +1 exactly for the path's own steps: the DP in this band recovers the path.
    moves = STEPS
    tables = constant_tables(n, m, moves, -1.0)
    for (i0, j0), (i1, j1) in pairwise(path):
        tables[(i1 - i0, j1 - j0)][i1, j1] = 1.0
    beads = banded_dp(n, m, lo, hi, moves, table_fn(tables))
    assert [(i, j) for _, i, j, _ in beads] == path[1:]


# -- banded_dp == plain DP on random tables ------------------------------------------------------------

EXTRA_MOVES = [(1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)]


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(0, 9), m=st.integers(0, 9), seed=st.integers(0, 2**32 - 1),
    extra=st.lists(st.sampled_from(EXTRA_MOVES), unique=True), banded=st.booleans(), radius=st.integers(0, 2),
)
def test_banded_dp_matches_plain_dp(n, m, seed, extra, banded, radius):
    if n == 0 and m == 0:
        return
    rng = np.random.default_rng(seed)
    moves = [(1, 0), (0, 1), *extra]
    tables = {mv: rng.normal(size=(n + 1, m + 1)) for mv in moves}
    if banded:
        # a random monotone 1-0/0-1/1-1 path as the anchor
        path, i, j = [(0, 0)], 0, 0
        while (i, j) != (n, m):
            options = [s for s in ((1, 0), (0, 1), (1, 1)) if i + s[0] <= n and j + s[1] <= m]
            a, b = options[rng.integers(len(options))]
            i, j = i + a, j + b
            path.append((i, j))
        lo, hi = band_around_path(path, n, m, radius)
    else:
        lo, hi = full_band(n, m)
    beads = banded_dp(n, m, lo, hi, moves, table_fn(tables))
    total = check_path(beads, n, m, lo, hi, moves, tables)
    assert total == pytest.approx(reference_dp(n, m, lo, hi, moves, tables), abs=1e-9)


# -- align_sentences over random vectors ---------------------------------------------------------------


class RandomBlocks:
    """A BlockEmbedder returning random unit vectors, deterministic per (seed, language, size)."""

    fingerprint = "random-test-vectors"

    def __init__(self, seed: int, dim: int = 16):
        self.seed, self.dim = seed, dim

    def block_vectors(self, sentences, lang, max_len):
        n = len(sentences)
        out = {}
        for size in range(1, min(max_len, n) + 1):
            rng = np.random.default_rng([self.seed, zlib.crc32(lang.encode()), size])
            out[size] = normalise_rows(rng.standard_normal((n - size + 1, self.dim)))
        return out


def assert_valid_beads(beads, n: int, m: int, max_bead: int) -> None:
    """Every sentence of both sides in exactly one bead, in order; shapes within max_bead."""
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert src == list(range(n)), f"source not covered once in order: {src}"
    assert tgt == list(range(m)), f"target not covered once in order: {tgt}"
    for b in beads:
        assert b.src or b.tgt, "empty bead"
        assert len(b.src) + len(b.tgt) <= max_bead
        assert (len(b.src), len(b.tgt)) in bead_moves(max_bead)
        assert 0.0 <= b.confidence <= 1.0
        assert np.isfinite(b.score)


sentence_lists = st.lists(st.integers(1, 200).map(lambda k: "x" * k), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(src=sentence_lists, tgt=sentence_lists, seed=st.integers(0, 2**32 - 1), max_bead=st.integers(2, 6))
def test_align_sentences_random_vectors_gives_valid_beads(src, tgt, seed, max_bead):
    blocks = RandomBlocks(seed)
    beads = align_sentences(src, tgt, blocks, AlignSettings(max_bead=max_bead))
    assert_valid_beads(beads, len(src), len(tgt), max_bead)
    # deterministic
    again = align_sentences(src, tgt, RandomBlocks(seed),
                            AlignSettings(max_bead=max_bead))
    assert [(b.src, b.tgt) for b in again] == [(b.src, b.tgt) for b in beads]


@pytest.mark.parametrize("n,m", [(0, 3), (4, 0), (0, 0)])
def test_align_sentences_with_an_empty_side(n, m):
    beads = align_sentences(["s"] * n, ["t"] * m, RandomBlocks(0))
    assert_valid_beads(beads, n, m, 5)
    assert all(not b.src or not b.tgt for b in beads)


@pytest.mark.parametrize("values", [[0.3], [0.5, 0.1], [3.0, 1.0, 2.0], [0.1, 0.7, 0.2, 0.4], [1e-300, 2e308 / 2, 1.0],
                                    [0.2, float("nan"), 0.1], []])
def test_median_is_numpys_to_the_bit(values):
    import warnings

    from bitext.align.aligner import median

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # np.median of nothing warns
        expected = float(np.median(np.array(values, dtype=float)))
    got = median(np.array(values, dtype=float))
    assert (math.isnan(got) and math.isnan(expected)) or got == expected


def test_median_of_random_samples_is_numpys():
    from bitext.align.aligner import median

    rng = np.random.default_rng(7)
    for size in range(1, 60):
        values = rng.normal(size=size) * 10.0 ** rng.integers(-5, 5)
        assert median(values) == float(np.median(values))


def reference_banded_dp(n, m, lo, hi, moves, score_fn):
    """banded_dp as it was written before its moves were weighed at once: one move at a time, each
    taken where strictly better. The vectorised version must give the same beads and scores."""
    width = int((hi - lo).max()) + 1
    dp = np.full((n + 1, width), NEG)
    back = np.full((n + 1, width), -1, dtype=np.int16)
    row_moves = [(k, mv) for k, mv in enumerate(moves) if mv[0] > 0]
    ins = [k for k, mv in enumerate(moves) if mv == (0, 1)]
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = np.full(js.shape[0], NEG)
        arg = np.full(js.shape[0], -1, dtype=np.int16)
        if i == 0:
            best[js == 0] = 0.0
        for k, (a, b) in row_moves:
            if a > i:
                continue
            pj, pi = js - b, i - a
            ok = (pj >= lo[pi]) & (pj <= hi[pi])
            if not ok.any():
                continue
            prev = np.full(js.shape[0], NEG)
            prev[ok] = dp[pi, pj[ok] - lo[pi]]
            cand = prev + score_fn((a, b), i, js)
            better = cand > best
            best[better] = cand[better]
            arg[better] = k
        if ins:
            gains = score_fn((0, 1), i, js)
            g = np.cumsum(gains)
            run = np.maximum.accumulate(best - g) + g
            came = run > best + 1e-12
            best = np.where(came, run, best)
            arg[came] = ins[0]
        dp[i, : js.shape[0]] = best
        back[i, : js.shape[0]] = arg
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j - lo[i]])
        a, b = moves[k]
        beads.append(((a, b), i, j, float(dp[i, j - lo[i]] - dp[i - a, j - b - lo[i - a]])))
        i, j = i - a, j - b
    beads.reverse()
    return beads


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 9), m=st.integers(1, 9), seed=st.integers(0, 2**32 - 1), radius=st.integers(0, 4),
       ties=st.booleans())
def test_moves_weighed_at_once_give_the_beads_of_one_at_a_time(n, m, seed, radius, ties):
    rng = np.random.default_rng(seed)
    moves = bead_moves(5)
    path = [(0, 0)]
    while path[-1] != (n, m):  # a random monotone path for the band
        i, j = path[-1]
        path.append((min(n, i + int(rng.integers(0, 2))), min(m, j + int(rng.integers(0, 2)))))
        if path[-1] == (i, j):
            path[-1] = (min(n, i + 1), min(m, j + 1))
    lo, hi = band_around_path(path, n, m, radius)
    values = {mv: (rng.integers(-2, 3, size=(n + 1, m + 1)) / 4 if ties else rng.normal(size=(n + 1, m + 1)))
              for mv in moves}

    def score(move, i, js):
        return values[move][i, js].astype(float)

    assert banded_dp(n, m, lo, hi, moves, score) == reference_banded_dp(n, m, lo, hi, moves, score)
