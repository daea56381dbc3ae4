"""Reading input text: UTF-8 only, with errors a user can act on."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bitext.errors import InputError
from bitext.io.sources import is_uri, raw_lines, stamp


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
    text = decode_text(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty")
    return text


def decode_text(data: bytes, name: str) -> str:
    """A file's bytes as UTF-8 text without its BOM; undecodable bytes, UTF-16 and NUL bytes (binary data)
    are an InputError naming the line (and ``name``, the file). Line endings are kept as they are."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        number = data[:error.start].count(b"\n") + 1
        raise document_file(name, data) or _not_utf8(name, number, data[line_start:], error.start - line_start) \
            from None
    nul = data.find(b"\0")
    if nul >= 0:
        if (document := document_file(name, data)) is not None:
            raise document
        line_start = data.rfind(b"\n", 0, nul) + 1
        raise _not_text(name, data[:nul].count(b"\n") + 1, data[line_start:line_start + 200], nul - line_start)
    return text.removeprefix("\ufeff")


def iter_lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, str]]:
    """(1-based number, line) for each line of a UTF-8 file, read as a stream.

    Lines are split on \\n only (JSON may hold U+2028 inside a line); the \\r of a CRLF
    and a leading BOM are dropped. Raises InputError for a missing path, a directory, or
    undecodable bytes (naming the line), and for a file without any text once it is read.
    """
    name = os.fspath(path)
    if name == "-":
        text = read_text(name)
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        yield from ((n, line.removesuffix("\r")) for n, line in enumerate(lines, start=1))
        return
    for number, _offset, line in iter_lines_at(name):
        yield number, line


def iter_lines_at(path: str | os.PathLike[str], start: int = 0,
                  first_number: int = 1) -> Iterator[tuple[int, int, str]]:
    """(number, byte offset, line) for each line of a UTF-8 file (not stdin), as :func:`iter_lines`
    reads them; from byte ``start`` (the offset of line ``first_number``) when given, so that a
    worker can read its own range of a corpus that was validated elsewhere."""
    name = os.fspath(path)
    if is_uri(name):
        stamp(name)  # a missing file or a directory is an InputError
    else:
        read_bytes(name, "a text file", probe=True)
    blank = True
    offset = start
    head = b""  # the file's first line: a Word or PDF file fails to decode on a later one
    for number, raw in enumerate(_raw_lines(name, start), start=first_number):
        if offset == 0:
            head = raw
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise document_file(name, head) or _not_utf8(name, number, raw, error.start) from None
        if "\0" in line:
            raise document_file(name, head) or _not_text(name, number, raw, raw.index(b"\0"))
        if number == 1:
            line = line.removeprefix("\ufeff")
        line = line.removesuffix("\n").removesuffix("\r")
        blank = blank and not line.strip()
        yield number, offset, line
        offset += len(raw)
    if blank and start == 0:
        raise InputError(f"{name}: empty")


# What a translator's file may be instead of text: the first bytes of a zip archive (docx, xlsx, odt), of an
# Office 97-2003 compound file (doc, xls) and of a PDF.
_DOCUMENTS = ((b"PK\x03\x04", "a Word, Excel or OpenDocument file (a zip archive)"),
              (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word or Excel 97-2003 file"),
              (b"%PDF-", "a PDF file"))


def document_file(name: str, head: bytes, wanted: str = "plain text",
                  hint: str = "save or export it as UTF-8 plain text first") -> InputError | None:
    """The error for a file that starts as a word-processor, spreadsheet or PDF file does (its encoding is
    not the problem: converting it with iconv would not help), or None."""
    for magic, what in _DOCUMENTS:
        if head.startswith(magic):
            return InputError(f"{name}: {what}, not {wanted}", hint=hint)
    return None


def _not_utf8(name: str, number: int, line: bytes, offset: int) -> InputError:
    """The error for an undecodable byte at ``offset`` of line ``number`` (a UTF-16 file says so:
    its byte-order mark is the first thing that fails)."""
    import shlex  # only for this message (imports off the QA path: issue 14)

    source = "FILE" if name == "<stdin>" else shlex.quote(name)
    if number == 1 and line.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(f"{name}:1: UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8",
                          hint=f"convert it first, e.g. iconv -f UTF-16 -t UTF-8 {source} > converted.txt")
    return InputError(f"{name}:{number}: not UTF-8 (invalid byte 0x{line[offset]:02x} at column {offset + 1})",
                      hint=f"convert it first, e.g. iconv -f GB18030 -t UTF-8 {source} > converted.txt")


def _not_text(name: str, number: int, line: bytes, offset: int) -> InputError:
    """The error for a NUL byte at ``offset`` of line ``number``: valid UTF-8, but no text holds one. Text in
    UTF-16 without a byte-order mark decodes as UTF-8 with a NUL beside every ASCII character (and would
    be checked as garbage); other NULs are binary data."""
    import shlex  # only for this message

    source = "FILE" if name == "<stdin>" else shlex.quote(name)
    pairs = line[: len(line) - len(line) % 2]
    odd, even, half = pairs[1::2].count(0), pairs[0::2].count(0), len(pairs) // 2
    if half >= 2 and max(odd, even) * 2 >= half and min(odd, even) * 4 < half:  # NULs in one half of the bytes
        order = "UTF-16LE" if odd > even else "UTF-16BE"
        return InputError(f"{name}:{number}: NUL bytes between the characters: UTF-16 text without a byte-order "
                          "mark, not UTF-8",
                          hint=f"convert it first, e.g. iconv -f {order} -t UTF-8 {source} > converted.txt")
    return InputError(f"{name}:{number}: NUL byte at column {offset + 1}: binary data, not UTF-8 text",
                      hint="give a plain text file")


def _open_binary(name: str) -> IO[bytes]:
    if name.endswith(".gz"):
        import gzip  # only for a compressed file (imports off the QA path: issue 14)

        return gzip.open(name, "rb")  # type: ignore[return-value]
    return open(name, "rb")


def _raw_lines(name: str, start: int = 0) -> Iterator[bytes]:
    """A file's lines as bytes, decompressed for a ``.gz`` name (``start`` then counts decompressed
    bytes: a gzip file is read from its beginning up to there). An OSError while opening or reading
    (the file removed since it was checked, a disk error in the middle of a long corpus, a damaged
    gzip stream) becomes an InputError naming the file. A URI (s3://...) is read through pyarrow.fs."""
    if is_uri(name):
        yield from raw_lines(name, start)
        return
    try:
        with _open_binary(name) as handle:
            if start:
                handle.seek(start)
            yield from handle
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except (OSError, EOFError) as error:  # EOFError: a gzip stream cut short
        raise InputError(f"{name}: cannot read ({getattr(error, 'strerror', None) or error})") from None


def read_bytes(path: str | os.PathLike[str], kind: str = "a file", probe: bool = False) -> bytes:
    """A file's bytes, or an InputError naming it (missing, a directory, unreadable).

    ``probe``: only check that the file can be opened (returns b"")."""
    name = os.fspath(path)
    file = Path(name)
    if file.is_dir():
        raise InputError(f"{name}: is a directory", hint=f"give {kind}")
    try:
        if probe:
            with file.open("rb"):
                return b""
        return file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
