"""Where the output goes. An output path naming one of the run's inputs overwrote that input (``bitext
segment a.txt -o a.txt``, ``bitext qa m.tmx -o m.tmx``, a report over the glossary): now an error before
anything is read or written. An output that is not a regular file (``-o /dev/null``, a named pipe) was
replaced by a regular file through the atomic rename (as root, /dev/null itself): now written in place."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from bad_input_helpers import CORPUS, EN, GLOSSARY, ZH, assert_input_error, run_bitext

CASES = {
    # name: (arguments, given the copies; the copy that is also the output; the option naming it)
    "segment": (lambda f: ["segment", f["en"], "-o", f["en"]], "en", "FILE"),
    "align": (lambda f: ["align", "--src", f["en"], "--tgt", f["zh"], "-o", f["zh"]], "zh", "--tgt"),
    "qa corpus": (lambda f: ["qa", f["corpus"], "-o", f["corpus"]], "corpus", "CORPUS"),
    "qa glossary": (lambda f: ["qa", "--src", f["en"], "--tgt", f["zh"], "-g", f["glossary"], "-o", f["glossary"]],
                    "glossary", "--glossary"),
    "qa config": (lambda f: ["qa", f["corpus"], "--config", f["config"], "-o", f["config"]], "config", "--config"),
    "qa ignore file": (lambda f: ["qa", f["corpus"], "-g", f["glossary"], "--ignore-file", f["glossary"],
                                  "--update-ignore"], "glossary", "--glossary"),
    "glossary build": (lambda f: ["glossary", "build", f["corpus"], "-g", f["glossary"], "-o", f["glossary"]],
                       "glossary", "--glossary"),
    "glossary merge": (lambda f: ["glossary", "merge", f["glossary"], "--into", f["glossary"]], "glossary",
                       "CANDIDATES"),
}


@pytest.mark.parametrize("case", CASES)
def test_an_output_naming_an_input_is_refused(tmp_path, case):
    files = {"en": tmp_path / "a.en.txt", "zh": tmp_path / "a.zh.txt", "corpus": tmp_path / "c.jsonl",
             "glossary": tmp_path / "g.tsv", "config": tmp_path / "bitext.toml"}
    for key, origin in (("en", EN), ("zh", ZH), ("corpus", CORPUS), ("glossary", GLOSSARY)):
        shutil.copyfile(origin, files[key])
    files["config"].write_text('fail_on = "error"\n', encoding="utf-8")
    before = {path: path.read_bytes() for path in files.values()}
    arguments, output, option = CASES[case]
    proc = run_bitext(*arguments(files), cwd=tmp_path)
    assert_input_error(proc, f"{files[output]}: ", f"names the same file as {option}", "does not modify its inputs")
    assert {path: path.read_bytes() for path in files.values()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == sorted(p.name for p in files.values())


def test_the_same_file_through_another_path(tmp_path):
    text = tmp_path / "a.en.txt"
    shutil.copyfile(EN, text)
    (tmp_path / "link.txt").symlink_to(text)
    proc = run_bitext("segment", "a.en.txt", "-o", "./sub/../link.txt", cwd=tmp_path)
    assert_input_error(proc, "names the same file as FILE a.en.txt")
    assert text.read_bytes() == EN.read_bytes() and (tmp_path / "link.txt").is_symlink()


def _drained_pipe(tmp_path) -> tuple[Path, list[bytes], threading.Thread]:
    """A named pipe in ``tmp_path`` and a thread that reads it to its end into the list."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return fifo, received, thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_output_to_a_named_pipe_writes_into_the_pipe(tmp_path):
    fifo, received, reader = _drained_pipe(tmp_path)
    proc = run_bitext("segment", EN, "-o", fifo, cwd=tmp_path, timeout=60)
    reader.join(30)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # not replaced by a regular file
    assert received == [run_bitext("segment", EN, cwd=tmp_path).stdout.encode("utf-8")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_atomic_open_on_a_special_file(tmp_path):
    from bitext.io.atomic import atomic_open, refuse_inputs

    fifo, received, reader = _drained_pipe(tmp_path)
    with atomic_open(fifo) as handle:
        handle.write("甲\n")
    reader.join(30)
    assert received == ["甲\n".encode()] and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
    refuse_inputs(os.devnull, {"--src": os.devnull})  # /dev/null is no input to protect
