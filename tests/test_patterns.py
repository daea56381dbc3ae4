"""bitext.patterns: regular expressions compiled once per user, kept in the cache folder."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATTERN = r"(?<![\p{Han}])否(?![\p{Han}])|not|never"


def run_python(code: str, cache: Path) -> str:
    """``code`` in a fresh process (the patterns are kept per process) with ``cache`` as bitext's cache folder."""
    env = {**os.environ, "BITEXT_CACHE_DIR": str(cache),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


FIND = ("from bitext.patterns import compiled\nimport regex\n"
        f"print([m.span() for m in compiled({PATTERN!r}, regex.I).finditer('NOT 否 否定, never')])")
EXPECTED = "[(0, 3), (4, 5), (10, 15)]"  # NOT, the bare 否 (not the one of 否定), never


def cache_file(cache: Path) -> Path:
    files = list(cache.glob("regex-*.pickle"))
    assert len(files) == 1, files
    return files[0]


def test_a_pattern_compiled_in_one_process_is_loaded_in_the_next(tmp_path):
    assert run_python(FIND, tmp_path) == EXPECTED
    assert cache_file(tmp_path).stat().st_size > 0
    # the next process finds it compiled: regex's compiler is not called at all
    no_compiler = "import regex\ndef refuse(*args, **kwargs):\n    raise AssertionError('compiled again')\n" \
                  "regex.compile = refuse\n"
    assert run_python(no_compiler + FIND, tmp_path) == EXPECTED


def test_a_damaged_file_means_compiling_again(tmp_path):
    run_python(FIND, tmp_path)
    path = cache_file(tmp_path)
    path.write_bytes(b"\x80\x05 not a pickle")
    assert run_python(FIND, tmp_path) == EXPECTED
    assert run_python("import regex\nregex.compile = None\n" + FIND, tmp_path) == EXPECTED  # rewritten whole


class _Mkdir:
    """Unpickles as a call to os.mkdir: what a planted file could try."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return os.mkdir, (self.path,)


def test_the_file_is_data_and_never_runs_code(tmp_path):
    run_python(FIND, tmp_path)
    path, planted = cache_file(tmp_path), tmp_path / "planted"
    path.write_bytes(pickle.dumps({(PATTERN, 2): _Mkdir(str(planted))}))
    assert run_python(FIND, tmp_path) == EXPECTED
    assert not planted.exists()
