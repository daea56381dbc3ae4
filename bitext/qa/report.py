"""The result of a QA run, as every report format sees it (schema: docs/qa-json-schema.md).

Report formats read a report through ``documents()`` (each document's pairs with the
findings on them, in input order; iterable more than once), ``summary()`` (the totals
a header needs) and ``signature``. Two kinds of report share that interface:

* ``QAReport`` holds alignments and findings in memory (the library API, tests);
* ``SpooledReport`` (bitext.qa.spool) reads the checked documents back from a temporary
  file, so ``bitext qa`` over a large corpus keeps one batch of documents in memory.

``findings``, ``dismissed``, ``alignments`` and ``to_json()`` build whole lists: handy for
small reports and tests; the report formats stream instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from bitext.core import Alignment, Bead
from bitext.qa.findings import Finding, Severity, group_repeats
from bitext.version import __version__

SCHEMA_VERSION = 1


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

        The pair's own line in the input file when the report knows it (``scores``
        ``line``: a TMX/XLIFF unit, a JSONL corpus record, a target text file's line), else first
        target sentence + 1, else first source sentence + 1.
        """
        known = self.scores.get("line")
        if isinstance(known, int) and not isinstance(known, bool) and known >= 1:
            return known
        ids = self.bead.tgt or self.bead.src
        return ids[0] + 1 if ids else 1

    def to_json(self) -> dict:
        pair = {"index": self.index, "src_ids": list(self.bead.src), "tgt_ids": list(self.bead.tgt),
                "src": self.src, "tgt": self.tgt, "confidence": round(self.bead.confidence, 4)}
        pair.update({key: value for key, value in self.scores.items() if key not in pair})
        return pair


@dataclass
class DocumentView:
    """A document's pairs in order; ``loose`` holds findings that point at no pair of it;
    ``dismissed`` the findings on it that the ignore file dismissed."""

    id: str
    src_lang: str = "en"
    tgt_lang: str = "zh"
    pairs: list[PairView] = field(default_factory=list)
    loose: list[Finding] = field(default_factory=list)
    src_sentences: int = 0
    tgt_sentences: int = 0
    dismissed: list[Finding] = field(default_factory=list)

    def findings(self) -> list[Finding]:
        return [f for p in self.pairs for f in p.findings] + self.loose

    def group_repeats(self) -> DocumentView:
        """Merge repeated findings within each pair (bitext.qa.findings.group_repeats)."""
        for pair in self.pairs:
            pair.findings = group_repeats(pair.findings)
        self.loose = group_repeats(self.loose)
        return self

    def counts(self) -> dict[str, int]:
        return severity_counts(self.findings())

    def to_json(self) -> dict:
        return {"id": self.id, "src_lang": self.src_lang, "tgt_lang": self.tgt_lang,
                "src_sentences": self.src_sentences, "tgt_sentences": self.tgt_sentences,
                "pairs": [p.to_json() for p in self.pairs]}


def severity_counts(findings) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n}, most severe first; a group of repeats counts each."""
    out = {s.value: 0 for s in sorted(Severity, key=lambda s: -s.rank)}
    for f in findings:
        out[Severity(f.severity).value] += f.count
    return out


@dataclass
class CheckTally:
    """One row of the summary by check: occurrences, findings (groups of repeats count once),
    the most severe severity reported, and where the first finding is (document number and id,
    pair index or None for a finding on no pair)."""

    check: str
    count: int
    findings: int
    severity: str
    document: int
    document_id: str
    pair: int | None


@dataclass(frozen=True)
class Summary:
    """A report's totals: documents, pairs, findings per severity and per check, dismissed."""

    documents: int
    pairs: int
    counts: dict[str, int]  # reported findings per severity (each repeat counted)
    dismissed: int
    check_ids: tuple[str, ...]  # checks with a reported finding, in registry order
    by_check: tuple[CheckTally, ...] = ()  # in check_ids order


class ReportBase:
    """What report formats use; subclasses provide ``documents()``, ``signature``, ``stale_ignores``."""

    signature: dict
    stale_ignores: list[str]
    source: str | None = None  # the input file every document came from, for CI annotations
    notes: Sequence[str] = ()  # how the input was read, when a reader should know (a TMX without documents)

    def documents(self) -> Iterator[DocumentView]:
        raise NotImplementedError

    def source_for(self, doc_id: str) -> str | None:
        return self.source

    def summary(self) -> Summary:
        """Totals over every document (reads every document once)."""
        from bitext.qa.checks import CHECKS

        documents = pairs = dismissed = 0
        counts = severity_counts(())
        tallies: dict[str, CheckTally] = {}
        for number, doc in enumerate(self.documents()):
            documents += 1
            pairs += len(doc.pairs)
            dismissed += len(doc.dismissed)
            located = [(p.index, f) for p in doc.pairs for f in p.findings] + [(None, f) for f in doc.loose]
            for index, f in located:
                sev = Severity(f.severity).value
                counts[sev] += f.count
                tally = tallies.get(f.check)
                if tally is None:
                    tally = tallies[f.check] = CheckTally(f.check, 0, 0, sev, number, doc.id, index)
                tally.count += f.count
                tally.findings += 1
                if Severity(sev).rank > Severity(tally.severity).rank:
                    tally.severity = sev
        order = {cid: i for i, cid in enumerate(CHECKS)}
        used = tuple(sorted(tallies, key=lambda c: (order.get(c, len(order)), c)))
        return Summary(documents, pairs, counts, dismissed, used, tuple(tallies[c] for c in used))

    def counts(self) -> dict[str, int]:
        return dict(self.summary().counts)

    def worst(self) -> Severity | None:
        found = [Severity(s) for s, n in self.summary().counts.items() if n]
        return max(found, key=lambda s: s.rank) if found else None

    def iter_findings(self) -> Iterator[Finding]:
        for doc in self.documents():
            yield from doc.findings()

    def iter_dismissed(self) -> Iterator[Finding]:
        for doc in self.documents():
            yield from doc.dismissed

    def to_json(self) -> dict:
        """The JSON report as one dict (bitext.report.json streams the same document)."""
        summary = self.summary()
        return {
            **json_header(self),
            "summary": json_summary(summary, len(self.stale_ignores)),
            "documents": [d.to_json() for d in self.documents()],
            "findings": [f.to_dict() for f in self.iter_findings()],  # repeats grouped, as the formats show them
            "stale_ignores": list(self.stale_ignores),
            "notes": list(self.notes),
        }


def json_header(report: ReportBase) -> dict:
    return {"schema_version": SCHEMA_VERSION, "tool": {"name": "bitext", "version": __version__},
            "signature": report.signature}


def json_summary(summary: Summary, stale: int) -> dict:
    return {"documents": summary.documents, "pairs": summary.pairs, "findings": summary.counts,
            "dismissed": summary.dismissed, "stale_ignores": stale}


@dataclass
class QAReport(ReportBase):
    """Aligned documents and the findings on them, in memory.

    ``signature`` holds tool version, model, glossary hash and settings;
    ``pair_scores[doc_id][k]`` holds raw per-pair numbers for bead k (similarity,
    confidence, chrF when a reference was given); ``dismissed`` are findings
    matched by the ignore file, ``stale_ignores`` the ignore entries that matched nothing;
    ``sources`` maps a document id to its input file (``source`` is the default).
    """

    signature: dict
    alignments: list[Alignment]
    findings: list[Finding]
    pair_scores: dict[str, list[dict]] = field(default_factory=dict)
    dismissed: list[Finding] = field(default_factory=list)
    stale_ignores: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    notes: Sequence[str] = ()

    def source_for(self, doc_id: str) -> str | None:
        return self.sources.get(doc_id, self.source)

    def documents(self) -> Iterator[DocumentView]:
        """Documents in report order, each finding attached to its pair (by document and bead).

        Findings on a document the report has no alignment for, or on a bead outside it,
        are kept as ``loose`` rather than dropped.
        """
        views: dict[str, DocumentView] = {}
        for al in self.alignments:
            views.setdefault(al.document.id, document_view(al, self.pair_scores.get(al.document.id, [])))
        for f in self.findings:
            view = views.get(f.document)
            if view is None:
                view = views[f.document] = DocumentView(f.document)
            attach(view, f)
        for f in self.dismissed:
            if f.document in views:
                views[f.document].dismissed.append(f)
        for view in views.values():
            yield view.group_repeats()

    def iter_dismissed(self) -> Iterator[Finding]:
        yield from self.dismissed


def document_view(alignment: Alignment, scores: list[dict]) -> DocumentView:
    doc = alignment.document
    view = DocumentView(doc.id, doc.src_lang, doc.tgt_lang, src_sentences=len(doc.src), tgt_sentences=len(doc.tgt))
    for k, (src, tgt, bead) in enumerate(alignment.pairs()):
        view.pairs.append(PairView(doc.id, k, bead, src, tgt, dict(scores[k]) if k < len(scores) else {}))
    return view


def attach(view: DocumentView, finding: Finding) -> None:
    if 0 <= finding.bead < len(view.pairs):
        view.pairs[finding.bead].findings.append(finding)
    else:
        view.loose.append(finding)
