"""helpers.datasets.sources: downloads that degrade gracefully (a total deadline, a fallback with a message
on every network failure, clear errors for permission and disk-full failures)."""

import errno
import http.server
import os
import shutil
import threading
import time

import pytest

from helpers import datasets, paths
from helpers.datasets import DatasetError, sources


def test_truncated_movielens_file_is_refetched_from_the_wheel(private_cache):
    path = private_cache / "ml-100k" / "ml-100k.inter"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DatasetError, match="ml-100k.inter is corrupt"):
        datasets.load_movielens_100k()
    datasets.fetch("ml-100k")  # GroupLens unreachable here, so this exercises the recbole wheel
    assert len(datasets.load_movielens_100k()) == 100_000
    assert not list((private_cache / "ml-100k").glob("*.part"))  # nothing half-written left


def test_no_internet_and_no_registry_gives_one_clear_error(private_cache, monkeypatch, capsys):
    shutil.rmtree(private_cache / "ml-100k")
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # as on a machine that reaches no package registry
    monkeypatch.delenv("TRUSTLAB_RECBOLE_WHEEL", raising=False)
    assert datasets.main(["fetch", "ml-100k"]) == 1
    error = capsys.readouterr().err
    assert "GroupLens archive" in error and "PyPI wheel recbole==1.2.1" in error
    assert "TRUSTLAB_RECBOLE_WHEEL" in error
    assert not (private_cache / "ml-100k").exists() or not list((private_cache / "ml-100k").iterdir())


def test_a_wheel_on_disk_can_stand_in_for_the_registry(private_cache, monkeypatch, tmp_path):
    shutil.rmtree(private_cache / "ml-100k")
    monkeypatch.setenv("TRUSTLAB_RECBOLE_WHEEL", str(tmp_path / "nowhere.whl"))
    with pytest.raises(DatasetError, match="TRUSTLAB_RECBOLE_WHEEL points to .*nowhere.whl"):
        datasets.fetch("ml-100k")


class _Server:
    """A local HTTP server whose answer to every GET is ``behaviour(handler)``."""

    def __init__(self, behaviour):
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                try:
                    behaviour(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        outer.url = f"http://127.0.0.1:{self.server.server_address[1]}/ml-100k.zip"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _cut_short(handler):
    handler.send_response(200)
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.write(b"PK\x03\x04 only the start")
    handler.wfile.flush()


def _trickle(handler):
    handler.send_response(200)
    handler.send_header("Content-Length", "5000000")
    handler.end_headers()
    for _ in range(200):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.2)


def _not_a_zip(handler):
    body = b"<html>a captive portal</html>"
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [(_cut_short, "IncompleteRead"), (_not_a_zip, "BadZipFile"), (_trickle, "TimeoutError")],
)
def test_a_failing_download_falls_back_to_the_registry_with_a_message(
    wheel_copy, monkeypatch, capsys, behaviour, reason
):
    monkeypatch.setattr(sources, "DOWNLOAD_DEADLINE", 1.5)
    monkeypatch.setattr(sources, "READ_TIMEOUT", 1.0)
    with _Server(behaviour) as server:
        monkeypatch.setattr(sources, "GROUPLENS_URL", server.url)
        started = time.monotonic()
        folder = datasets.fetch("ml-100k")
    assert time.monotonic() - started < 10  # a trickling server is cut off at the deadline
    assert wheel_copy == ["ml-100k"] and len(datasets.load_movielens_users()) == 943
    err = capsys.readouterr().err
    assert f"ml-100k: GroupLens archive failed ({reason}" in err and "trying PyPI wheel recbole==1.2.1" in err
    assert not list(folder.glob(".*.part"))


def test_fetch_all_tries_every_dataset_and_reports_each(private_cache, monkeypatch, capsys):
    shutil.rmtree(private_cache / "ml-100k")

    def unreachable(*args):
        raise OSError("network is unreachable")

    monkeypatch.setattr(sources, "_from_grouplens", unreachable)
    monkeypatch.setattr(sources, "_from_wheel", unreachable)
    assert datasets.main(["fetch", "all"]) == 1
    captured = capsys.readouterr()
    assert "cdnow: ok" in captured.out
    assert "ml-100k: error: could not fetch ml-100k. Tried: GroupLens archive: OSError" in captured.err
    outcomes = datasets.fetch_all(verbose=False)
    assert outcomes["cdnow"].startswith("ok") and outcomes["ml-100k"].startswith("failed")


def test_a_cache_nobody_may_write_gives_a_permission_error_with_the_fix(wheel_copy, monkeypatch):
    def denied(path, data):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(paths, "write_atomic", denied)
    with pytest.raises(DatasetError, match="permission denied.*TRUSTLAB_DATA_CACHE") as info:
        datasets.fetch("ml-100k")
    assert "pip install" not in str(info.value)


def test_a_full_disk_gives_a_clear_error_and_leaves_no_part_file(wheel_copy, monkeypatch):
    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(DatasetError, match="the disk is full") as info:
        datasets.fetch("ml-100k")
    assert "pip install" not in str(info.value)
    monkeypatch.undo()
    assert not list(datasets.dataset_dir("ml-100k").glob(".*.part"))
