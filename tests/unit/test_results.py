"""helpers.results and helpers.plotting: what a notebook records and saves lands where it should."""
import json

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import paths, plotting, results


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


def test_savefig_writes_png_under_the_notebook_and_is_reproducible(notebook):
    plotting.set_theme()
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3])
    first = plotting.savefig("line", fig).read_bytes()
    second = plotting.savefig("line", fig).read_bytes()
    plt.close(fig)
    assert (notebook / "figures" / "99_test" / "line.png").exists()
    assert first == second and first[:4] == b"\x89PNG"


def test_savefig_rejects_paths_as_names(notebook):
    with pytest.raises(ValueError, match="plain file name"):
        plotting.savefig("../escape")
