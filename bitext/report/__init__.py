"""Render a QAReport in every output format, each a pure function of the report.

    from bitext.report import render, FORMATS
    text = render(report, "html")          # str; the caller writes it (UTF-8)

``color`` only matters to the text format; the CLI turns it on for a TTY with NO_COLOR
unset. For GitHub Actions, ``step_summary_markdown(report)`` gives the Markdown to append
to ``$GITHUB_STEP_SUMMARY`` next to the ``github`` annotations.
"""

from __future__ import annotations

from collections.abc import Callable

from bitext.errors import ConfigError
from bitext.qa.report import QAReport
from bitext.report.github import render_github, step_summary_markdown
from bitext.report.html import render_html
from bitext.report.json import render_json
from bitext.report.jsonl import render_jsonl
from bitext.report.junit import render_junit
from bitext.report.sarif import render_sarif
from bitext.report.text import render_text

FORMATS = ("text", "json", "jsonl", "html", "junit", "sarif", "github")

RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "jsonl": render_jsonl,
    "html": render_html,
    "junit": render_junit,
    "sarif": render_sarif,
    "github": render_github,
}

SUFFIXES = {"text": ".txt", "json": ".json", "jsonl": ".jsonl", "html": ".html", "junit": ".xml",
            "sarif": ".sarif", "github": ".txt"}


def render(report: QAReport, fmt: str, color: bool = False) -> str:
    """The report in ``fmt`` (one of FORMATS)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ConfigError(f"unknown report format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}") from None
    return renderer(report, color=color)


__all__ = [
    "FORMATS",
    "RENDERERS",
    "SUFFIXES",
    "render",
    "render_github",
    "render_html",
    "render_json",
    "render_jsonl",
    "render_junit",
    "render_sarif",
    "render_text",
    "step_summary_markdown",
]
