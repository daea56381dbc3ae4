"""``--format xliff``: findings written back into the XLIFF input as ITS 2.0 Localization Quality
Issues, every other byte of the file kept; and how TMX units are grouped into documents."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
import regex
from lxml import etree

from bitext.io.inputs import load_inputs
from bitext.io.xliff import read_xliff
from bitext.qa.pipeline import QAInput, QARequest, run_qa
from bitext.report import render
from bitext.report.xliff_its import ITS_NS, annotate_xliff

SHARED_TMX = Path(__file__).resolve().parents[3] / "shared" / "eval" / "tico19-dev" / "dev.tmx"

# Odd but valid formatting on purpose: a comment holding a fake tag, CDATA, an attribute value with
# ">", single quotes, a unit without text, a unit without findings, CRLF line ends.
XLIFF_12 = ("""<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by hand: <trans-unit id="fake"> -->
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="abstract.txt" source-language="en" target-language="zh-CN" datatype="plaintext">
    <body>
      <trans-unit id="1" resname='a > b'>
        <source>Survival was 24 months.</source>
        <target state="translated">生存期为36个月。</target>
        <note>checked</note>
      </trans-unit>
      <trans-unit id="empty"><source></source><target></target></trans-unit>
      <trans-unit   id="2"
          approved="no"><source><![CDATA[Fever, cough, and fatigue.]]></source>
        <target>发热,咳嗽,乏力。</target></trans-unit>
      <trans-unit id="3"><source>Patients improved.</source><target>患者好转。</target></trans-unit>
    </body>
  </file>
</xliff>
""").replace("\n", "\r\n")

XLIFF_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="zh-CN">
  <file id="f1">
    <unit id="u1">
      <notes><note>two segments</note></notes>
      <segment id="s1"><source>Patients improved.</source><target>患者好转。</target></segment>
      <segment id="s2"><source>Survival was 24 months.</source><target>生存期为36个月。</target></segment>
    </unit>
    <unit id="u2"><segment><source>Patients improved.</source><target>患者好转。</target></segment></unit>
  </file>
</xliff>
"""

_INSERTED = regex.compile(r' xmlns:its="[^"]*" its:version="2\.0" its:locQualityIssuesRef="#bitext-lqi-\d+"'
                          r'|<its:locQualityIssues xml:id="bitext-lqi-\d+">.*?</its:locQualityIssues>')


def check(path: Path):
    return run_qa(QARequest(QAInput(corpus=str(path)), ignore_file=path.parent / "none", similarity=False)).report


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def issues(tree, unit_tag: str) -> dict[str, list[dict]]:
    ns = {"x": tree.nsmap[None], "its": ITS_NS}
    out = {}
    for unit in tree.iterfind(f".//x:{unit_tag}", ns):
        found = unit.findall("its:locQualityIssues/its:locQualityIssue", ns)
        ref = unit.get(f"{{{ITS_NS}}}locQualityIssuesRef")
        if found:
            standoff = unit.find("its:locQualityIssues", ns)
            assert ref == "#" + standoff.get("{http://www.w3.org/XML/1998/namespace}id")
        else:
            assert ref is None
        out[unit.get("id")] = [dict(issue.attrib) for issue in found]
    return out


def test_xliff_12_round_trip(workspace):
    source = workspace / "a.xlf"
    source.write_bytes(XLIFF_12.encode("utf-8"))
    annotated = annotate_xliff(check(source), source)
    assert source.read_bytes() == XLIFF_12.encode("utf-8")  # the input is untouched
    assert _INSERTED.sub("", annotated.decode("utf-8")).encode("utf-8") == source.read_bytes()  # all else kept
    tree = etree.fromstring(annotated)
    found = issues(tree, "trans-unit")
    assert found["empty"] == [] and found["3"] == []
    assert [i["locQualityIssueType"] for i in found["1"]] == ["numbers"]
    assert found["1"][0]["locQualityIssueSeverity"] == "90"
    assert found["1"][0]["locQualityIssueComment"].startswith("numbers.mismatch: 24 in the source")
    (commas,) = found["2"]  # two stray commas: one grouped issue
    assert commas["locQualityIssueType"] == "typographical" and "(2 times)" in commas["locQualityIssueComment"]
    assert commas["locQualityIssueSeverity"] == "50"
    # last in the trans-unit, after the note, as XLIFF 1.2 places other namespaces' elements
    first = tree.find(".//{urn:oasis:names:tc:xliff:document:1.2}trans-unit")
    assert etree.QName(first[-1]).localname == "locQualityIssues"
    before = read_xliff(source.read_bytes())
    assert read_xliff(annotated).units == before.units  # CAT tools read the same text


def test_xliff_2_round_trip(workspace):
    source = workspace / "b.xlf"
    source.write_text(XLIFF_20, encoding="utf-8")
    annotated = annotate_xliff(check(source), source)
    assert _INSERTED.sub("", annotated.decode("utf-8")) == XLIFF_20
    tree = etree.fromstring(annotated)
    found = issues(tree, "unit")
    assert [i["locQualityIssueType"] for i in found["u1"]] == ["numbers"]  # the second segment's
    assert found["u2"] == []
    unit = tree.find(".//{urn:oasis:names:tc:xliff:document:2.0}unit")
    assert etree.QName(unit[0]).localname == "locQualityIssues"  # first in a 2.x unit


def test_clean_file_is_written_back_unchanged(workspace):
    source = workspace / "c.xlf"
    source.write_text(XLIFF_20.replace("36", "24"), encoding="utf-8")
    assert annotate_xliff(check(source), source) == source.read_bytes()


def test_cli_writes_the_annotated_copy_and_refuses_misuse(cli, workspace):
    source = workspace / "a.xlf"
    source.write_bytes(XLIFF_12.encode("utf-8"))
    out = workspace / "annotated.xlf"
    result = cli("qa", source, "--format", "xliff", "-o", out)
    assert result.exit_code == 1, result.output  # exit codes as for every format
    assert b"its:locQualityIssue " in out.read_bytes()
    same = cli("qa", source, "--format", "xliff", "-o", source)
    assert same.exit_code == 2 and "does not modify its inputs" in same.stderr
    tmx = workspace / "m.tmx"
    tmx.write_text('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>A.</seg></tuv>'
                   '<tuv xml:lang="zh"><seg>甲。</seg></tuv></tu></body></tmx>', encoding="utf-8")
    wrong = cli("qa", tmx, "--format", "xliff", "-o", out)
    assert wrong.exit_code == 2 and "annotates an XLIFF input" in wrong.stderr
    again = cli("qa", out, "--format", "xliff", "-o", workspace / "twice.xlf")
    assert again.exit_code == 2 and "annotate the original file" in again.stderr


def tmx(units: list[tuple[str | None, str, str]]) -> str:
    def unit(doc, en, zh):
        prop = f'<prop type="x-doc">{doc}</prop>' if doc else ""
        return f'<tu>{prop}<tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="zh"><seg>{zh}</seg></tuv></tu>\n'

    body = "".join(unit(*u) for u in units)
    header = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/>'
    return f"{header}<body>\n{body}</body></tmx>\n"


def test_tmx_documents_come_from_x_doc(workspace):
    path = workspace / "grouped.tmx"
    path.write_text(tmx([("d1", "Patients improved.", "患者好转。"),
                         ("d2", "Survival was 24 months.", "生存期为36个月。"),
                         ("d1", "None died.", "无人死亡。")]), encoding="utf-8")
    report = check(path)
    assert [(d.id, len(d.pairs)) for d in report.documents()] == [("d1", 2), ("d2", 1)]
    assert report.notes == () and json.loads(render(report, "json"))["notes"] == []


def test_tmx_without_documents_says_it_is_one(workspace):
    path = workspace / "flat.tmx"
    path.write_text(tmx([(None, "Patients improved.", "患者好转。"),
                         (None, "Survival was 24 months.", "生存期为36个月。")]), encoding="utf-8")
    report = check(path)
    assert [d.id for d in report.documents()] == ["flat"]
    (note,) = report.notes
    assert "no translation unit carries a document property" in note and "one document, 'flat'" in note
    assert json.loads(render(report, "json"))["notes"] == [note]
    assert render(report, "text").startswith(f"note: {note}\n")
    assert html.escape(note) in render(report, "html")


@pytest.mark.skipif(not SHARED_TMX.is_file(), reason="needs ../shared/eval/tico19-dev/dev.tmx")
def test_tico19_dev_keeps_its_documents():
    loaded = load_inputs(QAInput(corpus=str(SHARED_TMX)))
    assert loaded.count == 76 and loaded.notes == []


def _units_read_by_translate_toolkit(path: Path, xliff_version: str) -> list[tuple[str, str, str]]:
    """(id, source, target) of every unit as translate-toolkit reads the file: the XLIFF reader of
    Weblate and Pootle, a CAT-side consumer that knows nothing of bitext."""
    module = pytest.importorskip(f"translate.storage.{'xliff' if xliff_version == '1.2' else 'xliff2'}")
    store = (module.xlifffile if xliff_version == "1.2" else module.Xliff2File).parsefile(str(path))
    return [(unit.getid(), str(unit.source), str(unit.target)) for unit in store.units]


@pytest.mark.parametrize("text, version", [(XLIFF_12, "1.2"), (XLIFF_20, "2.0")])
def test_a_cat_side_reader_reads_the_annotated_file_as_the_original(workspace, text, version):
    source = workspace / "in.xlf"
    source.write_bytes(text.encode("utf-8"))
    annotated = workspace / "annotated.xlf"
    annotated.write_bytes(annotate_xliff(check(source), source))
    assert annotated.read_bytes() != source.read_bytes()  # findings were written
    before = _units_read_by_translate_toolkit(source, version)
    assert before and _units_read_by_translate_toolkit(annotated, version) == before
