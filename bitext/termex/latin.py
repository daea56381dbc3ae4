"""Codes and acronyms that a Chinese text keeps in Latin script (COVID-19, SARS-CoV-2, N95):
found while scanning, proposed as keep-latin rows, and attached to the translated row they
abbreviate (WHO of 世界卫生组织)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

import regex

from bitext.glossary.normalize import term_key
from bitext.termex.candidate import Candidate, Proposal

# Codes and acronyms a Chinese text may keep as they are: Latin words with a capital after the
# first letter or a digit (COVID-19, SARS-CoV-2, WHO, N95, ACE2).
# A word followed by + (CD8+) is a modifier of the term after it, not a code of its own.
_LATIN_WORD = regex.compile(r"(?<![\p{Latin}\p{N}\-])\p{Latin}[\p{Latin}\p{N}]*"
                            r"(?:-[\p{Latin}\p{N}]+)*(?![\p{Latin}\p{N}+])")


_DIGIT = regex.compile(r"\p{N}")


def codes(text: str) -> set[str]:
    return {w for w in _LATIN_WORD.findall(text)
            if len(w) >= 2 and (_DIGIT.search(w) or w[1:] != w[1:].lower())}


@functools.lru_cache(maxsize=65536)
def kept_pattern(code: str) -> regex.Pattern:
    """``code`` standing as a whole Latin word (compiled once per code)."""
    return regex.compile(rf"(?<![\p{{Latin}}\p{{N}}]){regex.escape(code)}(?![\p{{Latin}}\p{{N}}])")


KEEP_LATIN_SHARE = 0.6


def kept_in_latin(seen: Counter, kept: Counter, min_freq: int) -> list[Proposal]:
    """Codes and acronyms that the Chinese keeps in Latin script in most of their pairs (a
    termbase records those as keep-latin: COVID-19, SARS-CoV-2, N95). Sorted, so the proposal
    order does not depend on the order of the counts."""
    out = []
    for code in sorted(kept):
        n, k = seen[code], kept[code]
        if k >= min_freq and k >= KEEP_LATIN_SHARE * n:
            out.append(Proposal(code, code, "keep-latin", k / n, support=k))
    return out


def sometimes_kept(seen: Counter, kept: Counter, min_freq: int) -> list[str]:
    """Codes the Chinese keeps in Latin script in ``min_freq`` pairs or more but translates
    in most (WHO beside 世界卫生组织, CDC beside 疾控中心): not a keep-latin row, yet an admitted
    Chinese form of the row they abbreviate, since the translators wrote it so."""
    return [code for code in sorted(kept)
            if kept[code] >= min_freq and kept[code] < KEEP_LATIN_SHARE * seen[code]]


def attach_kept_latin(cands: list[Candidate], sometimes: Iterable[str] = ()) -> list[Candidate]:
    """A code kept in Latin script that is also an English form of a translated row (WHO of
    World Health Organization = 世界卫生组织) is an admitted Chinese form of that row, not a row
    of its own; so is a code of ``sometimes_kept`` (which is never a row of its own)."""
    owners: dict[str, Candidate] = {}
    for c in cands:
        if "keep-latin" not in c.method:
            for v in [c.en_term, *c.en_variants]:
                owners.setdefault(term_key(v), c)
    for code in sometimes:
        owner = owners.get(term_key(code))
        if owner is not None and code not in owner.zh_admitted_variants:
            owner.zh_admitted_variants.append(code)
    out = []
    for c in cands:
        owner = owners.get(term_key(c.en_term)) if c.method == "keep-latin" else None
        if owner is None:
            out.append(c)
        elif c.zh_term not in owner.zh_admitted_variants:
            owner.zh_admitted_variants.append(c.zh_term)
    return out
