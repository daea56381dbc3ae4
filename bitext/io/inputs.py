"""Reading the inputs of ``bitext qa`` and ``bitext glossary build``: two text files, a JSONL
corpus, or an already-aligned TMX or XLIFF 1.2/2.x file (every unit one pair).

Everything that can fail on bad input is read and validated by :func:`load_inputs` before a
model loads and before anything is written; a JSONL corpus is then read again, document by
document, when its items are used.

References (``ref``), for sentence-level chrF per pair:

- two files: a reference file segmented exactly like the target (same sentence count;
  with ``presplit`` one sentence per line);
- JSONL corpus: a ``"ref"`` field on a line (string or list of sentences), segmented
  like that line's target; lines without it get no chrF; ``ref`` must not be given
  (a corpus read from stdin, ``-``, is read once: its "ref" fields are not used);
- TMX/XLIFF: a text file with one line per non-empty target, in file order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bitext.core import Alignment, Document
from bitext.errors import ConfigError, InputError
from bitext.io.language import distinct_languages
from bitext.io.text import read_bytes

if TYPE_CHECKING:
    from bitext.io.corpus import CorpusRecord, JsonlCorpus
    from bitext.io.xliff import XliffUnit

_JSONL = (".jsonl", ".ndjson", ".json")
_TMX = (".tmx",)
_XLIFF = (".xlf", ".xliff", ".xlf2", ".xliff2")

@dataclass(frozen=True)
class InputFiles:
    """What the user gave: either ``corpus`` (JSONL, TMX or XLIFF) or both ``src`` and ``tgt``."""

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
            raise ConfigError("nothing to check",
                              hint="give CORPUS.jsonl, a TMX or XLIFF file, or both --src and --tgt")

    def file_pair(self) -> tuple[str, str]:
        """``src`` and ``tgt`` of valid file-pair inputs."""
        self.validate()
        if self.src is None or self.tgt is None:
            raise ConfigError("a CORPUS is not a --src/--tgt file pair")
        return self.src, self.tgt

    def corpus_file(self) -> str:
        """``corpus`` of valid corpus inputs."""
        self.validate()
        if self.corpus is None:
            raise ConfigError("--src and --tgt are a file pair, not a CORPUS")
        return self.corpus

    @property
    def primary(self) -> str:
        return str(self.corpus or self.src)

    @property
    def kind(self) -> str:
        """"pair", "jsonl", "parquet", "tmx" or "xliff"."""
        if not self.corpus:
            return "pair"
        return input_kind(self.corpus)


def input_kind(path: str) -> str:
    """"jsonl", "parquet", "tmx" or "xliff": by the file's suffix, else by its first bytes. A URI
    (s3://...) is read through pyarrow.fs (bitext.io.sources)."""
    from bitext.io.sources import head as first_bytes
    from bitext.io.sources import is_parquet, is_uri

    suffix = Path(path).suffix.lower()
    if suffix in _JSONL:
        return "jsonl"
    if suffix in _TMX:
        return "tmx"
    if suffix in _XLIFF:
        return "xliff"
    if path == "-":
        return "jsonl"
    if is_parquet(path):
        return "parquet"
    if is_uri(path):
        head = first_bytes(path)
    else:
        read_bytes(path, probe=True)  # a missing file or a directory is an InputError
        with open(path, "rb") as handle:
            head = handle.read(4096)
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if b"<tmx" in head:
            return "tmx"
        if b"<xliff" in head or b":xliff" in head:
            return "xliff"
        raise InputError(f"{path}: XML, but neither TMX nor XLIFF", hint="give a .tmx, .xlf or .jsonl file")
    return "jsonl"


@dataclass
class InputItem:
    """One document read, with what a report needs to know about its input."""

    document: Document
    alignment: Alignment | None = None  # pre-aligned inputs (TMX/XLIFF)
    unit_lines: list[int | None] | None = None  # each pair's unit line in a TMX/XLIFF file
    line: int | None = None  # the document's line in a JSONL corpus
    tgt_lines: list[int] | None = None  # each target sentence's line in a target text file
    refs: list[str] | None = None  # reference sentence per target sentence


@dataclass
class LoadedInputs:
    """Validated inputs, read lazily: ``items()`` yields one InputItem per document, in input order,
    and may be called again (a JSONL corpus is re-read from disk, never held in memory)."""

    kind: str
    count: int  # documents
    _items: Callable[[], Iterator[InputItem]]
    alignments: list[Alignment] | None = None  # pre-aligned inputs (TMX/XLIFF), held in memory
    notes: list[str] = field(default_factory=list)  # what a report should say about how the input was read
    corpus: JsonlCorpus | None = None  # a validated JSONL corpus: where its documents start

    def items(self) -> Iterator[InputItem]:
        return self._items()

    def documents(self) -> Iterator[Document]:
        return (item.document for item in self.items())

    @property
    def pre_aligned(self) -> bool:
        return self.alignments is not None


def load_inputs(inputs: InputFiles, ref: str | None = None) -> LoadedInputs:
    """Read and validate every input: documents to align, or alignments for TMX/XLIFF."""
    from bitext.io.corpus import open_corpus, read_pair_lines

    kind = inputs.kind
    if kind == "pair":
        src, tgt = inputs.file_pair()
        doc, tgt_lines = read_pair_lines(src, tgt, inputs.src_lang, inputs.tgt_lang, inputs.presplit)
        item = InputItem(doc, refs=_pair_refs(ref, doc, inputs.presplit) if ref else None, tgt_lines=tgt_lines)
        return LoadedInputs(kind, 1, lambda: iter([item]))
    if kind in ("jsonl", "parquet"):
        if ref:
            raise ConfigError(f"--ref does not apply to a {'JSONL' if kind == 'jsonl' else 'Parquet'} corpus",
                              hint='put each document\'s reference in a "ref" field of its line (column)')
        corpus = open_corpus(inputs.corpus_file(), inputs.src_lang, inputs.tgt_lang, inputs.presplit)
        count = corpus.validate()

        def items() -> Iterator[InputItem]:
            return _jsonl_items(corpus, inputs.presplit)

        if corpus.has_ref:
            for _ in items():
                pass  # every "ref" field is checked against its target before anything runs
        return LoadedInputs(kind, count, items, corpus=corpus)
    notes: list[str] = []
    alignments, unit_lines = _read_tmx(inputs, notes) if kind == "tmx" else _read_xliff(inputs)
    refs = _flat_refs(ref, alignments) if ref else {}

    def pre_aligned() -> Iterator[InputItem]:
        for al in alignments:
            yield InputItem(al.document, al, unit_lines.get(al.document.id), refs=refs.get(al.document.id))

    return LoadedInputs(kind, len(alignments), pre_aligned, alignments, notes)


def _pair_refs(ref: str, doc: Document, presplit: bool) -> list[str]:
    from bitext.io.corpus import sentences_of
    from bitext.io.text import read_text

    sentences = sentences_of(read_text(ref), doc.tgt_lang, presplit)
    if len(sentences) != len(doc.tgt):
        raise InputError(f"{ref}: {len(sentences)} reference sentence(s) for {len(doc.tgt)} target sentence(s)",
                         hint="the reference is split like the target; give one sentence per line with --presplit")
    return sentences


def jsonl_range_items(inputs: InputFiles, offset: int, first_line: int, count: int,
                      size: int | None = None) -> Iterator[InputItem]:
    """The items of ``count`` documents of a JSONL (or Parquet) corpus validated elsewhere, from byte
    ``offset`` (row index) numbered ``first_line``: one shard of a distributed run (JsonlCorpus.records_from)."""
    from bitext.io.corpus import open_corpus

    corpus = open_corpus(inputs.corpus_file(), inputs.src_lang, inputs.tgt_lang, inputs.presplit)
    return _jsonl_items(corpus, inputs.presplit, corpus.records_from(offset, first_line, count, size))


def _jsonl_items(corpus, presplit: bool, records: Iterable[CorpusRecord] | None = None) -> Iterator[InputItem]:
    """Each document of a JSONL corpus (or of ``records`` read from it) with its line (for
    annotations) and its "ref" field, if any."""
    from bitext.io.corpus import sentences_of

    for record in corpus if records is None else records:
        doc, number = record.document, record.line
        refs = None
        if record.has_ref:
            value = record.ref
            if isinstance(value, list) and all(isinstance(s, str) for s in value):
                refs = list(value)
            elif isinstance(value, str):
                refs = sentences_of(value, doc.tgt_lang, presplit)
            else:
                raise InputError(f"{corpus.name}:{number}: field 'ref' must be a string or a list of strings")
            if len(refs) != len(doc.tgt):
                raise InputError(f"{corpus.name}:{number}: 'ref' has {len(refs)} sentence(s), "
                                 f"the target {len(doc.tgt)}",
                                 hint="the reference is split like the target; give a list of sentences to control it")
        yield InputItem(doc, line=number, refs=refs)


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


def _pre_aligned(groups: dict[str, list[dict]],
                 inputs: InputFiles) -> tuple[list[Alignment], dict[str, list[int | None]]]:
    from bitext.io.alignment_formats import alignment_from_pairs
    from bitext.io.language import Side, check_sides

    alignments, lines = [], {}
    for doc_id, rows in groups.items():
        al = alignment_from_pairs(doc_id, rows, inputs.src_lang, inputs.tgt_lang)
        if not al.beads:
            continue
        where = f"{inputs.corpus}:{rows[0].get('line') or 0}"
        doc = al.document
        check_sides(Side(doc.src, doc.src_lang, where, f"the source of document {doc_id!r}", "--src-lang"),
                    Side(doc.tgt, doc.tgt_lang, where, f"the target of document {doc_id!r}", "--tgt-lang"),
                    swapped_hint=f"source and target look swapped: check the file's language tags, or give "
                                 f"--src-lang {doc.tgt_lang} --tgt-lang {doc.src_lang}",
                    hint="check the file's language tags, or --src-lang/--tgt-lang")
        alignments.append(al)
        lines[doc_id] = [row.get("line") for row in rows if row["src"] or row["tgt"]]
    if not alignments:
        raise InputError(f"{inputs.corpus}: no translation units with text")
    return alignments, lines


def _read_tmx(inputs: InputFiles, notes: list[str]) -> tuple[list[Alignment], dict[str, list[int | None]]]:
    """Units grouped into documents by their document property (``<prop type="x-doc">``, as bitext
    align writes and TICO-19 has); units without one form a document named after the file, which
    ``notes`` says (the document-level checks then see the whole file as one document)."""
    from bitext.io.alignment_formats import read_tmx
    from bitext.segment import normalize_lang

    src_lang, tgt_lang = normalize_lang(inputs.src_lang), normalize_lang(inputs.tgt_lang)
    distinct_languages(src_lang, tgt_lang)
    path = inputs.corpus_file()
    units = read_tmx(read_bytes(path), path, src_lang, tgt_lang)
    if not units:
        raise InputError(f"{path}: no <tu> translation units")
    stem = Path(path).stem
    without = sum(1 for unit in units if not unit.get("doc"))
    if without == len(units):
        notes.append(f"{path}: no translation unit carries a document property (<prop type=\"x-doc\">), so the "
                     f"whole file is checked as one document, {stem!r}")
    elif without:
        notes.append(f"{path}: {without} translation unit(s) without a document property (<prop type=\"x-doc\">) "
                     f"are checked together as document {stem!r}")
    return _pre_aligned(_group(units, stem), inputs)


def _read_xliff(inputs: InputFiles) -> tuple[list[Alignment], dict[str, list[int | None]]]:
    from bitext.io.xliff import read_xliff_file
    from bitext.segment import normalize_lang

    path = inputs.corpus_file()
    src_lang, tgt_lang = normalize_lang(inputs.src_lang), normalize_lang(inputs.tgt_lang)
    distinct_languages(src_lang, tgt_lang)
    document = read_xliff_file(path, src_lang, tgt_lang)
    if not document.units:
        raise InputError(f"{path}: no translation units")
    stem = Path(path).stem
    groups = {doc_id: [{"doc": doc_id, "src": u.src, "tgt": u.tgt, "line": u.line} for u in units]
              for doc_id, units in xliff_documents(document.units, stem).items()}
    return _pre_aligned(groups, inputs)


def xliff_documents(units: list[XliffUnit], stem: str) -> dict[str, list[XliffUnit]]:
    """An XLIFF file's units by document, in order: one document per ``<file>`` when there are several,
    else one for the whole file, named ``stem``. A document's k-th unit with text (on either side)
    is its pair k (bitext.io.alignment_formats.alignment_from_pairs skips empty units)."""
    several = len({u.file for u in units}) > 1
    groups: dict[str, list[XliffUnit]] = {}
    for unit in units:
        groups.setdefault(unit.file if several else stem, []).append(unit)
    return groups
