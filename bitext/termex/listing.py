"""How long the candidate list is: the best ``limit`` rows by score, and by default every further
row the corpus itself establishes.

A fixed number of rows is the wrong unit for a terminologist: a corpus of a few abstracts has
a few dozen terms, a corpus of ten thousand has thousands, and a term the translators render
the same way in most of its sentences is one the glossary needs a decision on whatever its
score (the score is an association measure, and penalises a Chinese word that also occurs
in other phrases: 病毒 for virus, 隔离 for quarantine, 感染 for infection). So the default list is
the best :data:`DEFAULT_LIMIT` rows and, after them in score order, every row that is

* seen in at least :data:`ESTABLISHED_PAIRS` aligned pairs (and more than ``min_freq``), and
* the usual rendering of its English: in at least half of the pairs that hold the English term
  (one of its forms), the Chinese has this term;

or a code the Chinese keeps in Latin script (a keep-latin row) seen that often. Rows seen once
or twice, or renderings among several, are left to the score cut-off. An explicit limit keeps
exactly the best N rows.
"""

from __future__ import annotations

from collections import Counter

from bitext.termex.candidate import Candidate
from bitext.termex.linking import Associations
from bitext.termex.normalize import en_group_key

DEFAULT_LIMIT = 200
"""Rows kept by score alone before the established ones (``bitext glossary build`` without -n)."""

ESTABLISHED_PAIRS = 3
USUAL_SHARE = 0.5


def established(cands: list[Candidate], assoc_of: Associations, en_count: Counter, latin_kept: Counter,
                min_freq: int) -> list[Candidate]:
    """The candidates (in their order) that the corpus establishes: see the module's docstring.
    ``latin_kept``: how many pairs keep each code in Latin script in the Chinese."""
    need = max(ESTABLISHED_PAIRS, min_freq + 1)
    out = []
    for c in cands:
        if c.method == "keep-latin":
            if latin_kept.get(c.zh_term, 0) >= need:
                out.append(c)
            continue
        for form in dict.fromkeys(en_group_key(f) for f in [c.en_term, *c.en_variants]):
            _d, _g2, joint = assoc_of.get((form, c.zh_term), (0.0, 0.0, 0))
            if joint >= need and joint >= USUAL_SHARE * en_count.get(form, 0):
                out.append(c)
                break
    return out
