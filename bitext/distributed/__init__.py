"""Running ``bitext qa``, ``bitext align`` and ``bitext glossary build`` on a Ray cluster (the
``bitext[ray]`` extra), with output identical to a run in one process.

A JSONL corpus is validated on the driver, as in one process, which also notes where each
document starts; shards are ranges of documents (byte offset and first line). Ray Data feeds
the shard descriptors to a pool of actors that build the model, glossary matcher and checks
once and then process shard after shard (bitext.distributed.engine). Everything that needs the
whole corpus is done on the driver, in shard order: the consistency checks, the ignore file,
glossary building's counts. Nothing here imports Ray until a distributed run starts, so neither
``import bitext`` nor ``bitext --help`` needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SHARD_DOCS = 200
DEFAULT_RETRIES = 2


@dataclass(frozen=True)
class RaySettings:
    """Where and how wide to run: ``address`` None starts a Ray instance on this machine (or uses
    the one this process already joined), "auto" or HOST:PORT joins a cluster; ``workers`` actors
    (default: the cluster's CPUs less one, at least one); a shard that fails is tried
    ``retries`` more times (also when its worker dies) before the run fails."""

    address: str | None = None
    shard_docs: int = DEFAULT_SHARD_DOCS
    workers: int | None = None
    retries: int = DEFAULT_RETRIES


__all__ = ["DEFAULT_RETRIES", "DEFAULT_SHARD_DOCS", "RaySettings"]
