"""Re-ranking a recommender's candidates: Steck's (2018) greedy calibrated re-ranking, vectorized over users."""

from __future__ import annotations

import numpy as np

from .._validation import check_array, check_count, check_open_unit, check_probability
from .metrics._lists import as_lists
from .metrics.beyond_accuracy import _attributes, _item_distributions, _rows_of

__all__ = ["calibrated_rerank"]


def calibrated_rerank(
    candidates, scores, item_genres, profiles, n: int = 10, lam: float = 0.5, alpha: float = 0.01
):
    """Greedy calibrated re-ranking (Steck 2018, "Calibrated recommendations", section 3):

        I* = argmax_{|I| = n}  (1 - lam) sum_{i in I} s(u, i)  -  lam C_KL(p(.|u), q(.|I)),

    built greedily: at each of ``n`` steps every user's list takes the candidate that maximizes the objective
    of the list so far plus that candidate (ties go to the better-ranked candidate). ``lam = 0`` keeps the
    top ``n`` by score; larger ``lam`` trades score for a genre mix closer to the user's profile. The sum of
    scores and the KL divergence are on their own scales (Steck used predicted probabilities): compare ``lam``
    values on one model only.

    ``candidates`` (users x M item ids, best first, e.g. ``model.top_n(users, M).items``) and ``scores`` (their
    scores) come from any recommender; ``item_genres`` is a frame item id -> genre flags; ``profiles`` the
    users' genre distributions (:func:`~helpers.recsys.metrics.profile_genre_distribution`). Returns the
    ``(users, n)`` array of re-ranked item ids. Vectorized over users and candidates; ``n`` steps.
    """
    lists, single = as_lists(candidates, "candidates")
    users, m = lists.shape
    scores = check_array(scores, "scores", ndim=None)
    scores = scores[None, :] if single else scores
    if scores.shape != lists.shape:
        raise ValueError(f"scores must have the shape of candidates {lists.shape}, got {scores.shape}")
    n = check_count(n, "n", maximum=m)
    lam = check_probability(lam, "lam")
    alpha = check_open_unit(alpha, "alpha")
    genres = _attributes(item_genres)
    p = check_array(profiles, "profiles", ndim=None, low=0.0)
    p = p[None, :] if p.ndim == 1 else p
    if p.shape != (users, genres.shape[1]):
        raise ValueError(
            f"profiles must be one distribution over {genres.shape[1]} genres per user, got {p.shape}"
        )
    if not np.allclose(p.sum(axis=1), 1.0, atol=1e-9):
        raise ValueError("each row of profiles must sum to 1 (a distribution over genres)")
    p_items = _item_distributions(genres)[_rows_of(genres, lists, "item_genres")]  # (users, M, genres)
    chosen = np.zeros((users, n), dtype=int)
    taken = np.zeros((users, m), dtype=bool)
    mix, total = np.zeros_like(p), np.zeros(users)
    log_p = np.log(np.where(p > 0, p, 1.0))
    everyone = np.arange(users)
    for step in range(n):
        q = (mix[:, None, :] + p_items) / (step + 1)
        smoothed = (1 - alpha) * q + alpha * p[:, None, :]
        log_q = np.log(np.where(smoothed > 0, smoothed, 1.0))  # smoothed >= alpha p > 0 wherever p > 0
        kl = np.sum(p[:, None, :] * (log_p[:, None, :] - log_q), axis=2)  # terms with p = 0 vanish
        objective = (1 - lam) * (total[:, None] + scores) - lam * kl
        objective[taken] = -np.inf
        best = np.argmax(objective, axis=1)
        chosen[:, step] = best
        taken[everyone, best] = True
        mix += p_items[everyone, best]
        total += scores[everyone, best]
    result = np.take_along_axis(lists, chosen, axis=1)
    return result[0] if single else result
