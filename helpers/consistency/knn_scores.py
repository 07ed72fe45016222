"""User-based k-NN scores of Surprise models (KNNBasic, KNNWithMeans, KNNBaseline) for many users at once.

``helpers.recsys`` scores a user-based Surprise k-NN one user at a time (a sort of every rating per user); the
notebook asks for hundreds of users per fit, so this module scores a block of users item by item with the
similarity matrix Surprise computed: for each item, the ``k`` raters most similar to each user (a partition,
ties kept in Surprise's order, as ``heapq.nlargest`` keeps them), summed in Surprise's order (descending
similarity), so the result equals Surprise's ``estimate`` and the per-user scorer bit for bit.
:class:`UserKNNRecommender` is a :class:`~helpers.recsys.SurpriseRecommender` whose dense scores use it.
"""

from __future__ import annotations

import numpy as np

from .. import recsys
from .._validation import check_count

__all__ = ["UserKNNRecommender", "user_knn_pair_scores", "user_knn_scores"]

_KINDS = ("KNNBasic", "KNNWithMeans", "KNNBaseline")


def _check_algo(algo) -> None:
    kind = type(algo).__name__
    if kind not in _KINDS or not hasattr(algo, "sim"):
        raise TypeError(f"algo must be a fitted Surprise {', '.join(_KINDS)}, got {kind}: fit it first")
    if not algo.sim_options.get("user_based", True):
        raise ValueError("algo is item-based: user_knn_scores scores user-based k-NN only")


def _raters(algo) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each inner item, its raters (inner user ids) and their ratings, in Surprise's order."""
    cached = getattr(algo, "_batch_raters", None)
    if cached is None:
        cached = [
            (np.array([x for x, _ in entries], dtype=int), np.array([r for _, r in entries], dtype=float))
            for entries in (algo.yr[y] for y in range(algo.n_y))
        ]
        algo._batch_raters = cached
    return cached


def _check_users(algo, users, name: str = "users") -> np.ndarray:
    users = np.asarray(users)
    if users.ndim != 1 or users.size == 0 or not np.issubdtype(users.dtype, np.integer):
        raise ValueError(f"{name} must be a non-empty 1-d array of inner user ids (ints)")
    if users.min() < 0 or users.max() >= algo.n_x:
        raise ValueError(f"{name} must be inner user ids in 0..{algo.n_x - 1}")
    return users


def _item_sums(algo, sim_rows: np.ndarray, y: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Surprise's sums for item ``y`` and each row of ``sim_rows`` (similarities of the target users to all
    users): total similarity, total weighted deviation and number of neighbours used, in Surprise's order."""
    raters, stars = _raters(algo)[y]
    kind, k = type(algo).__name__, algo.k
    s = sim_rows[:, raters]
    cols = np.broadcast_to(np.arange(raters.size), s.shape)
    if raters.size > k:  # keep the k largest per row; among ties at the k-th value, the first ones
        kth = np.partition(s, raters.size - k, axis=1)[:, raters.size - k, None]
        keep = s >= kth
        if keep.sum() > keep.shape[0] * k:  # some rows tie at the k-th value: only the first ties stay
            tied = s == kth
            room = k - (s > kth).sum(axis=1, keepdims=True)
            keep &= ~tied | (np.cumsum(tied, axis=1) <= room)
        cols = np.nonzero(keep)[1].reshape(s.shape[0], k)
        s = np.take_along_axis(s, cols, axis=1)
    order = np.argsort(-s, axis=1, kind="stable")  # Surprise sums by decreasing similarity
    s, cols = np.take_along_axis(s, order, axis=1), np.take_along_axis(cols, order, axis=1)
    nb, r = raters[cols], stars[cols]
    if kind == "KNNBasic":
        deviation = r
    elif kind == "KNNWithMeans":
        deviation = r - algo.means[nb]
    else:  # KNNBaseline, x = users (bx = bu), y = items (by = bi)
        deviation = r - (algo.trainset.global_mean + algo.bx[nb] + algo.by[y])
    use = s > 0
    weight = np.where(use, s, 0.0)
    # cumsum adds left to right, as Surprise's loop does; its last column is the sum
    return (
        np.cumsum(weight, axis=1)[:, -1],
        np.cumsum(weight * deviation, axis=1)[:, -1],
        use.sum(axis=1).astype(float),
    )


def _estimate(algo, sum_sim, sum_dev, actual_k, base_users, base_items) -> np.ndarray:
    enough = (actual_k >= algo.min_k) & (sum_sim > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = sum_dev / sum_sim
    kind = type(algo).__name__
    if kind == "KNNBasic":
        return np.where(enough, ratio, -np.inf)
    if kind == "KNNWithMeans":
        base = algo.means[base_users]
    else:
        base = algo.trainset.global_mean + algo.bu[base_users] + algo.bi[base_items]
    return base + np.where(enough, ratio, 0.0)


def user_knn_scores(algo, users) -> np.ndarray:
    """Estimates of a fitted user-based Surprise k-NN for inner users ``users`` (rows) and every inner item
    (columns, inner item ids): Surprise's ``estimate`` without clipping, ``-inf`` where KNNBasic raises
    PredictionImpossible (fewer than ``min_k`` neighbours with positive similarity)."""
    _check_algo(algo)
    users = _check_users(algo, users)
    check_count(algo.k, "algo.k")
    sim = algo.sim[users]
    sum_sim, sum_dev, actual_k = (np.zeros((users.size, algo.n_y)) for _ in range(3))
    for y in range(algo.n_y):
        sum_sim[:, y], sum_dev[:, y], actual_k[:, y] = _item_sums(algo, sim, y)
    return _estimate(algo, sum_sim, sum_dev, actual_k, users[:, None], np.arange(algo.n_y)[None, :])


def user_knn_pair_scores(algo, users, items) -> np.ndarray:
    """:func:`user_knn_scores` of single (inner user, inner item) pairs, ``users[j]`` with ``items[j]``:
    the same numbers, computed only for the pairs asked (cheaper than dense rows for scattered pairs)."""
    _check_algo(algo)
    users = _check_users(algo, users)
    items = np.asarray(items)
    if items.shape != users.shape or not np.issubdtype(items.dtype, np.integer):
        raise ValueError("items must be a 1-d array of inner item ids (ints), one per user")
    if items.min() < 0 or items.max() >= algo.n_y:
        raise ValueError(f"items must be inner item ids in 0..{algo.n_y - 1}")
    check_count(algo.k, "algo.k")
    sum_sim, sum_dev, actual_k = (np.zeros(users.size) for _ in range(3))
    order = np.argsort(items, kind="stable")
    bounds = np.flatnonzero(np.diff(items[order])) + 1
    for group in np.split(order, bounds):
        y = int(items[group[0]])
        sum_sim[group], sum_dev[group], actual_k[group] = _item_sums(algo, algo.sim[users[group]], y)
    return _estimate(algo, sum_sim, sum_dev, actual_k, users, items)


class UserKNNRecommender(recsys.SurpriseRecommender):
    """A :class:`~helpers.recsys.SurpriseRecommender` of a user-based k-NN whose dense scores (``predict``
    aside) come from :func:`user_knn_scores`, a block of users at a time; everything else is inherited."""

    def fit(self, ratings) -> UserKNNRecommender:
        super().fit(ratings)
        _check_algo(self.algo_)
        return self

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        return user_knn_scores(self.algo_, self.inner_users_[rows])[:, self.inner_items_]
