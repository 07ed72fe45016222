"""Vectorized scores of Surprise's k-NN algorithms (KNNBasic, KNNWithMeans, KNNBaseline) for one user and every
item, equal to their ``estimate``: the ``k`` most similar neighbours with positive similarity, ties kept in
Surprise's order (``heapq.nlargest`` is stable), and ``-inf`` where Surprise raises PredictionImpossible."""

from __future__ import annotations

import numpy as np

__all__ = ["KNN_ALGORITHMS", "KNNScorer"]

KNN_ALGORITHMS = ("KNNBasic", "KNNWithMeans", "KNNBaseline")


class KNNScorer:
    """Built once per fitted algorithm; ``scores(inner_user)`` gives the estimates over inner item ids."""

    def __init__(self, algo):
        self.algo, self.kind = algo, type(algo).__name__
        if self.kind not in KNN_ALGORITHMS:
            raise ValueError(f"KNNScorer handles {KNN_ALGORITHMS}, not {self.kind}")
        self.user_based = bool(algo.sim_options.get("user_based", True))
        self.mu = algo.trainset.global_mean
        if self.user_based:  # neighbours of (u, i): the users who rated i, in Surprise's order
            lists = [algo.yr[y] for y in range(algo.n_y)]
            sizes = np.array([len(entries) for entries in lists])
            self.neighbour = np.array([x2 for entries in lists for x2, _ in entries], dtype=int)
            self.rating = np.array([r for entries in lists for _, r in entries], dtype=float)
            self.group = np.repeat(np.arange(algo.n_y), sizes)
            self.starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            self.group_key = self.group.astype(np.uint16 if algo.n_y < 2**16 else np.int64)

    def scores(self, user: int) -> np.ndarray:
        return self._user_based(user) if self.user_based else self._item_based(user)

    def _user_based(self, u: int) -> np.ndarray:
        algo, n_items = self.algo, self.algo.n_y
        s = algo.sim[u, self.neighbour]
        # by group, then by decreasing similarity, ties in Surprise's order: two stable sorts (the second a
        # radix sort on small ints), much faster than one lexsort
        by_similarity = np.argsort(-s, kind="stable")
        order = by_similarity[np.argsort(self.group_key[by_similarity], kind="stable")]
        s, nb, r, group = s[order], self.neighbour[order], self.rating[order], self.group[order]
        rank = np.arange(s.size) - self.starts[group]
        use = (rank < algo.k) & (s > 0)
        if self.kind == "KNNBasic":
            deviation, base = r, None
        elif self.kind == "KNNWithMeans":
            deviation, base = r - algo.means[nb], np.full(n_items, algo.means[u])
        else:  # KNNBaseline, x = users (bx = bu), y = items (by = bi)
            deviation = r - (self.mu + algo.bx[nb] + algo.by[group])
            base = self.mu + algo.bu[u] + algo.bi
        return self._combine(group, s, deviation, use, n_items, base)

    def _item_based(self, u: int) -> np.ndarray:
        algo = self.algo
        entries = algo.yr[u]  # the items u rated, with the ratings, in Surprise's order
        rated = np.array([j for j, _ in entries], dtype=int)
        stars = np.array([r for _, r in entries], dtype=float)
        n_items = algo.n_x
        similar = algo.sim[:, rated]  # (targets, rated items)
        order = np.argsort(-similar, axis=1, kind="stable")[:, : algo.k]
        s = np.take_along_axis(similar, order, axis=1)
        nb, r = rated[order], stars[order]
        use = s > 0
        if self.kind == "KNNBasic":
            deviation, base = r, None
        elif self.kind == "KNNWithMeans":
            deviation, base = r - algo.means[nb], algo.means.copy()
        else:  # KNNBaseline, x = items (bx = bi), y = users (by = bu)
            deviation = r - (self.mu + algo.bx[nb] + algo.by[u])
            base = self.mu + algo.bu[u] + algo.bi
        targets = np.repeat(np.arange(n_items), s.shape[1])
        return self._combine(targets, s.ravel(), deviation.ravel(), use.ravel(), n_items, base)

    def _combine(self, target, s, deviation, use, n_items, base) -> np.ndarray:
        weight = np.where(use, s, 0.0)
        sum_sim = np.bincount(target, weights=weight, minlength=n_items)
        sum_dev = np.bincount(target, weights=weight * deviation, minlength=n_items)
        actual_k = np.bincount(target, weights=use.astype(float), minlength=n_items)
        enough = (actual_k >= self.algo.min_k) & (sum_sim > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = sum_dev / sum_sim
        if base is None:  # KNNBasic: impossible without enough neighbours
            return np.where(enough, ratio, -np.inf)
        return base + np.where(enough, ratio, 0.0)
