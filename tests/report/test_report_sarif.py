"""The SARIF 2.1.0 format (essential structure checked by hand: the schema is not available offline)."""

from __future__ import annotations

import json

from bitext.qa import CHECKS
from bitext.report import render_sarif


def test_sarif_structure(report):
    log = json.loads(render_sarif(report))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "bitext" and driver["version"] and "informationUri" not in driver
    used = {f.check for f in report.findings}
    assert [r["id"] for r in driver["rules"]] == [c for c in CHECKS if c in used]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] == CHECKS[rule["id"]].title
    assert len(run["results"]) == len(report.findings)
    for result in run["results"]:
        assert set(result) >= {"ruleId", "level", "message", "locations", "partialFingerprints"}
        assert result["level"] in ("error", "warning", "note")
        assert isinstance(result["message"]["text"], str) and result["message"]["text"]
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert isinstance(loc["artifactLocation"]["uri"], str)
        assert isinstance(loc["region"]["startLine"], int) and loc["region"]["startLine"] >= 1


def test_sarif_results_content(report):
    results = json.loads(render_sarif(report))["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in results}
    forbidden = by_rule["terminology.forbidden"]
    assert forbidden["level"] == "error"
    assert forbidden["message"]["text"] == "Forbidden target term 奥曲太 for octreotide (suggestion: 奥曲肽)"
    loc = forbidden["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "corpus/nejm%20001.tsv"  # report.sources, as a URI reference
    assert loc["region"]["startLine"] == 1
    assert forbidden["partialFingerprints"] == {"bitext/v1": report.findings[0].fingerprint}
    assert by_rule["numbers.mismatch"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    omission = by_rule["omission.unaligned_source"]  # no target sentence: the source line
    assert omission["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert by_rule["style.length_ratio"]["level"] == "note"
    # no source file known: the document id
    assert by_rule["acronyms.missing"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "doc%20b"


def test_absolute_path_becomes_file_uri(report):
    report.sources["nejm-001"] = "/data/in/nejm.tsv"
    result = json.loads(render_sarif(report))["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file:///data/in/nejm.tsv"


def test_known_input_line_wins_over_sentence_index(report):
    report.pair_scores["nejm-001"][1]["line"] = 42  # e.g. the TMX unit's line
    results = json.loads(render_sarif(report))["runs"][0]["results"]
    lines = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results}
    assert lines["numbers.mismatch"] == 42 and lines["terminology.forbidden"] == 1
