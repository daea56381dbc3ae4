"""The HTML report in a real browser (headless Chromium, --dump-dom): its filters, and a reviewer's
dismissals, the downloaded ignore file and the local storage that keeps both across reloads."""

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


def dump_dom(html: str, fragment: str, tmp_path: Path, profile: Path | None = None) -> lxml.html.HtmlElement:
    """The page's DOM once its scripts ran. With ``profile``, the browser profile (local storage
    included) is kept there for the next call; without, a fresh one is used and removed."""
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    keep = profile is not None
    profile = profile or tmp_path / "profile"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--dump-dom", page.as_uri() + fragment]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)
    finally:
        if not keep:
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


# What a reviewer does, as a script run after the page's own: dismiss the stray commas and the changed
# number, pick document "b", and press "Download ignore file" (the file's text is caught on its way
# into the Blob the download is made from, and put in the page for the test to read).
REVIEWER = """<script>
(function () {
  var caught = null, RealBlob = window.Blob;
  window.Blob = function (parts, options) { caught = parts.join(''); return new RealBlob(parts, options); };
  HTMLAnchorElement.prototype.click = function () {};
  ['punctuation.halfwidth_in_cjk', 'numbers.mismatch'].forEach(function (check) {
    document.querySelector('li.finding[data-check="' + check + '"] button.dismiss').click();
  });
  var menu = document.querySelector('select[name=document]');
  menu.value = 'b';
  menu.dispatchEvent(new Event('change', {bubbles: true}));
  document.getElementById('download-ignore').click();
  var out = document.createElement('pre');
  out.id = 'downloaded';
  out.textContent = caught;
  document.body.appendChild(out);
})();
</script>
"""

TWO_DOCUMENTS = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence"/><body>
<tu><prop type="x-doc">a</prop><tuv xml:lang="en"><seg>Fever, cough, fatigue, and headache were common.</seg></tuv>
    <tuv xml:lang="zh-CN"><seg>发热,咳嗽,乏力,头痛常见。</seg></tuv></tu>
<tu><prop type="x-doc">b</prop><tuv xml:lang="en"><seg>Survival was 24 months.</seg></tuv>
    <tuv xml:lang="zh-CN"><seg>生存期为36个月。</seg></tuv></tu>
<tu><prop type="x-doc">b</prop><tuv xml:lang="en"><seg>Patients improved ( slowly).</seg></tuv>
    <tuv xml:lang="zh-CN"><seg>患者（缓慢)好转。</seg></tuv></tu>
</body></tmx>
"""


def test_dismiss_two_download_and_rerun(cli, tmp_path):
    import json

    from bitext.qa.ignore import parse_ignore

    corpus = tmp_path / "m.tmx"
    corpus.write_text(TWO_DOCUMENTS, encoding="utf-8")
    first = cli("qa", corpus, "-f", "json", "--ignore-file", tmp_path / "none")
    before = json.loads(first.stdout)["findings"]
    checks = [f["check"] for f in before]
    assert {"punctuation.halfwidth_in_cjk", "numbers.mismatch"} < set(checks)  # and more, which stay
    html = cli("qa", corpus, "-f", "html", "--ignore-file", tmp_path / "none").stdout
    profile = tmp_path / "kept-profile"

    tree = dump_dom(html.replace("</body>", REVIEWER + "</body>"), "", tmp_path, profile)
    dismissed = [li.get("data-check") for li in tree.xpath("//li[contains(@class, 'dismissed')]")]
    assert dismissed == ["punctuation.halfwidth_in_cjk", "numbers.mismatch"]
    assert tree.xpath("string(//output[@id='dismissed-count'])") == "2"
    assert tree.get_element_by_id("filters").get("data-active") == "severity=error,warning,info,none&document=b"
    downloaded = tree.get_element_by_id("downloaded").text_content()
    assert downloaded.startswith("# bitext ignore file")
    entries = parse_ignore(downloaded).entries  # the format --ignore-file reads
    expected = [fp for f in before if f["check"] in dismissed for fp in f["fingerprints"]]
    assert list(entries) == expected and len(expected) == 4  # three commas (one grouped finding) and a number

    ignore = tmp_path / "bitext-ignore.txt"
    ignore.write_text(downloaded, encoding="utf-8")
    rerun = cli("qa", corpus, "-f", "json", "--ignore-file", ignore)
    after = json.loads(rerun.stdout)
    assert [f["check"] for f in after["findings"]] == [c for c in checks if c not in dismissed]
    assert after["summary"]["dismissed"] == 4 and after["stale_ignores"] == []

    # a reload (a new browser process, the same profile): the dismissals and the filter are still there
    reloaded = dump_dom(html, "", tmp_path, profile)
    assert [li.get("data-check") for li in reloaded.xpath("//li[contains(@class, 'dismissed')]")] == dismissed
    assert reloaded.get_element_by_id("filters").get("data-active").endswith("&document=b")
    sections = {s.get("data-document"): s.get("hidden") is not None for s in reloaded.xpath("//section")}
    assert sections == {"a": True, "b": False}
    # the report made with the downloaded file offers it again, whole, for the next download
    html2 = cli("qa", corpus, "-f", "html", "--ignore-file", ignore).stdout
    again = dump_dom(html2.replace("</body>", REVIEWER.replace("numbers.mismatch", "punctuation.mixed_width_pair")
                                   .replace("'punctuation.halfwidth_in_cjk', ", "") + "</body>"), "", tmp_path)
    assert set(expected) < set(parse_ignore(again.get_element_by_id("downloaded").text_content()).entries)
