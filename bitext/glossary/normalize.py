"""Character folding that keeps offsets: one character in, one character out.

Matching and number extraction run on a folded copy so that full-width ASCII
(``ＮＥＴ``, ``１７７``, ``（``), superscript digits (``¹⁷⁷Lu``), dash variants and
odd spaces compare equal to their plain forms, while every offset found in the copy
is also an offset in the original text (reports highlight the original).

``term_key`` is the comparison key of terms where offsets do not matter (known glossary terms
and candidates in glossary building, merging reviewed candidates): NFKC (full-width →
half-width), case-folded, every dash → ``-``, and no space next to anything that is not a
Latin letter or digit (so ``Kaplan - Meier曲线`` and ``kaplan-meier曲线`` compare equal).
"""

from __future__ import annotations

import unicodedata

from bitext.patterns import compiled

# str.translate's table: code point -> replacement (a code point or a one-character string)
_TABLE: dict[int, int | str] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII block
_TABLE.update({0x3000: " ", 0x00A0: " ", 0x2009: " ", 0x202F: " ", 0x2002: " ", 0x2003: " "})
_TABLE.update({ord(c): str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")})
_TABLE.update({ord(c): str(i) for i, c in enumerate("₀₁₂₃₄₅₆₇₈₉")})
_TABLE.update({ord(c): "-" for c in "‐‑‒–—―−﹣"})
_TABLE.update({ord("’"): "'", ord("‘"): "'"})

HAN = compiled(r"\p{Han}")


def fold(text: str) -> str:
    """Width-fold ``text`` character by character (``len(fold(t)) == len(t)``)."""
    return text.translate(_TABLE)


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


_DASHES = compiled(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")
_SPACES = compiled(r"\s+")
_SPACE_NEAR_SYMBOL = compiled(r" (?=[^\p{Latin}\p{N}])|(?<=[^\p{Latin}\p{N}]) ")
_CONTROL = compiled(r"[\p{Cc}\p{Cs}\uFFFE\uFFFF]+")


def term_key(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).casefold()
    s = _DASHES.sub("-", s)
    s = _SPACES.sub(" ", s).strip()
    return _SPACE_NEAR_SYMBOL.sub("", s)


def clean_text(text: str) -> str:
    """One line of running text: no tabs, newlines or control characters."""
    s = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", s).strip()
