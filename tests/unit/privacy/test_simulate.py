"""Specifications of the opt-out model in helpers.simulate.privacy."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.simulate import privacy as sim


def test_simulated_opt_out_share_matches_the_model():
    users = sim.simulate_users(np.arange(40_000), np.random.default_rng(0))
    assert users["opted_out"].mean() == pytest.approx(
        sim.PrivacyConcernModel().expected_opt_out_share(), abs=0.01
    )


def test_offering_dp_lowers_opt_out_for_the_same_users():
    ids = np.arange(5_000)
    without = sim.simulate_users(ids, np.random.default_rng(1))
    with_dp = sim.simulate_users(ids, np.random.default_rng(1), dp_offered=True)
    assert with_dp["opted_out"].sum() < without["opted_out"].sum()
    assert not (with_dp["opted_out"] & ~without["opted_out"]).any()  # nobody opts out only because of DP


def test_an_int_seed_gives_the_same_users_as_its_generator():
    assert sim.simulate_users([1, 2, 3], 7).equals(sim.simulate_users([1, 2, 3], np.random.default_rng(7)))


@given(st.floats(0, 1), st.floats(0, 1))
@settings(max_examples=50, deadline=None)
def test_opt_out_probability_rises_with_concern(c1, c2):
    model = sim.PrivacyConcernModel()
    low, high = sorted([c1, c2])
    assert model.opt_out_probability(low) <= model.opt_out_probability(high)


def test_drop_opted_out_removes_exactly_their_ratings():
    ratings = pd.DataFrame({"user_id": [1, 1, 2, 3], "item_id": [1, 2, 1, 1], "rating": [5, 4, 3, 2]})
    users = pd.DataFrame({"user_id": [1, 2, 3], "opted_out": [False, True, False]})
    kept = sim.drop_opted_out(ratings, users)
    assert kept["user_id"].tolist() == [1, 1, 3]


def test_drop_opted_out_refuses_a_numeric_opt_out_column():
    """0/1 integers would be read as row labels by ``.loc`` and drop the wrong users."""
    ratings = pd.DataFrame({"user_id": [1, 2], "item_id": [1, 1], "rating": [5, 4]})
    users = pd.DataFrame({"user_id": [1, 2], "opted_out": [0, 1]})
    with pytest.raises(TypeError, match="opted_out"):
        sim.drop_opted_out(ratings, users)


def test_drop_opted_out_refuses_ratings_of_unknown_users():
    ratings = pd.DataFrame({"user_id": [1, 9], "item_id": [1, 1], "rating": [5, 4]})
    users = pd.DataFrame({"user_id": [1], "opted_out": [False]})
    with pytest.raises(ValueError, match="missing from users"):
        sim.drop_opted_out(ratings, users)


def test_model_rejects_invalid_parameters():
    with pytest.raises(ValueError, match="dp_reassurance"):
        sim.PrivacyConcernModel(dp_reassurance=1.5)
    with pytest.raises(ValueError, match="Beta"):
        sim.PrivacyConcernModel(concern_a=0)


def test_simulate_users_rejects_empty_and_duplicate_ids():
    with pytest.raises(ValueError, match="at least one"):
        sim.simulate_users([], np.random.default_rng(0))
    with pytest.raises(ValueError, match="distinct"):
        sim.simulate_users([1, 1], np.random.default_rng(0))
