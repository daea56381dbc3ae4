"""Atomic file writes: readers see the old file or the complete new one, never a torn file.

The data goes to a temporary file in the target's directory (``os.replace`` is only
atomic within one file system), is fsynced, then renamed over the target. On any
error, including KeyboardInterrupt, the temporary file is removed and the target
is left untouched.

A target that exists and is not a regular file (``/dev/null``, ``/dev/stdout``, a named pipe) is
written in place instead: renaming a file over it would replace the device or the pipe itself, and
"atomic" means nothing for a stream. A failed write (``/dev/full``: no space left) still raises.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO

from bitext.errors import ConfigError


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    with atomic_open(path, "w", encoding=encoding) as handle:
        handle.write(text)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", encoding: str = "utf-8") -> Iterator[IO]:
    """Stream into ``path`` (mode ``"w"`` or ``"wb"``); it appears only when the block succeeds."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open supports modes 'w' and 'wb', not {mode!r}")
    codecs.lookup(encoding)  # fail before creating the temporary file
    if _is_special(path):
        with open(path, "wb") if mode == "wb" else open(path, "w", encoding=encoding, newline="\n") as stream:
            yield stream
            stream.flush()
        return
    target = Path(os.path.realpath(path))  # write through a symlink rather than replace it
    tmp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    # os.open with 0o666 lets the umask decide permissions (mkstemp would force 0600).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))  # keep an existing file's mode
        with open(fd, "wb") if mode == "wb" else open(fd, "w", encoding=encoding, newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(target.parent)


def refuse_inputs(output: str | os.PathLike[str] | None, inputs: Mapping[str, str | os.PathLike[str] | None],
                  flag: str = "-o") -> None:
    """A ConfigError when the file ``output`` is one of ``inputs`` (option or argument name -> path):
    writing there would replace an input of the run with its own output. Stdin/stdout (``-``), files
    not there yet and special files (/dev/null) are never the same file as an input."""
    if output is None or os.fspath(output) == "-" or _is_special(output):
        return
    for option, path in inputs.items():
        if path is None or os.fspath(path) in ("-", ""):
            continue
        try:
            same = os.path.samefile(output, path)
        except (OSError, ValueError):  # either is missing (or not a local path): not the same file
            same = False
        # atomic_open writes to the real path (sub/../a.txt is a.txt there, even without a folder sub)
        if same or os.path.realpath(output) == os.path.realpath(path):
            raise ConfigError(f"{output}: {flag} names the same file as {option} {os.fspath(path)}",
                              hint=f"bitext does not modify its inputs: give {flag} another file")


@contextlib.contextmanager
def output_folder(path: str | os.PathLike[str]) -> Iterator[Callable[[], Path]]:
    """Yields ``folder()``, which creates ``path`` (and missing parents) on its first call and
    returns it. Should the block fail, the folders created here are removed again if still empty:
    a run that stops before its first file leaves no empty output folder behind."""
    target = Path(path)
    created: list[Path] = []

    def folder() -> Path:
        if not created and not target.is_dir():
            missing = [p for p in (target, *target.parents) if not p.exists()]
            target.mkdir(parents=True, exist_ok=True)
            created.extend(missing)  # deepest first
        return target

    try:
        yield folder
    except BaseException:
        for directory in created:
            with contextlib.suppress(OSError):
                directory.rmdir()  # only succeeds while empty
        raise


def _is_special(path: str | os.PathLike[str]) -> bool:
    """``path`` exists (through symlinks: /dev/stdout) and is neither a regular file nor a directory."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, so best effort.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
