"""The library in four calls, what ``bitext align``, ``bitext qa`` and ``bitext score`` do, in memory.

    import bitext

    alignment = bitext.align(en_text, zh_text)                  # -> Alignment
    report = bitext.check(alignment, glossary=bitext.read_glossary("terms.tsv"))   # -> Report
    for finding in report.findings:
        print(finding.severity.value, finding.check, finding.message)
    bitext.score(hypotheses, references).bleu.score              # -> Scores

Documents and results are plain dataclasses (bitext.core, bitext.qa.findings,
bitext.qa.report); nothing here reads a file except ``read_glossary``, nothing prints, and
bad input raises bitext.errors.BitextError (InputError, ConfigError, ModelError) with a
message naming what is wrong. Each function is a thin front to the workflow the CLI runs
(bitext.align.pipeline, bitext.qa.pipeline, bitext.metrics), so the same input gives the same
findings here as on the command line. Heavy modules load on first call.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bitext.align import DEFAULT_MAX_BEAD

if TYPE_CHECKING:
    from bitext.core import Alignment, Document
    from bitext.glossary.model import Glossary
    from bitext.metrics import Scores
    from bitext.qa.report import QAReport
    from bitext.qa.settings import QASettings


def align(en: str | Sequence[str], zh: str | Sequence[str], model: str | None = None, *, doc_id: str = "doc",
          cache: bool | str | os.PathLike = True, max_bead: int = DEFAULT_MAX_BEAD) -> Alignment:
    """Align an English text with its Chinese translation into monotone n-m beads.

    ``en``, ``zh``: texts (split into sentences, as ``bitext segment`` does) or lists of
    sentences (kept as given). ``model``: ``use-m3`` (the default: fast, numpy only),
    ``embeddinggemma-300m`` (after ``bitext models install``) or a sentence-transformers folder.
    ``cache``: True for the user's embedding cache (BITEXT_CACHE_DIR), False for none, or a folder.
    Each bead has its sentence indices, a ``confidence`` and a ``similarity`` (cosine of its sides).
    ``bitext.align`` is this function too.
    """
    from bitext.align.pipeline import align_text

    return align_text(en, zh, model, doc_id=doc_id, cache=cache, max_bead=max_bead)


def check(alignments_or_documents: Alignment | Document | Iterable[Alignment | Document],
          glossary: Glossary | str | os.PathLike | None = None,
          settings: QASettings | Mapping[str, Any] | None = None, *, model: str | None = None,
          cache: bool | str | os.PathLike = True) -> QAReport:
    """Run every enabled QA check, as ``bitext qa`` does, and return the report.

    ``alignments_or_documents``: an Alignment (from :func:`align`, or built by hand), a Document
    (aligned here), or a list of them with distinct ids; corpus-level consistency checks look
    across all of them. ``glossary``: a Glossary (:func:`read_glossary`) or a glossary file.
    ``settings``: a QASettings, or a checks table as in ``bitext.toml``
    (``{"punctuation": False, "numbers.mismatch": "warning"}``). ``model`` aligns documents and
    scores the pairs of hand-built alignments that carry no similarity; it loads only then.
    The report (bitext.qa.report.QAReport) holds ``findings`` (each with ``check``,
    ``severity``, ``message``, ``suggestion``, ``src_ids``/``tgt_ids``, ``fingerprint``),
    ``alignments``, ``pair_scores``, ``signature``; ``counts()``, ``worst()`` and ``to_json()``;
    bitext.report.render(report, "html") renders it in any ``bitext qa`` format.
    """
    from bitext.align.pipeline import cache_location
    from bitext.qa.pipeline import check_in_memory

    use_cache, cache_dir = cache_location(cache)
    return check_in_memory(alignments_or_documents, _glossary(glossary), _settings(settings), model,
                           use_cache=use_cache, cache_dir=cache_dir)


def read_glossary(path: str | os.PathLike, *, lenient: bool = False) -> Glossary:
    """A glossary from a TSV, CSV or TBX file (the columns of corpora/glossary/net_prrt.tsv).

    A malformed row is an InputError naming file and line; with ``lenient`` it is skipped and
    listed in the glossary's ``warnings``.
    """
    from bitext.glossary import read_glossary as read

    return read(path, lenient=lenient)


def score(hypotheses: Sequence[str], references: Sequence[str] | Sequence[Sequence[str]],
          tgt_lang: str = "zh") -> Scores:
    """Corpus BLEU, chrF and TER through sacrebleu, with signatures, as ``bitext score``.

    ``references``: one list of lines parallel to ``hypotheses``, or several such lists. A Chinese
    target uses sacrebleu's ``zh`` tokenizer for BLEU.
    """
    from bitext.metrics import score as corpus_score

    return corpus_score(hypotheses, references, tgt_lang)


def _glossary(glossary):
    from bitext.glossary.model import Glossary

    if glossary is None or isinstance(glossary, Glossary):
        return glossary
    if isinstance(glossary, (str, os.PathLike)):
        return read_glossary(glossary)
    raise TypeError(f"glossary must be a Glossary or a file path, not {type(glossary).__name__}")


def _settings(settings):
    from bitext.qa.settings import QASettings

    if settings is None or isinstance(settings, QASettings):
        return settings
    if isinstance(settings, Mapping):
        from bitext.config import qa_settings

        return qa_settings(settings)
    raise TypeError(f"settings must be a QASettings or a checks table (a dict), not {type(settings).__name__}")


__all__ = ["align", "check", "read_glossary", "score"]
