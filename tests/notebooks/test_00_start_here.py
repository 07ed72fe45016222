"""Notebook 00 executed with papermill: it records the dataset facts every later notebook relies on."""
import pytest


def test_start_here_records_dataset_facts(execute):
    recorded = execute("00_start_here", seed=1)
    assert recorded["movielens_ratings"] == 100_000
    assert recorded["movielens_mean_rating"] == pytest.approx(3.52986, abs=1e-5)
    assert recorded["cdnow_customers"] == 23_570
    # the long tail: the top 10% of users give far more than 10% of ratings
    assert 0.25 < recorded["share_of_ratings_from_top_users"] < 0.40
    assert {"rating_distribution.png", "activity_long_tail.png", "cdnow_weekly_purchases.png"} <= set(recorded["_figures"])
