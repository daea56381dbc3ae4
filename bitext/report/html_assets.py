"""The HTML report's inline style sheet and script (bitext.report.html).

The script reads data only from attributes, text nodes and one JSON block: nothing from the
report is ever evaluated. It runs the filters (severity, check, document; mirrored in the URL
fragment, e.g. ``#severity=error&check=numbers.mismatch&document=abstract-3``), the reviewer's
dismiss / undo buttons and the download of the resulting ignore file (the format ``--ignore-file``
reads: the entries this run was given for findings it still has, then one line per fingerprint of
every finding dismissed here). Filters and dismissals are kept in the browser's local storage, per
report file, so they survive a reload; a fragment in the address wins over the stored filters.
"""

from __future__ import annotations

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
li.finding.dismissed { opacity: .55; text-decoration: line-through; }
li.finding.dismissed button.dismiss { text-decoration: none; }
button.dismiss { margin-left: .5em; font-size: .8em; padding: 0 .5em; cursor: pointer; }
#review { display: inline-flex; gap: .5rem; align-items: center; }
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
  var KEY = 'bitext-report:' + location.pathname;
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name=severity]'));
  var select = form.querySelector('select[name=check]');
  var docSelect = form.querySelector('select[name=document]');
  var all = function (sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); };
  var stored = {};
  try { stored = JSON.parse(localStorage.getItem(KEY) || '{}') || {}; } catch (e) { stored = {}; }
  var dismissed = {};
  (stored.dismissed || []).forEach(function (fp) { dismissed[fp] = true; });
  function params(raw) {
    var out = {};
    raw.split('&').forEach(function (part) {
      var i = part.indexOf('=');
      try {
        if (i > 0) out[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
      } catch (e) { /* malformed escape: ignore that part */ }
    });
    return out;
  }
  function choose(menu, value) {
    if (!menu) return;
    menu.value = value;
    if (menu.value !== value) menu.value = '';
  }
  function load() {
    var p = params(location.hash.replace(/^#/, '') || location.search.replace(/^\\?/, '') || stored.filters || '');
    if ('severity' in p) {
      var want = p.severity.split(',');
      boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
    }
    choose(select, p.check || '');
    choose(docSelect, p.document || '');
  }
  function apply() {
    var sev = {};
    boxes.forEach(function (b) { sev[b.value] = b.checked; });
    var check = select.value, doc = docSelect ? docSelect.value : '';
    function on(s, c) { return !!sev[s] && (!check || c === check); }
    all('li.finding').forEach(function (li) {
      var off = !!dismissed[li.dataset.fingerprint];
      li.classList.toggle('dismissed', off);
      var button = li.querySelector('button.dismiss');
      if (button) { button.hidden = false; button.textContent = off ? 'undo' : 'dismiss'; }
      li.hidden = !on(li.dataset.severity, li.dataset.check);
    });
    all('mark[data-check]').forEach(function (m) {
      var s = m.dataset.severity.split(' '), c = m.dataset.check.split(' '), f = m.dataset.fingerprint.split(' ');
      var lit = false;
      for (var i = 0; i < s.length; i++) if (on(s[i], c[i]) && !dismissed[f[i]]) lit = true;
      m.classList.toggle('off', !lit);
    });
    all('section.doc').forEach(function (section) {
      section.hidden = !!doc && section.dataset.document !== doc;
      var shown = 0, pairs = section.querySelectorAll('tbody.pair');
      Array.prototype.forEach.call(pairs, function (tb) {
        var items = tb.querySelectorAll('li.finding'), visible;
        if (!items.length) visible = !!sev.none && !check;
        else visible = Array.prototype.some.call(items, function (li) { return !li.hidden; });
        tb.hidden = !visible;
        if (visible) shown++;
      });
      var loose = section.querySelector('.loose');
      if (loose) loose.hidden = !loose.querySelector('li.finding:not([hidden])');
      var counter = section.querySelector('.shown');
      if (counter) counter.textContent = shown + ' of ' + pairs.length + ' pairs shown';
    });
    var here = all('li.finding.dismissed').length;
    document.getElementById('dismissed-count').textContent = String(here);
    document.getElementById('download-ignore').disabled = false;
    document.getElementById('undo-all').disabled = here === 0;
  }
  function state() {
    var sev = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    return 'severity=' + sev.join(',') + (select.value ? '&check=' + encodeURIComponent(select.value) : '') +
      (docSelect && docSelect.value ? '&document=' + encodeURIComponent(docSelect.value) : '');
  }
  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify({filters: state(), dismissed: Object.keys(dismissed).sort()}));
    } catch (e) { /* storage full or refused (private mode): the page still works */ }
  }
  function update() {
    apply();
    form.setAttribute('data-active', state());  // the filter in force, visible in the DOM
  }
  function ignoreFileText() {
    var given = JSON.parse(document.getElementById('bitext-ignored').textContent);
    var lines = given.lines.slice(), seen = {};
    all('li.finding.dismissed').forEach(function (li) {
      li.dataset.fingerprints.split(' ').forEach(function (fp) {
        if (!seen[fp]) lines.push(fp + '  ' + li.dataset.ignore + '\\n');
        seen[fp] = true;
      });
    });
    return given.header + lines.join('');
  }
  function download() {
    var blob = new Blob([ignoreFileText()], {type: 'text/plain;charset=utf-8'});
    var link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'bitext-ignore.txt';
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  form.addEventListener('change', function () {
    update();
    save();
    try { history.replaceState(null, '', '#' + state()); } catch (e) { /* some browsers refuse on file:// */ }
  });
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target.matches('button.dismiss')) {
      var fp = target.closest('li.finding').dataset.fingerprint;
      if (dismissed[fp]) delete dismissed[fp]; else dismissed[fp] = true;
    } else if (target.id === 'undo-all') {
      all('li.finding.dismissed').forEach(function (li) { delete dismissed[li.dataset.fingerprint]; });
    } else if (target.id === 'download-ignore') {
      download();
      return;
    } else {
      return;
    }
    update();
    save();
  });
  window.addEventListener('hashchange', function () { load(); update(); });
  load();
  update();
})();
"""
