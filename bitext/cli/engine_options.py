"""The options that choose where ``qa``, ``align`` and ``glossary build`` run: here (``--engine
local``) or on a Ray cluster (``--engine ray``, the ``bitext[ray]`` extra), and ``--output-dir``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import typer

from bitext.errors import ConfigError

ENGINE = typer.Option("local", "--engine", help="local (this process) or ray (a Ray cluster; pip install "
                                                "'bitext[ray]'). Ray reads a JSONL corpus.")
ADDRESS = typer.Option(None, "--address", help="With --engine ray: the cluster, auto or HOST:PORT. Default: the "
                                               "cluster this machine runs (ray start), else a new one here.")
SHARD_DOCS = typer.Option(None, "--shard-docs", min=1, help="With --engine ray: documents per shard (default 200).")
RAY_WORKERS = typer.Option(None, "--workers", min=1, max=4096,
                           help="With --engine ray: actors (default: the cluster's CPUs less one).")
OUTPUT_DIR = typer.Option(None, "--output-dir",
                          help="Partitioned output: one part per shard, manifest.json, and _SUCCESS written last.")


def ray_settings(engine: str, address: str | None, shard_docs: int | None, workers: int | None,
                 local_workers: bool = False):
    """RaySettings for ``--engine ray`` (None for local); the Ray options only go with it
    (``--workers`` also with local when ``local_workers``)."""
    if engine not in ("local", "ray"):
        raise ConfigError(f"--engine {engine}: unknown engine", hint="use local or ray")
    if engine == "local":
        options = (("--address", address), ("--shard-docs", shard_docs),
                   ("--workers", None if local_workers else workers))
        given = [name for name, value in options if value is not None]
        if given:
            raise ConfigError(f"{' and '.join(given)} only apply with --engine ray")
        return None
    if importlib.util.find_spec("ray") is None:
        raise ConfigError("--engine ray needs Ray", hint="pip install 'bitext[ray]'")
    from bitext.distributed import DEFAULT_SHARD_DOCS, RaySettings

    return RaySettings(address=address, shard_docs=shard_docs or DEFAULT_SHARD_DOCS, workers=workers)


def output_dir_path(output_dir: str | None, output: str | None) -> Path | None:
    if output_dir is None:
        return None
    if output and output != "-":
        raise ConfigError("give either -o FILE or --output-dir DIR, not both")
    path = Path(output_dir)
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{output_dir}: exists and is not a directory")
    return path
