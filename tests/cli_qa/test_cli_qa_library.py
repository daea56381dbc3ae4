"""Library pieces behind ``bitext qa``: the XLIFF reader, ignore files, and run_qa without a model."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_qa_helpers import TMX, XLIFF_12, XLIFF_20

from bitext.errors import ConfigError, InputError
from bitext.io.inputs import input_kind
from bitext.io.xliff import read_xliff
from bitext.qa.findings import Finding, Severity
from bitext.qa.ignore import apply_ignores, format_ignore, parse_ignore, read_ignore, write_ignore
from bitext.qa.pipeline import QAInput, QARequest, fails, run_qa

# -- XLIFF ---------------------------------------------------------------------------------------------


def test_xliff_12_units_groups_and_inline_codes():
    doc = read_xliff(XLIFF_12.encode())
    assert (doc.version, doc.src_lang, doc.tgt_lang) == ("1.2", "en", "zh-CN")
    assert [(u.file, u.id, u.state) for u in doc.units] == [("abstract.txt", "1", "translated"),
                                                            ("abstract.txt", "2", "translated")]
    assert doc.units[1].src == "We treated 12 patients with lanreotide."
    assert doc.units[1].tgt == "我们用兰瑞肽治疗了12例患者。"
    assert doc.units[0].line < doc.units[1].line


def test_xliff_12_native_code_is_dropped():
    xml = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f" '
           'source-language="en" target-language="zh"><body><trans-unit id="1">'
           '<source>A <bpt id="1">&lt;b&gt;</bpt>bold<ept id="1">&lt;/b&gt;</ept> word<ph id="2">{0}</ph>.</source>'
           '</trans-unit></body></file></xliff>')
    unit = read_xliff(xml.encode()).units[0]
    assert unit.src == "A bold word." and unit.tgt == "" and unit.state is None


def test_xliff_20_segments():
    doc = read_xliff(XLIFF_20.encode())
    assert (doc.version, doc.src_lang, doc.tgt_lang) == ("2.0", "en", "zh-CN")
    assert [u.id for u in doc.units] == ["u1", "u2"]
    assert doc.units[1].src == "We treated 12 patients with lanreotide."
    multi = ('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="zh">'
             '<file id="f"><group id="g"><unit id="u1"><segment><source>A.</source><target>甲。</target></segment>'
             '<ignorable><source> </source></ignorable>'
             '<segment id="s2"><source>B.</source><target>乙。</target></segment></unit>'
             '<unit id="u2"><segment><source>C.</source></segment><segment><source>D.</source></segment></unit>'
             '</group></file></xliff>')
    units = read_xliff(multi.encode()).units
    assert [(u.id, u.src, u.tgt) for u in units] == [("u1#1", "A.", "甲。"), ("s2", "B.", "乙。"),
                                                     ("u2#1", "C.", ""), ("u2#2", "D.", "")]


def test_xliff_21_version_accepted():
    doc = read_xliff(XLIFF_20.replace('version="2.0"', 'version="2.1"').encode())
    assert doc.version == "2.1" and len(doc.units) == 2


def test_xliff_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xml = ('<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY big "EXPANDED"><!ENTITY xxe '
           f'SYSTEM "{secret.as_uri()}">]>\n'
           '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f"><body>'
           '<trans-unit id="1"><source>a &big; b &xxe; '
           'c</source><target>甲</target></trans-unit></body></file></xliff>')
    unit = read_xliff(xml.encode()).units[0]
    assert "EXPANDED" not in unit.src and "TOP-SECRET" not in unit.src
    assert unit.src.startswith("a ") and unit.src.endswith(" c")


@pytest.mark.parametrize("xml, fragment", [
    (b"<xliff version='1.2'><file><body><trans-unit id='1'><source>x</body></file></xliff>", "<x>:1: not well-formed"),
    (b"<tmx version='1.4'/>", "not an XLIFF file"),
    (b"<xliff version='3.0'/>", "unsupported XLIFF version"),
    (b"<xliff version='1.2'><file><body><trans-unit id='7'/></body></file></xliff>", "has no <source>"),
    (b"  ", "empty"),
])
def test_xliff_errors(xml, fragment):
    with pytest.raises(InputError) as error:
        read_xliff(xml, "<x>")
    assert fragment in str(error.value)


# -- ignore files --------------------------------------------------------------------------------------

def _finding(fp: str, check: str = "numbers.mismatch") -> Finding:
    return Finding(check, Severity.ERROR, "doc", (0,), (0,), "12 is\nmissing", None, (), fp)


# fingerprints are sha256 hex digests (bitext.qa.findings.fingerprint)
AAA, BBB, CCC, ZZZ = "a" * 64, "b" * 64, "c" * 64, "0" * 64


def test_ignore_parse_comments_and_blank_lines():
    ignores = parse_ignore(f"# header\n\n{AAA}  # numbers.mismatch doc: x\n  {BBB}\n# {CCC}\n{BBB}\n")
    assert ignores.entries == {AAA: 3, BBB: 4}


def test_ignore_apply_and_stale():
    kept, dismissed, stale = apply_ignores([_finding(AAA), _finding(CCC)], parse_ignore(f"{AAA}\n{ZZZ}\n"))
    assert [f.fingerprint for f in kept] == [CCC]
    assert [f.fingerprint for f in dismissed] == [AAA]
    assert stale == [ZZZ]


def test_ignore_write_round_trip(tmp_path):
    path = tmp_path / ".bitext-ignore"
    write_ignore(path, [_finding(AAA), _finding(BBB, "terminology.missing"), _finding(AAA)])
    text = path.read_text(encoding="utf-8")
    assert f"{AAA}  # numbers.mismatch  doc: 12 is missing\n" in text  # message on one line
    assert text.count(AAA) == 1
    assert list(read_ignore(path).entries) == [AAA, BBB]
    assert format_ignore([]).startswith("#")
    assert len(read_ignore(tmp_path / "missing")) == 0
    with pytest.raises(InputError):
        read_ignore(tmp_path / "missing", missing_ok=False)


def test_fails_threshold():
    warning = Finding("numbers.extra", Severity.WARNING, "d", (0,), (0,), "m", None, (), "f")
    assert fails([warning], "warning") and fails([warning], "info") and not fails([warning], "error")
    assert not fails([], "info")


# -- run_qa --------------------------------------------------------------------------------------------

def test_input_kind(tmp_path):
    odd = tmp_path / "memory.xml"
    odd.write_text(TMX, encoding="utf-8")
    assert input_kind(str(odd)) == "tmx"
    odd.write_text(XLIFF_12, encoding="utf-8")
    assert input_kind(str(odd)) == "xliff"
    assert input_kind("x.jsonl") == "jsonl" and input_kind("x.xlf") == "xliff"


def test_run_qa_pre_aligned_without_model(tmp_path):
    path = tmp_path / "m.tmx"
    path.write_text(TMX, encoding="utf-8")
    result = run_qa(QARequest(QAInput(corpus=str(path)), similarity=False, use_cache=False))
    report = result.report
    assert [f.check for f in report.findings] == ["numbers.mismatch"]
    assert report.signature["model"] is None and report.signature["aligner"] == "pre-aligned (tmx)"
    assert report.source_for("m") == str(path)
    assert [s["similarity"] for s in report.pair_scores["m"]] == [None, None]
    assert result.ignore_file == tmp_path / ".bitext-ignore"

    update = run_qa(QARequest(QAInput(corpus=str(path)), similarity=False, use_cache=False, update_ignore=True))
    assert update.report.findings == [] and len(update.report.dismissed) == 1
    assert not (tmp_path / ".bitext-ignore").exists()  # written once the caller has its report out
    assert update.write_ignore() == 1 and update.ignore_written == 1
    assert (tmp_path / ".bitext-ignore").is_file()


def test_run_qa_validates_before_anything(tmp_path):
    with pytest.raises(ConfigError):
        run_qa(QARequest(QAInput()))
    with pytest.raises(InputError):
        run_qa(QARequest(QAInput(corpus=str(tmp_path / "x.tmx"))))
    assert not any(Path(tmp_path).iterdir())
