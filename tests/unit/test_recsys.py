"""Specifications of helpers.recsys: splits, metrics, the ALS model and the Surprise wrapper."""

import numpy as np
import pandas as pd
import pytest

from helpers import recsys


def toy_ratings(n_users=60, n_items=40, k=2, density=0.5, seed=0):
    """Ratings from a known low-rank model plus small noise, on the 1-5 scale."""
    rng = np.random.default_rng(seed)
    P, Q = rng.normal(0, 0.8, (n_users, k)), rng.normal(0, 0.8, (n_items, k))
    u, i = np.nonzero(rng.random((n_users, n_items)) < density)
    r = np.clip(3.5 + np.sum(P[u] * Q[i], axis=1) + rng.normal(0, 0.1, u.size), 1, 5)
    return pd.DataFrame({"user_id": u + 1, "item_id": i + 101, "rating": r})


def test_split_partitions_the_ratings():
    ratings = toy_ratings()
    train, test = recsys.train_test_split(ratings, 0.2, np.random.default_rng(0))
    assert len(train) + len(test) == len(ratings)
    assert len(test) == round(0.2 * len(ratings))
    merged = pd.concat([train, test]).sort_values(["user_id", "item_id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(merged, ratings.sort_values(["user_id", "item_id"]).reset_index(drop=True))


def test_split_is_reproducible_with_the_same_seed():
    ratings = toy_ratings()
    a = recsys.train_test_split(ratings, 0.2, np.random.default_rng(5))[1]
    b = recsys.train_test_split(ratings, 0.2, np.random.default_rng(5))[1]
    pd.testing.assert_frame_equal(a, b)


def test_k_fold_test_parts_partition_the_ratings():
    ratings = toy_ratings()
    folds = recsys.k_fold_splits(ratings, 5, np.random.default_rng(0))
    assert sum(len(test) for _, test in folds) == len(ratings)
    assert all(len(train) + len(test) == len(ratings) for train, test in folds)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5])
def test_split_rejects_a_bad_test_fraction(bad):
    with pytest.raises(ValueError, match="test_fraction"):
        recsys.train_test_split(toy_ratings(), bad, np.random.default_rng(0))


def test_empty_ratings_are_rejected():
    with pytest.raises(ValueError, match="empty"):
        recsys.train_test_split(toy_ratings().iloc[:0], 0.2, np.random.default_rng(0))


def test_ratings_outside_the_scale_are_rejected():
    ratings = toy_ratings()
    ratings.loc[0, "rating"] = 7
    with pytest.raises(ValueError, match="outside the declared scale"):
        recsys.check_ratings(ratings, scale=(1, 5))


def test_rmse_and_mae_of_known_errors():
    assert recsys.rmse([1, 2, 3], [2, 2, 5]) == pytest.approx(np.sqrt(5 / 3))
    assert recsys.mae([1, 2, 3], [2, 2, 5]) == pytest.approx(1.0)


def test_metrics_reject_mismatched_lengths():
    with pytest.raises(ValueError, match="shape"):
        recsys.rmse([1, 2], [1, 2, 3])


def test_als_recovers_a_low_rank_model_better_than_the_mean():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, np.random.default_rng(0))
    model = recsys.ALSMatrixFactorization(n_factors=2, reg=0.05, n_iter=10, rng=np.random.default_rng(0)).fit(
        train
    )
    mean = recsys.GlobalMean().fit(train)
    assert recsys.rmse(test["rating"], model.predict(test)) < 0.6 * recsys.rmse(
        test["rating"], mean.predict(test)
    )


def test_als_predictions_stay_on_the_rating_scale_and_handle_unseen_ids():
    train = toy_ratings()
    model = recsys.ALSMatrixFactorization(rng=np.random.default_rng(0)).fit(train)
    unseen = pd.DataFrame({"user_id": [999, 1], "item_id": [101, 9999], "rating": [3, 3]})
    pred = model.predict(unseen)
    assert np.all((pred >= 1) & (pred <= 5)) and np.all(np.isfinite(pred))


def test_als_is_reproducible_with_the_same_seed():
    train = toy_ratings()
    fit = lambda: recsys.ALSMatrixFactorization(rng=np.random.default_rng(3)).fit(train).predict(train)
    np.testing.assert_array_equal(fit(), fit())


def test_als_requires_an_explicit_rng():
    with pytest.raises(ValueError, match="rng"):
        recsys.ALSMatrixFactorization().fit(toy_ratings())


def test_surprise_wrapper_accepts_integer_ids_and_scores_the_test_set():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, np.random.default_rng(0))
    result = recsys.fit_surprise("BaselineOnly", train, test)
    assert result.predictions.shape == (len(test),)
    assert 0 < result.rmse < recsys.rmse(test["rating"], np.full(len(test), 1.0))
    assert result.rmse == pytest.approx(recsys.rmse(test["rating"], result.predictions))


def test_unknown_surprise_algorithm_is_rejected():
    with pytest.raises(ValueError, match="unknown Surprise algorithm"):
        recsys.make_surprise("SVD+++")
