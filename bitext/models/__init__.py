"""Model manifests (``models/*.json`` in the repository), installation and verification.

Importing this package is cheap: no torch, no model, no network; and the catalog itself loads on
first use of one of its names, since a run with the default model never reads a manifest (issue 14).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bitext.models.catalog import (
        Manifest,
        find_manifest,
        get_manifest,
        installed_path,
        is_installed,
        load_manifest,
        manifest_dir,
        manifest_names,
        require_installed,
        verify,
    )

# The model used wherever none is named (CLI, project config, library, glossary building):
# fast and numpy only, installed with bitext itself (models/use-m3.json).
DEFAULT_MODEL = "use-m3"

__all__ = [
    "DEFAULT_MODEL",
    "Manifest",
    "find_manifest",
    "get_manifest",
    "installed_path",
    "is_installed",
    "load_manifest",
    "manifest_dir",
    "manifest_names",
    "require_installed",
    "verify",
]


def __getattr__(name: str) -> Any:
    """The catalog's names (``from bitext.models import get_manifest``), importing it on first use."""
    if name in __all__:
        return getattr(importlib.import_module("bitext.models.catalog"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
