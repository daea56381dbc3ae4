"""bitext.paths.write_cache_file: a cache file appears whole or not at all, and an unwritable cache is no error."""

from __future__ import annotations

from bitext.paths import write_cache_file


def test_a_cache_file_replaces_the_old_one_whole(tmp_path):
    path = tmp_path / "cache.bin"
    path.write_bytes(b"old")
    assert write_cache_file(path, b"new contents")
    assert path.read_bytes() == b"new contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.bin"]  # no temporary file left


def test_an_unwritable_cache_is_reported_false_and_leaves_nothing(tmp_path):
    missing_folder = tmp_path / "gone" / "cache.bin"
    assert not write_cache_file(missing_folder, b"data")
    assert not missing_folder.exists() and list(tmp_path.iterdir()) == []
    occupied = tmp_path / "folder"
    (occupied / "cache.bin").mkdir(parents=True)  # a folder where the file should go: the rename fails
    assert not write_cache_file(occupied / "cache.bin", b"data")
    assert [p.name for p in occupied.iterdir()] == ["cache.bin"]  # the temporary file was removed
