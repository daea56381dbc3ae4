"""Reading documents to align: two text files, or a JSONL corpus with one document per line.

Everything is validated before anything is written, so a bad line never leaves
a half-written output behind. Errors name the file (and line) and exit 2.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bitext.core import Document
from bitext.errors import InputError
from bitext.io.text import iter_lines, read_text
from bitext.segment import normalize_lang, split_lines, split_sentences

_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}$")


def _lang(code: str, presplit: bool) -> str:
    """en/zh for text we segment; with pre-split input any ISO 639 code will do (e.g. de, fr)."""
    if presplit:
        short = re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()
        if _LANG_CODE.match(short):
            return short
    return normalize_lang(code)

_SAFE_ID = re.compile(r"^[^/\\\x00]+$")


def sentences_of(text: str, lang: str, presplit: bool) -> list[str]:
    return split_lines(text) if presplit else split_sentences(text, lang)


def read_pair(src_path: str | os.PathLike, tgt_path: str | os.PathLike, src_lang: str, tgt_lang: str,
              presplit: bool = False, doc_id: str | None = None) -> Document:
    """A document from a source and a target file (paragraph text, or one sentence per line)."""
    src_lang, tgt_lang = _lang(src_lang, presplit), _lang(tgt_lang, presplit)
    src = sentences_of(read_text(src_path), src_lang, presplit)
    tgt = sentences_of(read_text(tgt_path), tgt_lang, presplit)
    for path, sents in ((src_path, src), (tgt_path, tgt)):
        if not sents:
            raise InputError(f"{path}: no sentences", hint="the file holds only blank lines or whitespace")
    return Document(doc_id or _doc_id(src_path, src_lang), src, tgt, src_lang, tgt_lang)


def _doc_id(path: str | os.PathLike, lang: str) -> str:
    """``abstract.en.txt`` -> ``abstract``: the id both sides of a pair share."""
    stem = Path(str(path)).name
    for suffix in (".txt", f".{lang}"):
        stem = stem.removesuffix(suffix)
    return stem or "stdin"


def _field(record: dict, lang: str, path: str, line: int) -> list[str] | str:
    for key in (lang, *(k for k in record if isinstance(k, str) and k.lower().startswith(lang + "-"))):
        if key in record:
            return record[key]
    raise InputError(f"{path}:{line}: no {lang!r} field", hint='each line needs {"id": ..., "en": ..., "zh": ...}')


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
        self.src_lang, self.tgt_lang = _lang(src_lang, True), _lang(tgt_lang, True)
        self.presplit = presplit
        self._stdin: list[tuple[int, str]] | None = None
        self.count: int | None = None  # documents, once validated
        self.has_ref = False  # some line has a "ref" field (known once validated)
        self._validated: tuple | None = None

    def _lines(self) -> Iterator[tuple[int, str]]:
        if self.path != "-":
            return iter_lines(self.path)
        if self._stdin is None:
            self._stdin = list(iter_lines("-"))
        return iter(self._stdin)

    def _stamp(self) -> tuple | None:
        """What tells that the file changed between two readings."""
        if self.path == "-":
            return None
        try:
            info = os.stat(self.path)
        except OSError:
            return ("gone",)
        return info.st_ino, info.st_size, info.st_mtime_ns

    def _unchanged(self) -> None:
        if self._stamp() != self._validated:
            raise InputError(f"{self.path}: changed while it was being read", hint="run again once it is written")

    def _records(self) -> Iterator[tuple[int, dict]]:
        for number, line in self._lines():
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"{self.path}:{number}: not valid JSON "
                                 f"({error.msg} at column {error.colno})") from None
            if not isinstance(record, dict):
                raise InputError(f"{self.path}:{number}: expected a JSON object, got {type(record).__name__}")
            yield number, record

    def validate(self) -> int:
        """Check every line; returns the number of documents."""
        self._validated = self._stamp()
        seen: dict[str, int] = {}
        for number, record in self._records():
            if "id" not in record:
                raise InputError(f"{self.path}:{number}: no 'id' field",
                                 hint='each line needs {"id": ..., "en": ..., "zh": ...}')
            doc_id = str(record["id"])
            if not _SAFE_ID.match(doc_id) or doc_id in {".", ".."}:
                raise InputError(f"{self.path}:{number}: id {doc_id!r} cannot be used as a file name")
            if doc_id in seen:
                raise InputError(f"{self.path}:{number}: duplicate id {doc_id!r} (first on line {seen[doc_id]})")
            seen[doc_id] = number
            self.has_ref = self.has_ref or "ref" in record
            for lang in (self.src_lang, self.tgt_lang):
                value = _field(record, lang, self.path, number)
                if isinstance(value, list):
                    if not all(isinstance(s, str) for s in value):
                        raise InputError(f"{self.path}:{number}: field {lang!r} must be a string or a list of strings")
                    empty = not any(s.strip() for s in value)
                elif isinstance(value, str):
                    empty = not value.strip()
                else:
                    raise InputError(f"{self.path}:{number}: field {lang!r} must be a string or a list of strings")
                if empty:
                    raise InputError(f"{self.path}:{number}: field {lang!r} is empty")
        if not seen:
            raise InputError(f"{self.path}: no documents")
        self._unchanged()
        self.count = len(seen)
        return self.count

    def __iter__(self) -> Iterator[CorpusRecord]:
        if self.count is None:
            self.validate()
        self._unchanged()
        for number, record in self._records():
            if "id" not in record:  # only if the file changed after validate()
                self._unchanged()
            sides = []
            for lang in (self.src_lang, self.tgt_lang):
                value = _field(record, lang, self.path, number)
                if isinstance(value, list):
                    # kept as given, blank items included: bead indices are list positions
                    sents = list(value)
                else:
                    sents = sentences_of(value, lang if self.presplit else normalize_lang(lang), self.presplit)
                if not sents:
                    raise InputError(f"{self.path}:{number}: field {lang!r} is empty")
                sides.append(sents)
            doc = Document(str(record["id"]), sides[0], sides[1], self.src_lang, self.tgt_lang)
            yield CorpusRecord(doc, number, record.get("ref"), "ref" in record)
        self._unchanged()

    def documents(self) -> Iterator[Document]:
        return (record.document for record in self)


def read_jsonl_corpus(path: str | os.PathLike, src_lang: str, tgt_lang: str, presplit: bool = False) -> list[Document]:
    """Every document of a JSONL corpus, validated first (see JsonlCorpus)."""
    corpus = JsonlCorpus(path, src_lang, tgt_lang, presplit)
    corpus.validate()
    return list(corpus.documents())
