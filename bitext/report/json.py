"""The JSON report (schema: docs/qa-json-schema.md), written as a stream of chunks.

The same document as ``json.dumps(report.to_json(), ensure_ascii=False, indent=2)``, but
documents and findings are read and written one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator

from bitext.qa.report import ReportBase, json_header, json_summary
from bitext.report._common import Streamed, json_chunks


def write_json(report: ReportBase, *, color: bool = False) -> Iterator[str]:
    document = {
        **json_header(report),
        "summary": json_summary(report.summary(), len(report.stale_ignores)),
        "documents": Streamed((d.to_json() for d in report.documents()), plain=True),
        "findings": Streamed((f.to_dict() for f in report.iter_findings()), plain=True),
        "stale_ignores": list(report.stale_ignores),
        "notes": list(report.notes),
    }
    yield from json_chunks(document)
    yield "\n"


def render_json(report: ReportBase, *, color: bool = False) -> str:
    return "".join(write_json(report, color=color))
