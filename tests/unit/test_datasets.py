"""helpers.datasets: schemas and counts of the real data, checksum failures that name their repair, and
downloads that degrade gracefully (deadline, fallback, stale .part files, permission and disk-full errors)."""

import errno
import http.server
import os
import shutil
import stat
import threading
import time

import pytest

from helpers import datasets
from helpers.datasets import DatasetError


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """A copy of the verified cache in a temporary folder, so tests may damage it."""
    for name in datasets.DATASETS:
        shutil.copytree(datasets.fetch(name), tmp_path / name)
    monkeypatch.setenv("TRUSTLAB_DATA_CACHE", str(tmp_path))
    monkeypatch.setattr(datasets, "GROUPLENS_URL", "http://127.0.0.1:9/ml-100k.zip")  # fail fast, offline
    return tmp_path


def test_movielens_ratings_have_the_published_shape():
    ratings = datasets.load_movielens_100k()
    assert list(ratings.columns) == ["user_id", "item_id", "rating", "timestamp"]
    assert len(ratings) == 100_000
    assert ratings["user_id"].nunique() == 943
    assert ratings["item_id"].nunique() == 1682
    assert ratings["rating"].value_counts().sort_index().tolist() == [6110, 11370, 27145, 34174, 21201]


def test_movielens_items_have_year_and_nineteen_genres():
    items = datasets.load_movielens_items()
    assert len(items) == 1682
    assert list(items.columns) == ["title", "year"] + datasets.GENRES
    assert items.loc[1, "title"] == "Toy Story" and items.loc[1, "year"] == 1995
    assert items.loc[1, "Animation"] and items.loc[1, "Comedy"] and not items.loc[1, "Drama"]
    assert items[datasets.GENRES].to_numpy().any(axis=1).all()  # every movie has a genre (maybe "unknown")


def test_movielens_users_keep_zip_codes_as_text():
    users = datasets.load_movielens_users()
    assert users.shape == (943, 4)
    assert set(users["gender"]) == {"M", "F"}
    assert users["zip"].map(type).eq(str).all()
    assert (~users["zip"].str.isdigit()).sum() == 18


def test_cdnow_sample_and_master_transactions():
    sample = datasets.load_cdnow_transactions("sample")
    master = datasets.load_cdnow_transactions("master")
    assert list(sample.columns) == ["customer_id", "date", "quantity", "amount"]
    assert (len(sample), sample["customer_id"].nunique()) == (6919, 2357)
    assert (len(master), master["customer_id"].nunique()) == (69659, 23570)
    assert (
        str(master["date"].min().date()) == "1997-01-01" and str(master["date"].max().date()) == "1998-06-30"
    )


def test_cdnow_summary_is_the_fader_hardie_lee_calibration_table():
    summary = datasets.load_cdnow_summary()
    assert list(summary.columns) == ["frequency", "recency", "T"]
    assert len(summary) == 2357
    assert (summary["recency"] <= summary["T"]).all()
    assert summary["T"].max() <= 39 and summary["frequency"].sum() == 2457


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


def test_truncated_movielens_file_is_refetched_from_the_wheel(private_cache):
    path = private_cache / "ml-100k" / "ml-100k.inter"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DatasetError, match="ml-100k.inter is corrupt"):
        datasets.load_movielens_100k()
    datasets.fetch("ml-100k")  # GroupLens unreachable here, so this exercises the recbole wheel
    assert len(datasets.load_movielens_100k()) == 100_000
    assert not list((private_cache / "ml-100k").glob("*.part"))  # nothing half-written left


def test_missing_file_is_reported(private_cache):
    (private_cache / "ml-100k" / "ml-100k.user").unlink()
    with pytest.raises(DatasetError, match=r"ml-100k.user is missing.*fetch ml-100k"):
        datasets.load_movielens_users()


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


def test_describe_rejects_an_empty_frame():
    with pytest.raises(ValueError, match="empty"):
        datasets.describe(datasets.load_movielens_100k().iloc[:0])


# --------------------------------------------------------------------------- downloads that degrade gracefully


def _cached_contents(name):
    folder = datasets.fetch(name)
    return {file: (folder / file).read_bytes() for file in datasets.DATASETS[name].files}


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


@pytest.fixture
def wheel_copy(private_cache, monkeypatch):
    """The registry source answers with the verified files (no network), and ml-100k needs fetching."""
    contents = _cached_contents("ml-100k")
    calls = []
    monkeypatch.setattr(datasets, "_from_wheel", lambda spec: calls.append(spec.name) or dict(contents))
    (private_cache / "ml-100k" / "ml-100k.user").unlink()
    return calls


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [(_cut_short, "IncompleteRead"), (_not_a_zip, "BadZipFile"), (_trickle, "TimeoutError")],
)
def test_a_failing_download_falls_back_to_the_registry_with_a_message(
    wheel_copy, monkeypatch, capsys, behaviour, reason
):
    monkeypatch.setattr(datasets, "DOWNLOAD_DEADLINE", 1.5)
    monkeypatch.setattr(datasets, "READ_TIMEOUT", 1.0)
    with _Server(behaviour) as server:
        monkeypatch.setattr(datasets, "GROUPLENS_URL", server.url)
        started = time.monotonic()
        folder = datasets.fetch("ml-100k")
    assert time.monotonic() - started < 10  # a trickling server is cut off at the deadline
    assert wheel_copy == ["ml-100k"] and len(datasets.load_movielens_users()) == 943
    err = capsys.readouterr().err
    assert f"ml-100k: GroupLens archive failed ({reason}" in err and "trying PyPI wheel recbole==1.2.1" in err
    assert not list(folder.glob(".*.part"))


def test_stale_part_files_are_cleaned_and_fresh_ones_kept(private_cache):
    folder = private_cache / "ml-100k"
    stale, fresh = folder / ".ml-100k.inter.dead.part", folder / ".ml-100k.item.busy.part"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    datasets.fetch("ml-100k")
    assert not stale.exists() and fresh.exists()


def test_fetch_all_tries_every_dataset_and_reports_each(private_cache, monkeypatch, capsys):
    shutil.rmtree(private_cache / "ml-100k")

    def unreachable(*args):
        raise OSError("network is unreachable")

    monkeypatch.setattr(datasets, "_from_grouplens", unreachable)
    monkeypatch.setattr(datasets, "_from_wheel", unreachable)
    assert datasets.main(["fetch", "all"]) == 1
    captured = capsys.readouterr()
    assert "cdnow: ok" in captured.out
    assert "ml-100k: error: could not fetch ml-100k. Tried: GroupLens archive: OSError" in captured.err
    outcomes = datasets.fetch_all(verbose=False)
    assert outcomes["cdnow"].startswith("ok") and outcomes["ml-100k"].startswith("failed")


def test_a_cache_nobody_may_write_gives_a_permission_error_with_the_fix(wheel_copy, monkeypatch):
    def denied(path, data):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(datasets.paths, "write_atomic", denied)
    with pytest.raises(DatasetError, match="permission denied.*TRUSTLAB_DATA_CACHE") as info:
        datasets.fetch("ml-100k")
    assert "pip install" not in str(info.value)


def test_a_cache_file_nobody_may_read_says_so(private_cache, monkeypatch):
    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(datasets, "sha256", denied)
    with pytest.raises(DatasetError, match="cannot read .*ml-100k.inter: permission denied"):
        datasets.verify("ml-100k")


def test_a_full_disk_gives_a_clear_error_and_leaves_no_part_file(wheel_copy, monkeypatch):
    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(DatasetError, match="the disk is full") as info:
        datasets.fetch("ml-100k")
    assert "pip install" not in str(info.value)
    monkeypatch.undo()
    assert not list(datasets.dataset_dir("ml-100k").glob(".*.part"))


def test_cached_files_have_ordinary_permissions(wheel_copy):
    previous = os.umask(0o022)
    try:
        folder = datasets.fetch("ml-100k")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((folder / "ml-100k.user").stat().st_mode) == 0o644


@pytest.mark.parametrize("which", ["all", "", None, 1])
def test_cdnow_transactions_refuse_an_unknown_selection(which):
    with pytest.raises(ValueError, match="which must be one of"):
        datasets.load_cdnow_transactions(which)
