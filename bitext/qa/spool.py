"""Checked documents kept on disk during a QA run, and the report that reads them back.

``bitext qa`` aligns and checks a corpus one batch of documents at a time. Each checked
document (its alignment, per-pair scores, pair-level findings and the observations of the
corpus-level checks) is appended to an anonymous temporary file and read back, in order,
as often as the report formats need it. Memory stays that of one batch, whatever the corpus
size; the file disappears when the spool is closed or the process ends.
"""

from __future__ import annotations

import contextlib
import pickle
import tempfile
import weakref
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, Self, TypeVar

from bitext.core import Alignment
from bitext.errors import BitextError
from bitext.qa.findings import Finding
from bitext.qa.ignore import IgnoreList
from bitext.qa.report import DocumentView, ReportBase, Summary, attach, document_view
from bitext.qa.runner import document_findings


@dataclass
class CheckedDocument:
    """One aligned and checked document, as the spool keeps it."""

    alignment: Alignment
    scores: list[dict]  # per bead: similarity, confidence, chrf, line
    findings: list[Finding]  # pair-level, as the checks returned them
    observations: dict[str, list] = field(default_factory=dict)  # corpus-level check id -> records


T = TypeVar("T")

_HINT = "the checked documents wait in a temporary file: free some space or point TMPDIR at a larger disk"


class DocumentSpool(Generic[T]):
    """An append-only sequence of CheckedDocument (or anything picklable, such as alignments)
    in a temporary file (pickled: the file is ours, written and read by this process only). It
    needs about ten times the corpus size on disk; running out of space is a BitextError, not a
    traceback."""

    def __init__(self, directory: str | None = None):
        try:
            self._file = tempfile.TemporaryFile(prefix="bitext-qa-", dir=directory)  # noqa: SIM115 (closed by close())
        except OSError as error:
            raise BitextError(f"cannot create a temporary file ({error.strerror or error})", hint=_HINT) from None
        self._finalizer = weakref.finalize(self, _close_quietly, self._file)
        self._end = 0
        self.count = 0
        self._starts = array("q")  # where each document starts in the file (sections read from there)

    def append(self, document: T) -> None:
        try:
            self._starts.append(self._end)
            self._file.seek(self._end)
            pickle.dump(document, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._end = self._file.tell()
        except OSError as error:
            raise BitextError(f"cannot write the temporary file ({error.strerror or error})", hint=_HINT) from None
        self.count += 1

    def __iter__(self) -> Iterator[T]:
        return self._read(0, self.count)

    def _read(self, start: int, stop: int) -> Iterator[T]:
        # Each iterator keeps its own offset, so iterations may interleave.
        offset = self._starts[start] if start < self.count else self._end
        for _ in range(start, stop):
            try:
                self._file.seek(offset)
                document = pickle.load(self._file)
                offset = self._file.tell()
            except OSError as error:
                raise BitextError(f"cannot read the temporary file ({error.strerror or error})", hint=_HINT) from None
            yield document

    def __len__(self) -> int:
        return self.count

    def section(self, start: int, stop: int) -> SpoolSection[T]:
        """Documents ``start`` to ``stop`` (exclusive), e.g. one shard's for its own report."""
        return SpoolSection(self, start, min(stop, self.count))

    @property
    def size(self) -> int:
        """Bytes on disk."""
        return self._end

    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass(frozen=True)
class SpoolSection(Generic[T]):
    """Consecutive documents of a DocumentSpool, read like one (closing it leaves the spool open)."""

    spool: DocumentSpool[T]
    start: int
    stop: int

    def __iter__(self) -> Iterator[T]:
        return self.spool._read(self.start, self.stop)

    def __len__(self) -> int:
        return self.stop - self.start

    def close(self) -> None:
        pass


def _close_quietly(file) -> None:
    with contextlib.suppress(OSError):  # a full disk fails the final flush too; the file goes anyway
        file.close()


class SpooledReport(ReportBase):
    """A QA report whose documents are read back from a DocumentSpool.

    ``corpus_findings`` (the corpus-level findings, few) are merged into their documents.
    Every finding is reported until ``apply_ignores`` says which the ignore file dismisses.
    """

    def __init__(self, signature: dict, spool: DocumentSpool[CheckedDocument] | SpoolSection[CheckedDocument],
                 corpus_findings: list[Finding], source: str | None = None, notes: Sequence[str] = ()):
        self.signature = signature
        self.notes = tuple(notes)
        self.spool = spool
        self.stale_ignores: list[str] = []
        self.source = source
        self._is_dismissed: Callable[[str], bool] = lambda fingerprint: False
        self._corpus: dict[str, list[Finding]] = {}
        for f in corpus_findings:
            self._corpus.setdefault(f.document, []).append(f)
        self._summary: Summary | None = None

    def close(self) -> None:
        """Remove the temporary file; the report cannot be read afterwards."""
        self.spool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def section(self, start: int, stop: int) -> SpooledReport:
        """The report of documents ``start`` to ``stop`` only (one part of a partitioned output), with
        the whole corpus's corpus-level findings and dismissals."""
        if not isinstance(self.spool, DocumentSpool):
            raise TypeError("a section of a section")
        part = SpooledReport(self.signature, self.spool.section(start, stop), [], self.source, self.notes)
        part._corpus, part._is_dismissed = self._corpus, self._is_dismissed
        return part

    def document_ids(self) -> set[str]:
        """The ids of the report's documents, and of the corpus-level findings' documents."""
        ids = {checked.alignment.document.id for checked in self.spool}
        return ids | set(self._corpus)

    def every_finding(self) -> Iterator[Finding]:
        """Every finding, reported or dismissed, in report order."""
        for checked in self.spool:
            yield from all_findings(checked, self._corpus)

    def apply_ignores(self, ignores: IgnoreList) -> None:
        """Dismiss the findings whose fingerprints ``ignores`` lists; its other entries are stale,
        but for those of a document this report does not have (another input's, in a shared file)."""
        matched = {f.fingerprint for f in self.every_finding() if f.fingerprint in ignores}
        documents = self.document_ids()
        self.stale_ignores = [fp for fp in ignores.entries
                              if fp not in matched and not ignores.belongs_elsewhere(fp, documents)]
        self._is_dismissed = ignores.__contains__
        self._summary = None

    def documents(self) -> Iterator[DocumentView]:
        for checked in self.spool:
            view = document_view(checked.alignment, checked.scores)
            for f in all_findings(checked, self._corpus):
                if self._is_dismissed(f.fingerprint):
                    view.dismissed.append(f)
                else:
                    attach(view, f)
            yield view.group_repeats()

    def summary(self) -> Summary:
        if self._summary is None:
            self._summary = super().summary()
        return self._summary

    @property
    def findings(self) -> list[Finding]:
        """Every reported finding, repeats not grouped (as QAReport.findings)."""
        return [f for f in self.every_finding() if not self._is_dismissed(f.fingerprint)]

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
