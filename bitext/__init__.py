"""bitext: segment, align and quality-check English-Chinese translations.

    import bitext

    alignment = bitext.align(en_text, zh_text)          # texts or lists of sentences
    report = bitext.check(alignment, glossary=bitext.read_glossary("terms.tsv"))
    report.findings                                     # [Finding(check=..., severity=..., message=...)]
    bitext.score(hypotheses, references).chrf.score

The four calls are documented in bitext.api; the types they take and give are re-exported
here. Every name loads on first use, so ``import bitext`` stays cheap (no numpy, no model,
never torch).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from bitext.version import __version__

# name -> the module that defines it
_LAZY = {
    "check": "bitext.api",
    "read_glossary": "bitext.api",
    "score": "bitext.api",
    "Alignment": "bitext.core",
    "Bead": "bitext.core",
    "Document": "bitext.core",
    "Finding": "bitext.qa.findings",
    "Severity": "bitext.qa.findings",
    "Report": "bitext.qa.report",
    "QASettings": "bitext.qa.settings",
    "CheckSetting": "bitext.qa.settings",
    "Glossary": "bitext.glossary.model",
    "Scores": "bitext.metrics",
    "MetricScore": "bitext.metrics",
    "BitextError": "bitext.errors",
    "InputError": "bitext.errors",
    "ConfigError": "bitext.errors",
    "ModelError": "bitext.errors",
}
_RENAMED = {"Report": "QAReport"}

# spelled out (not built from _LAZY) so that type checkers and linters see the re-exports
__all__ = [
    "__version__", "align", "check", "read_glossary", "score",
    "Alignment", "Bead", "Document", "Finding", "Severity", "Report", "QASettings", "CheckSetting",
    "Glossary", "Scores", "MetricScore", "BitextError", "InputError", "ConfigError", "ModelError",
]

if TYPE_CHECKING:
    from bitext.api import align, check, read_glossary, score
    from bitext.core import Alignment, Bead, Document
    from bitext.errors import BitextError, ConfigError, InputError, ModelError
    from bitext.glossary.model import Glossary
    from bitext.metrics import MetricScore, Scores
    from bitext.qa.findings import Finding, Severity
    from bitext.qa.report import QAReport as Report
    from bitext.qa.settings import CheckSetting, QASettings


def __getattr__(name: str):
    if name == "align":
        # the bitext.align package, which is callable: see bitext/align/__init__.py
        return importlib.import_module("bitext.align")
    if name not in _LAZY:
        raise AttributeError(f"module 'bitext' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
