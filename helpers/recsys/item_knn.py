"""Item-based k-nearest-neighbour recommender (Sarwar et al. 2001) whose scores decompose into "because you
rated X" contributions (``helpers.explain`` builds its explanations on them).

Similarity: adjusted cosine between items on user-mean-centred ratings, shrunk towards 0 when few users rated
both items (``n / (n + shrinkage)``), keeping each item's ``k`` most similar items with positive similarity.
A user's score of item ``j`` is

    pred(u, j) = mean_u + sum_i s_ji (r_ui - mean_u) / (damping + sum_i s_ji)   (i: rated neighbours of j)

The ``damping`` term shrinks predictions resting on little total similarity towards the user's mean, which
keeps obscure movies with three weak neighbours from topping every list. ``recommend`` scores an item only
when at least ``min_support`` of its neighbours were rated by the user; ``predict`` applies the formula to any
pair (an unseen user gets the global mean, an unseen item the user's mean), clipped to the rating scale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from .._validation import check_count, check_nonnegative_finite
from .base import Recommender
from .data import RATING_SCALE, check_rating_scale, check_ratings

__all__ = ["ItemKNN", "fit_item_knn"]


class ItemKNN(Recommender):
    """The item-based model; ``fit`` learns ``similarity`` (items x items, row ``j`` holds the neighbours of
    item ``j``), ``ratings`` (users x items, stars, 0 = not rated), ``user_ids`` and ``item_ids``."""

    def __init__(
        self,
        k: int = 30,
        shrinkage: float = 25.0,
        min_support: int = 3,
        damping: float = 1.0,
        rating_scale=RATING_SCALE,
    ):
        self.k = check_count(k, "k")
        self.shrinkage = check_nonnegative_finite(shrinkage, "shrinkage")
        self.min_support = check_count(min_support, "min_support")
        self.damping = check_nonnegative_finite(damping, "damping")
        self.rating_scale = check_rating_scale(rating_scale)

    def fit(self, ratings: pd.DataFrame) -> ItemKNN:
        """Learn item-item similarities from a frame ``user_id, item_id, rating`` (one rating per pair)."""
        check_ratings(ratings, "ratings", self.rating_scale)
        if self.rating_scale[0] <= 0:
            raise ValueError("ItemKNN needs a rating scale above 0 (0 marks 'not rated' in its matrix)")
        if ratings.duplicated(["user_id", "item_id"]).any():
            raise ValueError("a user rated the same item twice: deduplicate the ratings first")
        self._remember(ratings)
        rows, cols = self.index_.encode(ratings)
        stars = ratings["rating"].to_numpy(dtype=float)
        shape = (self.index_.n_users, self.index_.n_items)
        r = sparse.csr_matrix((stars, (rows, cols)), shape=shape)
        counts = np.bincount(rows, minlength=shape[0])
        means = np.bincount(rows, weights=stars, minlength=shape[0]) / counts
        centred = sparse.csr_matrix((stars - means[rows], (rows, cols)), shape=shape)
        rated = sparse.csr_matrix((np.ones_like(stars), (rows, cols)), shape=shape)
        dot = (centred.T @ centred).toarray()
        norms = np.sqrt(np.diag(dot))
        with np.errstate(divide="ignore", invalid="ignore"):
            sim = dot / np.outer(norms, norms)
        sim = np.nan_to_num(sim, nan=0.0, posinf=0.0, neginf=0.0)
        common = (rated.T @ rated).toarray()
        sim *= common / (common + self.shrinkage) if self.shrinkage > 0 else 1.0
        np.fill_diagonal(sim, 0.0)
        sim[sim < 0] = 0.0
        if self.k < sim.shape[1]:  # keep the k largest similarities of each row (target item)
            cut = np.partition(sim, -self.k, axis=1)[:, -self.k][:, None]
            keep = sim >= np.maximum(cut, 1e-12)
            sim = np.where(keep, sim, 0.0)
        self.ratings, self.similarity = r, sim
        self.mean_ = float(stars.mean())
        return self

    # -- ids ----------------------------------------------------------------------------------------------
    @property
    def user_ids(self) -> np.ndarray:
        """Raw user ids; row ``u`` of ``ratings`` is ``user_ids[u]``."""
        return self._fitted().users.to_numpy()

    @property
    def item_ids(self) -> np.ndarray:
        """Raw item ids; column ``j`` of ``ratings`` and ``similarity`` is ``item_ids[j]``."""
        return self._fitted().items.to_numpy()

    def user_index(self, user_id) -> int:
        """Row of ``user_id``; an unknown user raises ValueError (an UnknownIdError) naming them."""
        if isinstance(user_id, (list, tuple, np.ndarray, pd.Series, pd.Index)):
            raise TypeError("user_index takes one user id")
        return int(self._fitted().user_positions(user_id)[0])

    def item_index(self, item_ids) -> np.ndarray:
        """Columns of ``item_ids``; unknown items raise ValueError (an UnknownIdError) naming them."""
        return self._fitted().item_positions(item_ids)

    # -- scores -------------------------------------------------------------------------------------------
    def profile(self, u: int, removed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, float]:
        """Dense stars and rated mask of user row ``u``, minus the ``removed`` item columns; and the user mean."""
        row = self.ratings.getrow(u)
        stars = np.zeros(self.index_.n_items)
        stars[row.indices] = row.data
        if removed is not None and removed.size:
            stars[removed] = 0.0
        mask = stars > 0
        if not mask.any():
            raise ValueError("the user has no ratings left: nothing to base recommendations on")
        return stars, mask, float(stars[mask].mean())

    def profile_scores(self, stars: np.ndarray, mask: np.ndarray, mean: float):
        """Scores of one profile (``-inf`` for rated items and those below ``min_support``), the centred
        ratings and each item's support (how many of its neighbours the user rated)."""
        centred = np.where(mask, stars - mean, 0.0)
        weights = mask.astype(float)
        num = self.similarity @ centred
        den = self.similarity @ weights
        support = (self.similarity > 0).astype(float) @ weights
        with np.errstate(divide="ignore", invalid="ignore"):
            pred = mean + num / (den + self.damping)
        pred[(support < self.min_support) | mask] = -np.inf
        return pred, centred, support

    def _raw_scores(self, rows: np.ndarray):
        """Formula scores of many users at once, with their rated mask and support."""
        stars = self.ratings[rows].toarray()
        mask = stars > 0
        maskf = mask.astype(float)
        mean = stars.sum(axis=1) / mask.sum(axis=1)
        centred = np.where(mask, stars - mean[:, None], 0.0)
        num, den = centred @ self.similarity.T, maskf @ self.similarity.T
        with np.errstate(divide="ignore", invalid="ignore"):
            pred = mean[:, None] + num / (den + self.damping)
        return pred, mask, maskf, mean

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        pred, _, maskf, _ = self._raw_scores(rows)
        support = maskf @ (self.similarity > 0).T.astype(float)
        pred[support < self.min_support] = -np.inf
        return pred

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """Predicted ratings of the frame's pairs by the formula (no support threshold), clipped to the scale."""
        index = self._fitted()
        u, i = index.encode(frame)
        pred = np.full(u.size, self.mean_)
        known = np.flatnonzero(u >= 0)
        users, where = np.unique(u[known], return_inverse=True)
        step = max(1, 4_000_000 // index.n_items)
        for start in range(0, users.size, step):
            chunk = np.flatnonzero((where >= start) & (where < start + step))
            scores, _, _, mean = self._raw_scores(users[start : start + step])
            rows, cols = where[chunk] - start, i[known[chunk]]
            pred[known[chunk]] = np.where(cols >= 0, scores[rows, np.maximum(cols, 0)], mean[rows])
        return np.clip(pred, *self.rating_scale)


def fit_item_knn(
    ratings: pd.DataFrame, k: int = 30, shrinkage: float = 25.0, min_support: int = 3, damping: float = 1.0
) -> ItemKNN:
    """Fit the item-based model on a ratings frame with ``user_id, item_id, rating``."""
    return ItemKNN(k, shrinkage, min_support, damping).fit(ratings)
