"""Repeats of one finding in a pair are reported once, with a count and every span; the summary
by check heads the text and HTML reports; fingerprints and ignore files work as before grouping."""

from __future__ import annotations

import json

import lxml.html
import pytest
from report_sample import COMMA_TMX

from bitext.qa.findings import group_repeats
from bitext.qa.ignore import format_ignore, parse_ignore
from bitext.qa.pipeline import QAInput, QARequest, run_qa
from bitext.report import render


@pytest.fixture
def tmx(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "m.tmx"
    path.write_text(COMMA_TMX, encoding="utf-8")
    return path


def qa(path, ignore_file=None):
    request = QARequest(QAInput(corpus=str(path)), ignore_file=ignore_file, similarity=False)
    return run_qa(request).report


def commas(findings):
    return [f for f in findings if f.check == "punctuation.halfwidth_in_cjk"]


def test_three_stray_commas_are_one_finding_with_three_spans(tmx):
    report = qa(tmx)
    assert len(commas(report.findings)) == 3  # the library's flat list keeps every occurrence
    grouped = commas(report.iter_findings())
    assert len(grouped) == 1
    group = grouped[0]
    assert group.count == 3 and [s.start for s in group.spans] == [2, 5, 8]
    assert group.fingerprints == tuple(f.fingerprint for f in commas(report.findings))
    assert group.fingerprint == group.fingerprints[0]  # the first occurrence's, as before grouping
    assert report.summary().counts["warning"] == 3  # counts are occurrences
    data = json.loads(render(report, "json"))
    found = [f for f in data["findings"] if f["check"] == "punctuation.halfwidth_in_cjk"]
    assert len(found) == 1 and found[0]["count"] == 3 and len(found[0]["fingerprints"]) == 3
    text = render(report, "text")
    assert text.count("punctuation.halfwidth_in_cjk: half-width ',' in Chinese text; use ， (3 times)") == 1
    assert "发热«,»咳嗽«,»乏力«,»头痛常见。" in text


def test_ignore_files_dismiss_occurrences(tmx, tmp_path):
    first = qa(tmx)
    occurrences = commas(first.findings)
    ignore = tmp_path / "ignore"
    ignore.write_text(format_ignore(occurrences[:2]), encoding="utf-8")  # an old file: one line per occurrence
    report = qa(tmx, ignore)
    left = commas(report.iter_findings())
    assert len(left) == 1 and left[0].count == 1 and left[0].fingerprint == occurrences[2].fingerprint
    assert report.summary().dismissed == 2 and report.stale_ignores == []
    ignore.write_text(format_ignore(occurrences), encoding="utf-8")
    assert commas(qa(tmx, ignore).iter_findings()) == []


def test_a_finding_that_does_not_repeat_is_unchanged(tmx):
    report = qa(tmx)
    mismatch = [f for f in report.findings if f.check == "numbers.mismatch"]
    assert group_repeats(mismatch) == mismatch and mismatch[0].members == (mismatch[0].fingerprint,)


def test_summary_by_check_heads_text_and_html(tmx):
    report = qa(tmx)
    tallies = {t.check: t for t in report.summary().by_check}
    assert (tallies["punctuation.halfwidth_in_cjk"].count, tallies["punctuation.halfwidth_in_cjk"].findings) == (3, 1)
    assert tallies["numbers.mismatch"].pair == 1 and tallies["numbers.mismatch"].severity == "error"
    text = render(report, "text").splitlines()
    assert text[0].startswith("note: ") and text[1] == ""  # this TMX has no documents: said first
    text = text[2:]
    assert text[0].split() == ["check", "severity", "count", "first"]
    rows = {line.split()[0]: line.split()[1:] for line in text[1:3]}
    assert rows["punctuation.halfwidth_in_cjk"] == ["warning", "3", "m:0"]
    assert rows["numbers.mismatch"] == ["error", "1", "m:1"]
    page = lxml.html.fromstring(render(report, "html"))
    row = page.xpath("//table[@class='by-check']//tr[@data-check='numbers.mismatch']")[0]
    link = row.xpath(".//a/@href")[0]
    assert row.xpath("string(td[@class='num'])") == "1"
    assert page.xpath(f"//tbody[@id='{link[1:]}']//li[@data-check='numbers.mismatch']")  # the link reaches it


def test_update_ignore_lists_every_occurrence(tmx):
    entries = parse_ignore(format_ignore(qa(tmx).every_finding())).entries
    assert {f.fingerprint for f in commas(qa(tmx).findings)} <= set(entries)
