"""Checked documents kept on disk during a QA run, and the report that reads them back.

``bitext qa`` aligns and checks a corpus one batch of documents at a time. Each checked
document (its alignment, per-pair scores, pair-level findings and the observations of the
corpus-level checks) is appended to an anonymous temporary file and read back, in order,
as often as the report formats need it. Memory stays that of one batch, whatever the corpus
size; the file disappears when the spool is closed or the process ends.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from bitext.align.types import Alignment
from bitext.qa.findings import Finding
from bitext.qa.report import DocumentView, ReportBase, Summary, attach, document_view
from bitext.qa.runner import document_findings


@dataclass
class CheckedDocument:
    alignment: Alignment
    scores: list[dict]  # per bead: similarity, confidence, chrf, line
    findings: list[Finding]  # pair-level, as the checks returned them
    observations: dict[str, list] = field(default_factory=dict)  # corpus-level check id -> records


class DocumentSpool:
    """An append-only sequence of CheckedDocument in a temporary file (pickled: the file is
    ours, written and read by this process only)."""

    def __init__(self, directory: str | None = None):
        self._file = tempfile.TemporaryFile(prefix="bitext-qa-", dir=directory)
        self._end = 0
        self.count = 0

    def append(self, document: CheckedDocument) -> None:
        self._file.seek(self._end)
        pickle.dump(document, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._end = self._file.tell()
        self.count += 1

    def __iter__(self) -> Iterator[CheckedDocument]:
        # Each iterator keeps its own offset, so iterations may interleave.
        offset = 0
        for _ in range(self.count):
            self._file.seek(offset)
            document = pickle.load(self._file)
            offset = self._file.tell()
            yield document

    def __len__(self) -> int:
        return self.count

    @property
    def size(self) -> int:
        """Bytes on disk."""
        return self._end

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> DocumentSpool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SpooledReport(ReportBase):
    """A QA report whose documents are read back from a DocumentSpool.

    ``corpus_findings`` (the corpus-level findings, few) are merged into their documents;
    ``is_dismissed(fingerprint)`` decides which findings the ignore file dismisses.
    """

    def __init__(self, signature: dict, spool: DocumentSpool, corpus_findings: list[Finding],
                 is_dismissed: Callable[[str], bool], stale_ignores: list[str], source: str | None = None):
        self.signature = signature
        self.spool = spool
        self.stale_ignores = stale_ignores
        self.source = source
        self._is_dismissed = is_dismissed
        self._corpus: dict[str, list[Finding]] = {}
        for f in corpus_findings:
            self._corpus.setdefault(f.document, []).append(f)
        self._summary: Summary | None = None

    def documents(self) -> Iterator[DocumentView]:
        for checked in self.spool:
            view = document_view(checked.alignment, checked.scores)
            for f in all_findings(checked, self._corpus):
                if self._is_dismissed(f.fingerprint):
                    view.dismissed.append(f)
                else:
                    attach(view, f)
            yield view

    def summary(self) -> Summary:
        if self._summary is None:
            self._summary = super().summary()
        return self._summary

    @property
    def findings(self) -> list[Finding]:
        return list(self.iter_findings())

    @property
    def dismissed(self) -> list[Finding]:
        return list(self.iter_dismissed())

    @property
    def pair_scores(self) -> dict[str, list[dict]]:
        return {checked.alignment.document.id: checked.scores for checked in self.spool}

    @property
    def alignments(self) -> list[Alignment]:
        return [checked.alignment for checked in self.spool]


def all_findings(checked: CheckedDocument, corpus: dict[str, list[Finding]]) -> list[Finding]:
    """A spooled document's findings, corpus-level ones included, in report order."""
    return document_findings(checked.findings + corpus.get(checked.alignment.document.id, []))
