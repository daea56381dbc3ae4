"""Progress on stderr: a bar on a terminal, nothing in pipes, CI or with --quiet."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager


def progress_enabled() -> bool:
    return sys.stderr.isatty() and not os.environ.get("BITEXT_QUIET") and not os.environ.get("CI")


@contextmanager
def progress_bar(description: str, total: int | None = None):
    """Yields ``advance(n)``; a no-op when progress is disabled."""
    if not progress_enabled():
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)
