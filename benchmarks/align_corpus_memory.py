"""`bitext align` over a JSONL corpus: time and peak memory at growing corpus sizes.

The corpus is the one of qa_speed.py (abstract-length documents of 12 gold sentence
pairs from ParaMed-NEJM and MAC-Dev, as paragraph text); each size runs in a fresh
process with an empty embedding cache and writes TSV to a file. Peak RSS at two
corpus sizes shows whether memory grows with the corpus.

    .venv/bin/python benchmarks/align_corpus_memory.py                # 1000 and 4000 documents
    .venv/bin/python benchmarks/align_corpus_memory.py --sizes 500 --no-record

Texts are read from ../shared/eval at run time and never stored in the repository.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_benchmark import replace_section, run_measured
from qa_speed import build_corpus, run_sizes

BEGIN, END = "<!-- align-corpus-memory:begin -->", "<!-- align-corpus-memory:end -->"


def run(n_docs: int, pairs, tmp: Path) -> dict:
    corpus = tmp / f"corpus-{n_docs}.jsonl"
    sentences = build_corpus(corpus, n_docs, pairs)
    out = tmp / f"aligned-{n_docs}.tsv"
    cmd = [sys.executable, "-m", "bitext", "align", str(corpus), "--format", "tsv", "-o", str(out)]
    env = {**os.environ, "BITEXT_CACHE_DIR": str(tmp / f"cache-{n_docs}")}
    code, stderr, wall, peak = run_measured(cmd, env)
    if code != 0:
        raise SystemExit(f"bitext align failed ({code}): {stderr.strip()}")
    with open(out, encoding="utf-8") as tsv:
        rows = sum(1 for _ in tsv) - 1  # one line per pair after the header
    return {"documents": n_docs, "sentences": sentences, "seconds": wall, "peak_rss_mib": peak,
            "output_mib": out.stat().st_size / 2**20, "pairs": rows}


def record(rows: list[dict], command: str) -> None:
    table = ("| documents | sentences | aligned pairs | output | time (cold cache) | peak RSS |\n"
             "|---|---|---|---|---|---|\n")
    table += "".join(
        f"| {r['documents']} | {r['sentences']} | {r['pairs']} | {r['output_mib']:.1f} MiB | {r['seconds']:.1f} s | "
        f"{r['peak_rss_mib']:.0f} MiB |\n" for r in rows)
    section = (f"{BEGIN}\n## Aligning a corpus: memory\n\nCommand: `{command}` ({time.strftime('%Y-%m-%d')}, "
               f"{os.cpu_count()} cores, default model, empty embedding cache, TSV written to a file). "
               f"The documents of the QA speed benchmark.\n\n{table}{END}")
    replace_section(BEGIN, END, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    rows = run_sizes(args.sizes, "bitext-align-memory-", run)
    if not args.no_record:
        record(rows, "python benchmarks/align_corpus_memory.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
