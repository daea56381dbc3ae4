"""The reviewer's spreadsheet (``--format xlsx``) and its way back (``--ignore-from``)."""

from __future__ import annotations

import io

import pytest
from report_sample import COMMA_TMX

openpyxl = pytest.importorskip("openpyxl")

from bitext.errors import InputError  # noqa: E402
from bitext.qa.review import COLUMNS, DECISION, read_reviewed  # noqa: E402
from bitext.report.xlsx import xlsx_bytes  # noqa: E402


def rows(data: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["findings"]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_one_row_per_finding_with_an_empty_decision_from_a_list(report):
    data = xlsx_bytes(report)
    assert data == xlsx_bytes(report)  # the same bytes every time
    found = rows(data)
    assert len(found) == 7 and list(found[0]) == list(COLUMNS)
    first = found[0]
    assert (first["check"], first["severity"], first["suggestion"]) == ("terminology.forbidden", "error", "奥曲肽")
    assert first["source"].startswith("Patients received") and first["target"].startswith("患者每28天")
    assert first["fingerprints"] == report.findings[0].fingerprint and first[DECISION] is None
    sheet = openpyxl.load_workbook(io.BytesIO(data))["findings"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and "false alarm" in validation.formula1
    assert "L2" in str(validation.sqref)  # the decision column (L), from the first finding's row on


def test_text_that_looks_like_a_formula_stays_text(report):
    report.alignments[1].document.tgt[0] = "=HYPERLINK(\"http://x\")\x01"
    target = [r["target"] for r in rows(xlsx_bytes(report)) if r["document"] == "doc b"][0]
    assert target == "=HYPERLINK(\"http://x\")\ufffd"


def review(path, decisions: dict[str, str]) -> None:
    """Mark rows (by check id) as a reviewer would, in a spreadsheet program."""
    book = openpyxl.load_workbook(path)
    sheet = book["findings"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        decision = decisions.get(row[header.index("check")].value)
        if decision:
            row[header.index(DECISION)].value = decision
            row[header.index("reviewer comment")].value = "house style allows it"
    book.save(path)


def test_round_trip_false_alarms_become_ignore_entries(cli, tmp_path):
    corpus = tmp_path / "m.tmx"
    corpus.write_text(COMMA_TMX, encoding="utf-8")
    sheet = tmp_path / "review.xlsx"
    first = cli("qa", corpus, "-f", "xlsx", "-o", sheet)
    assert first.exit_code == 1, first.output
    assert {r["check"] for r in rows(sheet.read_bytes())} == {"punctuation.halfwidth_in_cjk", "numbers.mismatch"}

    review(sheet, {"punctuation.halfwidth_in_cjk": "False alarm", "numbers.mismatch": "to fix"})
    entries = read_reviewed(sheet)
    assert len(entries) == 3  # the three commas of the grouped row
    assert "house style allows it" in entries[0].comment

    second = cli("qa", corpus, "-f", "json", "--ignore-from", sheet)
    assert second.exit_code == 1, second.output  # numbers.mismatch is still an error
    assert "added 3 false alarm(s)" in second.stderr
    import json

    report = json.loads(second.stdout)
    assert [f["check"] for f in report["findings"]] == ["numbers.mismatch"]
    assert report["summary"]["dismissed"] == 3 and report["stale_ignores"] == []
    ignore = (tmp_path / ".bitext-ignore").read_text(encoding="utf-8")
    assert ignore.startswith("# bitext ignore file") and ignore.count("reviewed: false alarm") == 3

    third = cli("qa", corpus, "-f", "json", "--ignore-from", sheet)  # nothing new to add: the file stays
    assert "added" not in third.stderr and (tmp_path / ".bitext-ignore").read_text(encoding="utf-8") == ignore
    assert [f["check"] for f in json.loads(third.stdout)["findings"]] == ["numbers.mismatch"]


def test_bad_inputs_are_one_line_errors(cli, tmp_path):
    corpus = tmp_path / "m.tmx"
    corpus.write_text(COMMA_TMX, encoding="utf-8")
    no_output = cli("qa", corpus, "-f", "xlsx")
    assert no_output.exit_code == 2 and "--format xlsx writes a file" in no_output.stderr
    (tmp_path / "bitext.toml").write_text('format = "xlsx"\n', encoding="utf-8")  # not a flag: name the file
    from_config = cli("qa", corpus)
    assert from_config.exit_code == 2 and "bitext.toml: format = 'xlsx' writes a file" in from_config.stderr
    assert "--format" not in from_config.stderr
    (tmp_path / "bitext.toml").unlink()
    not_xlsx = tmp_path / "r.xlsx"
    not_xlsx.write_text("document,check\n", encoding="utf-8")
    bad = cli("qa", corpus, "--ignore-from", not_xlsx)
    assert bad.exit_code == 2 and f"{not_xlsx}: not an xlsx workbook" in bad.stderr
    book = openpyxl.Workbook()
    book.active.append(["check", "message"])
    book.save(not_xlsx)
    with pytest.raises(InputError, match="has no column 'fingerprints', 'reviewer decision'"):
        read_reviewed(not_xlsx)
