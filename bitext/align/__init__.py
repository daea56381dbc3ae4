"""Sentence alignment: monotone n-m beads over sentence embeddings.

Called, this package is ``bitext.align(en, zh, model=None, *, doc_id="doc", cache=True,
max_bead=7) -> Alignment`` (bitext.align.pipeline.align_text): align an English text with its
Chinese translation, each given as text or as a list of sentences.
"""

import sys
import types

# Most sentences in one bead, both sides together. Bertalign uses 5; 7 also reaches the
# 1-5, 2-4 and 3-3 beads of literary text (MAC-Dev strict F1 +0.004 with use-m3, +0.002 with
# EmbeddingGemma; ParaMed-NEJM unchanged) for about 0.5 s more DP on MAC-Dev.
DEFAULT_MAX_BEAD = 7


class _CallablePackage(types.ModuleType):
    """Why a callable package: importing any ``bitext.align.*`` module binds the name ``align`` on
    ``bitext`` to this package, so ``bitext.align(en, zh)`` (the library's short form, as
    ``sacrebleu.corpus_bleu``) can only work if the package itself is the function."""

    def __call__(self, en, zh, model=None, *, doc_id="doc", cache=True, max_bead=DEFAULT_MAX_BEAD):
        from bitext.align.pipeline import align_text

        return align_text(en, zh, model, doc_id=doc_id, cache=cache, max_bead=max_bead)


sys.modules[__name__].__class__ = _CallablePackage
