"""Instant feedback: wall time of ``bitext --help`` and of QA on one abstract, process start to exit.

Each command runs in a fresh process (``python -m bitext``) several times; the median is
recorded. The state is a user's second run: bytecode compiled, and a private cache folder
(BITEXT_CACHE_DIR) already holding the seed abstract's embeddings and the word lists the
checks read, which one untimed run fills first. Other jobs sharing the cores inflate wall
times, so the load average is recorded with them, and ``--baseline DIR`` times another
checkout (e.g. a worktree of an older commit) in the same minutes, alternating runs, for a
before/after ratio that the machine's load cannot fake.

    .venv/bin/python benchmarks/startup.py                      # record in docs/benchmarks.md
    .venv/bin/python benchmarks/startup.py --no-record --runs 9 --baseline /tmp/old-checkout
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_benchmark import ROOT, replace_section

BEGIN, END = "<!-- startup:begin -->", "<!-- startup:end -->"
SEED = Path("corpora") / "seed"
COMMANDS = {
    "bitext --help": ["--help"],
    "bitext qa, one abstract": ["qa", "--src", str(SEED / "cutaneous-net-prrt.en.txt"),
                                "--tgt", str(SEED / "cutaneous-net-prrt.zh.txt"),
                                "--glossary", "corpora/glossary/net_prrt.tsv", "--exit-zero"],
}
TARGETS = {"bitext --help": 0.2, "bitext qa, one abstract": 0.5}


def environment(tree: Path, cache: Path, pycache: Path) -> dict:
    """The tree's bitext first on the path, bytecode written (to a private folder) and reused."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BITEXT_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(tree), BITEXT_CACHE_DIR=str(cache), PYTHONPYCACHEPREFIX=str(pycache))
    return env


def timed(args: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``python -m bitext ARGS``, output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bitext", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env, cwd=cwd, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"bitext {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(trees: dict[str, Path], runs: int) -> dict[str, dict[str, dict[str, float]]]:
    """Per tree and command: median wall and CPU seconds over ``runs``, the trees alternating."""
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {name: {c: [] for c in COMMANDS} for name in trees}
    with tempfile.TemporaryDirectory(prefix="bitext-startup-") as tmp:
        envs = {name: environment(tree, Path(tmp) / name / "cache", Path(tmp) / name / "pycache")
                for name, tree in trees.items()}
        for name, tree in trees.items():  # untimed: fills the caches and compiles the bytecode
            for args in COMMANDS.values():
                timed(args, envs[name], tree)
        for _ in range(runs):
            for command, args in COMMANDS.items():
                for name, tree in trees.items():
                    samples[name][command].append(timed(args, envs[name], tree))
    return {name: {command: {"wall": statistics.median(w for w, _ in values),
                             "cpu": statistics.median(c for _, c in values)}
                   for command, values in per_command.items()}
            for name, per_command in samples.items()}


def record(results: dict, runs: int, load: tuple[float, float], command: str) -> None:
    has_baseline = "baseline" in results
    head = "| command | target | wall (median) | CPU (median) |"
    head += " baseline wall | baseline CPU |" if has_baseline else ""
    rule = "|---|---|---|---|" + ("---|---|" if has_baseline else "")
    rows = []
    for name in COMMANDS:
        now = results["this tree"][name]
        row = f"| `{name}` | < {TARGETS[name]} s | {now['wall']:.2f} s | {now['cpu']:.2f} s |"
        if has_baseline:
            base = results["baseline"][name]
            row += f" {base['wall']:.2f} s | {base['cpu']:.2f} s |"
        rows.append(row)
    section = (f"{BEGIN}\n## Instant feedback: start-up and one abstract\n\n"
               f"Command: `{command}` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, load average "
               f"{load[0]:.1f} before and {load[1]:.1f} after). Each command in a fresh process, process start "
               f"to exit, median of {runs} runs; bytecode compiled and the embedding cache and word lists "
               "already filled by an untimed run (a user's second run).\n\n"
               + head + "\n" + rule + "\n" + "\n".join(rows) + f"\n{END}")
    replace_section(BEGIN, END, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another checkout of bitext, timed in the same minutes")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    trees = {"this tree": ROOT}
    if args.baseline:
        trees["baseline"] = args.baseline.resolve()
    load_before = os.getloadavg()[0]
    results = measure(trees, args.runs)
    load = (load_before, os.getloadavg()[0])
    for name, per_command in results.items():
        for command, value in per_command.items():
            print(f"{name:10}  {command:26}  wall {value['wall']:.3f} s  CPU {value['cpu']:.3f} s")
    print(f"load average {load[0]:.1f} before, {load[1]:.1f} after")
    if not args.no_record:
        record(results, args.runs, load, "python benchmarks/startup.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
