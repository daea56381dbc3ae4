"""Start-up of a ``bitext`` process (issue 14: one abstract's QA in under 0.5 s, benchmarks/startup.py)."""

from __future__ import annotations

import gc
import os

import pytest

from bitext.cli import startup
from bitext.cli.main import one_blas_thread


@pytest.fixture
def blas_unset(monkeypatch):
    for name in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_command_starts_one_blas_thread(blas_unset):
    one_blas_thread()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"


@pytest.mark.parametrize("name", ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"])
def test_a_users_thread_count_is_kept(blas_unset, name):
    blas_unset.setenv(name, "4")
    one_blas_thread()
    assert os.environ[name] == "4"
    assert name == "OPENBLAS_NUM_THREADS" or "OPENBLAS_NUM_THREADS" not in os.environ


def test_modules_load_without_collection_and_are_frozen_after():
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    try:
        with startup.loading_modules():
            assert not gc.isenabled()
            loaded = [object() for _ in range(3)]  # stands for what an import creates
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(loaded)
    finally:
        gc.unfreeze()


def test_collection_stays_off_when_the_caller_turned_it_off():
    gc.disable()
    try:
        with startup.loading_modules():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
