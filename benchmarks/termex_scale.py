"""Scale benchmark for term extraction: 10,000 synthetic aligned abstracts.

Abstracts are synthesised from the ParaMed-NEJM gold-aligned pairs (read from
``../shared/eval/paramed-nejm`` at run time; never copied into the repository): each
abstract takes a random window of 8–16 consecutive gold beads of a random document.
They are produced lazily by a generator, so the measured memory is that of the
extraction stage itself (alignment excluded: gold alignments are fed directly).

Caveat: the sentences repeat (about 1,000 distinct pairs), so vocabularies are far
smaller than in 10,000 real abstracts; the time per pair (tokenising, n-grams, pair
counting) is representative, the vocabulary-bound memory is an underestimate. Use
``--unique`` to append a per-abstract marker word to every sentence, which makes each
abstract's vocabulary partly distinct (a harder, more realistic memory test).

    .venv/bin/python benchmarks/termex_scale.py [--abstracts 10000] [--seed 1] [--unique] [--workers N]

Prints pairs, seconds, pairs/second, peak RSS (MiB) of this process and of the largest
first-pass worker process (forked after the tokenizer is loaded, so much of a worker's
RSS is pages shared with the parent), and the number of candidates.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from termex_data import load_nejm

from bitext.core import Alignment, Bead, Document
from bitext.termex import build_candidates


def synthetic_abstracts(n: int, seed: int = 1, unique: bool = False):
    docs = load_nejm()
    rng = random.Random(seed)
    for k in range(n):
        source = rng.choice(docs)
        size = rng.randint(8, 16)
        start = rng.randrange(0, max(1, len(source.beads) - size))
        beads = source.beads[start : start + size]
        src, tgt, new_beads = [], [], []
        marker = f" abs{k:05d}x" if unique else ""
        zh_marker = f"（摘要{k:05d}号）" if unique else ""
        for b in beads:
            s0, t0 = len(src), len(tgt)
            src.extend(source.document.src[i] + marker for i in b.src)
            tgt.extend(source.document.tgt[j] + zh_marker for j in b.tgt)
            new_beads.append(Bead(tuple(range(s0, len(src))), tuple(range(t0, len(tgt)))))
        yield Alignment(Document(f"abs{k:05d}", src, tgt, "en", "zh"), new_beads)


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux: KiB


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--abstracts", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--unique", action="store_true", help="make each abstract's vocabulary partly distinct")
    ap.add_argument("--workers", type=int, default=None,
                    help="first-pass processes (default: min(2, CPUs); 1 = in-process)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()

    import bitext.termex.lexicon as lexicon

    lexicon.default_lexicon()
    lexicon.make_tokenizer()  # load jieba's dictionary before timing
    rss_before = peak_rss_mib()
    last = [0.0]

    def progress(stage: str, done: int, total):
        now = time.perf_counter()
        if not args.quiet and now - last[0] > 5:
            last[0] = now
            print(f"  {stage}: {done} pairs, {now - start:.0f} s, peak RSS {peak_rss_mib():.0f} MiB", file=sys.stderr)

    start = time.perf_counter()
    cands = build_candidates(synthetic_abstracts(args.abstracts, args.seed, args.unique), progress=progress,
                             workers=args.workers)
    seconds = time.perf_counter() - start
    pairs = sum(len(a.beads) for a in synthetic_abstracts(args.abstracts, args.seed, args.unique))
    print(f"abstracts={args.abstracts} pairs={pairs} unique={args.unique}")
    print(f"extraction seconds={seconds:.1f} pairs/s={pairs / seconds:.0f}")
    print(f"peak RSS={peak_rss_mib():.0f} MiB (before extraction {rss_before:.0f} MiB); "
          f"largest worker {peak_rss_mib(resource.RUSAGE_CHILDREN):.0f} MiB")
    print(f"candidates={len(cands)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
