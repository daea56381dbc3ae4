"""``bitext qa`` as a library function: read inputs, align, check, apply the ignore file, build a QAReport.

    from bitext.qa.pipeline import QAInput, QARequest, run_qa

    result = run_qa(QARequest(QAInput(corpus="abstracts.jsonl"), glossary=Path("terms.tsv")))
    result.report.findings

Inputs are what ``bitext align`` reads (a source and a target file, or a JSONL corpus
with one ``{"id", "en", "zh"}`` document per line), plus already-aligned TMX and
XLIFF 1.2/2.x, where every unit is one pair (no re-alignment; the model only scores
each pair's similarity for the omission check). Everything that can fail on bad input
(documents, glossary, references, ignore file) is read and validated before the model
loads and before anything is written.

References (``ref``), for sentence-level chrF per pair:

- two files: a reference file segmented exactly like the target (same sentence count;
  with ``presplit`` one sentence per line);
- JSONL corpus: a ``"ref"`` field on a line (string or list of sentences), segmented
  like that line's target; lines without it get no chrF; ``ref`` must not be given
  (a corpus read from stdin, ``-``, is read once: its "ref" fields are not used);
- TMX/XLIFF: a text file with one line per non-empty target, in file order.

Each pair's chrF is its target sentences against the reference sentences with the
same indices (sacrebleu chrF2, see bitext.metrics).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bitext.align import DEFAULT_MAX_BEAD
from bitext.core import Alignment, Document, join_sentences
from bitext.errors import ConfigError, InputError
from bitext.glossary.model import Glossary, Problem, glossary_hash
from bitext.io.text import read_bytes
from bitext.qa.checks import CHECKS
from bitext.qa.findings import Finding
from bitext.qa.ignore import IGNORE_FILE_NAME, IgnoreList, read_ignore, write_ignore
from bitext.qa.report import QAReport, ReportBase
from bitext.qa.settings import QASettings
from bitext.version import __version__

log = logging.getLogger("bitext")

ProgressFactory = Callable[[str, "int | None"], contextlib.AbstractContextManager]

_JSONL = (".jsonl", ".ndjson", ".json")
_TMX = (".tmx",)
_XLIFF = (".xlf", ".xliff", ".xlf2", ".xliff2")


@dataclass(frozen=True)
class QAInput:
    """Either ``corpus`` (JSONL, TMX or XLIFF) or both ``src`` and ``tgt``."""

    corpus: str | None = None
    src: str | None = None
    tgt: str | None = None
    src_lang: str = "en"
    tgt_lang: str = "zh"
    presplit: bool = False

    def validate(self) -> None:
        if self.corpus and (self.src or self.tgt):
            raise ConfigError("give either a CORPUS (JSONL, TMX or XLIFF) or --src and --tgt, not both")
        if not self.corpus and not (self.src and self.tgt):
            raise ConfigError("nothing to check", hint="give CORPUS.jsonl, a TMX or XLIFF file, or both --src and --tgt")

    @property
    def primary(self) -> str:
        return str(self.corpus or self.src)

    @property
    def kind(self) -> str:
        """"pair", "jsonl", "tmx" or "xliff"."""
        if not self.corpus:
            return "pair"
        return input_kind(self.corpus)

    def default_ignore_file(self) -> Path:
        """``.bitext-ignore`` next to the corpus (or the source file); in the current directory for stdin."""
        if self.primary == "-":
            return Path(IGNORE_FILE_NAME)
        return Path(self.primary).parent / IGNORE_FILE_NAME


@dataclass(frozen=True)
class QARequest:
    inputs: QAInput
    glossary: Path | None = None
    lenient: bool = False
    settings: QASettings = field(default_factory=QASettings)
    model: str | None = None
    ref: str | None = None
    ignore_file: Path | None = None  # None: inputs.default_ignore_file()
    update_ignore: bool = False
    use_cache: bool = True
    cache_dir: Path | None = None
    max_bead: int = DEFAULT_MAX_BEAD
    similarity: bool = True  # pre-aligned inputs: embed each pair to score its similarity


@dataclass
class QAResult:
    report: ReportBase  # a SpooledReport
    glossary_warnings: list[Problem]
    ignore_file: Path
    ignore_entries: IgnoreList
    ignore_written: int | None = None  # fingerprints written with update_ignore


def input_kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in _JSONL:
        return "jsonl"
    if suffix in _TMX:
        return "tmx"
    if suffix in _XLIFF:
        return "xliff"
    if path == "-":
        return "jsonl"
    read_bytes(path, probe=True)  # a missing file or a directory is an InputError
    with open(path, "rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if b"<tmx" in head:
            return "tmx"
        if b"<xliff" in head or b":xliff" in head:
            return "xliff"
        raise InputError(f"{path}: XML, but neither TMX nor XLIFF", hint="give a .tmx, .xlf or .jsonl file")
    return "jsonl"


@contextlib.contextmanager
def _no_progress(description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    yield lambda n=1: None


# -- reading --------------------------------------------------------------------------------------

@dataclass
class QAItem:
    """One document to check, with what the report needs to know about its input."""

    document: Document
    alignment: Alignment | None = None  # pre-aligned inputs (TMX/XLIFF)
    unit_lines: list[int | None] | None = None  # each pair's unit line in a TMX/XLIFF file
    line: int | None = None  # the document's line in a JSONL corpus
    refs: list[str] | None = None  # reference sentence per target sentence


@dataclass
class LoadedInputs:
    """Validated inputs, read lazily: ``items()`` yields one QAItem per document, in input order,
    and may be called again (a JSONL corpus is re-read from disk, never held in memory)."""

    kind: str
    count: int  # documents
    _items: Callable[[], Iterator[QAItem]]
    alignments: list[Alignment] | None = None  # pre-aligned inputs (TMX/XLIFF), held in memory

    def items(self) -> Iterator[QAItem]:
        return self._items()

    def documents(self) -> Iterator[Document]:
        return (item.document for item in self.items())

    @property
    def pre_aligned(self) -> bool:
        return self.alignments is not None


def load_inputs(inputs: QAInput, ref: str | None = None) -> LoadedInputs:
    """Read and validate every input: documents to align, or alignments for TMX/XLIFF."""
    return _load(inputs, ref)


def _load(inputs: QAInput, ref: str | None) -> LoadedInputs:
    from bitext.io.corpus import JsonlCorpus, read_pair

    kind = inputs.kind
    if kind == "pair":
        doc = read_pair(inputs.src, inputs.tgt, inputs.src_lang, inputs.tgt_lang, inputs.presplit)
        item = QAItem(doc, refs=_pair_refs(ref, doc, inputs.presplit) if ref else None)
        return LoadedInputs(kind, 1, lambda: iter([item]))
    if kind == "jsonl":
        if ref:
            raise ConfigError("--ref does not apply to a JSONL corpus",
                              hint='put each document\'s reference in a "ref" field of its line')
        corpus = JsonlCorpus(inputs.corpus, inputs.src_lang, inputs.tgt_lang, inputs.presplit)
        count = corpus.validate()
        def items() -> Iterator[QAItem]:
            return _jsonl_items(corpus, inputs.presplit)

        if corpus.has_ref:
            for _ in items():
                pass  # every "ref" field is checked against its target before anything runs
        return LoadedInputs(kind, count, items)
    alignments, unit_lines = _read_tmx(inputs) if kind == "tmx" else _read_xliff(inputs)
    refs = _flat_refs(ref, alignments) if ref else {}

    def pre_aligned() -> Iterator[QAItem]:
        for al in alignments:
            yield QAItem(al.document, al, unit_lines.get(al.document.id), refs=refs.get(al.document.id))

    return LoadedInputs(kind, len(alignments), pre_aligned, alignments)


def _pair_refs(ref: str, doc: Document, presplit: bool) -> list[str]:
    from bitext.io.corpus import sentences_of
    from bitext.io.text import read_text

    sentences = sentences_of(read_text(ref), doc.tgt_lang, presplit)
    if len(sentences) != len(doc.tgt):
        raise InputError(f"{ref}: {len(sentences)} reference sentence(s) for {len(doc.tgt)} target sentence(s)",
                         hint="the reference is split like the target; give one sentence per line with --presplit")
    return sentences


def _jsonl_items(corpus, presplit: bool) -> Iterator[QAItem]:
    """Each document of a JSONL corpus with its line (for annotations) and its "ref" field, if any."""
    from bitext.io.corpus import sentences_of

    for record in corpus:
        doc, number = record.document, record.line
        refs = None
        if record.has_ref:
            value = record.ref
            if isinstance(value, list) and all(isinstance(s, str) for s in value):
                refs = list(value)
            elif isinstance(value, str):
                refs = sentences_of(value, doc.tgt_lang, presplit)
            else:
                raise InputError(f"{corpus.path}:{number}: field 'ref' must be a string or a list of strings")
            if len(refs) != len(doc.tgt):
                raise InputError(f"{corpus.path}:{number}: 'ref' has {len(refs)} sentence(s), the target {len(doc.tgt)}",
                                 hint="the reference is split like the target; give a list of sentences to control it")
        yield QAItem(doc, line=number, refs=refs)


def _flat_refs(ref: str, alignments: list[Alignment]) -> dict[str, list[str]]:
    from bitext.io.alignment_formats import physical_lines
    from bitext.io.text import read_text

    lines = physical_lines(read_text(ref))
    total = sum(len(a.document.tgt) for a in alignments)
    if len(lines) != total:
        raise InputError(f"{ref}: {len(lines)} reference line(s) for {total} non-empty target(s)",
                         hint="give one reference line per translated unit, in file order")
    refs, start = {}, 0
    for al in alignments:
        n = len(al.document.tgt)
        refs[al.document.id] = lines[start : start + n]
        start += n
    return refs


def _group(rows: list[dict], default_id: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row.get("doc") or default_id, []).append(row)
    return groups


def _pre_aligned(groups: dict[str, list[dict]], inputs: QAInput) -> tuple[list[Alignment], dict[str, list[int | None]]]:
    from bitext.io.alignment_formats import alignment_from_pairs

    alignments, lines = [], {}
    for doc_id, rows in groups.items():
        al = alignment_from_pairs(doc_id, rows, inputs.src_lang, inputs.tgt_lang)
        if not al.beads:
            continue
        alignments.append(al)
        lines[doc_id] = [row.get("line") for row in rows if row["src"] or row["tgt"]]
    if not alignments:
        raise InputError(f"{inputs.corpus}: no translation units with text")
    return alignments, lines


def _read_tmx(inputs: QAInput) -> tuple[list[Alignment], dict[str, list[int | None]]]:
    from bitext.io.alignment_formats import read_tmx
    from bitext.segment import normalize_lang

    src_lang, tgt_lang = normalize_lang(inputs.src_lang), normalize_lang(inputs.tgt_lang)
    units = read_tmx(read_bytes(inputs.corpus), inputs.corpus, src_lang, tgt_lang)
    if not units:
        raise InputError(f"{inputs.corpus}: no <tu> translation units")
    return _pre_aligned(_group(units, Path(inputs.corpus).stem), inputs)


def _read_xliff(inputs: QAInput) -> tuple[list[Alignment], dict[str, list[int | None]]]:
    from bitext.io.xliff import read_xliff_file

    document = read_xliff_file(inputs.corpus)
    if not document.units:
        raise InputError(f"{inputs.corpus}: no translation units")
    files = {u.file for u in document.units}
    stem = Path(inputs.corpus).stem
    rows = [{"doc": u.file if len(files) > 1 else stem, "src": u.src, "tgt": u.tgt, "line": u.line}
            for u in document.units]
    return _pre_aligned(_group(rows, stem), inputs)


# -- signature ------------------------------------------------------------------------------------

def qa_settings_signature(settings: QASettings) -> dict:
    """Every check's effective severity ("off" when disabled) and the thresholds."""
    checks = {c.id: (settings.severity(c).value if settings.enabled(c) else "off") for c in CHECKS.values()}
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

def run_qa(request: QARequest, progress: ProgressFactory | None = None) -> QAResult:
    """Read, align (or take the given alignment), check, apply the ignore file; nothing is printed.

    Documents are aligned and checked one batch at a time and kept on disk (bitext.qa.spool),
    so memory does not grow with the corpus; the report reads them back as it is written.
    ``progress(description, total)`` is a context manager yielding ``advance(n)`` (e.g.
    bitext.cli.progress.progress_bar), advanced once per document. With ``update_ignore`` the
    ignore file is rewritten (atomically) to dismiss every current finding, which the returned
    report then shows dismissed. Close ``result.report.spool`` (or let the process end) to free
    the temporary file.
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
    loaded = _load(inputs, request.ref)
    glossary: Glossary | None = None
    if request.glossary is not None:
        glossary = read_glossary(request.glossary, lenient=request.lenient)
    ignore_path = Path(request.ignore_file) if request.ignore_file else inputs.default_ignore_file()
    ignores = read_ignore(ignore_path)

    align_settings = settings_for(request.model, max_bead=request.max_bead)
    model = _ModelOnDemand(request.model, request.use_cache, request.cache_dir)
    checker = Checker(glossary, request.settings)
    spool = DocumentSpool()
    try:
        with progress("checking", loaded.count) as advance:
            with_refs = _check_all(loaded.items(), model, align_settings, checker, spool, advance, request.similarity)
        with progress("consistency", None):
            corpus_findings = checker.conclude(lambda: (checked.observations for checked in spool))
        aligner = f"pre-aligned ({loaded.kind})" if loaded.pre_aligned else align_settings.signature()
        signature = _signature(request.settings, loaded.kind, aligner, glossary, request.glossary, model.fingerprint,
                               with_refs, request.ref)
        report = SpooledReport(signature, spool, corpus_findings, source=inputs.corpus or inputs.tgt)
        written = None
        if request.update_ignore:
            written = write_ignore(ignore_path, report.every_finding())  # every current finding, reported or dismissed
            ignores = read_ignore(ignore_path)
        report.apply_ignores(ignores)
    except BaseException:
        spool.close()
        raise
    warnings = list(glossary.warnings) if glossary is not None else []
    return QAResult(report, warnings, ignore_path, ignores, written)


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
    from bitext.qa.spool import CheckedDocument

    settings = settings or QASettings()
    settings.validate(CHECKS)
    items = _memory_items(data)
    align_settings = settings_for(model, max_bead=max_bead)
    on_demand = _ModelOnDemand(model, use_cache, cache_dir)
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


def _memory_items(data) -> list[QAItem]:
    if isinstance(data, (Document, Alignment)):
        data = [data]
    elif isinstance(data, (str, bytes, Mapping)) or not isinstance(data, Iterable):
        raise TypeError(f"expected a Document, an Alignment or a list of them, not {type(data).__name__}")
    items, seen = [], set()
    for value in data:
        if isinstance(value, Alignment):
            _check_beads(value)
            item = QAItem(value.document, value)
        elif isinstance(value, Document):
            item = QAItem(value)
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


class _ModelOnDemand:
    """The block embedder (and the embedding cache), created on first use: alignments that carry
    their similarities, or pre-aligned input checked without similarity, need no model."""

    def __init__(self, model: str | None, use_cache: bool = True, cache_dir: Path | None = None):
        self.model, self.use_cache, self.cache_dir = model, use_cache, cache_dir
        self._embedder = None

    def __call__(self):
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
        "tool": f"bitext {__version__}",
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
    signature["text"] = (f"bitext:{__version__}|model:{model_fingerprint or 'none'}|glossary:{g_hash or 'none'}"
                         f"|qa:{_short_hash(qa_sig)}|align:{aligner}")
    return signature


def _check_all(items: Iterable[QAItem], model: _ModelOnDemand, align_settings, checker, spool, advance,
               similarity: bool) -> bool:
    """Align (unless pre-aligned), score and check every document into ``spool`` (anything with
    ``append``), in input order. Returns whether any document had a reference."""
    from bitext.qa.spool import CheckedDocument

    with_refs = False
    for item, alignment in _aligned(items, model, align_settings):
        with_refs = with_refs or item.refs is not None
        sims = _similarities(item, alignment, model, similarity)
        findings, observations = checker.check(alignment, sims)
        spool.append(CheckedDocument(alignment, _pair_scores(alignment, sims, item), findings, observations))
        advance(1)
    return with_refs


def _aligned(items: Iterable[QAItem], model: _ModelOnDemand, align_settings) -> Iterator[tuple[QAItem, Alignment]]:
    """Each item with its alignment, in input order: pre-aligned items as they are, the documents
    of the others aligned in batches (bitext.align.pipeline.iter_alignments)."""
    from bitext.align.pipeline import iter_alignments

    for pre_aligned, run in itertools.groupby(items, key=lambda item: item.alignment is not None):
        if pre_aligned:
            for item in run:
                yield item, item.alignment
            continue
        queue: deque[QAItem] = deque()  # items whose documents are in the aligner's current batch

        def documents(run=run):
            for item in run:
                queue.append(item)
                yield item.document

        for alignment in iter_alignments(documents(), model(), align_settings):
            yield queue.popleft(), alignment


def _similarities(item: QAItem, alignment: Alignment, model: _ModelOnDemand, similarity: bool) -> list[float | None]:
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


def _pair_scores(alignment: Alignment, sims: list[float | None], item: QAItem) -> list[dict]:
    """Per bead: similarity, confidence, chrF against the reference (when given), input line."""
    from bitext.metrics import sentence_chrf

    doc = alignment.document
    rows = []
    for k, bead in enumerate(alignment.beads):
        row: dict = {"similarity": None if sims[k] is None else round(float(sims[k]), 4),
                     "confidence": round(bead.confidence, 4)}
        if item.refs is not None:
            row["chrf"] = None
            if bead.tgt:
                hyp = join_sentences([doc.tgt[j] for j in bead.tgt], doc.tgt_lang)
                ref = join_sentences([item.refs[j] for j in bead.tgt], doc.tgt_lang)
                row["chrf"] = round(sentence_chrf(hyp, ref), 2)
        if item.unit_lines is not None and k < len(item.unit_lines):
            row["line"] = item.unit_lines[k]
        elif item.line is not None:
            row["line"] = item.line
        rows.append(row)
    return rows


def fails(findings: ReportBase | Iterable[Finding], fail_on: str) -> bool:
    """True when some reported finding's severity reaches ``fail_on`` (error, warning or info)."""
    from bitext.qa.findings import Severity

    threshold = Severity(fail_on).rank
    if isinstance(findings, ReportBase):
        return any(n and Severity(sev).rank >= threshold for sev, n in findings.summary().counts.items())
    return any(Severity(f.severity).rank >= threshold for f in findings)


__all__ = ["QAInput", "QARequest", "QAResult", "check_in_memory", "fails", "input_kind", "qa_settings_signature",
           "run_qa"]
