"""docs/checks.md and ``bitext qa --list-checks`` document every registered check, exactly as the
registry has it, each with an example that makes the check fire."""

from __future__ import annotations

import json

import pytest
from qa_helpers import REPO
from typer.testing import CliRunner

from bitext.cli.main import app
from bitext.qa import CHECKS
from bitext.qa.check import Check
from bitext.qa.docs import checks_markdown
from bitext.qa.findings import Severity
from bitext.qa.reference import DOCS, example_findings, undocumented


def test_checks_md_is_generated_from_the_registry():
    written = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    assert written == checks_markdown(), "regenerate: python -m bitext.qa.docs > docs/checks.md"


def test_every_check_has_a_row_a_section_and_a_described_module():
    text = checks_markdown()
    for check in CHECKS.values():
        assert f"| {check.family} | {check.severity.value} | {check.mqm} | {check.title} |" in text
        assert f"\n### {check.id}\n" in text
        assert f'Turn it off: `"{check.id}" = false`.' in text
        assert check.title and check.mqm
    modules = text.split("\n## How they work\n")[1]
    for section in modules.split("\n### ")[1:]:
        assert len(section.split("\n", 2)[2].strip()) > 40, section[:80]


def test_a_registered_check_without_a_reference_entry_is_reported(monkeypatch):
    assert undocumented(CHECKS) == []
    extra = Check("style.made_up", "Style/Other", Severity.INFO, "A check nobody documented", lambda ctx, s: [])
    assert undocumented({**CHECKS, extra.id: extra}) == ["style.made_up"]
    assert set(DOCS) == set(CHECKS), "reference entries for checks that are not registered"


@pytest.mark.parametrize("check_id", list(CHECKS))
def test_every_example_makes_its_check_fire(check_id):
    found = {f.check for f in example_findings(check_id)}
    assert check_id in found, f"{check_id}: its example in bitext/qa/reference.py gives only {sorted(found)}"


def test_list_checks_text_and_json():
    runner = CliRunner()
    text = runner.invoke(app, ["qa", "--list-checks"])
    assert text.exit_code == 0, text.output
    for check in CHECKS.values():
        assert f"{check.id}  [{check.severity.value}" in text.stdout
    assert "style.length_ratio  [info, off by default]" in text.stdout
    assert 'turn off: "numbers.mismatch" = false' in text.stdout

    machine = runner.invoke(app, ["qa", "--list-checks", "--format", "json"])
    assert machine.exit_code == 0, machine.output
    records = json.loads(machine.stdout)["checks"]
    assert [r["id"] for r in records] == list(CHECKS)
    mismatch = next(r for r in records if r["id"] == "numbers.mismatch")
    assert mismatch["family"] == "numbers" and mismatch["severity"] == "error"
    assert mismatch["mqm"] == "Accuracy/Mistranslation" and mismatch["example"]["pairs"][0]["tgt"]
    forbidden = next(r for r in records if r["id"] == "terminology.forbidden")
    assert {"en_term": "octreotide", "zh_term": "奥曲太"}.items() <= forbidden["example"]["glossary"][1].items()


def test_list_checks_refuses_other_formats():
    result = CliRunner().invoke(app, ["qa", "--list-checks", "--format", "sarif"])
    assert result.exit_code == 2
    assert "--list-checks writes text or json" in result.output
