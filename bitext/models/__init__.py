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

__all__ = [
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
