"""Hostile input to the commands the other files here reach less: score, glossary check, models."""

from __future__ import annotations

import os

import pytest
from bad_input_helpers import EN, ROOT, ZH, assert_input_error, run_bitext


def test_score_reference_not_utf8_names_its_line(tmp_path):
    hyp = tmp_path / "hyp.zh"
    hyp.write_text("甲。\n乙。\n", encoding="utf-8")
    ref = tmp_path / "ref.zh"
    ref.write_bytes("甲。\n".encode() + "乙。\n".encode("gb18030"))
    assert_input_error(run_bitext("score", "--hyp", hyp, "--ref", ref, cwd=tmp_path), f"{ref}:2:", "not UTF-8")


def test_glossary_check_tbx_with_a_language_section_without_language(tmp_path):
    """glossary check lists a malformed entry as a problem with its line (exit 1), not a traceback."""
    tbx = tmp_path / "g.tbx"
    tbx.write_text('<?xml version="1.0"?>\n<tbx><text><body>\n<conceptEntry id="c1">\n'
                   "<langSec><termSec><term>兰瑞肽</term></termSec></langSec></conceptEntry>\n"
                   "</body></text></tbx>\n", encoding="utf-8")
    proc = run_bitext("glossary", "check", tbx, cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert f"{tbx}:4:" in proc.stdout and "xml:lang" in proc.stdout


def test_models_path_of_a_name_that_is_a_path(tmp_path):
    proc = run_bitext("models", "path", "../../etc/passwd", cwd=tmp_path)
    assert_input_error(proc, "../../etc/passwd")


def test_segment_of_a_binary_file(tmp_path):
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"GIF89a\x01\x00\x01\x00\x80\xff\x00")
    assert_input_error(run_bitext("segment", blob, cwd=tmp_path), f"{blob}:1:", "not UTF-8")


def test_align_of_a_directory(tmp_path):
    assert_input_error(run_bitext("align", "--src", tmp_path, "--tgt", ZH, cwd=tmp_path), str(tmp_path), "directory")


@pytest.mark.parametrize("content", [b"\xff\xfe{", b"[" * 100_000 + b"]" * 100_000, b'{"version": "x"}', b"null"])
def test_a_malformed_install_marker_means_not_verified(tmp_path, content):
    """A model folder's marker is bitext's own metadata; damaged, the folder counts as unverified."""
    from bitext.models import catalog

    (tmp_path / catalog.MARKER_NAME).write_bytes(content)
    assert catalog.read_marker(tmp_path) is None


def _reviewed_sheet(path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.append(["fingerprints", "reviewer decision"])
    workbook.active.append(["a" * 64, "false alarm"])
    workbook.save(path)


@pytest.mark.parametrize("case", ["text named .txt", "workbook named .xls", "cut-off sheet"])
def test_qa_ignore_from_a_file_that_is_not_a_workbook(tmp_path, case):
    """openpyxl refuses a file for its name (InvalidFileException) and a damaged sheet raises a ParseError:
    both were tracebacks with exit 1. A sound workbook under another name is read."""
    import zipfile

    sheet = tmp_path / "reviewed.xlsx"
    _reviewed_sheet(sheet)
    if case == "text named .txt":
        sheet = tmp_path / "reviewed.txt"
        sheet.write_text("fingerprints\treviewer decision\n", encoding="utf-8")
    elif case == "workbook named .xls":
        sheet = sheet.rename(tmp_path / "reviewed.xls")
    else:
        with zipfile.ZipFile(sheet) as whole:
            parts = {name: whole.read(name) for name in whole.namelist()}
        with zipfile.ZipFile(sheet, "w") as damaged:
            for name, data in parts.items():
                damaged.writestr(name, data[: len(data) // 2] if name.endswith("sheet1.xml") else data)
    ignore = tmp_path / "ignore"
    proc = run_bitext("qa", "--src", EN, "--tgt", ZH, "--ignore-from", sheet, "--ignore-file", ignore, cwd=tmp_path)
    if case == "workbook named .xls":
        assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
        assert "a" * 64 in ignore.read_text(encoding="utf-8")
    else:
        assert_input_error(proc, f"{sheet}: not an xlsx workbook")
        assert not ignore.exists()


CANDIDATES = "en_term\tzh_term\tdecision\noctreotide\t奥曲肽\taccept\n"


@pytest.mark.parametrize("case, fragments", [
    ("candidates in UTF-16", ["c.tsv:1:", "UTF-16", "iconv -f UTF-16 "]),
    ("a NUL in the candidates", ["c.tsv:2:", "NUL byte"]),
    ("into a TBX glossary", ["g.tbx: a TBX file", "tab-separated"]),
    ("into a CSV glossary", ["g.csv: a CSV file", "tab-separated"]),
])
def test_glossary_merge_of_files_it_cannot_read(tmp_path, case, fragments):
    """UTF-16 was 'not UTF-8 text (byte 0)' (an offset that reads as a byte value) with no line, a NUL went
    into the glossary, and a TBX or CSV glossary 'lacked the columns' en_term and zh_term it has."""
    candidates, glossary = tmp_path / "c.tsv", tmp_path / "g.tsv"
    candidates.write_text(CANDIDATES, encoding="utf-8")
    glossary.write_text("concept_id\ten_term\ten_variants\tzh_term\tzh_admitted_variants\tstatus\tnote\n",
                        encoding="utf-8")
    if case == "candidates in UTF-16":
        candidates.write_bytes(CANDIDATES.encode("utf-16"))
    elif case == "a NUL in the candidates":
        candidates.write_text(CANDIDATES.replace("octreotide", "octreo\0tide"), encoding="utf-8")
    elif case == "into a TBX glossary":
        glossary = tmp_path / "g.tbx"
        glossary.write_text('<?xml version="1.0"?><tbx><text><body></body></text></tbx>\n', encoding="utf-8")
    else:
        glossary = tmp_path / "g.csv"
        glossary.write_text("concept_id,en_term,en_variants,zh_term,zh_admitted_variants,status,note\n",
                            encoding="utf-8")
    before = glossary.read_bytes()
    assert_input_error(run_bitext("glossary", "merge", candidates, "--into", glossary, cwd=tmp_path), *fragments)
    assert glossary.read_bytes() == before


def test_glossary_merge_of_candidates_with_carriage_return_line_ends(tmp_path):
    """Lines ending in a lone CR (classic Mac) failed with Python's csv advice to 'open the file in
    universal-newline mode'."""
    candidates, glossary = tmp_path / "c.tsv", tmp_path / "g.tsv"
    candidates.write_bytes(CANDIDATES.replace("\n", "\r").encode("utf-8"))
    proc = run_bitext("glossary", "merge", candidates, "--into", glossary, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "奥曲肽" in glossary.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("corpus", ["abstracts.parquet", "s3://bucket/abstracts.parquet"])
@pytest.mark.parametrize("command", [("qa",), ("align",), ("glossary", "build")])
def test_parquet_without_pyarrow_names_the_extra(tmp_path, command, corpus):
    """A default install has no pyarrow: a Parquet corpus (local or at a URI) was a ModuleNotFoundError
    traceback with exit 1; it is one line naming the file and the extra that reads it."""
    blocker = tmp_path / "no-pyarrow" / "pyarrow"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError(\"No module named 'pyarrow'\")\n", encoding="utf-8")
    if not corpus.startswith("s3:"):
        (tmp_path / corpus).write_bytes(b"PAR1")
    env = {"PYTHONPATH": os.pathsep.join([str(blocker.parent), str(ROOT)])}
    proc = run_bitext(*command, corpus, cwd=tmp_path, env=env)
    assert_input_error(proc, corpus, "needs pyarrow", "pip install 'bitext[parquet]'")


@pytest.mark.parametrize("name, content", [("g.tsv", b""), ("g.csv", b"\xef\xbb\xbf\r\n"), ("g.tbx", b"\n")])
def test_an_empty_glossary_is_named_empty(tmp_path, name, content):
    """An empty glossary (a spreadsheet saved before anything was typed) was reported as "g.tsv:1: header
    lacks column(s) concept_id, en_term, zh_term, status", as if a header were there; it is "g.tsv: empty",
    exit 2, in qa and in glossary check alike."""
    glossary = tmp_path / name
    glossary.write_bytes(content)
    for args in (("qa", "--src", EN, "--tgt", ZH, "-g", glossary), ("glossary", "check", glossary)):
        line = assert_input_error(run_bitext(*args, cwd=tmp_path), f"{glossary}: empty")
        assert "header lacks" not in line


def _office_file(path, kind):
    import zipfile

    if kind == "xlsx":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/sharedStrings.xml", "<sst><si><t>兰瑞肽 \u00e9</t></si></sst>")
    elif kind == "doc":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4)
    else:
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    return path


@pytest.mark.parametrize("kind, what", [("xlsx", "Word, Excel or OpenDocument"), ("doc", "Word or Excel 97-2003"),
                                        ("pdf", "PDF")])
def test_an_office_file_is_named_as_such_not_as_a_wrong_encoding(tmp_path, kind, what):
    """A translator's glossary is often an .xlsx and a text a .docx or a PDF: they were reported as "not UTF-8
    (invalid byte 0x83) (convert it first, e.g. iconv -f GB18030 ...)", advice that cannot work; the message
    now says what the file is and to save it as text (a glossary: as CSV UTF-8)."""
    office = _office_file(tmp_path / f"terms.{kind}", kind)
    for args, wanted in ((("qa", "--src", office, "--tgt", ZH), "not plain text"),
                         (("qa", office), "not plain text"),
                         (("segment", office), "not plain text"),
                         (("qa", "--src", EN, "--tgt", ZH, "-g", office), "not a TSV, CSV or TBX glossary"),
                         (("glossary", "check", office), "not a TSV, CSV or TBX glossary")):
        line = assert_input_error(run_bitext(*args, cwd=tmp_path), f"{office}: ", what, wanted)
        assert "iconv" not in line and "JSON" not in line
