"""Specifications of helpers.recsys.baselines: global mean, item mean, damped biases, most popular, random."""

import numpy as np
import pandas as pd
import pytest

from helpers import recsys
from unit.recsys.toy import toy_ratings

SMALL = pd.DataFrame({"user_id": [1, 1, 2, 3], "item_id": [10, 20, 10, 30], "rating": [5.0, 3.0, 4.0, 1.0]})


def test_global_mean_predicts_the_training_mean():
    model = recsys.GlobalMean().fit(SMALL)
    np.testing.assert_allclose(model.predict(SMALL), 13 / 4)


def test_item_mean_predicts_item_means_and_the_global_mean_for_new_items():
    model = recsys.ItemMean().fit(SMALL)
    pairs = pd.DataFrame({"user_id": [1, 1], "item_id": [10, 99]})
    np.testing.assert_allclose(model.predict(pairs), [4.5, 13 / 4])


def test_biases_without_damping_are_the_textbook_deviations():
    model = recsys.BaselineBiases(item_damping=0, user_damping=0, rating_scale=(1, 5)).fit(SMALL)
    mu = 13 / 4
    b_item = {10: 4.5 - mu, 20: 3 - mu, 30: 1 - mu}
    assert model.b_item_ == pytest.approx([b_item[10], b_item[20], b_item[30]])
    b_user_1 = ((5 - mu - b_item[10]) + (3 - mu - b_item[20])) / 2
    assert model.b_user_[0] == pytest.approx(b_user_1)


def test_damping_shrinks_biases_towards_zero():
    ratings = toy_ratings()
    loose = recsys.BaselineBiases(0, 0).fit(ratings)
    damped = recsys.BaselineBiases(25, 25).fit(ratings)
    assert np.abs(damped.b_item_).sum() < np.abs(loose.b_item_).sum()


def test_biases_beat_the_global_mean_when_users_and_items_differ():
    rng = np.random.default_rng(0)
    u, i = np.nonzero(rng.random((80, 50)) < 0.4)
    b_user, b_item = rng.normal(0, 0.5, 80), rng.normal(0, 0.7, 50)
    stars = np.clip(3.5 + b_user[u] + b_item[i] + rng.normal(0, 0.3, u.size), 1, 5)
    ratings = pd.DataFrame({"user_id": u, "item_id": i, "rating": stars})
    train, test = recsys.train_test_split(ratings, 0.2, 0)
    biases = recsys.BaselineBiases().fit(train)
    mean = recsys.GlobalMean().fit(train)
    assert recsys.rmse(test["rating"], biases.predict(test)) < recsys.rmse(test["rating"], mean.predict(test))


def test_most_popular_recommends_by_count():
    model = recsys.MostPopular().fit(SMALL)
    assert model.recommend(3, n=2)["item_id"].tolist() == [10, 20]


def test_random_recommender_is_reproducible_by_seed_and_refuses_none():
    a = recsys.RandomRecommender(rng=3).fit(toy_ratings()).recommend(1, n=5)
    b = recsys.RandomRecommender(rng=3).fit(toy_ratings()).recommend(1, n=5)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(TypeError, match="rng is None"):
        recsys.RandomRecommender(rng=None)


def test_random_recommender_lists_are_uniform():
    model = recsys.RandomRecommender(rng=0).fit(toy_ratings(n_users=5, n_items=10, density=0.2))
    firsts = pd.Series([model.recommend(1, n=1)["item_id"].iloc[0] for _ in range(2000)])
    unseen = firsts.nunique()
    assert firsts.value_counts().max() / 2000 < 2.0 / unseen
