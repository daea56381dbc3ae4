"""Option values that need no conversion skip typer's pydantic adapters (bitext/cli/plain_values.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main
from typer._coercion import build_runtime_param
from typer.testing import CliRunner

from bitext.cli import plain_values
from bitext.cli.main import app


def _commands(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def test_every_command_and_group_converts_plain_values_itself():
    kinds = {path: type(command) for path, command in _commands(typer.main.get_command(app))}
    assert ("qa",) in kinds and ("glossary", "check") in kinds and ("models", "list") in kinds
    wrong = {path: kind for path, kind in kinds.items()
             if kind not in (plain_values.PlainValueCommand, plain_values.PlainValueGroup)}
    assert wrong == {}


def _descriptors():
    """The typer parameters of a small command, by name, with the values typer's parsing gives them."""
    demo = typer.Typer()

    @demo.command()
    def run(text: str | None = typer.Option(None), count: int = typer.Option(0, count=True),
            ratio: float = typer.Option(0.5), flag: bool = typer.Option(False),
            bounded: int | None = typer.Option(None, min=1), where: Path | None = typer.Option(None),
            texts: list[str] | None = typer.Option(None)) -> None:
        pass

    command = typer.main.get_command(demo)
    return {param.name: param for param in command.params}


@pytest.mark.parametrize(("name", "value"), [
    ("text", "corpora/a.txt"), ("text", None), ("text", ""), ("count", 0), ("count", 3), ("ratio", 0.25),
    ("flag", True), ("bounded", None), ("where", None),
])
def test_a_plain_value_is_what_typers_conversion_returns(name, value):
    param = _descriptors()[name]
    ctx = typer.Context(typer.main.get_command(app))
    expected = build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)
    stand_in = plain_values.PlainValue(param.type_descriptor, plain_values.plain_type(param.type_descriptor))
    got = stand_in.coerce(value, param=param, ctx=ctx)
    assert got == expected and type(got) is type(expected)
    assert stand_in.typer_conversion is None  # typer's conversion (and pydantic) was never built


@pytest.mark.parametrize(("name", "value"), [
    ("bounded", "3"), ("bounded", "1"), ("bounded", "123456789"), ("bounded", 2), ("count", "2"), ("count", "-4"),
    ("count", "0"),
])
def test_a_typed_whole_number_within_bounds_is_what_typers_conversion_returns(name, value):
    param = _descriptors()[name]
    ctx = typer.Context(typer.main.get_command(app))
    expected = build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)
    stand_in = plain_values.PlainValue(param.type_descriptor, plain_values.plain_type(param.type_descriptor))
    got = stand_in.coerce(value, param=param, ctx=ctx)
    assert got == expected and type(got) is int
    assert stand_in.typer_conversion is None


@pytest.mark.parametrize("value", [None, (), ("a",), ("a", "b c"), ["x", "y"]])
def test_repeated_texts_are_what_typers_conversion_returns(value):
    param = _descriptors()["texts"]
    ctx = typer.Context(typer.main.get_command(app))
    expected = build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)
    plain_values.install([param])
    stand_in = param._runtime_param
    got = stand_in.coerce(value, param=param, ctx=ctx)
    assert isinstance(stand_in, plain_values.PlainTexts) and stand_in.typer_conversion is None
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("bounded", "03", 3), ("bounded", " 3", 3), ("ratio", 1, 1.0), ("where", "a/b", Path("a/b")),
])
def test_any_other_value_is_converted_by_typer(name, value, expected):
    param = _descriptors()[name]
    ctx = typer.Context(typer.main.get_command(app))
    stand_in = plain_values.PlainValue(param.type_descriptor, plain_values.plain_type(param.type_descriptor))
    got = stand_in.coerce(value, param=param, ctx=ctx)
    assert got == expected and type(got) is type(expected)
    assert stand_in.typer_conversion is not None


@pytest.mark.parametrize(("args", "message"), [
    (["qa", "--shard-docs", "abc", "x.jsonl"], "Invalid value for '--shard-docs'"),
    (["qa", "--shard-docs", "0", "x.jsonl"], "Invalid value for '--shard-docs'"),
    (["qa", "--shard-docs", "-3", "x.jsonl"], "Invalid value for '--shard-docs'"),
    (["glossary", "build", "-n", "0", "x.jsonl"], "Invalid value for '--limit' / '-n'"),
])
def test_typers_checks_and_messages_stay(args, message):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def _callbacks(typer_app):
    for callback in (typer_app.registered_callback.callback if typer_app.registered_callback else None,
                     *(info.callback for info in typer_app.registered_commands)):
        if callback is not None:
            yield getattr(callback, "__wrapped__", callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            yield from _callbacks(group.typer_instance)


def test_command_annotations_are_types_typer_need_not_evaluate():
    """Postponed (string) annotations made typer eval every option's type on every run: 0.01 s."""
    import inspect

    callbacks = list(_callbacks(app))
    assert len(callbacks) >= 10
    postponed = {f"{cb.__module__}.{cb.__name__}({name})" for cb in callbacks
                 for name, p in inspect.signature(cb).parameters.items() if isinstance(p.annotation, str)}
    assert postponed == set()


def test_whole_numbers_typed_or_by_default_load_no_pydantic(tmp_path):
    """glossary build has bounded int options (-n typed, --min-freq left at its default of 2)."""
    root = Path(__file__).resolve().parents[1]
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text(json.dumps({"id": "d", "en": ["Neuroendocrine tumours are rare."],
                                  "zh": ["神经内分泌瘤罕见。"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    code = ("import json, sys\nimport bitext.cli.main as m\n"
            f"sys.argv = ['bitext', 'glossary', 'build', {str(corpus)!r}, '-n', '5', "
            f"'-o', {str(tmp_path / 'g.tsv')!r}]\n"
            "try:\n    m.run()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    env = {**os.environ, "BITEXT_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, timeout=300)
    assert run.returncode == 0, run.stderr
    modules = set(json.loads(run.stderr.strip().splitlines()[-1]))
    assert "bitext.cli.glossary_build_cmd" in modules and "pydantic" not in modules
