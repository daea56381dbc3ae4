"""``bitext align --engine ray``: each shard aligned by an actor with its own embedder; the
alignments kept on the driver's disk, in shard order, until every shard is done, so that a run
that fails writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bitext.align import DEFAULT_MAX_BEAD
from bitext.core import Alignment
from bitext.distributed import RaySettings
from bitext.distributed.engine import actor_memory, run_shards
from bitext.distributed.shards import Shard, ShardPlan, plan_shards
from bitext.embed.blocks import BlockEmbedder
from bitext.io.corpus import JsonlCorpus
from bitext.io.inputs import InputFiles, jsonl_range_items
from bitext.qa.spool import DocumentSpool


@dataclass(frozen=True)
class AlignJob:
    """A shard aligned as ``bitext align`` aligns a corpus (bitext.align.pipeline.iter_alignments)."""

    inputs: InputFiles
    model: str | None = None
    max_bead: int = DEFAULT_MAX_BEAD
    use_cache: bool = True
    cache_dir: Path | None = None

    @property
    def memory(self) -> int:
        return actor_memory(self.model)

    def setup(self) -> BlockEmbedder:
        from bitext.align.pipeline import block_embedder, open_cache

        return block_embedder(self.model, open_cache(self.cache_dir, enabled=self.use_cache))

    def documents(self, path: str, size: int, shard: Shard):
        return (item.document for item in jsonl_range_items(self.inputs, shard.offset, shard.first_line, shard.count,
                                                            size))

    def run(self, state: BlockEmbedder, path: str, size: int, shard: Shard) -> tuple[list[Alignment], str]:
        from bitext.align.pipeline import iter_alignments, settings_for

        alignments = list(iter_alignments(self.documents(path, size, shard), state,
                                          settings_for(self.model, max_bead=self.max_bead)))
        return alignments, state.fingerprint


def align_on_ray(corpus: JsonlCorpus, job: AlignJob, settings: RaySettings,
                 advance: Callable[[int], None] | None = None) -> tuple[DocumentSpool[Alignment], ShardPlan]:
    """Every document of the validated ``corpus`` aligned on the cluster: the alignments in
    corpus order (in a temporary file; close it when written) and the shards they came in."""
    plan = plan_shards(corpus, settings.shard_docs)
    spool: DocumentSpool[Alignment] = DocumentSpool()
    try:
        for result in run_shards(job, plan, settings, corpus.name, advance):
            for alignment in result.payload:
                spool.append(alignment)
    except BaseException:
        spool.close()
        raise
    return spool, plan


__all__ = ["AlignJob", "align_on_ray"]
