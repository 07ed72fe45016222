"""helpers.paths: where outputs go, and write_atomic, the one way the suite writes a file."""

import errno
import os
import stat

import pytest

from helpers import paths


def test_outputs_follow_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTLAB_OUTPUT_DIR", str(tmp_path))
    assert paths.figures_dir() == tmp_path / "figures" and paths.results_dir() == tmp_path / "results"
    monkeypatch.setenv("TRUSTLAB_DATA_CACHE", str(tmp_path / "cache"))
    assert paths.data_cache() == tmp_path / "cache"


def test_notebook_name_is_the_file_stem():
    paths.set_current_notebook("notebooks/04_private_recommenders.ipynb")
    assert paths.current_notebook() == "04_private_recommenders"


@pytest.mark.parametrize("name", ["", None, 4])
def test_a_notebook_needs_a_name(name):
    with pytest.raises((ValueError, TypeError), match="notebook name"):
        paths.set_current_notebook(name)


def test_write_atomic_replaces_the_file_with_ordinary_permissions(tmp_path):
    target = tmp_path / "sub" / "record.json"
    previous = os.umask(0o022)
    try:
        paths.write_atomic(target, "old")
        os.chmod(target, 0o600)  # as tempfile.mkstemp used to leave it
        paths.write_atomic(target, b"new")
    finally:
        os.umask(previous)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["record.json"]


def test_write_atomic_respects_the_umask(tmp_path):
    previous = os.umask(0o077)
    try:
        path = paths.write_atomic(tmp_path / "private.txt", "x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_full_disk_leaves_the_old_file_and_no_part_file(tmp_path, monkeypatch):
    target = paths.write_atomic(tmp_path / "a.txt", "complete old content")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError) as info:
        paths.write_atomic(target, "new")
    assert target.read_text() == "complete old content"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert "disk is full" in paths.describe_os_error(info.value, target)


def test_permission_errors_say_whose_folder_and_how_to_fix():
    exc = PermissionError(errno.EACCES, "Permission denied")
    message = paths.describe_os_error(exc, paths.DATASETS / "cache" / "ml-100k" / "ml-100k.inter")
    assert "permission denied" in message and "TRUSTLAB_DATA_CACHE" in message


@pytest.mark.parametrize(("path", "data"), [(None, "x"), ("/tmp/x", 3), ("/tmp/x", None)])
def test_write_atomic_refuses_bad_arguments(path, data):
    with pytest.raises(TypeError):
        paths.write_atomic(path, data)
