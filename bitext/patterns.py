"""Regular expressions compiled once per user rather than once per process.

The ``regex`` module parses a pattern in Python, and the checks' patterns include long word
lists (negation cues, lexicalised numerals, the lexicon's phrases): compiling them cost every
``bitext qa`` process about 0.03 s (issue 14). A compiled pattern pickles as its compiled code
(regex's own pickle support, ``_regex.compile(*code)``), which loads some 50 times faster.
:func:`compiled` keeps them in one file in bitext's cache folder, written when the process exits
if it compiled anything new (and the folder exists: a run stopped by bad input leaves none behind).

Never stale: an entry is keyed by the pattern's text and flags, and the file is named for the
versions of regex and Python (the format of the compiled code). Data, never code: the loader
accepts no global but regex's compile function. A missing, unreadable or damaged file only
means compiling again. The modules a QA run loads compile their patterns with :func:`compiled`,
those built from a glossary's terms too (the file keeps at most _MAX_ENTRIES patterns).
"""

from __future__ import annotations

import atexit
import io
import logging
import os
import pickle
import sys
from pathlib import Path

import regex

log = logging.getLogger("bitext")

_FORMAT = 1  # bump when the file's layout changes
_MAX_ENTRIES = 2000  # past this, the file keeps only the patterns of the process that writes it

_patterns: dict[tuple[str, int], regex.Pattern] | None = None  # loaded on first use
_file: Path | None = None  # where they were loaded from, and are saved to
_used: set[tuple[str, int]] = set()
_unsaved_in: int | None = None  # the process that compiled a pattern the file lacks


def compiled(pattern: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile(pattern, flags)``, from the per-user file when it has it."""
    global _patterns, _file, _unsaved_in
    if _patterns is None:
        _file = _path()
        _patterns = _load(_file)
    key = (pattern, int(flags))
    _used.add(key)
    found = _patterns.get(key)
    if found is None:
        found = _patterns[key] = regex.compile(pattern, flags)
        if _unsaved_in is None:
            atexit.register(_save)
        _unsaved_in = os.getpid()
    return found


def _path() -> Path:
    from bitext.paths import cache_dir

    version = f"{sys.version_info.major}{sys.version_info.minor}"
    return cache_dir() / f"regex-{regex.__version__}-py{version}-{_FORMAT}.pickle"


class _PatternUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if name == "compile" and module in ("regex._regex", "_regex"):  # where regex versions keep it
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name}: not a compiled pattern")


def _load(path: Path) -> dict[tuple[str, int], regex.Pattern]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    try:
        patterns = _PatternUnpickler(io.BytesIO(data)).load()
        if isinstance(patterns, dict) and all(isinstance(p, regex.Pattern) and p.pattern == key[0]
                                              for key, p in patterns.items()):
            return patterns
    except Exception as error:  # damaged or foreign: compile afresh, rewrite at exit
        log.debug("ignoring the compiled-pattern cache: %s", error)
    return {}


def _save() -> None:
    """At exit, in the process that compiled something new (not in a forked worker): the file
    with every pattern it holds, replaced whole (concurrent writers: the last one wins)."""
    if _patterns is None or _file is None or _unsaved_in != os.getpid():
        return
    patterns = _patterns if len(_patterns) <= _MAX_ENTRIES else {k: _patterns[k] for k in _used}
    path = _file
    if not path.parent.is_dir():  # made by the caches a run fills; a run that stopped early leaves no folder
        return
    from bitext.paths import write_cache_file

    write_cache_file(path, pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))  # unwritable: compiled again


__all__ = ["compiled"]
