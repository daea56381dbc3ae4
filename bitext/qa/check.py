"""A check: stable id, MQM category, default severity, title and the function that runs it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bitext.qa.findings import Severity

FAMILIES = (
    "terminology", "numbers", "acronyms", "untranslated", "punctuation",
    "omission", "addition", "meaning", "consistency", "style",
)


@dataclass(frozen=True)
class Check:
    """``run(ctx, settings) -> list[Finding]`` for scope "pair" (ctx is a PairContext).

    Scope "corpus" works in two steps, so that no corpus has to be held in memory:
    ``observe(ctx) -> list`` notes what the check needs from each pair (small picklable
    records, kept with the document); ``run(records, settings) -> list[Finding]`` then sees
    ``records()``, a fresh iterator over every record of the corpus in order on each call.

    ``sides``: "both" runs only on pairs with text on both sides; "any" on every pair
    (the checks that look for sentences aligned to nothing).
    """

    id: str  # "<family>.<name>", stable: ignore files and reports refer to it
    mqm: str  # MQM typology path, e.g. "Accuracy/Omission"
    severity: Severity
    title: str
    run: Callable
    scope: str = "pair"
    sides: str = "both"
    default_enabled: bool = True
    observe: Callable | None = None  # scope "corpus" only

    def __post_init__(self):
        family = self.id.split(".", 1)[0]
        if family not in FAMILIES or "." not in self.id:
            raise ValueError(f"check id {self.id!r} must be <family>.<name> with a family in {FAMILIES}")
        if (self.scope == "corpus") != (self.observe is not None):
            raise ValueError(f"check {self.id!r}: a corpus-scope check needs observe(), a pair check none")

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]
