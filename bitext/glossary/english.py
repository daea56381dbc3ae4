"""Matching Latin-script terms in running text, as token sequences.

Text and terms are cut into word tokens (Latin/Greek letters and digits) and single
punctuation tokens; spaces, hyphens and apostrophes only separate tokens, so
``progression-free`` = ``progression free`` and a term never spans a comma it does not
contain. A token is compared case-insensitively after spelling normalisation
(tumour = tumor, analogue = analog, oesophagus = esophagus, randomised = randomized),
except acronym-like tokens (NET, CgA, pNET, a lone capital), which must match case
(NET is not "net"). The last token of a term also matches its plurals (NETs = NET,
tumours = tumor, metastases = metastasis) and its verb inflections, generated from the term
by spelling rules (infect: infected, infecting; stop: stopped; not rat: rating, which is
rate's). Derivations are other words (infection is not infect).

All candidate matches are collected and the longest win; a chosen span masks shorter
ones inside or across it. Candidates covering the same span (``covid-19`` and ``COVID 19``
both match "COVID-19") are one match carrying every payload, in registration order, so that
the result never depends on set or hash order.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from bitext.glossary.normalize import fold
from bitext.patterns import compiled

# Word characters: letters of Latin/Greek script, digits, combining marks. Han characters and
# punctuation become one-character tokens; whitespace, hyphens and apostrophes separate.
_TOKEN = compiled(r"[\p{Latin}\p{Greek}\p{Nd}\p{M}]+|[^\s\-'\p{Latin}\p{Greek}\p{Nd}\p{M}]")

# British → American spellings, applied to lower-cased words (both text and terms), so the
# merge only has to be consistent, not linguistically exact.
_SPELLING = [
    (compiled(r"^(tum|col|behavi|fav|lab|hum|od|vap|rum|hon|neighb|flav|harb|vig)our"), r"\1or"),
    (compiled(r"logue(s?)$"), r"log\1"),
    (compiled(r"^ae(?=ti)"), "e"),  # aetiology
    (compiled(r"(?<=.)ae(?=.)"), "e"),  # haem, anaemia, paediatric, leukaemia, oesophag-ae-al
    (compiled(r"^oe"), "e"),  # oedema, oesophagus, oestrogen
    (compiled(r"oea"), "ea"),  # diarrhoea, dyspnoea
    (compiled(r"^(f|c)oe"), r"\1e"),  # foetal, coeliac
    (compiled(r"amoeb"), "ameb"),
    (compiled(r"([iy])s(e|es|ed|ing|ation|ations|er|ers)$"), r"\1z\2"),  # randomised, analyse
    (compiled(r"([tb])re(s?)$"), r"\1er\2"),  # centre, fibre, litre
    (compiled(r"(label|model|signal|travel|cancel|level|channel|fuel|total|tunnel|counsel)l(ed|ing|ers?)$"),
     r"\1\2"),
    (compiled(r"^grey"), "gray"),
    (compiled(r"sulph"), "sulf"),
    (compiled(r"aluminium"), "aluminum"),
    (compiled(r"gramme"), "gram"),
    (compiled(r"^ageing"), "aging"),
]


# Matches where any of _SPELLING's patterns does: a word it misses (most words) is left as it is, and
# one search costs less than the dozen substitutions (0.005 s of each abstract's QA, issue 14).
_ANY_SPELLING = compiled("|".join(f"(?:{pattern.pattern})" for pattern, _ in _SPELLING))
_VOWEL = compiled(r"[aeiouy]")


@functools.lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """Lower-cased word with British spellings mapped to American ones."""
    key = word.lower()
    if _ANY_SPELLING.search(key) is None:
        return key
    for pattern, replacement in _SPELLING:
        key = pattern.sub(replacement, key)
    return key


@functools.lru_cache(maxsize=65536)
def plural_lemmas(key: str) -> frozenset[str]:
    """Possible singular forms of a (lower-case) word, itself included (tumors, metastases,
    therapies, indices, criteria, nuclei). Two words match when their sets meet."""
    out = {key}
    if len(key) > 3:
        if key.endswith("ies"):
            out.add(key[:-3] + "y")
        if key.endswith("es"):
            out |= {key[:-2], key[:-2] + "is"}  # masses, metastases
        if key.endswith("ices"):
            out |= {key[:-4] + "ex", key[:-4] + "ix"}
        if key.endswith("s") and not key.endswith("ss"):
            out.add(key[:-1])
        if key.endswith("ae"):
            out.add(key[:-1])
        elif key.endswith("a"):
            out |= {key[:-1] + "um", key[:-1] + "on"}  # data, criteria
        if key.endswith("i"):
            out.add(key[:-1] + "us")
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def lemmas(key: str) -> frozenset[str]:
    """Candidate base forms of a (lower-case) word for a dictionary lookup: its plural_lemmas
    and the stems left by cutting -ed/-ing (infected → infect, stopped → stop, using → use).
    The stems over-generate (rating → rat, united → unit), which only widens a lookup; whether
    a text word *is* a glossary term's inflection is decided by ``inflections`` instead."""
    out = set(plural_lemmas(key))
    for suffix in ("ed", "ing"):
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            stem = key[: -len(suffix)]
            stems = {stem, stem + "e"}  # infect-ed, us-ing → use
            if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
                stems.add(stem[:-1])  # stopp-ed → stop (but not spell, pass)
            if suffix == "ed" and stem.endswith("i"):
                stems.add(stem[:-1] + "y")  # studi-ed → study
            out |= {s for s in stems if len(s) >= 3 and _VOWEL.search(s)}
    return frozenset(out)


_VOWELS = "aeiou"


def _syllables(word: str) -> int:
    return len(compiled(r"[aeiouy]+").findall(word))


def _ends_vowel_consonant(word: str) -> bool:
    """Ends in one vowel and one consonant other than w, x, y (stop, plan, unit, happen); "qu"
    counts as a consonant (quit)."""
    if len(word) < 2 or word[-1] in _VOWELS + "wxy" or not word[-1].isalpha() or word[-2] not in _VOWELS:
        return False
    before = word[-3:-2]
    return not before or before not in _VOWELS or word[-4:-2] == "qu"


@functools.lru_cache(maxsize=65536)
def verb_forms(base: str) -> frozenset[str]:
    """The -s, -ed and -ing forms of a (lower-case) word read as a verb, by English spelling
    rules: infect → infects, infected, infecting; use → used, using; study → studies, studied;
    touch → touches; die → dying; panic → panicked. A one-syllable word ending in one vowel and
    one consonant doubles it (stop → stopped, rat → ratted: "rating" is rate's). A longer word
    ending so doubles it when its last syllable is stressed (admitted, occurred), which spelling
    cannot tell: after a, i, o, u only the doubled forms are generated, because the undoubled
    ones are spelled like a silent-e word's (united is unite's, not unit's); after e both
    (happened, answered, referred), as -ete/-ene/-ere verbs are few."""
    if len(base) < 2 or not base.isalpha():
        return frozenset()
    if base.endswith(("s", "x", "z", "ch", "sh")):
        third = base + "es"
    elif base.endswith("y") and base[-2] not in _VOWELS:
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    forms = {third}
    if base.endswith("e"):
        forms.add(base + "d")
        if base.endswith("ie"):
            forms.add(base[:-2] + "ying")
        elif base.endswith(("ee", "ye", "oe")):
            forms.add(base + "ing")
        else:
            forms.add(base[:-1] + "ing")
    elif base.endswith("y") and base[-2] not in _VOWELS:
        forms |= {base[:-1] + "ied", base + "ing"}
    elif base.endswith("c") and base[-2] in _VOWELS:
        forms |= {base + "ked", base + "king"}
    elif _ends_vowel_consonant(base):
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
        if _syllables(base) > 1 and base[-2] == "e":
            forms |= {base + "ed", base + "ing"}
    else:
        forms |= {base + "ed", base + "ing"}
    return frozenset(forms)


@functools.lru_cache(maxsize=65536)
def verb_bases(word: str) -> frozenset[str]:
    """The words that ``word`` is an -s, -ed or -ing form of (testing → test, used → use,
    stopped → stop, rating → rate but not rat), each confirmed by ``verb_forms``; the stems are
    plausible words (3+ letters with a vowel)."""
    stems = set()
    for suffix in ("s", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            stems |= {stem, stem + "e", stem[:-1], stem[:-1] + "y", stem[:-1] + "ie"}
    return frozenset(s for s in stems if len(s) >= 3 and _VOWEL.search(s) and word in verb_forms(s))


@functools.lru_cache(maxsize=65536)
def inflections(key: str) -> frozenset[str]:
    """Text words that are the same word as a term's (lower-case) last word by verb inflection:
    its -s/-ed/-ing forms, and, for a term that is itself such a form (testing, infected), its
    base and the base's other forms. Generated from the term, never by cutting text words, so
    that a text word whose cut happens to be a word (rating → rat, coding → cod) does not match."""
    bases = verb_bases(key)
    return frozenset({*bases, *verb_forms(key), *(f for b in bases for f in verb_forms(b))} - {key})


def is_case_sensitive(token: str) -> bool:
    """Acronym-like tokens keep their case: two capitals (NET, CgA), a capital after the first
    letter (pNET), or a lone capital letter (chromogranin A)."""
    uppers = sum(c.isupper() for c in token)
    return uppers >= 2 or any(c.isupper() for c in token[1:]) or (len(token) == 1 and token.isupper())


def is_acronym(text: str) -> bool:
    """Acronym-like term (NET, NETs, SPECT/CT, CgA, pNET, GEP-NET, and spaced ones such as
    MERS CoV or COVID 19): every space-separated part is an acronym (≥ 2 capitals, at least
    half of its letters capitals) or a number."""
    parts = text.split()
    return (bool(parts) and any(not p.isdigit() for p in parts)
            and all(p.isdigit() or _is_acronym_part(p) for p in parts))


def _is_acronym_part(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    uppers = sum(c.isupper() for c in letters)
    return uppers >= 2 and uppers * 2 >= len(letters)


class Token(NamedTuple):  # a tuple: tokenizing makes one per word of every pair, several times over
    start: int
    end: int
    raw: str
    key: str  # spelling_key(raw)


@functools.lru_cache(maxsize=512)
def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of the width-folded text, with offsets into ``text``. Cached: the checks of one pair
    tokenize its source several times (glossary terms, acronyms, term analysis)."""
    return tuple(Token(m.start(), m.end(), word, spelling_key(word))
                 for m in _TOKEN.finditer(fold(text)) for word in (m.group(),))


@dataclass(frozen=True)
class _Pattern:
    """A registered term as TokenMatcher compares it, token by token."""

    tokens: tuple[tuple[bool, str], ...]  # (case-sensitive, raw or key) per token
    last_lemmas: frozenset[str]  # plural_lemmas of the last token (empty if case-sensitive)
    last_inflections: frozenset[str]  # text words that are the last token inflected as a verb


@dataclass(frozen=True)
class Match:
    """A registered term found in the text: its span and what was registered under it."""

    start: int
    end: int
    text: str
    payloads: tuple  # everything registered under this pattern (e.g. glossary Terms)


class TokenMatcher:
    """Finds registered Latin-script terms in text; longest match first, spans masked.

    Patterns are numbered in registration order and candidates are tried in that order, so
    matches and their payloads come out the same in every process (no set iteration).
    """

    def __init__(self, entries: Iterable[tuple[str, Hashable]]):
        self._payloads: dict[_Pattern, list] = {}  # insertion order = registration order
        self._patterns: list[_Pattern] = []
        self._index: dict[str, list[int]] = defaultdict(list)  # first-token key -> pattern numbers
        self._starting: dict[str, tuple[int, ...]] = {}  # token spelling -> _candidates()
        for text, payload in entries:
            pattern = self._compile(text)
            if pattern is None:
                continue
            if pattern not in self._payloads:
                self._payloads[pattern] = []
                number = len(self._patterns)
                self._patterns.append(pattern)
                for key in sorted(self._first_keys(pattern)):
                    self._index[key].append(number)
            if payload not in self._payloads[pattern]:
                self._payloads[pattern].append(payload)

    @staticmethod
    def _compile(text: str) -> _Pattern | None:
        tokens = tokenize(text)
        if not tokens:
            return None
        parts = tuple((True, t.raw) if is_case_sensitive(t.raw) else (False, t.key) for t in tokens)
        sensitive, last = parts[-1]
        if sensitive:
            return _Pattern(parts, frozenset(), frozenset())
        return _Pattern(parts, plural_lemmas(last), inflections(last))

    @staticmethod
    def _first_keys(pattern: _Pattern) -> set[str]:
        sensitive, first = pattern.tokens[0]
        if sensitive or len(pattern.tokens) > 1:
            return {first}
        return {*pattern.last_lemmas, *pattern.last_inflections}

    def __bool__(self) -> bool:
        return bool(self._payloads)

    def find_all(self, text: str) -> list[Match]:
        """Every candidate match, overlapping ones included."""
        tokens = tokenize(text)
        found = []
        for i, token in enumerate(tokens):
            for pattern in map(self._patterns.__getitem__, self._candidates(token.raw)):
                n = len(pattern.tokens)
                if i + n <= len(tokens) and self._matches(pattern, tokens[i : i + n]):
                    start, end = token.start, tokens[i + n - 1].end
                    found.append(Match(start, end, text[start:end], tuple(self._payloads[pattern])))
        return found

    def _candidates(self, raw: str) -> tuple[int, ...]:
        """Numbers of the patterns that may start at a token (in registration order), kept per
        spelling: most tokens (every Han character of a Chinese text) start none, and working that
        out again for each was most of the matching time."""
        found = self._starting.get(raw)
        if found is None:
            key = spelling_key(raw)
            keys = {raw, key, *plural_lemmas(key)}
            if raw.endswith("s"):
                keys.add(raw[:-1])
            found = tuple(sorted({n for k in keys for n in self._index.get(k, ())}))
            if len(self._starting) >= 100_000:  # bounded, whatever the corpus
                self._starting.clear()
            self._starting[raw] = found
        return found

    def match(self, text: str) -> list[Match]:
        """Non-overlapping matches, longest first, in text order."""
        return select_longest(self.find_all(text))[0]

    @staticmethod
    def _matches(pattern: _Pattern, tokens: tuple[Token, ...]) -> bool:
        last = len(tokens) - 1
        for i, ((sensitive, want), token) in enumerate(zip(pattern.tokens, tokens, strict=True)):
            if sensitive:
                if token.raw != want and not (i == last and token.raw == want + "s"):
                    return False
            elif token.key != want and not (i == last and (token.key in pattern.last_inflections
                                                           or pattern.last_lemmas & plural_lemmas(token.key))):
                return False
        return True


def merge_same_span(candidates: list[Match]) -> list[Match]:
    """One match per span, carrying the payloads of every candidate there in the order given
    (the first candidate's text is kept)."""
    by_span: dict[tuple[int, int], Match] = {}
    for m in candidates:
        kept = by_span.get((m.start, m.end))
        if kept is None:
            by_span[(m.start, m.end)] = m
        else:
            extra = tuple(p for p in m.payloads if p not in kept.payloads)
            if extra:
                by_span[(m.start, m.end)] = Match(kept.start, kept.end, kept.text, kept.payloads + extra)
    return list(by_span.values())


def select_longest(candidates: list[Match]) -> tuple[list[Match], list[Match]]:
    """(chosen, nested): greedy longest-first selection without overlaps; ``nested`` are the
    candidates lying wholly inside a chosen match. Both in text order. Candidates on one span
    are merged first (merge_same_span), so no tie is left to the order of the input."""
    chosen: list[Match] = []
    nested: list[Match] = []
    for m in sorted(merge_same_span(candidates), key=lambda m: (-(m.end - m.start), m.start)):
        if any(m.start < c.end and c.start < m.end for c in chosen):
            if any(c.start <= m.start and m.end <= c.end and (c.start, c.end) != (m.start, m.end) for c in chosen):
                nested.append(m)
            continue
        chosen.append(m)
    return sorted(chosen, key=lambda m: m.start), sorted(nested, key=lambda m: m.start)
