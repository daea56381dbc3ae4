"""Glossary readers and writers: TSV, CSV, TBX v2/v3; strict and lenient errors; round trips; hash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qa_helpers import STARTER_GLOSSARY

from bitext.errors import InputError
from bitext.glossary import Glossary, Status, Term, glossary_hash, read_glossary, write_glossary

HEADER = "concept_id\ten_term\ten_variants\tzh_term\tzh_admitted_variants\tstatus\tnote\tevidence\n"
ROWS = (
    "C001\tneuroendocrine tumor\tneuroendocrine tumour|NET|NETs\t神经内分泌瘤\t\tpreferred\t\tbrief\n"
    "C001\tNET\t\t神经内分泌肿瘤\t\tforbidden\tNEN confusion\t\n"
    "C014\t177Lu-DOTATATE\tLu-177 DOTATATE\t177Lu-DOTATATE\t¹⁷⁷Lu-DOTATATE\tkeep-latin\t\t\n"
    "C017\tprogression-free survival\tPFS\t无进展生存期\t无进展生存\tpreferred\t\t\n"
)


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def content(glossary: Glossary) -> dict:
    """Comparable content: per concept, English texts and Chinese (text, status) pairs."""
    return {c.id: (sorted(t.text for t in c.en), sorted((t.text, t.status.value) for t in c.zh))
            for c in glossary.concepts.values()}


def test_tsv_columns_variants_and_statuses(tmp_path):
    glossary = read_glossary(write(tmp_path, "g.tsv", HEADER + ROWS))
    net = glossary.concepts["C001"]
    assert [t.text for t in net.en] == ["neuroendocrine tumor", "neuroendocrine tumour", "NET", "NETs"]
    assert [(t.text, t.status) for t in net.zh] == [("神经内分泌瘤", Status.PREFERRED),
                                                    ("神经内分泌肿瘤", Status.FORBIDDEN)]
    assert net.zh[1].line == 3  # header is line 1
    lu = glossary.concepts["C014"]
    assert {t.status for t in lu.zh} == {Status.KEEP_LATIN} and lu.keeps_latin
    pfs = glossary.concepts["C017"]
    assert [(t.text, t.status) for t in pfs.zh] == [("无进展生存期", Status.PREFERRED), ("无进展生存", Status.ADMITTED)]
    assert pfs.preferred_zh.text == "无进展生存期"


def test_bom_comments_blank_lines_and_csv(tmp_path):
    tsv = read_glossary(write(tmp_path, "g.tsv", "\ufeff# our glossary\n\n" + HEADER + ROWS))
    assert len(tsv) == 3 and "C001" in tsv.concepts  # the BOM does not leak into "concept_id"
    csv_row = 'C050,"analog, somatostatin",,生长抑素类似物,,preferred,"a note, with comma",\n'
    csv_text = HEADER.replace("\t", ",") + csv_row
    csv = read_glossary(write(tmp_path, "g.csv", csv_text))
    assert csv.concepts["C050"].en[0].text == "analog, somatostatin"


def test_starter_glossary_reads_and_validates():
    from bitext.glossary import validate_glossary

    glossary = read_glossary(STARTER_GLOSSARY)
    assert len(glossary) >= 40
    assert not [p for p in validate_glossary(STARTER_GLOSSARY) if p.severity == "error"]


@pytest.mark.parametrize(
    "name, text, encoding, message",
    [
        ("gbk.tsv", HEADER + "C1\toctreotide\t\t奥曲肽\t\tpreferred\t\t\n", "gb18030", "g.tsv:2: not UTF-8"),
        ("cells.tsv", HEADER + ROWS + "C2\ta\t\tb\t\tpreferred\t\t\t\textra\n", "utf-8", "cells.tsv:6: 10 cells"),
        ("status.tsv", HEADER + "C2\ta\t\t乙\t\tmaybe\t\t\n", "utf-8", "status.tsv:2: unknown status 'maybe'"),
        ("empty.tsv", HEADER + ROWS + "C3\t\t\t丙\t\tpreferred\t\t\n", "utf-8",
         "empty.tsv:6: empty required cell(s): en_term"),
        ("header.tsv", "id\ten\tzh\n", "utf-8", "header.tsv:1: header lacks column(s) en_term, zh_term"),
        ("half.tsv", "en_term\tstatus\nlanreotide\tpreferred\n", "utf-8",
         "half.tsv:1: header lacks column(s) zh_term"),
        ("bad.csv", 'concept_id,en_term,zh_term,status\nC1,"unclosed,x,preferred\n', "utf-8", "bad.csv:"),
    ],
)
def test_strict_errors_name_file_and_line(tmp_path, name, text, encoding, message):
    path = write(tmp_path, name if name != "gbk.tsv" else "g.tsv", text, encoding)
    with pytest.raises(InputError) as error:
        read_glossary(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_lenient_skips_bad_rows_with_warnings(tmp_path):
    text = HEADER + ROWS + "C2\ta\t\t乙\t\tmaybe\t\t\n" + "C3\t\t\t丙\t\tpreferred\t\t\n"
    glossary = read_glossary(write(tmp_path, "g.tsv", text), lenient=True)
    assert set(glossary.concepts) == {"C001", "C014", "C017"}
    assert [(w.line, w.code) for w in glossary.warnings] == [(6, "unknown-status"), (7, "empty-cell")]


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_glossary(tmp_path / "nope.tsv")
    with pytest.raises(InputError, match="is a directory"):
        read_glossary(tmp_path)


TBX3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="C008">
      <langSec xml:lang="en"><termSec><term>octreotide</term></termSec></langSec>
      <langSec xml:lang="zh-CN">
        <termSec><term>奥曲肽</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>奥曲太</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          <note>bitext:status=forbidden</note></termSec>
        <termSec><term>善宁</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="zh-TW"><termSec><term>奧曲肽</term></termSec></langSec>
      <langSec xml:lang="fr"><termSec><term>octréotide</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""

TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>v2</p></sourceDesc></fileDesc></martifHeader>
<text><body>
  <termEntry id="C009">
    <langSet xml:lang="en"><tig><term>lanreotide</term></tig></langSet>
    <langSet xml:lang="zh">
      <tig><term>兰瑞肽</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <ntig><termGrp><term>兰瑞太</term>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termGrp></ntig>
    </langSet>
  </termEntry>
</body></text></martif>
"""


def test_tbx_v3_and_v2(tmp_path):
    v3 = read_glossary(write(tmp_path, "g.tbx", TBX3))
    octreotide = v3.concepts["C008"]
    assert [t.text for t in octreotide.en] == ["octreotide"]  # fr and zh-TW ignored
    assert [(t.text, t.status) for t in octreotide.zh] == [
        ("奥曲肽", Status.PREFERRED), ("奥曲太", Status.FORBIDDEN), ("善宁", Status.DISCOURAGED)]
    assert octreotide.zh[1].line == 9
    v2 = read_glossary(write(tmp_path, "g2.xml", TBX2))
    assert [(t.text, t.status) for t in v2.concepts["C009"].zh] == [
        ("兰瑞肽", Status.PREFERRED), ("兰瑞太", Status.DISCOURAGED)]


def test_tbx_errors_and_entities_off(tmp_path, monkeypatch):
    with pytest.raises(InputError, match=r"g\.tbx:\d+: not well-formed XML"):
        read_glossary(write(tmp_path, "g.tbx", TBX3.replace("</body>", "")))
    no_id = TBX3.replace(' id="C008"', "")
    with pytest.raises(InputError, match=r"g\.tbx:5: <conceptEntry> without an id"):
        read_glossary(write(tmp_path, "g.tbx", no_id))
    assert read_glossary(write(tmp_path, "g.tbx", no_id), lenient=True).warnings[0].line == 5
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xxe = TBX3.replace('<?xml version="1.0" encoding="UTF-8"?>',
                       f'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "file://{secret}">]>')
    xxe = xxe.replace("<term>octreotide</term>", "<term>octreotide&x;</term>")
    glossary = read_glossary(write(tmp_path, "x.tbx", xxe), lenient=True)
    assert "TOP-SECRET" not in "".join(t.text for t in glossary.terms())


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Co")),
                min_size=1, max_size=12).map(str.strip).filter(lambda s: s and "|" not in s and not s.startswith("#"))


@st.composite
def glossaries(draw) -> Glossary:
    glossary = Glossary()
    for number in range(draw(st.integers(1, 4))):
        cid = f"C{number:03d}"
        for text in draw(st.lists(_TEXT, min_size=1, max_size=3, unique=True)):
            glossary.add(Term(text, "en", Status.ADMITTED, cid))
        zh = draw(st.lists(st.tuples(_TEXT, st.sampled_from(list(Status))), min_size=1, max_size=4,
                           unique_by=lambda x: x[0]))
        for text, status in zh:
            glossary.add(Term(text, "zh", status, cid))
    return glossary


@pytest.mark.parametrize("suffix", ["tsv", "csv", "tbx"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(glossary=glossaries())
def test_round_trip(tmp_path, suffix, glossary):
    path = tmp_path / f"round.{suffix}"
    write_glossary(glossary, path)
    again = read_glossary(path)
    assert content(again) == content(glossary)
    assert glossary_hash(again) == glossary_hash(glossary)


def test_hash_ignores_row_order_and_format(tmp_path):
    rows = ROWS.splitlines(keepends=True)
    a = read_glossary(write(tmp_path, "a.tsv", HEADER + "".join(rows)))
    b = read_glossary(write(tmp_path, "b.tsv", HEADER + "".join(reversed(rows))))
    write_glossary(a, tmp_path / "c.tbx")
    c = read_glossary(tmp_path / "c.tbx")
    assert glossary_hash(a) == glossary_hash(b) == glossary_hash(c)
    assert glossary_hash(a).startswith("sha256:") and len(glossary_hash(a)) == 71
    changed = read_glossary(write(tmp_path, "d.tsv", HEADER + ROWS.replace("无进展生存期", "无进展生存时间")))
    assert glossary_hash(changed) != glossary_hash(a)


def test_written_tsv_has_bom_for_excel(tmp_path):
    glossary = read_glossary(write(tmp_path, "a.tsv", HEADER + ROWS))
    write_glossary(glossary, tmp_path / "out.tsv")
    assert (tmp_path / "out.tsv").read_bytes().startswith(b"\xef\xbb\xbfconcept_id")


REQUIRED_HEADER = HEADER.rstrip("\n") + "\trequirement\n"


def test_requirement_column_default_and_any_row_mandatory(tmp_path):
    text = REQUIRED_HEADER + (
        "C008\toctreotide\t\t奥曲肽\t\tpreferred\tINN\t\tmandatory\n"
        "C008\toctreotide\t\t奥曲太\t\tforbidden\t\t\t\n"  # empty cell: the other row decides
        "C027\tchemotherapy\t\t化疗\t\tpreferred\t\t\tRecommended\n"
        "C028\tpancreas\t\t胰腺\t\tpreferred\t\t\t\n"
    )
    glossary = read_glossary(write(tmp_path, "g.tsv", text))
    assert [c.id for c in glossary.concepts.values() if c.mandatory] == ["C008"]
    assert not read_glossary(write(tmp_path, "h.tsv", HEADER + ROWS)).concepts["C001"].mandatory  # no column


def test_unknown_requirement_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, "g.tsv", REQUIRED_HEADER + "C1\tx\t\t甲乙\t\tpreferred\t\t\tsometimes\n")
    with pytest.raises(InputError, match=r"g.tsv:2: unknown requirement 'sometimes'"):
        read_glossary(path)


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".tbx"])
def test_requirement_round_trips(tmp_path, suffix):
    glossary = read_glossary(STARTER_GLOSSARY)
    path = tmp_path / f"g{suffix}"
    write_glossary(glossary, path)
    again = read_glossary(path)
    assert {c.id: c.requirement for c in again.concepts.values()} == \
        {c.id: c.requirement for c in glossary.concepts.values()}
    assert glossary_hash(again) == glossary_hash(glossary)


def test_tbx_requirement_as_descrip(tmp_path):
    tbx = ('<?xml version="1.0"?><tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>'
           '<conceptEntry id="C9"><descrip type="requirement">mandatory</descrip>'
           '<langSec xml:lang="en"><termSec><term>lanreotide</term></termSec></langSec>'
           '<langSec xml:lang="zh"><termSec><term>兰瑞肽</term></termSec></langSec></conceptEntry>'
           '<conceptEntry id="C10"><langSec xml:lang="en"><termSec><term>everolimus</term></termSec></langSec>'
           '<langSec xml:lang="zh"><termSec><term>依维莫司</term></termSec></langSec></conceptEntry>'
           '</body></text></tbx>')
    glossary = read_glossary(write(tmp_path, "g.tbx", tbx))
    assert glossary.concepts["C9"].mandatory and not glossary.concepts["C10"].mandatory


def test_hash_marks_mandatory_only(tmp_path):
    plain = read_glossary(write(tmp_path, "a.tsv", HEADER + ROWS))
    same = read_glossary(write(tmp_path, "b.tsv", REQUIRED_HEADER + ROWS.replace("\n", "\tpreferred\n")))
    strict = read_glossary(write(tmp_path, "c.tsv", REQUIRED_HEADER + ROWS.replace("\n", "\tmandatory\n")))
    assert glossary_hash(plain) == glossary_hash(same) != glossary_hash(strict)


@pytest.mark.parametrize("lenient", [False, True])
def test_tbx_comments_and_processing_instructions_are_skipped(tmp_path, lenient):
    """Tools put comments and processing instructions anywhere; they carry no terms or notes."""
    tbx = ('<?xml version="1.0"?><tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>'
           '<conceptEntry id="C9"><!-- exported by tool X --><?tool-x keep?>'
           '<note>bitext:requirement=mandatory</note>'
           '<langSec xml:lang="en"><termSec><term>lanreotide</term></termSec></langSec>'
           '<langSec xml:lang="zh"><termSec><!-- checked --><term>兰瑞肽</term><?tool-x id=4?>'
           '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>'
           '</conceptEntry></body></text></tbx>')
    glossary = read_glossary(write(tmp_path, "g.tbx", tbx), lenient=lenient)
    assert not glossary.warnings
    concept = glossary.concepts["C9"]
    assert concept.mandatory
    assert [(t.text, t.status) for t in concept.zh] == [("兰瑞肽", Status.PREFERRED)]


def test_status_and_requirement_parse_share_alias_rules():
    from bitext.glossary.model import Requirement

    assert Status.parse(" deprecatedTerm-admn-sts ") is Status.DISCOURAGED
    assert Status.parse("Keep_Latin") is Status.KEEP_LATIN
    assert Requirement.parse(" Required ") is Requirement.MANDATORY
    assert Requirement.parse("") is Requirement.PREFERRED
    for parse, bad in ((Status.parse, "maybe"), (Requirement.parse, "sometimes")):
        with pytest.raises(ValueError, match=bad):
            parse(bad)


def test_a_two_column_term_list_is_a_glossary(tmp_path):
    """en_term and zh_term alone: the English term names the concept, every term is preferred."""
    from bitext.glossary import validate_glossary

    path = write(tmp_path, "terms.tsv", "en_term\tzh_term\nLanreotide\t兰瑞肽\nlanreotide \t兰瑞肽\n"
                 "Neuroendocrine tumor\t神经内分泌瘤\n", "utf-8")
    glossary = read_glossary(path)
    concepts = {t.concept_id for t in glossary.terms()}
    assert concepts == {"lanreotide", "neuroendocrine tumor"}
    assert {t.status for t in glossary.terms() if t.lang == "zh"} == {Status.PREFERRED}
    assert not [p for p in validate_glossary(path) if p.severity == "error"]
    csv_path = write(tmp_path, "terms.csv", "zh_term,en_term\n奥曲肽,octreotide\n", "utf-8")
    zh_terms = [(t.text, t.concept_id) for t in read_glossary(csv_path).terms() if t.lang == "zh"]
    assert zh_terms == [("奥曲肽", "octreotide")]
