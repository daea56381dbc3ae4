"""QA settings: per-check on/off and severity, plus the few thresholds checks use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bitext.errors import ConfigError
from bitext.qa.check import Check
from bitext.qa.findings import Severity


@dataclass(frozen=True)
class CheckSetting:
    """``None`` keeps the check's default."""

    enabled: bool | None = None
    severity: Severity | str | None = None


# EN / ZH non-space characters of 1-1 pairs with >= 20 source characters, measured on the
# ParaMed-NEJM gold pairs (benchmarks/qa_precision.py --length-band): median 2.84, 0.5th
# percentile 1.06, 99.5th 4.96; widened by ~15-20 % because sentences dense with Latin
# acronyms and isotopes run lower.
LENGTH_RATIO_BAND = (0.9, 6.0)


@dataclass(frozen=True)
class QASettings:
    """``checks`` maps a check id ("punctuation.double_space") or a family ("punctuation")
    to a CheckSetting; an id entry wins over its family's."""

    checks: Mapping[str, CheckSetting] = field(default_factory=dict)
    low_similarity_z: float = -3.5  # robust z-score below which a pair is suspicious
    min_similarities: int = 8  # fewer scored pairs in a document: no norm to compare with
    # The spread of pair cosines within a document is never taken below this: documents of close
    # translations measure 0.04-0.10 (ParaMed-NEJM, TICO-19), and a very regular one would turn
    # ordinary paraphrase into outliers (1.1-1.7 findings per 100 professional pairs without it,
    # 0.3-0.5 with 0.08; benchmarks/qa_real.py).
    similarity_spread_floor: float = 0.08
    length_ratio_band: tuple[float, float] = LENGTH_RATIO_BAND
    untranslated_min_words: int = 2  # lower-case English words in a run left in the Chinese
    zh_word_check: bool = True  # reject Chinese term matches that cut through a jieba word

    def _setting(self, check: Check, attribute: str):
        for key in (check.id, check.family):
            value = getattr(self.checks.get(key) or CheckSetting(), attribute)
            if value is not None:
                return value
        return None

    def enabled(self, check: Check) -> bool:
        value = self._setting(check, "enabled")
        return check.default_enabled if value is None else bool(value)

    def severity(self, check: Check) -> Severity:
        value = self._setting(check, "severity")
        return check.severity if value is None else Severity(value)

    def effective(self, check: Check) -> str:
        """The check's severity, or "off" when it is disabled (signatures, ``config show``)."""
        return self.severity(check).value if self.enabled(check) else "off"

    def validate(self, checks: Mapping[str, Check]) -> None:
        """ConfigError for unknown check ids/families or severities, or impossible thresholds."""
        families = {c.family for c in checks.values()}
        for key, setting in self.checks.items():
            if key not in checks and key not in families:
                raise ConfigError(f"unknown QA check {key!r}", hint="see bitext.qa.CHECKS for the ids")
            if setting.severity is not None:
                try:
                    Severity(setting.severity)
                except ValueError:
                    raise ConfigError(f"unknown severity {setting.severity!r} for {key}",
                                      hint="use error, warning or info") from None
        low, high = self.length_ratio_band
        if not 0 < low < high:
            raise ConfigError(f"length_ratio_band {self.length_ratio_band} must be 0 < low < high")
        if self.similarity_spread_floor < 0:
            raise ConfigError("similarity_spread_floor must be >= 0")
        if self.untranslated_min_words < 1 or self.min_similarities < 3:
            raise ConfigError("untranslated_min_words must be >= 1 and min_similarities >= 3")
