"""``bitext qa`` as a library function: read inputs, align, check, apply the ignore file, build a QAReport.

    from bitext.qa.pipeline import QAInput, QARequest, run_qa

    result = run_qa(QARequest(QAInput(corpus="abstracts.jsonl"), glossary=Path("terms.tsv")))
    result.report.findings

Inputs are what ``bitext align`` reads (a source and a target file, or a JSONL corpus
with one ``{"id", "en", "zh"}`` document per line), plus already-aligned TMX and
XLIFF 1.2/2.x, where every unit is one pair (no re-alignment; the model only scores
each pair's similarity for the omission check); bitext.io.inputs reads them, and the
references for chrF. Everything that can fail on bad input (documents, glossary,
references, ignore file) is read and validated before the model loads and before
anything is written.

Each pair's chrF is its target sentences against the reference sentences with the
same indices (sacrebleu chrF2, see bitext.metrics).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bitext.align import DEFAULT_MAX_BEAD
from bitext.core import Alignment, Document, join_sentences
from bitext.errors import InputError
from bitext.glossary.model import Glossary, Problem, glossary_hash
from bitext.io.inputs import InputFiles, InputItem, LoadedInputs, load_inputs
from bitext.qa.checks import CHECKS
from bitext.qa.findings import Finding
from bitext.qa.ignore import IGNORE_FILE_NAME, IgnoreList, append_ignores, dismissing, read_ignore, write_ignore
from bitext.qa.report import QAReport, ReportBase
from bitext.qa.settings import QASettings
from bitext.version import TOOL, signature_line

if TYPE_CHECKING:
    from bitext.embed.blocks import BlockEmbedder
    from bitext.qa.review import ReviewedEntry
    from bitext.qa.runner import Checker
    from bitext.qa.spool import CheckedDocument, DocumentSpool, SpooledReport

log = logging.getLogger("bitext")

ProgressFactory = Callable[[str, "int | None"], contextlib.AbstractContextManager]


@dataclass(frozen=True)
class QAInput(InputFiles):
    """The files to check (bitext.io.inputs.InputFiles), which also say where their ignore file is."""

    def default_ignore_file(self) -> Path:
        """``.bitext-ignore`` next to the corpus (or the source file); in the current directory for stdin
        and for a URI (s3://...)."""
        from bitext.io.sources import is_uri

        if self.primary == "-" or is_uri(self.primary):
            return Path(IGNORE_FILE_NAME)
        return Path(self.primary).parent / IGNORE_FILE_NAME


@dataclass(frozen=True)
class QARequest:
    """What ``bitext qa`` checks and how: the inputs, the glossary, the settings, the model, the ignore file."""

    inputs: QAInput
    glossary: Path | None = None
    lenient: bool = False
    settings: QASettings = field(default_factory=QASettings)
    model: str | None = None
    ref: str | None = None
    ignore_file: Path | None = None  # None: inputs.default_ignore_file()
    update_ignore: bool = False
    ignore_from: Path | None = None  # a reviewed spreadsheet (bitext.qa.review): its false alarms are dismissed
    use_cache: bool = True
    cache_dir: Path | None = None
    max_bead: int = DEFAULT_MAX_BEAD
    similarity: bool = True  # pre-aligned inputs: embed each pair to score its similarity


@dataclass
class QAResult:
    """The report of a QA run, with the glossary's warnings and the ignore file's state."""

    report: SpooledReport  # close() it when done: its documents are in a temporary file
    glossary_warnings: list[Problem]
    ignore_file: Path
    ignore_entries: IgnoreList
    ignore_written: int | None = None  # fingerprints written by write_ignore()
    update_ignore: bool = False  # the request asked to dismiss every finding: write_ignore() once reported
    reviewed: list[ReviewedEntry] = field(default_factory=list)  # false alarms from --ignore-from, not in the file
    # With update_ignore: the file's lines for documents this run does not have (another input
    # sharing the folder's file), which write_ignore() keeps as they were.
    other_documents_ignores: list[str] = field(default_factory=list)

    def add_reviewed(self) -> int:
        """Append the reviewed false alarms the ignore file does not have yet (atomically); call it once the
        report is written. Returns how many entries were added."""
        return append_ignores(self.ignore_file, [(entry.fingerprint, entry.comment) for entry in self.reviewed])

    def write_ignore(self) -> int:
        """With ``update_ignore``: rewrite the ignore file (atomically) to dismiss every finding of the
        report, as the report already shows them, keeping the entries of other documents. Call it once
        the report is safely written, so a run that fails leaves the reviewer's file as it was;
        returns the fingerprints written."""
        if not self.update_ignore:
            raise ValueError("the request did not ask to update the ignore file")
        self.ignore_written = write_ignore(self.ignore_file, self.report.every_finding(),
                                           self.other_documents_ignores)
        return self.ignore_written


@dataclass(frozen=True)
class Checked:
    """What checking every document tells the report besides the documents themselves."""

    with_refs: bool  # some document had a reference (chrF per pair)
    model_fingerprint: str | None  # None when no model was needed


# How the documents get checked into the spool, in input order: here (check_items), or by the
# workers of a cluster (bitext.distributed). The corpus-level steps stay with run_qa.
CheckStage = Callable[["LoadedInputs", QARequest, "Glossary | None", "Checker", "DocumentSpool[CheckedDocument]",
                       Callable[[int], None]], Checked]


def check_items(items: Iterable[InputItem], request: QARequest, checker: Checker, sink,
                advance: Callable[[int], None] | None = None, model: ModelOnDemand | None = None) -> Checked:
    """Align (unless pre-aligned), score and check ``items`` into ``sink`` (anything with
    ``append``), in input order, as ``request`` says. ``model``: an embedder already built (a
    worker checking shard after shard builds it once), else one loads when first needed."""
    from bitext.align.pipeline import settings_for

    model = model or ModelOnDemand(request.model, request.use_cache, request.cache_dir)
    align_settings = settings_for(request.model, max_bead=request.max_bead)
    with_refs = _check_all(items, model, align_settings, checker, sink, advance or _ignore_progress,
                           request.similarity)
    return Checked(with_refs, model.fingerprint)


def _check_locally(loaded: LoadedInputs, request: QARequest, glossary: Glossary | None, checker: Checker,
                   spool: DocumentSpool[CheckedDocument], advance: Callable[[int], None]) -> Checked:
    return check_items(loaded.items(), request, checker, spool, advance)


def _ignore_progress(n: int = 1) -> None:
    pass


@contextlib.contextmanager
def _no_progress(description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    yield _ignore_progress


# -- signature ------------------------------------------------------------------------------------

def qa_settings_signature(settings: QASettings) -> dict:
    """Every check's effective severity ("off" when disabled) and the thresholds."""
    checks = {c.id: settings.effective(c) for c in CHECKS.values()}
    return {
        "checks": checks,
        "low_similarity_z": settings.low_similarity_z,
        "min_similarities": settings.min_similarities,
        "similarity_spread_floor": settings.similarity_spread_floor,
        "length_ratio_band": list(settings.length_ratio_band),
        "untranslated_min_words": settings.untranslated_min_words,
        "zh_word_check": settings.zh_word_check,
    }


def _short_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]


# -- the run --------------------------------------------------------------------------------------

def run_qa(request: QARequest, progress: ProgressFactory | None = None,
           check_stage: CheckStage | None = None) -> QAResult:
    """Read, align (or take the given alignment), check, apply the ignore file; nothing is printed.

    Documents are aligned and checked one batch at a time and kept on disk (bitext.qa.spool),
    so memory does not grow with the corpus; the report reads them back as it is written.
    ``progress(description, total)`` is a context manager yielding ``advance(n)`` (e.g.
    bitext.cli.progress.progress_bar), advanced once per document. With ``update_ignore`` the
    returned report shows every current finding dismissed, and ``result.write_ignore()`` rewrites
    the ignore file (atomically) to match, to be called once the report is written. Close
    ``result.report.spool`` (or let the process end) to free the temporary file. ``check_stage``
    checks the documents elsewhere (bitext.distributed); by default they are checked here.
    """
    from bitext.align.pipeline import settings_for
    from bitext.glossary import read_glossary
    from bitext.qa.runner import Checker
    from bitext.qa.spool import DocumentSpool, SpooledReport

    progress = progress or _no_progress
    inputs = request.inputs
    inputs.validate()
    request.settings.validate(CHECKS)

    # Everything that can be wrong with the input is found before the model loads.
    loaded = load_inputs(inputs, request.ref)
    glossary: Glossary | None = None
    if request.glossary is not None:
        glossary = read_glossary(request.glossary, lenient=request.lenient)
    ignore_path = Path(request.ignore_file) if request.ignore_file else inputs.default_ignore_file()
    ignores = read_ignore(ignore_path)
    reviewed: list[ReviewedEntry] = []
    if request.ignore_from is not None:  # a reviewed spreadsheet (zipfile, XML): read only when given
        from bitext.qa.review import add_reviewed

        reviewed = add_reviewed(ignores, request.ignore_from)

    align_settings = settings_for(request.model, max_bead=request.max_bead)
    checker = Checker(glossary, request.settings)
    spool: DocumentSpool[CheckedDocument] = DocumentSpool()
    try:
        with progress("checking", loaded.count) as advance:
            checked = (check_stage or _check_locally)(loaded, request, glossary, checker, spool, advance)
        with progress("consistency", None):
            corpus_findings = checker.conclude(lambda: (checked.observations for checked in spool))
        aligner = f"pre-aligned ({loaded.kind})" if loaded.pre_aligned else align_settings.signature()
        signature = _signature(request.settings, loaded.kind, aligner, glossary, request.glossary,
                               checked.model_fingerprint, checked.with_refs, request.ref)
        report = SpooledReport(signature, spool, corpus_findings, source=inputs.corpus or inputs.tgt,
                               notes=loaded.notes)
        others: list[str] = []
        if request.update_ignore:  # every current finding, reported or dismissed; the file is written later
            documents = report.document_ids()
            others = [line for fp, line in ignores.lines.items() if ignores.belongs_elsewhere(fp, documents)]
            ignores = dismissing(report.every_finding(), ignore_path)
        report.apply_ignores(ignores)
    except BaseException:
        spool.close()
        raise
    warnings = list(glossary.warnings) if glossary is not None else []
    return QAResult(report, warnings, ignore_path, ignores, update_ignore=request.update_ignore,
                    reviewed=[] if request.update_ignore else reviewed, other_documents_ignores=others)


def check_in_memory(data: Document | Alignment | Iterable[Document | Alignment], glossary: Glossary | None = None,
                    settings: QASettings | None = None, model: str | None = None, *, use_cache: bool = True,
                    cache_dir: Path | None = None, max_bead: int = DEFAULT_MAX_BEAD,
                    similarity: bool = True) -> QAReport:
    """run_qa's workflow on documents and alignments in memory, with the report in memory too.

    A Document is aligned, as ``bitext qa`` aligns two files or a JSONL corpus; an Alignment is
    checked as given, as a TMX or XLIFF unit is. Each pair's similarity (for
    ``omission.low_similarity``) is the aligner's cosine; an alignment made elsewhere whose beads
    carry none is scored with ``model`` (unless ``similarity`` is False), as ``bitext qa`` scores
    TMX units. The model loads only when something needs it. No ignore file is read.
    """
    from bitext.align.pipeline import settings_for
    from bitext.qa.runner import Checker, document_findings

    settings = settings or QASettings()
    settings.validate(CHECKS)
    items = _memory_items(data)
    align_settings = settings_for(model, max_bead=max_bead)
    on_demand = ModelOnDemand(model, use_cache, cache_dir)
    checker = Checker(glossary, settings)
    checked: list[CheckedDocument] = []
    _check_all(items, on_demand, align_settings, checker, checked, lambda n=1: None, similarity)
    corpus: dict[str, list[Finding]] = {}
    for finding in checker.conclude(lambda: (document.observations for document in checked)):
        corpus.setdefault(finding.document, []).append(finding)

    made_here = [item.alignment is None for item in items]
    given = [item.alignment.signature for item in items if item.alignment is not None]
    aligners = {str(sig["aligner"]) for sig in given if sig.get("aligner")}
    if any(made_here):
        aligners.add(align_settings.signature())
    models = {str(sig["model"]) for sig in given if sig.get("model")}
    if on_demand.fingerprint:
        models.add(on_demand.fingerprint)
    signature = _signature(settings, "memory", " + ".join(sorted(aligners)) or "pre-aligned (memory)", glossary, None,
                           " + ".join(sorted(models)) or None, False, None)
    findings = [f for document in checked
                for f in document_findings(document.findings + corpus.get(document.alignment.document.id, []))]
    return QAReport(signature, [document.alignment for document in checked], findings,
                    pair_scores={document.alignment.document.id: document.scores for document in checked})


def _memory_items(data) -> list[InputItem]:
    if isinstance(data, (Document, Alignment)):
        data = [data]
    elif isinstance(data, (str, bytes, Mapping)) or not isinstance(data, Iterable):
        raise TypeError(f"expected a Document, an Alignment or a list of them, not {type(data).__name__}")
    items, seen = [], set()
    for value in data:
        if isinstance(value, Alignment):
            _check_beads(value)
            item = InputItem(value.document, value)
        elif isinstance(value, Document):
            item = InputItem(value)
        else:
            raise TypeError(f"expected a Document or an Alignment, not {type(value).__name__}")
        if item.document.id in seen:
            raise InputError(f"document {item.document.id!r} given twice",
                             hint="give each document its own id, e.g. bitext.align(en, zh, doc_id=...)")
        seen.add(item.document.id)
        items.append(item)
    if not items:
        raise InputError("nothing to check", hint="give a Document, an Alignment or a list of them")
    return items


def _check_beads(alignment: Alignment) -> None:
    """A caller's beads must hold consecutive sentence indices of their document."""
    doc = alignment.document
    for k, bead in enumerate(alignment.beads):
        for side, ids, sentences in (("source", bead.src, doc.src), ("target", bead.tgt, doc.tgt)):
            consecutive = list(ids) == list(range(ids[0], ids[0] + len(ids))) if ids else True
            if ids and not (consecutive and 0 <= ids[0] and ids[-1] < len(sentences)):
                raise InputError(f"document {doc.id}: bead {k} has {side} sentences {list(ids)}",
                                 hint=f"a bead holds consecutive indices of the {len(sentences)} {side} sentences")


class ModelOnDemand:
    """The block embedder (and the embedding cache), created on first use: alignments that carry
    their similarities, or pre-aligned input checked without similarity, need no model."""

    def __init__(self, model: str | None, use_cache: bool = True, cache_dir: Path | None = None):
        self.model, self.use_cache, self.cache_dir = model, use_cache, cache_dir
        self._embedder: BlockEmbedder | None = None

    def __call__(self) -> BlockEmbedder:
        if self._embedder is None:
            from bitext.align.pipeline import block_embedder, open_cache

            self._embedder = block_embedder(self.model, open_cache(self.cache_dir, enabled=self.use_cache))
        return self._embedder

    @property
    def fingerprint(self) -> str | None:
        return self._embedder.fingerprint if self._embedder is not None else None


def _signature(settings: QASettings, kind: str, aligner: str, glossary: Glossary | None, glossary_file: Path | None,
               model_fingerprint: str | None, with_refs: bool, ref: str | None) -> dict:
    """Tool version, model, glossary hash, QA and aligner settings, and one line of them all."""
    qa_sig = qa_settings_signature(settings)
    g_hash = glossary_hash(glossary) if glossary is not None else None
    signature = {
        "tool": TOOL,
        "model": model_fingerprint,
        "glossary": g_hash,
        "glossary_file": str(glossary_file) if glossary_file is not None else None,
        "qa": qa_sig,
        "aligner": aligner,
        "input": kind,
    }
    if with_refs:
        from bitext.metrics import chrf_signature

        signature["reference"] = {"file": ref, "chrf": chrf_signature()}
    signature["text"] = signature_line(model=model_fingerprint or "none", glossary=g_hash or "none",
                                       qa=_short_hash(qa_sig), align=aligner)
    return signature


def _check_all(items: Iterable[InputItem], model: ModelOnDemand, align_settings, checker, spool, advance,
               similarity: bool) -> bool:
    """Align (unless pre-aligned), score and check every document into ``spool`` (anything with
    ``append``), in input order. Returns whether any document had a reference."""
    with_refs = False
    for item, checked in _checked(items, model, align_settings, checker, similarity):
        with_refs = with_refs or item.refs is not None
        spool.append(checked)
        advance(1)
    return with_refs


# A worker process is started for at least this many documents of a batch: forking one costs
# about as much as checking a few documents.
DOCUMENTS_PER_WORKER = 4


def _checked(items: Iterable[InputItem], model: ModelOnDemand, align_settings, checker,
             similarity: bool) -> Iterator[tuple[InputItem, CheckedDocument]]:
    """Each item with its checked document, in input order. Pre-aligned items are checked here,
    one by one (their similarities may need the model). The documents of the others are embedded
    a batch at a time (bitext.align.pipeline.prefetched_batches), then aligned and checked on all
    cores (bitext.embed.parallel.forked_map): the same computations in forked copies of this
    process, so the same results, in the same order."""
    from bitext.qa.spool import CheckedDocument

    def check(item: InputItem, alignment: Alignment) -> CheckedDocument:
        sims = _similarities(item, alignment, model, similarity)
        findings, observations = checker.check(alignment, sims)
        return CheckedDocument(alignment, _pair_scores(alignment, sims, item), findings, observations)

    for pre_aligned, run in itertools.groupby(items, key=lambda item: item.alignment is not None):
        if pre_aligned:
            for item in run:
                assert item.alignment is not None  # the run is grouped by having one
                yield item, check(item, item.alignment)
            continue
        yield from _aligned_and_checked(run, model(), align_settings, check)


def _aligned_and_checked(items: Iterable[InputItem], embedder: BlockEmbedder, align_settings,
                         check: Callable[[InputItem, Alignment], CheckedDocument]
                         ) -> Iterator[tuple[InputItem, CheckedDocument]]:
    from bitext.align.pipeline import align_document, prefetched_batches, signature
    from bitext.embed.parallel import forked_map, usable_workers

    sig = signature(embedder, align_settings)
    for batch in prefetched_batches(items, embedder, lambda item: item.document):
        def align_and_check(index: int, batch: list[InputItem] = batch) -> CheckedDocument:
            item = batch[index]
            return check(item, align_document(item.document, embedder, align_settings, sig))

        # The first document is checked here, which loads what the checks read (word lists,
        # dictionaries) once, before the workers fork and share it.
        yield batch[0], align_and_check(0)
        workers = usable_workers(len(batch) - 1, DOCUMENTS_PER_WORKER)
        yield from zip(batch[1:], forked_map(lambda i: align_and_check(i + 1), len(batch) - 1, workers), strict=True)


def _similarities(item: InputItem, alignment: Alignment, model: ModelOnDemand, similarity: bool) -> list[float | None]:
    """The aligner's cosine per bead. An alignment made elsewhere (TMX, XLIFF, a library caller's)
    keeps its beads' own when it has them, else gets the model's (when ``similarity``)."""
    own = [bead.similarity for bead in alignment.beads]
    if item.alignment is None or any(s is not None for s in own) or not similarity:
        return own
    return _pair_cosines(alignment, model())


def _pair_cosines(alignment: Alignment, embedder) -> list[float | None]:
    """Cosine of each pair's source and target block vectors (None where a side is empty)."""
    doc = alignment.document

    def blocks(sentences: list[str], lang: str, sizes: list[int]) -> dict[int, np.ndarray]:
        if not sentences:
            return {}
        out = {}
        for size, rows in embedder.block_vectors(sentences, lang, max(sizes, default=1)).items():
            rows = np.asarray(rows, dtype=np.float32)
            out[size] = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
        return out

    src = blocks(doc.src, doc.src_lang, [len(b.src) for b in alignment.beads])
    tgt = blocks(doc.tgt, doc.tgt_lang, [len(b.tgt) for b in alignment.beads])
    return [float(src[len(b.src)][b.src[0]] @ tgt[len(b.tgt)][b.tgt[0]]) if b.src and b.tgt else None
            for b in alignment.beads]


def _pair_scores(alignment: Alignment, sims: list[float | None], item: InputItem) -> list[dict]:
    """Per bead: similarity, confidence, chrF against the reference (when given), input line."""
    doc = alignment.document
    rows = []
    last_tgt = 0
    for k, bead in enumerate(alignment.beads):
        sim = sims[k]
        row: dict = {"similarity": None if sim is None else round(float(sim), 4),
                     "confidence": round(bead.confidence, 4)}
        if item.refs is not None:
            from bitext.metrics import sentence_chrf

            row["chrf"] = None
            if bead.tgt:
                hyp = join_sentences([doc.tgt[j] for j in bead.tgt], doc.tgt_lang)
                ref = join_sentences([item.refs[j] for j in bead.tgt], doc.tgt_lang)
                row["chrf"] = round(sentence_chrf(hyp, ref), 2)
        if item.unit_lines is not None and k < len(item.unit_lines):
            row["line"] = item.unit_lines[k]
        elif item.line is not None:
            row["line"] = item.line
        elif item.tgt_lines:  # the target file's line of the pair's first target sentence (or the one before)
            row["line"] = item.tgt_lines[min(bead.tgt[0] if bead.tgt else last_tgt, len(item.tgt_lines) - 1)]
        last_tgt = bead.tgt[-1] if bead.tgt else last_tgt
        rows.append(row)
    return rows


def fails(findings: ReportBase | Iterable[Finding], fail_on: str) -> bool:
    """True when some reported finding's severity reaches ``fail_on`` (error, warning or info)."""
    from bitext.qa.findings import Severity

    threshold = Severity(fail_on).rank
    if isinstance(findings, ReportBase):
        return any(n and Severity(sev).rank >= threshold for sev, n in findings.summary().counts.items())
    return any(Severity(f.severity).rank >= threshold for f in findings)


__all__ = ["CheckStage", "Checked", "ModelOnDemand", "QAInput", "QARequest", "QAResult", "check_in_memory",
           "check_items", "fails", "qa_settings_signature", "run_qa"]
