"""Specifications of helpers.dynamics.popularity_loop: the Mansoury et al. (2020) popularity loop."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from helpers import datasets, dynamics, recsys, sweep


def skewed_ratings(n_users=150, n_items=400, per_user=20, seed=0) -> pd.DataFrame:
    """Users rate ``per_user`` items drawn with Zipf-like popularity; stars at random."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, n_items + 1)
    rows = []
    for user in range(1, n_users + 1):
        items = rng.choice(n_items, per_user, replace=False, p=weights / weights.sum()) + 1
        rows.append(pd.DataFrame({"user_id": user, "item_id": items, "rating": rng.integers(1, 6, per_user)}))
    return pd.concat(rows, ignore_index=True).astype({"rating": float})


RATINGS = skewed_ratings()
GROUPS = pd.Series(np.where(np.arange(1, 151) % 3 == 0, "F", "M"), index=np.arange(1, 151))


# ---------------------------------------------------------------------------------------------- loop pieces


def test_acceptance_falls_exponentially_with_rank_from_rank_one():
    p = dynamics.acceptance_probabilities(10, 0.1)
    np.testing.assert_allclose(p, np.exp(-0.1 * np.arange(1, 11)))
    assert p[0] == pytest.approx(0.905, abs=1e-3) and p[-1] == pytest.approx(0.368, abs=1e-3)
    np.testing.assert_array_equal(dynamics.acceptance_probabilities(3, 0.0), [1.0, 1.0, 1.0])


def test_popularity_groups_split_interactions_into_head_mid_and_tail():
    counts = np.array([5, 50, 30, 3, 10, 2])  # total 100
    groups = dynamics.popularity_groups(counts)
    # head: the 50 (the first 20% of interactions); tail: items after 80% (10, 5, 3, 2)
    np.testing.assert_array_equal(groups, [2, 0, 1, 2, 2, 2])


def test_miscalibration_is_zero_for_matching_lists_and_one_for_disjoint_ones():
    profile = np.array([[2.0, 1.0, 1.0], [4.0, 0.0, 0.0]])
    same = dynamics.popularity_miscalibration(profile, profile * 3)
    np.testing.assert_allclose(same, 0.0, atol=1e-12)
    disjoint = dynamics.popularity_miscalibration(profile[1:], np.array([[0.0, 0.0, 5.0]]))
    np.testing.assert_allclose(disjoint, 1.0)


# ---------------------------------------------------------------------------------------------- the loop


@pytest.fixture(scope="module")
def most_popular():
    return dynamics.popularity_feedback_loop(
        RATINGS, "most_popular", n_iterations=5, rng=0, user_groups=GROUPS
    )


def test_gini_of_interactions_rises_every_iteration_under_most_popular(most_popular):
    gini = (most_popular.gini_original, *most_popular.gini)
    assert np.all(np.diff(gini) > 0)
    assert most_popular.gini_original == pytest.approx(recsys.gini(RATINGS.groupby("item_id").size()))


def test_most_popular_lists_move_down_the_original_popularity_ranking(most_popular):
    """Users consume the head, so the lists reach less popular items by the original counts, while the same
    items have gained interactions on the current counts: the two measurements part ways."""
    assert np.all(np.diff(most_popular.arp_original) < 0)
    assert most_popular.arp_current[-1] > most_popular.arp_original[-1]
    assert most_popular.arp_current[0] == pytest.approx(most_popular.arp_original[0])


def test_result_has_one_value_per_iteration_and_per_group(most_popular):
    r = most_popular
    for name in ("gini", "arp_current", "arp_original", "aggregate_diversity", "n_accepted"):
        assert len(getattr(r, name)) == 5
    assert set(r.groups) == {"F", "M"} and r.groups["F"]["n_users"] == 50
    for store in r.groups.values():
        assert len(store["miscalibration"]) == 5 and all(0 <= m <= 1 for m in store["miscalibration"])
    d = r.to_dict()
    assert d["groups"]["F"]["arp_current"] == list(r.groups["F"]["arp_current"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.gini = ()


def test_users_accept_at_the_rate_the_rank_probabilities_imply(most_popular):
    expected = RATINGS["user_id"].nunique() * dynamics.acceptance_probabilities(10, 0.1).sum()
    assert np.mean(most_popular.n_accepted) == pytest.approx(expected, rel=0.05)


def test_without_decay_every_recommended_item_is_accepted():
    r = dynamics.popularity_feedback_loop(
        RATINGS, "most_popular", n_iterations=2, acceptance_decay=0.0, rng=0
    )
    assert r.n_accepted == (150 * 10, 150 * 10) and r.groups == {}


def test_same_seed_same_loop():
    a = dynamics.popularity_feedback_loop(RATINGS, "mf", n_iterations=2, rng=1, model_params={"n_factors": 5})
    b = dynamics.popularity_feedback_loop(RATINGS, "mf", n_iterations=2, rng=1, model_params={"n_factors": 5})
    assert a == b


@pytest.mark.parametrize("algorithm", ["item_knn", "mf"])
def test_personalized_algorithms_run_the_loop(algorithm):
    r = dynamics.popularity_feedback_loop(RATINGS, algorithm, n_iterations=3, rng=0, user_groups=GROUPS)
    assert np.all(np.isfinite(r.gini)) and np.all(np.isfinite(r.arp_original))
    assert all(0 < d <= 1 for d in r.aggregate_diversity)


def test_task_runs_through_the_sweep_like_a_direct_call():
    points = sweep.grid(algorithm=["most_popular"])
    shared = {"train": RATINGS, "user_groups": GROUPS, "n_iterations": 2}
    (out,) = sweep.run_tasks(dynamics.popularity_loop_task, points, seed=3, shared=shared, backend="serial")
    (seed,) = sweep.spawn_seeds(3, 1)
    direct = dynamics.popularity_feedback_loop(
        RATINGS, "most_popular", n_iterations=2, rng=np.random.default_rng(seed), user_groups=GROUPS
    )
    assert out == direct


def test_most_popular_loop_on_movielens_raises_the_gini_and_reaches_women():
    ratings = datasets.load_movielens_100k()
    train = recsys.train_test_split(ratings, test_fraction=0.2, rng=0).train
    gender = datasets.load_movielens_users()["gender"]
    r = dynamics.popularity_feedback_loop(train, "most_popular", n_iterations=3, rng=0, user_groups=gender)
    assert r.gini_original == pytest.approx(0.62, abs=0.01)  # FACTS: any 80% sample of ML-100K
    assert np.all(np.diff((r.gini_original, *r.gini)) > 0)
    assert r.groups["F"]["n_users"] == 273 and r.groups["M"]["n_users"] == 670


def test_overall_miscalibration_is_the_mean_over_users_of_the_groups_weighted(most_popular):
    f, m = most_popular.groups["F"], most_popular.groups["M"]
    pooled = (50 * np.array(f["miscalibration"]) + 100 * np.array(m["miscalibration"])) / 150
    np.testing.assert_allclose(most_popular.miscalibration, pooled)
    assert most_popular.genre_miscalibration == ()


def test_genre_miscalibration_is_zero_with_one_genre_and_grows_when_lists_drift_from_profiles():
    items = np.arange(1, 401)
    one = pd.DataFrame({"drama": np.ones(400, dtype=bool)}, index=items)
    r = dynamics.popularity_feedback_loop(RATINGS, "most_popular", n_iterations=2, rng=0, item_genres=one)
    np.testing.assert_allclose(r.genre_miscalibration, 0.0, atol=1e-12)
    # the popular items (low ids) are all comedies: lists of them miss the dramas in users' profiles
    two = pd.DataFrame({"comedy": items <= 40, "drama": items > 40}, index=items)
    r = dynamics.popularity_feedback_loop(
        RATINGS, "most_popular", n_iterations=2, rng=0, item_genres=two, user_groups=GROUPS
    )
    assert r.genre_miscalibration[0] > 0.5
    assert len(r.groups["F"]["genre_miscalibration"]) == 2


def test_genre_miscalibration_on_movielens_uses_the_genre_columns():
    ratings = datasets.load_movielens_100k()
    train = recsys.train_test_split(ratings, test_fraction=0.2, rng=0).train
    genres = datasets.load_movielens_items()[list(datasets.GENRES)]
    r = dynamics.popularity_feedback_loop(train, "most_popular", n_iterations=1, rng=0, item_genres=genres)
    assert 0 < r.genre_miscalibration[0] < 5
