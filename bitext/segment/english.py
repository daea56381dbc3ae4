"""English sentence splitter tuned for medical abstracts.

A sentence ends at ``. ? ! …`` (plus any closing quotes or brackets) followed by
whitespace and something that can start a sentence: an upper-case letter, a
digit ("177Lu-DOTATATE was given."), a quote or a bracket. A full stop is then
rejected if it closes an abbreviation, an initial or a list number. Decimals
(2.5, .05, P < 0.05) never qualify because no whitespace follows their point.

Two more kinds of sentence end occur in real text:

* ``?`` or ``!`` followed by a space and a lower-case word: dialogue and informal
  questions ("how long has it hurt? and is it worse now?"). Not inside brackets
  or quotes, and not before a closing quote ("why?" and left) where the sentence goes on.
* A sentence end glued to the next sentence, as text pasted from web pages runs them
  together ("supportive therapy.Recommended measures"): a word of three or more
  characters with a lower-case letter or a digit, ``.?!``, then a capitalised word.
  Abbreviations and initials ("e.g.The", "Dr.Smith", "U.S.Army") are not words of that
  kind, numbers ("Fig.2", "2.5") are not capitalised words, and tokens with ``/``,
  ``@``, ``(`` or a second dot (URLs, e-mail addresses, "who.int", code) are left alone.
"""

from __future__ import annotations

import regex

from bitext.patterns import compiled
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
# Months and clock times end a sentence as often as not ("on 23 Jan. 2020" / "at 8 a.m. The").
SENTENCE_FINAL_ABBREVIATIONS = frozenset({
    "etc", "no",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m",
})

_BRACKETS = {"(": ")", "[": "]"}
_CLOSERS = "\"'”’)\\]"

_CANDIDATE = compiled(rf"([.?!…]+)[{_CLOSERS}]*(?=\s+(?P<next>[\p{{Lu}}\p{{Lt}}\p{{N}}\"'“‘(\[]))")
# The word before a full stop and the one before that; (?r) searches backwards from the stop.
_LAST_WORDS = compiled(r"(?r)(?:(?P<prev>\S+)(?P<gap>\s+))?(?P<word>\S+)\Z")
_DOTTED_LETTERS = compiled(r"(?:\p{L}\.)+\p{L}")  # e.g, i.e, U.S, a.m
_SENTENCE_PUNCT_END = compiled(rf"[.?!:;…][{_CLOSERS}]*\Z")

# "? and": a question or exclamation directly followed by a lower-case word.
_QUESTION_BEFORE_LOWER = compiled(r"[?!]+(?=\s+\p{Ll})")
_QUOTES = {"“": "”", "‘": "’"}
# "therapy.Recommended": a whole token, split at the glued stop (see the module docstring).
_GLUED = compiled(
    rf"(?<!\S)[(\[\"'“‘]*(?P<left>[\p{{L}}\p{{N}}][\p{{L}}\p{{N}}\-’']{{2,}})[{_CLOSERS}]*(?P<stop>[.?!])[{_CLOSERS}]*"
    rf"(?=(?:\p{{Lu}}\p{{Ll}}+|[AI](?=\s))(?P<rest>\S*))")
_GLUED_STOP = compiled(rf"[.?!][{_CLOSERS}]*(?:\p{{Lu}}\p{{Ll}}|[AI]\s)")
_GLUED_LEFT_OK = compiled(r"[\p{Ll}\p{N}]")
_NOT_PROSE = compiled(r"[/@\\_(]|\.\p{L}")  # URL, e-mail, path, call, a further dot


def split(text: str) -> list[str]:
    inside = enclosed(text, _BRACKETS)
    ends = {m.end() for m in _CANDIDATE.finditer(text) if not inside[m.end()] and _ends_sentence(text, m)}
    quoted = None
    for m in _QUESTION_BEFORE_LOWER.finditer(text):
        quoted = quoted or _in_quotation(text)
        if not inside[m.end()] and not quoted[m.end()]:
            ends.add(m.end())
    ends.update(_glued_sentence_ends(text, inside))
    return cut(text, sorted(ends))


def _glued_sentence_ends(text: str, inside: list[bool]) -> set[int]:
    # Find the rare stop glued to a capital first, then read its whole token: much faster than scanning every token.
    # Only a token's first stop can qualify (the left word holds no stop), so a token is read once.
    ends, previous = set(), 0
    for hint in _GLUED_STOP.finditer(text):
        token_start, floor = hint.start(), previous
        previous = hint.start()
        while token_start > floor and not text[token_start - 1].isspace():
            token_start -= 1
        if token_start == floor and floor > 0 and not text[floor - 1].isspace():
            continue  # same token as the previous stop
        match = _GLUED.match(text, token_start)
        if match and not inside[match.end()] and _glued_sentence_end(match):
            ends.add(match.end())
    return ends


def _in_quotation(text: str) -> list[bool]:
    """Cut positions inside curly quotes or between an odd and an even straight double quote."""
    inside = enclosed(text, _QUOTES)
    straight = [i for i, char in enumerate(text) if char == '"']
    for open_, close in zip(straight[::2], straight[1::2], strict=False):  # a last unpaired quote opens nothing
        for position in range(open_ + 1, close + 1):
            inside[position] = True
    return inside


def _glued_sentence_end(match: regex.Match) -> bool:
    left, rest = match["left"], match["rest"]
    if not _GLUED_LEFT_OK.search(left) or _NOT_PROSE.search(rest):
        return False
    return match["stop"] != "." or not _is_abbreviation(left)  # "etc.The" ends a sentence, "approx.The" not


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
    if compiled(r"\p{Lu}").fullmatch(word) or _DOTTED_LETTERS.fullmatch(word):
        return False  # initials: "J. Strosberg", "E. coli", "U.S."
    if compiled(r"\d{1,2}").fullmatch(word):
        # "1." at the start of the text, of a line or after a sentence is a list number
        # (but not "Fig. 2." where the full stop before the number closes an abbreviation).
        after_sentence = _SENTENCE_PUNCT_END.search(prev) and not _is_abbreviation(prev.strip("([."))
        if not prev or "\n" in last["gap"] or after_sentence:
            return False
    return True
