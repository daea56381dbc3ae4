"""bitext.io.alignment_formats: beads, TSV, JSONL and TMX 1.4b writers and readers round-trip.

Hypothesis generates alignments over arbitrary Unicode text. XML 1.0 cannot
hold most C0 control characters (nor U+FFFE/U+FFFF): the TMX writer drops
them deliberately, which is asserted explicitly below. Characters some
readers mishandle today are covered by the xfail tests (reported bugs) and
left out of the property tests' alphabets, which name them.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from bitext import __version__
from bitext.core import Alignment, Bead, Document, join_sentences
from bitext.errors import InputError
from bitext.io.alignment_formats import (
    FORMATS,
    TSV_HEADER,
    alignment_from_pairs,
    iter_render,
    read_beads,
    read_jsonl,
    read_tmx,
    read_tsv,
    render,
    write_beads,
    write_jsonl,
    write_tmx,
    write_tsv,
)

XML_ILLEGAL = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])) + "\ufffe\uffff"
# str.splitlines() boundaries that the TSV/JSONL writers leave raw (see the xfail tests below).
LINE_BOUNDARIES = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

# -- strategies --------------------------------------------------------------------------------------

SHAPES = [(1, 1), (1, 1), (1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)]


def texts(exclude: str = "") -> st.SearchStrategy[str]:
    return st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=exclude), max_size=40)


@st.composite
def alignments(draw, exclude: str = "", id_exclude: str = "", langs=("en", "zh")) -> Alignment:
    shapes = draw(st.lists(st.sampled_from(SHAPES), min_size=1, max_size=8))
    n = sum(a for a, _ in shapes)
    m = sum(b for _, b in shapes)
    src = draw(st.lists(texts(exclude), min_size=n, max_size=n))
    tgt = draw(st.lists(texts(exclude), min_size=m, max_size=m))
    beads, i, j = [], 0, 0
    for a, b in shapes:
        conf = draw(st.floats(0.0, 1.0))
        score = draw(st.floats(-2.0, 2.0))
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), conf, score))
        i, j = i + a, j + b
    doc_id = draw(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=id_exclude), min_size=1,
                          max_size=20))
    sig = draw(st.sampled_from([{}, {"text": "bitext:0.1.0|model:use-m3@x|align:max_bead=5"}]))
    return Alignment(Document(doc_id, src, tgt, *langs), beads, sig)


def sample_alignment(doc_id: str = "doc-1", src=None, tgt=None) -> Alignment:
    src = src or ["First sentence.", "Second one.", "Third, with a tab\there."]
    tgt = tgt or ["第一句。", "第二句,第三句。", "多出来的一句。"]
    beads = [Bead((0,), (0,), 0.91234, 0.5), Bead((1, 2), (1,), 0.5, 0.1), Bead((), (2,), 0.8, -0.15)]
    return Alignment(Document(doc_id, src, tgt), beads, {"text": "bitext:0.1.0|model:m|align:a"})


def expected_units(al: Alignment):
    return [(src, tgt, bead) for src, tgt, bead in al.pairs()]


def strip_xml_illegal(text: str) -> str:
    return re.sub(f"[{re.escape(XML_ILLEGAL)}]", "", text)


# -- beads ---------------------------------------------------------------------------------------------


def test_beads_format_is_the_evaluation_format():
    al = sample_alignment()
    assert write_beads(al) == "[0]:[0]\n[1,2]:[1]\n[]:[2]\n"
    assert render([al, al], "beads") == write_beads(al) * 2


def test_read_beads_accepts_spaces_scores_and_blank_lines():
    beads = read_beads("[0, 1]:[0]\n\n [2]:[]:0.25 \n[]:[1,2]:-1e-3\n")
    assert [(b.src, b.tgt) for b in beads] == [((0, 1), (0,)), ((2,), ()), ((), (1, 2))]
    assert [b.score for b in beads] == [0.0, 0.25, -0.001]


@pytest.mark.parametrize("line", ["0:0", "[0]-[1]", "[a]:[1]", "[0]:[1]:x", "[0]:[1]:[2]"])
def test_read_beads_rejects_a_bad_line_naming_it(line):
    with pytest.raises(InputError, match=r"^gold\.align:2: "):
        read_beads(f"[0]:[0]\n{line}\n", "gold.align")


@settings(max_examples=100, deadline=None)
@given(alignments())
def test_beads_round_trip(al):
    assert [(b.src, b.tgt) for b in read_beads(write_beads(al))] == [(b.src, b.tgt) for b in al.beads]


# -- TSV -------------------------------------------------------------------------------------------------


def test_tsv_layout():
    text = write_tsv([sample_alignment()])
    lines = text.split("\n")
    assert lines[0] == "\t".join(TSV_HEADER) == "doc\tsrc_ids\ttgt_ids\tconfidence\tsrc\ttgt"
    assert lines[1] == "doc-1\t[0]\t[0]\t0.912\tFirst sentence.\t第一句。"
    assert lines[2] == "doc-1\t[1,2]\t[1]\t0.500\tSecond one. Third, with a tab\\there.\t第二句,第三句。"
    assert lines[3] == "doc-1\t[]\t[2]\t0.800\t\t多出来的一句。"
    assert text.endswith("\n") and lines[4] == ""


def check_tsv(al: Alignment, text: str):
    rows = read_tsv(text)
    assert len(rows) == len(al.beads)
    for row, (src, tgt, bead) in zip(rows, expected_units(al), strict=True):
        assert row["doc"] == al.document.id
        assert row["src_ids"] == list(bead.src) and row["tgt_ids"] == list(bead.tgt)
        assert row["src"] == src and row["tgt"] == tgt
        assert row["confidence"] == pytest.approx(bead.confidence, abs=5e-4)


@settings(max_examples=150, deadline=None)
@given(alignments(exclude=LINE_BOUNDARIES, id_exclude=LINE_BOUNDARIES))
def test_tsv_round_trip(al):
    check_tsv(al, write_tsv([al]))


def test_tsv_round_trip_of_escapes():
    al = sample_alignment(doc_id="a\tb",
                          src=["tab\t, newline\n, return\r, backslash \\ and \\t literally.", "\\", "end\\"])
    check_tsv(al, write_tsv([al]))


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_tsv_round_trip_of_unicode_line_separators(char):
    al = sample_alignment(src=[f"before{char}after.", "b", "c"])
    check_tsv(al, write_tsv([al]))


def test_read_tsv_rejects_other_files():
    with pytest.raises(InputError, match=r"^x\.tsv:1: not a bitext alignment TSV"):
        read_tsv("a\tb\n", "x.tsv")
    with pytest.raises(InputError, match=r"^x\.tsv:2: expected 6 columns, found 2"):
        read_tsv("\t".join(TSV_HEADER) + "\nd\t[0]\n", "x.tsv")


# -- JSONL ------------------------------------------------------------------------------------------------


def check_jsonl(al: Alignment, text: str):
    rows = read_jsonl(text)
    assert len(rows) == len(al.beads)
    for row, (src, tgt, bead) in zip(rows, expected_units(al), strict=True):
        assert row["doc"] == al.document.id
        assert (row["src_lang"], row["tgt_lang"]) == (al.document.src_lang, al.document.tgt_lang)
        assert row["src_ids"] == list(bead.src) and row["tgt_ids"] == list(bead.tgt)
        assert row["src"] == src and row["tgt"] == tgt
        assert row["confidence"] == pytest.approx(bead.confidence, abs=5e-5)
        assert row["score"] == pytest.approx(bead.score, abs=5e-5)
        assert row["signature"] == al.signature.get("text", "")


def test_jsonl_layout():
    lines = write_jsonl([sample_alignment()]).splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert first == {"doc": "doc-1", "src_lang": "en", "tgt_lang": "zh", "src_ids": [0], "tgt_ids": [0],
                     "src": "First sentence.", "tgt": "第一句。", "confidence": 0.9123, "score": 0.5,
                     "signature": "bitext:0.1.0|model:m|align:a"}
    assert "第一句" in lines[0], "Chinese is written as UTF-8, not \\u escapes"


@settings(max_examples=150, deadline=None)
@given(alignments(exclude="\x85\u2028\u2029", id_exclude="\x85\u2028\u2029"))
def test_jsonl_round_trip(al):
    check_jsonl(al, write_jsonl([al]))


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_jsonl_round_trip_of_unicode_line_separators(char):
    al = sample_alignment(src=[f"before{char}after.", "b", "c"])
    check_jsonl(al, write_jsonl([al]))


def test_read_jsonl_names_the_bad_line():
    with pytest.raises(InputError, match=r"^out\.jsonl:3: not valid JSON"):
        read_jsonl('{"a": 1}\n\n{oops\n', "out.jsonl")


# -- TMX 1.4b ---------------------------------------------------------------------------------------------

# The parts of the TMX 1.4b DTD (LISA OSCAR) that this writer uses: header attributes as #REQUIRED there.
TMX14_SUBSET_DTD = """
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note | prop | ude)*>
<!ATTLIST header
    creationtool CDATA #REQUIRED
    creationtoolversion CDATA #REQUIRED
    segtype (block | paragraph | sentence | phrase) #REQUIRED
    o-tmf CDATA #REQUIRED
    adminlang CDATA #REQUIRED
    srclang CDATA #REQUIRED
    datatype CDATA #REQUIRED
    o-encoding CDATA #IMPLIED
    creationdate CDATA #IMPLIED
    creationid CDATA #IMPLIED
    changedate CDATA #IMPLIED
    changeid CDATA #IMPLIED>
<!ELEMENT ude ANY>
<!ELEMENT body (tu*)>
<!ELEMENT tu ((note | prop)*, tuv+)>
<!ATTLIST tu
    tuid CDATA #IMPLIED
    datatype CDATA #IMPLIED
    srclang CDATA #IMPLIED
    segtype (block | paragraph | sentence | phrase) #IMPLIED>
<!ELEMENT tuv ((note | prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED>
<!ELEMENT seg (#PCDATA)>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED xml:lang CDATA #IMPLIED>
<!ELEMENT note (#PCDATA)>
"""
REQUIRED_HEADER = ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype")


def assert_valid_tmx(text: str) -> etree._Element:
    data = text.encode("utf-8")
    ET.fromstring(data)  # well-formed for a second, independent parser too
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    dtd = etree.DTD(io.StringIO(TMX14_SUBSET_DTD))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    return root


def test_tmx_header_has_the_required_attributes():
    root = assert_valid_tmx(write_tmx([sample_alignment()]))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for name in REQUIRED_HEADER:
        assert header.get(name), f"header lacks {name}"
    assert header.get("creationtool") == "bitext"
    assert header.get("creationtoolversion") == __version__
    assert header.get("segtype") == "sentence"
    assert header.get("srclang") == "en"
    assert header.get("datatype") == "plaintext"
    assert header.find("prop[@type='x-signature']").text == "bitext:0.1.0|model:m|align:a"
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    tus = root.findall("body/tu")
    assert len(tus) == 3
    assert [tuv.get(xml_lang) for tuv in tus[0].findall("tuv")] == ["en", "zh-CN"]
    assert tus[1].get("tuid") == "doc-1:1"


def test_tmx_of_no_alignments_is_still_valid():
    root = assert_valid_tmx(write_tmx([]))
    assert root.findall("body/tu") == []


def test_tmx_srclang_follows_the_document():
    al = sample_alignment()
    al.document.src_lang, al.document.tgt_lang = "zh", "en"
    root = assert_valid_tmx(write_tmx([al]))
    assert root.find("header").get("srclang") == "zh-CN"
    units = read_tmx(write_tmx([al]).encode(), src_lang="zh", tgt_lang="en")
    assert units[0]["src"] == "First sentence." and units[0]["tgt"] == "第一句。"


def check_tmx(al: Alignment, text: str):
    assert_valid_tmx(text)
    units = read_tmx(text.encode("utf-8"), src_lang=al.document.src_lang, tgt_lang=al.document.tgt_lang)
    assert len(units) == len(al.beads)
    for unit, (src, tgt, bead) in zip(units, expected_units(al), strict=True):
        assert unit["doc"] == strip_xml_illegal(al.document.id)
        assert unit["src_ids"] == list(bead.src) and unit["tgt_ids"] == list(bead.tgt)
        assert unit["src"] == strip_xml_illegal(src)
        assert unit["tgt"] == strip_xml_illegal(tgt)


@settings(max_examples=150, deadline=None)
@given(alignments(exclude="\r", id_exclude="\r" + XML_ILLEGAL))
def test_tmx_round_trip(al):
    check_tmx(al, write_tmx([al]))


SAFE_EVERYWHERE = "\r" + LINE_BOUNDARIES  # see the xfail tests for why each is left out


@settings(max_examples=50, deadline=None)
@given(st.lists(alignments(exclude=SAFE_EVERYWHERE, id_exclude=SAFE_EVERYWHERE + XML_ILLEGAL), min_size=1, max_size=3))
def test_all_formats_with_several_documents(als):
    for k, al in enumerate(als):
        al.document.id = f"{k}-{al.document.id}"  # ids in a corpus are unique
    expected = [(al.document.id, list(b.src), list(b.tgt)) for al in als for b in al.beads]
    assert [(r["doc"], r["src_ids"], r["tgt_ids"]) for r in read_tsv(write_tsv(als))] == expected
    assert [(r["doc"], r["src_ids"], r["tgt_ids"]) for r in read_jsonl(write_jsonl(als))] == expected
    assert [(u["doc"], u["src_ids"], u["tgt_ids"]) for u in read_tmx(write_tmx(als).encode())] == expected
    assert [tuple(map(int, b[1:-1].split(",") if b != "[]" else [])) for line in render(als, "beads").splitlines()
            for b in line.split(":")][0::2] == [tuple(ids) for _, ids, _ in expected]


def test_tmx_writer_drops_xml_illegal_characters_deliberately():
    kept = "tab\t newline\n DEL\x7f NEL\x85 LS\u2028 nonchar\U0001fffe emoji\U0001f600 amp& lt< gt> quote\" apos'"
    src = "a" + XML_ILLEGAL + "b " + kept
    al = sample_alignment(src=[src, "x", "y"], tgt=["甲\x00乙\x1f丙", "丁", "戊"])
    text = write_tmx([al])
    for char in XML_ILLEGAL:
        assert char not in text
    units = read_tmx(text.encode("utf-8"))
    assert units[0]["src"] == "ab " + kept  # only the characters XML 1.0 cannot hold are gone
    assert units[0]["tgt"] == "甲乙丙"


def test_tmx_round_trip_of_carriage_return():
    al = sample_alignment(src=["a\rb", "c\r\nd", "e"])
    units = read_tmx(write_tmx([al]).encode("utf-8"))
    assert units[0]["src"] == "a\rb"


def test_tmx_with_a_control_character_in_the_document_id_is_well_formed():
    assert_valid_tmx(write_tmx([sample_alignment(doc_id="a\x01b")]))


def test_read_tmx_errors():
    with pytest.raises(InputError, match=r"^t\.tmx:\d+: not well-formed XML"):
        read_tmx(b"<tmx><body></tmx>", "t.tmx")
    with pytest.raises(InputError, match=r"^t\.tmx: not a TMX file \(root element <html>\)"):
        read_tmx(b"<html/>", "t.tmx")


def test_read_tmx_does_not_expand_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    data = (f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>').encode()
    units = read_tmx(data)
    assert "SECRET" not in units[0]["src"]


# -- rebuilding from units, render ----------------------------------------------------------------------


def test_alignment_from_pairs_rebuilds_one_bead_per_unit():
    al = sample_alignment()
    units = read_tmx(write_tmx([al]).encode())
    rebuilt = alignment_from_pairs("doc-1", units, "en", "zh")
    assert [(b.src, b.tgt) for b in rebuilt.beads] == [((0,), (0,)), ((1,), (1,)), ((), (2,))]
    assert rebuilt.document.src == ["First sentence.", "Second one. Third, with a tab\there."]
    assert rebuilt.document.tgt == al.document.tgt
    assert [p[:2] for p in rebuilt.pairs()] == [p[:2] for p in al.pairs()]


def test_render_dispatches_every_format():
    al = sample_alignment()
    assert FORMATS == ("beads", "tsv", "jsonl", "tmx")
    assert render([al], "tsv") == write_tsv([al])
    assert render([al], "jsonl") == write_jsonl([al])
    assert render([al], "tmx") == write_tmx([al])
    assert join_sentences(["a", "b"], "en") == "a b"


# -- streaming: a corpus is written as it is aligned ----------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_writers_emit_each_alignment_before_the_next_is_made(fmt):
    made = []

    def aligned():
        for doc_id in ("first-doc", "second-doc"):
            made.append(doc_id)
            yield sample_alignment(doc_id)
        raise RuntimeError("aligner stopped")

    first_alone = render([sample_alignment("first-doc")], fmt).removesuffix("  </body>\n</tmx>\n")
    pieces = iter_render(aligned(), fmt)
    written = ""
    for piece in pieces:
        written += piece
        if written == first_alone and made == ["first-doc"]:  # out before the second is aligned
            break
    else:
        pytest.fail("the first document was not written before the second one was aligned")
    with pytest.raises(RuntimeError):
        list(pieces)


@pytest.mark.parametrize("fmt", FORMATS)
def test_streamed_output_equals_the_whole_output(fmt):
    als = [sample_alignment("a"), sample_alignment("b")]
    assert "".join(iter_render(iter(als), fmt)) == render(als, fmt)
    assert "".join(iter_render(iter([]), fmt)) == render([], fmt)

