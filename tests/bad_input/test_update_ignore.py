"""``--update-ignore`` changes the ignore file only once the run has succeeded (its report written),
and atomically: it used to rewrite the file, a reviewer's hand-written entries with it, before
the report was written, so a run that then failed had still replaced the file."""

from __future__ import annotations

import json
import os

import pytest
from bad_input_helpers import EN, ZH, assert_input_error, run_bitext

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence"/><body>
<tu><tuv xml:lang="en"><seg>Overall survival was 24 months.</seg></tuv>
    <tuv xml:lang="zh-CN"><seg>总生存期为36个月。</seg></tuv></tu>
</body></tmx>
"""
REVIEWED = "# reviewed by A. B.\n" + "0" * 64 + "  # kept on purpose\n"


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / "m.tmx").write_text(TMX, encoding="utf-8")
    (tmp_path / ".bitext-ignore").write_text(REVIEWED, encoding="utf-8")
    return tmp_path


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_report_that_cannot_be_written_leaves_the_ignore_file(workspace):
    import subprocess
    import sys

    from bad_input_helpers import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith(("BITEXT_", "GITHUB_"))}
    env.update(PYTHONPATH=str(ROOT), BITEXT_CACHE_DIR=str(workspace / ".cache"))
    with open("/dev/full", "w") as full:  # every write fails with ENOSPC
        proc = subprocess.run([sys.executable, "-m", "bitext", "qa", "m.tmx", "--update-ignore", "-f", "json"],
                              stdout=full, stderr=subprocess.PIPE, text=True, env=env, cwd=workspace, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("bitext: error: stdout: cannot write") and len(proc.stderr.splitlines()) == 1
    assert (workspace / ".bitext-ignore").read_text(encoding="utf-8") == REVIEWED


def test_report_failing_halfway_leaves_the_ignore_file(workspace, monkeypatch):
    from typer.testing import CliRunner

    import bitext.report
    from bitext.cli.main import app

    def broken_writer(report, fmt, color=False):
        yield "{"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bitext.report, "write", broken_writer)
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(workspace / ".cache"))
    result = CliRunner().invoke(app, ["qa", str(workspace / "m.tmx"), "--update-ignore", "-f", "json",
                                      "-o", str(workspace / "report.json")])
    assert result.exit_code == 2, result.output
    assert (workspace / ".bitext-ignore").read_text(encoding="utf-8") == REVIEWED
    assert sorted(p.name for p in workspace.iterdir() if p.name != ".cache") == [".bitext-ignore", "m.tmx"]


def test_successful_update_writes_after_the_report(workspace):
    proc = run_bitext("qa", "m.tmx", "--update-ignore", "-f", "json", "-o", "report.json", cwd=workspace)
    assert proc.returncode == 0, proc.stderr
    report = json.loads((workspace / "report.json").read_text(encoding="utf-8"))
    assert report["findings"] == [] and report["summary"]["dismissed"] == 1
    text = (workspace / ".bitext-ignore").read_text(encoding="utf-8")
    assert "numbers.mismatch" in text and "0" * 64 not in text
    assert (workspace / "report.json").stat().st_mtime_ns <= (workspace / ".bitext-ignore").stat().st_mtime_ns
    assert "wrote 1 fingerprint(s)" in proc.stderr


def test_an_ignore_file_in_a_missing_folder_is_refused_before_the_run(tmp_path):
    """An ignore file to write in a folder that does not exist: the whole report went to stdout, then
    writing the ignore file failed (exit 2 with a report, and a stale-entry warning, before the error)."""
    ignore = tmp_path / "missing" / "ignore"
    proc = run_bitext("qa", "--src", EN, "--tgt", ZH, "--ignore-file", ignore, "--update-ignore", cwd=tmp_path)
    assert_input_error(proc, str(ignore), "does not exist")


TMX_B = TMX.replace("24 months", "12 weeks").replace("36个月", "16周")


def test_inputs_sharing_a_folder_keep_each_others_dismissals(workspace):
    """A folder's .bitext-ignore serves every input in it: --update-ignore on one input rewrote the
    file with that input's findings only, and a run on the other reported its entries as stale."""
    (workspace / ".bitext-ignore").unlink()
    (workspace / "b.tmx").write_text(TMX_B, encoding="utf-8")
    first = run_bitext("qa", "m.tmx", "--update-ignore", "-f", "json", "-o", "m.json", cwd=workspace)
    second = run_bitext("qa", "b.tmx", "--update-ignore", "-f", "json", "-o", "b.json", cwd=workspace)
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    text = (workspace / ".bitext-ignore").read_text(encoding="utf-8")
    assert text.count("numbers.mismatch") == 2  # m's dismissal is still there, b's was added
    for name in ("m", "b"):
        again = run_bitext("qa", f"{name}.tmx", "-f", "json", "-o", f"{name}.json", cwd=workspace)
        report = json.loads((workspace / f"{name}.json").read_text(encoding="utf-8"))
        assert again.returncode == 0 and report["findings"] == [] and report["summary"]["dismissed"] == 1
        assert report["stale_ignores"] == [] and "stale" not in again.stderr  # the other's entry is not stale here
    # an entry of this input's document that matches nothing any more is still stale, and goes on update
    (workspace / "m.tmx").write_text(TMX.replace("36个月", "24个月"), encoding="utf-8")
    stale = run_bitext("qa", "m.tmx", "-f", "json", "-o", "m.json", cwd=workspace)
    assert len(json.loads((workspace / "m.json").read_text(encoding="utf-8"))["stale_ignores"]) == 1, stale.stderr
    run_bitext("qa", "m.tmx", "--update-ignore", "-f", "json", "-o", "m.json", cwd=workspace)
    assert (workspace / ".bitext-ignore").read_text(encoding="utf-8").count("numbers.mismatch") == 1
