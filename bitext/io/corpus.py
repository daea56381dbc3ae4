"""Reading documents to align: two text files, or a JSONL corpus with one document per line.

Everything is validated before anything is written, so a bad line never leaves
a half-written output behind. Errors name the file (and line) and exit 2.
"""

from __future__ import annotations

import itertools
import os
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bitext.core import Document
from bitext.errors import ConfigError, InputError
from bitext.io.language import NAMES, Side, check_sides, distinct_languages
from bitext.io.sources import is_parquet, is_uri, stamp
from bitext.io.text import document_file, iter_lines, iter_lines_at, read_text
from bitext.io.validate import file_name_problem, json_type, parse_json, require_text
from bitext.segment import SUPPORTED, normalize_lang, split_lines, split_sentences

_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}$")


NOT_A_CORPUS = ('a JSONL corpus has one {"id": ..., "en": ..., "zh": ...} object per line; '
                'give two text files as --src FILE --tgt FILE')


def _lang(code: str, presplit: bool) -> str:
    """en/zh for text we segment; with pre-split input any ISO 639 code will do (e.g. de, fr)."""
    if presplit:
        short = re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()
        if _LANG_CODE.match(short):
            return short
    return normalize_lang(code)


def sentences_of(text: str, lang: str, presplit: bool) -> list[str]:
    return split_lines(text) if presplit else split_sentences(text, lang)


def _pair_lang(code: str, presplit: bool, flag: str) -> str:
    try:
        return _lang(code, presplit)
    except ConfigError as error:  # text is split into sentences for en and zh only
        raise ConfigError(f"{flag}: {error.message}",
                          hint="use en or zh; other language codes with --presplit, one sentence per line") from None


def read_pair(src_path: str | os.PathLike, tgt_path: str | os.PathLike, src_lang: str, tgt_lang: str,
              presplit: bool = False, doc_id: str | None = None) -> Document:
    """A document from a source and a target file (paragraph text, or one sentence per line)."""
    return read_pair_lines(src_path, tgt_path, src_lang, tgt_lang, presplit, doc_id)[0]


def read_pair_lines(src_path: str | os.PathLike, tgt_path: str | os.PathLike, src_lang: str, tgt_lang: str,
                    presplit: bool = False, doc_id: str | None = None) -> tuple[Document, list[int]]:
    """``read_pair``'s document, and the 1-based line of the target file each target sentence
    starts on (several sentences share a paragraph's line; blank lines are counted)."""
    src_lang, tgt_lang = _pair_lang(src_lang, presplit, "--src-lang"), _pair_lang(tgt_lang, presplit, "--tgt-lang")
    distinct_languages(src_lang, tgt_lang)
    src_text, tgt_text = read_text(src_path), read_text(tgt_path)
    check_sides(Side(src_text, src_lang, os.fspath(src_path), "--src", "--src-lang"),
                Side(tgt_text, tgt_lang, os.fspath(tgt_path), "--tgt", "--tgt-lang"),
                swapped_hint=f"the files look swapped: give the {NAMES.get(src_lang, src_lang)} file as --src and the "
                             f"{NAMES.get(tgt_lang, tgt_lang)} one as --tgt",
                hint="check the file, or --src-lang/--tgt-lang")
    src = sentences_of(src_text, src_lang, presplit)
    tgt = sentences_of(tgt_text, tgt_lang, presplit)
    for path, sents in ((src_path, src), (tgt_path, tgt)):
        if not sents:
            raise InputError(f"{path}: no sentences", hint="the file holds only blank lines or whitespace")
    return Document(doc_id or _doc_id(src_path, src_lang), src, tgt, src_lang, tgt_lang), sentence_lines(tgt_text, tgt)


def sentence_lines(text: str, sentences: list[str]) -> list[int]:
    """The 1-based line of ``text`` on which each of ``sentences`` (split from it, in order) starts.
    A sentence is found by its first words, whatever whitespace the splitting normalised; one that
    cannot be found takes the line where the previous one was."""
    lines, position, line = [], 0, 1
    for sentence in sentences:
        words = sentence.split()[:4]
        found = None
        if words:
            pattern = r"\s+".join(re.escape(word[:40]) for word in words)
            # near where the previous sentence was: a sentence the splitting changed is not looked
            # for through the rest of a long file
            found = re.compile(pattern).search(text, position, position + 4 * len(sentence) + 4096)
        if found is not None:
            line += text.count("\n", position, found.start())
            position = found.start()
        lines.append(line)
    return lines


def _doc_id(path: str | os.PathLike, lang: str) -> str:
    """``abstract.en.txt`` -> ``abstract``: the id both sides of a pair share."""
    stem = Path(str(path)).name
    for suffix in (".txt", f".{lang}"):
        stem = stem.removesuffix(suffix)
    return stem or "stdin"


def _field(record: dict, lang: str, where: str) -> list[str] | str:
    for key in (lang, *(k for k in record if isinstance(k, str) and k.lower().startswith(lang + "-"))):
        if key in record:
            return record[key]
    raise InputError(f"{where}: no {lang!r} field", hint='each line needs {"id": ..., "en": ..., "zh": ...}')


@dataclass(frozen=True)
class CorpusRecord:
    """One JSONL line as a document, with its line number and raw "ref" field (``has_ref``
    tells an absent field from a null one)."""

    document: Document
    line: int
    ref: object = None
    has_ref: bool = False


class JsonlCorpus:
    """A JSONL corpus, ``{"id": ..., "en": ..., "zh": ...}`` per line, read as a stream.

    ``validate()`` reads every line once and raises InputError (file:line) for the first
    bad one, so nothing is written before a bad line is found; iterating then yields the
    documents one by one, without ever holding the corpus in memory. A field holding a list
    of strings is taken as already split into sentences. Standard input (``-``) can only be
    read once, so it is kept in memory.
    """

    def __init__(self, path: str | os.PathLike, src_lang: str, tgt_lang: str, presplit: bool = False):
        self.path = os.fspath(path)
        self.name = "<stdin>" if self.path == "-" else self.path  # in messages, as bitext.io.text names it
        self.src_lang, self.tgt_lang = _lang(src_lang, True), _lang(tgt_lang, True)
        distinct_languages(self.src_lang, self.tgt_lang)
        self.presplit = presplit
        self._stdin: list[tuple[int, str]] | None = None
        self.count: int | None = None  # documents, once validated
        self.has_ref = False  # some line has a "ref" field (known once validated)
        self._validated: tuple | None = None
        # Where each document starts (byte offset, line number), known once validated: the
        # shards of a distributed run (bitext.distributed) are ranges of them.
        self.offsets: array = array("q")
        self.line_numbers: array = array("q")

    def _lines(self) -> Iterator[tuple[int, int, str]]:
        """(number, byte offset, line); standard input has no offsets (-1)."""
        if self.path != "-":
            return iter_lines_at(self.path)
        if self._stdin is None:
            self._stdin = list(iter_lines("-"))
        return ((number, -1, line) for number, line in self._stdin)

    def _stamp(self) -> tuple | None:
        """What tells that the file changed between two readings."""
        if self.path == "-":
            return None
        if is_uri(self.path):
            try:
                return (None, *stamp(self.path))
            except InputError:
                return ("gone",)
        try:
            info = os.stat(self.path)
        except OSError:
            return ("gone",)
        return info.st_ino, info.st_size, info.st_mtime_ns

    def size(self) -> int:
        """The file's size in bytes (a worker refuses a corpus whose size changed since the driver read it)."""
        found = self._stamp()
        if found is None or len(found) < 3:
            raise InputError(f"{self.name}: cannot be read again", hint="give a file, not standard input")
        return int(found[1])

    def _unchanged(self) -> None:
        if self._stamp() != self._validated:
            raise InputError(f"{self.name}: changed while it was being read", hint="run again once it is written")

    def _records(self, lines: Iterator[tuple[int, int, str]] | None = None) -> Iterator[tuple[int, int, dict]]:
        first = True
        for number, offset, line in self._lines() if lines is None else lines:
            if not line.strip():
                continue
            try:
                record = parse_json(line, f"{self.name}:{number}")
            except InputError as error:
                if first and not line.lstrip().startswith(("{", "[", '"')):
                    # plain text where a corpus was expected: bitext qa EN.txt (--src and --tgt forgotten)
                    raise document_file(self.name, line.encode("utf-8")) or \
                        InputError(error.message, hint=NOT_A_CORPUS) from None
                raise
            first = False
            if not isinstance(record, dict):
                raise InputError(f"{self.name}:{number}: expected a JSON object, got {json_type(record)}")
            yield number, offset, record

    def validate(self) -> int:
        """Check every line; returns the number of documents."""
        self._validated = self._stamp()
        seen: dict[str, int] = {}
        self.offsets, self.line_numbers = array("q"), array("q")
        for number, offset, record in self._records():
            self.offsets.append(offset)
            self.line_numbers.append(number)
            where = f"{self.name}:{number}"
            doc_id = self._checked_id(record, where)
            if doc_id in seen:
                raise InputError(f"{where}: duplicate id {doc_id!r} (first on line {seen[doc_id]})")
            seen[doc_id] = number
            # a lone surrogate would only fail when written out, halfway through the output
            require_text(record.get("ref"), where, "field 'ref'")
            self.has_ref = self.has_ref or "ref" in record
            source, target = (Side(self._checked_field(record, lang, where), lang, where, f"field {lang!r}")
                              for lang in (self.src_lang, self.tgt_lang))
            check_sides(source, target,
                        swapped_hint=f"the line's {self.src_lang} and {self.tgt_lang} fields look swapped",
                        hint="check the line, or --src-lang/--tgt-lang")
        if not seen:
            raise InputError(f"{self.name}: no documents")
        self._unchanged()
        self.count = len(seen)
        return self.count

    @staticmethod
    def _checked_id(record: dict, where: str) -> str:
        if "id" not in record:
            raise InputError(f"{where}: no 'id' field", hint='each line needs {"id": ..., "en": ..., "zh": ...}')
        doc_id = record["id"]
        if not isinstance(doc_id, str):  # null would have become the document "None"
            raise InputError(f"{where}: field 'id' must be a string, not {json_type(doc_id)}",
                             hint='write it in quotes, e.g. "id": "12"')
        require_text(doc_id, where, "field 'id'")
        problem = file_name_problem(doc_id)
        if problem:  # bead output writes ID.align: found here, before anything is written
            shown = doc_id if len(doc_id) <= 40 else doc_id[:40] + "…"
            raise InputError(f"{where}: id {shown!r} {problem}, so it cannot name an output file")
        return doc_id

    def _checked_field(self, record: dict, lang: str, where: str) -> str | list[str]:
        value = _field(record, lang, where)
        require_text(value, where, f"field {lang!r}")
        if isinstance(value, list) and all(isinstance(s, str) for s in value):
            empty = not any(s.strip() for s in value)
        elif isinstance(value, str):
            empty = not value.strip()
            if not self.presplit and lang not in SUPPORTED:
                raise InputError(f"{where}: field {lang!r} is running text, but only en and zh text can be split "
                                 "into sentences", hint="give --presplit (one sentence per line) or the field as a "
                                 "list of sentences")
        else:
            raise InputError(f"{where}: field {lang!r} must be a string or a list of strings")
        if empty:
            raise InputError(f"{where}: field {lang!r} is empty")
        return value

    def __iter__(self) -> Iterator[CorpusRecord]:
        if self.count is None:
            self.validate()
        self._unchanged()
        for number, _offset, record in self._records():
            if "id" not in record:  # only if the file changed after validate()
                self._unchanged()
            yield self._corpus_record(number, record)
        self._unchanged()

    def _corpus_record(self, number: int, record: dict) -> CorpusRecord:
        sides = []
        for lang in (self.src_lang, self.tgt_lang):
            value = _field(record, lang, f"{self.name}:{number}")
            if isinstance(value, list):
                # kept as given, blank items included: bead indices are list positions
                sents = list(value)
            else:
                sents = sentences_of(value, lang if self.presplit else normalize_lang(lang), self.presplit)
            if not sents:
                raise InputError(f"{self.name}:{number}: field {lang!r} is empty")
            sides.append(sents)
        doc = Document(record["id"], sides[0], sides[1], self.src_lang, self.tgt_lang)
        return CorpusRecord(doc, number, record.get("ref"), "ref" in record)

    def records_from(self, offset: int, first_line: int, count: int, size: int | None = None) -> Iterator[CorpusRecord]:
        """``count`` documents from byte ``offset`` (line ``first_line``), as a worker of a distributed
        run reads its shard of a corpus the driver validated; ``size``: the file's size then, so that a
        file changed since is an error, as in one process."""
        def unchanged() -> None:
            found = self._stamp()
            if size is not None and (found is None or found[1:2] != (size,)):
                raise InputError(f"{self.name}: changed while it was being read", hint="run again once it is written")

        unchanged()
        for number, _offset, record in itertools.islice(self._records_at(offset, first_line), count):
            yield self._corpus_record(number, record)
        unchanged()

    def _records_at(self, offset: int, first_line: int) -> Iterator[tuple[int, int, dict]]:
        """The records from the one at ``offset`` (a byte offset here, numbered ``first_line``)."""
        return self._records(iter_lines_at(self.path, offset, first_line))

    def documents(self) -> Iterator[Document]:
        return (record.document for record in self)


def open_corpus(path: str | os.PathLike, src_lang: str, tgt_lang: str, presplit: bool = False) -> JsonlCorpus:
    """The corpus at ``path``: JSONL (also .gz), or Parquet (bitext.io.parquet_corpus), on a local
    path or any filesystem pyarrow.fs reads (s3://, gs://, file://)."""
    if is_parquet(os.fspath(path)):
        from bitext.io.parquet_corpus import ParquetCorpus

        return ParquetCorpus(path, src_lang, tgt_lang, presplit)
    return JsonlCorpus(path, src_lang, tgt_lang, presplit)


def read_jsonl_corpus(path: str | os.PathLike, src_lang: str, tgt_lang: str, presplit: bool = False) -> list[Document]:
    """Every document of a JSONL corpus, validated first (see JsonlCorpus)."""
    corpus = open_corpus(path, src_lang, tgt_lang, presplit)
    corpus.validate()
    return list(corpus.documents())
