"""``bitext glossary build --engine ray``: each shard aligned and given the first pass of term
extraction (counts, abbreviations, parentheticals, spilled n-grams) by an actor; the driver
merges the shards' first passes in shard order, pruned exactly as one process prunes
(bitext.termex.scan.RangeMerger), and runs the later passes over the merged spill."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bitext.distributed import RaySettings
from bitext.distributed.align import AlignJob
from bitext.distributed.engine import run_shards
from bitext.distributed.shards import Shard, jsonl_corpus, plan_shards
from bitext.embed.blocks import BlockEmbedder
from bitext.io.inputs import InputFiles, LoadedInputs
from bitext.termex.candidate import Progress
from bitext.termex.extract import FirstPass, known_scanner
from bitext.termex.scan import CorpusCounts, RangeMerger, Scanner, Spill, pairs_of


@dataclass(frozen=True)
class GlossaryJob:
    """A shard aligned (as ``align`` does it) and scanned by the first pass, the tokenizer knowing
    the glossary's Chinese terms as the driver's does."""

    align: AlignJob
    known_pairs: tuple[tuple[str, str], ...] = ()

    @property
    def memory(self) -> int:
        return self.align.memory

    def setup(self) -> tuple[BlockEmbedder, Scanner]:
        return self.align.setup(), known_scanner(self.known_pairs)

    def run(self, state: tuple[BlockEmbedder, Scanner], path: str, size: int, shard: Shard):
        embedder, scanner = state
        alignments, fingerprint = self.align.run(embedder, path, size, shard)
        return scanner(list(pairs_of(alignments))), fingerprint


def ray_first_pass(settings: RaySettings, inputs: InputFiles, model: str | None = None, use_cache: bool = True,
                   cache_dir: Path | None = None) -> Callable[[LoadedInputs, list[tuple[str, str]]], FirstPass]:
    """propose_terms' ``first_pass_for``: given the validated ``inputs`` and the glossary's known
    pairs, the first pass of build_candidates done on the cluster."""

    def first_pass_for(loaded: LoadedInputs, known_pairs: list[tuple[str, str]]) -> FirstPass:
        corpus = jsonl_corpus(loaded, "builds a glossary from")
        job = GlossaryJob(AlignJob(inputs, model, use_cache=use_cache, cache_dir=cache_dir), tuple(known_pairs))

        def first_pass(scanner: Scanner, spill: Spill, max_vocab: int, report: Progress) -> CorpusCounts:
            merger = RangeMerger(spill, max_vocab, report)
            for result in run_shards(job, plan_shards(corpus, settings.shard_docs), settings, corpus.name):
                merger.add(result.payload)
            return merger.finish()

        return first_pass

    return first_pass_for


__all__ = ["GlossaryJob", "ray_first_pass"]
