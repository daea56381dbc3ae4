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
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bitext import __version__
from bitext.align.types import Alignment, Document, join_sentences
from bitext.errors import ConfigError, InputError
from bitext.glossary.model import Glossary, Problem, glossary_hash
from bitext.io.text import read_bytes
from bitext.qa.checks import CHECKS
from bitext.qa.findings import Finding
from bitext.qa.ignore import IGNORE_FILE_NAME, IgnoreList, apply_ignores, read_ignore, write_ignore
from bitext.qa.report import QAReport
from bitext.qa.settings import QASettings

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
    max_bead: int = 5
    similarity: bool = True  # pre-aligned inputs: embed each pair to score its similarity


@dataclass
class QAResult:
    report: QAReport
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
    head = read_bytes(path)[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
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
class _Loaded:
    """Documents before QA. ``alignments`` is set for pre-aligned inputs (TMX/XLIFF)."""

    docs: list[Document]
    alignments: list[Alignment] | None = None
    lines: dict[str, list[int | None]] = field(default_factory=dict)  # doc id -> each pair's unit line (TMX/XLIFF)
    doc_lines: dict[str, int] = field(default_factory=dict)  # doc id -> its line in a JSONL corpus
    refs: dict[str, list[str]] = field(default_factory=dict)  # doc id -> reference sentence per target sentence


def load_inputs(inputs: QAInput, ref: str | None = None) -> _Loaded:
    """Read and validate every input: documents to align, or alignments for TMX/XLIFF."""
    return _load(inputs, ref)


def _load(inputs: QAInput, ref: str | None) -> _Loaded:
    from bitext.io.corpus import read_jsonl_corpus, read_pair

    kind = inputs.kind
    if kind == "pair":
        doc = read_pair(inputs.src, inputs.tgt, inputs.src_lang, inputs.tgt_lang, inputs.presplit)
        loaded = _Loaded([doc])
        if ref:
            loaded.refs[doc.id] = _pair_refs(ref, doc, inputs.presplit)
        return loaded
    if kind == "jsonl":
        if ref:
            raise ConfigError("--ref does not apply to a JSONL corpus",
                              hint='put each document\'s reference in a "ref" field of its line')
        docs = read_jsonl_corpus(inputs.corpus, inputs.src_lang, inputs.tgt_lang, inputs.presplit)
        loaded = _Loaded(docs)
        if inputs.corpus != "-":  # stdin cannot be read twice: no line numbers or "ref" fields from it
            _jsonl_extras(inputs.corpus, loaded, inputs.presplit)
        return loaded
    loaded = _read_tmx(inputs) if kind == "tmx" else _read_xliff(inputs)
    if ref:
        _flat_refs(ref, loaded)
    return loaded


def _pair_refs(ref: str, doc: Document, presplit: bool) -> list[str]:
    from bitext.io.corpus import sentences_of
    from bitext.io.text import read_text

    sentences = sentences_of(read_text(ref), doc.tgt_lang, presplit)
    if len(sentences) != len(doc.tgt):
        raise InputError(f"{ref}: {len(sentences)} reference sentence(s) for {len(doc.tgt)} target sentence(s)",
                         hint="the reference is split like the target; give one sentence per line with --presplit")
    return sentences


def _jsonl_extras(path: str, loaded: _Loaded, presplit: bool) -> None:
    """Each document's line in the corpus (for annotations) and its "ref" field, if any."""
    from bitext.io.alignment_formats import physical_lines
    from bitext.io.corpus import sentences_of
    from bitext.io.text import read_text

    by_id = {d.id: d for d in loaded.docs}
    for number, line in enumerate(physical_lines(read_text(path)), start=1):
        if not line.strip():
            continue
        record = json.loads(line)  # read_jsonl_corpus has validated every line
        doc = by_id[str(record["id"])]
        loaded.doc_lines[doc.id] = number
        if "ref" not in record:
            continue
        value = record["ref"]
        if isinstance(value, list) and all(isinstance(s, str) for s in value):
            sentences = list(value)
        elif isinstance(value, str):
            sentences = sentences_of(value, doc.tgt_lang, presplit)
        else:
            raise InputError(f"{path}:{number}: field 'ref' must be a string or a list of strings")
        if len(sentences) != len(doc.tgt):
            raise InputError(f"{path}:{number}: 'ref' has {len(sentences)} sentence(s), the target {len(doc.tgt)}",
                             hint="the reference is split like the target; give a list of sentences to control it")
        loaded.refs[doc.id] = sentences


def _flat_refs(ref: str, loaded: _Loaded) -> None:
    from bitext.io.alignment_formats import physical_lines
    from bitext.io.text import read_text

    lines = physical_lines(read_text(ref))
    total = sum(len(a.document.tgt) for a in loaded.alignments or [])
    if len(lines) != total:
        raise InputError(f"{ref}: {len(lines)} reference line(s) for {total} non-empty target(s)",
                         hint="give one reference line per translated unit, in file order")
    start = 0
    for al in loaded.alignments or []:
        n = len(al.document.tgt)
        loaded.refs[al.document.id] = lines[start : start + n]
        start += n


def _group(rows: list[dict], default_id: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row.get("doc") or default_id, []).append(row)
    return groups


def _pre_aligned(groups: dict[str, list[dict]], inputs: QAInput) -> _Loaded:
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
    return _Loaded([a.document for a in alignments], alignments, lines)


def _read_tmx(inputs: QAInput) -> _Loaded:
    from bitext.io.alignment_formats import read_tmx
    from bitext.segment import normalize_lang

    src_lang, tgt_lang = normalize_lang(inputs.src_lang), normalize_lang(inputs.tgt_lang)
    units = read_tmx(read_bytes(inputs.corpus), inputs.corpus, src_lang, tgt_lang)
    if not units:
        raise InputError(f"{inputs.corpus}: no <tu> translation units")
    return _pre_aligned(_group(units, Path(inputs.corpus).stem), inputs)


def _read_xliff(inputs: QAInput) -> _Loaded:
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
        "length_ratio_band": list(settings.length_ratio_band),
        "untranslated_min_words": settings.untranslated_min_words,
        "zh_word_check": settings.zh_word_check,
    }


def _short_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]


# -- the run --------------------------------------------------------------------------------------

def run_qa(request: QARequest, progress: ProgressFactory | None = None) -> QAResult:
    """Read, align (or take the given alignment), check, apply the ignore file; nothing is printed.

    ``progress(description, total)`` is a context manager yielding ``advance(n)`` (e.g.
    bitext.cli.progress.progress_bar). With ``update_ignore`` the ignore file is rewritten
    (atomically) to dismiss every current finding, which the returned report then shows dismissed.
    """
    from bitext.align.pipeline import block_embedder, open_cache, settings_for
    from bitext.glossary import read_glossary
    from bitext.qa.runner import run_checks

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
    cache = open_cache(request.cache_dir, enabled=request.use_cache)
    pre_aligned = loaded.alignments is not None
    total = sum(len(d.src) + len(d.tgt) for d in loaded.docs)
    model_fingerprint = None
    with progress("embedding", total) as advance:
        if not pre_aligned:
            from bitext.align.pipeline import align_documents

            embedder = block_embedder(request.model, cache, advance)
            model_fingerprint = embedder.fingerprint
            alignments = align_documents(loaded.docs, embedder, align_settings)
            similarities = [[b.score if b.src and b.tgt else None for b in al.beads] for al in alignments]
        else:
            alignments = loaded.alignments
            if request.similarity:
                embedder = block_embedder(request.model, cache, advance)
                model_fingerprint = embedder.fingerprint
                similarities = [_pair_cosines(al, embedder) for al in alignments]
            else:
                similarities = [[None] * len(al.beads) for al in alignments]

    with progress("checking", None):
        findings = run_checks(alignments, glossary, request.settings, similarities)

    pair_scores = _pair_scores(alignments, similarities, loaded)
    kept, dismissed, stale = apply_ignores(findings, ignores)
    written = None
    if request.update_ignore:
        write_ignore(ignore_path, findings)  # every current finding, reported or already dismissed
        written = len({f.fingerprint for f in findings})
        ignores = read_ignore(ignore_path)
        kept, dismissed, stale = apply_ignores(findings, ignores)

    qa_sig = qa_settings_signature(request.settings)
    aligner = f"pre-aligned ({inputs.kind})" if pre_aligned else align_settings.signature()
    g_hash = glossary_hash(glossary) if glossary is not None else None
    signature = {
        "tool": f"bitext {__version__}",
        "model": model_fingerprint,
        "glossary": g_hash,
        "glossary_file": str(request.glossary) if request.glossary is not None else None,
        "qa": qa_sig,
        "aligner": aligner,
        "input": inputs.kind,
    }
    if any(loaded.refs.values()):
        from bitext.metrics import chrf_signature

        signature["reference"] = {"file": request.ref, "chrf": chrf_signature()}
    signature["text"] = (f"bitext:{__version__}|model:{model_fingerprint or 'none'}|glossary:{g_hash or 'none'}"
                         f"|qa:{_short_hash(qa_sig)}|align:{aligner}")
    sources = {al.document.id: (inputs.corpus or inputs.tgt) for al in alignments}
    report = QAReport(signature=signature, alignments=alignments, findings=kept, pair_scores=pair_scores,
                      dismissed=dismissed, stale_ignores=stale, sources=sources)
    warnings = list(glossary.warnings) if glossary is not None else []
    return QAResult(report, warnings, ignore_path, ignores, written)


def _pair_cosines(alignment: Alignment, embedder) -> list[float | None]:
    """Cosine of each one-unit pair's source and target vectors (None where a side is empty)."""
    doc = alignment.document

    def vectors(sentences: list[str], lang: str) -> np.ndarray:
        if not sentences:
            return np.zeros((0, 1), np.float32)
        rows = np.asarray(embedder.block_vectors(sentences, lang, 1)[1], dtype=np.float32)
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)

    src, tgt = vectors(doc.src, doc.src_lang), vectors(doc.tgt, doc.tgt_lang)
    return [float(src[b.src[0]] @ tgt[b.tgt[0]]) if b.src and b.tgt else None for b in alignment.beads]


def _pair_scores(alignments: list[Alignment], similarities, loaded: _Loaded) -> dict[str, list[dict]]:
    from bitext.metrics import sentence_chrf

    out: dict[str, list[dict]] = {}
    for al, sims in zip(alignments, similarities):
        doc = al.document
        refs = loaded.refs.get(doc.id)
        lines = loaded.lines.get(doc.id)
        doc_line = loaded.doc_lines.get(doc.id)
        rows = []
        for k, bead in enumerate(al.beads):
            row: dict = {"similarity": None if sims[k] is None else round(float(sims[k]), 4),
                         "confidence": round(bead.confidence, 4)}
            if refs is not None:
                row["chrf"] = None
                if bead.tgt:
                    hyp = join_sentences([doc.tgt[j] for j in bead.tgt], doc.tgt_lang)
                    ref = join_sentences([refs[j] for j in bead.tgt], doc.tgt_lang)
                    row["chrf"] = round(sentence_chrf(hyp, ref), 2)
            if lines is not None and k < len(lines):
                row["line"] = lines[k]
            elif doc_line is not None:
                row["line"] = doc_line
            rows.append(row)
        out[doc.id] = rows
    return out


def fails(findings: list[Finding], fail_on: str) -> bool:
    """True when some finding's severity reaches ``fail_on`` (error, warning or info)."""
    from bitext.qa.findings import Severity

    threshold = Severity(fail_on).rank
    return any(Severity(f.severity).rank >= threshold for f in findings)


__all__ = ["QAInput", "QARequest", "QAResult", "fails", "input_kind", "qa_settings_signature", "run_qa"]
