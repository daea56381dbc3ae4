"""What a check reports: a Finding with spans for highlighting and a stable fingerprint."""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

from bitext.patterns import compiled


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
    """What a check found in one pair: where (document, sentences, spans), what (message, suggestion, MQM
    category) and a fingerprint that stays the same when other sentences change."""

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
    # A group of repeats (group_repeats): how many, and every member's own fingerprint, the first
    # being ``fingerprint``. Empty for a single finding.
    count: int = 1
    fingerprints: tuple[str, ...] = ()

    @property
    def members(self) -> tuple[str, ...]:
        """The fingerprints an ignore file lists to dismiss this finding (all of a group's)."""
        return self.fingerprints or (self.fingerprint,)

    def to_dict(self) -> dict:
        # fields() rather than asdict(), which deep-copies every value (all immutable here): that
        # copying was the slowest part of writing a large report
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["severity"] = self.severity.value
        data["spans"] = [{f.name: getattr(s, f.name) for f in fields(s)} for s in self.spans]
        data["src_ids"], data["tgt_ids"] = list(self.src_ids), list(self.tgt_ids)
        data["fingerprints"] = list(self.members)
        return data


def group_repeats(findings: list[Finding]) -> list[Finding]:
    """Findings of one pair with repeats merged: the same check saying the same thing (check,
    severity, message, suggestion) n times (22 half-width commas) becomes one finding with
    ``count`` n, every span, and every member's fingerprint; it keeps the first member's place and
    fingerprint, so a finding that does not repeat is unchanged, and an ignore file listing the
    members' fingerprints dismisses them as before."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.check, f.severity, f.message, f.suggestion), []).append(f)
    out = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1:
            out.append(first)
            continue
        spans = tuple(span for m in members for span in m.spans)
        out.append(replace(first, spans=spans, count=sum(m.count for m in members),
                           fingerprints=tuple(fp for m in members for fp in m.members)))
    return out


_SPACES = compiled(r"\s+")


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
