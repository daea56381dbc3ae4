"""The JUnit XML format."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bitext.report import render_junit


def test_suites_cases_and_counts(report):
    root = ET.fromstring(render_junit(report))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["nejm-001", "doc b"]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
    assert [c.get("name") for c in suites[0].findall("testcase")] == ["nejm-001:0", "nejm-001:1", "nejm-001:2"]
    assert (root.get("tests"), root.get("failures")) == ("5", "4")
    assert (suites[0].get("failures"), suites[1].get("failures")) == ("3", "1")


def test_failures_per_error_and_warning(report):
    root = ET.fromstring(render_junit(report))
    case = root.find("testsuite/testcase[@name='nejm-001:1']")
    failures = case.findall("failure")
    assert [f.get("type") for f in failures] == ["numbers.mismatch", "punctuation.halfwidth_in_cjk"]
    assert failures[0].get("message") == "error: Source number 28.4 missing; target has 24.8"
    body = failures[0].text
    assert "source: Median PFS was 28.4 months <script>alert(1)</script> & more." in body
    assert "target: 中位PFS为24.8个月<script>alert(1)</script> & 更多,见下。" in body
    assert failures[1].get("message") == 'warning: Half-width "," <b>next</b> to Chinese'
    # info findings do not fail a case
    first = root.find("testsuite/testcase[@name='nejm-001:0']")
    assert len(first.findall("failure")) == 1 and "punctuation.space_in_cjk" in first.find("system-out").text
    clean = root.find("testsuite[@name='doc b']/testcase[@name='doc b:1']")
    assert clean is not None and len(clean) == 0


def test_xml_illegal_characters_replaced(report):
    report.alignments[0].document.tgt[0] = "患者\x00\x0b接受奥曲太30 mg治疗。"
    root = ET.fromstring(render_junit(report))  # would raise on \x00
    assert "患者\ufffd\ufffd接受" in root.find("testsuite/testcase/failure").text
