"""Candidate TSV/TBX writers (round trips), reading reviewed candidates, merging accepted rows."""

from __future__ import annotations

import csv
import os

import pytest
from lxml import etree

from bitext.errors import InputError
from bitext.glossary import read_glossary, write_glossary
from bitext.glossary.merge import CANDIDATE_COLUMNS, merge_accepted, plan_merge, read_candidates_tsv
from bitext.glossary.tbx import TBX3_NS as TBX_NS
from bitext.termex import Candidate, Example, read_glossary_pairs, write_candidates_tbx, write_candidates_tsv

NS = {"t": TBX_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def sample() -> list[Candidate]:
    return [
        Candidate("magnetic resonance imaging", "磁共振成像", en_variants=["MRI"], score=0.97, frequency=3,
                  method="acronym+cooc", concept_id="T0001", acronym="MRI",
                  examples=[Example("…underwent magnetic resonance imaging (MRI) of the neck…",
                                    "…颈部的磁共振成像（MRI）…"),
                            Example("MRI, every 3 months", "每3个月进行磁共振成像")]),
        Candidate("confidence interval", "置信区间", zh_admitted_variants=["可信区间"], score=0.91, frequency=12,
                  method="cooc", concept_id="T0002", note='tab\there, "quoted", new\nline',
                  examples=[Example("95% confidence interval", "95%置信区间")]),
        Candidate("ctrl\x01char", "控制\x0b字符", score=0.5, frequency=1, method="cooc", concept_id="T0003"),
    ]


def test_tsv_round_trip_with_csv(tmp_path):
    path = tmp_path / "cands.tsv"
    write_candidates_tsv(sample(), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert list(rows[0]) == CANDIDATE_COLUMNS
    assert rows[0]["en_term"] == "magnetic resonance imaging" and rows[0]["zh_term"] == "磁共振成像"
    assert rows[0]["en_variants"] == "MRI" and rows[0]["method"] == "acronym+cooc"
    assert rows[0]["status"] == "proposed" and float(rows[0]["score"]) == pytest.approx(0.97)
    assert rows[0]["example_2_zh"] == "每3个月进行磁共振成像"
    assert rows[1]["zh_admitted_variants"] == "可信区间"
    assert rows[1]["note"] == 'tab here, "quoted", new line'  # one line per row, quotes survive
    assert rows[2]["en_term"] == "ctrl char"
    # and our own reader gives the same
    parsed = read_candidates_tsv(path)
    assert [(r.en_term, r.zh_term, r.frequency) for r in parsed] == [
        ("magnetic resonance imaging", "磁共振成像", 3), ("confidence interval", "置信区间", 12),
        ("ctrl char", "控制 字符", 1)]
    assert parsed[1].zh_admitted_variants == ["可信区间"] and not parsed[0].accepted


def test_tbx_round_trip_with_lxml(tmp_path):
    path = tmp_path / "cands.tbx"
    write_candidates_tbx(sample(), path)
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{TBX_NS}}}tbx"
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    entries = root.findall(".//t:conceptEntry", NS)
    assert [e.get("id") for e in entries] == ["T0001", "T0002", "T0003"]
    first = entries[0]
    langs = {sec.get(XML_LANG): sec for sec in first.findall("t:langSec", NS)}
    assert set(langs) == {"en", "zh"}
    assert [t.text for t in langs["en"].findall(".//t:term", NS)] == ["magnetic resonance imaging", "MRI"]
    assert langs["en"].find(".//t:termNote[@type='termType']", NS).text == "acronym"
    assert langs["zh"].find(".//t:term", NS).text == "磁共振成像"
    assert langs["zh"].find(".//t:descrip[@type='context']", NS).text.startswith("…颈部")
    assert "method: acronym+cooc" in first.find("t:note", NS).text
    second_zh = [s for s in entries[1].findall("t:langSec", NS) if s.get(XML_LANG) == "zh"][0]
    admitted = second_zh.findall("t:termSec", NS)[1]
    assert admitted.find("t:term", NS).text == "可信区间"
    assert admitted.find("t:termNote", NS).text == "admittedTerm-admn-sts"
    # XML-illegal control characters are dropped, not written
    third = [t.text for t in entries[2].findall(".//t:term", NS)]
    assert third == ["ctrlchar", "控制字符"]


@pytest.mark.parametrize("writer", [write_candidates_tsv, write_candidates_tbx])
def test_output_is_atomic(tmp_path, monkeypatch, writer):
    path = tmp_path / "out.file"
    path.write_text("old content\n", encoding="utf-8")

    class Boom(Candidate):
        @property
        def examples(self):  # fails in the middle of serialising
            raise RuntimeError("disk full")

        @examples.setter
        def examples(self, value):
            pass

    bad = [sample()[0], Boom("x", "叉", score=0.1, frequency=1, method="cooc", concept_id="T9")]
    with pytest.raises(RuntimeError):
        writer(bad, path)
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert sorted(os.listdir(tmp_path)) == ["out.file"]  # no temporary file left behind


GLOSSARY = (
    "concept_id\ten_term\ten_variants\tzh_term\tzh_admitted_variants\tstatus\tnote\tevidence\n"
    "C001\tneuroendocrine tumor\tNET|NETs\t神经内分泌瘤\t\tpreferred\tNET note\tbrief\n"
    "C001\tNET\t\t神经内分泌肿瘤\t\tforbidden\tconcept confusion\tHPO\n"
    "C008\toctreotide\t\t奥曲肽\t\tpreferred\tINN\tbrief\n"
)

HEADER = "\t".join(CANDIDATE_COLUMNS)


def _cands(tmp_path, rows):
    path = tmp_path / "cands.tsv"
    lines = [HEADER] + ["\t".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(cid, en, zh, decision, en_var="", zh_var=""):
    return [cid, en, en_var, zh, zh_var, "proposed", "", "0.9", "3", "acronym", "", "", "", "", decision]


def test_merge_accepted_without_duplicates(tmp_path):
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    cands = _cands(tmp_path, [
        _row("T1", "magnetic resonance imaging", "磁共振成像", "accept", en_var="MRI"),   # new concept
        _row("T2", "octreotide", "奥曲肽", "yes"),                                     # already there
        _row("T3", "Octreotide", "奥曲肽注射液", "Accepted"),                             # new rendering of C008
        _row("T4", "neuroendocrine tumour", "神经内分泌肿瘤", "accept", en_var="NET"),      # forbidden
        _row("T5", "computed tomography", "计算机断层扫描", "reject"),
        _row("T6", "computed tomography", "计算机断层扫描", ""),
        _row("T7", "MRI", "磁共振成像", "accept"),                                        # duplicate of T1
    ])
    result = plan_merge(cands, glossary)
    lines = result.text.splitlines()
    assert lines[:4] == GLOSSARY.splitlines()[:3] + [lines[3]]  # untouched rows kept byte for byte
    assert lines[3].split("\t")[:5] == ["C008", "octreotide", "", "奥曲肽", "奥曲肽注射液"]
    assert lines[4].split("\t")[:6] == ["C009", "magnetic resonance imaging", "MRI", "磁共振成像", "", "preferred"]
    assert len(lines) == 5
    assert result.added == ["C009"] and result.extended == ["C008"]
    assert any("forbidden" in s for s in result.skipped)
    assert sum("already in the glossary" in s for s in result.skipped) == 2
    assert merge_accepted(cands, glossary) == result.text
    # merging the same file again changes nothing more
    glossary.write_text(result.text, encoding="utf-8")
    again = plan_merge(cands, glossary)
    assert again.text == result.text and again.added == [] and again.extended == []


def test_merge_into_a_new_glossary(tmp_path):
    cands = _cands(tmp_path, [_row("T1", "placebo", "安慰剂", "accept")])
    text = merge_accepted(cands, tmp_path / "missing.tsv")
    assert text.splitlines() == ["concept_id\ten_term\ten_variants\tzh_term\tzh_admitted_variants\tstatus\tnote",
                                 "C001\tplacebo\t\t安慰剂\t\tpreferred\tadded by bitext glossary build (acronym)"]


def test_read_glossary_pairs(tmp_path):
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    known = read_glossary_pairs(glossary)
    assert ("NETs", "神经内分泌瘤") in known.pairs
    # a forbidden rendering is forbidden for every English term of its concept
    assert {("NET", "神经内分泌肿瘤"), ("neuroendocrine tumor", "神经内分泌肿瘤")} <= known.blocked
    assert ("NET", "神经内分泌肿瘤") not in known.pairs
    assert len(list(known)) == len(known) == 7  # C001: 3 English terms x 2 Chinese; C008: 1
    # the same glossary as TBX gives the same pairs (one reader for every glossary format)
    tbx = tmp_path / "glossary.tbx"
    write_glossary(read_glossary(glossary), tbx)
    assert read_glossary_pairs(tbx) == known


def test_read_glossary_pairs_reports_a_bad_glossary_with_its_line(tmp_path):
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text(GLOSSARY + "C009\tsomething\n", encoding="utf-8")
    with pytest.raises(InputError, match="glossary.tsv:5"):
        read_glossary_pairs(glossary)


BAD = [
    ("", "empty file", None),
    ("en\tzh\nx\ty\n", "missing column(s) en_term, zh_term", 1),
    (HEADER + "\n" + "\t".join(_row("T1", "a", "甲", "")) + "\nT2\tb\t\t乙\n",
     "expected 15 tab-separated fields, found 4", 3),
    (HEADER + "\n" + "\t".join(_row("T1", "a", "甲", "maybe")), "unknown decision 'maybe'", 2),
    (HEADER + "\n" + "\t".join(_row("T1", "a", "甲", "")[:7] + ["high"] + _row("T1", "a", "甲", "")[8:]),
     "score 'high' is not a number", 2),
    (HEADER + "\n\n" + "\t".join(_row("T1", "", "甲", "accept")), "empty en_term", 3),
    ("en_term\ten_term\tzh_term\n", "duplicate column(s) en_term", 1),
]


@pytest.mark.parametrize("text,message,line", BAD)
def test_malformed_candidates_raise_input_error_with_line(tmp_path, text, message, line):
    path = tmp_path / "bad.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_candidates_tsv(path)
    assert message in str(info.value)
    if line is not None:
        assert f"{path}:{line}:" in str(info.value)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_candidates_tsv(tmp_path / "nope.tsv")
    path = tmp_path / "latin1.tsv"
    path.write_bytes("en_term\tzh_term\ncafé\tx\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_candidates_tsv(path)
    with pytest.raises(InputError):
        merge_accepted(path, tmp_path / "g.tsv")
