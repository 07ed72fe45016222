"""Global effects in the billboard model (joint differential privacy): the server releases a noisy global
mean and noisy item effects, and each user computes their own user effect from their own ratings.

Joint DP (Kearns et al. 2014; the model of private ALS in Chien et al. 2021): what is published (the
"billboard": global mean and item effects) is epsilon-DP for adding or removing one rating, and what user ``u``
sees may depend on ``u``'s own ratings as well, which ``u`` knows anyway. Nothing one user sees depends on
another user's ratings except through the billboard. Each rating touches one item, so the item level costs its
share of the budget once (parallel composition); the user level costs nothing, which is what makes the model
cheaper than central DP for the same unit.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._validation import check_nonnegative_finite, check_number, check_positive_finite, check_rng
from ._checks import check_epsilon_or_inf, check_ids, check_ratings, check_scale
from .mechanisms import laplace
from .recommenders import RATING_SCALE, GlobalEffects, dp_global_mean

__all__ = ["billboard_global_effects"]


def _noisy(values: np.ndarray, sensitivity: float, epsilon: float, rng: np.random.Generator) -> np.ndarray:
    if epsilon == math.inf:
        return values.astype(float)
    return laplace(values.astype(float), sensitivity, epsilon, rng)


def billboard_global_effects(
    train: pd.DataFrame,
    epsilon: float,
    rng: np.random.Generator,
    users=None,
    items=None,
    scale: tuple[float, float] = RATING_SCALE,
    beta_item: float = 25.0,
    beta_user: float = 10.0,
    clamp: float = 2.0,
    noise_shrinkage: float = 5.0,
    global_share: float = 0.1,
) -> GlobalEffects:
    """Joint-DP global effects: ``epsilon``-DP billboard (global mean, item effects), local user effects.

    Accounting (unit: the presence of one rating, pure epsilon-DP for the billboard): the global mean costs
    ``global_share * epsilon`` (:func:`dp_global_mean`); every item's sum of ``r - G`` (sensitivity
    ``max(G - low, high - G)``) and count (sensitivity 1) get Laplace noise at ``(1 - global_share) epsilon / 2``
    each, and since each rating enters one item's sum and count only, all items together cost
    ``(1 - global_share) epsilon`` (parallel composition). Item effect: noisy sum over noisy count plus
    ``beta_item + noise_shrinkage * sensitivity / epsilon_level`` pseudo-ratings (data-independent shrinkage).
    User effect of ``u``: the mean of ``u``'s own residuals ``clip(r - G - c_i, -clamp, clamp)`` shrunk by
    ``beta_user`` pseudo-ratings, computed without noise on ``u``'s side; it enters only ``u``'s predictions.
    """
    epsilon = check_epsilon_or_inf(epsilon)
    scale = check_scale(scale, "scale")
    beta_item = check_positive_finite(beta_item, "beta_item")
    beta_user = check_positive_finite(beta_user, "beta_user")
    clamp = check_positive_finite(clamp, "clamp")
    noise_shrinkage = check_nonnegative_finite(noise_shrinkage, "noise_shrinkage")
    global_share = check_number(
        global_share, "global_share", low=0.0, high=1.0, low_open=True, high_open=True
    )
    users, items = check_ids(users, "users"), check_ids(items, "items")
    check_ratings(train, "train", scale)
    rng = check_rng(rng)
    y = train["rating"].to_numpy(dtype=float)
    g = dp_global_mean(train, epsilon * global_share, rng, scale)
    items = pd.Index(np.unique(train["item_id"] if items is None else items))
    users = pd.Index(np.unique(train["user_id"] if users is None else users))
    i, u = items.get_indexer(train["item_id"]), users.get_indexer(train["user_id"])
    if (i < 0).any() or (u < 0).any():
        raise ValueError("train has user or item ids missing from the public users/items lists")
    eps_item = epsilon * (1 - global_share) / 2
    sens = max(g - scale[0], scale[1] - g)
    item_sum = _noisy(np.bincount(i, weights=y - g, minlength=len(items)), sens, eps_item, rng)
    item_cnt = _noisy(np.bincount(i, minlength=len(items)), 1.0, eps_item, rng)
    extra = 0.0 if epsilon == math.inf else noise_shrinkage * sens / eps_item
    item_effect = item_sum / (np.maximum(item_cnt, 0) + beta_item + extra)
    # each user's own computation: no noise, seen by that user only
    resid = np.clip(y - g - item_effect[i], -clamp, clamp)
    user_effect = np.bincount(u, weights=resid, minlength=len(users)) / (
        np.bincount(u, minlength=len(users)) + beta_user
    )
    return GlobalEffects(g, pd.Series(item_effect, index=items), pd.Series(user_effect, index=users), scale)
