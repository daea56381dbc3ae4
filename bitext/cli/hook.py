"""``bitext qa`` over several files, for pre-commit and CI (``.pre-commit-hooks.yaml``, ``action.yml``).

    python -m bitext.cli.hook [bitext qa options] FILE...
    python -m bitext.cli.hook --sarif OUT.sarif [bitext qa options] FILE...
    python -m bitext.cli.hook [--sarif OUT.sarif] [bitext qa options] -- FILE...

pre-commit appends the changed files to the hook's arguments, so the trailing arguments that are
JSONL, TMX or XLIFF files are the inputs and everything before them goes to each ``bitext qa``
run as options. After ``--`` (as the GitHub Action passes its ``files``) every argument is an
input, whatever its name, and there must be one: a file the action was given that is no JSONL, TMX
or XLIFF file is checked by ``bitext qa`` (and its error reported), never silently left out.
Each file is checked on its own (its own documents, its own ``.bitext-ignore``); the exit code is
the worst of the runs (2 over 1 over 0), as ``bitext qa``'s. With ``--sarif`` each run writes SARIF
and the runs are merged into one SARIF file with one run (code scanning takes one run per tool and
category per upload), rules listed once.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

INPUT_SUFFIXES = (".jsonl", ".tmx", ".xlf", ".xliff", ".xlf2", ".xliff2")
USAGE = "usage: python -m bitext.cli.hook [--sarif OUT.sarif] [bitext qa options] [--] FILE..."


def split_arguments(argv: list[str]) -> tuple[list[str], list[str]]:
    """(options for bitext qa, input files): the files are the arguments after ``--``, else the trailing
    JSONL/TMX/XLIFF arguments."""
    if "--" in argv:
        cut = argv.index("--")
        return argv[:cut], argv[cut + 1:]
    cut = len(argv)
    while cut > 0 and argv[cut - 1].lower().endswith(INPUT_SUFFIXES) and not argv[cut - 1].startswith("-"):
        cut -= 1
    return argv[:cut], argv[cut:]


def run_qa(arguments: list[str]) -> int:
    """``bitext qa ARGUMENTS`` in this process (the model loads once for every file); its exit code."""
    from bitext.cli.main import app

    try:
        app(["qa", *arguments], prog_name="bitext")  # usage errors print as on the command line
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    return 0


def merge_sarif(paths: list[Path]) -> dict:
    """One SARIF log with one run: every file's results, the rules of all runs once each."""
    merged: dict | None = None
    rules: list[dict] = []
    index: dict[str, int] = {}
    results: list[dict] = []
    for path in paths:
        log = json.loads(path.read_text(encoding="utf-8"))
        run = log["runs"][0]
        if merged is None:
            merged = log
        for rule in run["tool"]["driver"].get("rules", []):
            if rule["id"] not in index:
                index[rule["id"]] = len(rules)
                rules.append(rule)
        for result in run.get("results", []):
            results.append({**result, "ruleIndex": index[result["ruleId"]]})
    if merged is None:
        raise ValueError("no SARIF file to merge")
    run = merged["runs"][0]
    run["tool"]["driver"]["rules"] = rules
    run["results"] = results
    merged["runs"] = [run]
    return merged


def main(argv: list[str]) -> int:
    sarif: str | None = None
    if argv[:1] == ["--sarif"]:
        if len(argv) < 2:
            print(USAGE, file=sys.stderr)
            return 2
        sarif, argv = argv[1], argv[2:]
    options, files = split_arguments(argv)
    if not files and "--" in argv:  # the files were named (the GitHub Action's files input): none is an error
        print("bitext: error: no file to check after --", file=sys.stderr)
        return 2
    if not files:
        return 0  # pre-commit found no changed input file: nothing to check
    if sarif is None:
        return max(run_qa([*options, file]) for file in files)
    from bitext.io.atomic import atomic_write_text

    with tempfile.TemporaryDirectory(prefix="bitext-sarif-") as folder:
        outputs = [Path(folder) / f"{n}.sarif" for n in range(len(files))]
        codes = [run_qa([*options, "--format", "sarif", "-o", str(out), file])
                 for file, out in zip(files, outputs, strict=True)]
        written = [out for out in outputs if out.is_file()]
        if written:
            atomic_write_text(sarif, json.dumps(merge_sarif(written), ensure_ascii=False, indent=2) + "\n")
    return max(codes)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
