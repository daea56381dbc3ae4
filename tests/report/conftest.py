"""Fixtures for the report-format tests; registers the ``browser`` marker."""

from __future__ import annotations

import pytest
from report_sample import build_report

from bitext.qa.report import QAReport


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: runs headless Chromium on the HTML report (skipped without it)")


@pytest.fixture
def report() -> QAReport:
    return build_report()


@pytest.fixture
def empty_report() -> QAReport:
    return QAReport(signature={}, alignments=[], findings=[])
