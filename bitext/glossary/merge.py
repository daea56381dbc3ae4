"""The review worksheet of ``bitext glossary build`` and merging its accepted rows into a glossary.

The worksheet (a candidates TSV) has the glossary's own columns first (``concept_id en_term
en_variants zh_term zh_admitted_variants status note``), then review columns: ``score
frequency method example_1_en example_1_zh example_2_en example_2_zh decision``. A
reviewer fills ``decision`` (``accept`` / ``accepted`` / ``yes``; ``reject`` / ``no`` or
empty otherwise) and ``merge_accepted`` adds the accepted rows to a glossary TSV without
duplicating concepts. Variants are separated by ``|``. bitext.termex.formats writes it as
UTF-8 with a BOM (so Excel shows Chinese correctly) with RFC 4180 quoting; read with ``utf-8-sig``.

Merging reads the glossary TSV line by line rather than through bitext.glossary.read_glossary:
it rewrites only the rows it extends, and keeps every other line byte for byte.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex

from bitext.errors import InputError
from bitext.glossary.normalize import clean_text, has_han, term_key
from bitext.glossary.table import COLUMNS, VARIANT_SEPARATOR, split_variants

REVIEW_COLUMNS = ["score", "frequency", "method", "example_1_en", "example_1_zh", "example_2_en",
                  "example_2_zh", "decision"]
CANDIDATE_COLUMNS = [*COLUMNS, *REVIEW_COLUMNS]

ACCEPT = frozenset({"accept", "accepted", "yes"})
NOT_ACCEPTED = frozenset({"", "reject", "rejected", "no", "skip", "later"})
BLOCKING_STATUSES = frozenset({"forbidden", "discouraged", "deprecated"})


def cell(text: object) -> str:
    """A worksheet or glossary cell: one line, no tabs or control characters."""
    return clean_text(str(text)) if text is not None else ""


def join_variants(values: Iterable[str]) -> str:
    return VARIANT_SEPARATOR.join(cell(v).replace(VARIANT_SEPARATOR, "/") for v in values if v)


@dataclass
class CandidateRow:
    """One row of a candidates TSV as a reviewer left it."""

    line: int
    concept_id: str
    en_term: str
    en_variants: list[str]
    zh_term: str
    zh_admitted_variants: list[str]
    status: str
    note: str
    score: float | None
    frequency: int | None
    method: str
    decision: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return self.decision.strip().lower() in ACCEPT


def _read_text(path: str | os.PathLike[str], kind: str) -> str:
    """A TSV file's text (bitext.io.text.decode_text: undecodable bytes, UTF-16 and NUL bytes are errors
    naming the line). A glossary in another format (TBX, CSV) is named as such: merge reads and writes TSV."""
    from bitext.glossary.files import _FORMATS, _sniff
    from bitext.io.text import decode_text, read_bytes

    name = os.fspath(path)
    data = read_bytes(name, kind)
    text = decode_text(data, name)
    form = _FORMATS.get(Path(name).suffix.lower()) or (_sniff(data) if text.strip() else "tsv")
    if form != "tsv" and "\t" not in text.split("\n", 1)[0]:
        raise InputError(f"{name}: a {form.upper()} file, but glossary merge reads and writes tab-separated (TSV) "
                         "files", hint=f"give {kind} as TSV (tab-separated, UTF-8)")
    return text


def read_candidates_tsv(path: str | os.PathLike[str]) -> list[CandidateRow]:
    """Parse a (reviewed) candidates TSV; malformed input raises InputError naming the line."""
    text = _read_text(path, "a candidates TSV")
    if not text.strip():
        raise InputError(f"{path}: empty file", hint="expected a header line with en_term and zh_term columns")
    reader = csv.reader(io.StringIO(text, newline=None), delimiter="\t")  # lines may end in CR, LF or CRLF
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as error:
        raise InputError(f"{path}:1: malformed header ({error})") from None
    missing = [c for c in ("en_term", "zh_term") if c not in header]
    if missing:
        raise InputError(f"{path}:1: missing column(s) {', '.join(missing)}",
                         hint="the header must name en_term and zh_term (tab-separated)")
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise InputError(f"{path}:1: duplicate column(s) {', '.join(dupes)}")
    rows: list[CandidateRow] = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise InputError(f"{path}:{start}: malformed row ({error})") from None
        line = reader.line_num
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise InputError(f"{path}:{start}: expected {len(header)} tab-separated fields, found {len(fields)}",
                             hint="a tab inside a cell must be quoted; re-export the sheet as TSV")
        record = dict(zip(header, fields, strict=True))
        en, zh = record["en_term"].strip(), record["zh_term"].strip()
        if not en or not zh:
            raise InputError(f"{path}:{start}: empty {'en_term' if not en else 'zh_term'}")
        decision = record.get("decision", "").strip()
        if decision.lower() not in ACCEPT | NOT_ACCEPTED:
            raise InputError(f"{path}:{start}: unknown decision {decision!r}",
                             hint="use accept, accepted or yes to accept; reject, no or empty otherwise")
        score = _number(record.get("score", ""), float, path, start, "score")
        frequency = _number(record.get("frequency", ""), int, path, start, "frequency")
        known = set(CANDIDATE_COLUMNS)
        rows.append(CandidateRow(
            line=start, concept_id=record.get("concept_id", "").strip(), en_term=en,
            en_variants=split_variants(record.get("en_variants", "")), zh_term=zh,
            zh_admitted_variants=split_variants(record.get("zh_admitted_variants", "")),
            status=record.get("status", "").strip(), note=record.get("note", "").strip(), score=score,
            frequency=frequency, method=record.get("method", "").strip(), decision=decision,
            extra={k: v for k, v in record.items() if k not in known},
        ))
    return rows


def _number(value: str, kind, path, line: int, column: str):
    value = value.strip()
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise InputError(f"{path}:{line}: {column} {value!r} is not a number") from None


# ---------------------------------------------------------------- glossary TSV (seed columns)

@dataclass
class _GlossaryRow:
    line: int
    raw: str
    cells: dict[str, str]

    def en_forms(self) -> set[str]:
        return {term_key(x) for x in [self.cells.get("en_term", ""),
                                      *split_variants(self.cells.get("en_variants", ""))] if x}

    def zh_forms(self) -> set[str]:
        return {term_key(x) for x in [self.cells.get("zh_term", ""),
                                      *split_variants(self.cells.get("zh_admitted_variants", ""))] if x}

    @property
    def status(self) -> str:
        return self.cells.get("status", "").strip().lower()


def _read_glossary(path: str | os.PathLike[str]) -> tuple[list[str], str, list[_GlossaryRow]]:
    text = _read_text(path, "a glossary")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError(f"{path}:1: no header line", hint="expected " + " ".join(COLUMNS))
    header = [h.strip() for h in lines[0].split("\t")]
    missing = [c for c in ("en_term", "zh_term") if c not in header]
    if missing:
        raise InputError(f"{path}:1: missing column(s) {', '.join(missing)}")
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise InputError(f"{path}:1: column(s) {', '.join(repeated)} appear more than once in the header")
    rows = []
    for number, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        fields = raw.split("\t")
        if len(fields) > len(header):
            raise InputError(f"{path}:{number}: expected {len(header)} tab-separated fields, found {len(fields)}")
        rows.append(_GlossaryRow(number, raw,
                                 dict(zip(header, fields + [""] * (len(header) - len(fields)), strict=True))))
    return header, lines[0], rows


# ---------------------------------------------------------------- merging accepted candidates

@dataclass
class MergeResult:
    text: str
    added: list[str] = field(default_factory=list)      # new concept ids
    extended: list[str] = field(default_factory=list)   # concept ids given a new variant
    skipped: list[str] = field(default_factory=list)    # messages: duplicates and conflicts


def _next_id_factory(rows: list[_GlossaryRow]):
    ids = [r.cells.get("concept_id", "").strip() for r in rows]
    best = None
    for i in ids:
        m = regex.fullmatch(r"([A-Za-z_\-]*)(\d+)", i)
        if m and (best is None or int(m.group(2)) > best[1]):
            best = (m.group(1), int(m.group(2)), len(m.group(2)))
    prefix, number, width = best if best else ("C", 0, 3)
    used = set(ids)

    def next_id() -> str:
        nonlocal number
        while True:
            number += 1
            candidate = f"{prefix}{number:0{width}d}"
            if candidate not in used:
                used.add(candidate)
                return candidate

    return next_id


def plan_merge(candidates_path: str | os.PathLike[str], glossary_path: str | os.PathLike[str]) -> MergeResult:
    """The glossary with the accepted candidates added, and what was done."""
    accepted = [r for r in read_candidates_tsv(candidates_path) if r.accepted]
    if Path(glossary_path).exists():
        header, header_line, rows = _read_glossary(glossary_path)
    else:
        header, header_line, rows = list(COLUMNS), "\t".join(COLUMNS), []
    result = MergeResult(text="")
    next_id = _next_id_factory(rows)
    changed: dict[int, _GlossaryRow] = {}
    new_rows: list[_GlossaryRow] = []

    def all_rows():
        return rows + new_rows

    for cand in accepted:
        en_forms = {term_key(x) for x in [cand.en_term, *cand.en_variants]}
        zh_forms = {term_key(x) for x in [cand.zh_term, *cand.zh_admitted_variants]}
        label = f"{cand.en_term} = {cand.zh_term} (line {cand.line})"
        same = [r for r in all_rows() if r.en_forms() & en_forms and r.zh_forms() & zh_forms]
        if same:
            blocked = [r for r in same if r.status in BLOCKING_STATUSES]
            if blocked:
                cid = blocked[0].cells.get("concept_id", "")
                result.skipped.append(f"{label}: the glossary marks this rendering {blocked[0].status} ({cid})")
            else:
                result.skipped.append(f"{label}: already in the glossary ({same[0].cells.get('concept_id', '')})")
            continue
        by_en = [r for r in all_rows() if r.en_forms() & en_forms and r.status not in BLOCKING_STATUSES]
        by_zh = [r for r in all_rows() if r.zh_forms() & zh_forms and r.status not in BLOCKING_STATUSES]
        target = (by_en or by_zh or [None])[0]
        if target is not None:
            column, new_values = (("zh_admitted_variants", [cand.zh_term, *cand.zh_admitted_variants]) if by_en
                                  else ("en_variants", [cand.en_term, *cand.en_variants]))
            present = target.zh_forms() if by_en else target.en_forms()
            values = split_variants(target.cells.get(column, ""))
            for v in new_values:
                if term_key(v) not in present and term_key(v) not in {term_key(x) for x in values}:
                    values.append(v)
            if column not in header:
                header.append(column)
            target.cells[column] = join_variants(values)
            if target in rows:
                changed[target.line] = target
            cid = target.cells.get("concept_id", "")
            result.extended.append(cid)
            continue
        cid = next_id()
        cells = {
            "concept_id": cid, "en_term": cand.en_term, "en_variants": join_variants(cand.en_variants),
            "zh_term": cand.zh_term, "zh_admitted_variants": join_variants(cand.zh_admitted_variants),
            "status": "keep-latin" if _kept_in_latin(cand) else "preferred",
            "note": "; ".join(x for x in (cand.note,
                                          f"added by bitext glossary build ({cand.method or 'manual'})") if x),
        }
        if "evidence" in header:
            cells["evidence"] = f"bitext glossary build: score {cand.score}, frequency {cand.frequency}"
        new_rows.append(_GlossaryRow(0, "", cells))
        result.added.append(cid)

    def serialise(row: _GlossaryRow) -> str:
        return "\t".join(cell(row.cells.get(col, "")) for col in header)

    out = ["\t".join(header) if len(header) != len(header_line.split("\t")) else header_line]
    for row in rows:
        out.append(serialise(row) if row.line in changed else row.raw)
    out.extend(serialise(r) for r in new_rows)
    result.text = "\n".join(out) + "\n"
    return result


def merge_accepted(candidates_path: str | os.PathLike[str], glossary_path: str | os.PathLike[str]) -> str:
    """New glossary TSV text: the glossary plus the candidates a reviewer accepted.

    An accepted pair already in the glossary is skipped; one whose English (or Chinese)
    term is an existing concept adds the other side as a variant of that concept rather
    than a second concept; a pair the glossary marks forbidden/discouraged is not added.
    Unchanged glossary lines are kept byte for byte. Write the result with
    ``bitext.io.atomic.atomic_write_text``.
    """
    return plan_merge(candidates_path, glossary_path).text


def _kept_in_latin(cand) -> bool:
    """A reviewed row whose Chinese is its English code as is (COVID-19 = COVID-19): the
    glossary's keep-latin status, which the QA checks read as "leave it in Latin script"."""
    return term_key(cand.zh_term) == term_key(cand.en_term) and not has_han(cand.zh_term)
