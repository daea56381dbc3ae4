"""Fixtures for the ``bitext qa`` / ``score`` / ``glossary check`` / ``config`` CLI tests.

In-process runs (CliRunner) share one use-m3 encoder; subprocess runs (``python -m bitext``)
check exit codes and stderr through the real entry point. Every test gets a private
BITEXT_CACHE_DIR and an environment without BITEXT_* / GitHub Actions variables.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_qa_helpers import SCRUB
from typer.testing import CliRunner

from bitext.align import pipeline


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bitext-cache")


@pytest.fixture(autouse=True)
def clean_env(cache_dir, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("BITEXT_QUIET", "1")
    for name in SCRUB:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def use_m3():
    return pipeline.get_encoder("use-m3")


@pytest.fixture
def cli(use_m3, monkeypatch):
    """Invoke the real typer app in-process, with use-m3 loaded once per session."""
    from bitext.cli.main import app

    real = pipeline.get_encoder
    monkeypatch.setattr(pipeline, "get_encoder", lambda name=None: use_m3 if name in (None, "use-m3") else real(name))
    runner = CliRunner()

    def invoke(*args, env: dict | None = None):
        return runner.invoke(app, [str(a) for a in args], env=env)

    return invoke


