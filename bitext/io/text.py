"""Reading input text: UTF-8 only, with errors a user can act on."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from bitext.errors import InputError


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 file (``-`` is stdin) and drop a leading BOM.

    Raises InputError for a missing path, a directory, undecodable bytes or a file
    without any text. Line endings are kept as they are.
    """
    name = os.fspath(path)
    if name == "-":
        name = "<stdin>"
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    else:
        data = read_bytes(name, "a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        source = "FILE" if name == "<stdin>" else shlex.quote(name)
        raise InputError(
            f"{name}: not UTF-8 (invalid byte 0x{data[error.start]:02x} at offset {error.start})",
            hint=f"convert it first, e.g. iconv -f GB18030 -t UTF-8 {source} > converted.txt",
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: empty")
    return text


def read_bytes(path: str | os.PathLike[str], kind: str = "a file") -> bytes:
    """A file's bytes, or an InputError naming it (missing, a directory, unreadable)."""
    name = os.fspath(path)
    file = Path(name)
    if file.is_dir():
        raise InputError(f"{name}: is a directory", hint=f"give {kind}")
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
