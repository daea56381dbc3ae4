"""TSV / CSV glossaries in the seed glossary's columns.

Header (any order, case-insensitive; extra columns such as ``evidence`` are ignored)::

    concept_id  en_term  en_variants  zh_term  zh_admitted_variants  status  note  [requirement]

``|`` separates variants. A row's status applies to its ``zh_term``; its
``zh_admitted_variants`` are admitted on a preferred row and share the row's status
otherwise (the Latin spellings of a keep-latin term, more misspellings on a forbidden
row). Lines starting with ``#`` and blank lines are skipped. Both TSV and CSV follow
RFC 4180 quoting (a cell starting with ``"`` is quoted), as spreadsheet programs and
``bitext glossary build`` write them.

The optional ``requirement`` column says how strictly the concept applies: ``mandatory``
(also ``required``) or ``preferred`` (also ``recommended``, ``optional``; the default when the
column or the cell is empty). A concept is mandatory if any of its rows says so.

A plain two-column term list (``en_term  zh_term``, the header naming them) is a glossary too:
without a ``concept_id`` column a row's concept is its English term (rows of the same English
term are one concept), and without a ``status`` column every term is ``preferred``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from bitext.glossary.model import ConceptRequirement, Glossary, Problem, Requirement, Status, Term

COLUMNS = ("concept_id", "en_term", "en_variants", "zh_term", "zh_admitted_variants", "status", "note")
REQUIREMENT = "requirement"  # optional column
REQUIRED = ("concept_id", "en_term", "zh_term", "status")
HEADER_REQUIRED = ("en_term", "zh_term")  # concept_id and status have defaults when their column is absent
VARIANT_SEPARATOR = "|"
ALLOWED_STATUSES = "allowed: " + ", ".join(s.value for s in Status)
ALLOWED_REQUIREMENTS = "allowed: " + ", ".join(r.value for r in Requirement)


class RowError(ValueError):
    """A malformed row; the reader turns it into InputError (strict) or a warning (lenient)."""

    def __init__(self, line: int, message: str, code: str = "malformed", whole_file: bool = False):
        super().__init__(message)
        self.line = line
        self.code = code
        self.whole_file = whole_file  # the file cannot be read at all (header, XML syntax): lenient does not help


def parse_table(text: str, path: str, delimiter: str, lenient: bool) -> Glossary:
    """Parse decoded table text. Strict: the first bad row raises RowError; lenient: it is
    skipped and recorded in ``glossary.warnings``."""
    glossary = Glossary(path=path)
    records = _records(text, delimiter)
    header_line, header = next(records, (1, []))
    columns = [cell.strip().lower() for cell in header]
    missing = [name for name in HEADER_REQUIRED if name not in columns]
    if missing:
        raise RowError(header_line, f"header lacks column(s) {', '.join(missing)}; expected {' '.join(COLUMNS)} "
                       "(at least en_term and zh_term)", whole_file=True)
    repeated = sorted({name for name in columns if name in (*COLUMNS, REQUIREMENT) and columns.count(name) > 1})
    if repeated:
        # which of the two cells would count is anyone's guess: the reviewer must say
        raise RowError(header_line, f"column(s) {', '.join(repeated)} appear more than once in the header",
                       whole_file=True)
    return add_rows(glossary, (partial(_row_terms, cells, columns, line) for line, cells in records), lenient)


def add_rows(glossary: Glossary, rows: Iterable[Callable[[], Iterable[Term | ConceptRequirement]]],
             lenient: bool) -> Glossary:
    """Add each row's terms and requirement (a row is a callable giving them, so that a malformed
    row raises RowError here). Strict: the first RowError propagates; lenient: that row is
    skipped and recorded in ``glossary.warnings``. Shared by the table and TBX readers."""
    for items_of_row in rows:
        try:
            items = list(items_of_row())
            for item in items:
                if isinstance(item, ConceptRequirement):
                    glossary.require(item)
                else:
                    glossary.add(item)
        except RowError as error:
            if not lenient:
                raise
            glossary.warnings.append(Problem(glossary.path, error.line, error.code, str(error)))
    return glossary


def _row_terms(cells: list[str], columns: list[str], line: int) -> list[Term | ConceptRequirement]:
    return _terms(_row(cells, columns, line), line)


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) of each non-blank, non-comment record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous_end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise RowError(previous_end + 1, f"CSV syntax: {error}") from None
        start, previous_end = previous_end + 1, reader.line_num
        if any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#"):
            yield start, cells


def _row(cells: list[str], columns: list[str], line: int) -> dict[str, str]:
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
        raise RowError(line, f"{len(cells)} cells but the header has {len(columns)} columns")
    row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(columns)}
    if "concept_id" not in columns:  # a two-column term list: the English term names the concept
        row["concept_id"] = " ".join(row["en_term"].casefold().split())
    if "status" not in columns:
        row["status"] = Status.PREFERRED.value
    empty = [name for name in REQUIRED if not row[name]]
    if empty:
        raise RowError(line, f"empty required cell(s): {', '.join(empty)}", code="empty-cell")
    return row


def _terms(row: dict[str, str], line: int) -> list[Term | ConceptRequirement]:
    try:
        status = Status.parse(row["status"])
    except ValueError:
        raise RowError(line, f"unknown status {row['status']!r} ({ALLOWED_STATUSES})", code="unknown-status") from None
    try:
        requirement = Requirement.parse(row.get(REQUIREMENT, ""))
    except ValueError:
        raise RowError(line, f"unknown requirement {row[REQUIREMENT]!r} ({ALLOWED_REQUIREMENTS}, or empty)",
                       code="unknown-requirement") from None
    cid = row["concept_id"]
    en_status = Status.PREFERRED if status.approved else Status.ADMITTED
    variant_status = Status.ADMITTED if status is Status.PREFERRED else status
    terms: list[Term | ConceptRequirement] = [Term(row["en_term"], "en", en_status, cid, line)]
    terms += [Term(v, "en", Status.ADMITTED, cid, line) for v in split_variants(row.get("en_variants", ""))]
    terms.append(Term(row["zh_term"], "zh", status, cid, line))
    terms += [Term(v, "zh", variant_status, cid, line) for v in split_variants(row.get("zh_admitted_variants", ""))]
    if row.get(REQUIREMENT):
        terms.append(ConceptRequirement(cid, requirement, line))
    return terms


def split_variants(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(VARIANT_SEPARATOR) if v.strip()]


def format_table(glossary: Glossary, delimiter: str = "\t") -> str:
    """The glossary as table text that ``parse_table`` reads back to the same content. The
    ``requirement`` column is written only when some concept is mandatory."""
    with_requirement = any(c.mandatory for c in glossary.concepts.values())
    rows = [[*COLUMNS, REQUIREMENT] if with_requirement else list(COLUMNS)]
    for concept in glossary.concepts.values():
        en = [t.text for t in concept.en]
        head, variants = (en[0], en[1:]) if en else ("", [])
        for number, (status, zh) in enumerate(_zh_rows(concept)):
            extra = variants if number == 0 else []
            row = [concept.id, head, VARIANT_SEPARATOR.join(extra), zh[0], VARIANT_SEPARATOR.join(zh[1:]),
                   status.value, ""]
            rows.append([*row, concept.requirement.value] if with_requirement else row)
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _zh_rows(concept) -> list[tuple[Status, list[str]]]:
    """Group a concept's Chinese terms into rows: preferred + admitted first, then one row per status."""
    by_status = {s: [t.text for t in concept.zh if t.status is s] for s in Status}
    rows = []
    preferred, admitted = by_status.pop(Status.PREFERRED), by_status.pop(Status.ADMITTED)
    if preferred:
        rows.append((Status.PREFERRED, [preferred[0], *admitted]))
        rows += [(Status.PREFERRED, [p]) for p in preferred[1:]]
    elif admitted:
        rows.append((Status.ADMITTED, admitted))
    rows += [(status, terms) for status, terms in by_status.items() if terms]
    return rows
