"""Which glossary concepts a pair's source mentions, and how its target renders them."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from bitext.glossary.english import Match, is_acronym
from bitext.glossary.matcher import GlossaryMatcher, TargetMatches
from bitext.glossary.model import Concept, Term
from bitext.glossary.normalize import fold, has_han


@dataclass
class SourceConcept:
    concept: Concept
    matches: list[Match] = field(default_factory=list)

    @property
    def renderings_needed(self) -> int:
        """How many acronyms a target without the Chinese term must keep to cover the source:
        one per full-form mention plus one for the acronym mentions. "NET" → NET is fine,
        "95% confidence interval" → 95% CI is fine, but "neuroendocrine tumors (NETs)" → （NET）
        leaves the full form untranslated."""
        full = sum(not is_acronym(m.text) for m in self.matches)
        return full + (full < len(self.matches))


@dataclass
class TermAnalysis:
    source: dict[str, SourceConcept]  # by concept id, in order of first mention
    target: TargetMatches

    def concept_terms(self, concept: Concept, match: Match) -> list[Term]:
        return [t for t in match.payloads if isinstance(t, Term) and t.concept_id == concept.id]

    def approved_present(self, concept: Concept) -> bool:
        """An approved Chinese term of the concept is in the target — anywhere, even inside a
        longer word: this only decides that nothing is *missing*."""
        return any(t.lang == "zh" and t.status.approved
                   for m in self.target.all() for t in self.concept_terms(concept, m))

    def acronyms_kept(self, concept: Concept) -> int:
        """How often one of the concept's acronyms stands as-is in the target (NET may stay NET)."""
        return sum(any(t.lang == "en" and is_acronym(t.text) for t in self.concept_terms(concept, m))
                   for m in (*self.target.chosen, *self.target.nested))

    def latin_kept(self, concept: Concept) -> bool:
        """A Latin-script form of the concept (its keep-latin terms or English terms) is in the target."""
        return any(not has_han(t.text) and t.status.approved
                   for m in (*self.target.chosen, *self.target.nested) for t in self.concept_terms(concept, m))

    def near_miss(self, concept: Concept, target: str) -> tuple[int, int] | None:
        """Span of an unlisted near variant of an approved Chinese term: one character inserted
        (总体生存 for 总生存) or, for terms of 4+ characters, dropped. Typos that substitute a
        character (奥曲太) stay errors, and neither a listed forbidden/discouraged term nor another
        concept's term is a near miss (神经内分泌瘤 for NEN is the NET term: a wrong term)."""
        folded = fold(target)
        wrong = [(m.start, m.end) for m in self.target.chosen
                 if any(isinstance(t, Term) and (t.concept_id != concept.id or not t.status.approved)
                        for t in m.payloads)]
        for term in concept.approved_zh:
            for pattern in _near_patterns(fold(term.text)):
                for m in pattern.finditer(folded, overlapped=True):
                    if not any(start <= m.start() and m.end() <= end for start, end in wrong):
                        return m.start(), m.end()
        return None

    def used_variants(self, concept: Concept) -> list[tuple[Match, Term]]:
        """Approved Chinese terms of the concept the target actually uses (chosen matches only)."""
        return [(m, t) for m in self.target.chosen for t in self.concept_terms(concept, m)
                if t.lang == "zh" and t.status.approved]


@functools.lru_cache(maxsize=4096)
def _near_patterns(term: str) -> tuple[regex.Pattern, ...]:
    if len(term) < 3 or not all(has_han(c) for c in term):
        return ()
    inserted = [regex.escape(term[:i]) + r"\p{Han}" + regex.escape(term[i:]) for i in range(1, len(term))]
    dropped = [regex.escape(term[:i] + term[i + 1:]) for i in range(1, len(term) - 1)] if len(term) >= 4 else []
    return tuple(regex.compile(p) for p in (*inserted, *dropped))


def analyse(matcher: GlossaryMatcher, src: str, tgt: str) -> TermAnalysis:
    source: dict[str, SourceConcept] = {}
    concepts = matcher.glossary.concepts
    for match in matcher.source(src):
        for cid in dict.fromkeys(t.concept_id for t in match.payloads):
            source.setdefault(cid, SourceConcept(concepts[cid])).matches.append(match)
    return TermAnalysis(source, matcher.target(tgt))
