"""Any SentenceTransformer model from a local folder (or the local HF cache), never downloaded.

torch and sentence-transformers are imported only when this backend is built.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import numpy as np

from bitext.embed.base import normalise_rows
from bitext.errors import ModelError


class SentenceTransformerEncoder:
    def __init__(self, name_or_path: str, *, display_name: str | None = None, fingerprint: str | None = None,
                 dtype: str | None = None, prompt_name: str | None = None, batch_size: int = 32):
        # huggingface_hub reads these at import time: set them before importing.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError(
                f"model {display_name or name_or_path!r} needs sentence-transformers and torch",
                hint="install torch==2.13.0 first, then pip install 'bitext[embed]'",
            ) from exc
        kwargs: dict = {}
        dtypes = {None: None, "float32": torch.float32, "bfloat16": torch.bfloat16}
        if dtype not in dtypes:  # float16 overflows in Gemma-family models (model card)
            raise ModelError(f"unsupported dtype {dtype!r} for {display_name or name_or_path}",
                             hint="use float32 or bfloat16")
        if dtypes[dtype] is not None:
            kwargs["model_kwargs"] = {"dtype": dtypes[dtype]}
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True, **kwargs)
        except Exception as exc:  # sentence-transformers raises many types for a missing model
            raise ModelError(
                f"cannot load sentence-transformers model {name_or_path!r}: "
                f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                hint="give a local model folder; bitext never downloads models",
            ) from exc
        self.name = display_name or name_or_path
        self.fingerprint = fingerprint or f"st:{_folder_digest(name_or_path)}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:  # a model whose output size depends on its input
            raise ModelError(f"model {self.name!r} does not declare its embedding dimension",
                             hint="use a sentence-embedding model with a fixed dimension")
        self.dim = int(dim)
        self._prompt_name = prompt_name
        if prompt_name:
            self.fingerprint += f"#prompt={prompt_name}"
        self._batch_size = batch_size

    def with_prompt(self, prompt_name: str | None) -> SentenceTransformerEncoder:
        """The same loaded model encoding with one of its named prompts (``config_sentence_transformers.json``).

        A prompt changes every vector, so it goes into the fingerprint (the cache key)."""
        if prompt_name == self._prompt_name:
            return self
        prompts = getattr(self._model, "prompts", None) or {}
        if prompt_name is not None and prompt_name not in prompts:
            raise ModelError(f"model {self.name!r} has no prompt {prompt_name!r}",
                             hint=f"prompts: {', '.join(sorted(prompts)) or 'none'}")
        other = copy.copy(self)
        base = self.fingerprint.split("#prompt=")[0]
        other.fingerprint = f"{base}#prompt={prompt_name}" if prompt_name else base
        other._prompt_name = prompt_name
        return other

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # prompt_name=None is sentence-transformers' own default (the model's default prompt, if any)
        out = self._model.encode(list(texts), prompt_name=self._prompt_name or None, batch_size=self._batch_size,
                                 convert_to_tensor=True, show_progress_bar=False, normalize_embeddings=True)
        return normalise_rows(out.float().cpu().numpy())


def _folder_digest(name_or_path: str) -> str:
    """Identify a local model by its resolved path and its weight files' sizes and times."""
    import hashlib

    path = Path(name_or_path).expanduser()
    digest = hashlib.sha256(str(path.resolve()).encode())
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.is_file() and f.suffix in {".safetensors", ".bin", ".json", ".model"}:
                st = f.stat()
                digest.update(f"{f.relative_to(path)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return f"{path.name}-{digest.hexdigest()[:12]}"
