"""Shards: ranges of a validated JSONL or Parquet corpus's documents, described by where they start
(byte offset, or row index)."""

from __future__ import annotations

from dataclasses import dataclass

from bitext.errors import ConfigError
from bitext.io.corpus import JsonlCorpus
from bitext.io.inputs import LoadedInputs


@dataclass(frozen=True)
class Shard:
    index: int
    offset: int  # byte offset of its first document's line (row index in a Parquet corpus)
    first_line: int
    count: int  # documents
    last_line: int

    def where(self, name: str) -> str:
        return f"{name}:{self.first_line}-{self.last_line}"


@dataclass(frozen=True)
class ShardPlan:
    path: str
    size: int  # the file's size when validated: a worker refuses a file changed since
    shards: list[Shard]

    @property
    def documents(self) -> int:
        return sum(shard.count for shard in self.shards)


def jsonl_corpus(loaded: LoadedInputs, what: str) -> JsonlCorpus:
    """The validated JSONL or Parquet corpus of ``loaded``; other inputs cannot be split into shards."""
    corpus = loaded.corpus
    if corpus is None or corpus.path == "-":
        raise ConfigError(f"--engine ray {what} a JSONL or Parquet corpus file",
                          hint="give CORPUS.jsonl (or .jsonl.gz, .parquet), or --engine local")
    return corpus


def plan_shards(corpus: JsonlCorpus, shard_docs: int) -> ShardPlan:
    """Consecutive ranges of ``shard_docs`` documents (the last may be shorter), from where the
    validation pass found each document."""
    if shard_docs < 1:
        raise ConfigError(f"--shard-docs {shard_docs}: must be at least 1")
    offsets, lines = corpus.offsets, corpus.line_numbers
    if not offsets:
        raise ConfigError(f"{corpus.name}: validate the corpus before planning its shards")
    shards = []
    for index, start in enumerate(range(0, len(offsets), shard_docs)):
        stop = min(start + shard_docs, len(offsets))
        shards.append(Shard(index, offsets[start], lines[start], stop - start, lines[stop - 1]))
    return ShardPlan(corpus.path, corpus.size(), shards)


__all__ = ["Shard", "ShardPlan", "jsonl_corpus", "plan_shards"]
