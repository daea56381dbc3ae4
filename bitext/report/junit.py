"""JUnit XML for CI test tabs (GitLab ``artifacts:reports:junit``, Jenkins, Azure DevOps).

One ``<testsuite>`` per document, one ``<testcase name="DOC:K">`` per aligned pair (K is the
pair index as in the JSON report). Each error or warning finding on the pair is a
``<failure message=… type=CHECK-ID>`` whose body holds the source, the target and the
suggestion; info findings go to the test case's ``<system-out>`` and do not fail it.
``tests`` counts test cases and ``failures`` the test cases with at least one failure.
Findings that point at no pair get a ``DOC:document`` test case. Characters XML 1.0 cannot
carry are replaced by U+FFFD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from bitext.qa.findings import Finding
from bitext.qa.report import ReportBase
from bitext.report._common import DocumentView, message, severity, signature_text, xml_text

FAILING = ("error", "warning")


def write_junit(report: ReportBase, *, color: bool = False) -> Iterator[str]:
    """One <testsuite> per document, written one at a time; the totals on <testsuites> come
    from a first reading of the documents."""
    total_tests = total_failures = 0
    for doc in report.documents():
        cases = [p.findings for p in doc.pairs] + ([doc.loose] if doc.loose else [])
        total_tests += len(cases)
        total_failures += sum(any(severity(f) in FAILING for f in found) for found in cases)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<testsuites name="bitext" tests="{total_tests}" failures="{total_failures}" errors="0">\n'
    for doc in report.documents():
        suite = _suite(report, doc)
        ET.indent(suite, level=1)
        yield "  " + ET.tostring(suite, encoding="unicode") + "\n"
    yield "</testsuites>\n"


def render_junit(report: ReportBase, *, color: bool = False) -> str:
    return "".join(write_junit(report, color=color))


def _suite(report: ReportBase, doc: DocumentView) -> ET.Element:
    suite = ET.Element("testsuite", name=xml_text(doc.id))
    props = ET.SubElement(suite, "properties")
    sig = signature_text(report.signature)
    if sig:
        ET.SubElement(props, "property", name="signature", value=xml_text(sig))
    source = report.source_for(doc.id)
    if source:
        ET.SubElement(props, "property", name="source", value=xml_text(source))
    tests = failures = 0
    for pair in doc.pairs:
        case = _case(suite, report, doc.id, str(pair.index), pair.findings, pair.src, pair.tgt)
        tests += 1
        failures += case.find("failure") is not None
    if doc.loose:
        case = _case(suite, report, doc.id, "document", doc.loose, "", "")
        tests += 1
        failures += case.find("failure") is not None
    if not len(props):
        suite.remove(props)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite


def _case(suite: ET.Element, report: ReportBase, doc_id: str, index: str, findings: list[Finding],
          src: str, tgt: str) -> ET.Element:
    case = ET.SubElement(suite, "testcase", name=xml_text(f"{doc_id}:{index}"), classname=xml_text(doc_id))
    source = report.source_for(doc_id)
    if source:
        case.set("file", xml_text(source))
    notes = []
    for f in findings:
        if severity(f) in FAILING:
            failure = ET.SubElement(case, "failure", message=xml_text(f"{severity(f)}: {message(f)}"),
                                    type=xml_text(f.check))
            failure.text = xml_text(_body(f, src, tgt))
        else:
            notes.append(f"{severity(f)} {f.check}: {message(f)}" + (f" (suggestion: {f.suggestion})"
                                                                      if f.suggestion else ""))
    if notes:
        ET.SubElement(case, "system-out").text = xml_text("\n".join(notes))
    return case


def _body(f: Finding, src: str, tgt: str) -> str:
    lines = [f"{severity(f)} {f.check}: {message(f)}"]
    if f.suggestion:
        lines.append(f"suggestion: {f.suggestion}")
    lines += [f"source: {src}", f"target: {tgt}"]
    for s in f.spans:
        text = (src if s.side == "src" else tgt)[s.start:s.end]
        where = f"span: {s.side} [{s.start}, {s.end})"
        lines.append(f"{where} {text!r}" if text else where)
    lines.append(f"fingerprint: {f.fingerprint}")
    return "\n".join(lines)
