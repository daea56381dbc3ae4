"""Align whole documents: pick the block strategy for the model, cache, progress, signature."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from bitext.align import DEFAULT_MAX_BEAD
from bitext.align.aligner import AlignSettings, align_sentences
from bitext.core import Alignment, Document
from bitext.embed.base import StateEncoder
from bitext.embed.blocks import BlockEmbedder, ComposedBlocks, EnsembleBlocks, SummedBlocks
from bitext.embed.cache import CachedEncoder, EmbeddingCache
from bitext.embed.registry import DEFAULT_MODEL, get_encoder
from bitext.errors import InputError
from bitext.paths import cache_dir
from bitext.version import TOOL, signature_line

Progress = Callable[[int], None]
log = logging.getLogger("bitext")
T = TypeVar("T")


def open_cache(directory: Path | None = None, enabled: bool = True) -> EmbeddingCache | None:
    if not enabled:
        return None
    return EmbeddingCache((directory or cache_dir()) / "embeddings.sqlite")


# Per-model choices, tuned on MAC-Dev and checked on ParaMed-NEJM (docs/benchmarks.md):
# the accurate model scores EmbeddingGemma sentence vectors together with USE's composed
# blocks (cosines weighted 0.6 / 0.4), which beat either model alone by 0.01-0.02 strict F1.
ENSEMBLES = {"embeddinggemma-300m": ("use-m3", 0.6)}
# EmbeddingGemma is trained with task prompts; for alignment it embeds with its "STS" prompt
# ("task: sentence similarity | query: "). Measured through the aligner with summed blocks:
# Gemma alone MAC-Dev strict F1 0.877 -> 0.894 (no prompt -> STS); in the ensemble, with margin
# and length power re-tuned for the prompt's cosine scale, 0.902 -> 0.909, ParaMed-NEJM 0.981
# either way; choosing the settings by leave-one-document-out over both sets gave 0.890 (no
# prompt) vs 0.898 (STS) on MAC-Dev. "Clustering" was worse (ensemble 0.871 / 0.977).
ALIGN_PROMPTS = {"embeddinggemma-300m": "STS"}
TUNED_SETTINGS = {"embeddinggemma-300m": {"margin": 1.0, "length_power": 1.0}}


def settings_for(model: str | None, **overrides) -> AlignSettings:
    return replace(AlignSettings(), **{**TUNED_SETTINGS.get(model or DEFAULT_MODEL, {}), **overrides})


def block_embedder(model: str | None, cache: EmbeddingCache | None, progress: Progress | None = None) -> BlockEmbedder:
    """Composed blocks for USE; an ensemble for the accurate model; summed sentence vectors otherwise."""
    name = model or DEFAULT_MODEL
    encoder = get_encoder(name)
    if name in ALIGN_PROMPTS and hasattr(encoder, "with_prompt"):
        encoder = encoder.with_prompt(ALIGN_PROMPTS[name])
    if isinstance(encoder, StateEncoder):
        return ComposedBlocks(encoder, cache, progress)
    own = SummedBlocks(CachedEncoder(encoder, cache, progress=progress))
    if name in ENSEMBLES:
        partner, weight = ENSEMBLES[name]
        return EnsembleBlocks(own, block_embedder(partner, cache), weight)
    return own


def signature(embedder: BlockEmbedder, settings: AlignSettings) -> dict:
    sig = {"tool": TOOL, "model": embedder.fingerprint, "aligner": settings.signature()}
    sig["text"] = signature_line(model=embedder.fingerprint, align=settings.signature())
    return sig


class TimedEmbedder:
    """Counts the seconds spent producing vectors, to report embedding and DP time apart."""

    def __init__(self, inner: BlockEmbedder):
        self.inner = inner
        self.fingerprint = inner.fingerprint
        self.seconds = 0.0

    def prefetch(self, sentences: list[str]) -> None:
        start = time.perf_counter()
        _prefetch(self.inner, sentences)
        self.seconds += time.perf_counter() - start

    def release(self) -> None:
        _release(self.inner)

    def block_vectors(self, sentences, lang, max_len):
        start = time.perf_counter()
        try:
            return self.inner.block_vectors(sentences, lang, max_len)
        finally:
            self.seconds += time.perf_counter() - start


def _prefetch(embedder, sentences: list[str]) -> None:
    for part in (embedder, getattr(embedder, "first", None), getattr(embedder, "second", None)):
        if part is not None and hasattr(part, "prefetch"):
            part.prefetch(sentences)


def _release(embedder) -> None:
    for part in (embedder, getattr(embedder, "first", None), getattr(embedder, "second", None)):
        if part is not None and hasattr(part, "release"):
            part.release()


# Documents whose sentences are embedded together: large batches for the model and all
# cores, while memory stays bounded by the batch, not the corpus.
PREFETCH_SENTENCES = 8000


def iter_alignments(docs, embedder: BlockEmbedder, settings: AlignSettings = AlignSettings(),
                    on_document: Callable[[Document], None] | None = None):
    """Align documents one by one (a generator: memory flat in corpus size), embedding
    the sentences of each batch of documents in one go."""
    sig = signature(embedder, settings)
    timed = TimedEmbedder(embedder)
    start = time.perf_counter()
    for batch in prefetched_batches(docs, timed, lambda doc: doc):
        for doc in batch:
            yield align_document(doc, timed, settings, sig)
            if on_document:
                on_document(doc)
    total = time.perf_counter() - start
    log.info("timing: embedding %.2f s, alignment %.2f s", timed.seconds, total - timed.seconds)


def prefetched_batches(items: Iterable[T], embedder, document: Callable[[T], Document]) -> Iterator[list[T]]:
    """``items`` in batches of about PREFETCH_SENTENCES sentences (their ``document(item)``), each
    batch's sentences embedded together before it is yielded, and forgotten (the cache keeps
    them) when the next batch is asked for."""
    batch: list[T] = []
    pending = 0

    def prefetched(batch: list[T]) -> Iterator[list[T]]:
        _prefetch(embedder, [s for item in batch for s in document(item).src + document(item).tgt])
        yield batch
        _release(embedder)

    for item in items:
        batch.append(item)
        pending += len(document(item).src) + len(document(item).tgt)
        if pending >= PREFETCH_SENTENCES:
            yield from prefetched(batch)
            batch, pending = [], 0
    if batch:
        yield from prefetched(batch)


def align_document(doc: Document, embedder: BlockEmbedder, settings: AlignSettings, sig: dict) -> Alignment:
    """One document's alignment, ``sig`` its signature (signature(embedder, settings))."""
    return Alignment(doc, align_sentences(doc.src, doc.tgt, embedder, settings, doc.src_lang, doc.tgt_lang), sig)


def align_documents(docs: list[Document], embedder: BlockEmbedder, settings: AlignSettings = AlignSettings(),
                    on_document: Callable[[Document], None] | None = None) -> list[Alignment]:
    return list(iter_alignments(docs, embedder, settings, on_document))


def align_corpus(docs: Iterable[Document], model: str | None = None, *, max_bead: int = DEFAULT_MAX_BEAD,
                 use_cache: bool = True, cache_dir: Path | None = None, progress: Progress | None = None,
                 on_document: Callable[[Document], None] | None = None) -> Iterator[Alignment]:
    """What ``bitext align`` does between reading and writing: the model's tuned settings, the
    embedding cache (``cache_dir`` or the user's) and the block strategy, then the documents
    aligned one by one as they are consumed. The model loads here, before the first document.
    ``progress(n)`` counts sentences embedded; ``on_document`` is called after each document."""
    embedder = block_embedder(model, open_cache(cache_dir, enabled=use_cache), progress)
    return iter_alignments(docs, embedder, settings_for(model, max_bead=max_bead), on_document)


# -- in memory: the library's bitext.align ----------------------------------------------------------

Sentences = str | Sequence[str]


def make_document(en: Sentences, zh: Sentences, doc_id: str = "doc", src_lang: str = "en",
                  tgt_lang: str = "zh") -> Document:
    """A document from two texts (split into sentences here) or two lists of sentences (kept as given)."""
    from bitext.segment import normalize_lang, split_sentences

    if not isinstance(doc_id, str) or not doc_id:
        raise TypeError(f"doc_id must be a non-empty string, not {doc_id!r}")
    sides = []
    for name, value, lang in (("en", en, normalize_lang(src_lang)), ("zh", zh, normalize_lang(tgt_lang))):
        if isinstance(value, str):
            sentences = split_sentences(value, lang)
        elif isinstance(value, Sequence) and all(isinstance(s, str) for s in value):
            # kept as given, as a JSONL corpus's lists are: bead indices are list positions
            sentences = list(value) if any(s.strip() for s in value) else []
        else:
            raise TypeError(f"{name} must be a text or a list of sentences, not {type(value).__name__}")
        if not sentences:
            raise InputError(f"document {doc_id}: no {name} sentences", hint="the text is empty or only whitespace")
        sides.append((sentences, lang))
    (src, src_lang), (tgt, tgt_lang) = sides
    return Document(doc_id, src, tgt, src_lang, tgt_lang)


def cache_location(cache: bool | str | os.PathLike = True) -> tuple[bool, Path | None]:
    """The library's ``cache`` argument as (use_cache, cache_dir): ``True`` the user cache
    (BITEXT_CACHE_DIR or the user cache dir), ``False`` none, a folder that one."""
    if isinstance(cache, bool):
        return cache, None
    return True, Path(cache)


def align_text(en: Sentences, zh: Sentences, model: str | None = None, *, doc_id: str = "doc",
               cache: bool | str | os.PathLike = True, max_bead: int = DEFAULT_MAX_BEAD) -> Alignment:
    """Align an English text with its Chinese translation: what ``bitext align`` does for two files.

    ``en`` and ``zh`` are texts (split into sentences here) or lists of sentences. ``model`` is
    ``use-m3`` (default, numpy only), ``embeddinggemma-300m`` or a sentence-transformers folder;
    ``cache`` as for :func:`cache_location`. Each bead carries the cosine of its two sides
    (``similarity``), which bitext.check uses for ``omission.low_similarity``.
    """
    document = make_document(en, zh, doc_id)
    use_cache, cache_dir = cache_location(cache)
    return next(align_corpus([document], model, max_bead=max_bead, use_cache=use_cache, cache_dir=cache_dir))
