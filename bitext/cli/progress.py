"""Progress on stderr for long runs: how many done, throughput and the time left.

On a terminal, a bar (rich) with count, rate, elapsed time and ETA. Elsewhere (a pipe, a log
file, CI) nothing, unless asked with ``bitext --progress`` (or ``BITEXT_PROGRESS=1``): then a
plain line at most every ``LINE_INTERVAL`` seconds and one at the end, which logs keep readable.
``--quiet`` (BITEXT_QUIET) silences both; ``BITEXT_PROGRESS=0`` turns the bar off on a terminal too.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager

LINE_INTERVAL = 10.0  # seconds between progress lines on a non-terminal


def progress_mode() -> str | None:
    """"bar", "lines" or None (silent)."""
    if os.environ.get("BITEXT_QUIET"):
        return None
    asked = os.environ.get("BITEXT_PROGRESS", "")
    if asked == "0":
        return None
    if sys.stderr.isatty() and (asked == "1" or not os.environ.get("CI")):
        return "bar"
    return "lines" if asked == "1" else None


def progress_enabled() -> bool:
    return progress_mode() is not None


def clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def progress_line(description: str, done: int, total: int | None, elapsed: float) -> str:
    """``bitext: checking 1,200/10,000 (48.0/s, 0:00:25 elapsed, ETA 0:03:03)``."""
    rate = done / elapsed if elapsed > 0 else 0.0
    count = f"{done:,}/{total:,}" if total else f"{done:,}"
    parts = [f"{rate:.1f}/s", f"{clock(elapsed)} elapsed"]
    if total and rate > 0:
        parts.append(f"ETA {clock((total - done) / rate)}")
    return f"bitext: {description} {count} ({', '.join(parts)})"


@contextmanager
def progress_bar(description: str, total: int | None = None):
    """Yields ``advance(n)``; a no-op when progress is off."""
    mode = progress_mode()
    if mode is None:
        yield lambda n=1: None
    elif mode == "lines":
        yield from _lines(description, total)
    else:
        yield from _bar(description, total)


def _lines(description: str, total: int | None):
    start = last = time.monotonic()
    done = 0

    def advance(n: int = 1) -> None:
        nonlocal done, last
        done += n
        now = time.monotonic()
        if now - last >= LINE_INTERVAL:
            last = now
            print(progress_line(description, done, total, now - start), file=sys.stderr, flush=True)

    yield advance
    if done:
        print(progress_line(description, done, total, time.monotonic() - start), file=sys.stderr, flush=True)


def _bar(description: str, total: int | None):
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.1f}/s" if task.speed else "–/s")

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)
