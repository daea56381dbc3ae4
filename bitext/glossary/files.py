"""Reading and writing glossary files (TSV, CSV, TBX), with errors that name file and line."""

from __future__ import annotations

import os
from pathlib import Path

from bitext.errors import InputError
from bitext.glossary.model import Glossary
from bitext.glossary.table import COLUMNS, RowError, format_table, parse_table
from bitext.io.atomic import atomic_open
from bitext.io.text import document_file, read_bytes

_FORMATS = {".tsv": "tsv", ".tab": "tsv", ".txt": "tsv", ".csv": "csv", ".tbx": "tbx", ".xml": "tbx"}


def read_glossary(path: str | os.PathLike[str], *, lenient: bool = False, format: str | None = None) -> Glossary:
    """Read a TSV, CSV or TBX glossary (format from the extension unless given).

    Strict (default): the first malformed row raises InputError naming file and line.
    ``lenient=True``: malformed rows are skipped and listed in ``glossary.warnings``.
    Undecodable bytes and an unusable header are errors in both modes.
    """
    name = os.fspath(path)
    try:
        return parse_glossary(read_bytes(name, "a glossary file"), name, lenient=lenient, format=format)
    except RowError as error:
        raise InputError(f"{name}:{error.line}: {error}", hint=_hint(error, name, format)) from None


def parse_glossary(data: bytes, name: str, *, lenient: bool = False, format: str | None = None) -> Glossary:
    """Parse glossary bytes; errors are RowError (with a line number), InputError for an empty file."""
    document = document_file(name, data, "a TSV, CSV or TBX glossary",
                             hint="save the sheet as CSV UTF-8, in Excel with File > Save As")
    if document is not None:
        raise document
    kind = format or _FORMATS.get(Path(name).suffix.lower()) or _sniff(data)
    if not data.removeprefix(b"\xef\xbb\xbf").strip():  # not a header that lacks every column
        raise InputError(f"{name}: empty", hint=None if kind == "tbx" else
                         "a glossary starts with the header line " + " ".join(COLUMNS))
    if kind == "tbx":
        from bitext.glossary.tbx import parse_tbx  # lxml loads only for TBX files

        return parse_tbx(data, name, lenient)
    if kind not in ("tsv", "csv"):
        raise InputError(f"{name}: unknown glossary format {kind!r}", hint="use tsv, csv or tbx")
    return parse_table(_decode(data, name), name, "\t" if kind == "tsv" else ",", lenient)


def _hint(error: RowError, name: str, format: str | None) -> str | None:
    """What to do about ``error``: the hint of its kind, in the terms of the file's format (a TBX file
    has entries, not rows of cells); none for an error of the whole file (a header, XML syntax) but
    its encoding, which --lenient cannot skip."""
    import shlex  # only for this message

    if error.code == "encoding":
        source = shlex.quote(name)
        encoding = "UTF-16" if "UTF-16" in str(error) else "GB18030"
        return f"convert it first, e.g. iconv -f {encoding} -t UTF-8 {source} > glossary.utf8{Path(name).suffix}"
    if error.whole_file:
        return None
    tbx = (format or _FORMATS.get(Path(name).suffix.lower())) == "tbx"
    if error.code == "malformed":
        return ("fix that entry" if tbx else "check the tabs/commas of that row") + \
            ", or skip malformed entries with --lenient (lenient=True)"
    if error.code == "empty-cell" and not tbx:
        return "fill in concept_id, en_term, zh_term and status on every row"
    return None


def write_glossary(glossary: Glossary, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write TSV/CSV (UTF-8 with BOM, so Excel shows Chinese correctly) or TBX-Basic, atomically."""
    name = os.fspath(path)
    kind = format or _FORMATS.get(Path(name).suffix.lower(), "tsv")
    if kind == "tbx":
        from bitext.glossary.tbx import format_tbx

        data = format_tbx(glossary)
    else:
        data = format_table(glossary, "\t" if kind == "tsv" else ",").encode("utf-8-sig")
    with atomic_open(name, "wb") as handle:
        handle.write(data)


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RowError(1, "UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8", code="encoding")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RowError(line, f"not UTF-8 (invalid byte 0x{data[error.start]:02x})", code="encoding") from None


def _sniff(data: bytes) -> str:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"<"):
        return "tbx"
    first_line = head.split(b"\n", 1)[0]
    return "tsv" if b"\t" in first_line or b"," not in first_line else "csv"
