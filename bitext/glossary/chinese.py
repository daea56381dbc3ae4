"""Matching Chinese terms: substring search on a width-folded copy, longest term first.

Whitespace tokens are useless in Chinese and default jieba splits 神经内分泌瘤 and 奥曲肽,
so terms are found as substrings. Two guards keep precision:

* a term whose first/last character is a Latin letter or digit may not touch another
  one there (NET must not match inside NETTER);
* a match whose start or end falls inside a longer jieba word (segmented with the glossary
  terms as user words) is rejected: 化疗 in 放化疗 is not chemotherapy.

Rejected matches are reported separately: checks that ask "is the approved term there at
all?" may still count them, checks that accuse the translator must not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from bitext.glossary.english import Match, select_longest
from bitext.glossary.normalize import fold, has_han, is_ascii_alnum
from bitext.glossary.segmenter import word_boundaries


@dataclass
class SubstringMatches:
    """Chinese terms found in a text: those kept, those inside a kept one, those rejected."""

    chosen: list[Match] = field(default_factory=list)
    nested: list[Match] = field(default_factory=list)  # inside a chosen match (胰腺 in 胰腺神经内分泌瘤)
    rejected: list[Match] = field(default_factory=list)  # cut through a longer word


class SubstringMatcher:
    def __init__(self, entries: Iterable[tuple[str, Hashable]], word_check: bool = True):
        self._payloads: dict[str, list] = defaultdict(list)
        for text, payload in entries:
            key = fold(text.strip())
            if key and payload not in self._payloads[key]:
                self._payloads[key].append(payload)
        # Longest first, so the greedy selection sees 胰腺神经内分泌瘤 before 神经内分泌瘤.
        self._keys = sorted(self._payloads, key=lambda k: (-len(k), k))
        self._words = frozenset(k for k in self._keys if has_han(k))
        self._word_check = word_check

    def __bool__(self) -> bool:
        return bool(self._keys)

    def find_all(self, text: str) -> list[Match]:
        folded = fold(text)
        found = []
        for key in self._keys:
            start = folded.find(key)
            while start != -1:
                end = start + len(key)
                if not _glued_to_latin(folded, start, end):
                    found.append(Match(start, end, text[start:end], tuple(self._payloads[key])))
                start = folded.find(key, start + 1)
        return found

    def match(self, text: str) -> SubstringMatches:
        candidates = self.find_all(text)
        result = SubstringMatches()
        if not candidates:
            return result
        boundaries = None
        accepted, cut = [], []
        for m in candidates:
            if self._word_check and has_han(m.text):
                if boundaries is None:
                    boundaries = word_boundaries(self._words)(fold(text))
                if m.start not in boundaries or m.end not in boundaries:
                    cut.append(m)
                    continue
            accepted.append(m)
        result.chosen, result.nested = select_longest(accepted)
        # A term inside a chosen longer term is nested, not cut: jieba keeps the longer term whole.
        for m in cut:
            inside = any(c.start <= m.start and m.end <= c.end for c in result.chosen)
            (result.nested if inside else result.rejected).append(m)
        result.nested.sort(key=lambda m: m.start)
        return result


def _glued_to_latin(text: str, start: int, end: int) -> bool:
    before = start > 0 and is_ascii_alnum(text[start - 1]) and is_ascii_alnum(text[start])
    after = end < len(text) and is_ascii_alnum(text[end]) and is_ascii_alnum(text[end - 1])
    return before or after
