"""Bilingual EN→ZH glossaries: model, TSV/CSV/TBX readers and writers, validation, term matching."""

from bitext.glossary.files import read_glossary, write_glossary
from bitext.glossary.matcher import GlossaryMatcher, TargetMatches
from bitext.glossary.model import Concept, Glossary, Problem, Status, Term, glossary_hash
from bitext.glossary.validate import validate_glossary

__all__ = [
    "Concept",
    "Glossary",
    "GlossaryMatcher",
    "Problem",
    "Status",
    "TargetMatches",
    "Term",
    "glossary_hash",
    "read_glossary",
    "validate_glossary",
    "write_glossary",
]
