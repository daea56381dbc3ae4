"""Term-extraction benchmark on the ParaMed-NEJM gold alignments.

Runs ``bitext.termex.build_candidates`` over the 12 NEJM documents (gold sentence
alignments fed directly; no aligner) and scores the ranked candidates against the
hand-checked reference ``benchmarks/reference/paramed_nejm_terms.tsv``:

* precision@20 / @50: share of the top-k candidates whose (en, zh) pair matches a
  reference row (any listed English form × any listed Chinese form), after
  ``term_key`` normalisation (NFKC width folding, case folding, dashes, spaces);
* acronym recall: share of the acronym-defined reference rows (``acronym`` column set)
  found anywhere in the candidate list.

The texts are read from ``../shared/eval/paramed-nejm`` at run time (evaluation use only).
``--split`` also reports the figures on the six short summaries (docs 2, 4, 5, 6, 9, 12)
and the six full articles separately, as a check that nothing is tuned to one document.

    .venv/bin/python benchmarks/termex_benchmark.py [--show 60] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from termex_data import load_nejm

from bitext.glossary.normalize import term_key
from bitext.termex import build_candidates

REFERENCE = Path(__file__).resolve().parent / "reference" / "paramed_nejm_terms.tsv"


def load_reference(path: Path = REFERENCE, docs: set[str] | None = None):
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if docs is not None and not docs & set(row["docs"].split("|")):
                continue
            ens = {term_key(x) for x in [row["en_term"], *row["en_variants"].split("|")] if x}
            zhs = {term_key(x) for x in [row["zh_term"], *row["zh_variants"].split("|")] if x}
            rows.append((ens, zhs, row["acronym"].strip(), row))
    pairs = {(e, z) for ens, zhs, _a, _r in rows for e in ens for z in zhs}
    return rows, pairs


def correct(cand, pairs) -> bool:
    return (term_key(cand.en_term), term_key(cand.zh_term)) in pairs


def found(row, cands) -> bool:
    ens, zhs = row[0], row[1]
    for c in cands:
        cand_en = {term_key(c.en_term), *(term_key(v) for v in c.en_variants)}
        cand_zh = {term_key(c.zh_term), *(term_key(v) for v in c.zh_admitted_variants)}
        if cand_en & ens and cand_zh & zhs:
            return True
    return False


def evaluate(cands, rows, pairs) -> dict:
    def p_at(k):
        top = cands[:k]
        return sum(correct(c, pairs) for c in top) / k if len(top) >= k else float("nan")

    acronym_rows = [r for r in rows if r[2]]
    hit = [r for r in acronym_rows if found(r, cands)]
    return {
        "candidates": len(cands),
        "precision@20": round(p_at(20), 3),
        "precision@50": round(p_at(50), 3),
        "precision@100": round(p_at(100), 3),
        "acronym_recall": round(len(hit) / max(1, len(acronym_rows)), 3),
        "acronym_rows": len(acronym_rows),
        "acronym_found": len(hit),
        "missed_acronyms": [r[3]["en_term"] for r in acronym_rows if r not in hit],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", type=int, default=0, help="print the top N candidates with a ✓/✗ mark")
    ap.add_argument("--split", action="store_true", help="also score summaries and full articles separately")
    ap.add_argument("--embeddings", action="store_true", help="re-rank with use-m3 similarity")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    alignments = load_nejm()
    rows, pairs = load_reference()
    start = time.perf_counter()
    cands = build_candidates(alignments, embeddings=args.embeddings)
    seconds = time.perf_counter() - start
    result = {"all": evaluate(cands, rows, pairs), "seconds": round(seconds, 2)}
    if args.split:
        short = {"doc2", "doc4", "doc5", "doc6", "doc9", "doc12"}
        for name, docs in (("summaries", short), ("articles", {a.document.id for a in alignments} - short)):
            subset = [a for a in alignments if a.document.id in docs]
            r, p = load_reference(docs=docs)
            result[name] = evaluate(build_candidates(subset), r, p)
    if args.show:
        for i, c in enumerate(cands[: args.show], start=1):
            mark = "✓" if correct(c, pairs) else "✗"
            print(f"{i:3d} {mark} {c.score:.3f} {c.method:28s} {c.frequency:3d}  {c.en_term} | {c.zh_term}")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for name in ("all", "summaries", "articles"):
            if name in result:
                r = result[name]
                print(f"{name:10s} candidates={r['candidates']:5d}  P@20={r['precision@20']:.3f}  "
                      f"P@50={r['precision@50']:.3f}  "
                      f"P@100={r['precision@100']:.3f}  acronym recall={r['acronym_recall']:.3f} "
                      f"({r['acronym_found']}/{r['acronym_rows']})")
        print(f"extraction time {result['seconds']} s")
        print("missed acronym-defined terms:", ", ".join(result["all"]["missed_acronyms"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
