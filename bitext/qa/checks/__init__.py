"""The registry of QA checks: every check listed explicitly, in the order it runs and is documented."""

from __future__ import annotations

from bitext.qa.check import Check
from bitext.qa.checks import (
    acronyms,
    alignment,
    consistency,
    coverage,
    magnitude,
    meaning,
    numbers,
    punctuation,
    style,
    terminology,
    untranslated,
)

_ALL: tuple[Check, ...] = (
    *untranslated.CHECKS,
    *terminology.CHECKS,
    *numbers.CHECKS,
    *magnitude.CHECKS,
    *acronyms.CHECKS,
    *punctuation.CHECKS,
    *alignment.CHECKS,
    *coverage.CHECKS,
    *meaning.CHECKS,
    *style.CHECKS,
    *consistency.CHECKS,
)

CHECKS: dict[str, Check] = {check.id: check for check in _ALL}
assert len(CHECKS) == len(_ALL), "duplicate check id"
