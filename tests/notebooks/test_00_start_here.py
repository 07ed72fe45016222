"""Notebook 00 executed with papermill: it records the dataset facts every later notebook relies on; run
twice through the course runner, it gives the same bytes (notebook, figures, results)."""

import pytest

from helpers.tools import run


def test_start_here_records_dataset_facts(execute):
    recorded = execute("00_start_here", seed=1)
    assert recorded["movielens_ratings"] == 100_000
    assert recorded["movielens_mean_rating"] == pytest.approx(3.52986, abs=1e-5)
    assert recorded["cdnow_customers"] == 23_570
    # the long tail: the top 10% of users give far more than 10% of ratings
    assert 0.25 < recorded["share_of_ratings_from_top_users"] < 0.40
    assert {"rating_distribution.png", "activity_long_tail.png", "cdnow_weekly_purchases.png"} <= set(
        recorded["_figures"]
    )


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_runs_through_the_runner_give_the_same_bytes(tmp_path):
    for folder in ("first", "second"):
        assert run.main(["00", "--output-dir", str(tmp_path / folder)]) == 0
    first, second = _files(tmp_path / "first"), _files(tmp_path / "second")
    assert set(first) >= {
        "00_start_here.ipynb",
        "results/00_start_here.json",
        "figures/00_start_here/activity_long_tail.png",
    }
    different = sorted(name for name in first if first[name] != second.get(name))
    assert set(first) == set(second) and not different, f"differ between two runs: {different}"
    notebook = first["00_start_here.ipynb"]
    assert str(tmp_path).encode() not in notebook and b'"input_path"' not in notebook
