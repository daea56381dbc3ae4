"""Partitioned output (``--output-dir``): one part per shard, ``manifest.json`` (the signature,
the shards, what each part holds) and ``_SUCCESS``, written last. A reader that finds
``_SUCCESS`` finds every part complete; a run that fails before the end leaves none (each file
is written atomically, and a previous run's ``_SUCCESS`` is removed before anything else)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from bitext.errors import BitextError
from bitext.io.atomic import atomic_write_text
from bitext.version import TOOL

SUCCESS = "_SUCCESS"
MANIFEST = "manifest.json"


def part_name(index: int, suffix: str) -> str:
    return f"part-{index:05d}{suffix}"


def write_partitioned(directory: Path, parts: Iterable[tuple[str, Callable[[Path], None]]], manifest: dict) -> None:
    """Each ``(name, write(path))`` part (``write`` writes atomically, as with -o FILE), then the
    manifest (with ``parts`` added), then _SUCCESS."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / SUCCESS).unlink(missing_ok=True)
        names = []
        for name, write in parts:
            write(directory / name)
            names.append(name)
        manifest = {"tool": TOOL, **manifest, "parts": names}
        atomic_write_text(directory / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        atomic_write_text(directory / SUCCESS, "")
    except OSError as error:
        raise BitextError(f"{directory}: cannot write ({error.strerror or error})") from None


__all__ = ["MANIFEST", "SUCCESS", "part_name", "write_partitioned"]
