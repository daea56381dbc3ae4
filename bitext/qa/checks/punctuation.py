"""CJK typography of the target (house style): full-width punctuation next to
Chinese, half-width inside Latin runs (95% CI, P = 0.001), paired brackets, no full-width
alphanumerics, no stray spaces.

Two things the target inherits from the source are not the translator's doing: a quotation or
bracket split across segments leaves the source unbalanced too, so an unpaired bracket is reported
only beyond the source's own imbalance of the same family (quotes, parentheses, square brackets;
English single quotes, straight or curly, count as quotes: Chinese writes a British '…' as “…”);
and Chinese text the source itself contains (a name quoted in the original script) is copied with
the source's punctuation."""

from __future__ import annotations

import regex

from bitext.glossary.normalize import fold
from bitext.patterns import compiled
from bitext.qa.check import Check
from bitext.qa.context import PairContext, tgt_span
from bitext.qa.findings import Finding, Severity
from bitext.qa.settings import QASettings

_HAN = compiled(r"\p{Han}")
_CJK_PUNCT = "，。；：？！、（）【】《》「」『』“”‘’…—～"
_CLOSERS_BEFORE_STOP = "）」』”’】》%％)]"
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}

_OPEN = {"(": "paren", "（": "paren", "[": "square", "［": "square", "【": "lenticular", "《": "angle",
         "「": "corner", "『": "white corner", "“": "quote", "‘": "single quote", "{": "brace"}
_CLOSE = {")": "paren", "）": "paren", "]": "square", "］": "square", "】": "lenticular", "》": "angle",
          "」": "corner", "』": "white corner", "”": "quote", "’": "single quote", "}": "brace"}
_WIDE = set("（）［］【】《》「」『』")
# Families that correspond across languages: an English "..." becomes “…” or 「…」, (…) becomes （…）,
# [...] becomes 【…】. Angle brackets (book titles) have no English counterpart.
_FAMILY = {"paren": "paren", "square": "square", "lenticular": "square", "quote": "quote", "corner": "quote",
           "white corner": "quote", "single quote": "quote", "straight quote": "quote"}
# Chinese quotes with “…” what English quotes with '…' or ‘…’ (British usage) as well as "…": one
# family. A straight ' opens at the start of a word and closes at the end of one when a quote is
# open or after sentence punctuation ('…for it!'); elsewhere it is an apostrophe (isn't, patients').
_STRAIGHT_SINGLE = compiled(r"(?<![\w'])'(?=\w)|(?<=[\w.!?,;:…])'(?![\w'])")
# List markers "1)" "a)" "（一）": a closer with no opener by design.
_ENUMERATOR = compiled(
    r"(?:^|(?<=[\s，。；：、,;:]))(?:[0-9]{1,2}|[A-Za-z]|[一二三四五六七八九十]{1,2}|[ivx]{1,4})[)）]")


def _is_han(char: str | None) -> bool:
    return char is not None and _HAN.match(char) is not None


def _neighbour(text: str, index: int, step: int) -> str | None:
    """The nearest non-space character before (step -1) or after (step 1) ``index``."""
    index += step
    while 0 <= index < len(text) and text[index] in " \u3000":
        index += step
    return text[index] if 0 <= index < len(text) else None


def _brackets(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """(mixed-width pairs as (open, close) offsets, unpaired bracket offsets)."""
    enumerators = {m.end() - 1 for m in _ENUMERATOR.finditer(text)}
    stack: list[int] = []  # open brackets, in text order
    by_kind: dict[tuple[str, bool], list[int]] = {}  # the same per (kind, full width): one look finds a match
    mixed, unpaired = [], []
    for i, char in enumerate(text):
        if char == "’" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
            continue  # apostrophe (Crohn’s)
        if char in _OPEN:
            stack.append(i)
            by_kind.setdefault((_OPEN[char], char in _WIDE), []).append(i)
        elif char in _CLOSE:
            kind, wide = _CLOSE[char], char in _WIDE
            # Prefer the nearest opener of the same width: in "（图 (Fig.2）" the stray one is "(", not "（".
            same_width, other_width = by_kind.get((kind, wide)), by_kind.get((kind, not wide))
            opener = same_width[-1] if same_width else other_width[-1] if other_width else None
            if opener is None:
                if i not in enumerators:
                    unpaired.append(i)
                continue
            while stack and stack[-1] >= opener:  # the pair closes; brackets opened inside it stay unpaired
                top = stack.pop()
                by_kind[(_OPEN[text[top]], text[top] in _WIDE)].pop()
                if top != opener:
                    unpaired.append(top)
            if (text[opener] in _WIDE) != wide and kind in ("paren", "square"):
                mixed.append((opener, i))
    unpaired += stack
    straight = [i for i, c in enumerate(text) if c == '"']
    if len(straight) % 2:
        unpaired.append(straight[-1])
    return mixed, sorted(unpaired)


def _family(char: str) -> str:
    kind = _OPEN.get(char) or _CLOSE.get(char) or "straight quote"
    return _FAMILY.get(kind, kind)


def _copied_from_source(src: str, tgt: str, index: int) -> bool:
    """True when the target around ``index`` holds Han text taken verbatim from the source."""
    if not _HAN.search(src):
        return False  # the usual case: an English source has nothing to copy
    windows = (tgt[max(index - k, 0):index - k + 3] for k in range(3) if index - k >= 0)
    return any(_HAN.search(window) and window in src for window in windows)


def _halfwidth_in_cjk(ctx: PairContext, settings: QASettings) -> list[Finding]:
    text = ctx.tgt
    mixed, _ = _brackets(text)
    in_mixed = {i for pair in mixed for i in pair}
    findings = []
    has_han = _HAN.search(text) is not None
    for i, char in enumerate(text):
        if char not in _FULL_WIDTH or i in in_mixed:
            continue
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if char == "(":
            flagged = _is_han(text[i - 1] if i else None) or _is_han(text[i + 1] if i + 1 < len(text) else None)
        elif char == ")":
            flagged = _is_han(text[i + 1] if i + 1 < len(text) else None) or _is_han(text[i - 1] if i else None)
        elif char == ".":
            # a full stop after Chinese; 3.5 and e.g. never have Han before the dot. A Chinese
            # sentence may also end in a number or a closing bracket or quote, of either width
            # (为 42.  （P<0.05）.  冠状病毒病 (COVID-19).):
            # a dot there, with nothing or Chinese after it, is a full stop too.
            ends_clause = after is None or _is_han(after) or after in _CJK_PUNCT
            flagged = ends_clause and (_is_han(before) or (
                before is not None and (before.isdigit() or before in _CLOSERS_BEFORE_STOP) and has_han))
        else:
            flagged = _is_han(before) or _is_han(after) or (before is not None and before in _CJK_PUNCT)
        if flagged and not _copied_from_source(ctx.src, text, i):
            findings.append(ctx.finding(HALFWIDTH_IN_CJK, settings,
                                        f"half-width {char!r} in Chinese text; use {_FULL_WIDTH[char]}",
                                        (tgt_span(i, i + 1),), suggestion=_FULL_WIDTH[char]))
    return findings


def _mixed_width_pair(ctx: PairContext, settings: QASettings) -> list[Finding]:
    mixed, _ = _brackets(ctx.tgt)
    return [ctx.finding(MIXED_WIDTH_PAIR, settings,
                        f"bracket pair mixes widths: {ctx.tgt[a]}…{ctx.tgt[b]}",
                        (tgt_span(a, a + 1), tgt_span(b, b + 1)), suggestion="（…）") for a, b in mixed]


def _unpaired_straight_singles(text: str) -> int:
    """How many straight single quotes of an English text open or close a quotation that the
    text does not close or open (a quotation split across sentences)."""
    if "'" not in text:
        return 0
    unpaired = open_quotes = 0
    for m in _STRAIGHT_SINGLE.finditer(text):
        opening = m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] == "_")
        closing_by_punctuation = text[m.start() - 1] in ".!?,;:…" if m.start() else False
        if opening:
            open_quotes += 1
        elif open_quotes:
            open_quotes -= 1
        elif closing_by_punctuation:
            unpaired += 1
    return unpaired + open_quotes


def _unpaired_bracket(ctx: PairContext, settings: QASettings) -> list[Finding]:
    _, unpaired = _brackets(ctx.tgt)
    if not unpaired:
        return []
    # The source's own imbalance per family (a quotation split across segments) excuses as many in the target.
    inherited: dict[str, int] = {"quote": _unpaired_straight_singles(ctx.src)}
    for i in _brackets(ctx.src)[1]:
        family = _family(ctx.src[i])
        inherited[family] = inherited.get(family, 0) + 1
    findings = []
    for i in unpaired:
        family = _family(ctx.tgt[i])
        if inherited.get(family, 0) > 0:
            inherited[family] -= 1
            continue
        findings.append(ctx.finding(UNPAIRED_BRACKET, settings, f"unpaired {ctx.tgt[i]!r}", (tgt_span(i, i + 1),)))
    return findings


_FULLWIDTH_ALNUM = compiled(r"[０-９Ａ-Ｚａ-ｚ]+(?:[．，：][０-９]+)*％?|％")


def _fullwidth_alnum(ctx: PairContext, settings: QASettings) -> list[Finding]:
    return [ctx.finding(FULLWIDTH_ALNUM, settings, f"full-width characters {m.group()}; use {fold(m.group())}",
                        (tgt_span(m.start(), m.end()),), suggestion=fold(m.group()))
            for m in _FULLWIDTH_ALNUM.finditer(ctx.tgt)]


def _pattern_check(check_id: str, pattern: regex.Pattern, message: str):
    def run(ctx: PairContext, settings: QASettings) -> list[Finding]:
        return [ctx.finding(CHECKS_BY_ID[check_id], settings, message, (tgt_span(m.start(), m.end()),))
                for m in pattern.finditer(ctx.tgt)]
    return run


_DOUBLE_SPACE = compiled(r"[ \u3000\t]{2,}")
_SPACE_BEFORE_PUNCT = compiled(r"[ \u3000\t]+(?=[，。；：？！、）】》」』”])")
_SPACE_IN_CJK = compiled(r"(?<=\p{Han})[ \u3000\t]+(?=\p{Han})")

HALFWIDTH_IN_CJK = Check("punctuation.halfwidth_in_cjk", "Linguistic conventions/Punctuation", Severity.WARNING,
                         "Half-width punctuation next to Chinese characters", _halfwidth_in_cjk)
MIXED_WIDTH_PAIR = Check("punctuation.mixed_width_pair", "Linguistic conventions/Punctuation", Severity.WARNING,
                         "Bracket pair mixing full- and half-width", _mixed_width_pair)
UNPAIRED_BRACKET = Check("punctuation.unpaired_bracket", "Linguistic conventions/Punctuation", Severity.WARNING,
                         "Unpaired bracket or quote", _unpaired_bracket)
FULLWIDTH_ALNUM = Check("punctuation.fullwidth_alnum", "Locale conventions/Number format", Severity.WARNING,
                        "Full-width digits or Latin letters", _fullwidth_alnum)
DOUBLE_SPACE = Check("punctuation.double_space", "Linguistic conventions/Punctuation", Severity.INFO,
                     "Several spaces in a row",
                     _pattern_check("punctuation.double_space", _DOUBLE_SPACE, "several spaces in a row"))
SPACE_BEFORE_PUNCT = Check("punctuation.space_before_punct", "Linguistic conventions/Punctuation", Severity.INFO,
                           "Space before Chinese punctuation",
                           _pattern_check("punctuation.space_before_punct", _SPACE_BEFORE_PUNCT,
                                          "space before Chinese punctuation"))
SPACE_IN_CJK = Check("punctuation.space_in_cjk", "Linguistic conventions/Punctuation", Severity.WARNING,
                     "Space between Chinese characters",
                     _pattern_check("punctuation.space_in_cjk", _SPACE_IN_CJK, "space between Chinese characters"))

CHECKS = (HALFWIDTH_IN_CJK, MIXED_WIDTH_PAIR, UNPAIRED_BRACKET, FULLWIDTH_ALNUM, DOUBLE_SPACE, SPACE_BEFORE_PUNCT,
          SPACE_IN_CJK)
CHECKS_BY_ID = {c.id: c for c in CHECKS}
