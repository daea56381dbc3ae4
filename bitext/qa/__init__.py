"""Translation QA for EN→ZH pairs: registered checks producing fingerprinted findings.

    from bitext.glossary import read_glossary
    from bitext.qa import run_checks, QASettings, CheckSetting

    findings = run_checks(alignments, read_glossary("glossary.tsv"),
                          QASettings(checks={"punctuation.double_space": CheckSetting(enabled=False)}))

Every name loads on first use, so that importing one light module (``bitext.qa.findings``, which
the CLI's option checks read) does not load the checks, their word lists and numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# name -> the module that defines it
_LAZY = {
    "FAMILIES": "bitext.qa.check",
    "Check": "bitext.qa.check",
    "CHECKS": "bitext.qa.checks",
    "PairContext": "bitext.qa.context",
    "Finding": "bitext.qa.findings",
    "Severity": "bitext.qa.findings",
    "Span": "bitext.qa.findings",
    "fingerprint": "bitext.qa.findings",
    "Number": "bitext.qa.numbers",
    "chinese_numbers": "bitext.qa.numbers",
    "english_numbers": "bitext.qa.numbers",
    "build_contexts": "bitext.qa.runner",
    "consistency_findings": "bitext.qa.runner",
    "robust_z": "bitext.qa.runner",
    "run_checks": "bitext.qa.runner",
    "CheckSetting": "bitext.qa.settings",
    "QASettings": "bitext.qa.settings",
}

__all__ = [
    "CHECKS",
    "FAMILIES",
    "Check",
    "CheckSetting",
    "Finding",
    "Number",
    "PairContext",
    "QASettings",
    "Severity",
    "Span",
    "build_contexts",
    "consistency_findings",
    "chinese_numbers",
    "english_numbers",
    "fingerprint",
    "robust_z",
    "run_checks",
]

if TYPE_CHECKING:
    from bitext.qa.check import FAMILIES, Check
    from bitext.qa.checks import CHECKS
    from bitext.qa.context import PairContext
    from bitext.qa.findings import Finding, Severity, Span, fingerprint
    from bitext.qa.numbers import Number, chinese_numbers, english_numbers
    from bitext.qa.runner import build_contexts, consistency_findings, robust_z, run_checks
    from bitext.qa.settings import CheckSetting, QASettings


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'bitext.qa' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
