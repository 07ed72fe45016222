"""Specifications of helpers.recsys.base: every model is a RatingModel and recommends the same way."""

import numpy as np
import pandas as pd
import pytest

from helpers import recsys
from unit.recsys.toy import star_ratings

MODELS = {
    "item_mean": lambda: recsys.ItemMean(),
    "biases": lambda: recsys.BaselineBiases(),
    "most_popular": lambda: recsys.MostPopular(),
    "random": lambda: recsys.RandomRecommender(rng=0),
    "als": lambda: recsys.ALSMatrixFactorization(n_factors=3, n_iter=3, rng=0),
    "item_knn": lambda: recsys.ItemKNN(k=10, min_support=1),
    "surprise_svd": lambda: recsys.SurpriseRecommender("SVD", n_factors=5, n_epochs=5),
    "surprise_user_knn": lambda: recsys.SurpriseRecommender(
        "KNNWithMeans", k=10, sim_options={"name": "pearson", "user_based": True}
    ),
}


@pytest.fixture(scope="module")
def ratings():
    return star_ratings(n_users=30, n_items=40, density=0.4)


@pytest.fixture(scope="module", params=sorted(MODELS))
def fitted(request, ratings):
    return request.param, MODELS[request.param]().fit(ratings)


def test_every_model_is_a_rating_model(fitted):
    _, model = fitted
    assert isinstance(model, recsys.RatingModel)


def test_recommend_returns_n_unseen_items_best_first(fitted, ratings):
    _, model = fitted
    table = model.recommend(3, n=5)
    assert list(table.columns) == ["rank", "item_id", "score"] and table["rank"].tolist() == [1, 2, 3, 4, 5]
    assert not set(table["item_id"]) & set(ratings.loc[ratings["user_id"] == 3, "item_id"])
    assert table["item_id"].is_unique
    assert (np.diff(table["score"]) <= 0).all()


def test_recommend_many_agrees_with_recommend(fitted):
    name, model = fitted
    if name == "random":
        pytest.skip("random lists differ between calls by design")
    users = [1, 4, 9]
    many = model.recommend_many(users, n=4)
    assert many.shape == (3, 4)
    for row, user in zip(many, users):
        assert row.tolist() == model.recommend(user, n=4)["item_id"].tolist()


def test_exclude_seen_false_may_recommend_rated_items(fitted, ratings):
    _, model = fitted
    n_items = ratings["item_id"].nunique()
    assert model.recommend(2, n=n_items, exclude_seen=False)["item_id"].nunique() == n_items


def test_unknown_user_is_refused_with_a_key_error_naming_them(fitted):
    _, model = fitted
    with pytest.raises(KeyError, match="user 12345"):
        model.recommend(12345)
    with pytest.raises(ValueError, match="user 12345"):
        model.recommend_many([1, 12345])


@pytest.mark.parametrize("n", [0, -1, 2.5])
def test_n_must_be_a_positive_whole_number(fitted, n):
    _, model = fitted
    with pytest.raises(ValueError, match="n"):
        model.recommend(1, n=n)


def test_n_larger_than_the_catalogue_is_refused(fitted, ratings):
    _, model = fitted
    with pytest.raises(ValueError, match="larger than the catalogue"):
        model.recommend(1, n=ratings["item_id"].nunique() + 1)


def test_n_larger_than_the_unseen_items_is_refused(fitted, ratings):
    _, model = fitted
    n_items = ratings["item_id"].nunique()
    with pytest.raises(ValueError, match="only .* items the model can recommend"):
        model.recommend(1, n=n_items)


def test_score_matrix_has_one_column_per_item(fitted, ratings):
    _, model = fitted
    assert model.score_matrix([1, 2]).shape == (2, ratings["item_id"].nunique())


def test_an_unfitted_model_refuses_to_recommend():
    with pytest.raises(ValueError, match="fit"):
        recsys.BaselineBiases().recommend(1)


def test_global_mean_cannot_rank():
    model = recsys.GlobalMean().fit(star_ratings())
    assert isinstance(model, recsys.RatingModel)
    with pytest.raises(ValueError, match="same score"):
        model.recommend(1)


def test_predictions_of_every_model_cover_unseen_ids(fitted):
    _, model = fitted
    pairs = pd.DataFrame({"user_id": [1, 999, 1], "item_id": [101, 101, 9999]})
    pred = model.predict(pairs)
    assert pred.shape == (3,) and np.all(np.isfinite(pred))


def test_top_n_returns_the_items_with_their_scores(fitted):
    name, model = fitted
    if name == "random":
        pytest.skip("random scores differ between calls by design")
    top = model.top_n([2, 5], n=3)
    items, scores = top
    assert top.users.tolist() == [2, 5] and items.shape == scores.shape == (2, 3)
    table = model.recommend(5, n=3)
    assert items[1].tolist() == table["item_id"].tolist()
    np.testing.assert_allclose(scores[1], table["score"])


def test_predicting_an_empty_frame_is_refused(fitted):
    _, model = fitted
    with pytest.raises(ValueError, match="empty"):
        model.predict(pd.DataFrame({"user_id": [], "item_id": []}))
