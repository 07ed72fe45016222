"""Specifications of helpers.recsys.surprise: the fit-and-score helper and the RatingModel adapter."""

import numpy as np
import pandas as pd
import pytest

from helpers import recsys
from unit.recsys.toy import star_ratings, toy_ratings


def test_surprise_wrapper_accepts_integer_ids_and_scores_the_test_set():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, np.random.default_rng(0))
    result = recsys.fit_surprise("BaselineOnly", train, test)
    assert result.predictions.shape == (len(test),)
    assert 0 < result.rmse < recsys.rmse(test["rating"], np.full(len(test), 1.0))
    assert result.rmse == pytest.approx(recsys.rmse(test["rating"], result.predictions))


def test_unknown_surprise_algorithm_is_rejected():
    with pytest.raises(ValueError, match="unknown Surprise algorithm"):
        recsys.make_surprise("SVD+++")


def test_normal_predictor_leaves_numpys_global_state_alone():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, 0)
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    first = recsys.fit_surprise("NormalPredictor", train, test, seed=4).predictions
    assert np.random.random() == expected
    np.testing.assert_array_equal(
        first, recsys.fit_surprise("NormalPredictor", train, test, seed=4).predictions
    )


def all_pairs(model):
    users, items = np.meshgrid(model.index_.users, model.index_.items, indexing="ij")
    return users.ravel(), items.ravel()


KNN_VARIANTS = [
    ("KNNBasic", {"k": 4, "min_k": 2, "sim_options": {"name": "pearson", "user_based": True}}),
    ("KNNBasic", {"k": 4, "min_k": 2, "sim_options": {"name": "cosine", "user_based": False}}),
    ("KNNWithMeans", {"k": 5, "min_k": 3, "sim_options": {"name": "pearson", "user_based": True}}),
    ("KNNWithMeans", {"k": 3, "sim_options": {"name": "msd", "user_based": False}}),
    ("KNNBaseline", {"k": 6, "sim_options": {"name": "pearson_baseline", "user_based": True}}),
    ("KNNBaseline", {"k": 2, "min_k": 2, "sim_options": {"name": "pearson", "user_based": False}}),
    ("SVD", {"n_factors": 4, "n_epochs": 5}),
    ("SVD", {"n_factors": 4, "n_epochs": 5, "biased": False}),
    ("BaselineOnly", {}),
]


@pytest.mark.parametrize(("name", "params"), KNN_VARIANTS)
def test_vectorized_scores_equal_surprises_own_estimates(name, params):
    ratings = star_ratings(n_users=25, n_items=20, density=0.5)
    model = recsys.SurpriseRecommender(name, **params).fit(ratings)
    scores = model.score_matrix(model.index_.users).ravel()
    for user, item, score in zip(*all_pairs(model), scores):
        prediction = model.algo_.predict(user, item, clip=False)
        if prediction.details.get("was_impossible", False):
            assert score == -np.inf
        else:
            assert score == pytest.approx(prediction.est, abs=1e-12)


def test_an_algorithm_without_a_vectorized_path_is_scored_pair_by_pair():
    ratings = star_ratings(n_users=10, n_items=8, density=0.6)
    model = recsys.SurpriseRecommender("NMF", n_factors=2, n_epochs=5).fit(ratings)
    user, item = 2, model.index_.items[3]
    expected = model.algo_.predict(user, item, clip=False).est
    assert model.score_matrix([user])[0, 3] == pytest.approx(expected)


def test_adapter_predict_is_surprises_predict():
    train, test = recsys.train_test_split(star_ratings(), 0.2, 0)
    model = recsys.SurpriseRecommender("SVD", seed=0).fit(train)
    result = recsys.fit_surprise("SVD", train, test, seed=0)
    np.testing.assert_allclose(model.predict(test), result.predictions)


def test_adapter_accepts_an_algorithm_object():
    from surprise import KNNBasic

    model = recsys.SurpriseRecommender(KNNBasic(k=5, verbose=False)).fit(star_ratings())
    assert model.recommend(1, n=3)["item_id"].is_unique


def test_adapter_refuses_normal_predictor():
    with pytest.raises(ValueError, match="RandomRecommender"):
        recsys.SurpriseRecommender("NormalPredictor")


def test_adapter_refuses_a_seed_of_none():
    with pytest.raises(TypeError, match="seed"):
        recsys.SurpriseRecommender("SVD", seed=None)


def test_ratings_outside_the_scale_are_refused():
    ratings = star_ratings().assign(rating=lambda f: f["rating"] + 1)
    with pytest.raises(ValueError, match="outside the declared scale"):
        recsys.SurpriseRecommender("SVD").fit(ratings)


def test_trainset_keeps_integer_raw_ids():
    trainset = recsys.to_surprise_trainset(pd.DataFrame({"user_id": [1], "item_id": [2], "rating": [3.0]}))
    assert trainset.to_inner_uid(1) == 0 and trainset.to_inner_iid(2) == 0
