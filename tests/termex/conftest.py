"""Shared fixtures for the term-extraction tests (one jieba tokenizer per session)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path_factory, monkeypatch):
    # jieba's dictionary cache and spill files go to a per-session cache dir, never ~/.cache
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "bitext-cache"))


@pytest.fixture(scope="session")
def cut():
    from bitext.termex.lexicon import make_tokenizer
    from bitext.termex.zhparen import _merge_tokens

    tok = make_tokenizer()
    return lambda text: _merge_tokens(tok.lcut(text))
