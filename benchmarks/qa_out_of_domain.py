"""QA on real translations of another genre: how often each check fires on text it was never tuned on.

The QA rules were developed on medical abstracts (ParaMed-NEJM, TICO-19). Two gold-aligned EN/ZH
corpora of other genres in ../shared/eval probe whether they hold beyond that:

* MAC-Dev: chapters of Chinese novels with their published English translations. The Chinese is
  the original, so an EN→ZH check reads it backwards: a number or a quotation the two sides render
  differently is a literary choice, not a translator's slip.
* The Bible (KJV and the Chinese Union Version): both translated from Hebrew and Greek, verse by
  verse, with archaic English number words ("threescore and ten").

Every gold bead with text on both sides is one unit of a TMX file that ``bitext qa`` checks with
the starter glossary, as a user runs it. The findings are not reviewed: the rates show which
checks react to genre, and a rise after a change to a check is the thing to read (findings go to
the TSV). Literary paraphrase makes meaning.polarity and omission.partial fire by design.

    .venv/bin/python benchmarks/qa_out_of_domain.py                 # record in docs/benchmarks.md
    .venv/bin/python benchmarks/qa_out_of_domain.py --no-record --findings /tmp/ood.tsv

Texts are read from ../shared at run time and never copied into the repository.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_benchmark import ROOT, replace_section
from real_data import STARTER_GLOSSARY, command_line, run, tsv_row

from bitext.core import Alignment, Bead, Document
from bitext.paths import cache_dir

BEGIN, END = "<!-- qa-out-of-domain:begin -->", "<!-- qa-out-of-domain:end -->"
EVAL = Path(os.environ.get("BITEXT_EVAL_DIR", ROOT.parent / "shared" / "eval"))
# (name, folder, whether the gold's left side is English): MAC-Dev's gold is [zh]:[en], the Bible's [en]:[zh]
CORPORA = (("MAC-Dev (novels, Chinese original)", "mac-dev", False), ("Bible (KJV / CUV)", "bible", True))


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.strip().strip("[]").split(",") if x.strip())


def load(folder: str, english_left: bool) -> list[Alignment]:
    """The corpus's gold beads with text on both sides, per document."""
    alignments = []
    for gold in sorted((EVAL / folder / "gold").glob("*.align")):
        doc_id = gold.stem
        en = (EVAL / folder / "en" / doc_id).read_text(encoding="utf-8").splitlines()
        zh = (EVAL / folder / "zh" / doc_id).read_text(encoding="utf-8").splitlines()
        beads = []
        for line in gold.read_text(encoding="utf-8").splitlines():
            left, right = (_ids(side) for side in line.split(":"))
            src, tgt = (left, right) if english_left else (right, left)
            if src and tgt:
                beads.append(Bead(src, tgt))
        alignments.append(Alignment(Document(doc_id, en, zh), beads))
    return alignments


def measure(name: str, folder: str, english_left: bool, tmp: Path, out) -> dict:
    from bitext.io.alignment_formats import write_tmx

    corpus = tmp / f"{folder}.tmx"
    corpus.write_text(write_tmx(load(folder, english_left)), encoding="utf-8")
    started = time.perf_counter()
    documents = run(corpus, STARTER_GLOSSARY)
    counts: Counter = Counter()
    for doc in documents:
        for hit in doc.findings:
            counts[(hit.severity, hit.check)] += 1
            out.write(tsv_row([name, hit.severity, hit.check, hit.document, list(hit.src_ids), list(hit.tgt_ids),
                               hit.message, hit.fingerprint, hit.src, hit.tgt]))
    return {"input": name, "pairs": sum(len(d.pairs) for d in documents), "counts": counts,
            "seconds": time.perf_counter() - started}


def _per100(n: int, pairs: int) -> str:
    return f"{100 * n / pairs:.2f}" if pairs else "-"


def _by_check(row: dict, severity: str) -> str:
    found = sorted(((check, n) for (sev, check), n in row["counts"].items() if sev == severity),
                   key=lambda item: (-item[1], item[0]))
    return ", ".join(f"`{check}` {_per100(n, row['pairs'])}" for check, n in found) or "none"


def show(row: dict) -> None:
    pairs = row["pairs"]
    print(f"{row['input']}: {pairs} pairs  [{row['seconds']:.1f} s]")
    for severity in ("error", "warning"):
        total = sum(n for (sev, _), n in row["counts"].items() if sev == severity)
        print(f"   {severity}s {_per100(total, pairs)} / 100: {_by_check(row, severity)}")


def record(rows: list[dict], command: str) -> None:
    table = "| corpus | pairs | errors / 100 | by check | warnings / 100 | by check |\n|---|---|---|---|---|---|\n"
    for r in rows:
        errors = sum(n for (sev, _), n in r["counts"].items() if sev == "error")
        warnings = sum(n for (sev, _), n in r["counts"].items() if sev == "warning")
        table += (f"| {r['input']} | {r['pairs']} | {_per100(errors, r['pairs'])} | {_by_check(r, 'error')} | "
                  f"{_per100(warnings, r['pairs'])} | {_by_check(r, 'warning')} |\n")
    section = (f"{BEGIN}\n## QA on real translations of other genres (not reviewed)\n\n"
               f"Command: `{command}` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, default model, "
               "starter glossary, every registered check). Gold beads of MAC-Dev (Chinese novels and their "
               "published English translations, read backwards: the Chinese is the original) and of the "
               "Bible (KJV and the Chinese Union Version) as TMX. Findings per 100 pairs, unreviewed: a "
               "probe of how the rules behave on text they were never tuned on.\n\n"
               f"{table}{END}")
    replace_section(BEGIN, END, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--findings", type=Path, default=cache_dir() / "qa-out-of-domain-findings.tsv",
                        help="TSV of every finding with its pair's text (default: %(default)s)")
    parser.add_argument("--no-record", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    for _, folder, _ in CORPORA:
        if not (EVAL / folder / "gold").is_dir():
            raise SystemExit(f"{EVAL / folder}: evaluation data not found")
    rows = []
    args.findings.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bitext-qa-ood-") as tmp, args.findings.open("w", encoding="utf-8") as out:
        out.write(tsv_row(["corpus", "severity", "check", "document", "src_ids", "tgt_ids", "message", "fingerprint",
                           "source", "target"]))
        for name, folder, english_left in CORPORA:
            rows.append(measure(name, folder, english_left, Path(tmp), out))
            show(rows[-1])
    print(f"every finding is listed in {args.findings}")
    if not args.no_record:
        record(rows, command_line("qa_out_of_domain.py", ("--findings",)))


if __name__ == "__main__":
    main()
