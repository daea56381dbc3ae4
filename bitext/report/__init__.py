"""Render a QA report in every output format, each a pure function of the report.

    from bitext.report import render, write, FORMATS
    text = render(report, "html")          # str; the caller writes it (UTF-8)
    for chunk in write(report, "json"):    # the same text in pieces, for large reports
        handle.write(chunk)

``color`` only matters to the text format; the CLI turns it on for a TTY with NO_COLOR
unset. For GitHub Actions, ``step_summary_markdown(report)`` gives the Markdown to append
to ``$GITHUB_STEP_SUMMARY`` next to the ``github`` annotations.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from bitext.errors import ConfigError

if TYPE_CHECKING:
    from bitext.qa.report import ReportBase
    from bitext.report.github import render_github, step_summary_markdown
    from bitext.report.gitlab import render_gitlab
    from bitext.report.html import render_html
    from bitext.report.json import render_json
    from bitext.report.jsonl import render_jsonl
    from bitext.report.junit import render_junit
    from bitext.report.sarif import render_sarif
    from bitext.report.text import render_text

# format -> the module that renders it (render_FORMAT, write_FORMAT). Each loads when its format is
# asked for: a run writes one format, and the CLI reads FORMATS to check options.
_MODULES = {
    "text": "bitext.report.text",
    "json": "bitext.report.json",
    "jsonl": "bitext.report.jsonl",
    "html": "bitext.report.html",
    "junit": "bitext.report.junit",
    "sarif": "bitext.report.sarif",
    "github": "bitext.report.github",
    "gitlab": "bitext.report.gitlab",
}

FORMATS = tuple(_MODULES)
# Formats that are files rather than text streams, written by the CLI to -o only: a spreadsheet
# (bitext.report.xlsx.xlsx_bytes) and the XLIFF input annotated (bitext.report.xliff_its.annotate_xliff).
FILE_FORMATS = ("xlsx", "xliff")
ALL_FORMATS = FORMATS + FILE_FORMATS

SUFFIXES = {"text": ".txt", "json": ".json", "jsonl": ".jsonl", "html": ".html", "junit": ".xml",
            "sarif": ".sarif", "github": ".txt", "gitlab": ".json"}


def _function(fmt: str, kind: str) -> Callable:
    return getattr(importlib.import_module(_MODULES[fmt]), f"{kind}_{fmt}")


def __getattr__(name: str):
    if name in ("RENDERERS", "WRITERS"):
        kind = "render" if name == "RENDERERS" else "write"
        value: object = {fmt: _function(fmt, kind) for fmt in FORMATS}
    elif name.startswith("render_") and name[len("render_"):] in _MODULES:
        value = _function(name[len("render_"):], "render")
    elif name == "step_summary_markdown":
        value = importlib.import_module("bitext.report.github").step_summary_markdown
    else:
        raise AttributeError(f"module 'bitext.report' has no attribute {name!r}")
    globals()[name] = value
    return value


def render(report: ReportBase, fmt: str, color: bool = False) -> str:
    """The report in ``fmt`` (one of FORMATS)."""
    return "".join(write(report, fmt, color))


def write(report: ReportBase, fmt: str, color: bool = False) -> Iterator[str]:
    """The report in ``fmt`` as a stream of text chunks (the documents are read as they are written)."""
    if fmt not in _MODULES:
        if fmt in FILE_FORMATS:
            raise ConfigError(f"{fmt} is written to a file, not as text",
                              hint="use bitext.report.xlsx.xlsx_bytes or bitext.report.xliff_its.annotate_xliff, "
                                   "or bitext qa -o FILE")
        raise ConfigError(f"unknown report format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    writer: Callable[..., Iterator[str]] = _function(fmt, "write")
    return writer(report, color=color)


__all__ = [
    "ALL_FORMATS",
    "FILE_FORMATS",
    "FORMATS",
    "RENDERERS",
    "SUFFIXES",
    "render",
    "render_github",
    "render_gitlab",
    "render_html",
    "render_json",
    "render_jsonl",
    "render_junit",
    "render_sarif",
    "render_text",
    "step_summary_markdown",
]
