"""Glossary term matching on both sides of a sentence pair.

Source (English): every English term of every concept, as token sequences.
Target (Chinese): Chinese terms by substring; Latin-script forms by token sequence —
keep-latin terms, Latin target terms, and the English acronyms (a source acronym kept
as-is in the target, NET for NET, satisfies its term).
"""

from __future__ import annotations

from dataclasses import dataclass

from bitext.glossary.chinese import SubstringMatcher
from bitext.glossary.english import Match, TokenMatcher, is_acronym, select_longest
from bitext.glossary.model import Glossary
from bitext.glossary.normalize import has_han


@dataclass
class TargetMatches:
    """The glossary's terms found in a target sentence."""

    chosen: list[Match]  # longest-first, non-overlapping: what the target actually says
    nested: list[Match]  # inside a chosen match
    rejected: list[Match]  # Chinese matches cutting through a longer word

    def all(self) -> list[Match]:
        return [*self.chosen, *self.nested, *self.rejected]


class GlossaryMatcher:
    """Precompiled matchers for one glossary (build once, reuse for every pair)."""

    def __init__(self, glossary: Glossary, word_check: bool = True):
        self.glossary = glossary
        concepts = glossary.concepts.values()
        self._source = TokenMatcher((t.text, t) for c in concepts for t in c.en)
        zh = [t for c in concepts for t in c.zh]
        self._target_han = SubstringMatcher(((t.text, t) for t in zh if has_han(t.text)), word_check=word_check)
        latin = [t for t in zh if not has_han(t.text)]
        latin += [t for c in concepts for t in c.en if is_acronym(t.text) or c.keeps_latin]
        self._target_latin = TokenMatcher((t.text, t) for t in latin)

    def source(self, text: str) -> list[Match]:
        """English terms in the source, longest first, non-overlapping, in text order."""
        return self._source.match(text)

    def source_all(self, text: str) -> tuple[list[Match], list[Match]]:
        """(chosen, nested): the source matches, and the shorter ones inside them (COVID-19 in
        "COVID-19 cases"), which tell how a compound term is built."""
        return select_longest(self._source.find_all(text))

    def target(self, text: str) -> TargetMatches:
        han = self._target_han.match(text)
        latin = self._target_latin.find_all(text)
        chosen, nested = select_longest([*han.chosen, *latin])
        return TargetMatches(chosen, sorted([*nested, *han.nested], key=lambda m: m.start), han.rejected)
