"""English sentence splitter tuned for medical abstracts.

A sentence ends at ``. ? ! …`` (plus any closing quotes or brackets) followed by
whitespace and something that can start a sentence: an upper-case letter, a
digit ("177Lu-DOTATATE was given."), a quote or a bracket. A full stop is then
rejected if it closes an abbreviation, an initial or a list number. Decimals
(2.5, .05, P < 0.05) never qualify because no whitespace follows their point.
"""

from __future__ import annotations

import regex

from bitext.segment import cut, enclosed

# Abbreviations after which a full stop never ends a sentence. A lower-case entry
# also matches with a capital first letter ("fig" -> "Fig."); a capitalised entry
# matches only as written. All-caps forms never match: "NO." is nitric oxide.
ABBREVIATIONS = frozenset({
    # Latin and general
    "e.g", "i.e", "et al", "vs", "cf", "ca", "approx", "viz", "resp", "incl", "esp",
    # references inside a paper
    "fig", "figs", "tab", "tabs", "eq", "eqs", "ref", "refs", "Nos", "vol", "pp",
    # titles and names
    "Dr", "Drs", "Mr", "Mrs", "Ms", "Prof", "St", "Jr", "Sr",
    # organisations
    "Inc", "Ltd", "Co", "Corp", "Dept", "Univ",
})

# Abbreviations that are also sentence-final words: split only before a capitalised
# word ("etc. Then", "Was it resected? No. The", but "etc. 3 were", "trial no. 2").
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc", "no"})

_BRACKETS = {"(": ")", "[": "]"}
_CLOSERS = "\"'”’)\\]"

_CANDIDATE = regex.compile(rf"([.?!…]+)[{_CLOSERS}]*(?=\s+(?P<next>[\p{{Lu}}\p{{Lt}}\p{{N}}\"'“‘(\[]))")
# The word before a full stop and the one before that; (?r) searches backwards from the stop.
_LAST_WORDS = regex.compile(r"(?r)(?:(?P<prev>\S+)(?P<gap>\s+))?(?P<word>\S+)\Z")
_DOTTED_LETTERS = regex.compile(r"(?:\p{L}\.)+\p{L}")  # e.g, i.e, U.S, a.m
_SENTENCE_PUNCT_END = regex.compile(rf"[.?!:;…][{_CLOSERS}]*\Z")


def split(text: str) -> list[str]:
    inside = enclosed(text, _BRACKETS)
    ends = [m.end() for m in _CANDIDATE.finditer(text) if not inside[m.end()] and _ends_sentence(text, m)]
    return cut(text, ends)


def _is_abbreviation(word: str, abbreviations: frozenset[str] = ABBREVIATIONS) -> bool:
    return word in abbreviations or (word[:1].isupper() and word[:1].lower() + word[1:] in abbreviations)


def _ends_sentence(text: str, match: regex.Match) -> bool:
    if match.group(1) != ".":
        return True  # ? ! … and "..." carry no abbreviation ambiguity
    last = _LAST_WORDS.search(text, 0, match.start(1))
    if last is None:
        return True
    word = last["word"].lstrip("([\"'“‘")
    prev = last["prev"] or ""
    if _is_abbreviation(word, SENTENCE_FINAL_ABBREVIATIONS):
        return match["next"].isupper()
    if _is_abbreviation(word) or _is_abbreviation(f"{prev.lstrip('([')} {word}"):
        return False
    if regex.fullmatch(r"\p{Lu}", word) or _DOTTED_LETTERS.fullmatch(word):
        return False  # initials: "J. Strosberg", "E. coli", "U.S."
    if regex.fullmatch(r"\d{1,2}", word):
        # "1." at the start of the text, of a line or after a sentence is a list number
        # (but not "Fig. 2." where the full stop before the number closes an abbreviation).
        after_sentence = _SENTENCE_PUNCT_END.search(prev) and not _is_abbreviation(prev.strip("([."))
        if not prev or "\n" in last["gap"] or after_sentence:
            return False
    return True
