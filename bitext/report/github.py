"""GitHub Actions workflow commands and the Markdown for ``$GITHUB_STEP_SUMMARY``.

``render_github`` writes one ``::error|::warning|::notice file=…,line=…,title=CHECK::message``
line per finding (info → ``::notice``), most severe first: GitHub shows only 10 error and
10 warning annotations per step (50 per job), so the ones shown are the ones that matter;
every finding is still in the log. Data is escaped as the runner expects: ``%``, CR and LF
everywhere, and also ``:`` and ``,`` in properties. ``step_summary_markdown`` gives the full
table for the job summary page.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from bitext.qa.findings import Finding
from bitext.qa.report import ReportBase
from bitext.report._common import SEVERITIES, severity, signature_text
from bitext.report._common import message as finding_message

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
EXCERPT = 160  # characters of source/target quoted in an annotation
SUMMARY_ROWS = 500  # the step summary is capped at 1 MiB; list this many findings at most


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def iter_annotations(report: ReportBase) -> Iterator[tuple[Finding, str, int, str, str]]:
    """(finding, file, line, source, target) for every finding, most severe first, report order
    within a severity (one reading of the documents per severity)."""
    counts = report.summary().counts
    for sev in SEVERITIES:
        if not counts.get(sev):
            continue
        for doc in report.documents():
            path = report.source_for(doc.id) or doc.id
            for pair in doc.pairs:
                yield from ((f, path, pair.line, pair.src, pair.tgt) for f in pair.findings if severity(f) == sev)
            for f in doc.loose:
                if severity(f) == sev:
                    ids = f.tgt_ids or f.src_ids
                    yield f, path, ids[0] + 1 if ids else 1, "", ""


def write_github(report: ReportBase, *, color: bool = False) -> Iterator[str]:
    for f, path, line, src, tgt in iter_annotations(report):
        message = finding_message(f, suggestion=True)
        if src:
            message += f"\nsource: {_excerpt(src)}"
        if tgt:
            message += f"\ntarget: {_excerpt(tgt)}"
        props = f"file={escape_property(path)},line={line},title={escape_property(f.check)}"
        yield f"::{COMMANDS[severity(f)]} {props}::{escape_data(message)}\n"


def render_github(report: ReportBase, *, color: bool = False) -> str:
    return "".join(write_github(report, color=color))


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|~#"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;",
                                                                     "\r": " ", "\n": " "})


def md(text: str) -> str:
    """Text safe inside a Markdown table cell: no HTML, no emphasis, no column breaks."""
    return text.translate(_MD_SPECIAL)


def step_summary_markdown(report: ReportBase) -> str:
    summary = report.summary()
    counts, pairs = summary.counts, summary.pairs
    icon = {"error": "🔴", "warning": "🟡", "info": "🔵"}
    out = [
        "## bitext QA",
        "",
        f"{summary.documents} documents, {pairs} pairs — "
        + ", ".join(f"{icon[s]} **{counts.get(s, 0)}** {s}" for s in SEVERITIES)
        + (f" ({summary.dismissed} dismissed)" if summary.dismissed else ""),
        "",
    ]
    if summary.documents:
        out += ["| document | pairs | error | warning | info |", "|---|---:|---:|---:|---:|"]
        for shown, doc in enumerate(report.documents()):
            if shown == SUMMARY_ROWS:
                out.append(f"| … {summary.documents - SUMMARY_ROWS} more documents | | | | |")
                break
            c = doc.counts()
            out.append(f"| {md(doc.id)} | {len(doc.pairs)} | {c['error']} | {c['warning']} | {c['info']} |")
        out.append("")
    total = sum(counts.values())
    if total:
        out += ["### Findings", "", "| severity | location | check | message | target |", "|---|---|---|---|---|"]
        for f, path, line, _src, tgt in itertools.islice(iter_annotations(report), SUMMARY_ROWS):
            message = finding_message(f, suggestion=True)
            out.append(f"| {icon[severity(f)]} {severity(f)} | {md(path)}:{line} | `{f.check}` | {md(message)} "
                       f"| {md(_excerpt(tgt))} |")
        if total > SUMMARY_ROWS:
            out.append("")
            out.append(f"… and {total - SUMMARY_ROWS} more findings: see the JSON or HTML report.")
        out.append("")
    else:
        out += ["No findings.", ""]
    if report.stale_ignores:
        n = len(report.stale_ignores)
        out += [f"{n} ignore {'entry' if n == 1 else 'entries'} matched nothing (stale).", ""]
    sig = signature_text(report.signature)
    if sig:
        out += [f"<sub>signature: {md(sig)}</sub>", ""]
    return "\n".join(out)
