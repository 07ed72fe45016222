"""Baselines every recommender must beat: the global mean, item means, damped user and item biases, the most
popular items and random lists. Each is a :class:`~helpers.recsys.base.RatingModel`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_nonnegative_finite, check_rng
from .base import Recommender
from .data import RATING_SCALE, check_rating_scale, check_ratings

__all__ = ["BaselineBiases", "GlobalMean", "ItemMean", "MostPopular", "RandomRecommender"]


class _Fitted(Recommender):
    """Shared by the baselines: check the frame, keep the index, the global mean and the encoded arrays."""

    rating_scale: tuple[float, float] = RATING_SCALE

    def _start(self, ratings: pd.DataFrame, what: str = "ratings"):
        check_ratings(ratings, what)
        self._remember(ratings)
        u, i = self.index_.encode(ratings)
        y = ratings["rating"].to_numpy(dtype=float)
        self.mean_ = float(ratings["rating"].mean())
        return u, i, y

    def _encode(self, frame: pd.DataFrame):
        self._fitted()
        return self.index_.encode(frame)


class GlobalMean(_Fitted):
    """Predicts the training mean for everyone (the floor every recommender must beat). It scores every item
    alike, so it cannot rank: ``recommend`` refuses (use :class:`MostPopular` or :class:`RandomRecommender`)."""

    def fit(self, train: pd.DataFrame) -> GlobalMean:
        self._start(train, "train")
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        u, _ = self._encode(frame)
        return np.full(len(u), self.mean_)

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        raise ValueError(
            "GlobalMean gives every item the same score, so it has no ranking to recommend from; "
            "use MostPopular or RandomRecommender as a non-personalized baseline"
        )


class ItemMean(_Fitted):
    """Predicts each item's mean training rating (the global mean for items unseen in training); recommends the
    items with the highest means (an item rated once at 5 stars tops the list: that is the textbook weakness)."""

    def __init__(self, rating_scale=RATING_SCALE):
        self.rating_scale = check_rating_scale(rating_scale)

    def fit(self, train: pd.DataFrame) -> ItemMean:
        _, i, y = self._start(train, "train")
        n = np.bincount(i, minlength=self.index_.n_items)
        self.item_means_ = np.bincount(i, weights=y, minlength=self.index_.n_items) / n
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        _, i = self._encode(frame)
        return np.where(i >= 0, self.item_means_[i], self.mean_)

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        return np.broadcast_to(self.item_means_, (rows.size, self.item_means_.size))


class BaselineBiases(_Fitted):
    """Damped baseline predictor ``mu + b_u + b_i`` (Koren 2010, section 2.1; LensKit's ``Bias``):

        b_i = sum_{u in R(i)} (r_ui - mu) / (|R(i)| + item_damping)
        b_u = sum_{i in R(u)} (r_ui - mu - b_i) / (|R(u)| + user_damping)

    The damping pulls the biases of users and items with few ratings towards 0. Predictions are clipped to
    ``rating_scale``; an unseen user or item contributes no bias.
    """

    def __init__(self, item_damping: float = 5.0, user_damping: float = 5.0, rating_scale=RATING_SCALE):
        self.item_damping = check_nonnegative_finite(item_damping, "item_damping")
        self.user_damping = check_nonnegative_finite(user_damping, "user_damping")
        self.rating_scale = check_rating_scale(rating_scale)

    def fit(self, train: pd.DataFrame) -> BaselineBiases:
        check_ratings(train, "train", self.rating_scale)
        u, i, y = self._start(train, "train")
        n_users, n_items = self.index_.n_users, self.index_.n_items
        residual = y - self.mean_
        self.b_item_ = np.bincount(i, weights=residual, minlength=n_items) / (
            np.bincount(i, minlength=n_items) + self.item_damping
        )
        residual = residual - self.b_item_[i]
        self.b_user_ = np.bincount(u, weights=residual, minlength=n_users) / (
            np.bincount(u, minlength=n_users) + self.user_damping
        )
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        u, i = self._encode(frame)
        pred = self.mean_ + np.where(u >= 0, self.b_user_[u], 0.0) + np.where(i >= 0, self.b_item_[i], 0.0)
        return np.clip(pred, *self.rating_scale)

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        return self.mean_ + self.b_user_[rows, None] + self.b_item_[None, :]


class MostPopular(_Fitted):
    """Recommends the items with the most training ratings (the same list for everyone, minus what each user
    has seen). It predicts ratings with the item mean, since popularity is not a rating."""

    def __init__(self, rating_scale=RATING_SCALE):
        self.rating_scale = check_rating_scale(rating_scale)

    def fit(self, train: pd.DataFrame) -> MostPopular:
        _, i, y = self._start(train, "train")
        self.counts_ = np.bincount(i, minlength=self.index_.n_items).astype(float)
        self.item_means_ = np.bincount(i, weights=y, minlength=self.index_.n_items) / self.counts_
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        _, i = self._encode(frame)
        return np.where(i >= 0, self.item_means_[i], self.mean_)

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        return np.broadcast_to(self.counts_, (rows.size, self.counts_.size))


class RandomRecommender(_Fitted):
    """Random lists: every call draws fresh uniform scores from ``rng`` (a Generator or an int seed, fixed at
    ``fit``), so the lists are a uniform sample of the unseen items. Its rating predictions draw from the normal
    distribution of the training ratings, clipped to the scale (as Surprise's ``NormalPredictor``)."""

    def __init__(self, rng=None, rating_scale=RATING_SCALE):
        check_rng(rng)
        self.rng = rng
        self.rating_scale = check_rating_scale(rating_scale)

    def fit(self, train: pd.DataFrame) -> RandomRecommender:
        _, _, y = self._start(train, "train")
        self.sd_ = float(y.std())
        self.generator_ = check_rng(self.rng)
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        u, _ = self._encode(frame)
        return np.clip(self.generator_.normal(self.mean_, self.sd_, len(u)), *self.rating_scale)

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        return self.generator_.random((rows.size, self.index_.n_items))
