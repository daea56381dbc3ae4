"""What a check reports: a Finding with spans for highlighting and a stable fingerprint."""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from dataclasses import dataclass, field, fields
from enum import StrEnum

import regex


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


SEVERITIES: tuple[str, ...] = tuple(s.value for s in sorted(Severity, key=lambda s: -s.rank))  # error first


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` in the pair's source (``side="src"``) or target text."""

    side: str  # "src" | "tgt"
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    document: str
    src_ids: tuple[int, ...]  # 0-based sentence indices in the document
    tgt_ids: tuple[int, ...]
    message: str
    suggestion: str | None
    spans: tuple[Span, ...]
    fingerprint: str
    mqm: str = ""
    bead: int = field(default=0, compare=False)  # the pair's position in its document, for sorting

    def to_dict(self) -> dict:
        # fields() rather than asdict(), which deep-copies every value (all immutable here): that
        # copying was the slowest part of writing a large report
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["severity"] = self.severity.value
        data["spans"] = [{f.name: getattr(s, f.name) for f in fields(s)} for s in self.spans]
        data["src_ids"], data["tgt_ids"] = list(self.src_ids), list(self.tgt_ids)
        return data


_SPACES = regex.compile(r"\s+")


@functools.lru_cache(maxsize=64)  # a pair's findings share its source: normalise a long one once, not per finding
def normalise_source(text: str) -> str:
    """Source text as fingerprinted: NFKC, whitespace collapsed, case kept."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def fingerprint(check: str, document: str, source: str, offending: str, occurrence: int = 0) -> str:
    """sha256 of check id, document id, normalised source text and the offending text.

    No sentence index goes in, so inserting or deleting other sentences keeps every other
    finding's fingerprint (an ignore file keeps working). ``occurrence`` separates identical
    findings in one pair (the same stray comma twice).
    """
    parts = [check, document, normalise_source(source), offending]
    if occurrence:
        parts.append(str(occurrence))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
