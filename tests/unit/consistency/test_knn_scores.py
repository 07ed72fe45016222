"""helpers.consistency.knn_scores: user-based Surprise k-NN scored for a block of users equals Surprise's own
predictions (to 1e-9) and the per-user scorer of helpers.recsys (bit for bit), ties among neighbours included."""

import numpy as np
import pandas as pd
import pytest

from helpers import consistency, recsys
from helpers.recsys._surprise_knn import KNNScorer


@pytest.fixture(scope="module")
def ratings():
    rng = np.random.default_rng(3)
    rows = [
        (u, int(i), float(rng.integers(1, 6)))  # integer stars on few items: many tied similarities
        for u in range(1, 61)
        for i in rng.choice(np.arange(1, 41), int(rng.integers(3, 20)), replace=False)
    ]
    return pd.DataFrame(rows, columns=["user_id", "item_id", "rating"])


@pytest.mark.parametrize("name", ["KNNBasic", "KNNWithMeans", "KNNBaseline"])
@pytest.mark.parametrize("k", [3, 40])
@pytest.mark.parametrize("similarity", ["pearson", "msd"])
def test_scores_equal_surprise_predictions(ratings, name, k, similarity):
    model = recsys.SurpriseRecommender(name, k=k, sim_options={"name": similarity, "user_based": True})
    model.fit(ratings)
    algo, ts = model.algo_, model.trainset_
    scores = consistency.user_knn_scores(algo, np.arange(ts.n_users))
    expected = np.empty_like(scores)
    for u in range(ts.n_users):
        for i in range(ts.n_items):
            pred = algo.predict(ts.to_raw_uid(u), ts.to_raw_iid(i), clip=False)
            expected[u, i] = -np.inf if pred.details.get("was_impossible", False) else pred.est
    assert np.array_equal(np.isinf(scores), np.isinf(expected))
    finite = np.isfinite(expected)
    np.testing.assert_allclose(scores[finite], expected[finite], rtol=0, atol=1e-9)
    per_user = np.vstack([KNNScorer(algo).scores(u) for u in range(ts.n_users)])
    assert np.array_equal(scores, per_user)  # bit for bit, -inf included
    some = np.array([5, 0, 17])
    assert np.array_equal(consistency.user_knn_scores(algo, some), scores[some])
    rng = np.random.default_rng(0)
    users, items = rng.integers(0, ts.n_users, 200), rng.integers(0, ts.n_items, 200)
    assert np.array_equal(consistency.user_knn_pair_scores(algo, users, items), scores[users, items])


def test_the_recommender_recommends_what_surprise_recommender_does(ratings):
    params = {"k": 5, "sim_options": {"name": "pearson", "user_based": True}}
    fast = consistency.UserKNNRecommender("KNNWithMeans", **params).fit(ratings)
    slow = recsys.SurpriseRecommender("KNNWithMeans", **params).fit(ratings)
    users = np.arange(1, 61)
    assert np.array_equal(fast.score_matrix(users), slow.score_matrix(users))
    assert np.array_equal(fast.recommend_many(users, n=5), slow.recommend_many(users, n=5))
    assert isinstance(consistency.make_model("user_knn_basic"), consistency.UserKNNRecommender)


def test_item_based_models_are_refused(ratings):
    model = consistency.UserKNNRecommender("KNNBasic", sim_options={"user_based": False})
    with pytest.raises(ValueError, match="item-based"):
        model.fit(ratings)
