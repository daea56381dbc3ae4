"""Alignment benchmark: every gold set in ../shared/eval, each model, scored with the shared scorer.

For each (model, set) it runs the real CLI once per set in a fresh process
(``bitext align CORPUS.jsonl --presplit --format beads -o DIR``), first with an
empty embedding cache (cold: model load + embedding + DP, end to end), then
again with the cache warm. It records strict/lax P/R/F1, strict recall per gold
link type, sentences per second, embedding and DP seconds, and peak RSS, and
writes the table into docs/benchmarks.md between markers.

    .venv/bin/python benchmarks/align_benchmark.py                       # default model, all sets
    .venv/bin/python benchmarks/align_benchmark.py --models use-m3,embeddinggemma-300m --sets mac-dev

The evaluation texts are read from ../shared/eval at run time and never copied
into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("BITEXT_EVAL_DIR", ROOT.parent / "shared" / "eval"))
BITEXT = [sys.executable, "-m", "bitext"]
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- align-benchmark:begin -->", "<!-- align-benchmark:end -->"

# Bertalign's own algorithm, unchanged, with our offline models on MAC-Dev, measured on this kind
# of machine (2 cores) and given in the issue; it is not installable here (Python >= 3.12 only).
BERTALIGN_MAC_DEV = {"use-m3": (0.860, 0.991, 30.5), "embeddinggemma-300m": (0.893, 0.996, 733.0)}


def _paramed_clean(line: str, zh: bool) -> str:
    """Undo ParaMed's tokenisation lightly so encoders see ordinary text."""
    if zh:
        line = re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", line)
        line = re.sub(r"(?<=[^\x00-\x7f]) (?=[\x00-\x7f])|(?<=[\x00-\x7f]) (?=[^\x00-\x7f])", "", line)
    return line.replace(" @-@ ", "-").replace("&apos;", "'").replace("&quot;", '"')


def load_set(name: str) -> tuple[str, str, list[tuple[str, list[str], list[str], Path]], list[str]]:
    """(src_lang, tgt_lang, [(doc id, src sentences, tgt sentences, gold file)], extra scorer args)."""
    lines = lambda p: p.read_text(encoding="utf-8").splitlines()  # noqa: E731
    if name == "mac-dev":
        d = EVAL / "mac-dev"
        ids = sorted(p.name for p in (d / "zh").iterdir())
        return "zh", "en", [(i, lines(d / "zh" / i), lines(d / "en" / i), d / "gold" / f"{i}.align") for i in ids], []
    if name == "paramed-nejm":
        d = EVAL / "paramed-nejm"
        ids = sorted((p.name for p in (d / "zh").iterdir()), key=lambda s: int(s[3:]))
        docs = [(i, [_paramed_clean(x, True) for x in lines(d / "zh" / i)],
                 [_paramed_clean(x, False) for x in lines(d / "en" / i)],
                 d / "gold" / f"{i}.align") for i in ids]
        return "zh", "en", docs, []
    if name == "bible":
        d = EVAL / "bible"
        return "en", "zh", [("001", lines(d / "en" / "001"), lines(d / "zh" / "001"), d / "gold" / "001.align")], [
            "--merge-units", str(d / "en.verse"), str(d / "zh.verse")]
    if name == "textberg-de-fr":
        d = EVAL / "textberg-de-fr"
        ids = sorted((p.stem for p in d.glob("*.defr")), key=lambda s: int(s[4:]))
        return "de", "fr", [(i, lines(d / f"{i}.de"), lines(d / f"{i}.fr"), d / f"{i}.defr") for i in ids], []
    raise SystemExit(f"unknown set {name}")


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[int, str, float, float]:
    """Run ``cmd`` in a child process: exit code, stderr, wall seconds, and that child's own
    peak RSS in MiB (wait4 on it, which includes the processes it forked and waited for; the
    RUSAGE_CHILDREN maximum would carry an earlier, larger run over to this one)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        return os.waitstatus_to_exitcode(status), err.read(), wall, usage.ru_maxrss / 1024


def run_cli(args: list[str]) -> tuple[float, float, dict]:
    """Run bitext in a child process: wall seconds, peak RSS (MiB) of that child, timing log."""
    code, stderr, wall, peak = run_measured(BITEXT + ["-v", *args])
    if code != 0:
        raise SystemExit(f"bitext failed ({code}): {stderr.strip()}")
    timing = {}
    match = re.search(r"timing: embedding ([\d.]+) s, alignment ([\d.]+) s", stderr)
    if match:
        timing = {"embed_s": float(match.group(1)), "dp_s": float(match.group(2))}
    return wall, peak, timing


def per_type_recall(gold_files: list[Path], test_files: list[Path]) -> dict[str, float]:
    hits: Counter = Counter()
    totals: Counter = Counter()

    def parse(text: str) -> set[tuple[tuple[int, ...], ...]]:
        return {tuple(tuple(int(x) for x in side.strip("[]").split(",") if x.strip()) for side in line.split(":")[:2])
                for line in text.splitlines() if line.strip()}

    for g, t in zip(gold_files, test_files, strict=True):
        gold, test = parse(g.read_text()), parse(t.read_text())
        for link in gold:
            if link[0] and link[1]:
                kind = f"{len(link[0])}-{len(link[1])}"
                totals[kind] += 1
                hits[kind] += link in test
    return {k: round(hits[k] / totals[k], 3) for k, _ in totals.most_common()}


def bench(model: str, set_name: str, workdir: Path) -> dict:
    src_lang, tgt_lang, docs, extra = load_set(set_name)
    corpus = workdir / f"{set_name}.jsonl"
    with open(corpus, "w", encoding="utf-8") as fh:
        for doc_id, src, tgt, _ in docs:
            fh.write(json.dumps({"id": doc_id, src_lang: src, tgt_lang: tgt}, ensure_ascii=False) + "\n")
    out = workdir / f"out-{model}-{set_name}"
    cache = workdir / f"cache-{model}"
    args = [*(["align"]), str(corpus), "--src-lang", src_lang, "--tgt-lang", tgt_lang, "--presplit",
            "--format", "beads", "-o", str(out), "--model", model, "--cache-dir", str(cache)]
    cold_wall, cold_rss, cold_timing = run_cli(args)
    warm_wall, _, warm_timing = run_cli(args)
    tests = [out / f"{doc_id}.align" for doc_id, *_ in docs]
    golds = [g for *_, g in docs]
    score = subprocess.run([sys.executable, str(EVAL / "score_alignments.py"), "--gold", *map(str, golds), "--test",
                            *map(str, tests), *extra, "--json"], capture_output=True, text=True, check=True)
    result = json.loads(score.stdout)
    sentences = sum(len(s) + len(t) for _, s, t, _ in docs)
    return {
        "model": model, "set": set_name, "docs": len(docs), "sentences": sentences,
        "P": result["precision_strict"], "R": result["recall_strict"], "F1": result["f1_strict"],
        "laxP": result["precision_lax"], "laxR": result["recall_lax"], "laxF1": result["f1_lax"],
        "cold_s": cold_wall, "warm_s": warm_wall, "embed_s": cold_timing.get("embed_s"),
        "dp_s": cold_timing.get("dp_s"),
        "warm_dp_s": warm_timing.get("dp_s"), "sent_per_s": sentences / cold_wall, "peak_rss_mb": cold_rss,
        "type_recall": per_type_recall(golds, tests) if set_name != "bible" else {},
    }


def markdown(rows: list[dict]) -> str:
    head = ("| model | set | sentences | strict P / R / F1 | lax P / R / F1 | end to end, cold | warm cache | "
            "embedding / DP (cold) | sent/s | peak RSS |\n|---|---|---|---|---|---|---|---|---|---|\n")
    body = "".join(
        f"| {r['model']} | {r['set']} | {r['sentences']} | {r['P']:.3f} / {r['R']:.3f} / **{r['F1']:.3f}** | "
        f"{r['laxP']:.3f} / {r['laxR']:.3f} / {r['laxF1']:.3f} | {r['cold_s']:.1f} s | {r['warm_s']:.1f} s | "
        f"{r['embed_s']:.1f} s / {r['dp_s']:.1f} s | {r['sent_per_s']:.0f} | {r['peak_rss_mb']:.0f} MiB |\n"
        for r in rows)
    link_types = ["1-1", "1-2", "2-1", "1-3", "2-2", "1-4", "2-3"]
    types = ("\nStrict recall per gold link type:\n\n| model | set | " + " | ".join(link_types)
             + " |\n|---|---|" + "---|" * 7 + "\n")
    types += "".join(f"| {r['model']} | {r['set']} | "
                     + " | ".join(str(r["type_recall"].get(k, "–")) for k in link_types) + " |\n"
                     for r in rows if r["type_recall"])
    compare = ("\nSide by side with Bertalign's algorithm on MAC-Dev (reference runs on this kind of 2-core "
               "machine):\n\n")
    compare += ("| model | Bertalign strict / lax F1, time | bitext strict / lax F1, time (cold) | speed-up |\n"
                "|---|---|---|---|\n")
    for r in rows:
        if r["set"] == "mac-dev" and r["model"] in BERTALIGN_MAC_DEV:
            f1, lax, secs = BERTALIGN_MAC_DEV[r["model"]]
            compare += (f"| {r['model']} | {f1:.3f} / {lax:.3f}, {secs:.1f} s | {r['F1']:.3f} / {r['laxF1']:.3f}, "
                        f"{r['cold_s']:.1f} s | {secs / r['cold_s']:.1f}x |\n")
    return head + body + types + compare


def record(rows: list[dict], command: str) -> None:
    section = (f"{BEGIN}\n## Sentence alignment\n\nCommand: `{command}` ({time.strftime('%Y-%m-%d')}, "
               f"{os.cpu_count()} cores). Every run is a fresh `bitext align` process over the whole set "
               "(model load included); *warm* repeats it with the embedding cache filled.\n\n"
               f"{markdown(rows)}{END}")
    replace_section(BEGIN, END, section)


def replace_section(begin: str, end: str, section: str) -> None:
    """Put ``section`` (which starts with ``begin`` and ends with ``end``) into docs/benchmarks.md."""
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if begin in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="use-m3")
    parser.add_argument("--sets", default="mac-dev,paramed-nejm,bible,textberg-de-fr")
    parser.add_argument("--slow-sets", default="mac-dev,paramed-nejm",
                        help="sets run with models other than use-m3 (Bible alone takes ~7 min with EmbeddingGemma)")
    parser.add_argument("--no-record", action="store_true", help="print only, do not update docs/benchmarks.md")
    args = parser.parse_args()
    if not EVAL.is_dir():
        raise SystemExit(f"{EVAL}: evaluation sets not found (../shared/eval beside the repository)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bitext-bench-") as tmp:
        for model in args.models.split(","):
            slow = args.slow_sets.split(",")
            sets = args.sets.split(",") if model == "use-m3" else [s for s in args.sets.split(",") if s in slow]
            for set_name in sets:
                row = bench(model, set_name, Path(tmp))
                rows.append(row)
                print(json.dumps(row), flush=True)
    print(markdown(rows))
    if not args.no_record:
        record(rows, "python benchmarks/align_benchmark.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
