"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning and others).

One run; ``tool.driver.rules`` has one rule per check id used (short description = the
check's title); each finding is a result at ``artifactLocation.uri`` = the document's input
file (``report.source_for(id)``, else the document id) and ``region.startLine`` = the pair's line in
that file when the report has it (``pair_scores`` ``line``: TMX/XLIFF unit, JSONL corpus
record, the target text file's line of the first target sentence), else first target
sentence + 1 (first source sentence when the pair has no target).
Relative paths are written as URI references (``\\`` → ``/``, percent-encoded); absolute
paths as ``file://`` URIs.
``partialFingerprints["bitext/v1"]`` is the finding's fingerprint, stable across runs.
"""

from __future__ import annotations

import ntpath
import posixpath
from collections.abc import Iterator
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from bitext.qa.findings import Finding
from bitext.qa.report import ReportBase
from bitext.report._common import (
    Streamed,
    check_title,
    json_chunks,
    message,
    severity,
    signature_text,
)
from bitext.version import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "bitext/v1"


def artifact_uri(path: str) -> str:
    """A file path as a SARIF artifact URI."""
    if posixpath.isabs(path):
        return PurePosixPath(path).as_uri()
    if ntpath.splitdrive(path)[0] and ntpath.isabs(path):
        return PureWindowsPath(path).as_uri()
    return quote(path.replace("\\", "/"), safe="/")


def _sarif(report: ReportBase) -> dict:
    """The SARIF log with its results as a Streamed array."""
    from bitext.qa.checks import CHECKS

    rules = []
    for cid in report.summary().check_ids:
        rule: dict = {"id": cid, "shortDescription": {"text": check_title(cid)}}
        check = CHECKS.get(cid)
        if check is not None:
            rule["defaultConfiguration"] = {"level": LEVELS[check.severity.value]}
            rule["properties"] = {"tags": [check.family] + ([check.mqm] if check.mqm else [])}
        rules.append(rule)
    index = {rule["id"]: i for i, rule in enumerate(rules)}

    def results():
        for doc in report.documents():
            uri = artifact_uri(report.source_for(doc.id) or doc.id)
            for pair in doc.pairs:
                yield from (_result(f, uri, pair.line, index, pair.index) for f in pair.findings)
            yield from (_result(f, uri, _line(f), index, None) for f in doc.loose)

    run: dict = {
        "tool": {"driver": {"name": "bitext", "version": __version__, "rules": rules}},
        "results": Streamed(results()),
    }
    if report.signature:
        run["properties"] = {"signature": signature_text(report.signature)}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _line(f: Finding) -> int:
    ids = f.tgt_ids or f.src_ids
    return ids[0] + 1 if ids else 1


def _result(f: Finding, uri: str, line: int, index: dict[str, int], pair: int | None) -> dict:
    text = message(f, suggestion=True)
    props: dict = {"document": f.document, "src_ids": list(f.src_ids), "tgt_ids": list(f.tgt_ids)}
    if pair is not None:
        props["pair"] = pair
    if f.mqm:
        props["mqm"] = f.mqm
    if f.count > 1:
        props["count"] = f.count
    return {
        "ruleId": f.check,
        "ruleIndex": index[f.check],
        "level": LEVELS[severity(f)],
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": props,
    }


def write_sarif(report: ReportBase, *, color: bool = False) -> Iterator[str]:
    yield from json_chunks(_sarif(report))
    yield "\n"


def render_sarif(report: ReportBase, *, color: bool = False) -> str:
    return "".join(write_sarif(report, color=color))
