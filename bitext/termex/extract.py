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

The stages, one module each: bitext.termex.scan (first pass), .linking (pair counts,
association, competitive linking), .parens (parenthesis votes), .latin (codes kept in Latin
script), .ranking (merging, scoring, grouping, known terms), .listing (how many rows the
default list keeps), .examples (last pass).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from bitext.models import DEFAULT_MODEL
from bitext.termex.candidate import Candidate, Example, Progress
from bitext.termex.cooc import SubstringCounter
from bitext.termex.examples import examples_and_frequency
from bitext.termex.latin import kept_in_latin, sometimes_kept
from bitext.termex.lexicon import Lexicon, default_lexicon, make_tokenizer
from bitext.termex.linking import abbreviation_proposals, count_cooccurrences, link_terms, vocabularies
from bitext.termex.listing import DEFAULT_LIMIT, established
from bitext.termex.parens import boundary_strings, paren_proposals, resolve_acronyms
from bitext.termex.ranking import (
    KnownKeys,
    assemble,
    embedding_rerank,
    mark_known,
    suppress_fragments,
    with_inflected_forms,
    without_modifiers_alone,
)
from bitext.termex.scan import CorpusCounts, Scanner, Spill, count_aligned_pairs, default_workers, scan_corpus

__all__ = ["DEFAULT_LIMIT", "Candidate", "Example", "FirstPass", "Progress", "build_candidates", "default_workers",
           "known_scanner"]

FirstPass = Callable[[Scanner, Spill, int, Progress], CorpusCounts]
"""The first pass done elsewhere (bitext.distributed): given the scanner, the spill to fill, the
vocabulary bound and progress, the counts scan_corpus would give."""


def known_scanner(known_pairs: Iterable[tuple[str, str]] | None, max_ngram: int = 4) -> Scanner:
    """The first pass's per-pair work, its tokenizer knowing the glossary's Chinese terms."""
    return Scanner(make_tokenizer(z for _e, z in (known_pairs or ()) if z), max_ngram)


def build_candidates(
    alignments: Iterable,
    known_pairs: Iterable[tuple[str, str]] | None = None,
    min_freq: int = 2,
    limit: int | None = None,
    progress: Progress | None = None,
    *,
    keep_established: bool = False,
    embeddings: bool = False,
    embed_model: str = DEFAULT_MODEL,
    include_known: bool = False,
    lexicon: Lexicon | None = None,
    max_ngram: int = 4,
    min_dice: float = 0.3,
    min_llr: float = 10.83,
    max_vocab: int = 2_000_000,
    spill_dir: Path | None = None,
    workers: int | None = None,
    first_pass: FirstPass | None = None,
) -> list[Candidate]:
    """Ranked EN–ZH term candidates from aligned documents, best first.

    ``alignments``: :class:`bitext.core.Alignment` objects (their ``pairs()`` are
    used) or plain ``(english, chinese)`` text pairs; a generator is read once.
    ``known_pairs``: ``(en, zh)`` pairs already in the glossary; matching candidates are
    not proposed again (returned with status ``known`` when ``include_known``).
    ``min_freq``: a co-occurrence candidate must be seen in this many aligned pairs
    (parenthetical candidates need one definition). ``limit``: keep the best N; with
    ``keep_established`` also every further candidate the corpus establishes (seen in 3+ pairs,
    the usual rendering of its English: bitext.termex.listing), as ``bitext glossary build`` does
    by default with ``limit=DEFAULT_LIMIT``.
    ``embeddings``: re-rank with the cosine similarity of the two terms (``embed_model``).
    ``workers``: processes for the first pass (tokenising, n-grams); default
    :func:`default_workers`, 1 = in this process. The candidates do not depend on it.
    ``first_pass``: the first pass done elsewhere (``alignments`` is then not read).
    """
    report = progress or (lambda stage, done, total: None)
    total = count_aligned_pairs(alignments) if isinstance(alignments, (list, tuple)) else None
    lexicon = lexicon or default_lexicon()
    known = KnownKeys(known_pairs)
    scanner = known_scanner(known_pairs, max_ngram)
    workers = default_workers() if workers is None else max(1, int(workers))
    spill = Spill(spill_dir)
    try:
        if first_pass is not None:
            counts = first_pass(scanner, spill, max_vocab, report)
        else:
            counts = scan_corpus(alignments, scanner, workers, spill, max_vocab, report, total)
        if counts.n_pairs == 0:
            return []
        resolve_acronyms(counts.parens, counts.sf_long, counts.long_surface)

        en_vocab, zh_vocab = vocabularies(counts, min_freq)
        boundaries = boundary_strings(counts.parens)
        substrings = SubstringCounter(boundaries)
        e_idx, z_idx, joint = count_cooccurrences(spill, en_vocab, zh_vocab, substrings if boundaries else None,
                                                  counts.n_pairs, min_freq, report)
        links = link_terms(e_idx, z_idx, joint, en_vocab, zh_vocab, counts, min_dice=min_dice, min_llr=min_llr,
                           glosses=lexicon.glosses, cut=scanner.cut)
        del e_idx, z_idx, joint

        proposals = links.proposals
        proposals += paren_proposals(counts.parens, substrings.counts, lexicon, known.by_zh)
        proposals += abbreviation_proposals(counts.sf_long, counts.long_surface, links.associations, links.zh_list,
                                            min_dice)
        proposals += kept_in_latin(counts.latin_seen, counts.latin_kept, min_freq)
        proposals = without_modifiers_alone(proposals, counts.en_count)
        candidates = assemble(proposals, links.associations, counts.en_count, counts.zh_count,
                              sometimes_kept(counts.latin_seen, counts.latin_kept, min_freq),
                              lexicon.words | set(known.by_zh))
        candidates = suppress_fragments(candidates, counts.en_count, counts.zh_count)
        candidates = with_inflected_forms(candidates, links.associations, counts.en_count, min_dice)
        out = mark_known(candidates, known, include_known)

        if embeddings and out:
            embedding_rerank(out, embed_model, report)
        out.sort(key=lambda c: (-c.score, c.en_term))
        if limit is not None:
            beyond = established(out[limit:], links.associations, counts.en_count, counts.latin_kept,
                                 min_freq) if keep_established else []
            out = out[:limit] + beyond
        examples_and_frequency(out, spill, counts.n_pairs, report)
        for i, c in enumerate(out, start=1):
            c.concept_id = f"T{i:04d}"
        return out
    finally:
        spill.close()
