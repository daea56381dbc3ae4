"""The first pass of term extraction: every aligned pair cleaned, tokenised and cut into n-grams
once, in chunks, in ``workers`` forked processes; the chunks' counts, abbreviation definitions,
parentheticals and codes merged here in input order; each pair's n-grams spilled to a
temporary file that the later passes read instead of tokenising again."""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import tempfile
from collections import Counter, defaultdict, deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import regex

from bitext.glossary.normalize import clean_text, term_key
from bitext.paths import cache_dir, usable_dir
from bitext.termex import cooc
from bitext.termex.abbrev import find_abbreviations
from bitext.termex.candidate import Progress
from bitext.termex.latin import codes, kept_pattern
from bitext.termex.lexicon import compound_parts
from bitext.termex.normalize import compact_chinese
from bitext.termex.zhparen import _merge_tokens, find_parentheticals

CHUNK_PAIRS = 500
"""Aligned pairs per first-pass chunk (the unit of work handed to a worker process)."""

_OPEN_BRACKET = regex.compile(r"[（(\[【]")



@dataclass
class Paren:
    """A Chinese parenthetical waiting for its English term and boundary."""

    tokens: tuple[str, ...]
    titled: str | None
    english: str | None
    acronym: str | None
    kind: str


def pairs_of(alignments: Iterable) -> Iterator[tuple[str, str]]:
    for item in alignments:
        if hasattr(item, "pairs"):
            for src, tgt, _bead in item.pairs():
                yield src, tgt
        else:
            src, tgt = item[0], item[1]
            yield src, tgt


def count_aligned_pairs(alignments) -> int | None:
    try:
        return sum(len(a.beads) if hasattr(a, "beads") else 1 for a in alignments)
    except TypeError:
        return None


class Spill:
    """Scanned pairs on disk, in input order: one line per pair (cleaned texts, English
    n-gram keys, Chinese n-grams), so the later passes need not tokenise again."""

    def __init__(self, directory: Path | None):
        directory = directory or cache_dir() / "tmp"
        usable = usable_dir(directory)  # else the system's temp dir
        self.file = tempfile.TemporaryFile(mode="w+", encoding="utf-8",  # noqa: SIM115 (close())
                                           dir=directory if usable else None)

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
    parens: list[Paren]
    latin_seen: Counter  # code-like English tokens (COVID-19, N95): pairs that have them
    latin_kept: Counter  # … and whose Chinese keeps them as they are
    spill: str  # the chunk's spill lines
    pid: int = 0  # the process that scanned the chunk
    skipped: list[int] = field(default_factory=list)  # positions in the chunk of pairs without text once cleaned
    n_inputs: int = 0  # pairs given, with text or not


class Scanner:
    """The per-pair work of the first pass: clean, tokenise, n-grams, abbreviations, parentheticals."""

    def __init__(self, tok, max_ngram: int):
        self.tok = tok
        self.max_ngram = max_ngram
        self._part_cache: dict[str, list[str]] = {}

    def cut(self, text: str) -> list[str]:
        return _merge_tokens(self.tok.lcut(text))

    def zh_grams(self, zh: str) -> set[str]:
        """The Chinese n-grams of one text, and those inside the long words the tokenizer keeps
        whole (湖北 in 湖北省, 血压 in 高血压): a term may be a constituent of a longer word."""
        tokens = self.cut(zh)
        grams = cooc.zh_ngrams(tokens, self.max_ngram)
        for token in tokens:
            if len(token) >= 3:
                parts = self._parts(token)
                if len(parts) > 1:
                    grams.update(g for g in cooc.zh_ngrams(parts, self.max_ngram) if g != token)
        return grams

    def _parts(self, word: str) -> list[str]:
        parts = self._part_cache.get(word)
        if parts is None:
            parts = compound_parts(self.tok, word)
            if len(self._part_cache) < 200_000:
                self._part_cache[word] = parts
        return parts

    def __call__(self, chunk: list[tuple[str, str]]) -> _Scan:
        en_count: Counter[str] = Counter()
        zh_count: Counter[str] = Counter()
        abbreviations: list[tuple[str, str, str]] = []
        parens: list[Paren] = []
        latin_seen: Counter[str] = Counter()
        latin_kept: Counter[str] = Counter()
        lines: list[str] = []
        n_pairs = 0
        skipped: list[int] = []
        max_ngram = self.max_ngram
        for position, (en, zh) in enumerate(chunk):
            en, zh = clean_text(en), compact_chinese(clean_text(zh))
            if not en or not zh:
                skipped.append(position)
                continue
            n_pairs += 1
            en_grams = cooc.en_ngrams(cooc.en_clauses(en), max_ngram)
            zh_grams = self.zh_grams(zh)
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
                    parens.append(Paren(hit.tokens, hit.titled, english, hit.acronym, hit.kind))
            found = codes(en)
            if found:
                latin_seen.update(found)
                latin_kept.update(c for c in found if kept_pattern(c).search(zh))
            lines.append(Spill.line(en, zh, en_grams, zh_grams))
        return _Scan(n_pairs, en_count, zh_count, abbreviations, parens, latin_seen, latin_kept, "".join(lines),
                     os.getpid(), skipped, len(chunk))


_worker_scanner: Scanner | None = None


def _init_worker(scanner: Scanner) -> None:
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


def scan_chunks(pairs: Iterator[tuple[str, str]], scanner: Scanner, workers: int) -> Generator[_Scan, None, None]:
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


def _prune(counter: Counter, max_size: int) -> None:
    if len(counter) > max_size:
        for key in [k for k, c in counter.items() if c <= 1]:
            del counter[key]


def _same_acronym(a: str, b: str) -> bool:
    a, b = term_key(a), term_key(b)
    return a == b or a.rstrip("s") == b.rstrip("s")


@dataclass
class CorpusCounts:
    """What the first pass gathers over the whole corpus."""

    n_pairs: int = 0
    en_count: Counter[str] = field(default_factory=Counter)
    zh_count: Counter[str] = field(default_factory=Counter)
    # acronym key → long-form key counts
    sf_long: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    long_surface: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    parens: list[Paren] = field(default_factory=list)
    latin_seen: Counter[str] = field(default_factory=Counter)
    latin_kept: Counter[str] = field(default_factory=Counter)


def scan_corpus(alignments: Iterable, scanner: Scanner, workers: int, spill: Spill, max_vocab: int,
                report: Progress, total: int | None) -> CorpusCounts:
    """Monolingual counts, abbreviation definitions, parentheticals and codes of every pair, its
    n-grams spilled to ``spill``; the vocabularies pruned when they grow past ``max_vocab``."""
    counts = CorpusCounts()
    # (chunks scanned by the workers, merged here in input order; closing the generator
    # stops the workers if anything here fails or is interrupted)
    with contextlib.closing(scan_chunks(pairs_of(alignments), scanner, workers)) as scans:
        for scan in scans:
            before = counts.n_pairs
            _merge_scan(counts, scan, spill, monolingual=True)
            if counts.n_pairs // 1000 > before // 1000:
                _prune(counts.en_count, max_vocab)
                _prune(counts.zh_count, max_vocab)
            report("count", counts.n_pairs, total)
    report("count", counts.n_pairs, total)
    return counts


def _merge_scan(counts: CorpusCounts, scan: _Scan, spill: Spill, monolingual: bool) -> None:
    """Add one scan to the corpus counts (its n-gram counts too when ``monolingual``) and spill."""
    counts.n_pairs += scan.n_pairs
    if monolingual:
        counts.en_count.update(scan.en_count)
        counts.zh_count.update(scan.zh_count)
    for sk, lk, long in scan.abbreviations:
        counts.sf_long[sk][lk] += 1
        counts.long_surface[lk][long] += 1
    counts.parens.extend(scan.parens)
    counts.latin_seen.update(scan.latin_seen)
    counts.latin_kept.update(scan.latin_kept)
    spill.write_lines(scan.spill)


class RangeMerger:
    """The first pass over scans of consecutive ranges of the corpus (a distributed run's shards,
    each scanned whole by a worker), merged in corpus order into the counts ``scan_corpus`` would
    have: the vocabularies are pruned after the same pairs, at the ends of the CHUNK_PAIRS-pair
    chunks a local run merges, wherever the ranges begin and end.

    Without pruning (the counts stay within ``max_vocab`` over a range) a range's counts are
    added at once; else its pairs are replayed from its spill lines, chunk end by chunk end.
    """

    def __init__(self, spill: Spill, max_vocab: int, report: Progress, total: int | None = None):
        self.counts = CorpusCounts()
        self.spill, self.max_vocab, self.report, self.total = spill, max_vocab, report, total
        self.inputs = 0  # pairs merged so far, with text or not
        self.pairs_at_chunk_end = 0  # counts.n_pairs at the last chunk end

    def add(self, scan: _Scan) -> None:
        counts = self.counts
        grows = any(len(mine) + sum(1 for key in theirs if key not in mine) > self.max_vocab
                    for mine, theirs in ((counts.en_count, scan.en_count), (counts.zh_count, scan.zh_count)))
        pairs_before = counts.n_pairs
        _merge_scan(counts, scan, self.spill, monolingual=not grows)
        grams = iter(_spilled_grams(scan.spill)) if grows else None
        skipped = set(scan.skipped)
        kept = pairs_before
        for position in range(scan.n_inputs):
            if position not in skipped:
                kept += 1
                if grams is not None:
                    en_grams, zh_grams = next(grams)
                    counts.en_count.update(en_grams)
                    counts.zh_count.update(zh_grams)
            if (self.inputs + position + 1) % CHUNK_PAIRS == 0:
                self._chunk_end(kept)
        self.inputs += scan.n_inputs
        self.report("count", counts.n_pairs, self.total)

    def _chunk_end(self, pairs: int) -> None:
        if pairs // 1000 > self.pairs_at_chunk_end // 1000:
            _prune(self.counts.en_count, self.max_vocab)
            _prune(self.counts.zh_count, self.max_vocab)
        self.pairs_at_chunk_end = pairs

    def finish(self) -> CorpusCounts:
        """The counts, once every range is added (a last chunk shorter than CHUNK_PAIRS ends here)."""
        if self.inputs % CHUNK_PAIRS:
            self._chunk_end(self.counts.n_pairs)
        self.report("count", self.counts.n_pairs, self.total)
        return self.counts


def _spilled_grams(lines: str) -> Iterator[tuple[list[str], list[str]]]:
    for line in lines.split("\n")[:-1]:  # (not splitlines: a text may hold U+2028)
        _en, _zh, e, z = line.split("\t")
        yield e.split("\x1f") if e else [], z.split("\x1f") if z else []
