"""Which language a whole document side is written in, from its script, to catch swapped sides.

Only English and Chinese are told apart, by the share of Han characters among Han characters and
Latin letters. On real abstracts the two never come near each other (ParaMed-NEJM, MAC-Dev,
TICO-19, the Bible: English documents 0-0.4 % Han, Chinese documents 60-100 %), while single
sentences do (a reference list left in English inside a Chinese abstract). So a side is judged
as a whole document, and only when the evidence is clear: enough letters and a share far from
the other language's. Anything else (short, mixed) is left to the QA checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bitext.errors import ConfigError, InputError
from bitext.patterns import compiled

MIN_HAN = 20  # about one Chinese sentence
MIN_LATIN = 200  # about two English sentences: one untranslated sentence is a QA finding, not swapped input
CHINESE_SHARE = 0.5  # at least this share of Han: Chinese
ENGLISH_SHARE = 0.02  # at most this share of Han: English (a few quoted Chinese terms allowed)
_HAN = compiled(r"\p{Han}")
_LATIN = compiled(r"\p{Latin}")
NAMES = {"en": "English", "zh": "Chinese"}


def distinct_languages(src_lang: str, tgt_lang: str) -> None:
    """A ConfigError when source and target are given the same language (normalised codes): every check
    compares two languages, and the run would report nonsense (or nothing) with exit 0."""
    if src_lang == tgt_lang:
        raise ConfigError(f"--src-lang and --tgt-lang are both {src_lang!r}",
                          hint="a translation has two languages: the source's is --src-lang, the target's --tgt-lang")


def script_counts(text: str) -> tuple[int, int]:
    """(Han characters, Latin letters) in ``text``."""
    return len(_HAN.findall(text)), len(_LATIN.findall(text))  # counted in C, not a Python step per letter


def script_language(text: str) -> str | None:
    """``"zh"`` or ``"en"`` when the script says so clearly, else None."""
    han, latin = script_counts(text)
    letters = han + latin
    if han >= MIN_HAN and han >= CHINESE_SHARE * letters:
        return "zh"
    if latin >= MIN_LATIN and han <= ENGLISH_SHARE * letters:
        return "en"
    return None


@dataclass(frozen=True)
class Side:
    """One side of a document to check: its whole text, the language declared for it, where it is
    (``file`` or ``file:line``), how to name it (``--src``, ``field 'en'``) and the option that
    declared its language (``--src-lang``; None when the name says it, as a corpus field's does)."""

    text: str | Iterable[str]
    declared: str
    where: str
    name: str
    option: str | None = None


def check_sides(source: Side, target: Side, swapped_hint: str, hint: str) -> None:
    """InputError for the first side that is clearly not in its declared language (en or zh; other
    languages are not checked). ``swapped_hint`` is given when both sides are, the other way round."""
    found = [(side, _found(side)) for side in (source, target)]
    wrong = [(side, language) for side, language in found if language is not None and language != side.declared]
    if not wrong:
        return
    side, language = wrong[0]
    swapped = len(wrong) == 2 and source.declared == wrong[1][1] and target.declared == wrong[0][1]
    han, latin = script_counts(_whole(side.text))
    share = round(100 * han / (han + latin))
    declared = f"but {side.option} is {side.declared}" if side.option else f"not {NAMES[side.declared]}"
    raise InputError(f"{side.where}: {side.name} is {NAMES[language]} text ({share} % of its letters are Han "
                     f"characters), {declared}", hint=swapped_hint if swapped else hint)


def _found(side: Side) -> str | None:
    return script_language(_whole(side.text)) if side.declared in NAMES else None


def _whole(text: str | Iterable[str]) -> str:
    return text if isinstance(text, str) else "\n".join(text)


__all__ = ["NAMES", "Side", "check_sides", "script_counts", "script_language"]
