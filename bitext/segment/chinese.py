"""Chinese sentence splitter.

A sentence ends after 。！？ or an ellipsis (…… / …), together with any closing
quotes or brackets that follow (。” 。」 。）). Machine translations often use
half-width punctuation, so ! ? . also end a sentence when they directly follow
a Han character and are not glued to Latin text or digits ("0.05" and "NET."
stay intact). Nothing inside matched brackets or quotes is ever cut.

The semicolon ；/; does not end a sentence: it separates list items and clauses,
as ";" does in English, and the English splitter never cuts there, so a cut at ；
would leave one English sentence facing two Chinese ones.
"""

from __future__ import annotations

import regex

from bitext.patterns import compiled
from bitext.segment import cut, enclosed

_FULL_WIDTH_ENDS = "。｡！？…"
_HALF_WIDTH_ENDS = "!?.．"  # sentence ends only right after a Han character
_CLOSERS = "”’」』）)\\]】》〉\"'"
_PAIRS = {"（": "）", "(": ")", "[": "]", "【": "】", "“": "”", "‘": "’", "「": "」", "『": "』",
          "《": "》", "〈": "〉"}

_CANDIDATE = compiled(rf"([{_FULL_WIDTH_ENDS}{_HALF_WIDTH_ENDS}]+)[{_CLOSERS}]*")
_GLUED_TO_LATIN = compiled(r"[\p{Latin}\p{N}]")
# After a sentence end, a comma, colon, dash or further closer means the sentence goes on: “好！”，他说
_CONTINUES = compiled(r"\s*[\p{Po}\p{Pd}\p{Pe}\p{Pf}]")


def split(text: str) -> list[str]:
    inside = enclosed(text, _PAIRS)
    ends = [m.end() for m in _CANDIDATE.finditer(text) if not inside[m.end()] and _ends_sentence(text, m)]
    return cut(text, ends)


def _ends_sentence(text: str, match: regex.Match) -> bool:
    end = match.end()
    if _CONTINUES.match(text, end):
        return False
    if any(char in _FULL_WIDTH_ENDS for char in match.group(1)):
        return True
    start = match.start()
    after_han = start > 0 and regex.match(r"\p{Han}", text[start - 1]) is not None
    return after_han and not _GLUED_TO_LATIN.match(text, end)
