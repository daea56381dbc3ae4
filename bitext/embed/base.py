"""The one small interface every embedding backend implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """A sentence encoder.

    ``name`` is what the user typed (``use-m3``), ``fingerprint`` identifies the
    exact weights (it keys the embedding cache and goes into signatures).
    """

    name: str
    fingerprint: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return a (len(texts), dim) float32 matrix with L2-normalised rows."""
        ...


@runtime_checkable
class StateEncoder(Protocol):
    """An encoder whose block vectors are composed from per-sentence states (USE-multilingual,
    which sums token features before its output MLP), without running the model on joined text."""

    fingerprint: str
    dim: int

    def sentence_states(self, texts: list[str]) -> np.ndarray:
        """One row of composable state per text."""
        ...

    def compose(self, rows: np.ndarray, starts: np.ndarray, size: int) -> np.ndarray:
        """Vectors of the blocks of ``size`` sentences beginning at each of ``starts``."""
        ...


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """L2-normalise rows as float32; all-zero rows stay zero."""
    m = np.asarray(matrix, dtype=np.float32)
    if m.ndim != 2:
        m = m.reshape(len(m), -1)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32, copy=False)
