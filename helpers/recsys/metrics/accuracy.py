"""Accuracy of a recommender: rating errors (RMSE, MAE) and top-k accuracy (precision, recall, NDCG).

The top-k metrics take ``recommended`` as one list of item ids (1-D) or one list per user (2-D, rows are
users), and ``relevant`` as one collection of relevant items per list (or a mapping item -> graded gain for
NDCG). One list gives a float; several give the per-list values (``.mean()`` is the usual averaged metric).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._validation import check_array, check_number
from ._lists import as_lists, as_result, check_k, gains_of, relevance

__all__ = ["mae", "ndcg_at_k", "precision_at_k", "recall_at_k", "relevant_items", "rmse"]


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true = check_array(y_true, "y_true")
    y_pred = check_array(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in shape: {y_true.shape} vs {y_pred.shape}")
    return y_true, y_pred


def rmse(y_true, y_pred) -> float:
    """Root mean squared error of predicted ratings, ``sqrt(mean((y - yhat)^2))``."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.sqrt(np.mean((y_true - y_pred) ** 2)))


def mae(y_true, y_pred) -> float:
    """Mean absolute error of predicted ratings, ``mean(|y - yhat|)``."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(np.abs(y_true - y_pred)))


def _hits(recommended, relevant, k):
    lists, single = as_lists(recommended, "recommended")
    k = check_k(k, lists.shape[1])
    rows, items, gains = relevance(relevant, lists.shape[0], single)
    keep = gains > 0
    rows, items, gains = rows[keep], items[keep], gains[keep]
    n_relevant = np.bincount(rows, minlength=lists.shape[0])
    hits = gains_of(lists[:, :k], rows, items, np.ones(rows.size)) > 0
    return hits, n_relevant, k, single


def precision_at_k(recommended, relevant, k: int = 10):
    """Precision@k: the share of the first ``k`` recommended items that are relevant,
    ``|top_k ∩ relevant| / k`` (Manning, Raghavan & Schütze 2008, ch. 8)."""
    hits, _, k, single = _hits(recommended, relevant, k)
    return as_result(hits.sum(axis=1) / k, single)


def recall_at_k(recommended, relevant, k: int = 10):
    """Recall@k: the share of the relevant items found among the first ``k`` recommendations,
    ``|top_k ∩ relevant| / |relevant|``. A list whose user has no relevant item is refused (recall is undefined):
    drop those users first."""
    hits, n_relevant, k, single = _hits(recommended, relevant, k)
    empty = np.flatnonzero(n_relevant == 0)
    if empty.size:
        raise ValueError(
            f"list {empty[0]} (and {empty.size - 1} others) has no relevant item, so recall is undefined; "
            "evaluate only users with at least one relevant item"
        )
    return as_result(hits.sum(axis=1) / n_relevant, single)


def ndcg_at_k(recommended, relevant, k: int = 10):
    """Normalized discounted cumulative gain at ``k`` (Järvelin & Kekäläinen 2002), with linear gains:

        DCG@k = sum_{i=1..k} g(item at rank i) / log2(i + 1),    NDCG@k = DCG@k / IDCG@k,

    where IDCG@k is the DCG of the ideal list (the relevant items sorted by gain). ``relevant`` holds relevant
    items (gain 1) or a mapping item -> gain (graded relevance, such as the test rating). This is the
    definition of scikit-learn's ``ndcg_score``; the result lies in [0, 1]. A list whose user has no item with
    a positive gain is refused (IDCG = 0).
    """
    lists, single = as_lists(recommended, "recommended")
    k = check_k(k, lists.shape[1])
    rows, items, gains = relevance(relevant, lists.shape[0], single)
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = gains_of(lists[:, :k], rows, items, gains) @ discount
    # ideal: each row's gains sorted in decreasing order, the first k of them discounted by rank
    order = np.lexsort((-gains, rows))
    rows_sorted, gains_sorted = rows[order], gains[order]
    starts = np.searchsorted(rows_sorted, np.arange(lists.shape[0]))
    rank = np.arange(rows_sorted.size) - starts[rows_sorted]
    top = rank < k
    idcg = np.bincount(
        rows_sorted[top], weights=gains_sorted[top] * discount[rank[top]], minlength=lists.shape[0]
    )
    empty = np.flatnonzero(idcg <= 0)
    if empty.size:
        raise ValueError(
            f"list {empty[0]} (and {empty.size - 1} others) has no relevant item with a positive gain, so NDCG "
            "is undefined; evaluate only users with at least one relevant item"
        )
    return as_result(dcg / idcg, single)


def relevant_items(test, users, min_rating: float | None = None, gain: str | None = None) -> list:
    """One collection of relevant items per user of ``users`` from a test frame (``user_id, item_id, rating``).

    An item is relevant when its test rating is at least ``min_rating`` (every test item when ``None``).
    ``gain="rating"`` returns pandas Series item -> rating instead (graded relevance for :func:`ndcg_at_k`).
    """
    from ..data import check_ratings

    check_ratings(test, "test")
    if gain not in (None, "rating"):
        raise ValueError(f"gain must be None (binary relevance) or 'rating', got {gain!r}")
    if min_rating is not None:
        test = test[test["rating"] >= check_number(min_rating, "min_rating")]
    users = list(np.atleast_1d(np.asarray(users, dtype=object)))
    if not users:
        raise ValueError("users is empty: pass the users whose lists are evaluated")
    grouped = {u: g for u, g in test.groupby("user_id", sort=False)}
    out = []
    for user in users:
        group = grouped.get(user)
        if gain is None:
            out.append(set() if group is None else set(group["item_id"].tolist()))
        else:
            out.append(pd.Series(dtype=float) if group is None else group.set_index("item_id")["rating"])
    return out
