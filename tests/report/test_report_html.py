"""The HTML format: self-contained, escaped, well-formed, filterable."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import lxml.html

from bitext.report import render_html

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TagBalance(HTMLParser):
    """Fails on any end tag that does not close the innermost open element (no implied closes)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_well_formed(report):
    out = render_html(report)
    checker = TagBalance()
    checker.feed(out)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    assert out.startswith("<!DOCTYPE html>")


def test_escaped_no_script_from_data(report):
    out = render_html(report)
    # ours at the end, and the ignore entries as JSON data (never run)
    assert len(re.findall(r"<script\b", out, flags=re.I)) == 2
    assert "<script>alert" not in out and "<b>next</b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in out
    tree = lxml.html.fromstring(out)
    assert len(tree.xpath("//script")) == 2
    (data,) = tree.xpath("//script[@type='application/json']")
    assert "<" not in data.text and json.loads(data.text)["lines"][0].startswith(report.dismissed[0].fingerprint)
    cell = tree.xpath("//tbody[@id='nejm-001:1']//td[@lang='zh']")[0]
    assert "<script>alert(1)</script> & 更多" in cell.text_content()


def test_self_contained(report):
    out = render_html(report)
    tree = lxml.html.fromstring(out)
    assert not tree.xpath("//link | //img | //iframe | //script[@src] | //*[@src]")
    assert "http://" not in out and "https://" not in out and "@import" not in out and "url(" not in out
    assert "@media print" in out and "Noto Sans CJK SC" in out


def test_summary_header(report):
    tree = lxml.html.fromstring(render_html(report))
    summary = {dt.text_content(): dd.text_content() for dt, dd in
               zip(tree.xpath("//dl[@class='summary']//dt"), tree.xpath("//dl[@class='summary']//dd"), strict=True)}
    assert summary == {"documents": "2", "pairs": "5", "errors": "3", "warnings": "2", "info": "2",
                       "dismissed": "1", "stale ignores": "1"}
    signature = tree.xpath("//details[@class='signature']")[0].text_content()
    assert "bitext:0.1.0|model:use-m3:abc123|glossary:0f1e" in signature


def test_side_by_side_pairs_and_marks(report):
    tree = lxml.html.fromstring(render_html(report))
    sections = tree.xpath("//section[@class='doc']")
    assert [s.xpath("string(h2)") for s in sections] == ["nejm-001", "doc b"]
    pairs = sections[0].xpath(".//tbody[contains(@class, 'pair')]")
    assert len(pairs) == 3 and len(sections[1].xpath(".//tbody[contains(@class, 'pair')]")) == 2
    first = pairs[0]
    mark = first.xpath(".//td[@lang='zh']/mark[@class='sev-error']")[0]
    assert mark.text == "奥曲太" and mark.get("data-check") == "terminology.forbidden"
    assert first.xpath(".//td[@lang='en']/mark")[0].text == "octreotide"
    assert first.get("data-worst") == "error"
    items = first.xpath(".//li[contains(@class, 'finding')]")
    assert [li.get("data-check") for li in items] == ["terminology.forbidden", "punctuation.space_in_cjk"]
    assert "suggestion: 奥曲肽" in items[0].text_content()
    warn = pairs[1].xpath(".//mark[@class='sev-warning']")[0]
    assert warn.text == "," and warn.get("data-severity") == "warning"
    assert "no target sentence" in pairs[2].text_content()


def test_filters_list_severities_and_used_checks(report):
    tree = lxml.html.fromstring(render_html(report))
    form = tree.get_element_by_id("filters")
    assert form.get("hidden") is not None  # shown by the JS only
    assert [i.get("value") for i in form.xpath(".//input[@name='severity']")] == ["error", "warning", "info", "none"]
    options = [o.get("value") for o in form.xpath(".//select[@name='check']/option")]
    assert options[0] == "" and set(options[1:]) == {f.check for f in report.findings}
