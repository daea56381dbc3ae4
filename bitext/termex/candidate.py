"""The data that term extraction's stages hand on: proposals on the way, candidates at the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bitext.glossary.normalize import term_key

Progress = Callable[[str, int, "int | None"], None]
"""``progress(stage, done, total)``: stage is ``count``, ``pairs``, ``examples`` or ``embed``;
``done`` is the number of aligned pairs (or terms) processed so far in that stage."""


@dataclass
class Example:
    en: str
    zh: str


@dataclass
class Candidate:
    """A proposed glossary entry, in the glossary's own columns plus review information."""

    en_term: str
    zh_term: str
    en_variants: list[str] = field(default_factory=list)
    zh_admitted_variants: list[str] = field(default_factory=list)
    status: str = "proposed"
    note: str = ""
    score: float = 0.0
    frequency: int = 0
    method: str = ""
    examples: list[Example] = field(default_factory=list)
    concept_id: str = ""
    dice: float | None = None
    llr: float | None = None
    similarity: float | None = None
    acronym: str | None = None

    @property
    def known(self) -> bool:
        return self.status == "known"

    def key(self) -> tuple[str, str]:
        return term_key(self.en_term), term_key(self.zh_term)


@dataclass
class Proposal:
    """One method's evidence for an (English, Chinese) pair; proposals for the same pair are merged
    into one candidate (bitext.termex.ranking.assemble)."""

    en: str
    zh: str
    method: str
    confidence: float
    acronym: str | None = None
    support: int = 1
