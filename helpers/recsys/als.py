"""Biased matrix factorization fitted by vectorized alternating least squares, and the prediction rule it
shares with the private recommenders of ``helpers.privacy``."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._validation import check_count, check_positive_finite, check_rng
from .base import Recommender
from .data import IdIndex, check_rating_scale, check_ratings

__all__ = ["ALSMatrixFactorization", "biased_mf_predict"]


@dataclass
class ALSMatrixFactorization(Recommender):
    """Biased matrix factorization ``r_ui ~ mu + b_u + c_i + p_u . q_i`` fitted by alternating least squares.

    Each half-step solves all user (or item) ridge problems at once: the Gram matrices come from one BLAS
    call per user and are solved as one batched ``np.linalg.solve``. The penalty is ``reg * n`` for a user or
    item with ``n`` ratings (weighted-lambda regularization, Zhou et al. 2008). Factors start from
    ``N(0, init_std^2)`` drawn with ``rng`` (a Generator, or an int seed for the same start at every fit);
    biases start at zero. Predictions are clipped to ``rating_scale``; ``recommend`` ranks by the unclipped
    score, so items predicted above the top of the scale keep their order.
    """

    n_factors: int = 20
    reg: float = 0.1
    n_iter: int = 10
    init_std: float = 0.1
    rating_scale: tuple[float, float] = (1.0, 5.0)
    rng: np.random.Generator | int | None = None
    index_: IdIndex | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._validate()

    def _validate(self) -> None:
        check_count(self.n_factors, "n_factors", minimum=0)
        check_positive_finite(self.reg, "reg")
        check_count(self.n_iter, "n_iter", minimum=1)
        check_positive_finite(self.init_std, "init_std")
        check_rating_scale(self.rating_scale)
        check_rng(self.rng)

    def fit(self, train: pd.DataFrame) -> ALSMatrixFactorization:
        """Fit on ``train`` (any real-valued ``rating`` column: noisy or debiased values are fine)."""
        self._validate()
        check_ratings(train, "train")
        self._remember(train)
        u, i = self.index_.encode(train)
        y = train["rating"].to_numpy(dtype=float)
        self.fit_arrays(u, i, y, self.index_.n_users, self.index_.n_items)
        return self

    def fit_arrays(
        self, u: np.ndarray, i: np.ndarray, y: np.ndarray, n_users: int, n_items: int
    ) -> ALSMatrixFactorization:
        """Fit on encoded arrays (user positions, item positions, values); used by ``fit``."""
        self._validate()
        k, rng = int(self.n_factors), check_rng(self.rng)
        self.mu_ = float(y.mean())
        P = rng.normal(0.0, self.init_std, (n_users, k))
        Q = rng.normal(0.0, self.init_std, (n_items, k))
        b_user, b_item = np.zeros(n_users), np.zeros(n_items)
        by_user, by_item = _Groups(u, n_users), _Groups(i, n_items)
        R = sp.csr_matrix((y - self.mu_, (u, i)), shape=(n_users, n_items))
        Ones = sp.csr_matrix((np.ones_like(y), (u, i)), shape=(n_users, n_items))
        for _ in range(int(self.n_iter)):
            # users: features [q_i, 1], target r - mu - c_i
            F = np.hstack([Q, np.ones((n_items, 1))])
            rhs = R @ F - (Ones @ (F * b_item[:, None]))
            X = _ridge_solve(by_user, i, F, rhs, self.reg)
            P, b_user = X[:, :k], X[:, k]
            F = np.hstack([P, np.ones((n_users, 1))])
            rhs = R.T @ F - (Ones.T @ (F * b_user[:, None]))
            X = _ridge_solve(by_item, u, F, rhs, self.reg)
            Q, b_item = X[:, :k], X[:, k]
        if not (np.all(np.isfinite(P)) and np.all(np.isfinite(Q))):
            raise FloatingPointError("ALS produced non-finite factors; raise reg or check the ratings")
        self.P_, self.Q_, self.b_user_, self.b_item_ = P, Q, b_user, b_item
        return self

    def predict_arrays(self, u: np.ndarray, i: np.ndarray) -> np.ndarray:
        """Predictions for encoded positions (-1 marks an unseen user or item)."""
        return biased_mf_predict(
            self.mu_, self.b_user_, self.b_item_, self.P_, self.Q_, u, i, self.rating_scale
        )

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """Predicted ratings of the frame's pairs, clipped to the scale (unseen ids drop their terms)."""
        if self.index_ is None:
            raise ValueError("call fit(train) before predict()")
        return self.predict_arrays(*self.index_.encode(frame))

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        return self.mu_ + self.b_user_[rows, None] + self.b_item_[None, :] + self.P_[rows] @ self.Q_.T


def biased_mf_predict(
    mu: float,
    b_user: np.ndarray,
    b_item: np.ndarray,
    P: np.ndarray,
    Q: np.ndarray,
    u: np.ndarray,
    i: np.ndarray,
    rating_scale: tuple[float, float],
) -> np.ndarray:
    """``clip(mu + b_u + c_i + p_u . q_i)`` for encoded positions; -1 (unseen) drops the unknown terms."""
    u, i = np.asarray(u), np.asarray(i)
    if u.shape != i.shape or u.ndim != 1:
        raise ValueError(f"u and i must be 1-D arrays of the same length, got shapes {u.shape} and {i.shape}")
    low, high = check_rating_scale(rating_scale)
    known_u, known_i = u >= 0, i >= 0
    both = known_u & known_i
    pred = np.full(len(u), float(mu))
    pred[known_u] += b_user[u[known_u]]
    pred[known_i] += b_item[i[known_i]]
    pred[both] += np.einsum("nk,nk->n", P[u[both]], Q[i[both]])
    return np.clip(pred, low, high)


class _Groups:
    """Positions of the ratings of each user (or item), sorted once for the per-group Gram matrices."""

    def __init__(self, owner: np.ndarray, n: int):
        self.order = np.argsort(owner, kind="stable")
        self.starts = np.searchsorted(owner[self.order], np.arange(n + 1))
        self.counts = np.diff(self.starts)


def _ridge_solve(
    groups: _Groups, other: np.ndarray, F: np.ndarray, rhs: np.ndarray, reg: float
) -> np.ndarray:
    """Solve ``(F_g^T F_g + reg n_g I) x_g = rhs_g`` for every group g at once (biases are penalized too)."""
    d = F.shape[1]
    gram = np.empty((len(groups.counts), d, d))
    rows = other[groups.order]
    for g, (a, b) in enumerate(zip(groups.starts[:-1], groups.starts[1:])):
        block = F[rows[a:b]]
        gram[g] = block.T @ block
    gram += (reg * np.maximum(groups.counts, 1))[:, None, None] * np.eye(d)
    return np.linalg.solve(gram, rhs[..., None])[..., 0]
