"""Source acronyms (NET, NETs, PRRT, SPECT/CT, CgA, HbA1c), where a target keeps them, and the
reviewed lexicon of the Chinese names that translate common ones (WHO → 世界卫生组织).

What counts as an acronym: a token with ≥ 2 capitals, capitals at least half of its letters.
Not acronyms: Roman numerals (phase III), all-caps ordinary words used as headings, emphasis or
legal formulas (RESULTS, DO NOT, IMPORTANT NOTICE, WHEREAS), a run of all-caps words that holds
such a word (the other words of the run are heading text too), and a whole all-caps sentence.
A lexicon acronym that is also a word (WHO, US, NICE) stays an acronym outside those runs of
function words. Plurals and possessives name the same acronym: CoVs = CoV, NETs' = NET,
WHO's = WHO.

The lexicon (``data/acronyms.tsv``) lists accepted Chinese renderings, English expansions, the
kind of thing named (body, term, place) and, for a national body, its country; places without
an acronym are there for the country-qualifier rule (德国疾控中心 for the US CDC).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from pathlib import Path

import regex

from bitext.glossary.normalize import fold
from bitext.patterns import compiled

# Read as plain files: importlib.resources would cost each QA run 0.003 s of imports (issue 14).
_PACKAGE_DATA = Path(__file__).with_name("data")
# A token with letters or digits; "/" joins parts (SPECT/CT).
_TOKEN = compiled(r"(?<![\p{L}\p{N}])[\p{L}\p{N}]+(?:/[\p{L}\p{N}]+)*(?![\p{L}\p{N}])")
# Latin tokens of a Chinese target (Han characters are letters too, so they must not join a token).
_LATIN_TOKEN = compiled(r"(?<![A-Za-z0-9])[A-Za-z0-9]+(?![A-Za-z0-9])")
# Roman numerals as medical text uses them (phase I–IV, stage IIIa, type II); LV, CV, CL are
# acronyms (left ventricle, cardiovascular), not 55, 105, 150.
_ROMAN = compiled(r"[IVX]+[a-c]?")
_ALL_CAPS_WORD = compiled(r"[A-Z]{2,}")
_TWO_CAPS = compiled(r"\p{Lu}.*\p{Lu}")
_NOT_ASCII_LETTER = compiled(r"[^A-Za-z]+")
_NOT_ASCII_UPPER = compiled(r"[^A-Z]+")

# All-caps words that are ordinary English, not acronyms: function words, section headings,
# emphasis and legal formulas. A run of all-caps words holding one of them is heading text.
_NOT_ACRONYMS = frozenset("""
A AN AND ARE AS AT BE BUT BY FOR FROM HAS HAVE IN INTO IS IT NO NOT OF ON OR THE TO WAS WERE WITH
ABSTRACT AIM AIMS BACKGROUND CASE CONCLUSION CONCLUSIONS CONTEXT DESIGN DISCUSSION FINDINGS FUNDING
IMPORTANCE INTERPRETATION INTERVENTION INTERVENTIONS INTRODUCTION MEASUREMENTS METHOD METHODS
OBJECTIVE OBJECTIVES OUTCOMES PARTICIPANTS PATIENTS PURPOSE REPORT RESULTS SETTING SUMMARY NOTE
ACKNOWLEDGEMENTS ACKNOWLEDGMENTS APPENDIX CHAPTER DATA EVIDENCE EXPOSURE EXPOSURES FIGURE HIGHLIGHTS
KEY KEYWORDS LIMITATIONS MAIN MEASURES OUTCOME RATIONALE REFERENCES REGISTRATION RELEVANCE SECTION
SELECTION SIGNIFICANCE SOURCES STUDY SYNTHESIS TABLE TRIAL UPDATE UPDATED
ALERT ALWAYS ATTENTION CAUTION DANGER DO DOES DON IMPORTANT MUST NEVER NEW NEWS NOTICE ONLY PLEASE
OK OKAY STOP URGENT WARNING WARNINGS YES YOU YOUR WE OUR ALL ANY EVERY NONE THIS THAT THESE THOSE WHAT
WHEN WHERE WHY HOW IF THEN WILL SHALL SHOULD MAY CAN CANNOT WOULD COULD BEEN BEING ITS
AGREEMENT CONDITIONS DISCLAIMER EXCEPT EXPRESS EXPRESSLY HEREBY HEREIN IMPLIED INCLUDING LIABILITY
LIMITED OTHER PROVIDED SUCH TERMS THEREFORE WARRANTIES WARRANTY WHEREAS WITHOUT
""".split())


@dataclass(frozen=True)
class Acronym:
    """An acronym as written in the text, with its span."""

    start: int
    end: int
    text: str

    @property
    def singular(self) -> str:
        """NETs → NET, CoVs → CoV; SARS stays SARS (its final S is a capital)."""
        stem = self.text[:-1]
        if self.text.endswith("s") and stem and (stem[-1].isupper() or stem[-1].isdigit()) \
                and looks_like_acronym(stem):
            return stem
        return self.text


def looks_like_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    uppers = sum(c.isupper() for c in letters)
    return uppers >= 2 and uppers * 2 >= len(letters)


def source_acronyms(text: str) -> list[Acronym]:
    """Acronyms in an English sentence; none in an all-caps sentence (a heading or shouting)."""
    folded = fold(text)
    letters = len(_NOT_ASCII_LETTER.sub("", folded))
    if letters >= 12 and len(_NOT_ASCII_UPPER.sub("", folded)) > 0.6 * letters:
        return []
    # Only tokens with two capitals can be acronyms or all-caps words (this keeps the scan cheap).
    tokens = [m for m in _TOKEN.finditer(folded) if _TWO_CAPS.search(m.group())]
    heading = _heading_runs(folded, tokens)
    found = []
    for i, m in enumerate(tokens):
        token = m.group()
        if not looks_like_acronym(token) or token in _NOT_ACRONYMS or _ROMAN.fullmatch(token):
            continue
        if i in heading and lexicon().entry(token) is None:
            continue
        found.append(Acronym(m.start(), m.end(), text[m.start():m.end()]))
    return found


def _heading_runs(folded: str, tokens: list) -> set[int]:
    """Indices of tokens in runs of ≥ 2 all-caps words, joined by spaces, that hold an ordinary
    word (DO NOT TOUCH, IMPORTANT NOTICE, TERMS AND CONDITIONS)."""
    inside: set[int] = set()
    if not any(m.group() in _NOT_ACRONYMS for m in tokens):
        return inside
    run: list[int] = []

    def close():
        if len(run) >= 2 and any(tokens[j].group() in _NOT_ACRONYMS for j in run):
            inside.update(run)
        run.clear()

    for i, m in enumerate(tokens):
        caps = _ALL_CAPS_WORD.fullmatch(m.group()) is not None
        joined = bool(run) and folded[tokens[run[-1]].end():m.start()].strip(" ") == ""
        if caps and (not run or joined):
            run.append(i)
            continue
        close()
        if caps:
            run.append(i)
    close()
    return inside


def kept_in(acronym: Acronym, target: str) -> bool:
    """The acronym (singular or plural; for SPECT/CT each part) stands in the target as a word."""
    folded = fold(target)
    forms = {acronym.text, acronym.singular}
    if any(word_in(form, folded) for form in forms):
        return True
    parts = acronym.singular.split("/")
    return len(parts) > 1 and all(word_in(p, folded) for p in parts)


def word_in(word: str, text: str) -> bool:
    """``word`` (or its plural) stands in ``text`` as a Latin word."""
    return _word_pattern(word).search(text) is not None


def mentions(word: str, text: str) -> int:
    """How often ``word`` (or its plural) stands in ``text`` as a Latin word."""
    return len(_word_pattern(word).findall(text))


@functools.lru_cache(maxsize=4096)
def _word_pattern(word: str):
    return compiled(rf"(?<![A-Za-z0-9]){regex.escape(word)}s?(?![A-Za-z0-9])")


def target_latin_tokens(target: str) -> list[tuple[int, int, str]]:
    """Acronym-like Latin tokens of a Chinese target, as (start, end, text)."""
    return [(m.start(), m.end(), m.group()) for m in _LATIN_TOKEN.finditer(fold(target))
            if looks_like_acronym(m.group()) and not _ROMAN.fullmatch(m.group())]


# --- the lexicon ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class LexiconEntry:
    """One row of the acronym lexicon (bitext/qa/data/acronyms.tsv)."""

    acronym: str  # "" for a place named without an acronym (Germany)
    zh: tuple[str, ...]  # accepted renderings, spaces removed
    en: tuple[str, ...]  # English expansions (for places: names and adjectives)
    kind: str  # "body", "term" or "place"
    country: str  # a body's country, or the place a place row aliases (USA → United States)

    @property
    def place(self) -> str:
        """Key of the place a place row names: its country column, else its first English name."""
        return self.country or self.en[0]


@dataclass(frozen=True)
class Lexicon:
    """The acronym lexicon's rows, with lookups by acronym and place."""

    entries: tuple[LexiconEntry, ...]

    @functools.cached_property
    def by_acronym(self) -> dict[str, LexiconEntry]:
        return {e.acronym: e for e in self.entries if e.acronym}

    @functools.cached_property
    def places(self) -> tuple[LexiconEntry, ...]:
        return tuple(e for e in self.entries if e.kind == "place")

    def entry(self, acronym: str) -> LexiconEntry | None:
        """The entry of an acronym as written, else of its singular (NSAIDs → NSAID)."""
        found = self.by_acronym.get(acronym)
        if found is None and acronym.endswith("s"):
            found = self.by_acronym.get(Acronym(0, 0, acronym).singular)
        return found

    @functools.cached_property
    def place_names_zh(self) -> tuple[tuple[str, str], ...]:
        """(Chinese name, place key), longest name first (中华人民共和国 before 中国)."""
        pairs = {(zh, e.place) for e in self.places for zh in e.zh}
        return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p)))

    @functools.cached_property
    def place_qualifier_en(self):
        """A regex for an English place name or adjective ending the text before an acronym
        (the US CDC, China's CDC, the German CDC)."""
        names = sorted({n for e in self.places for n in e.en}, key=lambda n: (-len(n), n))
        alternation = "|".join(regex.escape(n) for n in names)
        return compiled(rf"(?<![A-Za-z.])(?P<name>{alternation})(?:['’]s)?\s+$")

    @functools.cached_property
    def place_by_en(self) -> dict[str, str]:
        return {n: e.place for e in self.places for n in e.en}


def parse_lexicon(text: str) -> Lexicon:
    """Rows of the TSV (comments and the header skipped); a malformed row is a ValueError."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("acronym\t"):
            continue
        cells = line.split("\t")
        if len(cells) != 6:
            raise ValueError(f"acronym lexicon line {number}: {len(cells)} columns, 6 expected")
        acronym, zh, en, kind, country, _note = (c.strip() for c in cells)
        renderings = tuple(compiled(r"\s+").sub("", fold(z)) for z in zh.split("|") if z.strip())
        if not renderings or kind not in ("body", "term", "place") or (not acronym and kind != "place"):
            raise ValueError(f"acronym lexicon line {number}: needs renderings, a kind, and an acronym "
                             "unless it names a place")
        entries.append(LexiconEntry(acronym, renderings, tuple(e.strip() for e in en.split("|") if e.strip()),
                                    kind, country))
    acronyms = [e.acronym for e in entries if e.acronym]
    if len(acronyms) != len(set(acronyms)):
        raise ValueError("acronym lexicon: an acronym is listed twice")
    return Lexicon(tuple(entries))


@functools.cache
def lexicon() -> Lexicon:
    """The shipped lexicon, read once."""
    text = (_PACKAGE_DATA / "acronyms.tsv").read_text(encoding="utf-8")
    return parse_lexicon(text)


class CompactText:
    """Folded text without whitespace (the TICO house style writes 美国 CDC, ECDC 对 COVID-19),
    with a map back to offsets in the original text."""

    def __init__(self, text: str):
        folded = fold(text)
        keep = [i for i, c in enumerate(folded) if not c.isspace()]
        self.text = "".join(folded[i] for i in keep)
        self._offsets = keep

    def index(self, original: int) -> int:
        """Compact offset of the first kept character at or after an original offset."""
        return bisect.bisect_left(self._offsets, original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of compact [start, end)."""
        return self._offsets[start], self._offsets[end - 1] + 1

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        spans, at = [], self.text.find(needle)
        while at >= 0:
            spans.append((at, at + len(needle)))
            at = self.text.find(needle, at + 1)
        return spans
