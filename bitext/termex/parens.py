"""Parenthetical candidates: ``中文术语（English term）`` and ``中文术语（ACR）``, whose Chinese left
boundary is chosen per occurrence (bitext.termex.zhparen.choose_boundary) and voted over all
occurrences of the same English term."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from bitext.glossary.normalize import term_key
from bitext.termex.candidate import Proposal
from bitext.termex.lexicon import Lexicon
from bitext.termex.normalize import en_group_key
from bitext.termex.scan import Paren
from bitext.termex.zhparen import choose_boundary


def resolve_acronyms(parens: list[Paren], sf_long: dict[str, Counter[str]],
                     long_surface: dict[str, Counter[str]]) -> None:
    """An acronym in a Chinese parenthesis whose pair does not define it takes the long form the
    corpus defines elsewhere, when most of its definitions agree."""
    for p in parens:
        if p.english is None and p.acronym:
            counts = sf_long.get(term_key(p.acronym)) or sf_long.get(term_key(p.acronym).rstrip("s"))
            if counts:
                best, n = counts.most_common(1)[0]
                if n >= 0.6 * sum(counts.values()):
                    p.english = long_surface[best].most_common(1)[0][0]


def boundary_strings(parens: list[Paren]) -> set[str]:
    """Every tail of every parenthetical's Chinese tokens: the strings whose corpus frequency
    the boundary choice weighs."""
    tails = set()
    for p in parens:
        for i in range(len(p.tokens)):
            tails.add("".join(p.tokens[i:]))
    return tails


def paren_proposals(parens: list[Paren], boundary_counts: Counter[str], lexicon: Lexicon,
                    known_zh: dict[str, set[str]]) -> list[Proposal]:
    """One proposal per English term and method, the Chinese boundary with the most votes (each
    occurrence votes with the softmax of its boundary scores)."""
    proposals: list[Proposal] = []

    def freq(s: str) -> int:
        return boundary_counts.get(s, 0)

    def is_known_word(s: str) -> bool:
        return s in lexicon.words or bool(known_zh.get(term_key(s)))

    votes: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    meta: dict[tuple[str, str], tuple[str, str | None, Counter]] = {}
    for p in parens:
        if not p.english:
            continue
        method = "acronym" if p.kind == "acronym" else "zh-paren"
        group = (en_group_key(p.english), method)
        if group not in meta:
            meta[group] = (method, p.acronym, Counter())
        meta[group][2][p.english] += 1
        if p.titled:
            votes[group][p.titled] += 1.0
            continue
        choice = choose_boundary(p.tokens, p.english, freq, is_known_word,
                                 gloss=lambda w: lexicon.glosses.get(w, ()))
        if choice is None:
            continue
        # softmax over the candidates of this occurrence: a vote with its confidence
        top = max(s for _t, s in choice.scores)
        weights = {t: math.exp(s - top) for t, s in choice.scores}
        norm = sum(weights.values())
        for t, w in weights.items():
            votes[group][t] += w / norm
    for group, options in votes.items():
        method, acronym, surfaces = meta[group]
        zh, weight = max(options.items(), key=lambda x: x[1])
        n_occ = sum(surfaces.values())
        en_surface = surfaces.most_common(1)[0][0]
        if "/" in zh or "/" in en_surface:
            continue  # two terms side by side (欧盟/欧洲经济区): neither is delimited
        proposals.append(Proposal(en_surface, zh, method, weight / max(n_occ, 1), acronym, n_occ))
    return proposals
