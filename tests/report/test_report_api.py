"""The format registry and properties shared by every format."""

from __future__ import annotations

import pytest

from bitext.errors import ConfigError
from bitext.qa.findings import Finding, Severity, Span
from bitext.report import FORMATS, RENDERERS, render


def test_formats_listed_in_order():
    assert FORMATS == ("text", "json", "jsonl", "html", "junit", "sarif", "github", "gitlab")
    assert set(RENDERERS) == set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_and_is_deterministic(report, fmt):
    out = render(report, fmt)
    assert isinstance(out, str) and out
    assert render(report, fmt) == out  # pure: same report, same bytes


def _says_nothing_was_found(fmt: str, out: str) -> bool:
    """What each format writes for a report without documents: well-formed, and zero findings."""
    import json
    import re

    from lxml import etree

    if fmt == "text":
        return out == "0 documents, 0 pairs: 0 errors, 0 warnings, 0 info\n"
    if fmt == "json":
        data = json.loads(out)
        zero = {"error": 0, "warning": 0, "info": 0}
        return (data["summary"]["documents"] == 0 and data["summary"]["findings"] == zero
                and data["documents"] == [] and data["findings"] == [])
    if fmt in ("jsonl", "github"):
        return out == ""  # one line per pair / finding: none
    if fmt == "html":
        main = re.search(r"<main>(.*?)</main>", out, re.S)
        return out.rstrip().endswith("</html>") and main is not None and not main.group(1).strip() \
            and '<dt>errors</dt><dd><span class="badge sev-error">0</span>' in out
    if fmt == "junit":
        root = etree.fromstring(out.encode("utf-8"))
        return (root.get("tests"), root.get("failures"), root.get("errors"), len(root)) == ("0", "0", "0", 0)
    if fmt == "sarif":
        return [run["results"] for run in json.loads(out)["runs"]] == [[]]
    if fmt == "gitlab":
        return json.loads(out) == []
    raise AssertionError(f"no expectation for format {fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_handles_an_empty_report(empty_report, fmt):
    assert _says_nothing_was_found(fmt, render(empty_report, fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_empty_report_check_fails_on_a_report_with_findings(report, fmt):
    # the expectations above are not vacuous: the sample report, with findings, meets none of them
    assert not _says_nothing_was_found(fmt, render(report, fmt))


def test_unknown_format_is_a_config_error(report):
    with pytest.raises(ConfigError, match="unknown report format") as err:
        render(report, "xml")
    assert "html" in str(err.value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_odd_findings_do_not_crash(report, fmt):
    """Spans beyond the text, empty spans, a bead outside the document and an unknown document."""
    odd = [
        Finding("numbers.extra", Severity.WARNING, "nejm-001", (0,), (0,), "span past the end", None,
                (Span("tgt", 5, 10_000), Span("src", 3, 3)), "f" * 64, bead=0),
        Finding("numbers.extra", Severity.ERROR, "nejm-001", (9,), (9,), "bead 99", None, (), "e" * 64, bead=99),
        Finding("custom.check", Severity.INFO, "ghost", (), (), "no such document", None, (), "d" * 64),
    ]
    report.findings += odd
    out = render(report, fmt)
    if fmt != "jsonl":  # jsonl lists pairs only
        assert "bead 99" in out and "no such document" in out
