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

from collections.abc import Callable, Iterator

from bitext.errors import ConfigError
from bitext.qa.report import ReportBase
from bitext.report.github import render_github, step_summary_markdown, write_github
from bitext.report.gitlab import render_gitlab, write_gitlab
from bitext.report.html import render_html, write_html
from bitext.report.json import render_json, write_json
from bitext.report.jsonl import render_jsonl, write_jsonl
from bitext.report.junit import render_junit, write_junit
from bitext.report.sarif import render_sarif, write_sarif
from bitext.report.text import render_text, write_text

RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "jsonl": render_jsonl,
    "html": render_html,
    "junit": render_junit,
    "sarif": render_sarif,
    "github": render_github,
    "gitlab": render_gitlab,
}

FORMATS = tuple(RENDERERS)
# Formats that are files rather than text streams, written by the CLI to -o only: a spreadsheet
# (bitext.report.xlsx.xlsx_bytes) and the XLIFF input annotated (bitext.report.xliff_its.annotate_xliff).
FILE_FORMATS = ("xlsx", "xliff")
ALL_FORMATS = FORMATS + FILE_FORMATS

WRITERS: dict[str, Callable[..., Iterator[str]]] = {
    "text": write_text,
    "json": write_json,
    "jsonl": write_jsonl,
    "html": write_html,
    "junit": write_junit,
    "sarif": write_sarif,
    "github": write_github,
    "gitlab": write_gitlab,
}

SUFFIXES = {"text": ".txt", "json": ".json", "jsonl": ".jsonl", "html": ".html", "junit": ".xml",
            "sarif": ".sarif", "github": ".txt", "gitlab": ".json"}


def render(report: ReportBase, fmt: str, color: bool = False) -> str:
    """The report in ``fmt`` (one of FORMATS)."""
    return "".join(write(report, fmt, color))


def write(report: ReportBase, fmt: str, color: bool = False) -> Iterator[str]:
    """The report in ``fmt`` as a stream of text chunks (the documents are read as they are written)."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        if fmt in FILE_FORMATS:
            raise ConfigError(f"{fmt} is written to a file, not as text",
                              hint="use bitext.report.xlsx.xlsx_bytes or bitext.report.xliff_its.annotate_xliff, "
                                   "or bitext qa -o FILE") from None
        raise ConfigError(f"unknown report format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}") from None
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
