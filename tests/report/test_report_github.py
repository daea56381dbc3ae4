"""GitHub Actions workflow commands and the step summary."""

from __future__ import annotations

import re

from bitext.report import render_github, step_summary_markdown
from bitext.report.github import escape_data, escape_property

COMMAND = re.compile(r"^::(error|warning|notice) file=([^,:]*),line=(\d+),title=([^,:]*)::(.*)$")


def test_one_command_per_finding_most_severe_first(report):
    lines = render_github(report).splitlines()
    assert len(lines) == len(report.findings)
    parsed = [COMMAND.match(line) for line in lines]
    assert all(parsed), lines
    kinds = [m.group(1) for m in parsed]
    assert kinds == ["error"] * 3 + ["warning"] * 2 + ["notice"] * 2
    first = parsed[0]
    assert first.group(2, 3, 4) == ("corpus/nejm 001.tsv", "1", "terminology.forbidden")
    assert first.group(5).startswith("Forbidden target term 奥曲太 for octreotide (suggestion: 奥曲肽)%0Asource: ")
    assert parsed[3].group(2) == "corpus/nejm 001.tsv" and parsed[3].group(3) == "2"
    assert "file=doc b,line=1" in lines[4]


def test_escaping():
    assert escape_data("50% a\r\nb:c,d") == "50%25 a%0D%0Ab:c,d"
    assert escape_property("C:\\x,y%\n") == "C%3A\\x%2Cy%25%0A"


def test_properties_escaped_in_commands(report):
    report.sources["nejm-001"] = "dir,with:odd%chars.tsv"
    line = render_github(report).splitlines()[0]
    assert line.startswith("::error file=dir%2Cwith%3Aodd%25chars.tsv,line=1,title=terminology.forbidden::")
    assert "\n" not in line and "\r" not in line


def test_more_than_ten_errors_puts_errors_first(report):
    from dataclasses import replace

    from report_sample import BEADS2, DOC2, make_finding

    from bitext.qa.findings import Severity

    # distinct messages: repeats of one message in a pair would be grouped into one annotation
    report.findings = [make_finding(DOC2, 1, BEADS2, "style.length_ratio", Severity.INFO, f"i{i}", [])
                       for i in range(5)] + [replace(f, message=f"{f.message} #{n}") for n in range(5)
                                             for f in report.findings]
    kinds = [line.split(" ", 1)[0] for line in render_github(report).splitlines()]
    assert kinds[:15] == ["::error"] * 15 and kinds[15:25] == ["::warning"] * 10
    assert len(kinds) == 5 + 7 * 5


def test_repeats_in_a_pair_are_one_annotation_with_a_count(report):
    report.findings = report.findings[:1] * 3 + report.findings[1:]
    lines = [line for line in render_github(report).splitlines() if "terminology.forbidden" in line]
    assert len(lines) == 1 and "octreotide (3 times) (suggestion: 奥曲肽)" in lines[0]


def test_step_summary(report):
    md = step_summary_markdown(report)
    assert md.startswith("## bitext QA")
    assert "**3** error" in md and "**2** warning" in md and "**2** info" in md
    assert "| nejm-001 | 3 | 3 | 1 | 1 |" in md and "| doc b | 2 | 0 | 1 | 1 |" in md
    rows = [line for line in md.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == len(report.findings)
    assert all(line.count(" | ") == 4 for line in rows)  # no column broken by data
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "bitext:0.1.0\\|model" in md


def test_known_input_line_is_used(report):
    report.pair_scores["nejm-001"][0]["line"] = 7
    assert render_github(report).startswith("::error file=corpus/nejm 001.tsv,line=7,title=terminology.forbidden::")
