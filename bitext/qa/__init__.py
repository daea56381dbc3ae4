"""Translation QA for EN→ZH pairs: registered checks producing fingerprinted findings.

    from bitext.glossary import read_glossary
    from bitext.qa import run_checks, QASettings, CheckSetting

    findings = run_checks(alignments, read_glossary("glossary.tsv"),
                          QASettings(checks={"punctuation.double_space": CheckSetting(enabled=False)}))
"""

from bitext.qa.check import FAMILIES, Check
from bitext.qa.checks import CHECKS
from bitext.qa.context import PairContext
from bitext.qa.findings import Finding, Severity, Span, fingerprint
from bitext.qa.numbers import Number, chinese_numbers, english_numbers
from bitext.qa.runner import build_contexts, consistency_findings, robust_z, run_checks
from bitext.qa.settings import CheckSetting, QASettings

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
