"""Drop-in CI: the pre-commit hook (bitext.cli.hook, .pre-commit-hooks.yaml) and the composite GitHub
Action (action.yml), whose script steps are run here as the runner would run them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bitext.cli.hook import main as hook
from bitext.cli.hook import merge_sarif, split_arguments

ROOT = Path(__file__).resolve().parents[1]
yaml = pytest.importorskip("yaml")

GOOD = ("Patients improved.", "患者好转。")
BAD = ("Survival was 24 months.", "生存期为36个月。")  # numbers.mismatch, an error


def tmx(*pairs: tuple[str, str]) -> str:
    units = "".join(f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="zh"><seg>{zh}</seg></tuv></tu>\n'
                    for en, zh in pairs)
    header = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/>'
    return f"{header}<body>\n{units}</body></tmx>\n"


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("BITEXT_FORMAT", "BITEXT_FAIL_ON", "BITEXT_GLOSSARY", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    clean, broken = tmp_path / "clean.tmx", tmp_path / "broken.tmx"
    clean.write_text(tmx(GOOD), encoding="utf-8")
    broken.write_text(tmx(GOOD, BAD), encoding="utf-8")
    return clean, broken


def test_arguments_are_options_then_the_changed_files():
    assert split_arguments(["--fail-on", "warning", "-g", "terms.tsv", "a.jsonl", "b.TMX", "c.xlf"]) == \
        (["--fail-on", "warning", "-g", "terms.tsv"], ["a.jsonl", "b.TMX", "c.xlf"])
    assert split_arguments(["--format", "github"]) == (["--format", "github"], [])
    assert hook(["--fail-on", "warning"]) == 0  # no changed input file: nothing to do
    # after --, every argument is a file (the GitHub Action's files input), and one is needed
    assert split_arguments(["-g", "terms.tsv", "--", "a.ndjson", "b.txt"]) == \
        (["-g", "terms.tsv"], ["a.ndjson", "b.txt"])
    assert hook(["--fail-on", "warning", "--"]) == 2


def test_hook_checks_each_file_and_exits_with_the_worst(cli, files, capfd):
    clean, broken = files
    assert hook(["--fail-on", "error", str(clean)]) == 0
    assert hook(["--fail-on", "error", str(clean), str(broken)]) == 1
    out = capfd.readouterr().out
    assert "numbers.mismatch" in out and out.count("== clean") == 2 and out.count("== broken") == 1
    assert hook([str(clean), str(clean.parent / "missing.tmx")]) == 2
    assert "missing.tmx" in capfd.readouterr().err


def test_hook_merges_sarif_into_one_run(cli, files, tmp_path):
    clean, broken = files
    out = tmp_path / "all.sarif"
    assert hook(["--sarif", str(out), str(broken), str(clean), str(broken)]) == 1
    log = json.loads(out.read_text(encoding="utf-8"))
    (run,) = log["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules)) and "numbers.mismatch" in rules
    assert [r["ruleId"] for r in run["results"]].count("numbers.mismatch") == 2  # broken.tmx twice
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} == \
        {Path(broken).as_uri()}
    with pytest.raises(ValueError):
        merge_sarif([])


# -- the GitHub Action ---------------------------------------------------------------------------------

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
_EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def step(name: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)


def run_step(name: str, context: dict[str, str], tmp_path: Path, path: str) -> tuple[subprocess.CompletedProcess, dict]:
    """Run a step's script with bash as the runner does: its env with the expressions evaluated from
    ``context`` (``inputs.files``, ``steps.qa.outputs.exit-code``…), GITHUB_OUTPUT and
    GITHUB_ACTION_PATH set; returns the process and the outputs the step wrote."""
    spec = step(name)
    assert "${{" not in spec["run"], "expressions belong in env:, never in the script"
    output = tmp_path / f"output-{name.replace(' ', '-')}"
    output.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BITEXT_", "GITHUB_"))}
    env.update(PATH=path, PYTHONPATH=str(ROOT), BITEXT_CACHE_DIR=str(tmp_path / "cache"), GITHUB_OUTPUT=str(output),
               GITHUB_ACTION_PATH=str(ROOT), RUNNER_TEMP=str(tmp_path), BITEXT_QUIET="1")
    for key, value in spec.get("env", {}).items():
        env[key] = _EXPRESSION.sub(lambda m: context.get(m.group(1), ""), str(value))
    done = subprocess.run(["bash", "-e", "-c", spec["run"]], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
    return done, outputs


def python_path() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def test_action_installs_this_checkout_unless_told_otherwise(tmp_path):
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    (fake / "python").write_text('#!/bin/sh\necho "$@" >> "$RUNNER_TEMP/pip-calls"\n', encoding="utf-8")
    (fake / "python").chmod(0o755)
    path = os.pathsep.join([str(fake), os.environ.get("PATH", "")])
    done, _ = run_step("Install bitext", {}, tmp_path, path)
    assert done.returncode == 0, done.stderr
    done, _ = run_step("Install bitext", {"inputs.bitext": "bitext[xlsx]==0.1.0"}, tmp_path, path)
    calls = (tmp_path / "pip-calls").read_text(encoding="utf-8").splitlines()
    assert calls[0].endswith(f"install --disable-pip-version-check --quiet {ROOT}")
    assert calls[1].endswith("--quiet bitext[xlsx]==0.1.0")


def test_action_annotates_and_fails_on_findings(files, tmp_path):
    clean, broken = files
    shutil.copy(broken, tmp_path / "second.tmx")
    inputs = {"inputs.files": "clean.tmx *ond.tmx", "inputs.fail-on": "error", "inputs.sarif": "false"}
    done, outputs = run_step("Run bitext qa", inputs, tmp_path, python_path())
    assert done.returncode == 0, done.stderr  # the step itself goes on: upload and verdict come after
    assert outputs["exit-code"] == "1"
    assert "::error file=second.tmx,line=" in done.stdout and "title=numbers.mismatch" in done.stdout
    verdict, _ = run_step("Fail on findings", {"steps.qa.outputs.exit-code": "1"}, tmp_path, python_path())
    assert verdict.returncode == 1 and "bitext qa exited with 1" in verdict.stderr
    verdict, _ = run_step("Fail on findings", {"steps.qa.outputs.exit-code": "0"}, tmp_path, python_path())
    assert verdict.returncode == 0
    clean_only, outputs = run_step("Run bitext qa", {**inputs, "inputs.files": "clean.tmx"}, tmp_path, python_path())
    assert outputs["exit-code"] == "0" and clean_only.stdout == ""


def test_action_checks_every_file_it_is_given_whatever_its_name(files, tmp_path):
    """files: memory.xml (a TMX bitext qa reads by its content) or corpus.ndjson was left out by the hook, which
    took only .jsonl/.tmx/.xlf names for files: the step checked nothing and passed (exit-code 0)."""
    clean, broken = files
    shutil.copy(broken, tmp_path / "memory.xml")
    inputs = {"inputs.files": "memory.xml", "inputs.fail-on": "error", "inputs.sarif": "false"}
    done, outputs = run_step("Run bitext qa", inputs, tmp_path, python_path())
    assert outputs["exit-code"] == "1" and "title=numbers.mismatch" in done.stdout, done.stderr
    (tmp_path / "notes.txt").write_text("Survival was 24 months.\n", encoding="utf-8")
    done, outputs = run_step("Run bitext qa", {**inputs, "inputs.files": "notes.txt"}, tmp_path, python_path())
    assert outputs["exit-code"] == "2" and "notes.txt" in done.stderr
    done, outputs = run_step("Run bitext qa", {**inputs, "inputs.sarif": "true"}, tmp_path, python_path())
    assert outputs["exit-code"] == "1"


def test_action_writes_one_sarif_for_code_scanning(files, tmp_path):
    inputs = {"inputs.files": "clean.tmx broken.tmx", "inputs.fail-on": "warning", "inputs.sarif": "true",
              "inputs.glossary": ""}
    done, outputs = run_step("Run bitext qa", inputs, tmp_path, python_path())
    assert done.returncode == 0, done.stderr
    assert outputs["exit-code"] == "1" and outputs["sarif-file"] == str(tmp_path / "bitext-qa.sarif")
    (run,) = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))["runs"]
    assert "numbers.mismatch" in {r["ruleId"] for r in run["results"]}
    upload = step("Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "inputs.sarif == 'true'" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ steps.qa.outputs.sarif-file }}"


# -- pre-commit --------------------------------------------------------------------------------------------

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")


def hook_repository(target: Path) -> Path:
    """This working tree's package files, committed in a repository of their own (pre-commit installs
    a hook from a commit)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.splitlines()
    keep = ("bitext/", "models/", "pyproject.toml", "README.md", "LICENSE", "NOTICE", ".pre-commit-hooks.yaml")
    for name in listed:
        source = ROOT / name
        if name.startswith(keep) and (source.is_file() or source.is_symlink()):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)
    commit(target)
    return target


def commit(folder: Path) -> None:
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], cwd=folder, check=True)


@pytest.mark.skipif(not Path(PRE_COMMIT).exists() or not (ROOT / ".git").exists(),
                    reason="needs pre-commit (pip install pre-commit) and a git checkout")
def test_pre_commit_hook_through_try_repo(tmp_path):
    repository = hook_repository(tmp_path / "bitext")
    project = tmp_path / "project"
    project.mkdir()
    (project / "memory.tmx").write_text(tmx(GOOD, BAD), encoding="utf-8")
    (project / "notes.md").write_text("# not a translation\n", encoding="utf-8")
    commit(project)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BITEXT_", "GITHUB_", "PYTHONPATH"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), BITEXT_CACHE_DIR=str(tmp_path / "cache"),
               BITEXT_QUIET="1")
    done = subprocess.run([PRE_COMMIT, "try-repo", str(repository), "bitext-qa", "--all-files"], cwd=project,
                          capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "bitext qa (translation QA)" in done.stdout and "Failed" in done.stdout
    assert "numbers.mismatch" in done.stdout and "memory" in done.stdout and "notes.md" not in done.stdout
