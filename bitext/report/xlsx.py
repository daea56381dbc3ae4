"""The findings as a spreadsheet for reviewers (``--format xlsx``, needs ``bitext[xlsx]``).

One sheet, ``findings``: one row per finding (repeats grouped, as in the other formats) with
document, pair, line, check, severity, message, suggestion, the pair's source and target, the
count, the fingerprints, and two columns for the reviewer: ``reviewer decision`` (a drop-down:
false alarm, to fix, fixed) and ``reviewer comment``. ``bitext qa --ignore-from`` reads the
rows marked false alarm back as ignore entries (bitext.qa.review).

Written in openpyxl's streaming mode, so a large report is not held in memory. Text goes in as
text, never as a formula (a target starting with ``=``), and characters a workbook cannot hold
are replaced by U+FFFD. The bytes are the same on every run: the archive's timestamps and the
document properties' dates are fixed.
"""

from __future__ import annotations

import io
import re
import zipfile

from bitext.qa.report import ReportBase
from bitext.qa.review import COLUMNS, DECISION, DECISIONS, SHEET, openpyxl_module
from bitext.report._common import severity

_FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
WIDTHS = {"document": 16, "message": 50, "suggestion": 16, "source": 50, "target": 40, "fingerprints": 20,
          DECISION: 18, "reviewer comment": 30}


def xlsx_bytes(report: ReportBase) -> bytes:
    openpyxl = openpyxl_module()
    import datetime

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.creator = "bitext"
    workbook.properties.created = datetime.datetime(*_FIXED_TIME)
    sheet = workbook.create_sheet(SHEET)
    for i, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, 10)
    sheet.freeze_panes = "A2"
    wrap, bold = Alignment(wrap_text=True, vertical="top"), Font(bold=True)

    def cell(value, header: bool = False):
        if isinstance(value, str):
            value = _ILLEGAL.sub("\ufffd", value)
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            made.data_type = "s"  # text, even when it starts with "="
        made.alignment = wrap
        if header:
            made.font = bold
        return made

    sheet.append([cell(name, header=True) for name in COLUMNS])
    rows = 1
    for doc in report.documents():
        located = [(p, f) for p in doc.pairs for f in p.findings] + [(None, f) for f in doc.loose]
        for pair, f in located:
            values = {"document": doc.id, "pair": pair.index if pair else None, "line": pair.line if pair else None,
                      "check": f.check, "severity": severity(f), "message": f.message, "suggestion": f.suggestion,
                      "source": pair.src if pair else "", "target": pair.tgt if pair else "", "count": f.count,
                      "fingerprints": " ".join(f.members)}
            sheet.append([cell(values.get(name)) for name in COLUMNS])
            rows += 1
    decision = get_column_letter(COLUMNS.index(DECISION) + 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True,
                             showDropDown=False)  # (sic) False shows the drop-down arrow
    choices.add(f"{decision}2:{decision}{max(rows, 2) + 1000}")  # room for rows a reviewer adds
    sheet.data_validations.append(choices)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{rows}"
    raw = io.BytesIO()
    workbook.save(raw)
    return _fixed_archive(raw.getvalue())


def _fixed_archive(data: bytes) -> bytes:
    """The same archive with fixed timestamps (entries and the document's modified date)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
