"""Glossary linting: problems with line numbers, for ``bitext glossary check`` and CI."""

from __future__ import annotations

import os
from collections import defaultdict

from bitext.errors import InputError
from bitext.glossary.english import tokenize
from bitext.glossary.files import parse_glossary
from bitext.glossary.model import ConceptRequirement, Glossary, Problem, Requirement, Status, Term
from bitext.glossary.normalize import fold, has_han
from bitext.glossary.table import RowError
from bitext.io.text import read_bytes


def validate_glossary(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem found in the glossary file, ordered by line.

    Reported: unreadable or malformed rows, empty required cells, unknown statuses,
    duplicates, contradictory statuses for one term, rows of one concept that disagree on its
    requirement (mandatory applies), English terms shared by several
    concepts, concepts without a Chinese term or without an approved one, and terms that cannot match
    anything (no letters or digits, control characters, Chinese in a keep-latin term…).
    Raises InputError only when the file cannot be read at all (missing, a directory).
    """
    name = os.fspath(path)
    data = read_bytes(name, "a glossary file")
    try:
        glossary = parse_glossary(data, name, lenient=True)
    except (RowError, InputError) as error:
        return [Problem(name, getattr(error, "line", None), getattr(error, "code", "unreadable"), str(error))]
    problems = list(glossary.warnings)
    problems += _repeats(glossary)
    problems += _contradictions(glossary)
    problems += _requirement_disagreements(glossary)
    problems += _shared_english(glossary)
    problems += _unmatchable(glossary)
    problems += _without_approved(glossary)
    return sorted(problems, key=lambda p: (p.line or 0, p.code, p.message))


def _repeats(glossary: Glossary) -> list[Problem]:
    problems = []
    for repeat, kept in glossary.repeats:
        # A forbidden row repeats its concept's English term by design (it names what the wrong
        # rendering stands for); repeating a term within one row, or a Chinese term, is a slip.
        if repeat.lang == "en" and repeat.line != kept.line:
            continue
        problems.append(Problem(glossary.path, repeat.line, "duplicate",
                                f"{repeat.lang} term {repeat.text!r} of {repeat.concept_id} repeats line {kept.line}",
                                severity="warning"))
    return problems


def _contradictions(glossary: Glossary) -> list[Problem]:
    problems = []
    for concept in glossary.concepts.values():
        by_text: dict[str, list[Term]] = defaultdict(list)
        for term in concept.zh:
            by_text[fold(term.text)].append(term)
        for terms in by_text.values():
            approved = {t.status.approved for t in terms}
            if len(approved) == 2:
                statuses = ", ".join(f"{t.status.value} (line {t.line})" for t in terms)
                problems.append(Problem(glossary.path, max(t.line or 0 for t in terms) or None, "contradictory-status",
                                        f"{terms[0].text!r} of {concept.id} is both approved and not: {statuses}"))
    return problems


def _requirement_disagreements(glossary: Glossary) -> list[Problem]:
    """A concept whose rows say both mandatory and preferred: mandatory applies (any row makes a
    concept mandatory), but the preferred row was probably meant otherwise or is stale."""
    notes: dict[str, list[ConceptRequirement]] = defaultdict(list)
    for note in glossary.requirement_notes:
        notes[note.concept_id].append(note)
    problems = []
    for cid, said in notes.items():
        lines: dict[Requirement, list[str]] = {}
        for note in said:
            lines.setdefault(note.requirement, []).append(str(note.line) if note.line else "?")
        if len(lines) < 2:
            continue
        where = ", ".join(f"{requirement.value} on line{'s' if len(at) > 1 else ''} {', '.join(at)}"
                          for requirement, at in lines.items())
        applied = glossary.concepts[cid].requirement.value
        problems.append(Problem(glossary.path, max(n.line or 0 for n in said) or None, "contradictory-requirement",
                                f"concept {cid}: rows disagree on requirement ({where}); {applied} applies",
                                severity="warning"))
    return problems


def _shared_english(glossary: Glossary) -> list[Problem]:
    owners: dict[str, list[Term]] = defaultdict(list)
    for concept in glossary.concepts.values():
        for term in concept.en:
            owners[term.text.lower() if term.text.islower() else term.text].append(term)
    problems = []
    for terms in owners.values():
        concepts = sorted({t.concept_id for t in terms})
        if len(concepts) > 1:
            later = max(terms, key=lambda t: t.line or 0)
            problems.append(Problem(glossary.path, later.line, "duplicate",
                                    f"English term {later.text!r} belongs to several concepts ({', '.join(concepts)}); "
                                    "a source match cannot tell which translation is required", severity="warning"))
    return problems


def _unmatchable(glossary: Glossary) -> list[Problem]:
    problems = []
    for term in glossary.terms():
        reason = None
        if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in term.text):
            reason = "contains a control character (tab, line break…)"
        elif not any(c.isalnum() for c in term.text):
            reason = "has no letters or digits"
        elif term.lang == "en" and not tokenize(term.text):
            reason = "has no word characters"
        elif term.lang == "en" and has_han(term.text):
            reason = "English term contains Chinese characters"
        elif term.status is Status.KEEP_LATIN and has_han(term.text):
            reason = "keep-latin term contains Chinese characters"
        if reason:
            message = f"{term.lang} term {term.text!r} of {term.concept_id} cannot match anything: {reason}"
            problems.append(Problem(glossary.path, term.line, "unmatchable", message))
        elif term.lang == "zh" and len(term.text) == 1 and has_han(term.text):
            message = (f"one-character term {term.text!r} of {term.concept_id} matches mostly inside longer words, "
                       "where matches are rejected")
            problems.append(Problem(glossary.path, term.line, "unmatchable", message, severity="warning"))
    return problems


def _without_approved(glossary: Glossary) -> list[Problem]:
    problems = []
    for concept in glossary.concepts.values():
        if not concept.zh:
            # a TBX entry with no Chinese section (another language pair's, or unfinished): nothing
            # for the checks to require or suggest, which a terminologist should hear about
            line = min((t.line for t in concept.en if t.line), default=None)
            problems.append(Problem(glossary.path, line, "no-chinese-term",
                                    f"{concept.id} has no Chinese term: nothing to check or suggest",
                                    severity="warning"))
        elif not concept.approved_zh:
            line = min((t.line for t in concept.zh if t.line), default=None)
            problems.append(Problem(glossary.path, line, "no-approved-term",
                                    f"{concept.id} has only discouraged/forbidden Chinese terms: nothing to suggest",
                                    severity="warning"))
    return problems
