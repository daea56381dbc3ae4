"""The default model's vectors are a function of the sentence alone: the same bytes whatever batch,
process, cache state or shard computed them (the Ray engine's byte-identical output rests on this).

In float32, OpenBLAS rounds a row of a matrix product differently with its position and the number
of rows, so a sentence embedded among other sentences used to change in the last bits with them."""

from __future__ import annotations

import numpy as np
import pytest

from bitext.embed.blocks import ComposedBlocks

pytestmark = pytest.mark.usefixtures("module_cache")  # a private BITEXT_CACHE_DIR (tests/conftest.py)


def varied_sentences(en: list[str], zh: list[str]) -> list[str]:
    """Sentences of many lengths: the seed's, pieces and joins of them, and short synthetic ones."""
    out = list(en) + list(zh)
    out += [" ".join(en[k : k + 3]) for k in range(0, len(en), 3)]  # longer than any seed sentence
    out += [sentence.split(",")[0] for sentence in en]  # shorter ones
    out += [f"Patient {k} received {k * 7 % 50} mg of the study drug on day {k}." for k in range(12)]
    return list(dict.fromkeys(out))


def test_sentence_states_do_not_depend_on_the_batch(use_m3, seed_pair):
    texts = varied_sentences(*seed_pair)
    rng = np.random.default_rng(7)
    alone = np.vstack([use_m3.sentence_states([t]) for t in texts])
    whole = use_m3.sentence_states(texts)
    shuffled_order = rng.permutation(len(texts))
    shuffled = use_m3.sentence_states([texts[k] for k in shuffled_order])
    halves = np.vstack([use_m3.sentence_states(texts[1::2]), use_m3.sentence_states(texts[0::2])])
    halves_order = np.concatenate([np.arange(1, len(texts), 2), np.arange(0, len(texts), 2)])
    assert alone.dtype == np.float32 and alone.shape == (len(texts), whole.shape[1])
    assert whole.tobytes() == alone.tobytes()
    assert shuffled.tobytes() == alone[shuffled_order].tobytes()
    assert halves.tobytes() == alone[halves_order].tobytes()


def test_long_sentence_states_do_not_depend_on_the_batch(use_m3, seed_pair):
    """A sentence longer than the token budget is embedded in pieces: still a function of itself."""
    en, _zh = seed_pair
    long_text = " ".join(en * 3)
    alone = use_m3._states([long_text], token_budget=64)
    among = use_m3._states([en[0], long_text, en[1]], token_budget=64)
    assert alone.lens[0] > 64
    for part in ("sums", "first", "last"):
        assert getattr(among, part)[1].tobytes() == getattr(alone, part)[0].tobytes()


def test_document_vectors_do_not_depend_on_what_was_embedded_with_it(use_m3, seed_pair):
    """A document's block vectors, prefetched with other documents' sentences or on their own."""
    en, zh = seed_pair
    others = varied_sentences(en[8:], zh[8:])
    document = zh[:6]
    on_its_own = ComposedBlocks(use_m3, None).block_vectors(document, "zh", 3)
    blocks = ComposedBlocks(use_m3, None)
    blocks.prefetch(others[:7] + document + others[7:])
    among_others = blocks.block_vectors(document, "zh", 3)
    assert sorted(on_its_own) == sorted(among_others) == [1, 2, 3]
    for size in on_its_own:
        assert on_its_own[size].tobytes() == among_others[size].tobytes()
