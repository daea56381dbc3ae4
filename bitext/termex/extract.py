"""Bilingual term candidates from aligned EN→ZH pairs (``bitext glossary build``).

Four methods, each named in a candidate's ``method``:

``acronym``
    ``中文术语（ACR）`` in the Chinese with the abbreviation defined in English
    (``long form (ACR)``, Schwartz–Hearst) in the same pair or elsewhere in the corpus.
``zh-paren``
    ``中文术语（English term）`` (also ``（English term，ACR）``), the English being the
    translator's own gloss.
``cooc``
    Co-occurrence association (Dice, log-likelihood ratio) between English noun-phrase
    n-grams and Chinese word n-grams over all aligned pairs, with competitive linking
    (each n-gram is linked to at most one partner, best association first).
``en-abbrev``
    An English abbreviation definition whose long form found its Chinese partner by
    co-occurrence (the Chinese has no parenthesis).

For the two parenthetical methods the Chinese left boundary is chosen by
``zhparen.choose_boundary`` (length of the English term, known words, modifiers and
corpus frequencies). ``embedding`` similarity (optional) only re-ranks.

Scale: the corpus is read once, in chunks of aligned pairs, to tokenise, count n-grams
(pruned when the vocabulary grows past a bound), find abbreviations and parentheticals and
spill each pair's n-grams to a temporary file. This first pass runs in ``workers`` forked
processes; chunks are handed out a few at a time (a generator input is not read far ahead)
and merged in input order, so the candidates do not depend on the number of workers. The
spill is then read twice (pair counts in numpy chunks; examples and final frequencies).
Memory is bounded by the vocabulary and pair-table bounds, not by the corpus size.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import multiprocessing
import os
import signal
import tempfile
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import regex

from bitext.paths import cache_dir
from bitext.termex import cooc
from bitext.termex.abbrev import best_long_form, find_abbreviations, is_short_form
from bitext.termex.lexicon import Lexicon, default_lexicon, make_tokenizer
from bitext.termex.normalize import clean_text, compact_chinese, en_group_key, plural_forms, term_key
from bitext.termex.zhparen import _merge_tokens, choose_boundary, expected_zh_units, find_parentheticals, zh_units

Progress = Callable[[str, int, "int | None"], None]
"""``progress(stage, done, total)``: stage is ``count``, ``pairs``, ``examples`` or ``embed``;
``done`` is the number of aligned pairs (or terms) processed so far in that stage."""

METHOD_BASE = {"acronym": 0.6, "zh-paren": 0.5, "en-abbrev": 0.3, "keep-latin": 0.0, "cooc": 0.0}

CHUNK_PAIRS = 500
"""Aligned pairs per first-pass chunk (the unit of work handed to a worker process)."""

_OPEN_BRACKET = regex.compile(r"[（(\[【]")
_ADJECTIVE_END = regex.compile(r"(?:ive|ic|al|ous|ary|ated|ed)$")


@dataclass
class Example:
    en: str
    zh: str


@dataclass
class Candidate:
    """A proposed glossary entry, in the glossary's own columns plus review information."""

    en_term: str
    zh_term: str
    en_variants: list[str] = field(default_factory=list)
    zh_admitted_variants: list[str] = field(default_factory=list)
    status: str = "proposed"
    note: str = ""
    score: float = 0.0
    frequency: int = 0
    method: str = ""
    examples: list[Example] = field(default_factory=list)
    concept_id: str = ""
    dice: float | None = None
    llr: float | None = None
    similarity: float | None = None
    acronym: str | None = None

    @property
    def known(self) -> bool:
        return self.status == "known"

    def key(self) -> tuple[str, str]:
        return term_key(self.en_term), term_key(self.zh_term)


@dataclass
class _Paren:
    """A Chinese parenthetical waiting for its English term and boundary."""

    tokens: tuple[str, ...]
    titled: str | None
    english: str | None
    acronym: str | None
    kind: str


@dataclass
class _Proposal:
    en: str
    zh: str
    method: str
    confidence: float
    acronym: str | None = None
    support: int = 1


def _pairs_of(alignments: Iterable) -> Iterator[tuple[str, str]]:
    for item in alignments:
        if hasattr(item, "pairs"):
            for src, tgt, _bead in item.pairs():
                yield src, tgt
        else:
            src, tgt = item[0], item[1]
            yield src, tgt


def _count_pairs(alignments) -> int | None:
    try:
        return sum(len(a.beads) if hasattr(a, "beads") else 1 for a in alignments)
    except TypeError:
        return None


class _Spill:
    """Scanned pairs on disk, in input order: one line per pair (cleaned texts, English
    n-gram keys, Chinese n-grams), so the later passes need not tokenise again."""

    def __init__(self, directory: Path | None):
        directory = directory or cache_dir() / "tmp"
        directory.mkdir(parents=True, exist_ok=True)
        self.file = tempfile.TemporaryFile(mode="w+", encoding="utf-8", dir=directory)

    @staticmethod
    def line(en: str, zh: str, en_grams: Iterable[str], zh_grams: Iterable[str]) -> str:
        # cleaned texts have no control characters; n-grams have no tabs or separators
        return f"{en}\t{zh}\t{chr(0x1F).join(en_grams)}\t{chr(0x1F).join(zh_grams)}\n"

    def write_lines(self, text: str) -> None:
        self.file.write(text)

    def __iter__(self) -> Iterator[tuple[str, str, list[str], list[str]]]:
        self.file.seek(0)
        for line in self.file:
            en, zh, e, z = line.rstrip("\n").split("\t")
            yield en, zh, e.split("\x1f") if e else [], z.split("\x1f") if z else []

    def close(self) -> None:
        self.file.close()


@dataclass
class _Scan:
    """First-pass results for one chunk of aligned pairs (merged by the parent in input order)."""

    n_pairs: int
    en_count: Counter
    zh_count: Counter
    abbreviations: list[tuple[str, str, str]]  # (short-form key, long-form key, long form), text order
    parens: list[_Paren]
    latin_seen: Counter  # code-like English tokens (COVID-19, N95): pairs that have them
    latin_kept: Counter  # … and whose Chinese keeps them as they are
    spill: str  # the chunk's spill lines
    pid: int = 0  # the process that scanned the chunk


class _Scanner:
    """The per-pair work of the first pass: clean, tokenise, n-grams, abbreviations, parentheticals."""

    def __init__(self, tok, max_ngram: int):
        self.tok = tok
        self.max_ngram = max_ngram

    def cut(self, text: str) -> list[str]:
        return _merge_tokens(self.tok.lcut(text))

    def __call__(self, chunk: list[tuple[str, str]]) -> _Scan:
        en_count: Counter[str] = Counter()
        zh_count: Counter[str] = Counter()
        abbreviations: list[tuple[str, str, str]] = []
        parens: list[_Paren] = []
        latin_seen: Counter[str] = Counter()
        latin_kept: Counter[str] = Counter()
        lines: list[str] = []
        n_pairs = 0
        max_ngram = self.max_ngram
        for en, zh in chunk:
            en, zh = clean_text(en), compact_chinese(clean_text(zh))
            if not en or not zh:
                continue
            n_pairs += 1
            en_grams = cooc.en_ngrams(cooc.en_clauses(en), max_ngram)
            zh_grams = cooc.zh_ngrams(self.cut(zh), max_ngram)
            en_count.update(en_grams)
            zh_count.update(zh_grams)
            local = find_abbreviations(en)
            for ab in local:
                if "/" in ab.short:
                    continue  # two acronyms at once (EU/EEA): neither long form is delimited
                abbreviations.append((term_key(ab.short), term_key(ab.long), ab.long))
            if _OPEN_BRACKET.search(zh):
                for hit in find_parentheticals(zh, self.cut):
                    english = hit.english
                    if english and regex.search(r"[(\[]\s*" + regex.escape(english) + r"\s*[)\]]", en, flags=regex.I):
                        continue  # the English has it in brackets too: a name, not this term's gloss
                    if english is None and hit.acronym:
                        english = next((ab.long for ab in local if _same_acronym(ab.short, hit.acronym)), None)
                    parens.append(_Paren(hit.tokens, hit.titled, english, hit.acronym, hit.kind))
            codes = _codes(en)
            if codes:
                latin_seen.update(codes)
                latin_kept.update(c for c in codes if regex.search(rf"(?<![\p{{Latin}}\p{{N}}]){regex.escape(c)}(?![\p{{Latin}}\p{{N}}])", zh))
            lines.append(_Spill.line(en, zh, en_grams, zh_grams))
        return _Scan(n_pairs, en_count, zh_count, abbreviations, parens, latin_seen, latin_kept, "".join(lines),
                     os.getpid())


_worker_scanner: _Scanner | None = None


def _init_worker(scanner: _Scanner) -> None:
    global _worker_scanner
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle (it stops the pool)
    _worker_scanner = scanner


def _scan_in_worker(chunk: list[tuple[str, str]]) -> _Scan:
    assert _worker_scanner is not None
    return _worker_scanner(chunk)


def default_workers() -> int:
    """Processes for the first pass by default: ``min(2, cpu count)``."""
    return max(1, min(2, os.cpu_count() or 1))


def _chunks(pairs: Iterator[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    while chunk := list(itertools.islice(pairs, size)):
        yield chunk


def _scan_chunks(pairs: Iterator[tuple[str, str]], scanner: _Scanner, workers: int) -> Iterator[_Scan]:
    """Scanned chunks in input order, computed by ``workers`` forked processes (1: in this
    process). At most ``2 × workers`` chunks are in flight, so a generator input is read
    only a little ahead of the workers (bounded memory)."""
    chunks = _chunks(pairs, max(1, CHUNK_PAIRS))
    head = list(itertools.islice(chunks, 2))
    if workers <= 1 or len(head) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in itertools.chain(head, chunks):  # a single chunk (small input) is not worth a fork
            yield scanner(chunk)
        return
    # fork: the workers inherit the initialised tokenizer (nothing large is pickled). A worker
    # that dies (out of memory) makes .result() raise BrokenProcessPool rather than hang.
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_init_worker, initargs=(scanner,))
    try:
        pending: deque[Future[_Scan]] = deque()
        for chunk in itertools.chain(head, chunks):
            pending.append(executor.submit(_scan_in_worker, chunk))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


class _SubstringCounter:
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


def _prune(counter: Counter, max_size: int) -> None:
    if len(counter) > max_size:
        for key in [k for k, c in counter.items() if c <= 1]:
            del counter[key]


def _same_acronym(a: str, b: str) -> bool:
    a, b = term_key(a), term_key(b)
    return a == b or a.rstrip("s") == b.rstrip("s")


def build_candidates(
    alignments: Iterable,
    known_pairs: Iterable[tuple[str, str]] | None = None,
    min_freq: int = 2,
    limit: int | None = None,
    progress: Progress | None = None,
    *,
    embeddings: bool = False,
    embed_model: str = "use-m3",
    include_known: bool = False,
    lexicon: Lexicon | None = None,
    max_ngram: int = 4,
    min_dice: float = 0.3,
    min_llr: float = 10.83,
    max_vocab: int = 2_000_000,
    spill_dir: Path | None = None,
    workers: int | None = None,
) -> list[Candidate]:
    """Ranked EN–ZH term candidates from aligned documents, best first.

    ``alignments``: :class:`bitext.core.Alignment` objects (their ``pairs()`` are
    used) or plain ``(english, chinese)`` text pairs; a generator is read once.
    ``known_pairs``: ``(en, zh)`` pairs already in the glossary; matching candidates are
    not proposed again (returned with status ``known`` when ``include_known``).
    ``min_freq``: a co-occurrence candidate must be seen in this many aligned pairs
    (parenthetical candidates need one definition). ``limit``: keep the best N.
    ``embeddings``: re-rank with the cosine similarity of the two terms (``embed_model``).
    ``workers``: processes for the first pass (tokenising, n-grams); default
    :func:`default_workers`, 1 = in this process. The candidates do not depend on it.
    """
    report = progress or (lambda stage, done, total: None)
    total = _count_pairs(alignments) if isinstance(alignments, (list, tuple)) else None
    lexicon = lexicon or default_lexicon()
    known = {(term_key(e), term_key(z)) for e, z in (known_pairs or ())}
    known_en: dict[str, set[str]] = defaultdict(set)
    known_zh: dict[str, set[str]] = defaultdict(set)
    for e, z in known:
        known_en[e].add(z)
        known_zh[z].add(e)
    tok = make_tokenizer(z for _e, z in (known_pairs or ()) if z)
    scanner = _Scanner(tok, max_ngram)
    workers = default_workers() if workers is None else max(1, int(workers))

    en_count: Counter[str] = Counter()
    zh_count: Counter[str] = Counter()
    sf_long: dict[str, Counter[str]] = defaultdict(Counter)  # acronym key → long-form key counts
    long_surface: dict[str, Counter[str]] = defaultdict(Counter)
    parens: list[_Paren] = []
    latin_seen: Counter[str] = Counter()
    latin_kept: Counter[str] = Counter()
    spill = _Spill(spill_dir)
    n_pairs = 0
    try:
        # ---- pass 1: monolingual counts, abbreviation definitions, parentheticals ----
        # (chunks scanned by the workers, merged here in input order; closing the generator
        # stops the workers if anything here fails or is interrupted)
        with contextlib.closing(_scan_chunks(_pairs_of(alignments), scanner, workers)) as scans:
            for scan in scans:
                before = n_pairs
                n_pairs += scan.n_pairs
                en_count.update(scan.en_count)
                zh_count.update(scan.zh_count)
                for sk, lk, long in scan.abbreviations:
                    sf_long[sk][lk] += 1
                    long_surface[lk][long] += 1
                parens.extend(scan.parens)
                latin_seen.update(scan.latin_seen)
                latin_kept.update(scan.latin_kept)
                spill.write_lines(scan.spill)
                if n_pairs // 1000 > before // 1000:
                    _prune(en_count, max_vocab)
                    _prune(zh_count, max_vocab)
                report("count", n_pairs, total)
        report("count", n_pairs, total)
        if n_pairs == 0:
            return []

        # acronyms defined elsewhere in the corpus
        for p in parens:
            if p.english is None and p.acronym:
                counts = sf_long.get(term_key(p.acronym)) or sf_long.get(term_key(p.acronym).rstrip("s"))
                if counts:
                    best, n = counts.most_common(1)[0]
                    if n >= 0.6 * sum(counts.values()):
                        p.english = long_surface[best].most_common(1)[0][0]

        # ---- pass 2: pair counts over surviving n-grams; frequencies of boundary strings ----
        # sorted, so ids (and ties in linking) do not depend on set order / hash seeds
        en_vocab = {g: i for i, g in enumerate(sorted(g for g, c in en_count.items() if c >= min_freq))}
        zh_vocab = {g: i for i, g in enumerate(sorted(g for g, c in zh_count.items() if c >= min_freq))}
        boundary_strings = set()
        for p in parens:
            for i in range(len(p.tokens)):
                boundary_strings.add("".join(p.tokens[i:]))
        substrings = _SubstringCounter(boundary_strings)
        pairs = cooc.PairCounter(len(zh_vocab))
        done = 0
        en_id, zh_id = en_vocab.get, zh_vocab.get
        for _en, zh, en_grams, zh_grams in spill:
            e_ids = np.array([i for i in map(en_id, en_grams) if i is not None], dtype=np.int64)
            z_ids = np.array([i for i in map(zh_id, zh_grams) if i is not None], dtype=np.int64)
            pairs.add(e_ids, z_ids)
            if boundary_strings:
                substrings.add(zh)
            done += 1
            if done % 1000 == 0:
                report("pairs", done, n_pairs)
        report("pairs", done, n_pairs)

        en_list = list(en_vocab)
        zh_list = list(zh_vocab)
        en_fragment = cooc.maximal_only({g: en_count[g] for g in en_list}, cooc.en_sub_units)
        zh_fragment = cooc.maximal_only({g: zh_count[g] for g in zh_list}, cooc.zh_sub_units)
        ce_arr = np.array([en_count[g] for g in en_list], dtype=np.float64)
        cz_arr = np.array([zh_count[g] for g in zh_list], dtype=np.float64)
        e_idx, z_idx, joint = pairs.result(min_freq)
        del pairs  # the pair table: only the pairs seen min_freq times are needed from here
        proposals: list[_Proposal] = []
        assoc = _Associations(en_vocab, zh_vocab)
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
            assoc = _Associations(en_vocab, zh_vocab, e_idx, z_idx, joint, d, g2, link, order)
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
            for k, e, z in zip(order.tolist(), e_idx[order].tolist(), z_idx[order].tolist()):
                if e in used_e or z in used_z:
                    continue
                used_e.add(e)
                used_z.add(z)
                if d[k] >= min_dice:
                    zh = _widest_partner(en_list[e], zh_list, z, int(joint[k]), assoc.partners(e), lexicon.glosses, scanner.cut)
                    proposals.append(_Proposal(en_list[e], zh, "cooc", _assoc(float(d[k]), float(g2[k])),
                                               support=int(joint[k])))

        # ---- parenthetical candidates: choose the Chinese boundary, vote over occurrences ----
        def freq(s: str) -> int:
            return substrings.counts.get(s, 0)

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
            choice = choose_boundary(p.tokens, p.english, freq, is_known_word, gloss=lambda w: lexicon.glosses.get(w, ()))
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
            proposals.append(_Proposal(en_surface, zh, method, weight / max(n_occ, 1), acronym, n_occ))

        # ---- English-only abbreviation definitions: Chinese partner by co-occurrence ----
        for sf, longs in sf_long.items():
            for lk, _n in longs.items():
                hit = assoc.best_partner(en_group_key(long_surface[lk].most_common(1)[0][0]), zh_list)
                if hit and hit[1] >= min_dice:
                    proposals.append(_Proposal(long_surface[lk].most_common(1)[0][0], hit[0], "en-abbrev",
                                               _assoc(hit[1], hit[2]), sf, hit[3]))

        proposals += _kept_in_latin(latin_seen, latin_kept, min_freq)
        proposals = _without_modifiers_alone(proposals, en_count)
        candidates = _assemble(proposals, assoc, en_count, zh_count)
        candidates = _suppress_fragments(candidates, en_count, zh_count)

        # ---- known glossary terms ----
        out: list[Candidate] = []
        for c in candidates:
            ek, zk = c.key()
            if (ek, zk) in known or any((term_key(v), zk) in known for v in c.en_variants):
                c.status = "known"
                c.note = _join_note(c.note, "already in the glossary")
            else:
                if ek in known_en:
                    c.note = _join_note(c.note, "English term in the glossary as: " + " | ".join(sorted(known_en[ek])))
                if zk in known_zh:
                    c.note = _join_note(c.note, "Chinese term in the glossary for: " + " | ".join(sorted(known_zh[zk])))
            if include_known or c.status != "known":
                out.append(c)

        if embeddings and out:
            _embedding_rerank(out, embed_model, report)
        out.sort(key=lambda c: (-c.score, c.en_term))
        if limit is not None:
            out = out[:limit]
        _examples_and_frequency(out, spill, n_pairs, report)
        for i, c in enumerate(out, start=1):
            c.concept_id = f"T{i:04d}"
        return out
    finally:
        spill.close()


class _Associations:
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
        return list(zip(self.z_idx[lo:hi].tolist(), self.joint[lo:hi].tolist()))

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


# Codes and acronyms a Chinese text may keep as they are: Latin words with a capital after the
# first letter or a digit (COVID-19, SARS-CoV-2, WHO, N95, ACE2).
# A word followed by + (CD8+) is a modifier of the term after it, not a code of its own.
_LATIN_WORD = regex.compile(r"(?<![\p{Latin}\p{N}\-])\p{Latin}[\p{Latin}\p{N}]*(?:-[\p{Latin}\p{N}]+)*(?![\p{Latin}\p{N}+])")


def _codes(text: str) -> set[str]:
    return {w for w in _LATIN_WORD.findall(text)
            if len(w) >= 2 and (regex.search(r"\p{N}", w) or w[1:] != w[1:].lower())}


KEEP_LATIN_SHARE = 0.6


def _kept_in_latin(seen: Counter, kept: Counter, min_freq: int) -> list[_Proposal]:
    """Codes and acronyms that the Chinese keeps in Latin script in most of their pairs (a
    termbase records those as keep-latin: COVID-19, SARS-CoV-2, N95). Sorted, so the proposal
    order does not depend on the order of the counts."""
    out = []
    for code in sorted(kept):
        n, k = seen[code], kept[code]
        if k >= min_freq and k >= KEEP_LATIN_SHARE * n:
            out.append(_Proposal(code, code, "keep-latin", k / n, support=k))
    return out


_MODIFIER_END = regex.compile(r"(?:ive|ic|al|ous|ary|ory|ated|ed|ing|ent|ant|ible|able|-positive|-negative|"
                              r"-associated|-related|-free|-like|-induced|-dependent)$")


def _without_modifiers_alone(proposals: list[_Proposal], en_count: Counter) -> list[_Proposal]:
    """Drop co-occurrence proposals whose English ends in a modifier that the corpus mostly
    follows with a head noun ("acute respiratory" distress syndrome, "underlying" conditions,
    "her2-positive" disease): a modifier without its head is not a term. How often the
    n-gram is followed by a content word is read off the counted longer n-grams (all of them:
    the heads vary, each may be rare)."""
    wanted = {en_group_key(p.en) for p in proposals if p.method == "cooc"}
    wanted = {k for k in wanted if _MODIFIER_END.search(k)}
    followed: Counter[str] = Counter()
    if wanted:
        for gram, n in en_count.items():
            head, _, _last = gram.rpartition(" ")
            if head in wanted:
                followed[head] += n
    out = []
    for p in proposals:
        key = en_group_key(p.en)
        if p.method == "cooc" and _MODIFIER_END.search(key) and followed[key] >= 0.5 * en_count.get(key, 0) > 0:
            continue
        out.append(p)
    return out


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


def _assoc(d: float, g2: float) -> float:
    return d * (1.0 - math.exp(-max(g2, 0.0) / 30.0))


def _evidence_weight(seen: int) -> float:
    """A pair seen once is a hint, one seen in dozens of aligned pairs is a term of the
    corpus: up to 10 % off the score, on a log scale, none from 64 pairs on."""
    return 0.9 + 0.1 * min(1.0, math.log2(1 + max(seen, 1)) / 6.0)


def _join_note(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra


def _assemble(proposals: list[_Proposal], assoc_of: _Associations, en_count: Counter, zh_count: Counter) -> list[Candidate]:
    """Merge proposals for the same (English, Chinese) pair and score them."""
    merged: dict[tuple[str, str], dict] = {}
    for p in proposals:
        key = (en_group_key(p.en), term_key(p.zh))
        m = merged.setdefault(key, {"en": Counter(), "zh": p.zh, "methods": {}, "acronym": None, "support": 0})
        m["en"][p.en] += p.support
        m["methods"][p.method] = max(m["methods"].get(p.method, 0.0), p.confidence)
        m["acronym"] = m["acronym"] or p.acronym
        m["support"] = max(m["support"], p.support)
    out: list[Candidate] = []
    for (ekey, _zkey), m in merged.items():
        en_surface = m["en"].most_common(1)[0][0]
        d, g2, joint = assoc_of.get((ekey, m["zh"]), (None, None, 0))
        methods = m["methods"]
        base = max(METHOD_BASE[x] for x in methods)
        conf = max(methods.values())
        a = _assoc(d, g2) if d is not None else 0.0
        if set(methods) == {"keep-latin"}:
            combined = 0.6 * conf  # below translated terms: a reviewer decides those first
        elif base > 0:
            combined = 0.6 * conf + 0.4 * a if d is not None else 0.8 * conf
            if m["support"] > 1:
                combined = min(1.0, combined + 0.05 * math.log2(m["support"]))
        else:
            combined = a
        score = base + (1 - base) * combined
        score *= _evidence_weight(max(m["support"], joint or 0))
        # termhood: very short single-word pairs are more often general vocabulary
        if "cooc" in methods and len(methods) == 1 and " " not in en_surface:
            if zh_units(m["zh"]) <= 2:
                score *= 0.8
            if _ADJECTIVE_END.search(en_surface) and "-" not in en_surface:
                score *= 0.7  # a lone adjective (aggressive, hematologic) is rarely a glossary term
        method = "+".join(x for x in ("acronym", "zh-paren", "en-abbrev", "keep-latin", "cooc") if x in methods)
        if d is not None and "cooc" not in methods and d >= 0.3:
            method += "+cooc"
        variants = [v for v in m["en"] if v != en_surface]
        if m["acronym"] and term_key(m["acronym"]) not in {term_key(v) for v in variants}:
            variants.append(m["acronym"])
        out.append(Candidate(en_term=en_surface, zh_term=m["zh"], en_variants=variants, score=round(score, 4),
                             frequency=joint, method=method, dice=None if d is None else round(d, 4),
                             llr=None if g2 is None else round(g2, 2), acronym=m["acronym"]))
    return _group_variants(out)


def _group_variants(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per English term: other Chinese renderings become admitted variants
    when they are nearly as good; the weaker ones are dropped."""
    by_en: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_en[en_group_key(c.en_term)].append(c)
    out = []
    for group in by_en.values():
        group.sort(key=lambda c: -c.score)
        paren = [c for c in group if c.method.split("+")[0] in ("acronym", "zh-paren")]
        if paren and group[0] not in paren and group[0].method.startswith("cooc"):
            lead = group[0]
            if any(lead.zh_term in p.zh_term or p.zh_term in lead.zh_term for p in paren):
                p = next(p for p in paren if lead.zh_term in p.zh_term or p.zh_term in lead.zh_term)
                p.score = max(p.score, lead.score)
                p.dice, p.llr = p.dice or lead.dice, p.llr or lead.llr
                if "cooc" not in p.method:
                    p.method += "+cooc"
                group.remove(p)
                group.insert(0, p)
        best = group[0]
        for other in group[1:]:
            if other.score >= 0.8 * best.score and other.method.split("+")[0] != "cooc":
                if other.zh_term not in best.zh_admitted_variants:
                    best.zh_admitted_variants.append(other.zh_term)
        out.append(best)
    # one candidate per Chinese term as well (plural/singular English, acronym vs long form)
    by_zh: dict[str, Candidate] = {}
    for c in sorted(out, key=lambda c: -c.score):
        zk = term_key(c.zh_term)
        if zk in by_zh:
            keep = by_zh[zk]
            if en_group_key(c.en_term) != en_group_key(keep.en_term) and c.en_term not in keep.en_variants:
                if c.score >= 0.8 * keep.score and c.method.split("+")[0] != "cooc" \
                        and _same_english_term(c.en_term, keep.en_term):
                    keep.en_variants.append(c.en_term)
            continue
        by_zh[zk] = c
    return _attach_kept_latin(list(by_zh.values()))


def _attach_kept_latin(cands: list[Candidate]) -> list[Candidate]:
    """A code kept in Latin script that is also an English form of a translated row (WHO of
    World Health Organization = 世界卫生组织) is an admitted Chinese form of that row, not a row
    of its own."""
    owners: dict[str, Candidate] = {}
    for c in cands:
        if "keep-latin" not in c.method:
            for v in [c.en_term, *c.en_variants]:
                owners.setdefault(term_key(v), c)
    out = []
    for c in cands:
        owner = owners.get(term_key(c.en_term)) if c.method == "keep-latin" else None
        if owner is None:
            out.append(c)
        elif c.zh_term not in owner.zh_admitted_variants:
            owner.zh_admitted_variants.append(c.zh_term)
    return out


def _same_english_term(a: str, b: str) -> bool:
    """Two English forms of one term: the same words but for spacing, hyphens and number
    (intensive-care unit / intensive care units), or one the abbreviation of the other. Two
    terms a translator happens to render alike (mortality / infection fatality rate) are not."""
    def squeeze(text: str) -> str:
        return regex.sub(r"[\s\-]+", "", en_group_key(text))

    if squeeze(a) == squeeze(b):
        return True
    short, long = sorted((a, b), key=len)
    return " " not in short and is_short_form(short) and best_long_form(short, long) == long


def _suppress_fragments(cands: list[Candidate], en_count: Counter, zh_count: Counter) -> list[Candidate]:
    """Drop co-occurrence candidates whose English or Chinese side only occurs inside a longer
    candidate (``castration-resistant prostate`` inside ``…prostate cancer``).

    The longer candidates containing a key are found through an index of the keys' word runs
    (English: ``f" {ek} " in f" {other} "``) and substrings (Chinese: ``zk in other``), not
    by comparing every pair of candidates.
    """
    en_keys = [en_group_key(c.en_term) for c in cands]
    zh_keys = [term_key(c.zh_term) for c in cands]
    cooc_at = [i for i, c in enumerate(cands) if c.method.startswith("cooc")]
    en_wanted = {en_keys[i] for i in cooc_at if en_keys[i]}
    zh_wanted = {zh_keys[i] for i in cooc_at if zh_keys[i]}
    # word runs / substrings of every candidate key that are the key of a co-occurrence
    # candidate → the candidates (indices) whose key contains them; a proper part is shorter
    en_within: dict[str, list[int]] = defaultdict(list)
    max_words = max((k.count(" ") + 1 for k in en_wanted), default=0)
    for j, key in enumerate(en_keys):
        words = key.split(" ")
        n = len(words)
        for i in range(n):
            for m in range(i + 1, min(n, i + max_words) + 1):
                if m - i < n:
                    run = " ".join(words[i:m])
                    if run in en_wanted:
                        en_within[run].append(j)
    zh_within: dict[str, list[int]] = defaultdict(list)
    lengths = sorted({len(k) for k in zh_wanted})
    for j, key in enumerate(zh_keys):
        n = len(key)
        for size in lengths:
            if size >= n:
                break
            for i in range(n - size + 1):
                part = key[i : i + size]
                if part in zh_wanted:
                    zh_within[part].append(j)

    def contained(key: str, keys: list[str], within: dict[str, list[int]], matches) -> Iterator[int]:
        if key:
            return iter(within.get(key, ()))
        return (j for j, other in enumerate(keys) if matches(key, other))  # empty key: as the plain test

    out = []
    for idx, c in enumerate(cands):
        if not c.method.startswith("cooc"):
            out.append(c)
            continue
        ek, zk = en_keys[idx], zh_keys[idx]
        ce, cz = en_count.get(ek, 0), zh_count.get(c.zh_term, 0)
        fragment = False
        for j in contained(ek, en_keys, en_within, lambda k, o: f" {k} " in f" {o} "):
            other_key, other = en_keys[j], cands[j]
            if other is c or len(other_key) <= len(ek):
                continue
            if en_count.get(other_key, other.frequency) >= 0.8 * ce and other.score >= c.score * 0.8:
                fragment = True
                break
        if not fragment:
            for j in contained(zk, zh_keys, zh_within, lambda k, o: k in o):
                other_key, other = zh_keys[j], cands[j]
                if other is c or len(other_key) <= len(zk):
                    continue
                if zh_count.get(other.zh_term, other.frequency) >= 0.8 * cz and other.score >= c.score * 0.8:
                    fragment = True
                    break
        if not fragment:
            out.append(c)
    return out


_EN_SEARCH = regex.compile(r"[^\p{L}\p{N}'’+\-]+")


def _en_searchable(text: str) -> str:
    return " " + _EN_SEARCH.sub(" ", text.lower()) + " "


def _snippet(text: str, start: int, end: int, width: int) -> str:
    a = max(0, start - width)
    b = min(len(text), end + width)
    return ("…" if a > 0 else "") + text[a:b].strip() + ("…" if b < len(text) else "")


def _examples_and_frequency(cands: list[Candidate], spill: _Spill, n_pairs: int, report: Progress) -> None:
    """Exact pair frequency (both terms in the same aligned pair) and two short examples."""
    if not cands:
        return
    zh_forms: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        for z in [c.zh_term, *c.zh_admitted_variants]:
            zh_forms[z.replace(" ", "")].append(i)  # spaces inside Latin runs vary (CD8+ T细胞)
    counter = _SubstringCounter(zh_forms)
    en_forms: list[list[str]] = []
    for c in cands:
        forms = dict.fromkeys(f for v in [c.en_term, *c.en_variants] for f in plural_forms(en_group_key(v)))
        en_forms.append([" " + _EN_SEARCH.sub(" ", f).strip() + " " for f in forms])
    surfaces: list[Counter] = [Counter() for _ in cands]
    cased: list[Counter] = [Counter() for _ in cands]
    freq = [0] * len(cands)
    done = 0
    for en, zh, _clauses, _tokens in spill:
        found = counter.found_in(zh.replace(" ", ""))
        if found:
            en_s = None
            hit_idx = {i for z in found for i in zh_forms[z]}
            for i in hit_idx:
                en_s = en_s or _en_searchable(en)
                seen = [f for f in en_forms[i] if f in en_s]
                if seen:
                    surfaces[i].update(seen)
                    cased[i].update(_cased_surfaces(en, seen))
                    freq[i] += 1
                    c = cands[i]
                    if len(c.examples) < 2:
                        c.examples.append(_example(en, zh, c))
        done += 1
        if done % 5000 == 0:
            report("examples", done, n_pairs)
    report("examples", done, n_pairs)
    for c, f, surf, case in zip(cands, freq, surfaces, cased):
        c.frequency = max(f, 1 if c.examples else 0)
        _restore_case(c, case)
        if surf:
            best = surf.most_common(1)[0][0].strip()
            if en_group_key(best) == en_group_key(c.en_term) and best != c.en_term.lower():
                old = c.en_term
                c.en_term = best if c.en_term.islower() else c.en_term
                if c.en_term != old and old not in c.en_variants and f" {old.lower()} " in surf:
                    c.en_variants.insert(0, old)
            for form, n in surf.most_common():
                form = form.strip()
                if form != c.en_term.lower() and en_group_key(form) == en_group_key(c.en_term) and form not in c.en_variants and n > 0:
                    c.en_variants.append(form)


def _cased_surfaces(en: str, forms: list[str]) -> list[str]:
    """How the text writes the found forms where case carries meaning: not first in a
    sentence, where every word is capitalised anyway."""
    out = []
    for form in forms:
        pattern = r"(?<![\p{L}\p{N}])" + r"[^\p{L}\p{N}]+".join(regex.escape(w) for w in form.split()) + r"(?![\p{L}\p{N}])"
        for m in regex.finditer(pattern, en, flags=regex.IGNORECASE):
            before = en[: m.start()].rstrip()
            if before and before[-1] not in ".!?:;\"“'‘(\n":
                out.append(m.group(0))
    return out


def _restore_case(c: Candidate, cased: Counter) -> None:
    """A lower-cased co-occurrence term that the text always capitalises inside a sentence is a
    name (Italy, Hong Kong, Diamond Princess): give it the text's spelling, as a glossary would."""
    if not cased or not c.en_term.islower():
        return
    spelled = [s for s, _n in cased.most_common() if term_key(s) == term_key(c.en_term)]
    if spelled and all(not s.islower() for s in spelled) and spelled[0][:1].isupper():
        c.en_term = spelled[0]


def _example(en: str, zh: str, c: Candidate) -> Example:
    low = en.lower()
    at = -1
    for v in [c.en_term, *c.en_variants]:
        at = low.find(v.lower())
        if at >= 0:
            en_snip = _snippet(en, at, at + len(v), 60)
            break
    else:
        en_snip = _snippet(en, 0, 0, 120)
    for z in [c.zh_term, *c.zh_admitted_variants]:
        zat = zh.find(z)
        if zat >= 0:
            return Example(en_snip, _snippet(zh, zat, zat + len(z), 25))
    return Example(en_snip, _snippet(zh, 0, 0, 50))


def _embedding_rerank(cands: list[Candidate], model: str, report: Progress) -> None:
    from bitext.termex.similarity import term_similarities

    sims = term_similarities([(c.en_term, c.zh_term) for c in cands], model=model, progress=report)
    for c, s in zip(cands, sims):
        c.similarity = round(float(s), 4)
        c.score = round(c.score * (0.75 + 0.25 * max(0.0, float(s))), 4)
        if "embedding" not in c.method:
            c.method += "+embedding"


def default_spill_dir() -> Path:
    return Path(os.environ.get("BITEXT_TERMEX_TMP", cache_dir() / "tmp"))
