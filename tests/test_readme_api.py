"""The README's "Python API" section is run as a doctest: every example there must work as shown,
with the default model on the bundled sample, from the repository root."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _section(text: str, title: str) -> tuple[str, int]:
    """The text of a level-2 section and the line it starts on (0-based)."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1), text[: match.start(1)].count("\n")


def test_python_api_section_runs(module_cache, monkeypatch):
    text, line = _section(README.read_text(encoding="utf-8"), "Python API")
    test = doctest.DocTestParser().get_doctest(text, {}, "README.md: Python API", str(README), line)
    assert len(test.examples) >= 10, "the section lost its examples"
    assert any("bitext.align(" in e.source for e in test.examples)
    assert any("bitext.check(" in e.source for e in test.examples)
    assert any("bitext.read_glossary(" in e.source for e in test.examples)
    assert any("bitext.score(" in e.source for e in test.examples)
    monkeypatch.chdir(ROOT)  # the examples read the bundled sample by relative path
    for name in ("BITEXT_MODEL", "BITEXT_GLOSSARY"):
        monkeypatch.delenv(name, raising=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output: list[str] = []
    runner.run(test, out=output.append)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, "".join(output)
    assert result.attempted == len(test.examples)
