"""Where the output goes. An output that is not a regular file (``-o /dev/null``, a named pipe) was
replaced by a regular file through the atomic rename (as root, /dev/null itself): now written in place."""

from __future__ import annotations

import os
import stat
import threading

import pytest
from bad_input_helpers import EN, run_bitext


def _drain(fifo, received: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_output_to_a_named_pipe_writes_into_the_pipe(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _drain(fifo, received)
    proc = run_bitext("segment", EN, "-o", fifo, cwd=tmp_path, timeout=60)
    reader.join(30)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # not replaced by a regular file
    assert received == [run_bitext("segment", EN, cwd=tmp_path).stdout.encode("utf-8")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_atomic_open_on_a_special_file(tmp_path):
    from bitext.io.atomic import atomic_open

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _drain(fifo, received)
    with atomic_open(fifo) as handle:
        handle.write("甲\n")
    reader.join(30)
    assert received == ["甲\n".encode()] and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
