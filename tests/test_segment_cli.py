"""``bitext segment`` and the IO helpers it uses (bitext.io.text, bitext.io.atomic)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bitext.cli import segment_cmd
from bitext.cli.main import route_user_errors
from bitext.io.atomic import atomic_open, atomic_write_text
from bitext.io.text import read_text
from bitext.segment import split_sentences

SEED = Path(__file__).resolve().parent.parent / "corpora" / "seed"
runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    # A local app, so these tests do not depend on the other commands in bitext.cli.main.
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a callback keeps "segment" a subcommand, as in the real CLI
        pass

    segment_cmd.register(app)
    route_user_errors(app)
    return app


def invoke(app, *args, **kwargs):
    return runner.invoke(app, ["segment", *map(str, args)], **kwargs)


def test_guesses_language_and_prints_one_sentence_per_line(app):
    for lang in ("en", "zh"):
        path = SEED / f"cutaneous-net-prrt.{lang}.txt"
        result = invoke(app, path)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert len(lines) == 13
        assert lines == split_sentences(path.read_text(encoding="utf-8"), lang)
    assert lines[9].startswith("177Lu-DOTATATE是一种")


def test_explicit_language(app, tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text("患者好转.随后出院. Surgery was done.\n", encoding="utf-8")
    assert invoke(app, path).stdout == "患者好转.随后出院.\nSurgery was done.\n"  # guessed: en
    assert invoke(app, path, "--lang", "zh-CN").stdout == "患者好转.\n随后出院.\nSurgery was done.\n"


def test_presplit_passes_lines_through(app, tmp_path):
    path = tmp_path / "pre.txt"
    path.write_bytes("First. Second on the same line.\r\n\r\n  第二行。第三句。\n".encode())
    result = invoke(app, path, "--presplit")
    assert result.exit_code == 0
    assert result.stdout == "First. Second on the same line.\n  第二行。第三句。\n"


def test_stdin_and_bom(app):
    result = invoke(app, "-", input="\ufeffOne sentence. Another one.")
    assert result.stdout == "One sentence.\nAnother one.\n"


def test_output_file_is_written_atomically(app, tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("old content\n", encoding="utf-8")
    result = invoke(app, SEED / "cutaneous-net-prrt.zh.txt", "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.endswith("作为一种可能的有效选择。\n") and len(text.splitlines()) == 13
    assert os.listdir(tmp_path) == ["out.txt"]  # no temporary file left behind


def test_unwritable_output_is_a_user_error(app, tmp_path):
    result = invoke(app, SEED / "cutaneous-net-prrt.en.txt", "-o", tmp_path / "missing-dir" / "out.txt")
    assert "cannot write" in _error(result)


def _error(result) -> str:
    """The one stderr line that bitext.cli.main's error handler writes (exit code 2), without its prefix."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("bitext: error: "), result.stderr
    return lines[0].removeprefix("bitext: error: ")


def test_missing_file(app, tmp_path):
    path = tmp_path / "nope.txt"
    assert _error(invoke(app, path)) == f"{path}: no such file"


def test_directory(app, tmp_path):
    assert _error(invoke(app, tmp_path)) == f"{tmp_path}: is a directory (give a text file)"


def test_non_utf8_file_names_the_byte_line_and_column(app, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(b"OK: " + "肿瘤".encode("gbk"))
    error = _error(invoke(app, path))
    assert error.startswith(f"{path}:1: not UTF-8 (invalid byte 0xd6 at column 5) (")
    assert "iconv" in error and error.count(str(path)) == 2


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t", b"\xef\xbb\xbf\n"])
def test_empty_file(app, tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert _error(invoke(app, path)) == f"{path}: empty"
    assert _error(invoke(app, path, "--presplit")) == f"{path}: empty"


def test_empty_stdin(app):
    assert _error(invoke(app, "-", input="")) == "<stdin>: empty"


def test_unsupported_language_is_rejected_before_reading(app, tmp_path):
    assert "'fr'" in _error(invoke(app, tmp_path / "nope.txt", "--lang", "fr"))


def test_real_entry_point_exit_code_and_one_stderr_line(tmp_path):
    from bitext.cli.main import app as main_app

    result = runner.invoke(main_app, ["segment", str(SEED / "cutaneous-net-prrt.en.txt")])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 13

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"abc\xff")
    proc = subprocess.run([sys.executable, "-m", "bitext", "segment", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"bitext: error: {bad}:1: not UTF-8 (invalid byte 0xff at column 4) "
        f"(convert it first, e.g. iconv -f GB18030 -t UTF-8 {bad} > converted.txt)"
    ]


# --- the IO helpers ------------------------------------------------------------------


def test_read_text_keeps_line_endings(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbfa\r\nb\n")
    assert read_text(path) == "a\r\nb\n"


def test_atomic_write_replaces_and_keeps_mode(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    atomic_write_text(path, "新\n")
    assert path.read_bytes() == "新\n".encode()
    assert path.stat().st_mode & 0o777 == 0o640


def test_atomic_open_failure_leaves_target_untouched(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(path) as handle:
        handle.write("partial")
        raise RuntimeError("boom")
    assert path.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_atomic_open_streams_bytes_and_rejects_append(tmp_path):
    path = tmp_path / "b.bin"
    with atomic_open(path, "wb") as handle:
        handle.write(b"\x00\x01")
        assert not path.exists()  # nothing visible until the block succeeds
    assert path.read_bytes() == b"\x00\x01"
    with pytest.raises(ValueError):
        with atomic_open(path, "a"):
            pass
