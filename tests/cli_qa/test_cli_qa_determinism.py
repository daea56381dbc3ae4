"""The same input gives a byte-identical JSON report in every process, whatever the hash seed."""

from __future__ import annotations

from cli_qa_helpers import CORPUS, STARTER_GLOSSARY, run_bitext


def test_json_report_is_byte_identical_across_hash_seeds(tmp_path):
    reports = []
    for seed in ("1", "2"):
        out = tmp_path / f"report-{seed}.json"
        proc = run_bitext("qa", CORPUS, "--glossary", STARTER_GLOSSARY, "--format", "json", "-o", out,
                          "--exit-zero", env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 0, proc.stderr
        reports.append(out.read_bytes())
    assert b'"findings"' in reports[0] and b'"check"' in reports[0]  # a report with findings, not an empty one
    assert reports[0] == reports[1]
