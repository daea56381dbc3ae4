"""The JSON report: ``QAReport.to_json()`` pretty-printed (schema: docs/qa-json-schema.md)."""

from __future__ import annotations

import json

from bitext.qa.report import QAReport


def render_json(report: QAReport, *, color: bool = False) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
