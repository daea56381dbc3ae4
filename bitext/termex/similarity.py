"""Optional embedding similarity of an English term and its Chinese candidate.

Uses a ``bitext.embed`` encoder (default ``use-m3``: L2-normalised vectors, so the dot
product is the cosine) behind the on-disk embedding cache, so re-running a glossary build
embeds each term once. Imported only when asked for (``build_candidates(embeddings=True)``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bitext.models import DEFAULT_MODEL


def term_similarities(pairs: list[tuple[str, str]], model: str = DEFAULT_MODEL, cache: bool = True,
                      progress: Callable[[str, int, int | None], None] | None = None,
                      encoder=None) -> np.ndarray:
    """Cosine similarity of each (english, chinese) pair; ``encoder`` overrides the model (tests)."""
    if not pairs:
        return np.zeros(0, dtype=np.float32)
    if encoder is None:
        from bitext.align.pipeline import open_cache
        from bitext.embed.cache import CachedEncoder
        from bitext.embed.registry import get_encoder

        encoder = CachedEncoder(get_encoder(model), open_cache(enabled=cache))
    texts = list(dict.fromkeys([t for pair in pairs for t in pair]))
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.maximum(norms, 1e-12)
    row = {t: i for i, t in enumerate(texts)}
    sims = np.array([float(vectors[row[e]] @ vectors[row[z]]) for e, z in pairs], dtype=np.float32)
    if progress:
        progress("embed", len(pairs), len(pairs))
    return sims
