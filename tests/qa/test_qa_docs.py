"""docs/checks.md documents every registered check, exactly as the registry has it."""

from __future__ import annotations

from qa_helpers import REPO

from bitext.qa import CHECKS
from bitext.qa.docs import checks_markdown


def test_checks_md_is_generated_from_the_registry():
    written = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    assert written == checks_markdown(), "regenerate: python -m bitext.qa.docs > docs/checks.md"


def test_every_check_has_a_row_and_a_described_module():
    text = checks_markdown()
    for check in CHECKS.values():
        assert f"| `{check.id}` | {check.severity.value} | {check.mqm} | {check.title} |" in text
        assert check.title and check.mqm
    for section in text.split("\n## ")[1:]:
        assert len(section.split("\n", 2)[2].strip()) > 40, section[:80]
