"""Sentence segmentation for English and Chinese abstracts.

``split_sentences`` cuts running text; ``split_lines`` takes input that is
already one sentence per line. Both return sentences without line breaks, so
callers can write them one per line.
"""

from __future__ import annotations

import functools
import itertools

import regex

from bitext.errors import ConfigError
from bitext.patterns import compiled

__all__ = ["split_sentences", "split_lines", "normalize_lang", "guess_lang"]

SUPPORTED = ("en", "zh")

# Whitespace as str.isspace() sees it (regex's \s misses the \x1c-\x1f separators).
WS = r"[\s\x1c-\x1f]"
# A blank line is a hard boundary: headings and paragraphs never run together.
_PARAGRAPH = compiled(rf"\n{WS}*\n|\u2029")
# Everything str.splitlines() treats as a line end.
_LINE_BREAK_RUN = compiled(rf"{WS}*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]{WS}*")
# Chinese wrapped across lines is rejoined without a space, unless Latin text or digits touch the break.
_ZH_WRAP = compiled(rf"(?<![\p{{Latin}}\p{{N}}]){_LINE_BREAK_RUN.pattern}(?![\p{{Latin}}\p{{N}}])")


def normalize_lang(lang: str) -> str:
    """``en`` or ``zh`` from a language tag such as ``en-US``, ``zh_CN`` or ``zh-Hans``."""
    code = compiled(r"[-_]").split((lang or "").strip(), maxsplit=1)[0].lower()
    if code not in SUPPORTED:
        raise ConfigError(f"unsupported language: {lang!r}", hint="use en or zh")
    return code


def guess_lang(text: str) -> str:
    """``zh`` when the text has more Han characters than Latin letters, else ``en``."""
    han = len(compiled(r"\p{Han}").findall(text))
    latin = len(compiled(r"\p{Latin}").findall(text))
    return "zh" if han > latin else "en"


def split_sentences(text: str, lang: str) -> list[str]:
    """Split running text into sentences: stripped, never empty, no line breaks inside."""
    code = normalize_lang(lang)
    # Imported here because the splitters use the helpers defined in this module.
    from bitext.segment import chinese, english

    split = chinese.split if code == "zh" else english.split
    sentences = []
    for paragraph in _PARAGRAPH.split(text):
        for sentence in split(paragraph):
            if code == "zh":
                sentence = _ZH_WRAP.sub("", sentence)
            sentence = _LINE_BREAK_RUN.sub(" ", sentence).strip()
            if sentence:
                sentences.append(sentence)
    return sentences


def split_lines(text: str) -> list[str]:
    """Presplit input: one sentence per line; drop blank lines, keep everything else as is."""
    lines = (line.removesuffix("\r") for line in text.split("\n"))
    return [line for line in lines if line.strip()]


# --- helpers shared by the splitters -------------------------------------------------


def enclosed(text: str, pairs: dict[str, str]) -> list[bool]:
    """``result[p]`` is True when cut position ``p`` lies inside a matched bracket pair.

    Unmatched openers and closers ("1) first item", a stray "(") are ignored, so one
    typo cannot disable splitting for the rest of the text.
    """
    closers = {close: open_ for open_, close in pairs.items()}
    delta = [0] * (len(text) + 1)
    stack: list[tuple[str, int]] = []
    # Only the bracket characters are visited; the running sum over ``delta`` is done in C.
    for match in _bracket_pattern("".join(pairs) + "".join(pairs.values())).finditer(text):
        char, i = match.group(), match.start()
        if char in pairs:
            stack.append((char, i))
        else:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == closers[char]:
                    delta[stack[depth][1] + 1] += 1  # positions after the opener ...
                    delta[i + 1] -= 1  # ... up to just before the closer
                    del stack[depth:]
                    break
    return [depth > 0 for depth in itertools.accumulate(delta)]


@functools.cache
def _bracket_pattern(brackets: str) -> regex.Pattern:
    return compiled("[" + regex.escape(brackets) + "]")


def cut(text: str, ends: list[int]) -> list[str]:
    """Cut ``text`` after each position in ``ends``; strip, drop empty pieces."""
    pieces, start = [], 0
    for end in [*ends, len(text)]:
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    return pieces
