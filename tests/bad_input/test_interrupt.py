"""Ctrl-C while worker processes embed: one line, exit 130, nothing half-written. Workers used to get
the terminal's SIGINT too and each printed a KeyboardInterrupt traceback, and click turned the
parent's into "Aborted!" with exit 1 (which CI reads as findings)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bad_input_helpers import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2,
                                reason="worker processes need fork and two cores")


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _corpus(path: Path, documents: int = 60, sentences: int = 50) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for d in range(documents):
            en = [f"Patient {d}-{k} had a tumour of {k * 7 + d} mm treated with {k + d} cycles of lanreotide."
                  for k in range(sentences)]
            zh = [f"患者{d}-{k}的肿瘤为{k * 7 + d}毫米，接受了{k + d}个周期的兰瑞肽治疗。" for k in range(sentences)]
            handle.write(json.dumps({"id": f"doc{d}", "en": en, "zh": zh}, ensure_ascii=False) + "\n")


def test_ctrl_c_while_workers_embed(tmp_path):
    corpus = tmp_path / "c.jsonl"
    _corpus(corpus)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BITEXT_", "GITHUB_"))}
    env.update(PYTHONPATH=str(ROOT), BITEXT_CACHE_DIR=str(tmp_path / ".cache"))
    out = tmp_path / "out.tsv"
    # its own process group, as a shell job: the terminal's SIGINT goes to every process in it
    proc = subprocess.Popen([sys.executable, "-m", "bitext", "align", str(corpus), "-o", str(out)], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(_children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_children(proc.pid)) >= 2, "the workers never started"
    workers = _children(proc.pid)
    time.sleep(1.0)  # the workers are busy embedding
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr == "bitext: interrupted\n"
    assert stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "c.jsonl"]  # no out.tsv, no temporary file
    time.sleep(0.5)
    assert not [w for w in workers if Path(f"/proc/{w}").exists() and "zombie" not in
                Path(f"/proc/{w}/status").read_text(errors="replace").lower()]
