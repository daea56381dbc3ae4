"""Ray engine against the local engine: `bitext qa` over 1,000 and 4,000 abstract-length documents,
locally and with --engine ray on 1, 2 and 3 actors (each given a fraction of the machine's CPUs,
leaving one CPU for Ray Data), every run from a fresh Ray instance and an empty embedding cache.

Measured per run: wall time (Ray's start-up and every actor's model load included), documents
per second, the time at which the first shard was done (Ray; the local engine reports only at
the end), whether the JSON report is byte-identical to the local one (if not: whether its
findings are the same, and how many aligned pairs' scores differ), and the load average around
the run (the machine is shared).

    .venv/bin/python benchmarks/ray_scale.py                       # records into docs/benchmarks.md
    .venv/bin/python benchmarks/ray_scale.py --sizes 1000 --actors 2 --no-record

Documents are built as benchmarks/qa_speed.py builds them, from ../shared/eval at run time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_benchmark import ROOT, replace_section
from qa_speed import build_corpus, gold_pairs

from bitext.distributed import RaySettings
from bitext.distributed.engine import actor_resources

BEGIN, END = "<!-- ray-scale:begin -->", "<!-- ray-scale:end -->"
GLOSSARY = ROOT / "corpora" / "glossary" / "net_prrt.tsv"


def run_qa(corpus: Path, out: Path, cache: Path, actors: int | None, shard_docs: int) -> dict:
    """One `bitext -v qa` in a child process, its stderr read as it comes (first shard's time)."""
    cmd = [sys.executable, "-m", "bitext", "-v", "qa", str(corpus), "--glossary", str(GLOSSARY), "-f", "json",
           "-o", str(out), "--exit-zero"]
    if actors:
        cmd += ["--engine", "ray", "--workers", str(actors), "--shard-docs", str(shard_docs)]
    env = {**os.environ, "BITEXT_CACHE_DIR": str(cache)}
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    first_shard = None
    lines = []
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                          env=env) as proc:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if first_shard is None and "documents/s" in line:
                first_shard = time.perf_counter() - start
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bitext qa failed ({proc.returncode}): {''.join(lines[-5:])}")
    return {"seconds": wall, "first_shard_s": first_shard, "load_before": load_before,
            "load_after": os.getloadavg()[0]}


def compare(ray_out: Path, local_out: Path) -> dict:
    """How a Ray report differs from the local one: bytes, findings (fingerprint and severity),
    and the aligned pairs whose scores (similarity, confidence, 4 decimals) differ."""
    ray_report, local_report = (json.loads(p.read_text(encoding="utf-8")) for p in (ray_out, local_out))

    def findings(report):
        return sorted((f["fingerprint"], f["severity"]) for f in report["findings"])

    def pairs(report):
        return [pair for document in report["documents"] for pair in document["pairs"]]

    return {"identical": ray_out.read_bytes() == local_out.read_bytes(),
            "same_findings": findings(ray_report) == findings(local_report),
            "pairs_differing": sum(a != b for a, b in zip(pairs(ray_report), pairs(local_report), strict=True))}


def record(rows: list[dict], command: str, shard_docs: int) -> None:
    table = ("| documents | engine | actors (CPU each) | wall | docs/s | vs local | first shard done | "
             "JSON identical | same findings | pairs whose scores differ | load avg before / after |\n"
             "|---|---|---|---|---|---|---|---|---|---|---|\n")
    for r in sorted(rows, key=lambda x: (x["documents"], x["actors"] or 0)):
        local = next(x for x in rows if x["documents"] == r["documents"] and x["actors"] is None)
        cpus = f"{r['actors']} ({actor_resources(RaySettings(workers=r['actors']), os.cpu_count() or 1)[1]:g})" \
            if r["actors"] else "–"
        first = f"{r['first_shard_s']:.1f} s" if r["first_shard_s"] else "–"
        table += (f"| {r['documents']} | {'ray' if r['actors'] else 'local'} | {cpus} | {r['seconds']:.1f} s | "
                  f"{r['documents'] / r['seconds']:.1f} | {local['seconds'] / r['seconds']:.2f}× | "
                  f"{first} | "
                  f"{'yes' if r['identical'] else 'no'} | {'yes' if r['same_findings'] else 'NO'} | "
                  f"{r['pairs_differing']} | {r['load_before']:.1f} / {r['load_after']:.1f} |\n")
    section = (f"{BEGIN}\n## Ray engine: local vs Ray on one machine\n\n"
               f"Command: `{command}` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, default model, empty "
               f"embedding cache, `bitext qa` with the starter glossary, JSON report; Ray: a fresh local Ray instance "
               f"per run, shards of {shard_docs} documents). Documents as in QA speed (12 gold pairs each). Wall time "
               "includes Ray's start-up and each actor's model load; *first shard done* is when the driver had "
               "the first shard's results.\n\n" + table + "\n"
               "What this shows and what it does not: this is one 2-core machine, shared with other work (the load "
               "average column: other sessions' tests ran at the same time, so every time here is inflated and "
               "noisy, the local QA speed figure above being the idle one), so it measures the engine's overhead "
               "and whether the output is identical, not how Ray scales on a cluster. Shards change which "
               "sentences the default model embeds together; its vectors are a function of the sentence alone "
               "(each sentence's matrix products computed on their own), so the JSON should be identical and the "
               "column of pairs whose scores differ checks it. The local engine embeds large "
               "batches in two forked processes; an actor embeds in its own process only (a fork inside an actor "
               "can hang), on its share of a CPU. With 2 cores, actors beyond the second share CPUs with each "
               "other and with the driver: throughput cannot grow past what two cores give. Not measured: several "
               "nodes, a network file system, corpora larger than 4,000 documents; rows missing from the table "
               "were not run (the time ran out).\n" + END)
    replace_section(BEGIN, END, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000")
    parser.add_argument("--actors", default="2,3,1", help="in this order, after the local run of each size")
    parser.add_argument("--shard-docs", type=int, default=100)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    pairs = gold_pairs()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bitext-ray-scale-") as tmp_name:
        tmp = Path(tmp_name)
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = tmp / f"corpus-{size}.jsonl"
            build_corpus(corpus, size, pairs)
            local_out = tmp / f"local-{size}.json"
            for actors in [None, *(int(a) for a in args.actors.split(","))]:
                out = local_out if actors is None else tmp / f"ray-{size}-{actors}.json"
                row = {"documents": size, "actors": actors,
                       **run_qa(corpus, out, tmp / f"cache-{size}-{actors}", actors, args.shard_docs)}
                row.update(compare(out, local_out))
                rows.append(row)
                print(json.dumps(row), flush=True)
                if not args.no_record:  # row by row: a run cut short keeps what it measured
                    record(rows, " ".join(["python benchmarks/ray_scale.py", *sys.argv[1:]]), args.shard_docs)


if __name__ == "__main__":
    main()
