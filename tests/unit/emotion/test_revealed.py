"""Specifications of helpers.emotion.revealed: in MovieLens, better-matched movies delight more and disappoint
less; the temporal split keeps each user's later ratings for the test."""

import numpy as np
import pandas as pd
import pytest

from helpers import datasets
from helpers import emotion as em
from unit.badinput import ratings_frame


@pytest.fixture(scope="module")
def movielens_match():
    datasets.fetch("ml-100k")
    train, test = em.temporal_split(datasets.load_movielens_100k(), 0.8)
    return train, test, em.fit_profile_match(train, test, n_factors=20, n_epochs=10, random_state=0)


def small_ratings(n_users=12, n_items=15, seed=0):
    frame = ratings_frame(n_users, n_items, seed)
    return frame.assign(timestamp=np.random.default_rng(seed).permutation(len(frame)))


def test_temporal_split_puts_each_users_later_ratings_in_test(movielens_match):
    train, test, _ = movielens_match
    last_train = train.groupby("user_id")["timestamp"].max()
    first_test = test.groupby("user_id")["timestamp"].min()
    assert (first_test >= last_train.reindex(first_test.index)).all()
    assert set(train["user_id"]) == set(test["user_id"])
    assert len(train) / (len(train) + len(test)) == pytest.approx(0.8, abs=0.01)


def test_temporal_split_is_a_result_with_named_parts():
    split = em.temporal_split(small_ratings(), 0.5)
    train, test = split
    assert train is split.train and test is split.test
    assert len(train) + len(test) == 12 * 15


def test_temporal_split_rejects_bad_share():
    with pytest.raises(ValueError, match="train_share"):
        em.temporal_split(pd.DataFrame(columns=["user_id", "item_id", "rating", "timestamp"]), 1.2)


def test_temporal_split_refuses_an_empty_frame_and_a_user_with_one_rating():
    with pytest.raises(ValueError, match="empty"):
        em.temporal_split(pd.DataFrame(columns=["user_id", "item_id", "rating", "timestamp"]), 0.8)
    ratings = small_ratings()
    lonely = pd.concat(
        [ratings, pd.DataFrame({"user_id": [99], "item_id": [1], "rating": [4.0], "timestamp": [0]})]
    )
    with pytest.raises(ValueError, match="at least two ratings"):
        em.temporal_split(lonely, 0.8)


def test_temporal_split_refuses_ratings_off_the_five_star_scale():
    with pytest.raises(ValueError, match="1-5 star"):
        em.temporal_split(small_ratings().assign(rating=7.0), 0.8)


def test_profile_match_splits_the_prediction_into_baseline_and_taste(movielens_match):
    _, _, match = movielens_match
    t = match.test
    inside = (t["baseline"] + t["taste"]).between(1, 5)
    assert np.allclose(t.loc[inside, "match"], (t["baseline"] + t["taste"])[inside])
    assert sorted(t["decile"].unique()) == list(range(1, 11))


def test_profile_match_ranks_the_taste_term_into_its_own_deciles(movielens_match):
    _, _, match = movielens_match
    t = match.test
    assert sorted(t["taste_decile"].unique()) == list(range(1, 11))
    means = t.groupby("taste_decile")["taste"].mean()
    assert means.is_monotonic_increasing
    # the user's generosity b_u is part of the non-personal baseline, constant for each user
    assert (t.groupby("user_id")["user_bias"].nunique() == 1).all()


def test_global_cutoff_split_feeds_the_profile_match():
    from helpers import recsys

    split = recsys.temporal_split(datasets.load_movielens_100k(), 0.2, known_only=True)
    match = em.fit_profile_match(split.train, split.test, n_factors=5, n_epochs=3, random_state=0)
    assert match.test["timestamp"].min() > split.train["timestamp"].max() - 1e-9
    assert len(match.test) == len(split.test)


def test_profile_match_refuses_none_as_seed():
    train, test = em.temporal_split(small_ratings(), 0.5)
    with pytest.raises(TypeError, match="random_state"):
        em.fit_profile_match(train, test, random_state=None)


def test_delight_rises_and_disappointment_falls_with_match_decile(movielens_match):
    _, _, match = movielens_match
    table = em.affect_by_decile(match.test, 200, np.random.default_rng(0))
    assert list(table.index) == list(range(1, 11))
    assert em.trend(table["delight"])["spearman"] > 0.9
    assert em.trend(table["disappointment"])["spearman"] < -0.9
    assert table["n"].sum() == len(match.test)
    assert (
        (table["delight_ci_low"] <= table["delight"]) & (table["delight"] <= table["delight_ci_high"])
    ).all()


def test_affect_by_decile_gives_the_same_numbers_for_a_seed_and_its_generator(movielens_match):
    _, _, match = movielens_match
    a = em.affect_by_decile(match.test, 60, 3)
    b = em.affect_by_decile(match.test, 60, np.random.default_rng(3))
    pd.testing.assert_frame_equal(a, b)


def test_affect_by_decile_refuses_nan_ratings_and_none_as_rng(movielens_match):
    _, _, match = movielens_match
    holes = match.test.head(100).copy()
    holes.loc[holes.index[0], "rating"] = np.nan
    with pytest.raises(ValueError, match="rating"):
        em.affect_by_decile(holes, 60, 0)
    with pytest.raises(TypeError, match="default_rng"):
        em.affect_by_decile(match.test, 60, None)


def test_calibration_curve_rises_with_the_prediction(movielens_match):
    _, _, match = movielens_match
    curve = em.calibration_curve(match.test)
    assert em.trend(curve["observed"])["increasing"]


def test_calibration_curve_refuses_bins_that_do_not_increase(movielens_match):
    _, _, match = movielens_match
    with pytest.raises(ValueError, match="increasing"):
        em.calibration_curve(match.test, bins=[1, 3, 2, 5])


def test_per_user_gradient_is_mostly_positive(movielens_match):
    _, _, match = movielens_match
    users = em.per_user_gradient(match.test, min_ratings=10)
    assert users["spearman"].between(-1, 1).all()
    assert (users["spearman"] > 0).mean() > 0.7


def test_per_user_gradient_can_score_the_taste_term_alone(movielens_match):
    _, _, match = movielens_match
    by_taste = em.per_user_gradient(match.test, min_ratings=10, score="taste")
    assert by_taste["spearman"].between(-1, 1).all()
    assert not by_taste["spearman"].equals(em.per_user_gradient(match.test, min_ratings=10)["spearman"])
    with pytest.raises(TypeError, match="score"):
        em.per_user_gradient(match.test, score=None)
    with pytest.raises(ValueError, match="no_such_column"):
        em.per_user_gradient(match.test, score="no_such_column")


def test_trend_detects_monotone_sequences():
    assert em.trend([1, 2, 2, 3]) == {
        "spearman": pytest.approx(0.9486832980505138),
        "increasing": True,
        "decreasing": False,
    }


def test_trend_is_a_frozen_result_read_by_name_or_key():
    result = em.trend([3, 2, 1])
    assert result.spearman == result["spearman"] == pytest.approx(-1.0)
    assert result.decreasing and not result.increasing
    with pytest.raises(AttributeError):
        result.spearman = 0.0


def test_trend_refuses_a_constant_or_too_short_sequence():
    with pytest.raises(ValueError, match="all equal"):
        em.trend([2, 2, 2])
    with pytest.raises(ValueError, match="at least 2"):
        em.trend([1.0])
