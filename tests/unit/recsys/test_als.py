"""Specifications of helpers.recsys.als: the vectorized ALS matrix factorization."""

import numpy as np
import pandas as pd
import pytest

from helpers import recsys
from unit.recsys.toy import toy_ratings


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

    def fit():
        return recsys.ALSMatrixFactorization(rng=np.random.default_rng(3)).fit(train).predict(train)

    np.testing.assert_array_equal(fit(), fit())


def test_an_int_seed_refits_from_the_same_start():
    model = recsys.ALSMatrixFactorization(n_iter=2, rng=3)
    first = model.fit(toy_ratings()).predict(toy_ratings())
    np.testing.assert_array_equal(first, model.fit(toy_ratings()).predict(toy_ratings()))


def test_als_requires_an_explicit_rng():
    with pytest.raises(TypeError, match="rng"):
        recsys.ALSMatrixFactorization().fit(toy_ratings())


def test_positional_hyperparameters_keep_their_order():
    model = recsys.ALSMatrixFactorization(7, 0.3, 4, rng=0)
    assert (model.n_factors, model.reg, model.n_iter) == (7, 0.3, 4)


def test_scores_are_the_unclipped_predictions():
    train = toy_ratings()
    model = recsys.ALSMatrixFactorization(n_factors=3, rng=0).fit(train)
    scores = model.score_matrix([1])[0]
    pairs = pd.DataFrame({"user_id": 1, "item_id": model.index_.items})
    np.testing.assert_allclose(np.clip(scores, 1, 5), model.predict(pairs))


def test_als_recommends_what_it_predicts_highest():
    train = toy_ratings()
    model = recsys.ALSMatrixFactorization(n_factors=2, rng=0).fit(train)
    top = model.recommend(5, n=3)
    unseen = np.setdiff1d(model.index_.items, train.loc[train["user_id"] == 5, "item_id"])
    scores = model.score_matrix([5])[0][model.index_.items.get_indexer(unseen)]
    assert top["item_id"].tolist() == unseen[np.argsort(-scores, kind="stable")[:3]].tolist()


def test_biased_mf_predict_refuses_mismatched_positions():
    with pytest.raises(ValueError, match="same length"):
        recsys.biased_mf_predict(
            3.0, np.zeros(2), np.zeros(2), np.zeros((2, 1)), np.zeros((2, 1)), [0], [0, 1], (1, 5)
        )
