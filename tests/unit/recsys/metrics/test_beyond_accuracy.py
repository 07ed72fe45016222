"""Specifications of helpers.recsys.metrics.beyond_accuracy: calibration (Steck 2018), intra-list diversity,
novelty, catalogue coverage and Gini."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import datasets, recsys

GENRES = pd.DataFrame(
    {"Drama": [1, 1, 0, 0], "Comedy": [0, 1, 1, 0], "Horror": [0, 0, 0, 1]}, index=[10, 20, 30, 40]
).astype(bool)


def test_genre_distribution_shares_an_items_mass_among_its_genres():
    q = recsys.genre_distribution([10, 20], GENRES)
    np.testing.assert_allclose(q, [0.75, 0.25, 0.0])  # (1 + 1/2) / 2 drama, (0 + 1/2) / 2 comedy


def test_profile_distribution_averages_the_rated_items():
    ratings = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [10, 40, 30], "rating": [4.0, 5.0, 3.0]})
    p = recsys.profile_genre_distribution(ratings, GENRES, users=[2, 1])
    np.testing.assert_allclose(p, [[0, 1, 0], [0.5, 0, 0.5]])


def test_calibration_kl_by_hand_with_steck_smoothing():
    p, q = np.array([0.5, 0.5, 0.0]), np.array([1.0, 0.0, 0.0])
    smoothed = 0.99 * q + 0.01 * p
    expected = 0.5 * np.log(0.5 / smoothed[0]) + 0.5 * np.log(0.5 / smoothed[1])
    assert recsys.calibration_kl(p, q) == pytest.approx(expected)


def test_calibration_kl_is_zero_for_a_calibrated_list():
    p = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    np.testing.assert_allclose(recsys.calibration_kl(p, p.copy()), [0.0, 0.0], atol=1e-15)


@pytest.mark.parametrize("alpha", [0.0, 1.0, -0.1, float("nan")])
def test_calibration_refuses_alpha_outside_the_open_unit_interval(alpha):
    with pytest.raises(ValueError, match="alpha"):
        recsys.calibration_kl([0.5, 0.5], [0.5, 0.5], alpha=alpha)


def test_calibration_refuses_unnormalized_distributions():
    with pytest.raises(ValueError, match="sum to 1"):
        recsys.calibration_kl([0.5, 0.6], [0.5, 0.5])


def distributions(n):
    return (
        arrays(float, n, elements=st.floats(0, 10))
        .filter(lambda a: a.sum() > 1e-3)
        .map(lambda a: a / a.sum())
    )


@settings(max_examples=80, deadline=None)
@given(distributions(5), distributions(5))
def test_calibration_kl_is_never_negative(p, q):
    assert recsys.calibration_kl(p, q) >= 0.0
    assert recsys.calibration_kl(p, p) == pytest.approx(0.0, abs=1e-12)


def test_intra_list_diversity_by_hand():
    features = pd.DataFrame({"a": [1.0, 1.0, 0.0], "b": [0.0, 0.0, 1.0]}, index=[1, 2, 3])
    assert recsys.intra_list_diversity([1, 2], features) == pytest.approx(0.0)
    assert recsys.intra_list_diversity([1, 3], features) == pytest.approx(1.0)
    assert recsys.intra_list_diversity([1, 2, 3], features) == pytest.approx(2 / 3)


def test_intra_list_diversity_needs_two_items():
    with pytest.raises(ValueError, match="at least two"):
        recsys.intra_list_diversity([10], GENRES)


def test_novelty_is_mean_self_information():
    ratings = pd.DataFrame({"user_id": [1, 2, 3, 4, 1], "item_id": [10, 10, 10, 10, 20], "rating": 3.0})
    popularity = recsys.item_popularity(ratings)
    assert popularity.to_dict() == {10: 1.0, 20: 0.25}
    assert recsys.novelty([10, 20], popularity) == pytest.approx((0 + 2) / 2)


def test_novelty_refuses_items_without_popularity():
    with pytest.raises(ValueError, match="no popularity"):
        recsys.novelty([10, 99], pd.Series({10: 0.5}))


def test_catalogue_coverage_and_exposure_gini():
    lists = [[10, 20], [10, 30]]
    assert recsys.catalogue_coverage(lists, [10, 20, 30, 40]) == pytest.approx(0.75)
    assert recsys.exposure_gini(lists, [10, 20, 30, 40]) == pytest.approx(recsys.gini([2, 1, 1, 0]))
    with pytest.raises(ValueError, match="not in the catalogue"):
        recsys.catalogue_coverage([[10, 99]], [10, 20])


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, st.integers(1, 30), elements=st.floats(0, 100, allow_subnormal=False)).filter(
        lambda a: a.sum() > 1e-6
    )
)
def test_gini_matches_the_mean_absolute_difference_definition(x):
    pairs = np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean())
    assert recsys.gini(x) == pytest.approx(pairs, abs=1e-12)
    assert 0.0 <= recsys.gini(x) <= 1.0 - 1.0 / x.size + 1e-12


def test_gini_of_movielens_item_interactions_is_about_0_63():
    datasets.fetch("ml-100k")
    ratings = datasets.load_movielens_100k()
    assert recsys.gini(ratings.groupby("item_id").size()) == pytest.approx(0.629, abs=0.005)


def test_average_popularity_is_the_mean_count_of_the_listed_items():
    counts = pd.Series({10: 100, 20: 10, 30: 0})
    np.testing.assert_allclose(recsys.average_popularity([[10, 20], [20, 30]], counts), [55.0, 5.0])
    with pytest.raises(ValueError, match="no popularity"):
        recsys.average_popularity([10, 40], counts)
