"""helpers.results: what a notebook records lands in results/<notebook>.json, whole and readable."""

import errno
import json
import os
import stat

import numpy as np
import pytest

from helpers import paths, results


@pytest.fixture
def notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTLAB_OUTPUT_DIR", str(tmp_path))
    paths.set_current_notebook("99_test")
    results.reset()
    return tmp_path


def test_record_writes_json_and_prints_rounded_value(notebook, capsys):
    results.record("rmse", np.float64(0.93456789123))
    results.record("by_epsilon", {"svd": {1.0: 0.95, "inf": np.float32(0.9)}})
    stored = json.loads((notebook / "results" / "99_test.json").read_text())
    assert stored["rmse"] == 0.934568
    assert stored["by_epsilon"] == {"svd": {"1.0": 0.95, "inf": pytest.approx(0.9)}}
    assert capsys.readouterr().out.splitlines()[0] == "rmse = 0.9346"


def test_record_keeps_only_this_runs_keys(notebook):
    (notebook / "results").mkdir()
    (notebook / "results" / "99_test.json").write_text('{"stale": 1}')
    results.record("fresh", 2)
    assert results.load("99_test", notebook / "results") == {"fresh": 2}


def test_record_rejects_objects_json_cannot_hold(notebook):
    with pytest.raises(TypeError, match="cannot store a object"):
        results.record("bad", object())


def test_record_stores_infinity_and_nan_explicitly(notebook):
    results.record("values", [np.inf, np.nan])
    assert results.load("99_test", notebook / "results")["values"] == ["inf", None]


def test_record_without_a_registered_notebook_says_how_to_fix(monkeypatch):
    monkeypatch.setattr(paths, "_current_notebook", None)
    with pytest.raises(RuntimeError, match=r"helpers.start_notebook\('NN_name'\)"):
        results.record("x", 1)


def test_loading_results_of_a_notebook_never_run_names_the_command(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m helpers.run 42_nothing"):
        results.load("42_nothing", tmp_path)


def test_results_file_has_ordinary_permissions(notebook):
    previous = os.umask(0o022)
    try:
        results.record("x", 1, show=False)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((notebook / "results" / "99_test.json").stat().st_mode) == 0o644


def test_a_failed_rewrite_keeps_the_previous_file_whole(notebook, monkeypatch):
    results.record("first", 1, show=False)
    before = (notebook / "results" / "99_test.json").read_bytes()

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        results.record("second", 2, show=False)
    assert (notebook / "results" / "99_test.json").read_bytes() == before
    assert [p.name for p in (notebook / "results").iterdir()] == ["99_test.json"]  # no .part left


def test_record_refuses_an_empty_or_non_string_key(notebook):
    for key in ["", None, 3]:
        with pytest.raises(ValueError, match="non-empty string key"):
            results.record(key, 1)
