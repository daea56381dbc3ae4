"""On-disk embedding cache keyed by (model fingerprint, exact text).

One SQLite file in WAL mode: each batch is committed as one transaction, so an
interrupted run keeps every finished batch and never leaves a torn row.
Texts are not normalised in the key: punctuation width matters to QA.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from bitext.embed.base import Encoder

log = logging.getLogger("bitext")

Progress = Callable[[int], None]


def _key(fingerprint: str, text: str) -> bytes:
    return hashlib.sha256(fingerprint.encode() + b"\0" + text.encode("utf-8")).digest()


class EmbeddingCache:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, dim INTEGER "
                         "NOT NULL, vec BLOB NOT NULL)")
        self._db.commit()

    def get_many(self, fingerprint: str, texts: list[str], dtype: type = np.float32) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        keys = {_key(fingerprint, t): t for t in texts}
        key_list = list(keys)
        for start in range(0, len(key_list), 500):
            chunk = key_list[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, dim, blob in self._db.execute(f"SELECT key, dim, vec FROM vectors WHERE key IN ({marks})", chunk):
                vec: np.ndarray = np.frombuffer(blob, dtype=dtype)
                if vec.shape[0] == dim:  # a row of the wrong size is ignored and re-embedded
                    found[keys[bytes(key)]] = vec
        return found

    def put_many(self, fingerprint: str, texts: list[str], vectors: np.ndarray, dtype: type = np.float32) -> None:
        rows = [(_key(fingerprint, t), int(v.shape[0]), np.ascontiguousarray(v, dtype=dtype).tobytes())
                for t, v in zip(texts, vectors, strict=True)]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)", rows)

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]

    def clear(self) -> None:
        with self._db:
            self._db.execute("DELETE FROM vectors")
        self._db.execute("VACUUM")

    def close(self) -> None:
        self._db.close()


def cached_or_computed(cache: EmbeddingCache | None, fingerprint: str, texts: list[str],
                       compute: Callable[[list[str]], Iterable[tuple[list[str], np.ndarray]]],
                       dtype: type = np.float32, on_batch: Progress | None = None) -> dict[str, np.ndarray]:
    """Rows for distinct ``texts``: from the cache where it has them, else from ``compute(missing)``
    (batches of ``(texts, rows)``), each batch stored in the cache as one transaction as soon as it
    is computed, so an interrupted run keeps every finished batch. ``on_batch(n)`` after each."""
    known = cache.get_many(fingerprint, texts, dtype=dtype) if cache else {}
    missing = [t for t in texts if t not in known]
    for batch, rows in compute(missing):
        if cache:
            cache.put_many(fingerprint, batch, rows, dtype=dtype)
        known.update(zip(batch, rows, strict=True))
        if on_batch:
            on_batch(len(batch))
    return known


class CachedEncoder:
    """Wraps an encoder: dedupes texts, serves cached vectors, embeds the rest in batches."""

    def __init__(self, encoder: Encoder, cache: EmbeddingCache | None, batch_size: int = 256,
                 progress: Progress | None = None):
        self.encoder = encoder
        self.cache = cache
        self.batch_size = batch_size
        self.progress = progress
        self.name = encoder.name
        self.fingerprint = encoder.fingerprint
        self.dim = encoder.dim
        self.embedded = 0  # texts actually sent to the model (for tests and benchmarks)

    def encode(self, texts: list[str]) -> np.ndarray:
        known = cached_or_computed(self.cache, self.fingerprint, list(dict.fromkeys(texts)), self._batches,
                                   on_batch=self._count)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i] = known[t]
        return out

    def _batches(self, missing: list[str]):
        # Sorting by length keeps batches of similar length (less padding for transformers).
        missing = sorted(missing, key=len)
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start : start + self.batch_size]
            yield batch, self.encoder.encode(batch)

    def _count(self, n: int) -> None:
        self.embedded += n  # texts actually sent to the model
        if self.progress:
            self.progress(n)
