"""Align whole documents: pick the block strategy for the model, cache, progress, signature."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from bitext import __version__
from bitext.align.aligner import AlignSettings, align_sentences
from bitext.align.types import Alignment, Document
from bitext.embed.blocks import BlockEmbedder, ComposedBlocks, RefinedBlocks
from bitext.embed.cache import CachedEncoder, EmbeddingCache
from bitext.embed.registry import DEFAULT_MODEL, get_encoder
from bitext.paths import cache_dir

Progress = Callable[[int], None]
log = logging.getLogger("bitext")


def open_cache(directory: Path | None = None, enabled: bool = True) -> EmbeddingCache | None:
    if not enabled:
        return None
    return EmbeddingCache((directory or cache_dir()) / "embeddings.sqlite")


def block_embedder(model: str | None, cache: EmbeddingCache | None, progress: Progress | None = None) -> BlockEmbedder:
    """Composed blocks where the model supports them (USE), path-refined blocks otherwise."""
    encoder = get_encoder(model or DEFAULT_MODEL)
    if hasattr(encoder, "sentence_states"):
        return ComposedBlocks(encoder, cache, progress)
    return RefinedBlocks(CachedEncoder(encoder, cache, progress=progress))


def signature(embedder: BlockEmbedder, settings: AlignSettings) -> dict:
    sig = {"tool": f"bitext {__version__}", "model": embedder.fingerprint, "aligner": settings.signature()}
    sig["text"] = f"bitext:{__version__}|model:{embedder.fingerprint}|align:{settings.signature()}"
    return sig


class TimedEmbedder:
    """Counts the seconds spent producing vectors, to report embedding and DP time apart."""

    def __init__(self, inner: BlockEmbedder):
        self.inner = inner
        self.fingerprint = inner.fingerprint
        self.seconds = 0.0

    def block_vectors(self, sentences, lang, max_len):
        start = time.perf_counter()
        try:
            return self.inner.block_vectors(sentences, lang, max_len)
        finally:
            self.seconds += time.perf_counter() - start


def align_documents(docs: list[Document], embedder: BlockEmbedder, settings: AlignSettings = AlignSettings(),
                    on_document: Callable[[Document], None] | None = None) -> list[Alignment]:
    sig = signature(embedder, settings)
    timed = TimedEmbedder(embedder)
    start = time.perf_counter()
    out = []
    for doc in docs:
        beads = align_sentences(doc.src, doc.tgt, timed, settings, doc.src_lang, doc.tgt_lang)
        out.append(Alignment(doc, beads, sig))
        if on_document:
            on_document(doc)
    total = time.perf_counter() - start
    log.info("timing: embedding %.2f s, alignment %.2f s", timed.seconds, total - timed.seconds)
    return out
