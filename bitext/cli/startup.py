"""Start-up of a ``bitext`` process: loading modules without the garbage collector walking them.

The modules a command loads (typer with the pydantic it converts options with, numpy, the checks)
create hundreds of thousands of objects that live as long as the process. The cyclic garbage
collector, which runs every few hundred allocations, walked them again and again while they were
created: 0.02-0.05 s of QA on one abstract (issue 14). So it pauses while they load, and then they
are frozen (moved out of its sight for good), so that later collections walk only what the
command itself allocates. Nothing frozen holds a file or a connection that must be finalized as
the process exits.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

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


@contextlib.contextmanager
def loading_modules() -> Iterator[None]:
    """Import a command's modules inside this block: collection pauses, and they are frozen after."""
    pause_collection()
    try:
        yield
    finally:
        resume_collection()
