"""Character folding that keeps offsets: one character in, one character out.

Matching and number extraction run on a folded copy so that full-width ASCII
(``ＮＥＴ``, ``１７７``, ``（``), superscript digits (``¹⁷⁷Lu``), dash variants and
odd spaces compare equal to their plain forms, while every offset found in the copy
is also an offset in the original text (reports highlight the original).
"""

from __future__ import annotations

import regex

# str.translate's table: code point -> replacement (a code point or a one-character string)
_TABLE: dict[int, int | str] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII block
_TABLE.update({0x3000: " ", 0x00A0: " ", 0x2009: " ", 0x202F: " ", 0x2002: " ", 0x2003: " "})
_TABLE.update({ord(c): str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")})
_TABLE.update({ord(c): str(i) for i, c in enumerate("₀₁₂₃₄₅₆₇₈₉")})
_TABLE.update({ord(c): "-" for c in "‐‑‒–—―−﹣"})
_TABLE.update({ord("’"): "'", ord("‘"): "'"})

HAN = regex.compile(r"\p{Han}")


def fold(text: str) -> str:
    """Width-fold ``text`` character by character (``len(fold(t)) == len(t)``)."""
    return text.translate(_TABLE)


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()
