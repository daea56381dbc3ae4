"""Glossary data model: concepts holding English and Chinese terms with a usage status.

A concept also says how strictly its terms apply (``Requirement``): a *mandatory* entry is one a
reviser insists on (a drug's INN, the project's key terms): leaving out its approved term is an
error. Every other entry is *preferred* (the default): the approved term is recommended, a
correct synonym is acceptable, so leaving it out is only worth a warning.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

_Member = TypeVar("_Member", bound=StrEnum)


def _alias_key(value: str) -> str:
    """A cell value as alias tables spell their keys: trimmed, lower case, words joined by "-"."""
    return value.strip().lower().replace("_", "-").replace(" ", "-")


def _lookup(aliases: dict[str, _Member], key: str, value: str) -> _Member:
    """The member ``key`` names in ``aliases``; ValueError naming the original ``value`` if none."""
    member = aliases.get(key)
    if member is None:
        raise ValueError(value)
    return member


class Status(StrEnum):
    """How a term may be used. ``keep-latin`` means: leave it in Latin script in Chinese."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DISCOURAGED = "discouraged"
    FORBIDDEN = "forbidden"
    KEEP_LATIN = "keep-latin"

    @property
    def approved(self) -> bool:
        return self in (Status.PREFERRED, Status.ADMITTED, Status.KEEP_LATIN)

    @classmethod
    def parse(cls, value: str) -> Status:
        """A status from a glossary cell or a TBX ``administrativeStatus``; ValueError if unknown."""
        return _lookup(_STATUS_ALIASES, _alias_key(value).removesuffix("-admn-sts").removesuffix("term"), value)


# TBX spells statuses as preferredTerm-admn-sts, deprecatedTerm-admn-sts, …; "deprecated" and
# "superseded" are what TBX calls discouraged.
_STATUS_ALIASES = {
    "preferred": Status.PREFERRED,
    "admitted": Status.ADMITTED,
    "discouraged": Status.DISCOURAGED,
    "deprecated": Status.DISCOURAGED,
    "superseded": Status.DISCOURAGED,
    "not-recommended": Status.DISCOURAGED,
    "forbidden": Status.FORBIDDEN,
    "do-not-use": Status.FORBIDDEN,
    "donotuse": Status.FORBIDDEN,
    "keep-latin": Status.KEEP_LATIN,
    "keeplatin": Status.KEEP_LATIN,
}


class Requirement(StrEnum):
    """How strictly a concept's approved terms apply (glossary column ``requirement``)."""

    MANDATORY = "mandatory"
    PREFERRED = "preferred"

    @classmethod
    def parse(cls, value: str) -> Requirement:
        """A requirement from a glossary cell; blank = preferred; ValueError if unknown."""
        return _lookup(_REQUIREMENT_ALIASES, _alias_key(value), value)


_REQUIREMENT_ALIASES = {
    "": Requirement.PREFERRED,
    "preferred": Requirement.PREFERRED,
    "recommended": Requirement.PREFERRED,
    "optional": Requirement.PREFERRED,
    "mandatory": Requirement.MANDATORY,
    "required": Requirement.MANDATORY,
}


@dataclass(frozen=True)
class ConceptRequirement:
    """What a glossary row or TBX entry says about its concept's requirement (``line`` 1-based)."""

    concept_id: str
    requirement: Requirement
    line: int | None = None


@dataclass(frozen=True)
class Term:
    """One term of a concept in one language. ``line`` is where it was read (1-based), if known."""

    text: str
    lang: str  # "en" or "zh"
    status: Status
    concept_id: str
    line: int | None = field(default=None, compare=False)


@dataclass
class Concept:
    """A concept: its English terms (all usable for matching) and Chinese terms with statuses."""

    id: str
    en: list[Term] = field(default_factory=list)
    zh: list[Term] = field(default_factory=list)
    requirement: Requirement = Requirement.PREFERRED

    @property
    def mandatory(self) -> bool:
        return self.requirement is Requirement.MANDATORY

    def zh_with(self, *statuses: Status) -> list[Term]:
        return [t for t in self.zh if t.status in statuses]

    @property
    def approved_zh(self) -> list[Term]:
        return [t for t in self.zh if t.status.approved]

    @property
    def preferred_zh(self) -> Term | None:
        """The preferred Chinese term; else the first approved one (None if there is none)."""
        candidates = self.zh_with(Status.PREFERRED, Status.KEEP_LATIN) or self.approved_zh
        return candidates[0] if candidates else None

    @property
    def keeps_latin(self) -> bool:
        return any(t.status is Status.KEEP_LATIN for t in self.zh)

    @property
    def label(self) -> str:
        """The English term to name the concept by (the first one read)."""
        return self.en[0].text if self.en else self.id


@dataclass(frozen=True)
class Problem:
    """A glossary defect: where (file, 1-based line or None) and what."""

    path: str
    line: int | None
    code: str  # "malformed", "empty-cell", "duplicate", "contradictory-status", "unmatchable", …
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


@dataclass
class Glossary:
    """Concepts by id, in the order they were first read. ``warnings``: rows skipped in lenient mode."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    path: str = ""
    warnings: list[Problem] = field(default_factory=list)
    # (repeated term, the term kept): what validate_glossary reports as duplicates
    repeats: list[tuple[Term, Term]] = field(default_factory=list, repr=False, compare=False)
    # every explicit requirement read, in reading order (validate_glossary reports concepts
    # whose rows disagree)
    requirement_notes: list[ConceptRequirement] = field(default_factory=list, repr=False, compare=False)

    def add(self, term: Term) -> None:
        """Add a term to its concept. English terms are kept once per text (their status only
        names the headword); a Chinese term is kept once per (text, status)."""
        concept = self.concepts.setdefault(term.concept_id, Concept(term.concept_id))
        terms = concept.en if term.lang == "en" else concept.zh
        same = lambda t: t.text == term.text and (term.lang == "en" or t.status is term.status)  # noqa: E731
        kept = next((t for t in terms if same(t)), None)
        if kept is None:
            terms.append(term)
        else:
            self.repeats.append((term, kept))

    def require(self, note: ConceptRequirement) -> None:
        """Record a row's requirement: a concept is mandatory if any of its rows says so."""
        concept = self.concepts.setdefault(note.concept_id, Concept(note.concept_id))
        if note.requirement is Requirement.MANDATORY:
            concept.requirement = Requirement.MANDATORY
        self.requirement_notes.append(note)

    def terms(self) -> list[Term]:
        return [t for c in self.concepts.values() for t in (*c.en, *c.zh)]

    def __len__(self) -> int:
        return len(self.concepts)


def glossary_hash(glossary: Glossary) -> str:
    """sha256 of the glossary's content, independent of file format, row order and line numbers.

    Recorded with QA results so that a run can be reproduced with the same glossary. A mandatory
    concept adds a marker (preferred ones add nothing, so hashes of older glossaries stay).
    """
    canonical = sorted(
        [c.id, sorted(t.text for t in c.en), sorted((t.text, t.status.value) for t in c.zh)]
        + ([Requirement.MANDATORY.value] if c.mandatory else [])
        for c in glossary.concepts.values()
    )
    data = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()
