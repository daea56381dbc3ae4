"""Co-occurrence association between English and Chinese n-grams over aligned pairs.

English candidates are a light POS-free approximation of noun phrases: n-grams of
1–4 words inside one clause (punctuation breaks them) that neither start nor end with
a stop word, do not end with a word such as *group* or *patients*, and are not made of
general reporting words alone. Chinese candidates are n-grams of 1–4 jieba tokens
(≤ 10 characters) with at least two Han characters that neither start nor end with a
stop token.

Counts are per aligned pair (a pair counts once however often an n-gram occurs in it).
Association: Dice = 2·c(e,z) / (c(e) + c(z)) and the log-likelihood ratio G² of the 2×2
table (Dunning 1993), both vectorised with numpy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np
import regex

from bitext.termex.normalize import quantity_word, singular

EN_STOP = frozenset("""
a an the of in on at to for from by with without within into onto over under between among across through
during before after since until than then and or nor but if because while whereas although though as so
is are was were be been being am has have had having do does did done can could may might will would shall
should must ought it its it's they them their theirs we us our ours you your he him his she her hers i me my
this that these those which who whom whose what when where why how there here such same other others another
each every either neither both all any some no not none only also very more most less least much many few
several various per vs vs. versus via i.e. e.g. et al al. etc about above below up down out off again further
once twice thus hence however therefore moreover furthermore yet still just even ever never always often
usually whether one two three four five six seven eight nine ten first second third last next new own
respectively approximately including included include includes included based according due
like unlike among within upon toward towards onto whom whose wherein whereby i.e e.g
""".split())

# Stop words that may stand inside a term (head and neck cancer, time to progression,
# committee on cancer); any other stop word breaks an n-gram.
EN_INNER = frozenset("of in for and on to".split())

# General words of clinical reporting: never a term on their own.
EN_GENERAL = frozenset("""
patient patients participant participants subject subjects person persons people men women man woman children
child adult adults infant infants study studies trial trials group groups arm arms cohort cohorts result results
data analysis analyses method methods outcome outcomes effect effects finding findings value values level levels
rate rates number numbers proportion percentage percent point points time times year years month months week
weeks day days hour hours minute minutes period periods baseline end start total mean median range ratio score
scores table figure fig appendix supplementary p ci n use used using difference differences change changes
increase increases decrease decreases reduction reductions risk risks factor factors case cases event events
report reports author authors investigator investigators center centers site sites country countries world
evidence information approach way part type types form forms role need needs aim aims purpose context setting
measure measures assessment assessments evaluation evaluations criteria criterion protocol dose doses
treatment treatments therapy therapies care management drug drugs agent agents medication medications
disease diseases condition conditions cancer cancers tumor tumors health clinical medical significant
significantly higher lower greater smaller similar different overall respective potential possible common
available previous current present long short high low large small early late median average standard
primary secondary distant local severe mild moderate acute chronic recurrent advanced additional specific
important major minor main key final initial subsequent certain likely unlikely new novel older younger
male female daily weekly annual annually age ages free general accuracy completeness integrity fidelity
complication complications committee
researcher researchers scientist scientists expert experts official officials doctor doctors elderly
trend trends severity uncertainty government governments authority authorities crisis situation issue issues
problem problems impact impacts response responses update updates guidance recommendation recommendations
""".split())

# A term does not end with these (the phrase names a population or a grouping, not a concept).
EN_NO_END = frozenset("""
group groups patients patient participants subjects cohort cohorts arm arms population populations women men
children adults persons people level levels rate rates data analysis analyses score scores value values
subgroup subgroups
""".split())

ZH_NO_END = frozenset("组 队列 患者 人群 亚组 病例 群体 受试者 参与者 水平 期间 方面 情况 时 后 前".split())
_WEB = regex.compile(r"(?:\.(?:gov|org|com|net)|www\.|https?|^nct\d+$)", regex.I)

ZH_STOP = frozenset("""
的 地 得 了 着 过 和 与 及 以及 或 或者 并 并且 而 但 在 于 是 为 对 对于 将 被 由 从 自 向 把 以 用 之 等 其 该 此
这 这些 那 那些 一 个 各 每 所有 全部 即 也 都 还 又 再 曾 仍 可 可以 能 会 应 均 中 后 前 时 上 下 内 外 间 例 名 次
我们 他们 其中 本 本文 如 若 则 已 已经 就 并未 未 不 无法 没有 有 是否 因 因为 所以 因此 然而 此外 但是 虽然
且 即 及其 至 到 给予 通过 根据 按 按照 相比 比较 分别 包括 例如 约 共 达 共有 其余
""".split())

# Bound morphemes that never start a Chinese term.
ZH_NO_START = frozenset("性 型 部 期 级 类 组 率 者 化 剂 度 量 症 病 炎 癌 瘤 物 素 酶 法 术 例 名 次 个".split())

ZH_GENERAL = frozenset("""
患者 研究 试验 治疗 结果 数据 分析 方法 时间 组 人群 儿童 成人 女性 男性 年龄 参与者 受试者 研究者 作者 比例
百分比 发生率 风险 差异 变化 水平 基线 中位 平均 总体 显著 相似 较高 较低 增加 降低 减少 使用 接受 进行 评估 报告
包括 相关 显示 表明 发现 可能 情况 期间 之后 之前 方面 其他 以上 以下 部分 主要 次要 安全性 疗效 效果 影响 因素
""".split())

_PUNCT = regex.compile(r"^[\p{P}\p{S}\s]+$")
_NUMBER = regex.compile(r"^[\p{N}.,%]+$")
_HAN = regex.compile(r"\p{Han}")
EN_CLAUSE_BREAK = regex.compile(r"[,;:()\[\]{}!?\"“”]|(?<!\b\p{L})\.(?=\s|$)|\s[-–—]\s")
EN_TOKEN = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}]|['’\-+/.](?=[\p{L}\p{N}])|\+)*")
_JOINERS = frozenset({".", "-", "/", "_", "+"})


def en_clauses(text: str) -> list[list[str]]:
    """English words grouped in clauses (punctuation breaks an n-gram)."""
    return [w for w in (EN_TOKEN.findall(part) for part in EN_CLAUSE_BREAK.split(text)) if w]


def en_ngrams(clauses: list[list[str]], max_n: int = 4) -> set[str]:
    """Lower-cased n-gram keys of one text (each once).

    An n-gram neither starts nor ends with a stop word, a number or a one-letter word
    (a short number may end a term: *type 1*, *receptor 2*), does not end with a word of
    ``EN_NO_END``, has no web address and no stop word other than ``EN_INNER`` inside
    (both end the n-grams starting at that word), is not made of general words alone
    (up to two words) and has no word over 40 characters.
    """
    out: set[str] = set()
    add = out.add
    number = _NUMBER.match
    web = _WEB.search
    for words in clauses:
        low = [w.lower() for w in words]
        n_words = len(low)
        # per-word properties, computed once (each word is looked at by up to max_n n-grams)
        is_num = [number(w) is not None for w in low]
        edge = [w not in EN_STOP and not num and len(w) > 1 for w, num in zip(low, is_num, strict=True)]
        if not any(edge):
            continue
        short_num = [num and len(w) <= 2 for w, num in zip(low, is_num, strict=True)]
        no_end = [w in EN_NO_END for w in low]
        has_web = [web(w) is not None for w in low]
        any_web = any(has_web)
        hard_stop = [w in EN_STOP and w not in EN_INNER for w in low]
        general = [w in EN_GENERAL or w in EN_STOP or num for w, num in zip(low, is_num, strict=True)]
        too_long = [len(w) > 40 for w in low]
        any_long = any(too_long)
        head = [singular(w) for w in low]
        for i in range(n_words):
            if not edge[i]:
                continue
            for n in range(1, max_n + 1):
                j = i + n
                if j > n_words:
                    break
                k = j - 1
                if short_num[k] and n > 1:
                    pass  # "type 1", "receptor 2": a short number may end a term
                elif not edge[k]:
                    continue
                if n > 1 and no_end[k]:
                    continue
                if any_web and True in has_web[i:j]:
                    break
                if n > 2 and True in hard_stop[i + 1 : k]:
                    break
                if n <= 2 and (general[i] and general[k]):
                    continue
                if any_long and True in too_long[i:j]:
                    continue
                add(" ".join([*low[i:k], head[k]]) if n > 1 else head[k])
    return out


def zh_ngrams(tokens: list[str], max_n: int = 4, max_chars: int = 10) -> set[str]:
    """Chinese n-gram candidates of one tokenised text (each once): 1–``max_n`` tokens, at
    most ``max_chars`` characters (a Latin/digit token counts 1), at least two Han
    characters, not starting or ending with a stop token, no punctuation inside."""
    out: set[str] = set()
    add = out.add
    n_tok = len(tokens)
    punct_match = _PUNCT.match
    number_match = _NUMBER.match
    han_match = _HAN.match
    han_findall = _HAN.findall
    # per-token properties, computed once
    is_punct = [punct_match(t) is not None for t in tokens]
    is_num = [number_match(t) is not None for t in tokens]
    starts_han = [han_match(t) is not None for t in tokens]
    n_han = [len(han_findall(t)) for t in tokens]
    is_stop = [t in ZH_STOP for t in tokens]
    general = [t in ZH_GENERAL or s for t, s in zip(tokens, is_stop, strict=True)]
    for i in range(n_tok):
        first = tokens[i]
        if is_stop[i] or first in ZH_NO_START or is_punct[i] or is_num[i] or quantity_word(first):
            continue  # (a quantity phrase, 数名 or 两例, never starts a term)
        if not starts_han[i] and i > 0 and tokens[i - 1] in _JOINERS:
            continue  # the tail of clinicaltrials.gov, non-gbrca
        chars = 0
        han = 0
        for n in range(1, max_n + 1):
            j = i + n
            if j > n_tok:
                break
            k = j - 1
            tok = tokens[k]
            if is_punct[k] or tok.isspace():
                break
            chars += len(tok) if starts_han[k] else 1
            if chars > max_chars or is_stop[k]:
                break
            han += n_han[k]
            if is_num[k]:
                continue
            if han < 2:
                continue
            if n == 1:
                if first in ZH_GENERAL:
                    continue
                gram = first
            else:
                gram = "".join(tokens[i:j])
            if tok in ZH_NO_END:
                continue
            if False not in general[i:j]:
                continue
            add(gram)
    return out


def dice(joint: np.ndarray, ce: np.ndarray, cz: np.ndarray) -> np.ndarray:
    return 2.0 * joint / np.maximum(ce + cz, 1)


def llr(joint: np.ndarray, ce: np.ndarray, cz: np.ndarray, n: int) -> np.ndarray:
    """Dunning's G² for the 2×2 table (e present/absent × z present/absent); signed (negative
    when e and z co-occur less often than by chance)."""
    k11 = joint.astype(np.float64)
    k12 = ce - k11
    k21 = cz - k11
    k22 = n - k11 - k12 - k21
    k12 = np.maximum(k12, 0)
    k21 = np.maximum(k21, 0)
    k22 = np.maximum(k22, 0)
    row1, row2 = k11 + k12, k21 + k22
    col1, col2 = k11 + k21, k12 + k22

    def term(k, r, c):
        with np.errstate(divide="ignore", invalid="ignore"):
            v = k * np.log(k * n / (r * c))
        return np.where(k > 0, v, 0.0)

    g2 = 2.0 * (term(k11, row1, col1) + term(k12, row1, col2) + term(k21, row2, col1) + term(k22, row2, col2))
    expected = row1 * col1 / max(n, 1)
    return np.where(k11 >= expected, g2, -g2)


class PairCounter:
    """Counts (english id, chinese id) pairs in numpy chunks with bounded memory.

    Keys ``e * n_zh + z`` collect in a buffer; full buffers are sorted, counted and merged
    into the running table. When the table exceeds ``max_pairs`` distinct pairs, pairs
    seen only once are dropped (lossy counting: a pair can lose at most the few counts it
    had before a prune; frequent pairs are unaffected).
    """

    def __init__(self, n_zh: int, buffer_size: int = 4_000_000, max_pairs: int = 12_000_000):
        self.n_zh = max(1, n_zh)
        self.buffer_size = buffer_size
        self.max_pairs = max_pairs
        self._parts: list[np.ndarray] = []
        self._buffered = 0
        self.keys = np.zeros(0, dtype=np.int64)
        self.counts = np.zeros(0, dtype=np.int32)

    def add(self, en_ids: np.ndarray, zh_ids: np.ndarray) -> None:
        if en_ids.size == 0 or zh_ids.size == 0:
            return
        keys = (en_ids.astype(np.int64)[:, None] * self.n_zh + zh_ids.astype(np.int64)[None, :]).ravel()
        self._parts.append(keys)
        self._buffered += keys.size
        if self._buffered >= self.buffer_size:
            self._flush()

    def _flush(self) -> None:
        if not self._parts:
            return
        chunk = np.concatenate(self._parts)
        self._parts, self._buffered = [], 0
        chunk.sort()
        starts = np.flatnonzero(np.r_[True, chunk[1:] != chunk[:-1]])
        keys = chunk[starts]
        counts = np.diff(np.r_[starts, chunk.size]).astype(np.int32)
        del chunk, starts
        if self.keys.size:
            # merge into the sorted table in place where the key is there, by insertion where
            # it is new (no sort of the whole table: less time and fewer table-sized copies)
            pos = np.searchsorted(self.keys, keys)
            hit = pos < self.keys.size
            hit[hit] = self.keys[pos[hit]] == keys[hit]
            self.counts[pos[hit]] += counts[hit]
            new = ~hit
            if new.any():
                self.keys = np.insert(self.keys, pos[new], keys[new])
                self.counts = np.insert(self.counts, pos[new], counts[new])
        else:
            self.keys, self.counts = keys, counts
        if self.keys.size > self.max_pairs:
            keep = self.counts > 1
            self.keys, self.counts = self.keys[keep], self.counts[keep]

    def result(self, min_count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(english ids, chinese ids, joint counts) of pairs seen at least ``min_count`` times."""
        self._flush()
        keep = self.counts >= min_count
        keys = self.keys[keep]
        return keys // self.n_zh, keys % self.n_zh, self.counts[keep]


def maximal_only(counts: dict[str, int], sub_units, ratio: float = 0.9) -> set[str]:
    """N-grams that occur (almost) only inside one longer n-gram: ``counts[sub] <= counts[super] / ratio``.

    ``sub_units(gram)`` yields the contiguous sub-n-grams of ``gram``. Such fragments
    (``ovarian`` when every occurrence is in ``ovarian cancer``, ``帕妥珠`` inside
    ``帕妥珠单抗``) are not linked on their own.
    """
    best_super: dict[str, int] = {}
    for gram, c in counts.items():
        for sub in sub_units(gram):
            if sub != gram and best_super.get(sub, 0) < c:
                best_super[sub] = c
    return {g for g, c in counts.items() if best_super.get(g, 0) >= ratio * c}


def en_sub_units(gram: str):
    words = gram.split(" ")
    n = len(words)
    for i in range(n):
        for j in range(i + 1, n + 1):
            if j - i < n:
                yield " ".join([*words[i:j - 1], singular(words[j - 1])]) if j < n else " ".join(words[i:j])


def zh_sub_units(gram: str):
    n = len(gram)
    for i in range(n):
        for j in range(i + 2, n + 1):
            if j - i < n:
                yield gram[i:j]


class SubstringCounter:
    """Counts, per aligned pair, which of many fixed Chinese strings occur (index by first
    two characters, then by length)."""

    def __init__(self, strings: Iterable[str]):
        index: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for s in set(strings):
            if len(s) >= 2:
                index[s[:2]][len(s)].add(s)
        self.index = {bigram: sorted(by_len.items()) for bigram, by_len in index.items()}
        self.counts: Counter[str] = Counter()

    def found_in(self, text: str) -> set[str]:
        found = set()
        index = self.index
        for i in range(len(text) - 1):
            bucket = index.get(text[i : i + 2])
            if bucket:
                for size, strings in bucket:
                    s = text[i : i + size]
                    if s in strings:
                        found.add(s)
        return found

    def add(self, text: str) -> None:
        self.counts.update(self.found_in(text))
