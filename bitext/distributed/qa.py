"""``bitext qa --engine ray``: the documents checked by the actors, shard by shard; the
corpus-level steps (consistency checks, ignore file, signature) left to run_qa on the driver."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bitext.distributed import RaySettings
from bitext.distributed.engine import actor_memory, run_shards
from bitext.distributed.shards import Shard, ShardPlan, jsonl_corpus, plan_shards
from bitext.glossary.model import Glossary
from bitext.io.inputs import LoadedInputs, jsonl_range_items
from bitext.qa.pipeline import Checked, CheckStage, ModelOnDemand, QARequest, check_items
from bitext.qa.runner import Checker
from bitext.qa.spool import CheckedDocument, DocumentSpool


@dataclass(frozen=True)
class QAJob:
    """A shard checked as run_qa checks documents: aligned, scored, pair checks run, the
    corpus-level checks' observations kept for the driver."""

    request: QARequest
    glossary: Glossary | None

    @property
    def memory(self) -> int:
        return actor_memory(self.request.model)

    def setup(self) -> tuple[Checker, ModelOnDemand]:
        request = self.request
        model = ModelOnDemand(request.model, request.use_cache, request.cache_dir)
        if request.similarity:
            model()  # built once per actor, before the first shard
        return Checker(self.glossary, request.settings), model

    def run(self, state: tuple[Checker, ModelOnDemand], path: str, size: int, shard: Shard) -> tuple[Any, str | None]:
        checker, model = state
        documents: list = []
        items = jsonl_range_items(self.request.inputs, shard.offset, shard.first_line, shard.count, size)
        checked = check_items(items, self.request, checker, documents, model=model)
        return (documents, checked.with_refs), checked.model_fingerprint


def ray_check_stage(settings: RaySettings, plans: list[ShardPlan] | None = None) -> CheckStage:
    """run_qa's ``check_stage`` on Ray; the plan used is appended to ``plans`` (for --output-dir)."""

    def stage(loaded: LoadedInputs, request: QARequest, glossary: Glossary | None, checker: Checker,
              spool: DocumentSpool[CheckedDocument], advance: Callable[[int], None]) -> Checked:
        corpus = jsonl_corpus(loaded, "checks")
        plan = plan_shards(corpus, settings.shard_docs)
        if plans is not None:
            plans.append(plan)
        with_refs, fingerprint = False, None
        for result in run_shards(QAJob(request, glossary), plan, settings, corpus.name, advance):
            documents, refs = result.payload
            for document in documents:
                spool.append(document)
            with_refs = with_refs or refs
            fingerprint = fingerprint or result.fingerprint
        return Checked(with_refs, fingerprint)

    return stage


__all__ = ["QAJob", "ray_check_stage"]
