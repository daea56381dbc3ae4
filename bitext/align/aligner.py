"""Embedding-based monotone sentence alignment with n-m beads.

Two passes, both in memory linear in document length:

1. Anchors: a 1-1 / 1-0 / 0-1 path over single-sentence similarities, found
   coarse-to-fine (documents are halved by averaging neighbouring vectors until
   the full grid is small, then the path is refined in a band at each level).
2. Beads: a second DP in a band around the anchors over every bead shape with
   at most ``max_bead`` sentences, scored by the cosine of the two blocks minus
   the blocks' similarity to their neighbours (margin), times a length prior on
   UTF-8 byte lengths (a Hanzi is 3 bytes, which keeps zh/en near 1:1). The prior
   is calibrated per document: when the anchor pairs' length ratios vary more than
   a close translation's (a free literary rendering), its exponent shrinks by the
   ratio of the variances, as a Gaussian length model's log-likelihood would.

A sentence that repeats one of the sentences just before it verbatim (a paragraph
pasted twice, common in crawled and exported translations) costs nothing to leave
unaligned, and no bead holds a sentence together with its copy, so the first copy is
aligned and the surplus copy becomes its own 1-0 or 0-1 bead instead of being merged
into a bead (where it would hide the duplication from the checks).

A heading (a short line without final punctuation, is_heading) is translated as a line of its
own. Merged into a neighbour's bead it barely moves the block's vector or length, so the merge
costs less than the skip of leaving it unaligned (0.15) even when it makes the bead worse: a
heading with no counterpart (a translation that left it out) disappeared into a 2-1 bead and
no check saw it. So a bead holding a heading at one end must score above the same bead without
it, or it pays a skip like the unaligned heading would. On the gold sets this moves no bead of
MAC-Dev, Bible or Textberg and puts three ParaMed-NEJM headings right.

The aligner is a pure function of (sentences, a block embedder, settings): the
embedder returns the vector of every block of up to ``max_bead - 1`` sentences
(bitext.embed.blocks), so embedding and its cache stay outside the DP.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from itertools import pairwise

import numpy as np

from bitext.align import DEFAULT_MAX_BEAD
from bitext.align.dp import band_around_path, banded_dp, full_band
from bitext.core import Bead
from bitext.embed.base import normalise_rows
from bitext.embed.blocks import BlockEmbedder


@dataclass(frozen=True)
class AlignSettings:
    """The aligner's parameters; the defaults are those ``bitext align`` and ``bitext qa`` use."""

    max_bead: int = DEFAULT_MAX_BEAD  # most sentences in one bead, both sides together (Bertalign: 5)
    window: int = 5              # second-pass band: +- target positions around the anchor path
    top_k: int = 3               # first pass: a 1-1 cell scores only if the target is in the source's top k
    skip: float = -0.15          # score of a 1-0 or 0-1 bead
    margin: float = 0.6          # weight of the blocks' mean similarity to their neighbours (subtracted)
    length_prior: bool = True    # multiply by log2(1 + min/max of the byte lengths)
    length_power: float = 0.75   # exponent on the length prior (0 = off)
    length_tolerance: float = 0.5  # anchor length-ratio spread up to which length_power holds (length_spread, 0 = off)
    size_penalty: float = 0.0    # subtracted per sentence beyond 1-1, against needless merges
    heading_must_gain: bool = True  # a heading merged into a bead that it does not improve pays a skip (is_heading)
    repeat_skip: float = 0.0     # score of a 1-0 or 0-1 bead whose sentence repeats a recent one (see repeat_of())
    coarse_cells: int = 4_000_000  # grid size above which the anchor pass goes coarse-to-fine

    def signature(self) -> str:
        return "|".join(f"{k}={v}" for k, v in asdict(self).items() if k != "coarse_cells")


def bead_moves(max_bead: int) -> list[tuple[int, int]]:
    moves = [(1, 0), (0, 1)]
    moves += [(a, b) for a in range(1, max_bead) for b in range(1, max_bead) if a + b <= max_bead]
    return moves


# A verbatim repeat: same text up to whitespace and case, at least this many characters
# (short exclamations and headings legitimately recur), within this many sentences back.
REPEAT_MIN_CHARS = 10
REPEAT_WINDOW = 20
_SPACE = re.compile(r"\s+")


def repeat_of(sentences: Sequence[str]) -> np.ndarray:
    """For each sentence, the index of the earlier sentence it repeats (within REPEAT_WINDOW), else -1."""
    out = np.full(len(sentences), -1, dtype=np.int64)
    last_seen: dict[str, int] = {}
    for i, sentence in enumerate(sentences):
        key = _SPACE.sub("", sentence).casefold()
        if len(key) >= REPEAT_MIN_CHARS and i - last_seen.get(key, -REPEAT_WINDOW - 1) <= REPEAT_WINDOW:
            out[i] = last_seen[key]
        last_seen[key] = i
    return out


HEADING_MAX_BYTES = 40


def is_heading(sentence: str) -> bool:
    s = sentence.strip()
    return bool(s) and len(s.encode("utf-8")) <= HEADING_MAX_BYTES and unicodedata.category(s[-1])[0] in "LN"


class BlockVectors:
    """Vectors and byte lengths of every block of up to ``max_len`` consecutive sentences of one side."""

    def __init__(self, sentences: Sequence[str], by_size: dict[int, np.ndarray], max_len: int):
        self.n = len(sentences)
        self.bytes = np.array([len(s.encode("utf-8")) for s in sentences], dtype=np.float64)
        self.repeat_of = repeat_of(sentences)
        self.repeats = self.repeat_of >= 0
        self.headings = np.array([is_heading(s) for s in sentences], dtype=bool)
        self.cum_bytes = np.concatenate([[0.0], np.cumsum(self.bytes)])
        dim = by_size[1].shape[1]
        # vecs[size][end] = vector of sentences[end-size:end]; rows below ``size`` are padding
        self.vecs = {}
        for size in range(1, max_len + 1):
            block = np.zeros((self.n + 1, dim), dtype=np.float32)
            if size in by_size and len(by_size[size]):
                block[size:] = by_size[size]
            self.vecs[size] = block

    def length(self, size: int, ends: np.ndarray) -> np.ndarray:
        return self.cum_bytes[ends] - self.cum_bytes[np.maximum(ends - size, 0)]

    def holds_a_repeat_pair(self, size: int, ends: np.ndarray) -> np.ndarray:
        """Whether the block of ``size`` sentences ending at each of ``ends`` holds a sentence and its repeat."""
        starts = ends - size
        out = np.zeros(ends.shape, dtype=bool)
        for back in range(1, size):  # sentences ends-1 .. starts+1; the first has no earlier copy inside
            out |= self.repeat_of[np.clip(ends - back, 0, self.n - 1)] >= starts
        return out


def _neighbour_sim(block: np.ndarray, singles: np.ndarray, starts: np.ndarray, ends: np.ndarray, n: int) -> np.ndarray:
    """Mean similarity of each block vector to the single sentences just before ``starts`` and at ``ends``."""
    total = np.zeros(block.shape[:-1])
    count = np.zeros(block.shape[:-1])
    for idx in (starts - 1, ends):
        ok = (idx >= 0) & (idx < n)
        safe = np.clip(idx, 0, max(n - 1, 0)) + 1  # singles are stored 1-based (row 0 is padding)
        sims = np.einsum("...d,...d->...", block, singles[safe])
        total += np.where(ok, sims, 0.0)
        count += ok
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


class _BeadScorer:
    """Precomputes bead scores in the band layout used by :func:`banded_dp`."""

    def __init__(self, src: BlockVectors, tgt: BlockVectors, settings: AlignSettings, lo: np.ndarray, hi: np.ndarray):
        self.src, self.tgt, self.settings = src, tgt, settings
        self.lo, self.hi = lo, hi
        total_src, total_tgt = src.cum_bytes[-1], tgt.cum_bytes[-1]
        self.ratio = total_src / total_tgt if total_tgt > 0 else 1.0
        self.cache: dict[tuple[int, int], np.ndarray] = {}
        self.raw: dict[tuple[int, int], np.ndarray] = {}
        # the band one column wider on the left and two on the right: a bead at (i, j) compares itself
        # with smaller ones at (i, j - 1) and (i - 1, j), whose band may end a column or two earlier
        self.raw_width = int((hi - lo).max()) + 4

    def __call__(self, move: tuple[int, int], i: int, js: np.ndarray) -> np.ndarray:
        a, b = move
        if a == 0 or b == 0:
            scores = np.full(js.shape[0], self.settings.skip)
            # the 1-0 bead ending at row i leaves out source sentence i-1; 0-1 at j leaves out target j-1
            repeated = self.src.repeats[i - 1] if a else self.tgt.repeats[np.maximum(js - 1, 0)] & (js > 0)
            return np.where(repeated, self.settings.repeat_skip, scores)
        table = self.cache.get(move)
        if table is None:
            table = self._table(a, b)
            self.cache[move] = table
        return table[i, : js.shape[0]]

    def _table(self, a: int, b: int) -> np.ndarray:
        """Scores of the a-b bead ending at every band cell (rows i, columns lo[i] + w)."""
        n = self.src.n
        width = int((self.hi - self.lo).max()) + 1
        out = np.full((n + 1, width), -1e9)
        raw = self._raw(a, b)
        for start in range(a, n + 1, 512):
            rows = np.arange(start, min(n + 1, start + 512))
            js = self.lo[rows, None] + np.arange(width)[None, :]
            valid = (js <= self.hi[rows, None]) & (js >= b)
            jc = np.clip(js, b, self.tgt.n)
            if a > 1:
                valid &= ~self.src.holds_a_repeat_pair(a, rows)[:, None]
            if b > 1:
                valid &= ~self.tgt.holds_a_repeat_pair(b, jc)
            sim = raw[rows, 1:width + 1]
            if self.settings.heading_must_gain and a + b > 2:
                sim = np.where(sim > self._best_without_heading(a, b, rows, jc), sim, sim + self.settings.skip)
            if self.settings.size_penalty:
                sim = sim - self.settings.size_penalty * (a + b - 2)
            out[rows] = np.where(valid, sim, -1e9)
        return out

    def _raw(self, a: int, b: int) -> np.ndarray:
        """:meth:`_similarity` of the a-b bead at every cell of the widened band (raw_width), NaN in
        rows below ``a``. Column w of row i is lo[i] - 1 + w."""
        table = self.raw.get((a, b))
        if table is None:
            table = np.full((self.src.n + 1, self.raw_width), np.nan)
            for start in range(a, self.src.n + 1, 512):
                rows = np.arange(start, min(self.src.n + 1, start + 512))
                jc = np.clip(self.lo[rows, None] - 1 + np.arange(self.raw_width)[None, :], b, self.tgt.n)
                table[rows] = self._similarity(a, b, rows, jc)
            self.raw[(a, b)] = table
        return table

    def _best_without_heading(self, a: int, b: int, rows: np.ndarray, jc: np.ndarray) -> np.ndarray:
        """At each end (rows, jc) of an a-b bead, the best score of the bead one sentence smaller that
        leaves out a heading at either end of one side (never emptying a side); -inf where the bead
        has no heading at its ends."""
        ri = np.broadcast_to(rows[:, None], jc.shape)
        src, tgt = self.src.headings, self.tgt.headings
        smaller = []  # (heading left out, shape of the smaller bead, its end rows, its end columns)
        if a > 1:
            smaller += [(src[ri - a], (a - 1, b), ri, jc), (src[ri - 1], (a - 1, b), ri - 1, jc)]
        if b > 1:
            smaller += [(tgt[jc - b], (a, b - 1), ri, jc), (tgt[jc - 1], (a, b - 1), ri, jc - 1)]
        best = np.full(jc.shape, -np.inf)
        for heading, shape, ends_i, ends_j in smaller:
            if heading.any():
                best[heading] = np.maximum(best[heading], self._score_at(shape, ends_i[heading], ends_j[heading]))
        return best

    def _score_at(self, shape: tuple[int, int], ri: np.ndarray, jc: np.ndarray) -> np.ndarray:
        """:meth:`_similarity` of the bead ``shape`` ending at the cells (ri, jc): from its table where
        the widened band holds the cell, computed for the rare others."""
        column = jc - self.lo[ri] + 1
        inside = (column >= 0) & (column < self.raw_width)
        out = np.empty(ri.shape)
        out[inside] = self._raw(*shape)[ri[inside], column[inside]]
        if not inside.all():
            out[~inside] = self._similarity(*shape, ri[~inside], jc[~inside])
        return out

    def _similarity(self, a: int, b: int, ri: np.ndarray, jc: np.ndarray) -> np.ndarray:
        """Score of the a-b bead ending at each cell (ri, jc), valid ends: the blocks' cosine minus
        their margin, times the length prior. ``ri`` holds a table's rows (r,) for the columns
        ``jc`` (r, w), each row's source block used as a view across its columns, or any cells
        (``ri`` the same shape as ``jc``)."""
        n = self.src.n
        tv = self.tgt.vecs[b][jc]                 # (..., d)
        if ri.ndim < jc.ndim:
            sv = self.src.vecs[a][ri]             # (r, d)
            sim = np.einsum("rd,rwd->rw", sv, tv)
            sv = np.broadcast_to(sv[:, None, :], tv.shape)
            ri = np.broadcast_to(ri[:, None], jc.shape)
        else:
            sv = self.src.vecs[a][ri]
            sim = np.einsum("...d,...d->...", sv, tv)
        if self.settings.margin:
            # source block vs target sentences around the target block, and vice versa
            near_t = _neighbour_sim(sv, self.tgt.vecs[1], jc - b, jc, self.tgt.n)
            near_s = _neighbour_sim(tv, self.src.vecs[1], ri - a, ri, n)
            sim = sim - self.settings.margin * (near_t + near_s) / 2
        if self.settings.length_prior:
            ls = self.src.length(a, ri)
            lt = self.tgt.length(b, jc) * self.ratio
            lo_len, hi_len = np.minimum(ls, lt), np.maximum(ls, lt)
            sim = sim * np.log2(1 + lo_len / np.maximum(hi_len, 1e-9)) ** self.settings.length_power
        return sim


# Fewer 1-1 anchor pairs than this give no spread estimate (the prior keeps its full exponent):
# with 10 samples a document whose true spread is 0.4 measures above 0.5 one time in six.
MIN_LENGTH_SAMPLES = 20


def length_spread(src: BlockVectors, tgt: BlockVectors, path: Sequence[tuple[int, int]]) -> float | None:
    """Robust standard deviation (1.4826 x MAD) of the log byte-length ratio over the 1-1 steps of
    the anchor path (independent of the document's overall ratio), None if there are too few.
    Close translations measure 0.09-0.21 (ParaMed-NEJM), literary ones 0.28-0.50 (MAC-Dev),
    a free rendering 0.67 (MAC-Dev 002)."""
    logs = [
        math.log(max(src.bytes[i0], 1.0) / max(tgt.bytes[j0], 1.0))
        for (i0, j0), (i1, j1) in pairwise(path)
        if i1 - i0 == 1 and j1 - j0 == 1
    ]
    if len(logs) < MIN_LENGTH_SAMPLES:
        return None
    d = np.asarray(logs)
    return float(1.4826 * median(np.abs(d - median(d))))


def median(values: np.ndarray) -> float:
    """``np.median`` of a 1-D float array, the same value to the bit, without the import of
    numpy.ma (0.03 s) that np.median makes on its first call."""
    ordered = np.sort(values)
    size = len(ordered)
    if size == 0 or np.isnan(ordered[-1]):  # np.sort puts NaN last; np.median of it is NaN
        return math.nan
    middle = size // 2
    return float(ordered[middle]) if size % 2 else float((ordered[middle - 1] + ordered[middle]) / 2)


def calibrated_length_power(settings: AlignSettings, spread: float | None) -> float:
    """The length prior's exponent for one document: full up to ``length_tolerance``, then scaled
    by (tolerance / spread)^2, the variance ratio, so a free translation leans on the embeddings."""
    tolerance = settings.length_tolerance
    if tolerance <= 0 or spread is None or spread <= tolerance:
        return settings.length_power
    return settings.length_power * (tolerance / spread) ** 2


def _coarsen(vecs: np.ndarray) -> np.ndarray:
    """Halve a document by averaging neighbouring sentence vectors."""
    if len(vecs) % 2:
        vecs = np.vstack([vecs, vecs[-1:]])
    return normalise_rows(vecs[0::2] + vecs[1::2])


def anchor_path(src: np.ndarray, tgt: np.ndarray, top_k: int, coarse_cells: int,
                radius: int = 8) -> list[tuple[int, int]]:
    """Cells (i, j) after each bead of the best 1-1 / 1-0 / 0-1 path, coarse-to-fine."""
    n, m = len(src), len(tgt)
    if n * m > coarse_cells and min(n, m) > 2 * radius:
        coarse = anchor_path(_coarsen(src), _coarsen(tgt), top_k, coarse_cells, radius)
        fine = [(min(2 * i, n), min(2 * j, m)) for i, j in coarse]
        lo, hi = band_around_path(fine, n, m, radius)
    else:
        lo, hi = full_band(n, m)
    width = int((hi - lo).max()) + 1
    sims = np.full((n + 1, width), 0.0)
    for start in range(1, n + 1, 512):
        rows = np.arange(start, min(n + 1, start + 512))
        js = lo[rows, None] + np.arange(width)[None, :]
        jc = np.clip(js, 1, m)
        s = np.einsum("rd,rwd->rw", src[rows - 1], tgt[jc - 1])
        valid = (js >= 1) & (js <= hi[rows, None])
        s = np.where(valid, s, -np.inf)
        # only the top-k targets of each source row earn their similarity
        k = min(top_k, width)
        kth = -np.sort(-s, axis=1)[:, k - 1 : k]
        sims[rows] = np.where((s >= kth) & valid, s, 0.0)

    def score(move: tuple[int, int], i: int, js: np.ndarray) -> np.ndarray:
        if move == (1, 1):
            return sims[i, : js.shape[0]]
        return np.zeros(js.shape[0])

    beads = banded_dp(n, m, lo, hi, [(1, 1), (1, 0), (0, 1)], score)
    return [(0, 0)] + [(i, j) for _, i, j, _ in beads]


# Logistic fit of "this bead is exactly the gold bead" on the bead score, over the
# MAC-Dev and ParaMed-NEJM gold (2,366 non-null beads); null beads were right 5 times in 6.
_CONF_SLOPE, _CONF_BIAS, _NULL_CONFIDENCE = 7.3, -0.25, 0.8


def confidence(score: float, move: tuple[int, int]) -> float:
    """Probability-like confidence in [0, 1] that a bead is exactly right."""
    if move[0] == 0 or move[1] == 0:
        return _NULL_CONFIDENCE
    z = max(-50.0, min(50.0, _CONF_SLOPE * score + _CONF_BIAS))  # no overflow for extreme scores
    return 1.0 / (1.0 + math.exp(-z))


def align_sentences(
    src: Sequence[str], tgt: Sequence[str], blocks: BlockEmbedder, settings: AlignSettings = AlignSettings(),
    src_lang: str = "en", tgt_lang: str = "zh",
) -> list[Bead]:
    """Align two sentence lists; every sentence appears in exactly one bead, in order."""
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    max_len = max(1, settings.max_bead - 1)
    sblocks = BlockVectors(src, blocks.block_vectors(list(src), src_lang, max_len), max_len)
    tblocks = BlockVectors(tgt, blocks.block_vectors(list(tgt), tgt_lang, max_len), max_len)
    path = anchor_path(sblocks.vecs[1][1:], tblocks.vecs[1][1:], settings.top_k, settings.coarse_cells)
    lo, hi = band_around_path(path, n, m, settings.window)
    moves = bead_moves(settings.max_bead)
    # a per-document copy of the settings; signatures report the caller's
    doc_settings = settings
    if settings.length_prior and settings.length_power:
        power = calibrated_length_power(settings, length_spread(sblocks, tblocks, path))
        doc_settings = replace(settings, length_power=power)
    beads = banded_dp(n, m, lo, hi, moves, _BeadScorer(sblocks, tblocks, doc_settings, lo, hi))
    return [
        Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), confidence(sc, (a, b)), sc,
             float(sblocks.vecs[a][i] @ tblocks.vecs[b][j]) if a and b else None)
        for (a, b), i, j, sc in beads
    ]
