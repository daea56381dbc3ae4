"""Over-long sentences keep their vectors: use-m3's sentence states were stored as float16, whose
largest value is 65504, so a sentence of more tokens (a 70,000-word line has ~89,000) had an
infinite token count, NaN vectors that went into the cache, and aligned as 1-0 + 0-1. States
now keep their precision whatever the length, and no non-finite vector is ever cached."""

from __future__ import annotations

import sqlite3

import numpy as np
from bad_input_helpers import SENTENCE_EN, SENTENCE_ZH, run_bitext

LONG_EN = " ".join(("overall survival was longer in the group treated with lanreotide than in the placebo group "
                    * 5000).split()[:70_000])
LONG_ZH = "接受兰瑞肽治疗组的总生存期长于安慰剂组。" * 1000


def test_a_70k_word_line_aligns_with_its_translation(tmp_path):
    en = [SENTENCE_EN, "Median follow-up was 36 months.", LONG_EN, "No patient died of the treatment."]
    zh = [SENTENCE_ZH, "中位随访时间为36个月。", LONG_ZH, "无患者死于治疗。"]
    (tmp_path / "a.en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "a.zh.txt").write_text("\n".join(zh) + "\n", encoding="utf-8")
    args = ("align", "--src", "a.en.txt", "--tgt", "a.zh.txt", "--presplit", "-f", "beads")
    cold = run_bitext(*args, cwd=tmp_path)
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout == "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n"
    warm = run_bitext(*args, cwd=tmp_path)  # every state read back from the cache
    assert (warm.returncode, warm.stdout) == (0, cold.stdout)
    with sqlite3.connect(tmp_path / ".cache" / "embeddings.sqlite") as db:
        rows = db.execute("SELECT dim, vec FROM vectors").fetchall()
    assert len(rows) == 8
    assert all(np.isfinite(np.frombuffer(blob, dtype=np.float16)).all() for _, blob in rows)


def test_cache_never_stores_or_serves_a_non_finite_vector(tmp_path):
    from bitext.embed.cache import EmbeddingCache, _key

    cache = EmbeddingCache(tmp_path / "e.sqlite")
    vectors = np.array([[1.0, 2.0], [np.nan, 1.0], [np.inf, 0.0], [70000.0, 1.0]], dtype=np.float32)
    cache.put_many("m", ["ok", "nan", "inf", "too big for float16"], vectors, dtype=np.float16)
    assert cache.count() == 1
    # a row an older version stored is not served either: it is embedded again
    with cache._db:
        old_row = np.array([np.nan, 1], np.float16).tobytes()
        cache._db.execute("INSERT INTO vectors VALUES (?, 2, ?)", (_key("m", "old"), old_row))
    assert sorted(cache.get_many("m", ["ok", "nan", "old"], dtype=np.float16)) == ["ok"]


def test_composed_states_of_a_long_sentence_are_exact_enough(use_m3):
    """Composing two long sentences equals embedding their joined text, as for short ones."""
    from bitext.embed.blocks import ComposedBlocks
    from bitext.embed.use_m3 import UseM3Encoder

    assert isinstance(use_m3, UseM3Encoder)
    first, second = LONG_ZH[: 30_000], LONG_ZH[30_000:]
    blocks = ComposedBlocks(use_m3, cache=None).block_vectors([first, second], "zh", 2)
    joined = use_m3.encode([first + second])[0]
    assert np.isfinite(blocks[2]).all()
    assert float(blocks[2][0] @ joined) > 0.99
