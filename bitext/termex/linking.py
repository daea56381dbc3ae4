"""The second pass of term extraction and competitive linking: pair counts of the n-grams seen
often enough, their association (Dice, log-likelihood ratio), and each n-gram linked to at most
one partner, best association first; English abbreviation definitions given the Chinese
partner of their long form."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import regex

from bitext.termex import cooc
from bitext.termex.candidate import Progress, Proposal
from bitext.termex.cooc import SubstringCounter
from bitext.termex.normalize import en_group_key
from bitext.termex.scan import CorpusCounts, Spill
from bitext.termex.zhparen import expected_zh_units, zh_units


def vocabularies(counts: CorpusCounts, min_freq: int) -> tuple[dict[str, int], dict[str, int]]:
    """English and Chinese n-grams seen in ``min_freq`` pairs, with ids."""
    # sorted, so ids (and ties in linking) do not depend on set order / hash seeds
    en_vocab = {g: i for i, g in enumerate(sorted(g for g, c in counts.en_count.items() if c >= min_freq))}
    zh_vocab = {g: i for i, g in enumerate(sorted(g for g, c in counts.zh_count.items() if c >= min_freq))}
    return en_vocab, zh_vocab


def count_cooccurrences(spill: Spill, en_vocab: dict[str, int], zh_vocab: dict[str, int],
                        boundaries: SubstringCounter | None, n_pairs: int, min_freq: int,
                        report: Progress) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pair counts over the spilled pairs: ``(e_idx, z_idx, joint)`` of the pairs seen ``min_freq``
    times (the pair table is freed on return). The same read counts ``boundaries``, the Chinese
    strings whose frequency the parenthesis votes need."""
    pairs = cooc.PairCounter(len(zh_vocab))
    done = 0
    en_id, zh_id = en_vocab.get, zh_vocab.get
    for _en, zh, en_grams, zh_grams in spill:
        e_ids = np.array([i for i in map(en_id, en_grams) if i is not None], dtype=np.int64)
        z_ids = np.array([i for i in map(zh_id, zh_grams) if i is not None], dtype=np.int64)
        pairs.add(e_ids, z_ids)
        if boundaries is not None:
            boundaries.add(zh)
        done += 1
        if done % 1000 == 0:
            report("pairs", done, n_pairs)
    report("pairs", done, n_pairs)
    return pairs.result(min_freq)


@dataclass
class Links:
    proposals: list[Proposal]  # co-occurrence proposals, in link order
    associations: Associations
    zh_list: list[str]


def link_terms(e_idx: np.ndarray, z_idx: np.ndarray, joint: np.ndarray, en_vocab: dict[str, int],
               zh_vocab: dict[str, int], counts: CorpusCounts, *, min_dice: float, min_llr: float,
               glosses: dict[str, list[str]], cut: Callable[[str], list[str]]) -> Links:
    """Competitive linking of the counted pairs: each English and Chinese n-gram linked at most
    once, best first; a link strong enough (``min_dice``) is proposed with the widest Chinese
    form the aligned evidence supports."""
    en_count, zh_count, n_pairs = counts.en_count, counts.zh_count, counts.n_pairs
    en_list = list(en_vocab)
    zh_list = list(zh_vocab)
    en_fragment = cooc.maximal_only({g: en_count[g] for g in en_list}, cooc.en_sub_units)
    zh_fragment = cooc.maximal_only({g: zh_count[g] for g in zh_list}, cooc.zh_sub_units)
    ce_arr = np.array([en_count[g] for g in en_list], dtype=np.float64)
    cz_arr = np.array([zh_count[g] for g in zh_list], dtype=np.float64)
    proposals: list[Proposal] = []
    assoc = Associations(en_vocab, zh_vocab)
    if joint.size:
        ce, cz = ce_arr[e_idx], cz_arr[z_idx]
        d = cooc.dice(joint, ce, cz)
        g2 = cooc.llr(joint, ce, cz, n_pairs)
        keep = (d >= min_dice * 0.5) & (g2 >= min_llr)
        e_idx, z_idx, joint, d, g2 = e_idx[keep], z_idx[keep], joint[keep], d[keep], g2[keep]
        # link order: association times a length prior (an English term of n content
        # words rarely has a Chinese partner of far more or fewer characters); the
        # lengths are computed once per distinct n-gram
        e_uniq, e_inv = np.unique(e_idx, return_inverse=True)
        z_uniq, z_inv = np.unique(z_idx, return_inverse=True)
        expected = np.array([expected_zh_units(en_list[e]) for e in e_uniq.tolist()], dtype=np.float64)
        units = np.array([zh_units(zh_list[z]) for z in z_uniq.tolist()], dtype=np.float64)
        ratio = units[z_inv] / expected[e_inv]
        del e_uniq, e_inv, z_uniq, z_inv
        prior = np.exp(-(np.log(np.maximum(ratio, 1e-6)) ** 2) / (2 * 0.5 ** 2))
        link = d * prior
        order = np.lexsort((-g2, -link))
        assoc = Associations(en_vocab, zh_vocab, e_idx, z_idx, joint, d, g2, link, order)
        # competitive linking, best first (each n-gram linked at most once); fragments and
        # implausible length ratios never link, so they are left out of the walk
        frag_e = np.zeros(len(en_list), dtype=bool)
        frag_e[[en_vocab[g] for g in en_fragment]] = True
        frag_z = np.zeros(len(zh_list), dtype=bool)
        frag_z[[zh_vocab[g] for g in zh_fragment]] = True
        linkable = ~frag_e[e_idx] & ~frag_z[z_idx] & (ratio >= 0.35) & (ratio <= 3.0)
        order = order[linkable[order]]
        del prior, ratio, linkable, frag_e, frag_z
        used_e: set[int] = set()
        used_z: set[int] = set()
        for k, e, z in zip(order.tolist(), e_idx[order].tolist(), z_idx[order].tolist(), strict=True):
            if e in used_e or z in used_z:
                continue
            used_e.add(e)
            used_z.add(z)
            if d[k] >= min_dice:
                zh = _widest_partner(en_list[e], zh_list, z, int(joint[k]), assoc.partners(e), glosses, cut)
                proposals.append(Proposal(en_list[e], zh, "cooc", association(float(d[k]), float(g2[k])),
                                           support=int(joint[k])))
    return Links(proposals, assoc, zh_list)


def abbreviation_proposals(sf_long: dict[str, Counter[str]], long_surface: dict[str, Counter[str]],
                           assoc: Associations, zh_list: list[str], min_dice: float) -> list[Proposal]:
    """English-only abbreviation definitions: the Chinese partner of the long form by co-occurrence."""
    proposals: list[Proposal] = []
    for sf, longs in sf_long.items():
        for lk, _n in longs.items():
            hit = assoc.best_partner(en_group_key(long_surface[lk].most_common(1)[0][0]), zh_list)
            if hit and hit[1] >= min_dice:
                proposals.append(Proposal(long_surface[lk].most_common(1)[0][0], hit[0], "en-abbrev",
                                           association(hit[1], hit[2]), sf, hit[3]))
    return proposals


class Associations:
    """The kept (English, Chinese) n-gram pairs and their association, looked up by n-gram.

    ``get((en, zh))`` → ``(dice, llr, joint)`` or None. ``best_partner(en, zh_list)`` → the
    Chinese n-gram with the highest link score for an English n-gram (among equals, the
    first in link order) as ``(zh, dice, llr, joint)``, or None. Kept as arrays sorted by
    (English id, Chinese id) rather than a dict of every pair: there may be millions.
    """

    def __init__(self, en_vocab: dict[str, int], zh_vocab: dict[str, int], e_idx=None, z_idx=None,
                 joint=None, d=None, g2=None, link=None, order=None):
        self.en_vocab, self.zh_vocab = en_vocab, zh_vocab
        self.n_zh = max(1, len(zh_vocab))
        if e_idx is None:
            e_idx = z_idx = np.zeros(0, dtype=np.int64)
            order = np.zeros(0, dtype=np.int64)
        self.e_idx, self.z_idx, self.joint, self.d, self.g2, self.link = e_idx, z_idx, joint, d, g2, link
        self.keys = e_idx.astype(np.int64) * self.n_zh + z_idx  # ascending (pair-table order)
        self.rank = np.empty(len(order), dtype=np.int64)
        self.rank[order] = np.arange(len(order))

    def _index(self, e: int | None, z: int | None) -> int | None:
        if e is None or z is None or not self.keys.size:
            return None
        want = e * self.n_zh + z
        k = int(np.searchsorted(self.keys, want))
        return k if k < self.keys.size and self.keys[k] == want else None

    def get(self, key: tuple[str, str], default=None):
        k = self._index(self.en_vocab.get(key[0]), self.zh_vocab.get(key[1]))
        if k is None:
            return default
        return float(self.d[k]), float(self.g2[k]), int(self.joint[k])

    def partners(self, e: int) -> list[tuple[int, int]]:
        """(Chinese n-gram id, joint count) of every kept pair of English n-gram ``e``."""
        if not self.keys.size:
            return []
        lo, hi = (int(x) for x in np.searchsorted(self.e_idx, [e, e + 1]))
        return list(zip(self.z_idx[lo:hi].tolist(), self.joint[lo:hi].tolist(), strict=True))

    def best_partner(self, en: str, zh_list: list[str]) -> tuple[str, float, float, int] | None:
        e = self.en_vocab.get(en)
        if e is None or not self.keys.size:
            return None
        lo, hi = (int(x) for x in np.searchsorted(self.e_idx, [e, e + 1]))
        if lo == hi:
            return None
        link = self.link[lo:hi]
        ties = np.flatnonzero(link == link.max()) + lo
        k = int(ties[np.argmin(self.rank[ties])])
        return zh_list[self.z_idx[k]], float(self.d[k]), float(self.g2[k]), int(self.joint[k])


_LATIN_OR_DIGIT = regex.compile(r"[\p{Latin}\p{N}]+")


def _widest_partner(en: str, zh_list: list[str], z: int, joint: int, partners: list[tuple[int, int]],
                    glosses: dict[str, list[str]], cut: Callable[[str], list[str]]) -> str:
    """The longest Chinese n-gram containing the linked one that co-occurs with the English
    term nearly as often (个人防护装备, not 个人防护, for "personal protective equipment"): a
    term's boundary is where the aligned evidence stops, not where association peaks.

    What the wider form adds must belong to the English term: not too long for it, no Latin
    or digits the English lacks (SARS-CoV密切相关, 至少20秒), no dictionary word whose gloss
    the English does not have (顺铂诱导治疗 for "induction therapy")."""
    linked = zh_list[z]
    expected = expected_zh_units(en)
    en_low = en.lower()
    en_stems = {w[:5] for w in regex.findall(r"[a-z]{3,}", en_low)}
    best = linked
    for other, n in partners:
        text = zh_list[other]
        if n < max(2, 0.8 * joint) or len(text) <= len(best) or linked not in text:
            continue
        if zh_units(text) > 1.6 * expected:
            continue
        added = text.replace(linked, " ", 1)
        if any(t in cooc.ZH_STOP or t in cooc.ZH_GENERAL for piece in added.split() for t in cut(piece)):
            continue  # 患者需要通气支持: a general word or a function word is not part of a term
        if any(piece.lower() not in en_low for piece in _LATIN_OR_DIGIT.findall(added)):
            continue
        if any(_foreign_word(piece, glosses, en_stems) for piece in added.split()):
            continue
        best = text
    return best


def _foreign_word(piece: str, glosses: dict[str, list[str]], en_stems: set[str]) -> bool:
    """A dictionary word of 2+ characters whose glosses share no stem with the English term."""
    found = glosses.get(piece) if len(piece) >= 2 else None
    if not found:
        return False
    return not any(w[:5] in en_stems for g in found for w in regex.findall(r"[a-z]{3,}", g.lower()))


def association(d: float, g2: float) -> float:
    return d * (1.0 - math.exp(-max(g2, 0.0) / 30.0))
