"""What every format needs from a report: findings grouped by pair, span segments, labels.

Formats are generators of text chunks that read the report's documents as a stream, so
a report over a large corpus is written without being built in memory first.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator

from bitext.patterns import compiled
from bitext.qa.findings import SEVERITIES, Finding, Severity
from bitext.qa.report import DocumentView, PairView, ReportBase  # noqa: F401 (DocumentView, PairView re-exported)


def severity(finding: Finding) -> str:
    return Severity(finding.severity).value


def rank(finding: Finding) -> int:
    return Severity(finding.severity).rank


def segments(text: str, findings: list[Finding], side: str) -> list[tuple[str, list[Finding]]]:
    """``text`` cut at every span boundary on ``side``; each piece with the findings covering it.

    Offsets are clamped to the text; empty spans are ignored. Overlapping spans simply give
    pieces covered by several findings, so no markup ever has to nest.
    """
    spans = []
    for f in findings:
        for span in f.spans:
            if span.side != side:
                continue
            start, end = max(0, min(span.start, len(text))), max(0, min(span.end, len(text)))
            if start < end:
                spans.append((start, end, f))
    if not spans:
        return [(text, [])] if text else []
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering: list[Finding] = []
        for s, e, f in spans:
            if s <= a and b <= e and not any(f is g for g in covering):
                covering.append(f)
        out.append((text[a:b], covering))
    return out


_XML_ILLEGAL = compiled("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text an XML 1.0 document can carry: other characters become U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def message(finding: Finding, suggestion: bool = False) -> str:
    """The finding's message, with how many times it occurs in its pair when repeats were grouped
    (and its suggestion, when asked and the message does not already give it)."""
    text = finding.message + (f" ({finding.count} times)" if finding.count > 1 else "")
    return text + (f" (suggestion: {finding.suggestion})" if suggestion and new_suggestion(finding) else "")


def new_suggestion(finding: Finding) -> bool:
    """Whether the finding has a suggestion its message does not already state ("use ，",
    "expected 兰瑞肽"): a reader is told it once."""
    return finding.suggestion is not None and finding.suggestion != "" and finding.suggestion not in finding.message


def check_title(check_id: str) -> str:
    """The check's one-line title from the registry (the id itself for an unknown check)."""
    from bitext.qa.checks import CHECKS

    check = CHECKS.get(check_id)
    return check.title if check else check_id


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


def summary_line(report: ReportBase) -> str:
    summary = report.summary()
    counts, pairs, docs = summary.counts, summary.pairs, summary.documents
    parts = [f"{counts.get(s, 0)} {plural(s, counts.get(s, 0))}" for s in SEVERITIES]
    line = f"{docs} document{'s' if docs != 1 else ''}, {pairs} pair{'s' if pairs != 1 else ''}: " + ", ".join(parts)
    extra = []
    if summary.dismissed:
        extra.append(f"{summary.dismissed} dismissed")
    if report.stale_ignores:
        extra.append(f"{len(report.stale_ignores)} stale ignore{'s' if len(report.stale_ignores) != 1 else ''}")
    return line + (f" ({', '.join(extra)})" if extra else "")


def plural(sev: str, n: int) -> str:
    """'error' / 'errors'; 'info' stays 'info'."""
    return sev if sev == "info" or n == 1 else sev + "s"


class Streamed:
    """An array whose elements are produced one by one while a JSON document is written.
    ``plain``: no element holds a Streamed, so none needs searching for one."""

    def __init__(self, elements, plain: bool = False):
        self.elements = elements
        self.plain = plain


def _has_stream(value) -> bool:
    if isinstance(value, Streamed):
        return True
    if isinstance(value, dict):
        return any(_has_stream(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_stream(v) for v in value)
    return False


def _indent(text: str, level: int) -> str:
    return text.replace("\n", "\n" + "  " * level)


def json_chunks(value, level: int = 0) -> Iterator[str]:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, written in pieces: every Streamed
    inside ``value`` is consumed element by element, so a large report never exists as one string."""
    if not _has_stream(value):
        yield _indent(json.dumps(value, ensure_ascii=False, indent=2), level)
        return
    pad = "  " * (level + 1)
    if isinstance(value, dict):
        yield "{"
        for i, (key, member) in enumerate(value.items()):
            yield ("\n" if i == 0 else ",\n") + pad + json.dumps(key, ensure_ascii=False) + ": "
            yield from json_chunks(member, level + 1)
        yield "\n" + "  " * level + "}" if value else "}"
        return
    elements = value.elements if isinstance(value, Streamed) else value
    plain = isinstance(value, Streamed) and value.plain
    first = True
    yield "["
    for element in elements:
        yield ("\n" if first else ",\n") + pad
        if plain:
            yield _indent(json.dumps(element, ensure_ascii=False, indent=2), level + 1)
        else:
            yield from json_chunks(element, level + 1)
        first = False
    yield "]" if first else "\n" + "  " * level + "]"
