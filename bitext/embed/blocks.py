"""Vectors of blocks of consecutive sentences, the unit the aligner scores.

Two strategies behind one method, ``block_vectors(sentences, lang, max_len)``:

- :class:`JoinedBlocks` embeds each block's joined text (any encoder; every
  distinct text goes through the model once, then the cache).
- :class:`ComposedBlocks` runs the model once per sentence and composes block
  vectors from per-sentence states (USE-multilingual v3, whose network sums
  token features before its output MLP).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from bitext.align.types import join_sentences
from bitext.embed.cache import CachedEncoder, EmbeddingCache


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
        texts, spans = [], {}
        for size in range(1, min(max_len, n) + 1):
            block = [join_sentences(sentences[s : s + size], lang) for s in range(n - size + 1)]
            spans[size] = (len(texts), len(texts) + len(block))
            texts += block
        vecs = self.encoder.encode(texts)
        return {size: vecs[a:b] for size, (a, b) in spans.items()}


class ComposedBlocks:
    """Block vectors composed from cached per-sentence states (see bitext.embed.use_m3)."""

    def __init__(self, encoder, cache: EmbeddingCache | None, progress=None):
        self.encoder = encoder
        self.cache = cache
        self.progress = progress
        self.fingerprint = encoder.fingerprint
        self._state_key = encoder.fingerprint + "#states"
        self.embedded = 0

    def _states(self, sentences: list[str]):
        from bitext.embed.use_m3 import SentenceStates

        unique = list(dict.fromkeys(sentences))
        known = self.cache.get_many(self._state_key, unique, dtype=np.float16) if self.cache else {}
        missing = [t for t in unique if t not in known]
        for start in range(0, len(missing), 512):
            batch = missing[start : start + 512]
            st = self.encoder.sentence_states(batch)
            packed = np.hstack([st.sums, st.first, st.last, st.lens[:, None].astype(np.float32)])
            if self.cache:
                self.cache.put_many(self._state_key, batch, packed, dtype=np.float16)
            known.update(zip(batch, packed.astype(np.float16)))
            self.embedded += len(batch)
            if self.progress:
                self.progress(len(batch))
        rows = np.vstack([known[t] for t in sentences]).astype(np.float32)
        d = (rows.shape[1] - 1) // 3
        return SentenceStates(rows[:, :d], rows[:, d : 2 * d], rows[:, 2 * d : 3 * d], np.rint(rows[:, -1]).astype(np.int64))

    def block_vectors(self, sentences: list[str], lang: str, max_len: int) -> dict[int, np.ndarray]:
        n = len(sentences)
        if n == 0:
            return {1: np.zeros((0, self.encoder.dim), np.float32)}
        states = self._states(sentences)
        return {size: self.encoder.compose(states, np.arange(n - size + 1), size) for size in range(1, min(max_len, n) + 1)}


class RefinedBlocks:
    """For slow encoders: sentences embedded once, multi-sentence blocks approximated by the
    normalised sum of their sentence vectors, and only the blocks the aligner asks for
    (those on and around its current best path) embedded exactly, via ``exact``."""

    def __init__(self, encoder: CachedEncoder):
        self.encoder = encoder
        self.fingerprint = encoder.fingerprint + "+refined"

    def block_vectors(self, sentences: list[str], lang: str, max_len: int) -> dict[int, np.ndarray]:
        singles = self.encoder.encode(list(sentences))
        n = len(sentences)
        cums = np.vstack([np.zeros((1, singles.shape[1]), np.float32), np.cumsum(singles, axis=0, dtype=np.float64)])
        out = {1: singles}
        for size in range(2, min(max_len, n) + 1):
            block = cums[size:] - cums[:-size]
            norms = np.linalg.norm(block, axis=1, keepdims=True)
            out[size] = (block / np.maximum(norms, 1e-12)).astype(np.float32)
        return out

    def exact(self, sentences: list[str], lang: str, blocks: list[tuple[int, int]]) -> np.ndarray:
        """Vectors of the joined text of each (start, size) block."""
        return self.encoder.encode([join_sentences(sentences[s : s + k], lang) for s, k in blocks])
