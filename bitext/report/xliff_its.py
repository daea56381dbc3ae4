"""Findings back into the XLIFF file they came from, as W3C ITS 2.0 Localization Quality Issues
(``bitext qa FILE.xlf --format xliff -o annotated.xlf``), which CAT tools and Okapi read.

Every unit with findings (``<trans-unit>`` in XLIFF 1.2, ``<unit>`` in 2.x, where the ITS module
defines the same markup) gets a standoff list of its issues and a reference to it::

    <trans-unit id="7" xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"
                its:locQualityIssuesRef="#bitext-lqi-7">
      …
      <its:locQualityIssues xml:id="bitext-lqi-7">
        <its:locQualityIssue locQualityIssueType="numbers" locQualityIssueSeverity="90"
            locQualityIssueComment="numbers.mismatch: 24 in the source is not in the target (suggestion: 24)"/>
      </its:locQualityIssues>
    </trans-unit>

The list goes where each version lets elements of other namespaces: last in a 1.2 trans-unit,
first in a 2.x unit. Nothing else changes: the file is patched as bytes (the units are found by
scanning its markup, matched with what the XLIFF reader read), so every byte outside the inserted
attributes and lists is the input's. The issue type is the ITS type closest to the check
(``ISSUE_TYPES``), the severity 90 / 50 / 10 for error / warning / info, the comment names the
check and carries the message and suggestion. Only UTF-8 files are annotated.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from xml.sax.saxutils import quoteattr

import regex

from bitext.errors import InputError
from bitext.patterns import compiled
from bitext.qa.findings import Finding
from bitext.qa.report import ReportBase
from bitext.report._common import message, severity, xml_text

ITS_NS = "http://www.w3.org/2005/11/its"
SEVERITY_SCORES = {"error": "90", "warning": "50", "info": "10"}
# The ITS 2.0 issue type (https://www.w3.org/TR/its20/#lqissue-typevalues) of a check, else of its family.
ISSUE_TYPES = {
    "untranslated": "untranslated", "terminology": "terminology", "numbers": "numbers",
    "acronyms": "mistranslation", "acronyms.missing": "omission", "punctuation": "typographical",
    "punctuation.double_space": "whitespace", "punctuation.space_before_punct": "whitespace",
    "punctuation.space_in_cjk": "whitespace", "punctuation.fullwidth_alnum": "characters",
    "omission": "omission", "addition": "addition", "addition.repeated_target": "duplication",
    "meaning": "mistranslation", "style": "style", "style.number_words": "locale-violation",
    "style.length_ratio": "length", "consistency": "inconsistency",
}

# A start or end tag (attribute values may hold ">"), or markup whose inside is no tag.
_MARKUP = compiled(r"""<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>
    |<(?P<end>/)?(?P<name>[^\s/>!?]+)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?P<empty>/)?>""",
                         flags=regex.S | regex.X)


def issue_type(check: str) -> str:
    return ISSUE_TYPES.get(check) or ISSUE_TYPES.get(check.split(".", 1)[0], "other")


def _unit_spans(text: str, unit_tag: str) -> list[tuple[int, int, int]]:
    """(start of the start tag's closing ``>`` or ``/>``, end of the start tag, start of the end tag)
    of every unit element, in document order."""
    spans, open_unit = [], None
    for m in _MARKUP.finditer(text):
        name = m.group("name")
        if not name or name.rsplit(":", 1)[-1] != unit_tag:
            continue
        if m.group("end"):
            if open_unit is not None:
                spans.append((*open_unit, m.start()))
                open_unit = None
        elif not m.group("empty"):
            close = m.end() - 1
            open_unit = (close, m.end())
    return spans


def _issue(f: Finding) -> str:
    comment = f"{f.check}: {message(f, suggestion=True)}"
    return (f"<its:locQualityIssue locQualityIssueType={quoteattr(issue_type(f.check))} "
            f"locQualityIssueSeverity=\"{SEVERITY_SCORES[severity(f)]}\" "
            f"locQualityIssueComment={quoteattr(xml_text(comment))}/>")


def annotate_xliff(report: ReportBase, path: str | os.PathLike) -> bytes:
    """The XLIFF file at ``path`` (the report's input) with each unit's findings attached."""
    from bitext.io.inputs import xliff_documents
    from bitext.io.xliff import read_xliff

    file = Path(path)
    data = file.read_bytes()
    document = read_xliff(data, str(file))
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        text = data[len(bom):].decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{file}: only UTF-8 XLIFF files are annotated") from None
    version2 = document.version.startswith("2")
    spans = _unit_spans(text, "unit" if version2 else "trans-unit")
    if len(spans) != len({u.unit for u in document.units}):
        raise InputError(f"{file}: found {len(spans)} unit elements where the XLIFF reader read "
                         f"{len({u.unit for u in document.units})}", hint="annotate a file bitext qa reads")

    pairs = {doc_id: [u.unit for u in units if u.src or u.tgt]
             for doc_id, units in xliff_documents(document.units, file.stem).items()}
    by_unit: dict[int, list[Finding]] = {}
    for doc in report.documents():
        units = pairs.get(doc.id, [])
        for pair in doc.pairs:
            if pair.findings and pair.index < len(units):
                by_unit.setdefault(units[pair.index], []).extend(pair.findings)

    pieces, done = [], 0
    for unit, found in sorted(by_unit.items()):
        close, after_start, end_tag = spans[unit]
        start_tag = text[text.rfind("<", 0, close):close]
        if "locQualityIssuesRef" in start_tag:
            raise InputError(f"{file}: unit {unit + 1} already refers to quality issues",
                             hint="annotate the original file, not an annotated one")
        ident = f"bitext-lqi-{unit + 1}"
        declare = "" if "xmlns:its=" in start_tag else f' xmlns:its="{ITS_NS}"'
        attributes = f'{declare} its:version="2.0" its:locQualityIssuesRef="#{ident}"'
        issues = f'<its:locQualityIssues xml:id="{ident}">{"".join(_issue(f) for f in found)}</its:locQualityIssues>'
        if text[close - 1] == "/":  # never for a unit with text, but keep the tag well-formed
            close -= 1
        insert_at = after_start if version2 else end_tag
        pieces += [text[done:close], attributes, text[close:insert_at], issues]
        done = insert_at
    pieces.append(text[done:])
    return bom + "".join(pieces).encode("utf-8")
