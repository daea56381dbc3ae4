"""bitext.align.aligner and bitext.align.pipeline: beads on real text (use-m3) and synthetic vectors.

- the seed abstract aligns 1-1 throughout; merging, deleting or adding a Chinese
  sentence changes exactly the bead at that place;
- the coarse-to-fine anchor pass (forced with a small ``coarse_cells``) gives the
  same, valid alignment while the DP tables stay linear in document length.
"""

from __future__ import annotations

import numpy as np
import pytest

from bitext.align import aligner
from bitext.align.aligner import (
    AlignSettings,
    BlockVectors,
    align_sentences,
    anchor_path,
    bead_moves,
    calibrated_length_power,
    confidence,
    is_heading,
    length_spread,
    repeat_of,
)
from bitext.align.pipeline import align_documents, block_embedder, open_cache, signature
from bitext.core import Alignment, Bead, Document, join_sentences
from bitext.embed.base import normalise_rows
from bitext.embed.blocks import ComposedBlocks, SummedBlocks
from bitext.embed.cache import CachedEncoder

pytestmark = pytest.mark.usefixtures("module_cache")  # a private BITEXT_CACHE_DIR (tests/conftest.py)


@pytest.fixture(scope="module")
def use_blocks(module_cache):
    """use-m3 composed blocks, with the embedding cache in the temporary cache directory."""
    blocks = block_embedder("use-m3", open_cache())
    assert isinstance(blocks, ComposedBlocks)
    return blocks


def assert_valid_beads(beads: list[Bead], n: int, m: int, max_bead: int = 5) -> None:
    """Every sentence of both sides in exactly one bead, in order; shapes within max_bead."""
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    moves = bead_moves(max_bead)
    for b in beads:
        assert (len(b.src), len(b.tgt)) in moves, b
        assert 0.0 <= b.confidence <= 1.0
        assert np.isfinite(b.score)


def shapes(beads):
    return [(b.src, b.tgt) for b in beads]


# -- the seed abstract and synthetic edits of it (use-m3) ---------------------------------------------


def test_seed_pair_is_thirteen_one_to_one_beads(use_blocks, seed_pair):
    en, zh = seed_pair
    beads = align_sentences(en, zh, use_blocks)
    assert_valid_beads(beads, 13, 13)
    assert shapes(beads) == [((k,), (k,)) for k in range(13)]
    assert all(b.kind == "1-1" for b in beads)
    assert min(b.confidence for b in beads) > 0.8


@pytest.mark.parametrize("k", range(12))
def test_merged_chinese_sentences_give_a_two_to_one_bead(use_blocks, seed_pair, k):
    en, zh = seed_pair
    merged = zh[:k] + [zh[k] + zh[k + 1]] + zh[k + 2 :]
    beads = align_sentences(en, merged, use_blocks)
    assert_valid_beads(beads, 13, 12)
    expected = [((i,), (i,)) for i in range(k)] + [((k, k + 1), (k,))] + [((i + 1,), (i,)) for i in range(k + 1, 12)]
    assert shapes(beads) == expected
    assert beads[k].kind == "2-1"


@pytest.mark.parametrize("k", range(13))
def test_deleted_chinese_sentence_gives_a_null_or_merged_bead(use_blocks, seed_pair, k):
    en, zh = seed_pair
    beads = align_sentences(en, zh[:k] + zh[k + 1 :], use_blocks)
    assert_valid_beads(beads, 13, 12)
    # The orphaned English sentence k is a 1-0 bead, or merged into a neighbour's 2-1 bead.
    special = [b for b in beads if b.kind != "1-1"]
    assert len(special) == 1
    bead = special[0]
    assert k in bead.src
    assert bead.kind in ("1-0", "2-1")
    if bead.kind == "2-1":
        assert bead.tgt[0] in (k - 1, k)  # the Chinese of the neighbour it was merged with
        assert set(bead.src) - {k} == {bead.tgt[0] if bead.tgt[0] < k else bead.tgt[0] + 1}
    # Every other bead is 1-1 and correct: English i <-> Chinese i (i-1 after the gap).
    for b in beads:
        if b is not bead:
            (i,), (j,) = b.src, b.tgt
            assert j == (i if i < k else i - 1)


def test_heading_gives_a_zero_to_one_bead(use_blocks, seed_pair):
    # Merged into the first pair ([0]:[0,1], 0.524) the heading lowers that pair's score (0.585 alone),
    # but by less than a skip costs (0.15): before headings had to improve a bead they were merged.
    en, zh = seed_pair
    beads = align_sentences(en, ["摘要"] + zh, use_blocks)
    assert_valid_beads(beads, 13, 14)
    assert shapes(beads) == [((), (0,))] + [((k,), (k + 1,)) for k in range(13)]
    merged = align_sentences(en, ["摘要"] + zh, use_blocks, AlignSettings(heading_must_gain=False))
    assert shapes(merged)[0] == ((0,), (0, 1))  # what the rule changes


def test_english_heading_without_its_translation_gives_a_one_to_zero_bead(use_blocks, seed_pair):
    en, zh = seed_pair
    beads = align_sentences(en[:6] + ["Statistical analysis"] + en[6:], zh, use_blocks)
    assert_valid_beads(beads, 14, 13)
    assert shapes(beads) == ([((k,), (k,)) for k in range(6)] + [((6,), ())]
                             + [((k + 1,), (k,)) for k in range(6, 13)])


def test_heading_is_a_short_line_without_final_punctuation():
    assert [is_heading(s) for s in ["摘要", "Statistical Analysis", " end points ", "hiv相关性癌症的预防", "Methods:",
                                    "The trial was stopped.", "研究结束。", "", "a" * 41]] == [
        True, True, True, True, False, False, False, False, False]


# -- verbatim repeats: a paragraph pasted twice ------------------------------------------------------------


def test_repeats_are_verbatim_up_to_whitespace_and_case_and_recent():
    long = "The primary safety outcome was bleeding."
    sents = [long, "Other text here.", long.upper(), "  " + long.replace(" ", "  "), "Yes, sir!", "Yes, sir!"]
    assert repeat_of(sents).tolist() == [-1, -1, 0, 2, -1, -1]  # "Yes, sir!" is under 10 characters
    filler = [f"filler sentence {k}" for k in range(aligner.REPEAT_WINDOW)]
    assert repeat_of([long] + filler[1:] + [long])[-1] == 0  # REPEAT_WINDOW sentences back: still a repeat
    assert repeat_of([long] + filler + [long])[-1] == -1  # one further: not


def _pasted_twice(zh: list[str], k: int, run: int) -> tuple[list[str], list]:
    """The Chinese with sentences k..k+run-1 pasted again right after themselves, and the gold beads."""
    text = zh[: k + run] + zh[k : k + run] + zh[k + run :]
    gold = ([((i,), (i,)) for i in range(k + run)] + [((), (j,)) for j in range(k + run, k + 2 * run)]
            + [((i,), (i + run,)) for i in range(k + run, len(zh))])
    return text, gold


@pytest.mark.parametrize("run", [1, 2])
@pytest.mark.parametrize("k", range(11))
def test_pasted_twice_chinese_gives_null_beads_for_the_copies(use_blocks, seed_pair, k, run):
    # Before repeats were free to leave out (every skip cost 0.15), 21 of these 22 cases came
    # out wrong: the copies were merged into neighbouring beads or aligned instead of the originals.
    en, zh = seed_pair
    pasted, gold = _pasted_twice(zh, k, run)
    beads = align_sentences(en, pasted, use_blocks)
    assert_valid_beads(beads, 13, 13 + run)
    assert shapes(beads) == gold


@pytest.mark.parametrize("k", range(11))
def test_no_bead_holds_a_sentence_and_its_copy(use_blocks, seed_pair, k):
    en, zh = seed_pair
    pasted, _ = _pasted_twice(zh, k, 3)
    copy_of = repeat_of(pasted)
    assert {j: int(c) for j, c in enumerate(copy_of) if c >= 0} == {k + 3: k, k + 4: k + 1, k + 5: k + 2}
    beads = align_sentences(en, pasted, use_blocks)
    assert_valid_beads(beads, 13, 16)
    for bead in beads:
        assert not any(copy_of[j] in bead.tgt for j in bead.tgt)


def test_max_bead_limits_shapes(use_blocks, seed_pair):
    en, zh = seed_pair
    merged = zh[:3] + ["".join(zh[3:6])] + zh[6:]  # a 3-1 bead would be right
    five = align_sentences(en, merged, use_blocks, AlignSettings(max_bead=5))
    assert_valid_beads(five, 13, 11, 5)
    assert ((3, 4, 5), (3,)) in shapes(five)
    two = align_sentences(en, merged, use_blocks, AlignSettings(max_bead=2))
    assert_valid_beads(two, 13, 11, 2)
    assert all(len(b.src) + len(b.tgt) <= 2 for b in two)


def test_reversed_direction_zh_to_en(use_blocks, seed_pair):
    en, zh = seed_pair
    beads = align_sentences(zh, en, use_blocks, src_lang="zh", tgt_lang="en")
    assert shapes(beads) == [((k,), (k,)) for k in range(13)]


# -- confidence -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [-50.0, -1.0, 0.0, 0.3, 1.0, 50.0, 1e6])
@pytest.mark.parametrize("move", [(1, 1), (2, 1), (1, 0), (0, 1)])
def test_confidence_is_in_unit_interval(score, move):
    c = confidence(score, move)
    assert 0.0 <= c <= 1.0


def test_confidence_of_a_very_low_score_is_zero_not_an_error():
    assert confidence(-100.0, (1, 1)) == pytest.approx(0.0)


def test_confidence_grows_with_score():
    scores = np.linspace(-1, 1, 41)
    values = [confidence(s, (1, 1)) for s in scores]
    assert values == sorted(values) and values[0] < 0.5 < values[-1]


# -- synthetic documents: known gold, coarse-to-fine anchors, linear memory ----------------------------


class ConceptBlocks:
    """Sentence vectors from a table; a block's vector is the normalised sum of its sentences."""

    fingerprint = "concept-test-vectors"

    def __init__(self, table: dict[str, np.ndarray]):
        self.table = table

    def block_vectors(self, sentences, lang, max_len):
        singles = np.vstack([self.table[s] for s in sentences])
        cums = np.vstack([np.zeros((1, singles.shape[1])), np.cumsum(singles, axis=0)])
        return {size: normalise_rows(cums[size:] - cums[:-size]) for size in range(1, min(max_len, len(sentences)) + 1)}


def synthetic_document(n: int, seed: int, merges=(), deletions=(), dim: int = 64, noise: float = 0.3):
    """n English 'sentences'; the Chinese side translates each, merging pairs at ``merges`` and
    dropping ``deletions``. Returns src, tgt, the vector table and the gold beads."""
    rng = np.random.default_rng(seed)
    concepts = normalise_rows(rng.standard_normal((n, dim)))
    lengths = rng.integers(30, 120, n)
    table, src, tgt, gold = {}, [], [], []
    for k in range(n):
        text = f"e{k:05d}" + "x" * int(lengths[k])
        table[text] = concepts[k]
        src.append(text)
    k = 0
    while k < n:
        if k in deletions:
            gold.append(((k,), ()))
            k += 1
            continue
        ks = [k, k + 1] if k in merges else [k]
        text = f"z{k:05d}" + "中" * int(sum(lengths[ks]) // 3)  # 3 bytes a Hanzi: similar byte length
        vec = concepts[ks].sum(0) + noise * rng.standard_normal(dim) / np.sqrt(dim)
        table[text] = normalise_rows(vec[None])[0]
        gold.append((tuple(ks), (len(tgt),)))
        tgt.append(text)
        k += len(ks)
    return src, tgt, table, gold


@pytest.fixture
def dp_spy(monkeypatch):
    """Records (rows, band width) of every banded_dp call and counts coarsening steps."""
    calls: list[tuple[int, int]] = []
    coarsened = [0]
    real_dp, real_coarsen = aligner.banded_dp, aligner._coarsen

    def spy_dp(n, m, lo, hi, moves, score_fn):
        calls.append((n + 1, int((hi - lo).max()) + 1))
        return real_dp(n, m, lo, hi, moves, score_fn)

    def spy_coarsen(vecs):
        coarsened[0] += 1
        return real_coarsen(vecs)

    monkeypatch.setattr(aligner, "banded_dp", spy_dp)
    monkeypatch.setattr(aligner, "_coarsen", spy_coarsen)
    return calls, coarsened


def test_synthetic_document_recovers_gold(dp_spy):
    src, tgt, table, gold = synthetic_document(120, 1, merges={10, 50, 77}, deletions={30, 91})
    beads = align_sentences(src, tgt, ConceptBlocks(table))
    assert_valid_beads(beads, len(src), len(tgt))
    assert shapes(beads) == gold
    assert dp_spy[1][0] == 0  # 121 x 117 cells: no coarse pass by default


@pytest.mark.parametrize("n", [200, 400])
def test_coarse_to_fine_anchor_pass_gives_the_same_valid_alignment(dp_spy, n):
    calls, coarsened = dp_spy
    src, tgt, table, gold = synthetic_document(n, 7, merges={10, 50, 77, n - 20}, deletions={30, 91, n - 5})
    blocks = ConceptBlocks(table)
    full = align_sentences(src, tgt, blocks)
    calls.clear()
    coarsened[0] = 0
    coarse = align_sentences(src, tgt, blocks, AlignSettings(coarse_cells=100))
    assert coarsened[0] >= 2, "coarse_cells=100 must force the coarse-to-fine pass"
    assert_valid_beads(coarse, len(src), len(tgt))
    assert shapes(coarse) == shapes(full) == gold
    # Memory: every DP table is (rows x band width), the width bounded independently of n.
    cells = max(rows * width for rows, width in calls)
    assert max(width for _, width in calls) <= 40
    assert cells <= 40 * (n + 1)


def test_anchor_path_coarse_equals_full_on_clean_data():
    rng = np.random.default_rng(3)
    src = normalise_rows(rng.standard_normal((150, 32)))
    tgt = normalise_rows(src + 0.2 * rng.standard_normal(src.shape) / np.sqrt(32))
    full = anchor_path(src, tgt, top_k=3, coarse_cells=10**9)
    coarse = anchor_path(src, tgt, top_k=3, coarse_cells=50)
    assert full == coarse == [(k, k) for k in range(151)]


# -- the length prior calibrated per document ---------------------------------------------------------


def sized_blocks(byte_lengths) -> BlockVectors:
    sentences = ["x" * int(k) for k in byte_lengths]
    return BlockVectors(sentences, {1: np.ones((len(sentences), 4), dtype=np.float32)}, 1)


def test_length_spread_is_the_robust_deviation_of_the_one_to_one_log_ratios():
    n = aligner.MIN_LENGTH_SAMPLES + 2
    d = np.tile([-0.4, 0.4], n // 2)  # log ratios around a global ratio of 3, which does not count
    src, tgt = sized_blocks([100] * n), sized_blocks(np.round(300 * np.exp(-d)))
    assert length_spread(src, tgt, [(k, k) for k in range(n + 1)]) == pytest.approx(1.4826 * 0.4, rel=0.02)
    # a 2-1 step is not a length sample; with too few samples there is no estimate
    enough = [(0, 0), (2, 1)] + [(k + 1, k) for k in range(2, 2 + aligner.MIN_LENGTH_SAMPLES)]
    assert length_spread(src, tgt, enough) == pytest.approx(1.4826 * 0.4, rel=0.02)
    assert length_spread(src, tgt, enough[:-1]) is None


def test_length_spread_survives_empty_sentences():
    n = aligner.MIN_LENGTH_SAMPLES
    spread = length_spread(sized_blocks([0] * n), sized_blocks([3] * n), [(k, k) for k in range(n + 1)])
    assert spread == 0.0


@pytest.mark.parametrize(
    ("spread", "tolerance", "expected"),
    [(None, 0.5, 0.8), (0.3, 0.5, 0.8), (0.5, 0.5, 0.8), (1.0, 0.5, 0.2), (0.7, 0.35, 0.2), (2.0, 0.0, 0.8),
     (0.0, -0.1, 0.8)],
)
def test_length_power_shrinks_by_the_variance_ratio_beyond_the_tolerance(spread, tolerance, expected):
    settings = AlignSettings(length_power=0.8, length_tolerance=tolerance)
    assert calibrated_length_power(settings, spread) == pytest.approx(expected)


def test_a_free_translation_gets_a_weaker_length_prior_and_a_better_alignment(monkeypatch):
    powers = []
    real_scorer = aligner._BeadScorer

    def spy(src, tgt, settings, lo, hi):
        powers.append(settings.length_power)
        return real_scorer(src, tgt, settings, lo, hi)

    monkeypatch.setattr(aligner, "_BeadScorer", spy)
    src, tgt, table, gold = synthetic_document(60, 2, merges=(10, 30), deletions=(45,))
    assert shapes(align_sentences(src, tgt, ConceptBlocks(table))) == gold
    assert powers[-1] == AlignSettings().length_power  # a close translation keeps the full prior
    # the same content with the Chinese lengths scattered: log ratios with a standard deviation of 1
    rng = np.random.default_rng(2)
    free = [t[:6] + t[6:7] * max(1, int(len(t[6:]) * np.exp(rng.normal()))) for t in tgt]
    table.update({f: table[t] for f, t in zip(free, tgt, strict=True)})
    calibrated = align_sentences(src, free, ConceptBlocks(table))
    assert powers[-1] < AlignSettings().length_power / 3
    assert shapes(calibrated) == gold
    fixed = align_sentences(src, free, ConceptBlocks(table), AlignSettings(length_tolerance=0))
    assert len(set(shapes(fixed)) & set(gold)) < len(gold) - 2


def test_band_is_linear_in_document_length(dp_spy):
    calls, _ = dp_spy
    widths = {}
    for n in (300, 600):
        src, tgt, table, gold = synthetic_document(n, 11)
        calls.clear()
        beads = align_sentences(src, tgt, ConceptBlocks(table), AlignSettings(coarse_cells=1000))
        assert shapes(beads) == gold
        widths[n] = max(rows * width for rows, width in calls)
    assert widths[600] <= 2.3 * widths[300]


# -- pipeline -----------------------------------------------------------------------------------------


def test_align_documents_and_signature(use_blocks, seed_pair):
    en, zh = seed_pair
    docs = [Document("a", en, zh), Document("b", zh[:5], en[:5], "zh", "en")]
    seen = []
    out = align_documents(docs, use_blocks, on_document=lambda d: seen.append(d.id))
    assert seen == ["a", "b"]
    assert [type(a) for a in out] == [Alignment, Alignment]
    assert shapes(out[0].beads) == [((k,), (k,)) for k in range(13)]
    assert shapes(out[1].beads) == [((k,), (k,)) for k in range(5)]
    sig = out[0].signature
    assert sig == signature(use_blocks, AlignSettings())
    assert sig["model"] == use_blocks.fingerprint and sig["model"].startswith("use-m3@")
    aligner = sig["aligner"]
    assert "max_bead=7" in aligner and "repeat_skip=0.0" in aligner and "coarse_cells" not in aligner
    pairs = out[1].pairs()
    assert pairs[0] == (zh[0], en[0], out[1].beads[0])
    assert join_sentences(["A.", "B."], "en") == "A. B." and join_sentences(["甲。", "乙。"], "zh-CN") == "甲。乙。"


class _HashEncoder:
    name = fingerprint = "hash-test-encoder"
    dim = 8

    def __init__(self):
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen += texts
        rows = [np.random.default_rng(list(t.encode("utf-8")) or [0]).standard_normal(self.dim) for t in texts]
        return normalise_rows(np.array(rows).reshape(len(texts), self.dim))


def test_summed_blocks_embed_each_sentence_once_and_never_joined_text():
    src = [f"source sentence {i}." for i in range(6)]
    tgt = [f"target sentence {i}." for i in range(6)]
    enc = _HashEncoder()
    beads = align_sentences(src, tgt, SummedBlocks(CachedEncoder(enc, None)))
    assert sorted(enc.seen) == sorted(src + tgt)
    assert [i for b in beads for i in b.src] == list(range(6))
