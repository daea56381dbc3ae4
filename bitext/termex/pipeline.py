"""``bitext glossary build`` as a library function: read the inputs, align them unless they come
aligned (TMX, XLIFF), propose term candidates.

    from bitext.io.inputs import InputFiles
    from bitext.termex.pipeline import propose_terms

    candidates = propose_terms(InputFiles(corpus="abstracts.jsonl"), glossary="terms.tsv")
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable

from bitext.core import Alignment
from bitext.io.inputs import InputFiles, LoadedInputs, load_inputs
from bitext.termex.extract import DEFAULT_LIMIT, Candidate, FirstPass, build_candidates
from bitext.termex.formats import read_glossary_pairs

ProgressFactory = Callable[[str, "int | None"], contextlib.AbstractContextManager]


def _no_progress(description: str, total: int | None = None) -> contextlib.AbstractContextManager:
    return contextlib.nullcontext(lambda n=1: None)


def propose_terms(inputs: InputFiles, glossary: str | os.PathLike | None = None, *, model: str | None = None,
                  use_cache: bool = True, min_freq: int = 2, limit: int | None = None, embeddings: bool = False,
                  workers: int | None = None, progress: ProgressFactory | None = None,
                  first_pass_for: Callable[[LoadedInputs, list[tuple[str, str]]], FirstPass] | None = None,
                  ) -> list[Candidate]:
    """Ranked EN-ZH term candidates from the files ``inputs`` names, best first (bitext.termex.build_candidates).

    ``glossary``: an existing glossary (TSV, CSV, TBX) whose terms are known and not proposed
    again. ``limit``: keep exactly the best N; None (the default) keeps the best ``DEFAULT_LIMIT``
    and every further candidate the corpus establishes (bitext.termex.listing). Every input (and
    the glossary) is read and validated before the model loads; an unaligned input is aligned
    with ``model`` as ``bitext align`` does. ``progress(description,
    total)`` is a context manager yielding ``advance(n)`` (bitext.cli.progress.progress_bar),
    advanced once per aligned pair extracted. ``first_pass_for(loaded, known_pairs)``: the
    alignment and first pass done elsewhere (bitext.distributed), given the validated inputs.
    """
    from bitext.align.pipeline import align_corpus  # the model's modules load only for unaligned input

    inputs.validate()
    known = list(read_glossary_pairs(glossary)) if glossary else []
    loaded = load_inputs(inputs)  # validates everything before any model loads
    alignments: Iterable[Alignment]
    first_pass = first_pass_for(loaded, known) if first_pass_for is not None else None
    if first_pass is not None:
        alignments = []
    elif loaded.alignments is not None:  # TMX / XLIFF: already aligned
        alignments = loaded.alignments
    else:
        alignments = align_corpus(loaded.documents(), model, use_cache=use_cache)

    with (progress or _no_progress)("extracting terms", None) as advance:
        last = {"done": 0}

        def on_progress(stage: str, done: int, total: int | None) -> None:
            advance(max(0, done - last["done"]))
            last["done"] = done

        return build_candidates(alignments, known_pairs=known, min_freq=min_freq,
                                limit=DEFAULT_LIMIT if limit is None else limit, keep_established=limit is None,
                                progress=on_progress, embeddings=embeddings, workers=workers, first_pass=first_pass)
