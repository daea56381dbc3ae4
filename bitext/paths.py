"""Per-user directories (never the package directory or the shared temp dir)."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path


def cache_dir() -> Path:
    """Embedding cache, jieba's dictionary cache: ``BITEXT_CACHE_DIR`` or the user cache dir."""
    env = os.environ.get("BITEXT_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs  # only without the variable: importing it costs every run 0.008 s (issue 14)

    return Path(platformdirs.user_cache_dir("bitext"))


def models_dir() -> Path:
    """Installed model folders: ``BITEXT_MODELS_DIR`` or the user data dir."""
    env = os.environ.get("BITEXT_MODELS_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("bitext")) / "models"


_UNUSABLE: set[Path] = set()


def usable_dir(path: Path) -> bool:
    """Create ``path`` (and its parents) if need be. A folder that cannot be created (under a regular
    file, read-only) is not an error, only a slower run: False, with one warning per folder; the
    caller then does without (no embedding cache, dictionaries rebuilt, the system's temp dir)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        return True
    except OSError as error:
        if not _UNUSABLE.intersection((path, *path.parents)):  # said once, for a folder and those inside it
            _UNUSABLE.add(path)
            logging.getLogger("bitext").warning("warning: %s: cannot create this cache folder (%s); running without it",
                                                path, error.strerror or error)
        return False


def write_cache_file(path: Path, data: bytes) -> bool:
    """Write a cache file whole or not at all (another process may be reading it): a temporary file
    in its folder, renamed over ``path``. A cache that cannot be written is no error, only work
    redone next time: logged at debug level, and False."""
    import tempfile  # only when a cache is (re)built

    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
        return True
    except OSError as error:
        logging.getLogger("bitext").debug("cannot write the cache file %s (%s)", path, error)
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return False
