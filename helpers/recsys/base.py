"""The one interface of every recommender: the ``RatingModel`` protocol (fit, predict, recommend) and the base
class that turns a model's dense scores into top-n lists, so every model recommends the same way.

A model fitted on a ratings frame keeps ``index_`` (raw ids <-> positions) and ``seen_`` (which items each user
rated). It implements ``_scores(rows)``: a dense ``(len(rows), n_items)`` array of scores for the users at
positions ``rows`` (higher is better; ``-inf`` where the model cannot score an item). The base class then gives

* ``recommend(user_id, n=10, exclude_seen=True)``: a frame ``rank, item_id, score`` for one user;
* ``recommend_many(users, n=10, exclude_seen=True)``: an ``(n_users, n)`` array of item ids, vectorized;
* ``score_matrix(users)``: the dense scores themselves (columns in ``index_.items`` order).

Ties are broken by item position (the smaller item id first), so lists are deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd
from scipy import sparse

from .._validation import check_bool, check_count, check_size
from .data import IdIndex

__all__ = ["RatingModel", "Recommender", "TopN"]

# Scores computed at once when many users are ranked: rows per chunk = _CHUNK_CELLS // n_items.
_CHUNK_CELLS = 4_000_000


@runtime_checkable
class RatingModel(Protocol):
    """What notebooks may rely on from any recommender (scikit-learn style: hyperparameters in the constructor,
    ``fit`` returns the model)."""

    def fit(self, ratings: pd.DataFrame) -> RatingModel:
        """Learn from a frame ``user_id, item_id, rating``; return the fitted model."""
        ...

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """Predicted ratings for the frame's (user_id, item_id) pairs."""
        ...

    def recommend(self, user_id, n: int = 10, exclude_seen: bool = True) -> pd.DataFrame:
        """The top ``n`` items for ``user_id`` as a frame ``rank, item_id, score``."""
        ...


@dataclass(frozen=True, eq=False)
class TopN:
    """Top-n lists of several users: ``items[r]`` (item ids, best first) and ``scores[r]`` for ``users[r]``;
    unpacks as ``items, scores = top``."""

    users: np.ndarray
    items: np.ndarray
    scores: np.ndarray

    def __iter__(self):
        return iter((self.items, self.scores))


class Recommender:
    """Base class: top-n lists from ``_scores(rows)``; subclasses call ``_remember(ratings)`` in ``fit``."""

    index_: IdIndex | None = None
    seen_: sparse.csr_matrix | None = None

    # -- what a subclass provides -------------------------------------------------------------------------
    def _scores(self, rows: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _remember(self, ratings: pd.DataFrame, index: IdIndex | None = None) -> None:
        """Keep the id index and the users x items matrix of rated items (excluded from lists by default)."""
        self.index_ = IdIndex.from_ratings(ratings) if index is None else index
        u, i = self.index_.encode(ratings)
        shape = (self.index_.n_users, self.index_.n_items)
        seen = sparse.csr_matrix((np.ones(u.size, dtype=bool), (u, i)), shape=shape)
        seen.sum_duplicates()
        self.seen_ = seen

    # -- what every model gets ----------------------------------------------------------------------------
    def _fitted(self) -> IdIndex:
        if self.index_ is None or self.seen_ is None:
            raise ValueError(f"call {type(self).__name__}(...).fit(ratings) before asking it to recommend")
        return self.index_

    def score_matrix(self, users) -> np.ndarray:
        """Dense scores of ``users`` (rows) for every item of ``index_.items`` (columns), rated items included."""
        index = self._fitted()
        rows = index.user_positions(users)
        check_size(rows.size, index.n_items, what="the score matrix")
        return np.array(self._scores(rows), dtype=float)

    def _check_n(self, n) -> int:
        n = check_count(n, "n")
        n_items = self._fitted().n_items
        if n > n_items:
            raise ValueError(
                f"n={n} is larger than the catalogue the model knows ({n_items} items): ask for fewer"
            )
        return n

    def _top(self, rows: np.ndarray, n: int, exclude_seen: bool) -> tuple[np.ndarray, np.ndarray]:
        """Item positions and scores of the top ``n`` for each row, best first."""
        n_items = self.index_.n_items
        step = max(1, _CHUNK_CELLS // n_items)
        items, scores = np.empty((rows.size, n), dtype=int), np.empty((rows.size, n))
        for start in range(0, rows.size, step):
            chunk = rows[start : start + step]
            s = np.array(self._scores(chunk), dtype=float)
            s[np.isnan(s)] = -np.inf
            if exclude_seen:
                s[self.seen_[chunk].toarray()] = -np.inf
            order = np.argsort(-s, axis=1, kind="stable")[:, :n]
            top = np.take_along_axis(s, order, axis=1)
            short = ~np.isfinite(top).all(axis=1)
            if short.any():
                users = self.index_.users[chunk[short]]
                available = np.isfinite(s[short]).sum(axis=1)
                raise ValueError(
                    f"user {users[0]!r} has only {available[0]} items the model can recommend"
                    + (f" (and {short.sum() - 1} other users have fewer than {n})" if short.sum() > 1 else "")
                    + f": ask for n <= {available.min()}"
                    + (" or pass exclude_seen=False" if exclude_seen else "")
                )
            items[start : start + step], scores[start : start + step] = order, top
        return items, scores

    def recommend(self, user_id, n: int = 10, exclude_seen: bool = True) -> pd.DataFrame:
        """The top ``n`` items for ``user_id``: a frame ``rank`` (1..n), ``item_id``, ``score`` (best first).

        ``exclude_seen`` leaves out the items the user rated in training. An unknown user raises
        :class:`~helpers.recsys.data.UnknownIdError` (a KeyError and a ValueError) naming them.
        """
        index = self._fitted()
        if isinstance(user_id, (list, tuple, np.ndarray, pd.Series, pd.Index)):
            raise TypeError("recommend takes one user id; use recommend_many(users, n) for several users")
        row = index.user_positions(user_id)
        n, exclude_seen = self._check_n(n), check_bool(exclude_seen, "exclude_seen")
        items, scores = self._top(row, n, exclude_seen)
        return pd.DataFrame(
            {"rank": np.arange(1, n + 1), "item_id": index.items[items[0]], "score": scores[0]}
        )

    def top_n(self, users, n: int = 10, exclude_seen: bool = True) -> TopN:
        """Top-``n`` item ids and their scores for each of ``users`` (candidates for a re-ranker)."""
        index = self._fitted()
        rows = index.user_positions(users)
        n, exclude_seen = self._check_n(n), check_bool(exclude_seen, "exclude_seen")
        items, scores = self._top(rows, n, exclude_seen)
        return TopN(index.users.to_numpy()[rows], index.items.to_numpy()[items], scores)

    def recommend_many(self, users, n: int = 10, exclude_seen: bool = True) -> np.ndarray:
        """Top-``n`` item ids for each of ``users``: an ``(n_users, n)`` array, row ``r`` for ``users[r]``."""
        return self.top_n(users, n, exclude_seen).items
