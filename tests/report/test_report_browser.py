"""The HTML report's filters in a real browser (headless Chromium, --dump-dom)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from bitext.report import render_html

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]


def dump_dom(html: str, fragment: str, tmp_path: Path) -> lxml.html.HtmlElement:
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    profile = tmp_path / "profile"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--dump-dom", page.as_uri() + fragment]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    return lxml.html.fromstring(done.stdout)


def pairs(tree) -> dict[str, bool]:
    """Pair id -> hidden."""
    return {tb.get("id"): tb.get("hidden") is not None for tb in tree.xpath("//tbody[contains(@class, 'pair')]")}


def test_severity_filter_from_url_fragment(report, tmp_path):
    tree = dump_dom(render_html(report), "#severity=error", tmp_path)
    assert tree.get_element_by_id("filters").get("hidden") is None  # the JS ran
    assert pairs(tree) == {"nejm-001:0": False, "nejm-001:1": False, "nejm-001:2": False,
                           "doc_b:0": True,  # warning + info only
                           "doc_b:1": True}  # no findings
    assert tree.get_element_by_id("filters").get("data-active") == "severity=error"  # checkboxes set from the URL
    # inside a shown pair, the warning finding and its mark are filtered too
    second = tree.get_element_by_id("nejm-001:1")
    hidden = {li.get("data-check"): li.get("hidden") is not None for li in second.xpath(".//li")}
    assert hidden == {"numbers.mismatch": False, "punctuation.halfwidth_in_cjk": True}
    assert "off" in second.xpath(".//mark[@class and @data-severity='warning']")[0].get("class")
    assert tree.xpath("string(//section[@id='doc-1']//span[@class='shown'])") == "0 of 2 pairs shown"


def test_check_filter_from_url_fragment(report, tmp_path):
    tree = dump_dom(render_html(report), "#severity=error,warning,info&check=acronyms.missing", tmp_path)
    shown = [pid for pid, hidden in pairs(tree).items() if not hidden]
    assert shown == ["doc_b:0"]
    assert tree.get_element_by_id("filters").get("data-active") == "severity=error,warning,info&check=acronyms.missing"
    items = tree.get_element_by_id("doc_b:0").xpath(".//li")
    assert [li.get("hidden") is not None for li in items] == [False, True]  # style.length_ratio filtered out


def test_no_fragment_shows_everything(report, tmp_path):
    tree = dump_dom(render_html(report), "", tmp_path)
    assert not any(pairs(tree).values())
    assert tree.get_element_by_id("filters").get("data-active") == "severity=error,warning,info,none"
    assert not tree.xpath("//mark[contains(@class, 'off')]")
