"""A reviewed spreadsheet back into ignore entries (``bitext qa --ignore-from REVIEWED.xlsx``).

``bitext qa --format xlsx`` (bitext.report.xlsx) writes one row per finding with an empty
``reviewer decision`` column (a drop-down list: DECISIONS); a reviewer marks false alarms there,
and ``read_reviewed`` gives the fingerprints of those rows (every occurrence of a grouped
finding), each with the reviewer's comment. Columns are found by their header, so a reviewer may
reorder, hide or add columns; rows with any other decision, or none, are ignored.

openpyxl is an optional dependency (``pip install 'bitext[xlsx]'``).
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from bitext.errors import ConfigError, InputError
from bitext.qa.ignore import IgnoreList

SHEET = "findings"
FINGERPRINTS = "fingerprints"
DECISION = "reviewer decision"
COMMENT = "reviewer comment"
FALSE_ALARM = "false alarm"
DECISIONS = (FALSE_ALARM, "to fix", "fixed")
COLUMNS = ("document", "pair", "line", "check", "severity", "message", "suggestion", "source", "target", "count",
           FINGERPRINTS, DECISION, COMMENT)
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
INSTALL_HINT = "install the spreadsheet support: pip install 'bitext[xlsx]'"


@dataclass(frozen=True)
class ReviewedEntry:
    fingerprint: str
    comment: str  # check and message, then the reviewer's comment: the ignore file's comment


def openpyxl_module():
    try:
        import openpyxl
    except ImportError:
        raise ConfigError("spreadsheets need openpyxl, which is not installed", hint=INSTALL_HINT) from None
    return openpyxl


def read_reviewed(path: str | os.PathLike) -> list[ReviewedEntry]:
    """The fingerprints of the rows marked ``false alarm``, in row order, each once."""
    openpyxl = openpyxl_module()
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{file}: no such file" if not file.exists() else f"{file}: is not a file")
    from openpyxl.utils.exceptions import InvalidFileException

    # what openpyxl raises on a file that is not a workbook or a damaged one (a cut-off sheet: a ParseError,
    # a SyntaxError; a bad zip member: BadZipFile, zlib.error, EOFError; missing parts: KeyError ...)
    damaged = (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError,
               SyntaxError, OSError)
    try:
        # a file object: openpyxl then does not refuse the file for its name (a copy saved as .xls or without one)
        with file.open("rb") as handle:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                return _false_alarms(file, workbook)
            finally:
                workbook.close()
    except damaged as error:
        raise InputError(f"{file}: not an xlsx workbook, or a damaged one ({type(error).__name__}: {error})",
                         hint="give the spreadsheet `bitext qa --format xlsx` wrote, saved as .xlsx") from None


def _false_alarms(file: Path, workbook) -> list[ReviewedEntry]:
    """The entries of the rows marked ``false alarm`` (read_reviewed)."""
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip().casefold() if cell is not None else "" for cell in next(rows, ())]
    missing = [name for name in (FINGERPRINTS, DECISION) if name not in header]
    if missing:
        raise InputError(f"{file}: sheet {sheet.title!r} has no column {', '.join(map(repr, missing))}",
                         hint="the first row names the columns, as `bitext qa --format xlsx` wrote them")
    where = {name: header.index(name) for name in header if name}
    entries: dict[str, ReviewedEntry] = {}
    for number, row in enumerate(rows, start=2):
        decision = _cell(row, where.get(DECISION))
        if " ".join(decision.casefold().split()) != FALSE_ALARM:
            continue
        fingerprints = _cell(row, where.get(FINGERPRINTS)).lower().split()
        if not fingerprints or not all(_FINGERPRINT.fullmatch(fp) for fp in fingerprints):
            raise InputError(f"{file}: row {number}: marked {FALSE_ALARM!r} but its {FINGERPRINTS!r} cell "
                             "holds no finding fingerprint", hint="keep the column as bitext wrote it")
        described = " ".join(part for part in (_cell(row, where.get("check")), _cell(row, where.get("message")))
                             if part)
        note = _cell(row, where.get(COMMENT))
        comment = " ".join(f"{described} -- reviewed: {FALSE_ALARM}{': ' + note if note else ''}".split())
        for fp in fingerprints:
            entries.setdefault(fp, ReviewedEntry(fp, comment))
    return list(entries.values())


def add_reviewed(ignores: IgnoreList, path: str | os.PathLike) -> list[ReviewedEntry]:
    """Add the false alarms of the spreadsheet at ``path`` to ``ignores`` (with the line each will have
    once appended to its file); returns those the list did not have yet."""
    reviewed = [entry for entry in read_reviewed(path) if entry.fingerprint not in ignores]
    file = ignores.path
    last_line = len(file.read_bytes().splitlines()) if file is not None and file.is_file() else 2  # 2: the header
    for offset, entry in enumerate(reviewed, start=1):
        ignores.entries[entry.fingerprint] = last_line + offset
    return reviewed


def _cell(row: tuple, index: int | None) -> str:
    if index is None or index >= len(row) or row[index] is None:
        return ""
    return str(row[index]).strip()
