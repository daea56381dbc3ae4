"""Which source content words have a counterpart in the target, and the longest stretch without.

A translator who drops a clause drops its words together, so the words of a dropped clause
form a run, in source order, of content words none of whose dictionary renderings appears in
the target. Words of a faithful translation are matched most of the time (about 70 % of the
words CC-CEDICT knows, in professional medical translations); runs of several unmatched words
are rare there and common where a clause is missing.

A word counts as matched when the target keeps it in Latin script, or holds one of its
CC-CEDICT renderings (bitext.qa.lexicon), or two consecutive characters of a rendering of
three or more (感染者 for "infected" matches 感染). Capitalised words after the first word
are names (transliterated in ways no dictionary lists) and, like words CC-CEDICT lacks, are
neutral: they neither break nor extend a run.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from bitext.glossary.normalize import fold
from bitext.patterns import compiled
from bitext.qa.lexicon import STOPWORDS, renderings, supplement

_WORD = compiled(r"(?<![A-Za-z0-9\-])[A-Za-z][a-z]+(?:-[a-z]+)*(?![A-Za-z0-9])")


@dataclass(frozen=True)
class WordMatch:
    """A source content word and whether the target has a counterpart (None: neutral)."""

    start: int
    end: int
    matched: bool | None  # None: no dictionary entry, or a name — neutral


@dataclass(frozen=True)
class Coverage:
    """A source sentence's words, each found in the target or not."""

    words: tuple[WordMatch, ...]

    @property
    def known(self) -> int:
        return sum(w.matched is not None for w in self.words)

    def longest_gap(self) -> tuple[int, int, int]:
        """(unmatched words, start, end) of the longest run of unmatched known words; neutral words
        inside a run are spanned but not counted. (0, 0, 0) when every known word is matched."""
        best = (0, 0, 0)
        count, start = 0, 0
        for word in self.words:
            if word.matched is None:
                continue
            if word.matched:
                count = 0
                continue
            if count == 0:
                start = word.start
            count += 1
            if count > best[0]:
                best = (count, start, word.end)
        return best


@functools.lru_cache(maxsize=65536)
def _probes(part: str) -> tuple[frozenset[str], frozenset[str]]:
    """What to look for in a target for one English word: its one-character renderings, and the
    character pairs of its longer ones. A rendering of two characters is found when it is in the
    target; one of three or more when any two consecutive characters of it are (which its being
    in the target implies) — so a word is matched exactly when the target shares a character with
    the first set or a character pair with the second."""
    singles: set[str] = set()
    pairs: set[str] = set()
    for rendering in renderings(part):
        if len(rendering) == 1:
            singles.add(rendering)
        else:
            pairs.update(rendering[k:k + 2] for k in range(len(rendering) - 1))
    return frozenset(singles), frozenset(pairs)


_LATIN_RUN = compiled(r"[a-z]+(?:-[a-z]+)*")


def _latin_words(text: str) -> frozenset[str]:
    """Lower-case Latin words of ``text``, hyphenated compounds both whole and in parts."""
    words = set()
    for m in _LATIN_RUN.finditer(text.lower()):
        words.add(m.group())
        words.update(m.group().split("-"))
    return frozenset(words)


def source_coverage(src: str, tgt: str) -> Coverage:
    target = fold(tgt)
    latin = _latin_words(target)
    characters = frozenset(target)
    character_pairs = frozenset(target[k:k + 2] for k in range(len(target) - 1))
    rendered = _rendered_wholes(src, target, latin)
    words = []
    # a line in title case (a heading: "Statistical Analysis") capitalises words, not names
    heading = all(w[0].isupper() for w in _WORD.findall(src) if w.lower() not in STOPWORDS)
    for m in _WORD.finditer(src):
        word = m.group()
        parts = word.lower().split("-")
        if all(p in STOPWORDS or len(p) < 3 for p in parts):
            continue
        if word.lower() in latin or any(a <= m.start() and m.end() <= b for a, b in rendered):
            words.append(WordMatch(m.start(), m.end(), True))
            continue
        if word[0].isupper() and not heading and _not_sentence_initial(src, m.start()):
            words.append(WordMatch(m.start(), m.end(), None))
            continue
        probes = [_probes(p) for p in parts if p not in STOPWORDS and len(p) >= 3]
        if not any(singles or pairs for singles, pairs in probes):
            words.append(WordMatch(m.start(), m.end(), None))
            continue
        matched = any(not singles.isdisjoint(characters) or not pairs.isdisjoint(character_pairs)
                      for singles, pairs in probes)
        words.append(WordMatch(m.start(), m.end(), matched))
    return Coverage(tuple(words))


_SOURCE_TOKEN = compiled(r"[A-Za-z]+")
_SKIPPED_IN_ACRONYMS = frozenset({"of", "and", "the", "for", "in", "to"})


def _rendered_wholes(src: str, target: str, latin: frozenset[str]) -> list[tuple[int, int]]:
    """Source spans the target renders as a whole, where no single word is matched on its own:
    a fixed phrase by its usual rendering (气促 for "shortness of breath", from the lexicon's
    phrase entries), and a spelled-out term by its acronym kept in Latin script ("confidence
    interval" → 95% CI, "human epidermal growth factor receptor 2" → HER2)."""
    spans = []
    pattern = _phrase_pattern()
    if pattern is not None:
        for m in pattern.finditer(src):
            if any(r in target for r in renderings(m.group().lower())):
                spans.append((m.start(), m.end()))
    acronyms = {w for w in latin if 2 <= len(compiled(r"\d").sub("", w)) <= 6}
    if acronyms:
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _SOURCE_TOKEN.finditer(src)]
        content = [t for t in tokens if t[2] not in _SKIPPED_IN_ACRONYMS]
        for acronym in acronyms:
            letters = compiled(r"\d").sub("", acronym)
            for i in range(len(content) - len(letters) + 1):
                window = content[i:i + len(letters)]
                if "".join(t[2][0] for t in window) == letters:
                    spans.append((window[0][0], window[-1][1]))
    return spans


@functools.lru_cache(maxsize=1)
def _phrase_pattern() -> regex.Pattern | None:
    """The lexicon's phrase entries, as one case-insensitive pattern (a plural ending allowed)."""
    phrases = sorted((key for key in supplement() if " " in key), key=lambda p: (-len(p), p))
    if not phrases:
        return None
    alternatives = "|".join(regex.escape(p).replace("\\ ", r"\s+") + "(?:e?s)?" for p in phrases)
    return compiled(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", regex.IGNORECASE)


def _not_sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'“‘([")
    return bool(before) and before[-1] not in ".!?:;"
