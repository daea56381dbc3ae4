"""Vectors of blocks of consecutive sentences, the unit the aligner scores.

Strategies behind one method, ``block_vectors(sentences, lang, max_len)``:

- :class:`JoinedBlocks` embeds each block's joined text (any encoder; every
  distinct text goes through the model once, then the cache). Exact but costs
  about ten times the sentences' embedding time at the default bead size.
- :class:`ComposedBlocks` runs the model once per sentence and composes block
  vectors from per-sentence states (USE-multilingual v3, whose network sums
  token features before its output MLP): near-exact at the cost of the sentences.
- :class:`SummedBlocks` approximates a block by the sum of its sentence vectors.
- :class:`EnsembleBlocks` weighs two embedders' cosines (the accurate mode:
  EmbeddingGemma sentences with USE's composed blocks).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from bitext.core import join_sentences
from bitext.embed.base import StateEncoder
from bitext.embed.cache import CachedEncoder, EmbeddingCache, cached_or_computed


class BlockEmbedder(Protocol):
    fingerprint: str

    def block_vectors(self, sentences: list[str], lang: str, max_len: int) -> dict[int, np.ndarray]:
        """``out[L][s]`` = vector of ``sentences[s:s+L]`` for L in 1..max_len (shape (n-L+1, dim))."""
        ...


class JoinedBlocks:
    def __init__(self, encoder: CachedEncoder):
        self.encoder = encoder
        self.fingerprint = encoder.fingerprint

    def block_vectors(self, sentences: list[str], lang: str, max_len: int) -> dict[int, np.ndarray]:
        n = len(sentences)
        texts: list[str] = []
        spans: dict[int, tuple[int, int]] = {}
        for size in range(1, min(max_len, n) + 1):
            block = [join_sentences(sentences[s : s + size], lang) for s in range(n - size + 1)]
            spans[size] = (len(texts), len(texts) + len(block))
            texts += block
        vecs = self.encoder.encode(texts)
        return {size: vecs[a:b] for size, (a, b) in spans.items()}


class ComposedBlocks:
    """Block vectors composed from cached per-sentence states, for encoders with
    ``sentence_states(texts) -> rows`` and ``compose(rows, starts, size) -> vectors``."""

    BATCH = 256  # sentences per model call and per cache transaction

    def __init__(self, encoder: StateEncoder, cache: EmbeddingCache | None, progress=None):
        self.encoder = encoder
        self.cache = cache
        self.progress = progress
        self.fingerprint = encoder.fingerprint
        # "#states" rows (token sums and count in float16, up to version 0.1.0) overflowed on long sentences;
        # "#states-mean" rows changed in the last bits with the batch that computed them (bitext.embed.use_m3)
        self._state_key = encoder.fingerprint + "#states-mean-per-sentence"
        self._memory: dict[str, np.ndarray] = {}  # prefetched states of the current batch of documents
        self.embedded = 0

    def prefetch(self, sentences: list[str]) -> None:
        """Compute the states of many sentences at once (all documents of a batch), on all
        cores when worth it, so later per-document calls only read them back."""
        self._memory.update(self._embed_missing(sentences))

    def release(self) -> None:
        """Forget prefetched states (the cache, if any, keeps them)."""
        self._memory.clear()

    def _embed_missing(self, sentences: list[str]) -> dict[str, np.ndarray]:
        """The states of the distinct sentences not prefetched: read from the cache, or computed
        (on all cores when worth it) and cached."""
        from bitext.embed.parallel import states_in_chunks, usable_workers

        def compute(missing: list[str]):
            # a worker per chunk of BATCH sentences: the workers inherit the loaded model
            return states_in_chunks(self.encoder, missing, self.BATCH, usable_workers(len(missing), self.BATCH))

        unique = [t for t in dict.fromkeys(sentences) if t not in self._memory]
        return cached_or_computed(self.cache, self._state_key, unique, compute, np.float16, self._count)

    def _states(self, sentences: list[str]) -> np.ndarray:
        known = self._embed_missing(sentences)
        return np.vstack([self._memory[t] if t in self._memory else known[t] for t in sentences]).astype(np.float32)

    def _count(self, n: int) -> None:
        self.embedded += n
        if self.progress:
            self.progress(n)

    def block_vectors(self, sentences: list[str], lang: str, max_len: int) -> dict[int, np.ndarray]:
        n = len(sentences)
        if n == 0:
            return {1: np.zeros((0, self.encoder.dim), np.float32)}
        states = self._states(sentences)
        return {size: self.encoder.compose(states, np.arange(n - size + 1), size)
                for size in range(1, min(max_len, n) + 1)}


class SummedBlocks:
    """For encoders that cannot compose: each sentence embedded once, a block's vector
    approximated by the normalised sum of its sentence vectors."""

    def __init__(self, encoder: CachedEncoder):
        self.encoder = encoder
        self.fingerprint = encoder.fingerprint

    def block_vectors(self, sentences: list[str], lang: str, max_len: int) -> dict[int, np.ndarray]:
        singles = self.encoder.encode(list(sentences))
        n = len(sentences)
        cums = np.vstack([np.zeros((1, singles.shape[1])), np.cumsum(singles, axis=0, dtype=np.float64)])
        out = {1: singles}
        for size in range(2, min(max_len, n) + 1):
            block = cums[size:] - cums[:-size]
            out[size] = (block / np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-12)).astype(np.float32)
        return out


class EnsembleBlocks:
    """Two embedders as one: rows are [sqrt(w) * a, sqrt(1 - w) * b], so every cosine the
    aligner computes (and every margin, which is linear in cosines) is w * cos_a + (1 - w) * cos_b."""

    def __init__(self, first: BlockEmbedder, second: BlockEmbedder, weight: float):
        self.first, self.second, self.weight = first, second, weight
        self.fingerprint = f"{first.fingerprint}*{weight:g}+{second.fingerprint}*{1 - weight:g}"

    def block_vectors(self, sentences: list[str], lang: str, max_len: int) -> dict[int, np.ndarray]:
        a = self.first.block_vectors(sentences, lang, max_len)
        b = self.second.block_vectors(sentences, lang, max_len)
        wa, wb = np.sqrt(self.weight), np.sqrt(1.0 - self.weight)
        return {k: np.hstack([wa * a[k], wb * b[k]]).astype(np.float32) for k in a}
