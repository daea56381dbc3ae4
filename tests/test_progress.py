"""Progress on stderr: a bar with rate and ETA on a terminal; nothing on a non-terminal unless asked
(``bitext --progress`` / BITEXT_PROGRESS=1), then plain lines a log keeps readable."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bitext.cli import progress

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "seed" / "seed-abstracts.jsonl"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def environment(monkeypatch):
    for name in ("BITEXT_QUIET", "BITEXT_PROGRESS", "CI"):
        monkeypatch.delenv(name, raising=False)


def test_progress_line_has_rate_and_eta():
    assert progress.progress_line("checking", 1200, 10_000, 25.0) == \
        "bitext: checking 1,200/10,000 (48.0/s, 0:00:25 elapsed, ETA 0:03:03)"
    assert progress.progress_line("consistency", 3, None, 0.0) == "bitext: consistency 3 (0.0/s, 0:00:00 elapsed)"


def test_nothing_on_a_non_terminal_unless_asked(monkeypatch, capsys):
    with progress.progress_bar("checking", 3) as advance:
        for _ in range(3):
            advance(1)
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("BITEXT_PROGRESS", "1")
    monkeypatch.setenv("BITEXT_QUIET", "1")  # --quiet wins
    assert progress.progress_mode() is None


def test_asked_on_a_non_terminal_gives_periodic_lines(monkeypatch, capsys):
    monkeypatch.setenv("BITEXT_PROGRESS", "1")
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    with progress.progress_bar("checking", 10_000) as advance:
        for _ in range(4):
            now[0] += 4.0  # 250 documents every 4 s: a line every 10 s at most
            advance(250)
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["bitext: checking 750/10,000 (62.5/s, 0:00:12 elapsed, ETA 0:02:28)",
                     "bitext: checking 1,000/10,000 (62.5/s, 0:00:16 elapsed, ETA 0:02:24)"]


def test_a_terminal_gets_a_bar_with_rate_and_eta(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(progress.sys, "stderr", screen)
    assert progress.progress_mode() == "bar"
    with progress.progress_bar("checking", 50) as advance:
        for _ in range(50):
            advance(1)
    shown = screen.getvalue()
    assert "checking" in shown and "50/50" in shown and "/s" in shown and "ETA" in shown
    monkeypatch.setenv("CI", "true")
    assert progress.progress_mode() is None  # CI logs are no terminal, whatever they claim


def test_bitext_progress_flag_on_a_pipe(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("BITEXT_PROGRESS", "0")  # restored after the test, whatever --progress sets
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path))
    quiet = cli("qa", CORPUS, "--exit-zero", "-f", "json", "--ignore-file", tmp_path / "none")
    assert "bitext: checking" not in quiet.stderr
    monkeypatch.delenv("BITEXT_PROGRESS")
    loud = cli("--progress", "qa", CORPUS, "--exit-zero", "-f", "json", "--ignore-file", tmp_path / "none")
    assert loud.exit_code == 0, loud.output
    assert "bitext: checking 1/1 (" in loud.stderr and "ETA 0:00:00" in loud.stderr
