"""QA speed and memory: `bitext qa` over N abstract-length documents with the default model.

Documents are built from the gold-aligned eval sets (ParaMed-NEJM pairs, then
MAC-Dev pairs), 12 aligned sentence pairs each, as raw paragraph text so the
full pipeline runs (segmentation, embedding, alignment, checks, JSON report).
Each size runs in a fresh process with an empty embedding cache; peak RSS at two
corpus sizes shows whether memory grows with the corpus.

    .venv/bin/python benchmarks/qa_speed.py                 # 250, 1000 and 4000 documents
    .venv/bin/python benchmarks/qa_speed.py --sizes 1000 --no-record

Texts are read from ../shared/eval at run time and never stored in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_benchmark import EVAL, ROOT, load_set, replace_section, run_measured

BEGIN, END = "<!-- qa-speed:begin -->", "<!-- qa-speed:end -->"
PAIRS_PER_DOC = 12


def gold_pairs() -> list[tuple[str, str]]:
    """(en, zh) text of every gold bead with both sides non-empty."""
    out = []
    for name in ("paramed-nejm", "mac-dev"):
        _src_lang, _tgt_lang, docs, _ = load_set(name)
        for _doc_id, zh, en, gold in docs:
            for line in gold.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                zs, es = (tuple(int(x) for x in side.strip("[]").split(",") if x.strip())
                          for side in line.split(":")[:2])
                if zs and es:
                    out.append((" ".join(en[i] for i in es), "".join(zh[i] for i in zs)))
    return out


def build_corpus(path: Path, n_docs: int, pairs: list[tuple[str, str]]) -> int:
    sentences = 0
    with open(path, "w", encoding="utf-8") as fh:
        for d in range(n_docs):
            chunk = [pairs[(d * PAIRS_PER_DOC + k) % len(pairs)] for k in range(PAIRS_PER_DOC)]
            # Documents repeat once the gold pairs run out; vary them so the cache cannot help.
            suffix = f" (cohort {d // max(1, len(pairs) // PAIRS_PER_DOC)})"
            en = " ".join(e for e, _ in chunk) + suffix
            zh = "".join(z for _, z in chunk) + f"（队列 {d // max(1, len(pairs) // PAIRS_PER_DOC)}）"
            fh.write(json.dumps({"id": f"doc{d:05d}", "en": en, "zh": zh}, ensure_ascii=False) + "\n")
            sentences += 2 * PAIRS_PER_DOC
    return sentences


def run(n_docs: int, pairs, tmp: Path, glossary: Path) -> dict:
    corpus = tmp / f"corpus-{n_docs}.jsonl"
    sentences = build_corpus(corpus, n_docs, pairs)
    out = tmp / f"qa-{n_docs}.json"
    cmd = [sys.executable, "-m", "bitext", "qa", str(corpus), "--glossary", str(glossary), "--format", "json",
           "-o", str(out), "--exit-zero"]
    env = {**os.environ, "BITEXT_CACHE_DIR": str(tmp / f"cache-{n_docs}")}
    code, stderr, wall, peak = run_measured(cmd, env)
    if code != 0:
        raise SystemExit(f"bitext qa failed ({code}): {stderr.strip()}")
    report = json.loads(out.read_text(encoding="utf-8"))
    return {"documents": n_docs, "sentences": sentences, "seconds": wall, "peak_rss_mib": peak,
            "findings": report["summary"]["findings"], "pairs": report["summary"]["pairs"]}


def record(rows: list[dict], command: str) -> None:
    table = ("| documents | sentences | aligned pairs | time (cold cache) | docs/s | peak RSS "
             "| findings (error / warning / info) |\n|---|---|---|---|---|---|---|\n")
    table += "".join(
        f"| {r['documents']} | {r['sentences']} | {r['pairs']} | {r['seconds']:.1f} s | "
        f"{r['documents'] / r['seconds']:.0f} | "
        f"{r['peak_rss_mib']:.0f} MiB | {r['findings'].get('error', 0)} / {r['findings'].get('warning', 0)} / "
        f"{r['findings'].get('info', 0)} |\n"
        for r in rows)
    section = (f"{BEGIN}\n## QA speed\n\nCommand: `{command}` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
               "default model, empty embedding cache, whole pipeline: segmentation, embedding, "
               "alignment, checks, JSON report). "
               f"Documents of {PAIRS_PER_DOC} gold sentence pairs from ParaMed-NEJM and MAC-Dev.\n\n{table}{END}")
    replace_section(BEGIN, END, section)


def run_sizes(sizes: str, prefix: str, run_one: Callable[[int, list[tuple[str, str]], Path], dict]) -> list[dict]:
    """``run_one(documents, gold pairs, temporary directory)`` for each comma-separated size,
    printing each row as it is measured."""
    if not EVAL.is_dir():
        raise SystemExit(f"{EVAL}: evaluation sets not found")
    pairs = gold_pairs()
    rows = []
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        for size in (int(s) for s in sizes.split(",")):
            rows.append(run_one(size, pairs, Path(tmp)))
            print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,4000")
    parser.add_argument("--glossary", type=Path, default=ROOT / "corpora" / "glossary" / "net_prrt.tsv")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    rows = run_sizes(args.sizes, "bitext-qa-speed-", lambda size, pairs, tmp: run(size, pairs, tmp, args.glossary))
    if not args.no_record:
        record(rows, "python benchmarks/qa_speed.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
