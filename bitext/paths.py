"""Per-user directories (never the package directory or the shared temp dir)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def cache_dir() -> Path:
    """Embedding cache, jieba's dictionary cache: ``BITEXT_CACHE_DIR`` or the user cache dir."""
    env = os.environ.get("BITEXT_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir("bitext"))


def models_dir() -> Path:
    """Installed model folders: ``BITEXT_MODELS_DIR`` or the user data dir."""
    env = os.environ.get("BITEXT_MODELS_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("bitext")) / "models"
