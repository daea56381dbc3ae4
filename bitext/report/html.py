"""One self-contained HTML file for translators and reviewers.

Inline CSS and a little inline JS, no external resource. A summary header (documents,
pairs, findings by severity, signature), then per document a side-by-side table of the
aligned sentences with the offending spans marked in place
(``<mark class="sev-error" data-check="…" data-severity="…">``) and the findings listed
under each pair. Every piece of data goes through ``html.escape``.

Filters (severity checkboxes, "pairs without findings", a check selector) hide pairs with
the ``hidden`` attribute. They are mirrored in the URL fragment, so a link can carry them:
``report.html#severity=error`` shows only pairs with errors,
``#severity=error,warning&check=numbers.mismatch`` only that check's errors and warnings
(a ``?severity=…`` query works too). Without JS every pair is shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape

from bitext.qa.findings import Finding
from bitext.qa.report import ReportBase
from bitext.report._common import (
    SEVERITIES,
    DocumentView,
    PairView,
    check_title,
    message,
    rank,
    segments,
    severity,
    signature_text,
)
from bitext.version import __version__

LATIN_FONTS = '"Segoe UI", "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans"'
CJK_FONTS = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", '
             '"Source Han Sans SC", "WenQuanYi Micro Hei"')

CSS = """
:root { --error: #b42318; --error-bg: #fde2e1; --warning: #8a5a00; --warning-bg: #fff0b3;
  --info: #1d4ed8; --info-bg: #dbeafe; --line: #d0d5dd; --muted: #5b6473; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 1400px; padding: 1.5rem; color: #1d2330; background: #fff;
  font-family: system-ui, -apple-system, LATIN, CJK, sans-serif; line-height: 1.55; font-size: 15px; }
:lang(zh) { font-family: CJK, system-ui, sans-serif; line-height: 1.75; }
h1 { font-size: 1.5rem; margin: 0 0 .75rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .25rem; overflow-wrap: anywhere; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .85em; }
.muted { color: var(--muted); }
.summary { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: 0 0 .5rem; padding: 0; }
.summary div { display: flex; gap: .4rem; align-items: baseline; }
.summary dt { color: var(--muted); } .summary dd { margin: 0; font-weight: 600; }
.signature { overflow-wrap: anywhere; color: var(--muted); margin: .25rem 0; }
.badge { display: inline-block; padding: 0 .45em; border-radius: .6em; font-size: .8em; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.badge.sev-error { color: var(--error); background: var(--error-bg); }
.badge.sev-warning { color: var(--warning); background: var(--warning-bg); }
.badge.sev-info { color: var(--info); background: var(--info-bg); }
.note { margin: .4rem 0; padding: .3rem .6rem; border-left: 4px solid var(--warning); background: #fffbeb; }
table.by-check { border-collapse: collapse; margin: .5rem 0; font-size: .92em; }
table.by-check th, table.by-check td { text-align: left; padding: .15rem .6rem; border-bottom: 1px solid var(--line); }
table.by-check td.num { text-align: right; }
.docs { margin: .5rem 0 1rem; padding-left: 1.2rem; }
.docs a { color: inherit; }
#filters { position: sticky; top: 0; z-index: 1; background: #f6f7f9; border: 1px solid var(--line);
  border-radius: 6px; padding: .5rem .75rem; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center; }
#filters label { white-space: nowrap; cursor: pointer; }
#filters select { max-width: 32rem; }
table.pairs { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: .5rem; }
table.pairs col.c-id { width: 6.5rem; }
table.pairs th { text-align: left; font-weight: 600; background: #f6f7f9; border-bottom: 2px solid var(--line);
  padding: .35rem .6rem; }
table.pairs td { vertical-align: top; padding: .45rem .6rem; overflow-wrap: anywhere; }
tbody.pair { border-bottom: 1px solid var(--line); }
tbody.pair[data-worst=error] td.id { box-shadow: inset 4px 0 var(--error); }
tbody.pair[data-worst=warning] td.id { box-shadow: inset 4px 0 var(--warning); }
tbody.pair[data-worst=info] td.id { box-shadow: inset 4px 0 var(--info); }
td.id { font-size: .85em; color: var(--muted); }
td.id b { color: #1d2330; font-size: 1.1em; }
tr.findings td { padding-top: 0; }
ul.findings { margin: 0; padding: 0; list-style: none; font-size: .92em; }
ul.findings li { margin: .15rem 0; }
.sugg { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
mark { padding: 0 1px; border-radius: 2px; color: inherit; }
mark.sev-error { background: var(--error-bg); border-bottom: 2px solid var(--error); }
mark.sev-warning { background: var(--warning-bg); border-bottom: 2px dashed var(--warning); }
mark.sev-info { background: var(--info-bg); border-bottom: 2px dotted var(--info); }
mark.off { background: none; border-bottom-color: transparent; }
.stale { font-size: .9em; }
footer { margin-top: 2rem; font-size: .85em; color: var(--muted); }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  #filters { display: none; }
  [hidden] { display: none !important; }
  thead { display: table-header-group; }
  tbody.pair { break-inside: avoid; page-break-inside: avoid; }
  section.doc { break-before: auto; }
  mark, .badge, tbody.pair td.id { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
""".replace("LATIN", LATIN_FONTS).replace("CJK", CJK_FONTS)

# Reads data only from attributes and text nodes: nothing from the report is ever evaluated.
JS = """
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name=severity]'));
  var select = form.querySelector('select[name=check]');
  var all = function (sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); };
  function params() {
    var raw = location.hash.replace(/^#/, '') || location.search.replace(/^\\?/, '');
    var out = {};
    raw.split('&').forEach(function (part) {
      var i = part.indexOf('=');
      try {
        if (i > 0) out[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
      } catch (e) { /* malformed escape: ignore that part */ }
    });
    return out;
  }
  function load() {
    var p = params();
    if ('severity' in p) {
      var want = p.severity.split(',');
      boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
    }
    if ('check' in p) {
      select.value = p.check;
      if (select.value !== p.check) select.value = '';
    }
  }
  function apply() {
    var sev = {};
    boxes.forEach(function (b) { sev[b.value] = b.checked; });
    var check = select.value;
    function on(s, c) { return !!sev[s] && (!check || c === check); }
    all('li.finding').forEach(function (li) { li.hidden = !on(li.dataset.severity, li.dataset.check); });
    all('mark[data-check]').forEach(function (m) {
      var s = m.dataset.severity.split(' '), c = m.dataset.check.split(' '), lit = false;
      for (var i = 0; i < s.length; i++) if (on(s[i], c[i])) lit = true;
      m.classList.toggle('off', !lit);
    });
    all('section.doc').forEach(function (doc) {
      var shown = 0, pairs = doc.querySelectorAll('tbody.pair');
      Array.prototype.forEach.call(pairs, function (tb) {
        var items = tb.querySelectorAll('li.finding'), visible;
        if (!items.length) visible = !!sev.none && !check;
        else visible = Array.prototype.some.call(items, function (li) { return !li.hidden; });
        tb.hidden = !visible;
        if (visible) shown++;
      });
      var loose = doc.querySelector('.loose');
      if (loose) loose.hidden = !loose.querySelector('li.finding:not([hidden])');
      var counter = doc.querySelector('.shown');
      if (counter) counter.textContent = shown + ' of ' + pairs.length + ' pairs shown';
    });
  }
  function state() {
    var sev = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    return 'severity=' + sev.join(',') + (select.value ? '&check=' + encodeURIComponent(select.value) : '');
  }
  function update() {
    apply();
    form.setAttribute('data-active', state());  // the filter in force, visible in the DOM
  }
  form.addEventListener('change', function () {
    update();
    try { history.replaceState(null, '', '#' + state()); } catch (e) { /* some browsers refuse on file:// */ }
  });
  window.addEventListener('hashchange', function () { load(); update(); });
  load();
  update();
})();
"""


def write_html(report: ReportBase, *, color: bool = False) -> Iterator[str]:
    """The page in pieces: header and table of contents first (one reading of the documents),
    then each document's section as it is read again."""
    summary = report.summary()
    counts = summary.counts
    title = "bitext QA report"
    if summary.documents == 1:
        title += f" — {next(iter(report.documents())).id}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="bitext {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
        '<dl class="summary">',
        _dt("documents", str(summary.documents)),
        _dt("pairs", str(summary.pairs)),
        *(_dt(_label(sev), f'<span class="badge sev-{sev}">{counts.get(sev, 0)}</span>', raw=True)
          for sev in SEVERITIES),
        _dt("dismissed", str(summary.dismissed)),
        _dt("stale ignores", str(len(report.stale_ignores))),
        "</dl>",
        _signature(report.signature),
        *(f'<p class="note">{escape(note)}</p>' for note in report.notes),
        *_by_check(summary.by_check),
    ]
    if report.stale_ignores:
        out.append('<details class="stale"><summary>Stale ignore entries (matched nothing)</summary><ul>')
        out += [f"<li><code>{escape(s)}</code></li>" for s in report.stale_ignores]
        out.append("</ul></details>")
    yield "\n".join(out) + "\n"
    if summary.documents > 1:
        yield '<ol class="docs">\n'
        for i, doc in enumerate(report.documents()):
            yield f'<li><a href="#doc-{i}">{escape(doc.id)}</a> {_badges(doc.counts())}</li>\n'
        yield "</ol>\n"
    yield "\n".join(["</header>", *_filters(list(summary.check_ids)), "<main>"]) + "\n"
    for i, doc in enumerate(report.documents()):
        yield "\n".join(_document(report, doc, i)) + "\n"
    yield "\n".join([
        "</main>",
        f"<footer>Generated by bitext {escape(__version__)}. Filters are kept in the address "
        "(e.g. <code>#severity=error</code>), so a filtered view can be linked.</footer>",
        f"<script>{JS}</script>",
        "</body>",
        "</html>",
    ]) + "\n"


def render_html(report: ReportBase, *, color: bool = False) -> str:
    return "".join(write_html(report, color=color))


def _label(sev: str) -> str:
    return {"error": "errors", "warning": "warnings", "info": "info"}[sev]


def _dt(term: str, value: str, raw: bool = False) -> str:
    return f"<div><dt>{escape(term)}</dt><dd>{value if raw else escape(value)}</dd></div>"


def _signature(signature: dict) -> str:
    line = signature_text(signature)
    if not line:
        return ""
    full = json.dumps(signature, ensure_ascii=False, indent=2, default=str)
    return (f'<details class="signature"><summary>signature: <code>{escape(line)}</code></summary>'
            f"<pre><code>{escape(full)}</code></pre></details>")


def _by_check(tallies) -> list[str]:
    """The summary by check: id and title, severity, occurrences, a link to the first finding."""
    if not tallies:
        return []
    out = ['<table class="by-check"><thead><tr><th>check</th><th>severity</th><th>count</th><th>first</th></tr>'
           "</thead><tbody>"]
    for t in tallies:
        target = f"doc-{t.document}" if t.pair is None else _anchor(t.document_id, t.pair)
        where = t.document_id if t.pair is None else f"{t.document_id}:{t.pair}"
        out.append(f'<tr data-check="{escape(t.check)}"><td><code>{escape(t.check)}</code> '
                   f'<span class="muted">{escape(check_title(t.check))}</span></td>'
                   f'<td><span class="badge sev-{t.severity}">{t.severity}</span></td><td class="num">{t.count}</td>'
                   f'<td><a href="#{escape(target)}">{escape(where)}</a></td></tr>')
    out.append("</tbody></table>")
    return out


def _badges(counts: dict[str, int]) -> str:
    shown = [f'<span class="badge sev-{sev}">{n} {_label(sev) if n > 1 else sev}</span>'
             for sev, n in counts.items() if n]
    return " ".join(shown) or '<span class="muted">no findings</span>'


def _filters(used: list[str]) -> list[str]:
    out = ['<form id="filters" hidden aria-label="Filters">', "<strong>Show:</strong>"]
    for sev in SEVERITIES:
        out.append(f'<label><input type="checkbox" name="severity" value="{sev}" checked> '
                   f'<span class="badge sev-{sev}">{sev}</span></label>')
    out.append('<label><input type="checkbox" name="severity" value="none" checked> pairs without findings</label>')
    out.append('<label>check <select name="check"><option value="">all checks</option>')
    for cid in used:
        out.append(f'<option value="{escape(cid)}">{escape(cid)} — {escape(check_title(cid))}</option>')
    out.append("</select></label>")
    out.append("</form>")
    return out


def _document(report: ReportBase, doc: DocumentView, i: int) -> list[str]:
    source = report.source_for(doc.id)
    meta = [f"{len(doc.pairs)} pairs", _badges(doc.counts())]
    if source and source != doc.id:
        meta.insert(0, f"<code>{escape(source)}</code>")
    out = [
        f'<section class="doc" id="doc-{i}">',
        f"<h2>{escape(doc.id)}</h2>",
        f'<p class="muted">{" · ".join(meta)} · <span class="shown"></span></p>',
    ]
    if doc.pairs:
        out += [
            '<table class="pairs">',
            '<colgroup><col class="c-id"><col><col></colgroup>',
            f'<thead><tr><th>pair</th><th lang="{escape(doc.src_lang)}">source ({escape(doc.src_lang)})</th>'
            f'<th>target ({escape(doc.tgt_lang)})</th></tr></thead>',
        ]
        for pair in doc.pairs:
            out += _pair(doc, pair)
        out.append("</table>")
    if doc.loose:
        out.append('<div class="loose"><h3>Document-level findings</h3>')
        out.append(_findings(doc.loose))
        out.append("</div>")
    out.append("</section>")
    return out


def _pair(doc: DocumentView, pair: PairView) -> list[str]:
    classes = ["pair"] + sorted({f"has-{severity(f)}" for f in pair.findings})
    worst = severity(max(pair.findings, key=rank)) if pair.findings else "none"
    scores = [f"conf {pair.bead.confidence:.2f}"]
    for key, label in (("similarity", "sim"), ("chrf", "chrF")):
        value = pair.scores.get(key)
        if isinstance(value, (int, float)):
            scores.append(f"{label} {value:.2f}")
    ids = f"sent. {_ids(pair.bead.src)} → {_ids(pair.bead.tgt)}"
    rowspan = ' rowspan="2"' if pair.findings else ""
    out = [
        f'<tbody class="{" ".join(classes)}" id="{escape(_anchor(doc.id, pair.index))}" data-worst="{worst}">',
        "<tr>",
        f'<td class="id"{rowspan}><b>{pair.index}</b><br>{escape(ids)}<br>{escape(" · ".join(scores))}</td>',
        f'<td lang="{escape(doc.src_lang)}">{_cell(pair.src, pair.findings, "src", "no source sentence")}</td>',
        f'<td lang="{escape(doc.tgt_lang)}">{_cell(pair.tgt, pair.findings, "tgt", "no target sentence")}</td>',
        "</tr>",
    ]
    if pair.findings:
        out.append(f'<tr class="findings"><td colspan="2">{_findings(pair.findings)}</td></tr>')
    out.append("</tbody>")
    return out


def _anchor(doc_id: str, index: int) -> str:
    return f"{doc_id}:{index}".replace(" ", "_")


def _ids(ids: tuple[int, ...]) -> str:
    return ",".join(map(str, ids)) if ids else "–"


def _cell(text: str, findings: list[Finding], side: str, empty: str) -> str:
    if not text:
        return f'<span class="empty">({escape(empty)})</span>'
    out = []
    for piece, covering in segments(text, findings, side):
        if not covering:
            out.append(escape(piece))
            continue
        worst = severity(max(covering, key=rank))
        checks = " ".join(escape(f.check) for f in covering)
        sevs = " ".join(severity(f) for f in covering)
        tip = "\n".join(f"{severity(f)} {f.check}: {message(f)}" for f in covering)
        out.append(f'<mark class="sev-{worst}" data-check="{checks}" data-severity="{sevs}" '
                   f'title="{escape(tip)}">{escape(piece)}</mark>')
    return "".join(out)


def _findings(findings: list[Finding]) -> str:
    items = []
    for f in findings:
        sev = severity(f)
        text = (f'<span class="badge sev-{sev}">{sev}</span> '
                f'<code title="{escape(check_title(f.check))}">{escape(f.check)}</code>: {escape(message(f))}')
        if f.suggestion:
            text += f' <span class="sugg">(suggestion: {escape(f.suggestion)})</span>'
        items.append(f'<li class="finding sev-{sev}" data-severity="{sev}" data-check="{escape(f.check)}" '
                     f'data-fingerprint="{escape(f.fingerprint)}">{text}</li>')
    return '<ul class="findings">' + "".join(items) + "</ul>"
