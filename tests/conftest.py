"""Fixtures shared by the test folders: a private embedding cache per module, the seed pair,
one use-m3 encoder per session, the CLI run in-process with that encoder, and the CLI's
command names."""

from __future__ import annotations

from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parent.parent / "corpora" / "seed"


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory):
    """BITEXT_CACHE_DIR in a temporary directory for a whole module, so the user's cache is never touched."""
    folder = tmp_path_factory.mktemp("bitext-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BITEXT_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def cli_command_names() -> list[str]:
    """Every command of the CLI, sub-commands as "group command" (glossary build), sorted."""
    from bitext.cli.main import app

    def commands(typer_app, prefix=""):
        for info in typer_app.registered_commands:
            yield prefix + info.name
        for group in typer_app.registered_groups:
            yield from commands(group.typer_instance, prefix + group.name + " ")

    return sorted(commands(app))


@pytest.fixture(scope="session")
def seed_pair() -> tuple[list[str], list[str]]:
    """The bundled seed abstract, English and Chinese, split into sentences (13 each)."""
    from bitext.segment import split_sentences

    en = split_sentences((SEED / "cutaneous-net-prrt.en.txt").read_text(encoding="utf-8"), "en")
    zh = split_sentences((SEED / "cutaneous-net-prrt.zh.txt").read_text(encoding="utf-8"), "zh")
    assert len(en) == len(zh) == 13
    return en, zh


@pytest.fixture(scope="session")
def use_m3():
    from bitext.embed.registry import get_encoder

    return get_encoder("use-m3")


@pytest.fixture
def cli(use_m3, monkeypatch):
    """Invoke the real typer app in-process; use-m3 is loaded once per session, not per call."""
    from typer.testing import CliRunner

    from bitext.align import pipeline
    from bitext.cli.main import app

    real = pipeline.get_encoder
    monkeypatch.setattr(pipeline, "get_encoder", lambda name=None: use_m3 if name in (None, "use-m3") else real(name))
    runner = CliRunner()

    def invoke(*args, env: dict | None = None):
        return runner.invoke(app, [str(a) for a in args], env=env)

    return invoke
