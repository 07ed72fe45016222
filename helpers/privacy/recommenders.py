"""Private rating predictors on ``user_id, item_id, rating`` frames, each with its privacy unit stated.

DP global mean and DP global effects (McSherry & Mironov 2009) release noisy statistics; input perturbation
(Berlioz et al. 2015) adds Laplace noise to every rating before any model sees it; local DP passes every
rating through randomized response on the user's side. The noise each adds to one rating is a function of
epsilon alone (:func:`rating_noise`, :func:`laplace_noise_variance`, :func:`rr_noise_variance`), so models may
use it to set their regularization at no privacy cost. DP-SGD matrix factorization lives in :mod:`.dpsgd`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    check_array,
    check_columns,
    check_nonnegative_finite,
    check_number,
    check_positive_finite,
    check_rng,
)
from ._checks import (
    check_epsilon_or_inf,
    check_ids,
    check_numeric_categories,
    check_ratings,
    check_scale,
)
from .mechanisms import laplace, randomized_response, rr_keep_probability, rr_unbiased

__all__ = [
    "RATING_CATEGORIES",
    "RATING_SCALE",
    "GlobalEffects",
    "RatingNoise",
    "dp_global_effects",
    "dp_global_mean",
    "laplace_noise_variance",
    "local_dp_ratings",
    "perturb_ratings",
    "rating_noise",
    "rr_noise_variance",
]

RATING_SCALE = (1.0, 5.0)  # MovieLens stars; the sensitivity of one rating is the width, 4 stars
RATING_CATEGORIES = (1, 2, 3, 4, 5)  # the values randomized response chooses among


@dataclass(frozen=True)
class RatingNoise:
    """The Laplace noise input perturbation adds to one rating at ``epsilon`` (none at ``epsilon = inf``)."""

    epsilon: float
    scale: float  # the Laplace scale b = (high - low) / epsilon, in stars; 0 at epsilon = inf

    @property
    def sd(self) -> float:
        """Standard deviation of the noise, ``sqrt(2) b`` stars."""
        return math.sqrt(2) * self.scale

    @property
    def variance(self) -> float:
        """Variance of the noise, ``2 b^2``."""
        return 2 * self.scale**2

    def density(self, x) -> np.ndarray:
        """The Laplace density ``exp(-|x| / b) / (2 b)`` of the noise at ``x`` (stars)."""
        x = check_array(x, "x", ndim=None)
        if self.scale == 0:
            raise ValueError("at epsilon = inf no noise is added: the density is a point mass at 0")
        return np.exp(-np.abs(x) / self.scale) / (2 * self.scale)


def rating_noise(epsilon: float, rating_scale: tuple[float, float] = RATING_SCALE) -> RatingNoise:
    """The noise :func:`perturb_ratings` adds to one rating: Laplace with scale ``(high - low) / epsilon``."""
    epsilon = check_epsilon_or_inf(epsilon)
    low, high = check_scale(rating_scale)
    return RatingNoise(epsilon, 0.0 if epsilon == math.inf else (high - low) / epsilon)


def _ratings_in_scale(train: pd.DataFrame, scale: tuple[float, float]) -> np.ndarray:
    check_ratings(train, "train", scale)
    return train["rating"].to_numpy(dtype=float)


@dataclass(frozen=True, eq=False)
class GlobalEffects:
    """Predicts ``clip(G + item_effect + user_effect)``; effects of unseen users or items are zero."""

    global_mean: float
    item_effect: pd.Series  # indexed by item_id
    user_effect: pd.Series  # indexed by user_id
    rating_scale: tuple[float, float] = RATING_SCALE

    def __post_init__(self):
        check_number(self.global_mean, "global_mean")
        for name in ("item_effect", "user_effect"):
            effect = getattr(self, name)
            if not isinstance(effect, pd.Series):
                raise TypeError(f"{name} must be a pandas Series indexed by id, got {type(effect).__name__}")
            check_array(effect.to_numpy(dtype=float), name, min_size=0)
        check_scale(self.rating_scale)

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """Predicted ratings for the ``user_id, item_id`` pairs of ``frame``."""
        check_columns(frame, ["user_id", "item_id"], "frame")
        item = self.item_effect.reindex(frame["item_id"]).fillna(0.0).to_numpy()
        user = self.user_effect.reindex(frame["user_id"]).fillna(0.0).to_numpy()
        return np.clip(self.global_mean + item + user, *self.rating_scale)


def _noisy(values: np.ndarray, sensitivity: float, epsilon: float, rng: np.random.Generator) -> np.ndarray:
    if epsilon == math.inf:
        return values.astype(float)
    return laplace(values.astype(float), sensitivity, epsilon, rng)


def dp_global_mean(
    train: pd.DataFrame, epsilon: float, rng: np.random.Generator, scale: tuple[float, float] = RATING_SCALE
) -> float:
    """Mean rating with Laplace noise on the sum (of ratings minus the scale's midpoint) and on the count,
    half the budget each: epsilon-DP for adding or removing one rating."""
    epsilon = check_epsilon_or_inf(epsilon)
    scale = check_scale(scale, "scale")
    y = _ratings_in_scale(train, scale)
    rng = check_rng(rng)
    mid, half_range = (scale[0] + scale[1]) / 2, (scale[1] - scale[0]) / 2
    total = _noisy(np.array([np.sum(y - mid)]), half_range, epsilon / 2, rng)[0]
    count = _noisy(np.array([y.size]), 1.0, epsilon / 2, rng)[0]
    return float(np.clip(mid + total / max(count, 1.0), *scale))


def _check_split(split) -> tuple[float, float, float]:
    if isinstance(split, str) or not hasattr(split, "__len__") or len(split) != 3:
        raise TypeError(f"split must be three shares (global, items, users) summing to 1, got {split!r}")
    shares = tuple(check_positive_finite(s, f"split[{j}]") for j, s in enumerate(split))
    if not math.isclose(sum(shares), 1.0):
        raise ValueError(f"split must be three positive shares summing to 1, got {split}")
    return shares


def dp_global_effects(
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
    split: tuple[float, float, float] = (0.1, 0.45, 0.45),
) -> GlobalEffects:
    """Noisy global, item and user effects in the style of McSherry & Mironov (2009).

    The budget is split ``split`` across the global mean, the item effects and the user effects
    (sequential composition); within a level every rating touches one item (or user), so the whole level
    costs its share once (parallel composition). Item effect:
    ``(sum(r - G) + noise) / (count + noise + beta)``, shrunk toward zero by ``beta_item`` pseudo-ratings;
    user effects the same on residuals clamped to ``[-clamp, clamp]``. The shrinkage grows with the noise:
    each level uses ``beta + noise_shrinkage * sensitivity / epsilon_level`` pseudo-ratings
    (data-independent, so free). ``users``/``items`` are the public id lists to release effects for
    (default: the ids in ``train``; pass the full catalogue so the release does not reveal which ids occur).
    """
    epsilon = check_epsilon_or_inf(epsilon)
    split = _check_split(split)
    beta_item = check_positive_finite(beta_item, "beta_item")
    beta_user = check_positive_finite(beta_user, "beta_user")
    clamp = check_positive_finite(clamp, "clamp")
    noise_shrinkage = check_nonnegative_finite(noise_shrinkage, "noise_shrinkage")
    scale = check_scale(scale, "scale")
    users, items = check_ids(users, "users"), check_ids(items, "items")
    y = _ratings_in_scale(train, scale)
    rng = check_rng(rng)
    g = dp_global_mean(train, epsilon * split[0], rng, scale)
    items = pd.Index(np.unique(train["item_id"] if items is None else items))
    users = pd.Index(np.unique(train["user_id"] if users is None else users))
    i, u = items.get_indexer(train["item_id"]), users.get_indexer(train["user_id"])
    if (i < 0).any() or (u < 0).any():
        raise ValueError("train has user or item ids missing from the public users/items lists")
    eps_item, eps_user = epsilon * split[1] / 2, epsilon * split[2] / 2
    item_sens = max(g - scale[0], scale[1] - g)
    item_sum = _noisy(np.bincount(i, weights=y - g, minlength=len(items)), item_sens, eps_item, rng)
    item_cnt = _noisy(np.bincount(i, minlength=len(items)), 1.0, eps_item, rng)
    extra_item = 0.0 if epsilon == math.inf else noise_shrinkage * item_sens / eps_item
    item_effect = item_sum / (np.maximum(item_cnt, 0) + beta_item + extra_item)
    resid = np.clip(y - g - item_effect[i], -clamp, clamp)
    user_sum = _noisy(np.bincount(u, weights=resid, minlength=len(users)), clamp, eps_user, rng)
    user_cnt = _noisy(np.bincount(u, minlength=len(users)), 1.0, eps_user, rng)
    extra_user = 0.0 if epsilon == math.inf else noise_shrinkage * clamp / eps_user
    user_effect = user_sum / (np.maximum(user_cnt, 0) + beta_user + extra_user)
    return GlobalEffects(g, pd.Series(item_effect, index=items), pd.Series(user_effect, index=users), scale)


def perturb_ratings(
    train: pd.DataFrame, epsilon: float, rng: np.random.Generator, scale: tuple[float, float] = RATING_SCALE
) -> pd.DataFrame:
    """Input perturbation (Berlioz et al. 2015): each rating, clamped to the scale, plus Laplace noise of
    scale ``(high - low) / epsilon``. epsilon-DP for the value of one rating; any model trained on the
    result is post-processing. Returns a copy of ``train`` with the noisy ratings."""
    epsilon = check_epsilon_or_inf(epsilon)
    scale = check_scale(scale, "scale")
    y = _ratings_in_scale(train, scale)
    rng = check_rng(rng)
    noisy = train.copy()
    noisy["rating"] = _noisy(np.clip(y, *scale), scale[1] - scale[0], epsilon, rng)
    return noisy


def local_dp_ratings(
    train: pd.DataFrame, epsilon: float, rng: np.random.Generator, categories=RATING_CATEGORIES
) -> pd.DataFrame:
    """Local DP: every rating passes through k-ary randomized response on the user's side; the server
    only sees the reports and replaces each by its unbiased estimate (:func:`rr_unbiased`)."""
    epsilon = check_epsilon_or_inf(epsilon)
    cats = check_numeric_categories(categories)
    check_ratings(train, "train", (float(cats.min()), float(cats.max())))
    if not np.isin(train["rating"].to_numpy(dtype=float), cats).all():
        raise ValueError(f"train has ratings that are not among the categories {cats.tolist()}")
    rng = check_rng(rng)
    local = train.copy()
    if epsilon == math.inf:
        local["rating"] = train["rating"].astype(float)
        return local
    reports = randomized_response(train["rating"].to_numpy(), cats, epsilon, rng)
    local["rating"] = rr_unbiased(reports, cats, epsilon)
    return local


def laplace_noise_variance(epsilon: float, scale: tuple[float, float] = RATING_SCALE) -> float:
    """Variance ``2 b^2`` of the noise :func:`perturb_ratings` adds to one rating (0 at ``epsilon = inf``)."""
    return rating_noise(epsilon, scale).variance


def rr_noise_variance(epsilon: float, categories=RATING_CATEGORIES) -> float:
    """Variance that randomized response plus debiasing adds to one rating, averaged over true values
    drawn uniformly from the categories (a data-independent figure used to set regularization)."""
    epsilon = check_epsilon_or_inf(epsilon)
    cats = check_numeric_categories(categories)
    if epsilon == math.inf:
        return 0.0
    k, p = cats.size, rr_keep_probability(epsilon, cats.size)
    q = (1 - p) / (k - 1)
    variances = []
    for r in cats:
        probs = np.where(cats == r, p, q)
        mean = np.sum(probs * cats)
        variances.append(np.sum(probs * (cats - mean) ** 2))
    return float(np.mean(variances) / (p - q) ** 2)
