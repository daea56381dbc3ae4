"""Bilingual term extraction for ``bitext glossary build`` (EN→ZH).

Public API::

    build_candidates(alignments, known_pairs=None, min_freq=2, limit=None, progress=None) -> list[Candidate]
    write_candidates_tsv(candidates, path)      # glossary columns + score, frequency, method, examples, decision
    write_candidates_tbx(candidates, path)      # TBX-Basic (ISO 30042:2019, DCA style)
    read_glossary_pairs(path) -> KnownTerms     # the (en, zh) pairs of an existing glossary (TSV, CSV, TBX)
    find_abbreviations(text) -> list[Abbreviation]         # Schwartz–Hearst

bitext.termex.pipeline.propose_terms runs the command's workflow on input files. Reading a
reviewed candidates file and merging its accepted rows into a glossary: bitext.glossary.merge.
"""

from bitext.termex.abbrev import Abbreviation, find_abbreviations
from bitext.termex.extract import Candidate, Example, build_candidates
from bitext.termex.formats import KnownTerms, read_glossary_pairs, write_candidates_tbx, write_candidates_tsv

__all__ = [
    "Abbreviation",
    "Candidate",
    "Example",
    "KnownTerms",
    "build_candidates",
    "find_abbreviations",
    "read_glossary_pairs",
    "write_candidates_tbx",
    "write_candidates_tsv",
]
