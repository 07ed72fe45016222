"""How much two ranked lists agree: Jaccard overlap of their tops and rank-biased overlap (Webber et al. 2010).

Both compare a list with another (for example a user's top 10 before and after a retrain). They take two
lists (1-D) or two arrays with one list per row (2-D, compared row by row) and give a float or per-row values.
A list may not name an item twice.
"""

from __future__ import annotations

import numpy as np

from ..._validation import check_open_unit
from ._lists import as_lists, as_result, check_k, overlap_depths, same_rows

__all__ = ["jaccard_at_k", "rank_biased_overlap"]


def jaccard_at_k(a, b, k: int | None = None):
    """Jaccard overlap of the first ``k`` items of two lists, ``|A_k ∩ B_k| / |A_k ∪ B_k|`` (1 for the same
    items in any order, 0 for disjoint lists). ``k=None`` compares the whole lists."""
    a, single_a = as_lists(a, "a")
    b, single_b = as_lists(b, "b")
    same_rows(a, b, ("a", "b"))
    if k is not None:
        k = check_k(k, min(a.shape[1], b.shape[1]))
        a, b = a[:, :k], b[:, :k]
    shared = overlap_depths(a, b)[:, -1]
    return as_result(shared / (a.shape[1] + b.shape[1] - shared), single_a and single_b)


def rank_biased_overlap(a, b, p: float = 0.9):
    """Extrapolated rank-biased overlap RBO_ext of two ranked lists (Webber, Moffat & Zobel 2010, eq. 32).

    A user compares the lists' prefixes at depth 1, 2, ... and stops after each depth with probability
    ``1 - p``; RBO is the expected share of shared items, ``(1 - p) sum_d p^(d-1) X_d / d``, where ``X_d`` is
    the overlap of the two depth-``d`` prefixes. For finite lists the tail is extrapolated by assuming the
    agreement seen at the end continues; with ``s`` and ``l`` the lengths of the shorter and the longer list:

        RBO_ext = (1-p)/p [ sum_{d=1..l} X_d/d p^d + sum_{d=s+1..l} X_s (d-s)/(s d) p^d ]
                  + [ (X_l - X_s)/l + X_s/s ] p^l.

    It lies in [0, 1], is 1 for identical lists and 0 for disjoint ones. ``p`` in (0, 1) sets how top-heavy it
    is: the first ``d`` ranks carry ``1 - p^(d-1) + (1-p)/p d (ln(1/(1-p)) - sum_{i<d} p^i / i)`` of the weight
    (86% in the top 10 at ``p = 0.9``).
    """
    p = check_open_unit(p, "p")
    a, single_a = as_lists(a, "a")
    b, single_b = as_lists(b, "b")
    same_rows(a, b, ("a", "b"))
    s, l = min(a.shape[1], b.shape[1]), max(a.shape[1], b.shape[1])
    X = overlap_depths(a, b)  # (rows, l)
    d = np.arange(1, l + 1)
    weights = p**d
    total = (X / d) @ weights
    if l > s:
        tail = np.arange(s + 1, l + 1)
        total += X[:, s - 1] * (((tail - s) / (s * tail)) @ (p**tail))
    rbo = (1 - p) / p * total + ((X[:, l - 1] - X[:, s - 1]) / l + X[:, s - 1] / s) * p**l
    return as_result(np.clip(rbo, 0.0, 1.0), single_a and single_b)
