"""On-disk embedding cache keyed by (model fingerprint, exact text).

One SQLite file in WAL mode: each batch is committed as one transaction, so an
interrupted run keeps every finished batch and never leaves a torn row. A corrupt or
unusable cache costs a warning, never the run (see EmbeddingCache).
Texts are not normalised in the key: punctuation width matters to QA.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from bitext.embed.base import Encoder
from bitext.paths import usable_dir

log = logging.getLogger("bitext")

Progress = Callable[[int], None]


def _key(fingerprint: str, text: str) -> bytes:
    return hashlib.sha256(fingerprint.encode() + b"\0" + text.encode("utf-8")).digest()


class EmbeddingCache:
    """Vectors by (fingerprint, text) in one SQLite file.

    A cache never stops a run. A corrupt file (not a database, a damaged page: sqlite's CORRUPT
    and NOTADB errors, at opening or at any later query) is moved aside as
    ``embeddings.sqlite.corrupt-TIME`` with a warning and a new cache is started; a cache that
    cannot be created or used for another reason (its folder under a regular file, read-only,
    locked past the timeout) gives a warning and the run goes on without it (``usable`` False).
    """

    def __init__(self, path: Path):
        self.path = path
        self._db: sqlite3.Connection | None = self._open() if usable_dir(path.parent) else None

    @property
    def usable(self) -> bool:
        return self._db is not None

    def _open(self, retry: bool = True) -> sqlite3.Connection | None:
        db = None
        try:
            db = sqlite3.connect(str(self.path), timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, dim INTEGER NOT NULL, "
                       "vec BLOB NOT NULL)")
            db.commit()
            return db
        except sqlite3.Error as error:
            if db is not None:
                db.close()
            if retry and _corrupt(error) and self._move_aside(error):
                return self._open(retry=False)
            log.warning("warning: %s: cannot use the embedding cache (%s); running without it", self.path, error)
            return None

    def _failed(self, error: sqlite3.Error) -> None:
        """A query failed: a corrupt file is moved aside and replaced, anything else ends the cache's use."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        if _corrupt(error) and self._move_aside(error):
            self._db = self._open(retry=False)
        else:
            log.warning("warning: %s: cannot use the embedding cache (%s); running without it", self.path, error)

    def _move_aside(self, error: sqlite3.Error) -> bool:
        stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):  # the journal of the corrupt file must not meet the new one
                with contextlib.suppress(FileNotFoundError):
                    os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
        except OSError:
            return False
        log.warning("warning: %s: the embedding cache is corrupt (%s); moved it to %s and starting a new one",
                    self.path, error, aside.name)
        return True

    def get_many(self, fingerprint: str, texts: list[str], dtype: type = np.float32) -> dict[str, np.ndarray]:
        if self._db is None:
            return {}
        try:
            return self._get_many(self._db, fingerprint, texts, dtype)
        except sqlite3.Error as error:
            self._failed(error)
            return {}  # embedded afresh

    @staticmethod
    def _get_many(db: sqlite3.Connection, fingerprint: str, texts: list[str], dtype: type) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        keys = {_key(fingerprint, t): t for t in texts}
        key_list = list(keys)
        for start in range(0, len(key_list), 500):
            chunk = key_list[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, dim, blob in db.execute(f"SELECT key, dim, vec FROM vectors WHERE key IN ({marks})", chunk):
                vec: np.ndarray = np.frombuffer(blob, dtype=dtype)
                # a row of the wrong size, or one with inf/NaN (older versions stored some), is embedded again
                if vec.shape[0] == dim and np.isfinite(vec).all():
                    found[keys[bytes(key)]] = vec
        return found

    def put_many(self, fingerprint: str, texts: list[str], vectors: np.ndarray, dtype: type = np.float32) -> None:
        rows = []
        with np.errstate(over="ignore"):  # a value too large for ``dtype`` becomes inf: left out below
            for text, vector in zip(texts, vectors, strict=True):
                stored: np.ndarray = np.ascontiguousarray(vector, dtype=dtype)
                if np.isfinite(stored).all():  # never cache a vector that would poison later runs
                    rows.append((_key(fingerprint, text), int(stored.shape[0]), stored.tobytes()))
                else:
                    log.debug("not caching a non-finite vector for %.60r", text)
        for _ in range(2):  # once more into a cache started afresh after corruption
            if self._db is None:
                return
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)", rows)
                return
            except sqlite3.Error as error:
                self._failed(error)

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] if self._db is not None else 0

    def clear(self) -> None:
        if self._db is None:
            return
        with self._db:
            self._db.execute("DELETE FROM vectors")
        self._db.execute("VACUUM")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def _corrupt(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # extended codes (SQLITE_CORRUPT_INDEX ...) keep the primary
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


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
