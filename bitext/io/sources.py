"""Corpus files on any filesystem pyarrow understands (s3://, gs://, hdfs://, file://, and the
fsspec filesystems when fsspec is installed), read through pyarrow.fs: a cluster's workers read
their shards where the corpus lies instead of from a copy on every node.

pyarrow comes with the parquet extra (``pip install 'bitext[parquet]'``) and the ray extra; a local
path never needs it unless it is Parquet. Every failure is an InputError naming the file (exit 2).
"""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Any

from bitext.errors import InputError

_URI = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)://")
CHUNK = 1 << 20


def is_uri(path: str) -> bool:
    """``s3://bucket/key``, ``file:///tmp/x``: read through pyarrow.fs (a Windows drive, C:\\, is not one)."""
    return _URI.match(path) is not None


def _pyarrow_fs(name: str, what: str) -> Any:
    try:
        import pyarrow.fs
    except ImportError:
        raise InputError(f"{name}: reading {what} needs pyarrow",
                         hint="pip install 'bitext[parquet]'") from None
    return pyarrow.fs


def filesystem(name: str) -> tuple[Any, str]:
    """(pyarrow FileSystem, path inside it) for a URI or a local path."""
    if not is_uri(name):
        return _pyarrow_fs(name, "Parquet").LocalFileSystem(), name
    fs = _pyarrow_fs(name, "a URI")
    try:
        return fs.FileSystem.from_uri(name)
    except Exception as error:  # pyarrow: ArrowInvalid for a scheme it does not know, OSError for bad credentials
        known = _fsspec_filesystem(name, fs)
        if known is not None:
            return known
        scheme = _URI.match(name).group(1)  # type: ignore[union-attr]  # is_uri(name)
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(f"{name}: cannot open the {scheme}:// filesystem ({first})",
                         hint="pyarrow reads s3://, gs://, hdfs:// and file:// (with fsspec installed, "
                              "its filesystems too)") from None


def _fsspec_filesystem(name: str, fs) -> tuple[Any, str] | None:
    """A filesystem pyarrow does not know natively, from fsspec (memory://, az://, https:// ...)."""
    try:
        import fsspec
        from fsspec.core import split_protocol
    except ImportError:
        return None
    protocol, inner = split_protocol(name)
    try:
        handler = fs.FSSpecHandler(fsspec.filesystem(protocol))
    except (ImportError, ValueError):  # unknown protocol, or its package is missing
        return None
    return fs.PyFileSystem(handler), inner


def stamp(name: str) -> tuple[int, int]:
    """(size, modification time in ns) of a file, or an InputError naming it (missing, a directory)."""
    fs, path = filesystem(name)
    try:
        info = fs.get_file_info(path)
    except Exception as error:  # pyarrow raises OSError and its own errors
        raise InputError(f"{name}: cannot read ({str(error).splitlines()[0] if str(error) else error})") from None
    kind = info.type.name
    if kind == "NotFound":
        raise InputError(f"{name}: no such file")
    if kind == "Directory":
        raise InputError(f"{name}: is a directory", hint="give a file")
    mtime = info.mtime_ns if info.mtime_ns is not None else -1
    return int(info.size if info.size is not None else -1), int(mtime)


def raw_lines(name: str, start: int = 0) -> Generator[bytes, None, None]:
    """A file's lines as bytes (each with its \\n), decompressed for a ``.gz`` name; from byte
    ``start`` (of the decompressed text: a gzip stream is read up to there)."""
    fs, path = filesystem(name)
    gz = name.endswith(".gz")
    try:
        if gz or not start:
            handle = fs.open_input_stream(path, compression="gzip" if gz else None)
            skip = start
        else:
            handle = fs.open_input_file(path)
            handle.seek(start)
            skip = 0
        with handle:
            while skip > 0:
                skip -= len(handle.read(min(skip, CHUNK)))
            pending = b""
            while chunk := handle.read(CHUNK):
                pending += chunk
                lines = pending.split(b"\n")
                pending = lines.pop()
                yield from (line + b"\n" for line in lines)
            if pending:
                yield pending
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except (OSError, EOFError) as error:
        raise InputError(f"{name}: cannot read ({str(error).splitlines()[0] if str(error) else error})") from None


PARQUET_SUFFIXES = (".parquet", ".pq")


def is_parquet(name: str) -> bool:
    """By the suffix; a file without a known suffix by its first bytes (Parquet's magic number)."""
    lower = name.lower()
    if lower.endswith(PARQUET_SUFFIXES):
        return True
    if lower.endswith((".jsonl", ".ndjson", ".json", ".gz")) or name == "-":
        return False
    if is_uri(name):
        return head(name, 4) == b"PAR1"
    try:
        with open(name, "rb") as handle:
            return handle.read(4) == b"PAR1"
    except OSError:
        return False  # the JSONL reader names the problem


def head(name: str, size: int = 4096) -> bytes:
    """The first bytes of a file (decompressed for ``.gz``), to tell its kind."""
    lines = raw_lines(name)
    data = b""
    for line in lines:
        data += line
        if len(data) >= size:
            break
    lines.close()
    return data[:size]


__all__ = ["filesystem", "head", "is_parquet", "is_uri", "raw_lines", "stamp"]
