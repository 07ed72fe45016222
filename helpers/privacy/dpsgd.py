"""DP-SGD matrix factorization (Abadi et al. 2016): a private rating predictor trained with per-rating
clipping and Gaussian noise, its epsilon from the RDP accountant of :mod:`.accounting`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import recsys
from .._validation import (
    check_columns,
    check_count,
    check_nonnegative_finite,
    check_number,
    check_positive_finite,
    check_rng,
    check_size,
)
from ._checks import check_delta, check_epsilon_or_inf, check_ids, check_ratings, check_scale
from .accounting import dpsgd_epsilon, dpsgd_noise_multiplier
from .recommenders import RATING_SCALE

__all__ = ["DPSGDMatrixFactorization"]


@dataclass
class DPSGDMatrixFactorization:
    """Biased MF trained by DP-SGD (Abadi et al. 2016): each step samples every rating with probability
    ``sampling_rate`` (Poisson), clips each rating's gradient to L2 norm ``clip``, sums, adds
    ``N(0, (noise_multiplier clip)^2)`` to every coordinate of every parameter, and divides by the expected
    batch size. Privacy unit: one rating. Weight decay is data-independent and applied outside clipping.
    Learning rates shrink as the noise grows (a rule that depends on epsilon only, so it costs no privacy).
    ``epsilon=inf`` trains with clipping but without noise. A scikit-learn-style estimator: the constructor
    takes (and checks) the hyperparameters, ``fit(train)`` returns the fitted model.
    """

    epsilon: float
    delta: float = 1e-6
    n_factors: int = 10
    sampling_rate: float = 0.2
    steps: int = 150
    clip: float = 1.0
    learning_rate: float = 20.0  # for biases and factors (their gradients are sums over few ratings)
    learning_rate_mean: float = 0.5  # for the global mean (its gradient averages every rating)
    noise_lr_scale: float = 3.0  # learning rates shrink by max(1, noise_multiplier / noise_lr_scale)
    weight_decay: float = 1e-4
    init_std: float = 0.1
    rating_scale: tuple[float, float] = RATING_SCALE
    rng: np.random.Generator | int | None = None  # required by fit: a Generator or an int seed
    users: object = None  # public id lists (default: ids in train)
    items: object = None

    def __post_init__(self):
        self._validate()

    def _validate(self) -> None:
        check_epsilon_or_inf(self.epsilon)
        check_delta(self.delta)
        check_count(self.n_factors, "n_factors")
        check_number(self.sampling_rate, "sampling_rate", low=0.0, low_open=True, high=1.0)
        check_count(self.steps, "steps")
        for name in ("clip", "learning_rate", "learning_rate_mean", "noise_lr_scale"):
            check_positive_finite(getattr(self, name), name)
        check_nonnegative_finite(self.weight_decay, "weight_decay")
        check_nonnegative_finite(self.init_std, "init_std")
        check_scale(self.rating_scale)
        check_ids(self.users, "users")
        check_ids(self.items, "items")

    def fit(self, train: pd.DataFrame) -> DPSGDMatrixFactorization:
        """Train on ``train`` (ratings inside ``rating_scale``); sets ``epsilon_`` from the accountant."""
        self._validate()
        epsilon = check_epsilon_or_inf(self.epsilon)
        rng = check_rng(self.rng)
        check_ratings(train, "train", self.rating_scale)
        y = train["rating"].to_numpy(dtype=float)
        self.index_ = recsys.IdIndex(
            pd.Index(np.unique(train["user_id"] if self.users is None else self.users)),
            pd.Index(np.unique(train["item_id"] if self.items is None else self.items)),
        )
        u, i = self.index_.encode(train)
        if (u < 0).any() or (i < 0).any():
            raise ValueError("train has user or item ids missing from the public users/items lists")
        n_u, n_i, k = len(self.index_.users), len(self.index_.items), int(self.n_factors)
        check_size(n_u + n_i, k + 1, what="DP-SGD's parameters")
        steps = int(self.steps)
        self.noise_multiplier_ = dpsgd_noise_multiplier(epsilon, self.sampling_rate, steps, self.delta)
        mu = np.array([(self.rating_scale[0] + self.rating_scale[1]) / 2])
        b_u, b_i = np.zeros(n_u), np.zeros(n_i)
        P = rng.normal(0, self.init_std, (n_u, k))
        Q = rng.normal(0, self.init_std, (n_i, k))
        batch = self.sampling_rate * y.size
        noise_sd = self.noise_multiplier_ * self.clip
        damping = max(1.0, self.noise_multiplier_ / self.noise_lr_scale)  # a function of epsilon only
        lr, lr_mean, wd = self.learning_rate / damping, self.learning_rate_mean / damping, self.weight_decay
        cols = np.arange(k)
        for _ in range(steps):
            take = np.flatnonzero(rng.random(y.size) < self.sampling_rate)
            uu, ii = u[take], i[take]
            pu, qi = P[uu], Q[ii]
            err = mu[0] + b_u[uu] + b_i[ii] + np.einsum("nk,nk->n", pu, qi) - y[take]
            norm = np.abs(err) * np.sqrt(3.0 + np.einsum("nk,nk->n", pu, pu) + np.einsum("nk,nk->n", qi, qi))
            g = err * np.minimum(1.0, self.clip / np.maximum(norm, 1e-12))  # clipped per-example factor
            grad_mu = np.array([g.sum()])
            grad_bu = np.bincount(uu, weights=g, minlength=n_u)
            grad_bi = np.bincount(ii, weights=g, minlength=n_i)
            # per-example factor gradients summed into their rows with one bincount over (row, column) cells
            grad_P = np.bincount(
                (uu[:, None] * k + cols).ravel(), weights=(g[:, None] * qi).ravel(), minlength=n_u * k
            ).reshape(n_u, k)
            grad_Q = np.bincount(
                (ii[:, None] * k + cols).ravel(), weights=(g[:, None] * pu).ravel(), minlength=n_i * k
            ).reshape(n_i, k)
            if noise_sd > 0:  # one Gaussian draw for every coordinate of every parameter
                noise = rng.normal(0, noise_sd, 1 + n_u + n_i + P.size + Q.size)
                grad_mu = grad_mu + noise[:1]
                grad_bu = grad_bu + noise[1 : 1 + n_u]
                grad_bi = grad_bi + noise[1 + n_u : 1 + n_u + n_i]
                grad_P = grad_P + noise[1 + n_u + n_i : 1 + n_u + n_i + P.size].reshape(P.shape)
                grad_Q = grad_Q + noise[1 + n_u + n_i + P.size :].reshape(Q.shape)
            mu = mu - lr_mean * grad_mu / batch
            b_u = b_u - lr * (grad_bu / batch + wd * b_u)
            b_i = b_i - lr * (grad_bi / batch + wd * b_i)
            P = P - lr * (grad_P / batch + wd * P)
            Q = Q - lr * (grad_Q / batch + wd * Q)
        if not all(np.all(np.isfinite(x)) for x in (mu, b_u, b_i, P, Q)):
            raise ValueError(
                "DP-SGD diverged (parameters became infinite or NaN) with "
                f"learning_rate = {self.learning_rate:g}, learning_rate_mean = {self.learning_rate_mean:g}; "
                "lower the learning rates"
            )
        self.mu_, self.b_user_, self.b_item_, self.P_, self.Q_ = float(mu[0]), b_u, b_i, P, Q
        self.epsilon_ = dpsgd_epsilon(self.noise_multiplier_, self.sampling_rate, steps, self.delta)
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """Predicted ratings for the ``user_id, item_id`` pairs of ``frame`` (unseen ids get no term)."""
        if not hasattr(self, "index_"):
            raise ValueError("call fit(train) before predict()")
        check_columns(frame, ["user_id", "item_id"], "frame")
        u, i = self.index_.encode(frame)
        return recsys.biased_mf_predict(
            self.mu_, self.b_user_, self.b_item_, self.P_, self.Q_, u, i, self.rating_scale
        )
