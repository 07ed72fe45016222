"""Specifications of helpers.recsys.item_knn: the item-based kNN as a RatingModel."""

import numpy as np
import pandas as pd
import pytest

from helpers import datasets, explain, recsys
from unit.recsys.toy import star_ratings


@pytest.fixture(scope="module")
def movielens_model():
    datasets.fetch("ml-100k")
    return recsys.fit_item_knn(datasets.load_movielens_100k())


def test_recommend_matches_the_explained_recommendations(movielens_model):
    for user in (1, 42, 500):
        plain = movielens_model.recommend(user, n=10)
        explained = explain.recommend(movielens_model, user, n=10)
        assert plain["item_id"].tolist() == explained["item_id"].tolist()
        np.testing.assert_allclose(plain["score"], explained["predicted_rating"])


def test_recommend_many_is_the_vectorized_recommend(movielens_model):
    users = movielens_model.user_ids[:60]
    many = movielens_model.recommend_many(users, n=10)
    for row, user in zip(many[::7], users[::7]):
        assert row.tolist() == movielens_model.recommend(user, n=10)["item_id"].tolist()


def test_predict_applies_the_formula_and_falls_back_for_unknown_ids():
    ratings = star_ratings()
    model = recsys.ItemKNN(k=5, shrinkage=0, min_support=1, damping=1).fit(ratings)
    user, item = 3, model.item_ids[0]
    stars, mask, mean = model.profile(model.user_index(user))
    centred = np.where(mask, stars - mean, 0.0)
    s = model.similarity[0]
    expected = np.clip(mean + s @ centred / (s @ mask + 1.0), 1, 5)
    pairs = pd.DataFrame({"user_id": [user, user, 999], "item_id": [item, 99999, item]})
    np.testing.assert_allclose(model.predict(pairs), [expected, mean, ratings["rating"].mean()])


def test_fit_item_knn_keeps_the_old_attributes():
    model = recsys.fit_item_knn(star_ratings(), k=4, shrinkage=10.0, min_support=2, damping=0.5)
    assert (model.k, model.shrinkage, model.min_support, model.damping) == (4, 10.0, 2, 0.5)
    assert model.similarity.shape == (model.item_ids.size, model.item_ids.size)
    assert ((model.similarity > 0).sum(axis=1) <= 4).all()
    assert model.ratings.shape == (model.user_ids.size, model.item_ids.size)


def test_duplicate_ratings_are_refused():
    ratings = star_ratings()
    with pytest.raises(ValueError, match="twice"):
        recsys.fit_item_knn(pd.concat([ratings, ratings.iloc[:1]]))


@pytest.mark.parametrize(
    "argument", [{"k": 0}, {"shrinkage": -1.0}, {"min_support": 0}, {"damping": float("nan")}]
)
def test_bad_hyperparameters_are_refused(argument):
    with pytest.raises(ValueError):
        recsys.ItemKNN(**argument)
