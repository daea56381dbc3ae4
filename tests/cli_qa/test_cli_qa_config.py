"""Configuration: discovery (walk up from the input, then the current directory), parsing with
unknown keys rejected, precedence flag > BITEXT_* env > project file > default, ``config show``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_qa_helpers import CORPUS, GLOSSARY, assert_one_line_error, run_bitext

from bitext.config import find_config, load_config, resolve_settings
from bitext.errors import ConfigError


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """tmp/proj/pyproject.toml with [tool.bitext], the corpus two levels below it; cwd elsewhere."""
    root = tmp_path / "proj"
    (root / "data" / "seed").mkdir(parents=True)
    shutil.copy(CORPUS, root / "data" / "seed" / "seed.jsonl")
    shutil.copy(GLOSSARY, root / "terms.tsv")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.bitext]\nfail_on = "warning"\nglossary = "terms.tsv"\n'
        '[tool.bitext.checks]\npunctuation = false\n"acronyms.missing" = "error"\n'
        'numbers = { enabled = true, severity = "info" }\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return root


def test_discovery_walks_up_from_the_input(project):
    found = find_config(project / "data" / "seed" / "seed.jsonl")
    assert found == project / "pyproject.toml"
    config = load_config(found)
    assert config.fail_on == "warning" and config.glossary == (project / "terms.tsv").resolve()
    assert config.checks["punctuation"].enabled is False
    assert config.checks["acronyms.missing"].severity == "error"
    assert config.checks["numbers"].severity == "info"


def test_bitext_toml_wins_and_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.bitext]\nfail_on = "info"\n', encoding="utf-8")
    inner = tmp_path / "a"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "a"\n', encoding="utf-8")
    assert find_config(inner) == tmp_path / "pyproject.toml"
    (tmp_path / "bitext.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    assert find_config(inner) == tmp_path / "bitext.toml"
    assert load_config(tmp_path / "bitext.toml").fail_on == "warning"


def test_current_directory_is_tried_after_the_input(tmp_path, monkeypatch):
    data, work = tmp_path / "data", tmp_path / "work"
    data.mkdir(), work.mkdir()
    (work / "bitext.toml").write_text('format = "json"\n', encoding="utf-8")
    monkeypatch.chdir(work)
    settings = resolve_settings(starts=(data,), environ={})
    assert settings.format.value == "json" and settings.format.source == str(work / "bitext.toml")


@pytest.mark.parametrize("text, fragment", [
    ('[tool.bitext]\nmodle = "x"\n', "'tool.bitext.modle'"),
    ('[tool.bitext]\nfail_on = "fatal"\n', "tool.bitext.fail_on"),
    ('[tool.bitext.checks]\nnumbrs = false\n', "tool.bitext.checks.numbrs"),
    ('[tool.bitext.checks]\nnumbers = { enabled = "yes" }\n', "numbers.enabled"),
    ('[tool.bitext.checks]\nnumbers = { level = "info" }\n', "'level'"),
    ('[tool.bitext.checks]\nnumbers = 3\n', "tool.bitext.checks.numbers"),
    ("[tool.bitext\n", "not valid TOML"),
])
def test_config_errors_name_file_and_key(tmp_path, text, fragment):
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in str(error.value) and fragment in str(error.value)


def test_precedence_flag_env_file_default(project):
    start = (project / "data",)
    settings = resolve_settings(starts=start, environ={})
    assert (settings.fail_on.value, settings.fail_on.source) == ("warning", str(project / "pyproject.toml"))
    assert (settings.model.value, settings.model.source) == ("use-m3", "default")
    settings = resolve_settings(starts=start, environ={"BITEXT_FAIL_ON": "info", "BITEXT_MODEL": "m"})
    assert (settings.fail_on.value, settings.fail_on.source) == ("info", "env BITEXT_FAIL_ON")
    assert settings.model.source == "env BITEXT_MODEL"
    settings = resolve_settings(starts=start, environ={"BITEXT_FAIL_ON": "info"}, flags={"fail_on": "error"})
    assert (settings.fail_on.value, settings.fail_on.source) == ("error", "flag")
    with pytest.raises(ConfigError, match="BITEXT_FAIL_ON"):
        resolve_settings(starts=start, environ={"BITEXT_FAIL_ON": "sometimes"})


def test_github_actions_format_only_when_nothing_chose_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_settings(environ={"GITHUB_ACTIONS": "true"}).format.value == "github"
    assert resolve_settings(environ={"GITHUB_ACTIONS": "true", "BITEXT_FORMAT": "json"}).format.value == "json"
    (tmp_path / "bitext.toml").write_text('format = "sarif"\n', encoding="utf-8")
    assert resolve_settings(environ={"GITHUB_ACTIONS": "true"}).format.value == "sarif"
    assert resolve_settings(environ={"GITHUB_ACTIONS": "true"}, flags={"format": "text"}).format.value == "text"


def test_qa_uses_the_project_config(cli, project):
    corpus = project / "data" / "seed" / "seed.jsonl"
    result = cli("qa", corpus, "-f", "json")
    report = json.loads(result.stdout)
    assert report["signature"]["glossary"] is not None  # glossary from the config, relative to it
    assert report["signature"]["glossary_file"] == str((project / "terms.tsv").resolve())
    checks = {f["check"] for f in report["findings"]}
    assert not any(c.startswith("punctuation.") for c in checks)  # punctuation = false
    assert report["signature"]["qa"]["checks"]["acronyms.missing"] == "error"
    assert report["signature"]["qa"]["checks"]["numbers.mismatch"] == "info"
    assert result.exit_code == 1  # fail_on = "warning" from the file

    # env beats the file, the flag beats env
    result = cli("qa", corpus, "-f", "json", "--exit-zero", env={"BITEXT_FAIL_ON": "info"})
    assert result.exit_code == 0
    result = cli("qa", corpus, "-f", "json", "--glossary", project / "none.tsv")
    assert result.exit_code == 2 and "none.tsv: no such file" in result.stderr


def test_fail_on_precedence_changes_exit_code(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "seed.jsonl"
    shutil.copy(CORPUS, corpus)
    # no glossary: warnings only
    (tmp_path / "bitext.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    assert cli("qa", corpus, "-f", "json").exit_code == 1
    assert cli("qa", corpus, "-f", "json", env={"BITEXT_FAIL_ON": "error"}).exit_code == 0
    assert cli("qa", corpus, "-f", "json", "--fail-on", "warning", env={"BITEXT_FAIL_ON": "error"}).exit_code == 1


def test_config_show_text_and_json(cli, project):
    result = cli("config", "show", project / "data" / "seed" / "seed.jsonl")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"config_file = {project / 'pyproject.toml'}" in out
    assert f"fail_on = warning    # {project / 'pyproject.toml'}" in out
    assert "model = use-m3    # default" in out
    assert "punctuation.halfwidth_in_cjk      off" in out
    assert "style.length_ratio                off      # default" in out

    result = cli("config", "show", project, "-f", "json", "--model", "use-m3", env={"BITEXT_FORMAT": "html"})
    data = json.loads(result.stdout)
    assert data["model"] == {"value": "use-m3", "source": "flag"}
    assert data["format"] == {"value": "html", "source": "env BITEXT_FORMAT"}
    assert data["glossary"]["value"] == str((project / "terms.tsv").resolve())
    assert data["checks"]["numbers"]["value"] == {"enabled": True, "severity": "info"}
    assert data["effective_checks"]["numbers.extra"] == {"value": "info", "source": str(project / "pyproject.toml")}


def test_config_show_reports_bad_config_in_one_line(tmp_path):
    (tmp_path / "bitext.toml").write_text('[checks]\n"numbers.mismatch" = "fatal"\n', encoding="utf-8")
    proc = run_bitext("config", "show", tmp_path)
    assert_one_line_error(proc, str(tmp_path / "bitext.toml"), "checks.numbers.mismatch")


def test_the_output_suffix_chooses_the_format_only_when_nothing_else_did(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("BITEXT_FORMAT", raising=False)
    corpus = tmp_path / "seed.jsonl"
    shutil.copy(CORPUS, corpus)

    def written(name: str, *options: str, env: dict | None = None) -> str:
        result = cli("qa", corpus, "--exit-zero", "-o", tmp_path / name, *options, env=env)
        assert result.exit_code == 0, result.output
        return (tmp_path / name).read_text(encoding="utf-8")

    assert written("r.html").lstrip().lower().startswith("<!doctype html")
    assert json.loads(written("r.json"))["findings"]
    assert json.loads(written("r.sarif"))["version"] == "2.1.0"
    assert written("r.xml").startswith("<?xml")  # JUnit
    assert json.loads(written("ci.json", env={"GITHUB_ACTIONS": "true"}))["findings"]  # not workflow commands
    # a format someone chose wins: the flag, BITEXT_FORMAT, the project file
    assert not written("a.json", "--format", "text").lstrip().startswith("{")
    assert written("b.html", env={"BITEXT_FORMAT": "json"}).lstrip().startswith("{")
    (tmp_path / "bitext.toml").write_text('format = "sarif"\n', encoding="utf-8")
    assert json.loads(written("c.json"))["version"] == "2.1.0"


def test_an_xlf_output_of_other_input_names_the_suffix(tmp_path):
    corpus = tmp_path / "seed.jsonl"
    shutil.copy(CORPUS, corpus)
    assert_one_line_error(run_bitext("qa", corpus, "-o", tmp_path / "out.xlf"), "-o ", "out.xlf", "XLIFF")
