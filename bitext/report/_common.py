"""What every format needs from a QAReport: findings grouped by pair, span segments, labels."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bitext.align.types import Bead
from bitext.qa.findings import Finding, Severity
from bitext.qa.report import QAReport

SEVERITIES: tuple[str, ...] = tuple(s.value for s in sorted(Severity, key=lambda s: -s.rank))  # error first


def severity(finding: Finding) -> str:
    return Severity(finding.severity).value


def rank(finding: Finding) -> int:
    return Severity(finding.severity).rank


@dataclass
class PairView:
    """One aligned pair with the findings reported on it."""

    document: str
    index: int
    bead: Bead
    src: str
    tgt: str
    scores: dict
    findings: list[Finding] = field(default_factory=list)

    @property
    def line(self) -> int:
        """1-based line for CI annotations.

        The pair's own line in the input file when the report knows it (``pair_scores``
        ``line``: a TMX/XLIFF unit, a JSONL corpus record), else first target sentence + 1,
        else first source sentence + 1.
        """
        known = self.scores.get("line")
        if isinstance(known, int) and not isinstance(known, bool) and known >= 1:
            return known
        ids = self.bead.tgt or self.bead.src
        return ids[0] + 1 if ids else 1


@dataclass
class DocumentView:
    """A document's pairs in order; ``loose`` holds findings that point at no pair of it."""

    id: str
    src_lang: str = "en"
    tgt_lang: str = "zh"
    pairs: list[PairView] = field(default_factory=list)
    loose: list[Finding] = field(default_factory=list)

    def findings(self) -> list[Finding]:
        return [f for p in self.pairs for f in p.findings] + self.loose

    def counts(self) -> dict[str, int]:
        return count(self.findings())


def count(findings: list[Finding]) -> dict[str, int]:
    out = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        out[severity(f)] += 1
    return out


def documents(report: QAReport) -> list[DocumentView]:
    """Documents in report order, each finding attached to its pair (by document and bead).

    Findings on a document the report has no alignment for, or on a bead outside it,
    are kept as ``loose`` rather than dropped.
    """
    views: dict[str, DocumentView] = {}
    for al in report.alignments:
        doc = al.document
        scores = report.pair_scores.get(doc.id, [])
        view = DocumentView(doc.id, doc.src_lang, doc.tgt_lang)
        for k, (src, tgt, bead) in enumerate(al.pairs()):
            view.pairs.append(PairView(doc.id, k, bead, src, tgt, dict(scores[k]) if k < len(scores) else {}))
        views.setdefault(doc.id, view)
    for f in report.findings:
        view = views.get(f.document)
        if view is None:
            view = views[f.document] = DocumentView(f.document)
        if 0 <= f.bead < len(view.pairs):
            view.pairs[f.bead].findings.append(f)
        else:
            view.loose.append(f)
    return list(views.values())


def segments(text: str, findings: list[Finding], side: str) -> list[tuple[str, list[Finding]]]:
    """``text`` cut at every span boundary on ``side``; each piece with the findings covering it.

    Offsets are clamped to the text; empty spans are ignored. Overlapping spans simply give
    pieces covered by several findings, so no markup ever has to nest.
    """
    spans = []
    for f in findings:
        for s in f.spans:
            if s.side != side:
                continue
            start, end = max(0, min(s.start, len(text))), max(0, min(s.end, len(text)))
            if start < end:
                spans.append((start, end, f))
    if not spans:
        return [(text, [])] if text else []
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering: list[Finding] = []
        for s, e, f in spans:
            if s <= a and b <= e and not any(f is g for g in covering):
                covering.append(f)
        out.append((text[a:b], covering))
    return out


def check_title(check_id: str) -> str:
    """The check's one-line title from the registry (the id itself for an unknown check)."""
    from bitext.qa.checks import CHECKS

    check = CHECKS.get(check_id)
    return check.title if check else check_id


def check_ids(findings: list[Finding]) -> list[str]:
    """Distinct check ids, in registry order (unknown ids last, sorted)."""
    from bitext.qa.checks import CHECKS

    order = {cid: i for i, cid in enumerate(CHECKS)}
    return sorted({f.check for f in findings}, key=lambda c: (order.get(c, len(order)), c))


def most_severe_first(findings: list[Finding]) -> list[Finding]:
    """Stable sort: errors, then warnings, then info; report order within a severity."""
    return sorted(findings, key=lambda f: -rank(f))


def signature_text(signature: dict) -> str:
    """One line: the signature's own ``text`` when it has one, else ``key:value|…``."""
    text = signature.get("text") if isinstance(signature, dict) else None
    if isinstance(text, str) and text:
        return text
    parts = []
    for key, value in (signature or {}).items():
        if isinstance(value, dict):
            value = ",".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, (list, tuple)):
            value = ",".join(map(str, value))
        parts.append(f"{key}:{value}")
    return "|".join(parts)


def finite(value):
    """JSON-safe scores: NaN and infinities become None (inside lists and dicts too)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def summary_line(report: QAReport) -> str:
    counts = report.counts()
    pairs = sum(len(a.beads) for a in report.alignments)
    docs = len(report.alignments)
    parts = [f"{counts.get(s, 0)} {plural(s, counts.get(s, 0))}" for s in SEVERITIES]
    line = f"{docs} document{'s' if docs != 1 else ''}, {pairs} pair{'s' if pairs != 1 else ''}: " + ", ".join(parts)
    extra = []
    if report.dismissed:
        extra.append(f"{len(report.dismissed)} dismissed")
    if report.stale_ignores:
        extra.append(f"{len(report.stale_ignores)} stale ignore{'s' if len(report.stale_ignores) != 1 else ''}")
    return line + (f" ({', '.join(extra)})" if extra else "")


def plural(sev: str, n: int) -> str:
    """'error' / 'errors'; 'info' stays 'info'."""
    return sev if sev == "info" or n == 1 else sev + "s"
