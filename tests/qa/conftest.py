"""Fixtures for the QA tests: glossaries and an isolated jieba cache."""

from __future__ import annotations

import pytest
from qa_helpers import SEED_GLOSSARY, STARTER_GLOSSARY

from bitext.glossary import read_glossary


@pytest.fixture(scope="session", autouse=True)
def _jieba_cache(tmp_path_factory):
    """jieba writes its dictionary cache under BITEXT_CACHE_DIR: keep it out of the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BITEXT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def starter_glossary():
    return read_glossary(STARTER_GLOSSARY)


@pytest.fixture(scope="session")
def seed_glossary():
    if not SEED_GLOSSARY.is_file():
        pytest.skip(f"shared seed glossary not found at {SEED_GLOSSARY} (../shared beside the repository)")
    return read_glossary(SEED_GLOSSARY)

