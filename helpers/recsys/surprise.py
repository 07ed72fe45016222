"""Surprise (Hug 2020) inside the suite: trainsets from our frames, a fit-and-score helper, and an adapter that
makes any Surprise algorithm a :class:`~helpers.recsys.base.RatingModel` that recommends like the others.

The adapter's dense scores are vectorized for SVD, BaselineOnly and the k-NN family (KNNBasic, KNNWithMeans,
KNNBaseline, user- or item-based), reproducing Surprise's ``estimate`` (including its order among tied
neighbours); any other algorithm is scored pair by pair through Surprise's own ``predict``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import check_count, check_frame
from ._surprise_knn import KNN_ALGORITHMS, KNNScorer
from .base import Recommender
from .data import RATING_COLUMNS, RATING_SCALE, check_rating_scale, check_ratings
from .metrics import mae, rmse

__all__ = [
    "SURPRISE_ALGORITHMS",
    "SurpriseRecommender",
    "SurpriseResult",
    "fit_surprise",
    "make_surprise",
    "to_surprise_trainset",
]

SURPRISE_ALGORITHMS = (
    "SVD",
    "BaselineOnly",
    "NormalPredictor",
    "SVDpp",
    "NMF",
    "KNNBasic",
    "KNNWithMeans",
    "KNNBaseline",
)
_SEEDED = ("SVD", "SVDpp", "NMF")
_QUIET = ("BaselineOnly", "KNNBasic", "KNNWithMeans", "KNNBaseline")


@dataclass(frozen=True)
class SurpriseResult:
    """A Surprise model scored on a test frame."""

    algorithm: str
    rmse: float
    mae: float
    fit_seconds: float
    predictions: np.ndarray = field(repr=False)


def to_surprise_trainset(train: pd.DataFrame, rating_scale: tuple[float, float] = RATING_SCALE):
    """A Surprise ``Trainset`` built with ``Dataset.load_from_df`` (raw ids keep their int dtype)."""
    from surprise import Dataset, Reader

    scale = check_rating_scale(rating_scale)
    check_ratings(train, "train", scale)
    data = Dataset.load_from_df(train[list(RATING_COLUMNS)], Reader(rating_scale=scale))
    return data.build_full_trainset()


def _check_seed(seed) -> int:
    if seed is None:
        raise TypeError("seed is None: pass an int seed so the Surprise fit can be reproduced")
    return check_count(seed, "seed", minimum=0)


def make_surprise(algorithm: str, seed: int = 0, **params):
    """A Surprise algorithm by name (``SVD``, ``BaselineOnly``, ``KNNBasic``, ...), seeded where it draws."""
    import surprise

    if not isinstance(algorithm, str) or algorithm not in SURPRISE_ALGORITHMS:
        raise ValueError(
            f"unknown Surprise algorithm {algorithm!r}; choose one of {', '.join(SURPRISE_ALGORITHMS)}"
        )
    seed = _check_seed(seed)
    if algorithm in _SEEDED:
        params.setdefault("random_state", seed)
    if algorithm in _QUIET:
        params.setdefault("verbose", False)
    return getattr(surprise, algorithm)(**params)


def fit_surprise(
    algorithm: str,
    train: pd.DataFrame,
    test: pd.DataFrame,
    seed: int = 0,
    rating_scale: tuple[float, float] = RATING_SCALE,
    **params,
) -> SurpriseResult:
    """Fit a Surprise algorithm on ``train`` and score it on ``test`` (RMSE, MAE, fit time in seconds).

    ``NormalPredictor`` draws from numpy's global generator (Surprise offers no other way), so it is seeded with
    ``np.random.seed(seed)`` just before predicting and the global state is restored afterwards.
    """
    check_ratings(test, "test")
    trainset = to_surprise_trainset(train, rating_scale)
    algo = make_surprise(algorithm, seed, **params)
    start = time.perf_counter()
    algo.fit(trainset)
    seconds = time.perf_counter() - start
    state = np.random.get_state() if algorithm == "NormalPredictor" else None
    if state is not None:
        np.random.seed(seed)
    try:
        predictions = np.array(
            [algo.predict(u, i).est for u, i in zip(test["user_id"].tolist(), test["item_id"].tolist())]
        )
    finally:
        if state is not None:
            np.random.set_state(state)
    y = test["rating"].to_numpy(dtype=float)
    return SurpriseResult(algorithm, rmse(y, predictions), mae(y, predictions), seconds, predictions)


class SurpriseRecommender(Recommender):
    """Any Surprise algorithm as a RatingModel: ``SurpriseRecommender("KNNWithMeans", k=40,
    sim_options={"name": "pearson"}).fit(train).recommend(user_id)``.

    ``algorithm`` is a name from :data:`SURPRISE_ALGORITHMS` (built with :func:`make_surprise` and ``params``)
    or an unfitted Surprise algorithm object. ``predict`` is Surprise's own (clipped to the scale; impossible
    predictions fall back to the global mean as in Surprise); ``recommend`` ranks by the unclipped estimate and
    never recommends an item whose prediction Surprise calls impossible (too few neighbours).
    ``NormalPredictor`` is refused: it draws from numpy's global state (use RandomRecommender).
    """

    def __init__(self, algorithm="SVD", seed: int = 0, rating_scale=RATING_SCALE, **params):
        from surprise import AlgoBase

        if isinstance(algorithm, AlgoBase):
            if params:
                raise ValueError("pass params only with an algorithm name; the algorithm object has its own")
            name = type(algorithm).__name__
        else:
            name = algorithm
            make_surprise(algorithm, seed, **params)  # validates the name, seed and params early
        if name == "NormalPredictor":
            raise ValueError(
                "NormalPredictor draws from numpy's global state; use RandomRecommender(rng) instead"
            )
        self.algorithm, self.seed, self.params = algorithm, _check_seed(seed), dict(params)
        self.name = name
        self.rating_scale = check_rating_scale(rating_scale)

    def fit(self, ratings: pd.DataFrame) -> SurpriseRecommender:
        """Build the trainset and fit the algorithm (a name builds a fresh algorithm at every fit)."""
        trainset = to_surprise_trainset(ratings, self.rating_scale)
        if isinstance(self.algorithm, str):
            self.algo_ = make_surprise(self.algorithm, self.seed, **self.params)
        else:
            self.algo_ = self.algorithm
        self.algo_.fit(trainset)
        self._remember(ratings)
        self.trainset_ = trainset
        self.inner_users_ = np.array([trainset.to_inner_uid(u) for u in self.index_.users.tolist()])
        self.inner_items_ = np.array([trainset.to_inner_iid(i) for i in self.index_.items.tolist()])
        self._knn = KNNScorer(self.algo_) if self.name in KNN_ALGORITHMS else None
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """Surprise's predictions of the frame's pairs (unknown ids get Surprise's default, the global mean)."""
        self._fitted()
        check_frame(frame, ("user_id", "item_id"), "frame")
        return np.array(
            [
                self.algo_.predict(u, i).est
                for u, i in zip(frame["user_id"].tolist(), frame["item_id"].tolist())
            ]
        )

    # -- dense scores -------------------------------------------------------------------------------------
    def _scores(self, rows: np.ndarray) -> np.ndarray:
        algo, ts = self.algo_, self.trainset_
        users, items = self.inner_users_[rows], self.inner_items_
        if self.name == "SVD":
            dot = algo.pu[users] @ algo.qi[items].T
            if not algo.biased:
                return dot
            return ts.global_mean + algo.bu[users][:, None] + algo.bi[items][None, :] + dot
        if self.name == "BaselineOnly":
            return ts.global_mean + algo.bu[users][:, None] + algo.bi[items][None, :]
        if self._knn is not None:
            return np.vstack([self._knn.scores(int(u))[items] for u in users])
        return self._scores_pairwise(rows)

    def _scores_pairwise(self, rows: np.ndarray) -> np.ndarray:
        """Pair by pair through Surprise's ``predict`` (slow: for algorithms without a vectorized path)."""
        raw_items = self.index_.items.tolist()
        out = np.empty((rows.size, len(raw_items)))
        for r, user in enumerate(self.index_.users[rows].tolist()):
            for c, item in enumerate(raw_items):
                pred = self.algo_.predict(user, item, clip=False)
                out[r, c] = -np.inf if pred.details.get("was_impossible", False) else pred.est
        return out
