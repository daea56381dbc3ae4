"""Running ``python -m bitext`` on hostile input and checking the error contract: exit 2, one stderr
line naming the file (and line), no traceback, nothing on stdout, no file left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpora" / "seed"
EN = SEED / "cutaneous-net-prrt.en.txt"
ZH = SEED / "cutaneous-net-prrt.zh.txt"
CORPUS = SEED / "seed-abstracts.jsonl"
GLOSSARY = ROOT / "corpora" / "glossary" / "net_prrt.tsv"

SCRUB = ("BITEXT_FORMAT", "BITEXT_MODEL", "BITEXT_GLOSSARY", "BITEXT_FAIL_ON", "BITEXT_MANIFEST_DIR", "BITEXT_QUIET",
         "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR", "CI")

GLOSSARY_HEADER = "concept_id\ten_term\ten_variants\tzh_term\tzh_admitted_variants\tstatus\tnote\n"
SENTENCE_EN = "Overall survival was 24 months in the twelve patients treated with lanreotide."
SENTENCE_ZH = "接受兰瑞肽治疗的12例患者的总生存期为24个月。"


def run_bitext(*args, cwd: Path, env: dict | None = None, timeout: int = 300,
               stdin: str = "") -> subprocess.CompletedProcess:
    """``python -m bitext ARGS`` (the console script's own error mapping) with a private cache in ``cwd``."""
    full_env = {k: v for k, v in os.environ.items() if k not in SCRUB}
    full_env["BITEXT_CACHE_DIR"] = str(cwd / ".cache")
    # this tree's bitext, whatever the working directory (the tests run in a temporary one)
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "bitext", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=full_env, cwd=cwd, timeout=timeout,
                          input=stdin)


def assert_input_error(proc: subprocess.CompletedProcess, *fragments: str) -> str:
    """Exit 2, exactly one ``bitext: error:`` line holding every fragment, no traceback, empty stdout."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-2000:], proc.stderr[-4000:])
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("bitext: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert proc.stdout == "", proc.stdout[:2000]
    return lines[0]


def files_in(folder: Path) -> list[str]:
    """Every file and folder under ``folder`` (relative paths, sorted), the private cache left out."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if ".cache" not in p.relative_to(folder).parts)
