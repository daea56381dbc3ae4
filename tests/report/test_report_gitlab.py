"""GitLab code quality JSON (``--format gitlab``): a golden file, and the fields GitLab requires."""

from __future__ import annotations

import json
from pathlib import Path

from bitext.report import FORMATS, render

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "sample.gitlab.json"


def test_matches_the_golden_file(report):
    # regenerate (after checking the difference by eye) with render(build_report(), "gitlab")
    assert render(report, "gitlab") == GOLDEN.read_text(encoding="utf-8")


def test_every_issue_has_what_gitlab_requires(report):
    issues = json.loads(render(report, "gitlab"))
    assert len(issues) == len(report.findings) == 7
    for issue in issues:
        assert issue["type"] == "issue" and issue["check_name"] and issue["description"]
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert [i["fingerprint"] for i in issues] == [f.fingerprint for f in report.findings]
    by_check = {i["check_name"]: i for i in issues}
    assert by_check["numbers.mismatch"]["severity"] == "major"
    assert by_check["numbers.mismatch"]["location"] == {"path": "corpus/nejm 001.tsv", "lines": {"begin": 2}}
    assert by_check["acronyms.missing"]["severity"] == "minor"
    assert by_check["acronyms.missing"]["location"]["path"] == "doc b"  # no input file known: the document id
    assert by_check["style.length_ratio"]["severity"] == "info"
    assert by_check["terminology.forbidden"]["description"].endswith("(suggestion: 奥曲肽)")


def test_no_findings_is_an_empty_array(empty_report):
    assert "gitlab" in FORMATS
    assert render(empty_report, "gitlab") == "[]\n"
