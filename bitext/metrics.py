"""Reference-based MT metrics through sacrebleu: BLEU, chrF and TER with their signatures.

For a Chinese target (zh, zh-CN, cmn, yue…), BLEU always uses sacrebleu's
``zh`` tokenizer (the default ``13a`` sees a whole Chinese sentence as one word and
gives 0) and TER runs normalised with ``asian_support`` (otherwise it too treats a
sentence as one word). chrF works on characters and needs no tokenizer. Every score
comes with sacrebleu's signature, so a number can be reproduced.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeGuard

from bitext.errors import InputError

if TYPE_CHECKING:
    from sacrebleu.metrics import CHRF


@dataclass(frozen=True)
class MetricScore:
    name: str  # "BLEU", "chrF2", "TER"
    score: float
    signature: str
    detail: str  # sacrebleu's one-line rendering, e.g. "BLEU = 43.47 71.4/50.0/40.0/25.0 (BP = ...)"

    def to_dict(self) -> dict:
        return {"name": self.name, "score": round(self.score, 4), "signature": self.signature, "detail": self.detail}


def _is_cjk(lang: str) -> bool:
    return lang.lower().split("-")[0].split("_")[0] in ("zh", "cmn", "yue")


def bleu_tokenizer(tgt_lang: str) -> str:
    """sacrebleu tokenizer name for a target language: ``zh`` for Chinese, ``13a`` otherwise."""
    return "zh" if _is_cjk(tgt_lang) else "13a"


def _metrics(tgt_lang: str):
    from sacrebleu.metrics import BLEU, CHRF, TER

    cjk = _is_cjk(tgt_lang)
    return [
        BLEU(tokenize=bleu_tokenizer(tgt_lang)),
        CHRF(),
        TER(normalized=cjk, asian_support=cjk),
    ]


def _check(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> list[list[str]]:
    if not references:
        raise InputError("no reference given")
    refs = [list(r) for r in references]
    for number, ref in enumerate(refs, start=1):
        if len(ref) != len(hypotheses):
            raise InputError(f"reference {number} has {len(ref)} lines, the hypothesis {len(hypotheses)}",
                             hint="hypothesis and references must be line-parallel")
    if not hypotheses:
        raise InputError("no lines to score")
    return refs


def corpus_scores(hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                  tgt_lang: str = "zh") -> list[MetricScore]:
    """Corpus BLEU, chrF and TER of ``hypotheses`` against one or more line-parallel reference streams."""
    refs = _check(hypotheses, references)
    out = []
    for metric in _metrics(tgt_lang):
        result = metric.corpus_score(list(hypotheses), refs)
        out.append(MetricScore(result.name, float(result.score), str(metric.get_signature()), str(result)))
    return out


@dataclass(frozen=True)
class Scores:
    """Corpus BLEU, chrF and TER, each with its sacrebleu signature."""

    bleu: MetricScore
    chrf: MetricScore
    ter: MetricScore

    def __iter__(self):
        return iter((self.bleu, self.chrf, self.ter))

    def to_dict(self) -> dict:
        return {"bleu": self.bleu.to_dict(), "chrf": self.chrf.to_dict(), "ter": self.ter.to_dict()}


def score(hypotheses: Sequence[str], references: Sequence[str] | Sequence[Sequence[str]],
          tgt_lang: str = "zh") -> Scores:
    """Corpus scores of ``hypotheses`` (one segment per item) against one reference stream (a list
    of strings, line-parallel) or several (a list of such lists); the library's ``bitext score``."""
    if isinstance(hypotheses, str) or not all(isinstance(h, str) for h in hypotheses):
        raise TypeError("hypotheses must be a list of strings, one segment each")
    if isinstance(references, str):
        raise TypeError("references must be a list of strings, or a list of such lists")
    streams = [references] if _one_stream(references) else references
    if any(isinstance(r, str) or not all(isinstance(line, str) for line in r) for r in streams):
        raise TypeError("references must be a list of strings, or a list of such lists")
    bleu, chrf, ter = corpus_scores(hypotheses, streams, tgt_lang)
    return Scores(bleu, chrf, ter)


def _one_stream(references: Sequence[str] | Sequence[Sequence[str]]) -> TypeGuard[Sequence[str]]:
    return bool(references) and isinstance(references[0], str)


@functools.cache
def _sentence_chrf_metric() -> CHRF:
    """One chrF scorer for all sentence scores (sacrebleu is imported on first use)."""
    from sacrebleu.metrics import CHRF

    return CHRF()


def sentence_chrf(hypothesis: str, reference: str | Sequence[str]) -> float:
    """Sentence-level chrF (0-100) of one hypothesis against one or more references."""
    refs = [reference] if isinstance(reference, str) else list(reference)
    return float(_sentence_chrf_metric().sentence_score(hypothesis, refs).score)


def chrf_signature() -> str:
    """sacrebleu's signature of the sentence-level chrF above (one reference)."""
    sentence_chrf("", "")  # sacrebleu knows the number of references only after scoring
    return str(_sentence_chrf_metric().get_signature())


__all__ = ["MetricScore", "Scores", "bleu_tokenizer", "chrf_signature", "corpus_scores", "score", "sentence_chrf"]
