"""Writers and readers for aligned documents: beads, TSV, JSONL and TMX 1.4b.

Each writer takes :class:`Alignment` objects and returns text (``write_*``) or yields it
in pieces as the alignments arrive (``iter_*``, :func:`iter_render`); each reader
returns what is needed to rebuild the alignment, so every format round-trips
(tests/test_alignment_formats.py).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from bitext.core import Alignment, Bead, Document, join_sentences
from bitext.errors import InputError
from bitext.io.inline import inline_text
from bitext.io.validate import finite_number, json_type, parse_json, require_text, sentence_indices, xml_syntax_message
from bitext.version import __version__

FORMATS = ("beads", "tsv", "jsonl", "tmx")

_LANG_TAGS = {"en": "en", "zh": "zh-CN"}
# Characters XML 1.0 cannot hold at all.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _ids(ids: tuple[int, ...]) -> str:
    return "[" + ",".join(map(str, ids)) + "]"


# -- beads: [i,j]:[k] per line, the format of the evaluation sets ------------------------------

def write_beads(alignment: Alignment) -> str:
    return "".join(f"{_ids(b.src)}:{_ids(b.tgt)}\n" for b in alignment.beads)


_BEAD_LINE = re.compile(r"^\[([\d,\s]*)\]:\[([\d,\s]*)\](?::([-+\d.eE]+))?$")


def read_beads(text: str, name: str = "<beads>") -> list[Bead]:
    beads = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _BEAD_LINE.match(line.strip())
        if not match:
            raise InputError(f"{name}:{number}: not a bead line like [0,1]:[0]")
        where = f"{name}:{number}"
        src, tgt = (tuple(sentence_indices(f"[{ids}]", where, side)) for ids, side in
                    zip(match.group(1, 2), ("source sentences", "target sentences"), strict=True))
        score = finite_number(match.group(3), where, "score") if match.group(3) else 0.0
        beads.append(Bead(src, tgt, score=score))
    return beads


# -- TSV -------------------------------------------------------------------------------------------

TSV_HEADER = ["doc", "src_ids", "tgt_ids", "confidence", "src", "tgt"]


# Tab, and everything some reader treats as a line break (str.splitlines, Excel, editors),
# is written as a backslash escape so a row is always one physical line.
_TSV_ESCAPES = {"\\": "\\", "\t": "t", "\n": "n", "\r": "r"}
_TSV_SPECIAL = re.compile(r"[\\\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_TSV_ESCAPED = re.compile(r"\\(u[0-9a-f]{4}|.)")


def _tsv_escape(text: str) -> str:
    return _TSV_SPECIAL.sub(lambda m: "\\" + _TSV_ESCAPES.get(m.group(), f"u{ord(m.group()):04x}"), text)


def _tsv_unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        code = m.group(1)
        if len(code) == 5:
            return chr(int(code[1:], 16))
        return {"t": "\t", "n": "\n", "r": "\r"}.get(code, code)

    return _TSV_ESCAPED.sub(one, text)


def physical_lines(text: str) -> list[str]:
    """Lines split on \\n only (JSON and our TSV may hold U+2028 and friends inside a line)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def iter_tsv(alignments: Iterable[Alignment]) -> Iterator[str]:
    yield "\t".join(TSV_HEADER) + "\n"
    for al in alignments:
        yield "".join(
            "\t".join([
                _tsv_escape(al.document.id), _ids(bead.src), _ids(bead.tgt), f"{bead.confidence:.3f}",
                _tsv_escape(src), _tsv_escape(tgt),
            ]) + "\n"
            for src, tgt, bead in al.pairs()
        )


def write_tsv(alignments: Iterable[Alignment]) -> str:
    return "".join(iter_tsv(alignments))


def read_tsv(text: str, name: str = "<tsv>") -> list[dict]:
    rows = []
    lines = physical_lines(text)
    if not lines or lines[0].split("\t") != TSV_HEADER:
        raise InputError(f"{name}:1: not a bitext alignment TSV (header {' '.join(TSV_HEADER)})")
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(TSV_HEADER):
            raise InputError(f"{name}:{number}: expected {len(TSV_HEADER)} columns, found {len(cells)}")
        where = f"{name}:{number}"
        require_text([_tsv_unescape(cells[k]) for k in (0, 4, 5)], where, "a cell")  # \ud800 is an escape too
        src_ids = sentence_indices(cells[1], where, "src_ids")
        tgt_ids = sentence_indices(cells[2], where, "tgt_ids")
        rows.append({"doc": _tsv_unescape(cells[0]), "src_ids": src_ids, "tgt_ids": tgt_ids,
                     "confidence": finite_number(cells[3], where, "confidence"), "src": _tsv_unescape(cells[4]),
                     "tgt": _tsv_unescape(cells[5])})
    return rows


# -- JSONL -------------------------------------------------------------------------------------------

def iter_jsonl(alignments: Iterable[Alignment]) -> Iterator[str]:
    for al in alignments:
        doc = al.document
        yield "".join(
            json.dumps({
                "doc": doc.id, "src_lang": doc.src_lang, "tgt_lang": doc.tgt_lang,
                "src_ids": list(bead.src), "tgt_ids": list(bead.tgt), "src": src, "tgt": tgt,
                "confidence": round(bead.confidence, 4), "score": round(bead.score, 4),
                "signature": al.signature.get("text", ""),
            }, ensure_ascii=False) + "\n"
            for src, tgt, bead in al.pairs()
        )


def write_jsonl(alignments: Iterable[Alignment]) -> str:
    return "".join(iter_jsonl(alignments))


def read_jsonl(text: str, name: str = "<jsonl>") -> list[dict]:
    rows = []
    for number, line in enumerate(physical_lines(text), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        row = parse_json(line, where)
        if not isinstance(row, dict):
            raise InputError(f"{where}: expected a JSON object, got {json_type(row)}")
        require_text(row, where, "the line")
        for key in ("src_ids", "tgt_ids"):
            if key in row:
                sentence_indices(row[key], where, key)
        rows.append(row)
    return rows


# -- TMX 1.4b ----------------------------------------------------------------------------------------

def _xml_text(text: str) -> str:
    # \r would be read back as \n by any XML parser unless written as a character reference
    return escape(_XML_ILLEGAL.sub("", text)).replace("\r", "&#13;")


def iter_tmx(alignments: Iterable[Alignment]) -> Iterator[str]:
    """TMX 1.4b in pieces; the header takes the languages and signature of the first alignment."""
    rest = iter(alignments)
    first = next(rest, None)
    doc = first.document if first else Document("", [], [])
    src_tag = _LANG_TAGS.get(doc.src_lang, doc.src_lang)
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        f'  <header creationtool="bitext" creationtoolversion={quoteattr(__version__)} segtype="sentence" '
        f'o-tmf="bitext" adminlang="en" srclang={quoteattr(src_tag)} datatype="plaintext">\n'
    )
    if first and first.signature.get("text"):
        yield f'    <prop type="x-signature">{_xml_text(first.signature["text"])}</prop>\n'
    yield "  </header>\n  <body>\n"
    for al in itertools.chain([first] if first else [], rest):
        yield "".join(_tmx_units(al))
    yield "  </body>\n</tmx>\n"


def _tmx_units(al: Alignment) -> Iterator[str]:
    doc = al.document
    for k, (src, tgt, bead) in enumerate(al.pairs()):
        yield f"    <tu tuid={quoteattr(_XML_ILLEGAL.sub('', f'{doc.id}:{k}'))}>\n"
        yield f'      <prop type="x-doc">{_xml_text(doc.id)}</prop>\n'
        yield f'      <prop type="x-src-ids">{_ids(bead.src)}</prop>\n'
        yield f'      <prop type="x-tgt-ids">{_ids(bead.tgt)}</prop>\n'
        yield f'      <prop type="x-confidence">{bead.confidence:.3f}</prop>\n'
        for lang, text in ((doc.src_lang, src), (doc.tgt_lang, tgt)):
            tag = _LANG_TAGS.get(lang, lang)
            yield f"      <tuv xml:lang={quoteattr(tag)}><seg>{_xml_text(text)}</seg></tuv>\n"
        yield "    </tu>\n"


def write_tmx(alignments: Iterable[Alignment]) -> str:
    return "".join(iter_tmx(alignments))


def read_tmx(data: bytes, name: str = "<tmx>", src_lang: str = "en", tgt_lang: str = "zh") -> list[dict]:
    """Translation units of a TMX file as dicts: doc, src_ids, tgt_ids, src, tgt (ids None if absent)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise InputError(f"{name}:{error.lineno or 0}: not well-formed XML ({xml_syntax_message(error.msg)})") from None
    root_name = etree.QName(root).text  # the tag as str ("{namespace}name" when it has one)
    if root_name != "tmx":
        raise InputError(f"{name}: not a TMX file (root element <{root_name}>)")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    units = []
    languages: dict[str, int] = {}  # every variant language, with the line of its first <tuv>
    for tu in root.iter("tu"):
        props = {p.get("type"): p for p in tu.findall("prop")}
        segs: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            tag = tuv.get(xml_lang) or tuv.get("lang")
            if not tag:
                raise InputError(f"{name}:{tuv.sourceline}: <tuv> without xml:lang",
                                 hint="each variant names its language")
            seg = tuv.find("seg")
            language = tag.replace("_", "-").split("-")[0].lower()
            segs[language] = inline_text(seg)  # native code (bpt, ept, ph, it) dropped
            languages.setdefault(language, tuv.sourceline or 0)
        units.append({
            "doc": (props["x-doc"].text or "") if "x-doc" in props else None,
            "src_ids": _prop_indices(props.get("x-src-ids"), name),
            "tgt_ids": _prop_indices(props.get("x-tgt-ids"), name),
            "src": segs.get(src_lang, ""), "tgt": segs.get(tgt_lang, ""),
            "line": tu.sourceline,
        })
    others = [code for code in languages if code not in (src_lang, tgt_lang)]
    for side, code in (("source", src_lang), ("target", tgt_lang)):
        if others and code not in languages:  # variants in another language, none in this one: the wrong codes
            raise InputError(f"{name}:{languages[others[0]]}: no <tuv> in the {side} language {code!r}, but variants "
                             f"in {', '.join(map(repr, others))}",
                             hint="give --src-lang and --tgt-lang to match the file, or fix its xml:lang")
    return units


def _prop_indices(prop, name: str) -> list[int] | None:
    if prop is None:
        return None
    return sentence_indices(prop.text or "", f"{name}:{prop.sourceline}", f"property {prop.get('type')}")


def iter_render(alignments: Iterable[Alignment], fmt: str) -> Iterator[str]:
    """The output of ``fmt`` in pieces, one or a few per alignment: a corpus is written as it is
    aligned, never held whole in memory."""
    if fmt == "beads":
        return (write_beads(al) for al in alignments)
    return {"tsv": iter_tsv, "jsonl": iter_jsonl, "tmx": iter_tmx}[fmt](alignments)


def render(alignments: Iterable[Alignment], fmt: str) -> str:
    return "".join(iter_render(alignments, fmt))


def alignment_from_pairs(doc_id: str, rows: list[dict], src_lang: str, tgt_lang: str) -> Alignment:
    """Rebuild an alignment from already-aligned units (one bead per unit, sentences = units' texts)."""
    src: list[str] = []
    tgt: list[str] = []
    beads = []
    for row in rows:
        s_ids = tuple(range(len(src), len(src) + (1 if row["src"] else 0)))
        t_ids = tuple(range(len(tgt), len(tgt) + (1 if row["tgt"] else 0)))
        if row["src"]:
            src.append(row["src"])
        if row["tgt"]:
            tgt.append(row["tgt"])
        if s_ids or t_ids:
            beads.append(Bead(s_ids, t_ids, float(row.get("confidence", 1.0) or 1.0)))
    return Alignment(Document(doc_id, src, tgt, src_lang, tgt_lang), beads)


__all__ = ["FORMATS", "render", "iter_render", "read_beads", "read_tsv", "read_jsonl", "read_tmx", "write_beads",
           "write_tsv", "write_jsonl", "write_tmx", "iter_tsv", "iter_jsonl", "iter_tmx", "join_sentences",
           "alignment_from_pairs"]
