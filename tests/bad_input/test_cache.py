"""A corrupted embedding cache (truncated, random bytes, a zeroed page) crashed every later run with
a sqlite traceback and exit 1 until the user found the file: it is now moved aside with a warning
and rebuilt, and the run's output is what it would have been. A cache folder that cannot be
created (under a regular file; the cache file itself a folder) gives a warning and a run without
the cache, not a traceback."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest
from bad_input_helpers import CORPUS, EN, GLOSSARY, ZH, run_bitext

PAGE = 4096


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    """The corpus aligned once: its output, and the cache it left (many pages: one row is ~3 KB)."""
    folder = tmp_path_factory.mktemp("clean")
    proc = run_bitext("align", CORPUS, cwd=folder)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    cache = folder / ".cache" / "embeddings.sqlite"
    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA page_count").fetchone()[0] > 8
    return proc.stdout, cache


def _corrupt(path, how: str) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        if how == "truncated":
            handle.truncate(size // 2)
        elif how == "random bytes":
            handle.write(os.urandom(size))
        elif how == "zeroed header page":
            handle.write(b"\0" * PAGE)
        elif how == "zeroed page inside":
            handle.seek(2 * PAGE)
            handle.write(b"\0" * PAGE)


@pytest.mark.parametrize("how", ["truncated", "random bytes", "zeroed header page", "zeroed page inside"])
def test_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path, clean_run, how):
    output, clean_cache = clean_run
    cache = tmp_path / ".cache" / "embeddings.sqlite"
    cache.parent.mkdir()
    shutil.copy(clean_cache, cache)
    _corrupt(cache, how)

    proc = run_bitext("align", CORPUS, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == output
    [warning] = proc.stderr.splitlines()
    assert warning.startswith("bitext: warning: ") and str(cache) in warning and "corrupt" in warning
    aside = [p.name for p in cache.parent.iterdir() if p.name.startswith("embeddings.sqlite.corrupt-")]
    assert len(aside) == 1 and aside[0] in warning

    again = run_bitext("align", CORPUS, cwd=tmp_path)  # the rebuilt cache serves the next run
    assert (again.returncode, again.stdout, again.stderr) == (0, output, "")
    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] > 0


def test_cache_folder_under_a_regular_file(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    env = {"BITEXT_CACHE_DIR": str(blocker / "cache")}
    reference = run_bitext("qa", "--src", EN, "--tgt", ZH, "--glossary", GLOSSARY, "-f", "json", "--no-cache",
                           cwd=tmp_path)
    proc = run_bitext("qa", "--src", EN, "--tgt", ZH, "--glossary", GLOSSARY, "-f", "json", cwd=tmp_path, env=env)
    assert proc.returncode == reference.returncode != 2, proc.stderr
    assert proc.stdout == reference.stdout
    [warning] = proc.stderr.splitlines()  # one warning, however many parts of bitext wanted the folder
    assert warning.startswith("bitext: warning: ") and str(blocker / "cache") in warning
    assert blocker.read_text(encoding="utf-8") == ""


def test_cache_dir_option_naming_a_regular_file(tmp_path):
    blocker = tmp_path / "cache.txt"
    blocker.write_text("mine", encoding="utf-8")
    proc = run_bitext("align", "--src", EN, "--tgt", ZH, "--cache-dir", blocker, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 14
    assert "Traceback" not in proc.stderr and str(blocker) in proc.stderr
    assert blocker.read_text(encoding="utf-8") == "mine"


def test_cache_file_that_cannot_be_opened(tmp_path):
    (tmp_path / "cache" / "embeddings.sqlite").mkdir(parents=True)
    proc = run_bitext("align", "--src", EN, "--tgt", ZH, "--cache-dir", tmp_path / "cache", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    [warning] = proc.stderr.splitlines()
    assert warning.startswith("bitext: warning: ") and "embeddings.sqlite" in warning
    assert (tmp_path / "cache" / "embeddings.sqlite").is_dir()  # not the user's to lose: left alone
