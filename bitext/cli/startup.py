"""Start-up of a ``bitext`` process: loading modules without the garbage collector walking them,
and dataclasses whose generated methods are compiled once per user.

The modules a command loads (typer with the pydantic it converts options with, numpy, the checks)
create hundreds of thousands of objects that live as long as the process. The cyclic garbage
collector, which runs every few hundred allocations, walked them again and again while they were
created: 0.02-0.05 s of QA on one abstract (issue 14). So it pauses while they load, and then they
are frozen (moved out of its sight for good), so that later collections walk only what the
command itself allocates. Nothing frozen holds a file or a connection that must be finalized as
the process exits.

Each ``@dataclass`` compiles the source of its methods (``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, a frozen class's ``__setattr__`` and ``__delattr__``) with ``exec``: the 55 classes
a QA run defines spent 0.035-0.04 s compiling some 290 small functions (Python 3.11, issue 14).
:func:`reuse_dataclass_methods` has the dataclasses module compile each source text once per
user: the code objects are kept in one marshal file in bitext's cache folder (as Python keeps
bytecode), written when the process exits if it compiled anything new. The classes are the
same: ``exec`` of the code is ``exec`` of the text it was compiled from, keyed by that text, and
the file is named for the Python build and optimisation level (the bytecode's format). A
missing, unreadable or damaged file (a checksum guards it) only means compiling again.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import gc
import marshal
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import CodeType

_paused = False  # collection was on, and pause_collection() turned it off


def pause_collection() -> None:
    """No cyclic garbage collection until :func:`resume_collection` (if it is on at all)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collection() -> None:
    """Freeze what is loaded by now, and collect as before the pause."""
    global _paused
    if _paused:
        gc.freeze()
        gc.enable()
        _paused = False


def before_exit() -> None:
    """The process is about to exit. When no command ran (``--help``, ``--version``, a usage error),
    collection is still paused and nothing is frozen: freeze what typer loaded, so that the
    interpreter's last collection as it exits does not walk all of it (0.03 s of every
    ``bitext --help``, issue 14). Nothing that typer loaded needs finalizing."""
    if _paused:
        gc.freeze()


@contextlib.contextmanager
def loading_modules() -> Iterator[None]:
    """Import a command's modules inside this block: collection pauses, and they are frozen after."""
    pause_collection()
    try:
        yield
    finally:
        resume_collection()


_MAX_METHODS = 5000  # past this, the file keeps only the source texts of the process that writes it

_methods: dict[str, CodeType] | None = None  # source text -> code, loaded on the first class
_methods_file: Path | None = None
_used_methods: set[str] = set()
_unsaved_in: int | None = None  # the process that compiled a text the file lacks


def reuse_dataclass_methods() -> None:
    """From now on, the dataclasses module compiles a method's source text only when the per-user
    file lacks it (for the command-line process: a library user's process is left alone)."""
    import dataclasses

    dataclasses.exec = _exec  # type: ignore[attr-defined]  # the module calls exec(text, globals, namespace)


def _exec(source, globals=None, locals=None, /) -> None:
    global _methods, _methods_file, _unsaved_in
    if isinstance(source, str):
        if _methods is None:
            _methods_file = _methods_path()
            _methods = _load_methods(_methods_file)
        _used_methods.add(source)
        code = _methods.get(source)
        if code is None:
            # exec(text) compiles as this does: file name "<string>", no __future__ flags of the caller
            code = _methods[source] = compile(source, "<string>", "exec", dont_inherit=True)
            if _unsaved_in is None:
                atexit.register(_save_methods)
            _unsaved_in = os.getpid()
        source = code
    builtins.exec(source, globals, locals)


def _methods_path() -> Path:
    from bitext.paths import cache_dir

    build = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-O{sys.flags.optimize}"
    return cache_dir() / f"dataclass-methods-{build}.marshal"


def _load_methods(path: Path) -> dict[str, CodeType]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    # damaged (the checksum, which marshal lacks, disagrees), or not a dict of code: compile afresh, rewrite at exit
    payload = memoryview(data)[4:]
    if len(data) < 4 or zlib.crc32(payload) != int.from_bytes(data[:4], "little"):
        return {}
    try:
        methods = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if isinstance(methods, dict) and all(isinstance(k, str) and isinstance(v, CodeType) for k, v in methods.items()):
        return methods
    return {}


def _save_methods() -> None:
    """At exit, in the process that compiled something new: the file with every text it holds,
    replaced whole (concurrent writers: the last one wins)."""
    if _methods is None or _methods_file is None or _unsaved_in != os.getpid():
        return
    methods = _methods if len(_methods) <= _MAX_METHODS else {k: _methods[k] for k in _used_methods}
    if not _methods_file.parent.is_dir():  # made by the caches a run fills; a run that stopped early leaves none
        return
    from bitext.paths import write_cache_file

    data = marshal.dumps(methods)
    write_cache_file(_methods_file, zlib.crc32(data).to_bytes(4, "little") + data)
