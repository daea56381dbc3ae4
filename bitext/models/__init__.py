"""Model manifests (``models/*.json`` in the repository), installation and verification.

Importing this package is cheap: no torch, no model, no network.
"""

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
