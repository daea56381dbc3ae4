"""The format registry and properties shared by every format."""

from __future__ import annotations

import pytest

from bitext.errors import ConfigError
from bitext.qa.findings import Finding, Severity, Span
from bitext.report import FORMATS, RENDERERS, render


def test_formats_listed_in_order():
    assert FORMATS == ("text", "json", "jsonl", "html", "junit", "sarif", "github")
    assert set(RENDERERS) == set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_and_is_deterministic(report, fmt):
    out = render(report, fmt)
    assert isinstance(out, str) and out
    assert render(report, fmt) == out  # pure: same report, same bytes


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_handles_an_empty_report(empty_report, fmt):
    assert isinstance(render(empty_report, fmt), str)


def test_unknown_format_is_a_config_error(report):
    with pytest.raises(ConfigError, match="unknown report format") as err:
        render(report, "xlsx")
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
