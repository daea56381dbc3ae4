"""Bilingual term extraction for ``bitext glossary build`` (EN→ZH).

Public API::

    build_candidates(alignments, known_pairs=None, min_freq=2, limit=None, progress=None) -> list[Candidate]
    write_candidates_tsv(candidates, path)      # glossary columns + score, frequency, method, examples, decision
    write_candidates_tbx(candidates, path)      # TBX-Basic (ISO 30042:2019, DCA style)
    read_candidates_tsv(path) -> list[CandidateRow]
    read_glossary_pairs(path) -> KnownTerms     # the (en, zh) pairs of an existing glossary (TSV, CSV, TBX)
    merge_accepted(candidates_path, glossary_path) -> str   # new glossary text
    find_abbreviations(text) -> list[Abbreviation]         # Schwartz–Hearst
"""

from bitext.termex.abbrev import Abbreviation, find_abbreviations
from bitext.termex.extract import Candidate, Example, build_candidates
from bitext.termex.formats import (
    CandidateRow,
    KnownTerms,
    MergeResult,
    merge_accepted,
    plan_merge,
    read_candidates_tsv,
    read_glossary_pairs,
    write_candidates_tbx,
    write_candidates_tsv,
)

__all__ = [
    "Abbreviation",
    "Candidate",
    "CandidateRow",
    "Example",
    "KnownTerms",
    "MergeResult",
    "build_candidates",
    "find_abbreviations",
    "merge_accepted",
    "plan_merge",
    "read_candidates_tsv",
    "read_glossary_pairs",
    "write_candidates_tbx",
    "write_candidates_tsv",
]
