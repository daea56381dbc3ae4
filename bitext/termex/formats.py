"""Writing the candidates of ``bitext glossary build`` (the review worksheet as TSV, or TBX-Basic),
and reading the pairs an existing glossary already has.

The worksheet's columns, and reading it back for merging, are bitext.glossary.merge's.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import regex

from bitext.glossary import Status, read_glossary
from bitext.glossary.merge import CANDIDATE_COLUMNS, cell, join_variants
from bitext.glossary.normalize import term_key
from bitext.glossary.tbx import TBX3_NS, XML_LANG
from bitext.io.atomic import atomic_open
from bitext.termex.candidate import Candidate
from bitext.version import __version__

_XML_ILLEGAL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\p{Cs}]")


# ---------------------------------------------------------------- writing

def candidate_rows(candidates: Iterable[Candidate]) -> Iterator[list[str]]:
    for c in candidates:
        ex = list(c.examples[:2]) + [None] * (2 - len(c.examples[:2]))
        yield [
            cell(c.concept_id), cell(c.en_term), join_variants(c.en_variants), cell(c.zh_term),
            join_variants(c.zh_admitted_variants),
            cell(c.status), cell(c.note), f"{c.score:.4f}", str(int(c.frequency)), cell(c.method),
            cell(ex[0].en) if ex[0] else "", cell(ex[0].zh) if ex[0] else "",
            cell(ex[1].en) if ex[1] else "", cell(ex[1].zh) if ex[1] else "", "",
        ]


def candidates_tsv_text(candidates: Iterable[Candidate]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CANDIDATE_COLUMNS)
    writer.writerows(candidate_rows(candidates))
    return buffer.getvalue()


def write_candidates_tsv(candidates: Iterable[Candidate], path: str | os.PathLike[str], bom: bool = True) -> None:
    """Write the candidates TSV atomically (the file appears complete or not at all)."""
    text = candidates_tsv_text(candidates)
    with atomic_open(path, "w", encoding="utf-8-sig" if bom else "utf-8") as handle:
        handle.write(text)


def _xml(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def candidates_tbx_bytes(candidates: Iterable[Candidate], src_lang: str = "en", tgt_lang: str = "zh") -> bytes:
    """TBX-Basic (ISO 30042:2019, DCA style): one conceptEntry per candidate.

    English and Chinese terms in their own ``langSec``; variants as further ``termSec``s
    (acronyms with ``termType`` acronym, admitted Chinese variants with
    ``administrativeStatus`` admittedTerm-admn-sts); example snippets as ``context``;
    status, method, score and frequency in the entry's ``note``.
    """
    from lxml import etree

    def el(parent, tag, text=None, **attrib):
        node = etree.SubElement(parent, f"{{{TBX3_NS}}}{tag}", {k: v for k, v in attrib.items()})
        if text is not None:
            node.text = _xml(text)
        return node

    root = etree.Element(f"{{{TBX3_NS}}}tbx", nsmap={None: TBX3_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, src_lang)
    header = el(root, "tbxHeader")
    file_desc = el(header, "fileDesc")
    source = el(file_desc, "sourceDesc")
    el(source, "p", f"Term candidates proposed by bitext {__version__} (bitext glossary build); not reviewed.")
    body = el(el(root, "text"), "body")
    for c in candidates:
        entry = el(body, "conceptEntry", id=_xml(c.concept_id or "c"))
        note = f"status: {c.status}; method: {c.method}; score: {c.score:.4f}; frequency: {int(c.frequency)}"
        if c.note:
            note += f"; {c.note}"
        el(entry, "note", note)
        for lang, term, variants, examples in (
            (src_lang, c.en_term, c.en_variants, [e.en for e in c.examples]),
            (tgt_lang, c.zh_term, c.zh_admitted_variants, [e.zh for e in c.examples]),
        ):
            lang_sec = el(entry, "langSec")
            lang_sec.set(XML_LANG, lang)
            main = el(lang_sec, "termSec")
            el(main, "term", term)
            for example in examples[:2]:
                el(main, "descrip", example, type="context")
            for variant in variants:
                sec = el(lang_sec, "termSec")
                el(sec, "term", variant)
                if lang == src_lang and c.acronym and term_key(variant) == term_key(c.acronym):
                    el(sec, "termNote", "acronym", type="termType")
                elif lang == tgt_lang:
                    el(sec, "termNote", "admittedTerm-admn-sts", type="administrativeStatus")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_candidates_tbx(candidates: Iterable[Candidate], path: str | os.PathLike[str],
                         src_lang: str = "en", tgt_lang: str = "zh") -> None:
    data = candidates_tbx_bytes(candidates, src_lang, tgt_lang)
    with atomic_open(path, "wb") as handle:
        handle.write(data)


# ---------------------------------------------------------------- an existing glossary

@dataclass
class KnownTerms:
    """The (en, zh) pairs of a glossary; iterating yields every pair (allowed and blocked)."""

    pairs: set[tuple[str, str]] = field(default_factory=set)
    blocked: set[tuple[str, str]] = field(default_factory=set)  # forbidden / discouraged renderings

    def __iter__(self):
        yield from self.pairs
        yield from self.blocked

    def __len__(self) -> int:
        return len(self.pairs) + len(self.blocked)


def read_glossary_pairs(path: str | os.PathLike[str]) -> KnownTerms:
    """Known (en, zh) pairs of a glossary in any format :func:`bitext.glossary.read_glossary`
    reads (TSV, CSV, TBX): each English term of a concept with each of its Chinese terms;
    renderings the glossary forbids or discourages go to ``blocked``. The same reader as
    ``bitext qa --glossary``, so both commands accept and reject the same files."""
    known = KnownTerms()
    for concept in read_glossary(path).concepts.values():
        for zh in concept.zh:
            target = known.blocked if zh.status in (Status.FORBIDDEN, Status.DISCOURAGED) else known.pairs
            target.update((en.text, zh.text) for en in concept.en)
    return known
