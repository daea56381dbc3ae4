"""A model package's fingerprint, remembered per user until the package's files change.

The default model's fingerprint names the package version and hashes the start of its weight
files: finding the version loads importlib.metadata and searches the installed distributions,
and the hash reads 2 MiB, 0.03-0.05 s of every ``bitext qa`` (issue 14). So it is kept in a
small file in the cache folder, with the identity of each file it was computed from and of the
package's ``__init__.py`` (device, inode, size, modification and change times): an upgrade or a
reinstall writes new files, whose change time the installer cannot set back, and the fingerprint
is computed afresh. A damaged, foreign or stale memo is computed afresh and rewritten, never
trusted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

_FORMAT = 1


def _identity(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _identities(package_dir: Path, files: list[str]) -> dict[str, list[int]]:
    return {name: _identity(package_dir / name) for name in ["__init__.py", *files]}


def remembered_fingerprint(memo: Path | None, package_dir: Path,
                           compute: Callable[[], tuple[str, list[str]]]) -> str:
    """The fingerprint ``compute()`` gives (with the package files, relative to ``package_dir``,
    it read), from ``memo`` when that was written for these very files; ``memo`` None: computed."""
    if memo is not None:
        try:
            saved = json.loads(memo.read_text(encoding="utf-8"))
            if (saved["format"] == _FORMAT and saved["package"] == str(package_dir)
                    and saved["files"] == _identities(package_dir, list(saved["files"])[1:])
                    and isinstance(saved["fingerprint"], str)):
                return saved["fingerprint"]
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            pass  # absent, damaged, or written for other files: computed afresh below
    fingerprint, files = compute()
    if memo is not None:
        _write(memo, {"format": _FORMAT, "package": str(package_dir), "files": _identities(package_dir, files),
                      "fingerprint": fingerprint})
    return fingerprint


def _write(memo: Path, record: dict) -> None:
    """Whole or not at all (another process may be reading); a memo that cannot be written is no error."""
    from bitext.paths import write_cache_file

    write_cache_file(memo, json.dumps(record).encode("utf-8"))
