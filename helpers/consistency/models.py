"""The recommenders notebook 03 compares, built by name, and their dense rating predictions over a catalogue.

Every model is one of ``helpers.recsys``; this module only fixes their settings for the notebook and gives one
way to ask any of them for predicted ratings of many (user, item) pairs at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import recsys
from .._validation import check_choice, check_count
from .knn_scores import UserKNNRecommender

__all__ = ["ALGORITHMS", "DRAWING", "LABELS", "PAPER_FAMILY", "dense_predictions", "make_model"]

# name -> label shown in tables
LABELS = {
    "item_mean": "item mean",
    "baseline_biases": "baseline biases",
    "als": "ALS matrix factorization",
    "user_knn_basic": "user kNN (KNNBasic, Pearson)",
    "user_knn_means": "user kNN (KNNWithMeans, Pearson)",
    "item_knn": "item kNN",
    "most_popular": "most popular",
    "random": "random",
}
ALGORITHMS = tuple(LABELS)
# the algorithms whose fit or lists depend on their seed; the others refit to the same model whatever the seed
DRAWING = ("als", "random")

# Adomavicius & Zhang (2012) group the algorithms they compare into model-based ones (baseline, SVD) and
# neighbourhood (memory-based) collaborative filtering; their finding is that the first group is more stable.
PAPER_FAMILY = {
    "item_mean": "average heuristic",
    "baseline_biases": "model-based",
    "als": "model-based",
    "user_knn_basic": "neighbourhood",
    "user_knn_means": "neighbourhood",
    "item_knn": "neighbourhood",
}


def make_model(algorithm: str, seed: int = 0):
    """An unfitted recommender by name (see :data:`ALGORITHMS`). ``seed`` fixes what the model draws (ALS's
    starting factors, the random recommender's lists); the others ignore it."""
    check_choice(algorithm, "algorithm", ALGORITHMS)
    seed = check_count(seed, "seed", minimum=0)
    if algorithm == "item_mean":
        return recsys.ItemMean()
    if algorithm == "baseline_biases":
        return recsys.BaselineBiases()
    if algorithm == "als":
        return recsys.ALSMatrixFactorization(n_factors=20, reg=0.1, n_iter=10, rng=seed)
    if algorithm in ("user_knn_basic", "user_knn_means"):
        name = "KNNBasic" if algorithm == "user_knn_basic" else "KNNWithMeans"
        return UserKNNRecommender(name, seed=seed, k=40, sim_options={"name": "pearson", "user_based": True})
    if algorithm == "item_knn":
        return recsys.ItemKNN()
    if algorithm == "most_popular":
        return recsys.MostPopular()
    return recsys.RandomRecommender(rng=seed)


def dense_predictions(model, users) -> np.ndarray:
    """Predicted ratings of ``users`` (rows) for every item the fitted ``model`` knows (columns in
    ``model.index_.items`` order), as the model's ``predict`` would give them pair by pair.

    Surprise models are scored through their vectorized dense scores (user-based k-NN a block of users at a
    time, :mod:`.knn_scores`); where Surprise calls a prediction
    impossible (too few neighbours) it predicts the global mean, and predictions are clipped to the scale, as
    Surprise's ``predict`` does. Other models get one vectorized ``predict`` call on the cross product.
    """
    if not isinstance(model, recsys.Recommender):
        raise TypeError(f"model must be a fitted recsys recommender, got {type(model).__name__}")
    index = model._fitted()
    users = np.asarray(users)
    if users.size == 0:
        raise ValueError("users is empty: pass the users whose predictions you want")
    index.user_positions(users)  # an unknown user raises UnknownIdError naming them
    if isinstance(model, recsys.SurpriseRecommender):
        scores = model.score_matrix(users)
        scores[~np.isfinite(scores)] = model.trainset_.global_mean
        return np.clip(scores, *model.rating_scale)
    items = index.items.to_numpy()
    frame = pd.DataFrame({"user_id": np.repeat(users, items.size), "item_id": np.tile(items, users.size)})
    return np.asarray(model.predict(frame), dtype=float).reshape(users.size, items.size)
