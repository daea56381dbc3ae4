"""GitLab code quality JSON (``artifacts:reports:codequality``), shown in merge requests.

A JSON array with one issue per finding: ``description`` (the message, with its count and
suggestion), ``check_name`` (the check id), ``fingerprint`` (the finding's, stable across runs,
which GitLab uses to tell new issues from old), ``severity`` (error → ``major``, warning →
``minor``, info → ``info``, as GitLab's own linters map theirs), ``location.path`` (the document's
input file, else its id) and ``location.lines.begin`` (the pair's line, as in SARIF), plus
``categories`` (the check's family and MQM category) and ``engine_name``.
"""

from __future__ import annotations

from collections.abc import Iterator

from bitext.qa.findings import Finding
from bitext.qa.report import ReportBase
from bitext.report._common import Streamed, json_chunks, message, severity

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def _issue(f: Finding, path: str, line: int) -> dict:
    family = f.check.split(".", 1)[0]
    return {
        "type": "issue",
        "engine_name": "bitext",
        "check_name": f.check,
        "description": message(f, suggestion=True),
        "categories": [family] + ([f.mqm] if f.mqm else []),
        "severity": SEVERITIES[severity(f)],
        "fingerprint": f.fingerprint,
        "location": {"path": path, "lines": {"begin": line}},
    }


def _issues(report: ReportBase) -> Iterator[dict]:
    for doc in report.documents():
        path = report.source_for(doc.id) or doc.id
        for pair in doc.pairs:
            yield from (_issue(f, path, pair.line) for f in pair.findings)
        for f in doc.loose:
            ids = f.tgt_ids or f.src_ids
            yield _issue(f, path, ids[0] + 1 if ids else 1)


def write_gitlab(report: ReportBase, *, color: bool = False) -> Iterator[str]:
    yield from json_chunks(Streamed(_issues(report)))
    yield "\n"


def render_gitlab(report: ReportBase, *, color: bool = False) -> str:
    return "".join(write_gitlab(report, color=color))
