"""Reading documents to align: two text files, or a JSONL corpus with one document per line.

Everything is validated before anything is written, so a bad line never leaves
a half-written output behind. Errors name the file (and line) and exit 2.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from bitext.align.types import Document
from bitext.errors import InputError
from bitext.io.alignment_formats import physical_lines
from bitext.io.text import read_text
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


def read_jsonl_corpus(path: str | os.PathLike, src_lang: str, tgt_lang: str, presplit: bool = False) -> list[Document]:
    """Documents from JSONL: ``{"id": ..., "en": ..., "zh": ...}`` per line.

    A field holding a list of strings is taken as already split into sentences.
    """
    src_lang, tgt_lang = _lang(src_lang, True), _lang(tgt_lang, True)
    text = read_text(path)
    docs: list[Document] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(physical_lines(text), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{number}: not valid JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}:{number}: expected a JSON object, got {type(record).__name__}")
        if "id" not in record:
            raise InputError(f"{path}:{number}: no 'id' field", hint='each line needs {"id": ..., "en": ..., "zh": ...}')
        doc_id = str(record["id"])
        if not _SAFE_ID.match(doc_id) or doc_id in {".", ".."}:
            raise InputError(f"{path}:{number}: id {doc_id!r} cannot be used as a file name")
        if doc_id in seen:
            raise InputError(f"{path}:{number}: duplicate id {doc_id!r} (first on line {seen[doc_id]})")
        seen[doc_id] = number
        sides = []
        for lang in (src_lang, tgt_lang):
            value = _field(record, lang, str(path), number)
            if isinstance(value, list):
                if not all(isinstance(s, str) for s in value):
                    raise InputError(f"{path}:{number}: field {lang!r} must be a string or a list of strings")
                # kept as given, blank items included: bead indices are list positions
                sents = list(value) if any(s.strip() for s in value) else []
            elif isinstance(value, str):
                sents = sentences_of(value, lang if presplit else normalize_lang(lang), presplit)
            else:
                raise InputError(f"{path}:{number}: field {lang!r} must be a string or a list of strings")
            if not sents:
                raise InputError(f"{path}:{number}: field {lang!r} is empty")
            sides.append(sents)
        docs.append(Document(doc_id, sides[0], sides[1], src_lang, tgt_lang))
    if not docs:
        raise InputError(f"{path}: no documents")
    return docs
