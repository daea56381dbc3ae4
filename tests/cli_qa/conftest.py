"""Fixtures for the ``bitext qa`` / ``score`` / ``glossary check`` / ``config`` CLI tests.

In-process runs (the ``cli`` fixture of tests/conftest.py) share one use-m3 encoder; subprocess runs
(``python -m bitext``) check exit codes and stderr through the real entry point. Every test gets a private
BITEXT_CACHE_DIR and an environment without BITEXT_* / GitHub Actions variables.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_qa_helpers import SCRUB


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bitext-cache")


@pytest.fixture(autouse=True)
def clean_env(cache_dir, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("BITEXT_QUIET", "1")
    for name in SCRUB:
        monkeypatch.delenv(name, raising=False)
