"""Plain-text report for terminals and logs: pairs with findings, spans marked in place.

Without colour the offending spans are wrapped in «…»; with colour they get the severity's
background (error red, warning yellow, info cyan) and the severity word is coloured too.
Control characters from the data are shown as ``\\xNN`` so they cannot drive the terminal.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from bitext.patterns import compiled
from bitext.qa.findings import Finding
from bitext.qa.report import ReportBase
from bitext.report._common import (
    DocumentView,
    PairView,
    message,
    new_suggestion,
    plural,
    rank,
    segments,
    severity,
    signature_text,
    summary_line,
)

RESET = "\x1b[0m"
SPAN_STYLE = {"error": "\x1b[30;41m", "warning": "\x1b[30;43m", "info": "\x1b[30;46m"}
WORD_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[36m"}
BOLD, DIM = "\x1b[1m", "\x1b[2m"
OPEN, CLOSE = "«", "»"

_CONTROL = compiled(r"[\p{Cc}--[\t]]", flags=regex.V1)


def clean(text: str) -> str:
    """Data text safe for a terminal: C0/C1 controls (ESC included) shown as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def write_text(report: ReportBase, *, color: bool = False) -> Iterator[str]:
    def style(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if color else text

    if report.notes:
        yield "".join(f"note: {clean(note)}\n" for note in report.notes) + "\n"
    table = by_check_lines(report, lambda sev: style(WORD_STYLE[sev], f"{sev:<8}"))
    if table:
        yield "\n".join(table) + "\n\n"
    for doc in report.documents():
        yield "".join(line + "\n" for line in _document(report, doc, color, style)) + "\n"
    lines = [style(BOLD, summary_line(report))]
    if report.stale_ignores:
        lines.append("stale ignore entries (matched nothing): " + ", ".join(clean(s) for s in report.stale_ignores))
    sig = signature_text(report.signature)
    if sig:
        lines.append(style(DIM, f"signature: {clean(sig)}"))
    yield "\n".join(lines) + "\n"


def by_check_lines(report: ReportBase, severity_word=lambda sev: f"{sev:<8}") -> list[str]:
    """The summary by check, one line per check with findings: id, severity, how many, where the
    first one is (``document:pair`` as in the pair headings below)."""
    tallies = report.summary().by_check
    if not tallies:
        return []
    width = max(len(t.check) for t in tallies)
    lines = [f"{'check':<{width}}  {'severity':<8}  {'count':>5}  first"]
    for t in tallies:
        first = f"{clean(t.document_id)}:{t.pair}" if t.pair is not None else f"{clean(t.document_id)} (document)"
        lines.append(f"{t.check:<{width}}  {severity_word(t.severity)}  {t.count:>5}  {first}")
    return lines


def render_text(report: ReportBase, *, color: bool = False) -> str:
    return "".join(write_text(report, color=color))


def _document(report: ReportBase, doc: DocumentView, color: bool, style) -> list[str]:
    counts = doc.counts()
    found = ", ".join(f"{n} {plural(sev, n)}" for sev, n in counts.items() if n) or "no findings"
    source = report.source_for(doc.id)
    where = f" [{clean(source)}]" if source and source != doc.id else ""
    lines = [style(BOLD, f"== {clean(doc.id)}{where}: {len(doc.pairs)} pairs, {found} ==")]
    for pair in doc.pairs:
        if pair.findings:
            lines += _pair(pair, color, style)
    if doc.loose:
        lines.append("document-level findings:")
        lines += [_finding(f, style) for f in doc.loose]
    return lines


def _pair(pair: PairView, color: bool, style) -> list[str]:
    scores = [f"confidence {pair.bead.confidence:.2f}"]
    for key in ("similarity", "chrf"):
        value = pair.scores.get(key)
        if isinstance(value, (int, float)):
            scores.append(f"{key} {value:.2f}")
    ids = f"src {_ids(pair.bead.src)} -> tgt {_ids(pair.bead.tgt)}"
    return [
        f"[{clean(pair.document)}:{pair.index}] {ids} ({', '.join(scores)})",
        f"  src: {_highlight(pair.src, pair.findings, 'src', color)}",
        f"  tgt: {_highlight(pair.tgt, pair.findings, 'tgt', color)}",
        *[_finding(f, style) for f in pair.findings],
    ]


def _ids(ids: tuple[int, ...]) -> str:
    return ",".join(map(str, ids)) if ids else "-"


def _highlight(text: str, findings: list[Finding], side: str, color: bool) -> str:
    if not text:
        return "(none)"
    out = []
    marked = False  # inside «…» (plain mode merges touching spans into one mark)
    for piece, covering in segments(text, findings, side):
        piece = clean(piece)
        if color:
            worst = severity(max(covering, key=rank)) if covering else None
            out.append(f"{SPAN_STYLE[worst]}{piece}{RESET}" if worst else piece)
            continue
        if bool(covering) != marked:
            out.append(OPEN if covering else CLOSE)
            marked = bool(covering)
        out.append(piece)
    if marked:
        out.append(CLOSE)
    return "".join(out)


def _finding(f: Finding, style) -> str:
    sev = severity(f)
    text = f"    {style(WORD_STYLE[sev], sev)} {f.check}: {clean(message(f))}"
    if f.suggestion and new_suggestion(f):
        text += f" (suggestion: {clean(f.suggestion)})"
    return text
