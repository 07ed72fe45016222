"""Rating-prediction recommenders: train/test splits, RMSE/MAE, Surprise wrappers and a vectorized ALS.

Everything works on pandas frames with columns ``user_id, item_id, rating`` (as returned by
``helpers.datasets.load_movielens_100k``), so any notebook can use it:

    train, test = recsys.train_test_split(ratings, test_fraction=0.2, rng=np.random.default_rng(0))
    model = recsys.ALSMatrixFactorization(n_factors=20, rng=np.random.default_rng(0)).fit(train)
    recsys.rmse(test["rating"], model.predict(test))
    recsys.fit_surprise("SVD", train, test, seed=0)       # a SurpriseResult with rmse, mae, fit_seconds

Predictions are clipped to the rating scale; users or items unseen in training fall back to the global mean
plus whatever biases are known.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

RATING_COLUMNS = ("user_id", "item_id", "rating")
SURPRISE_ALGORITHMS = ("SVD", "BaselineOnly", "NormalPredictor", "SVDpp", "NMF", "KNNBasic")


def check_ratings(
    ratings: pd.DataFrame, what: str = "ratings", scale: tuple[float, float] | None = None
) -> None:
    """Raise ValueError unless ``ratings`` is a non-empty frame with ``user_id, item_id, rating`` in ``scale``."""
    if not isinstance(ratings, pd.DataFrame):
        raise ValueError(f"{what} must be a pandas DataFrame with columns user_id, item_id, rating")
    missing = set(RATING_COLUMNS) - set(ratings.columns)
    if missing:
        raise ValueError(f"{what} lacks columns {sorted(missing)}; load it with helpers.datasets")
    if ratings.empty:
        raise ValueError(f"{what} is empty: need at least one rating")
    values = ratings["rating"].to_numpy(dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{what} contains ratings that are NaN or infinite")
    if scale is not None:
        low, high = scale
        if values.min() < low or values.max() > high:
            raise ValueError(
                f"{what} has ratings outside the declared scale [{low}, {high}] "
                f"(found {values.min()} to {values.max()}); clamp them or declare the right scale"
            )


def _check_scale(scale: tuple[float, float]) -> tuple[float, float]:
    low, high = (float(s) for s in scale)
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"rating scale must be two finite numbers (low, high) with low < high, got {scale}")
    return low, high


# ---------------------------------------------------------------------------------------------- splits, metrics


def train_test_split(ratings: pd.DataFrame, test_fraction: float = 0.2, rng: np.random.Generator | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Split ratings uniformly at random into train and test (``test_fraction`` of the rows in test).

    The same ``rng`` state gives the same split. Both frames get a fresh 0..n-1 index.
    """
    check_ratings(ratings)
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be strictly between 0 and 1, got {test_fraction}")
    if rng is None:
        raise ValueError("pass rng=np.random.default_rng(seed) so the split is reproducible")
    order = rng.permutation(len(ratings))
    n_test = round(test_fraction * len(ratings))
    if n_test == 0 or n_test == len(ratings):
        raise ValueError(f"{len(ratings)} ratings are too few to split with test_fraction={test_fraction}")
    test = ratings.iloc[np.sort(order[:n_test])].reset_index(drop=True)
    train = ratings.iloc[np.sort(order[n_test:])].reset_index(drop=True)
    return train, test


def k_fold_splits(
    ratings: pd.DataFrame, n_folds: int, rng: np.random.Generator
) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """``n_folds`` (train, test) pairs whose test parts partition the ratings (Surprise's KFold scheme)."""
    check_ratings(ratings)
    if n_folds < 2 or n_folds > len(ratings):
        raise ValueError(f"n_folds must be between 2 and the number of ratings, got {n_folds}")
    folds = np.array_split(rng.permutation(len(ratings)), n_folds)
    pairs = []
    for fold in folds:
        mask = np.zeros(len(ratings), dtype=bool)
        mask[fold] = True
        pairs.append((ratings[~mask].reset_index(drop=True), ratings[mask].reset_index(drop=True)))
    return pairs


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in shape: {y_true.shape} vs {y_pred.shape}")
    if y_true.size == 0:
        raise ValueError("need at least one rating to score")
    return y_true, y_pred


def rmse(y_true, y_pred) -> float:
    """Root mean squared error of predicted ratings."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.sqrt(np.mean((y_true - y_pred) ** 2)))


def mae(y_true, y_pred) -> float:
    """Mean absolute error of predicted ratings."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(np.abs(y_true - y_pred)))


# ---------------------------------------------------------------------------------------------- simple models


class GlobalMean:
    """Predicts the training mean for everyone (the floor every recommender must beat)."""

    def fit(self, train: pd.DataFrame) -> GlobalMean:
        check_ratings(train, "train")
        self.mean_ = float(train["rating"].mean())
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        return np.full(len(frame), self.mean_)


@dataclass
class IdIndex:
    """Maps raw user and item ids to contiguous positions 0..n-1 (-1 for ids unseen in training)."""

    users: pd.Index
    items: pd.Index

    @classmethod
    def from_ratings(cls, ratings: pd.DataFrame) -> IdIndex:
        return cls(pd.Index(np.unique(ratings["user_id"])), pd.Index(np.unique(ratings["item_id"])))

    def encode(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        return self.users.get_indexer(frame["user_id"]), self.items.get_indexer(frame["item_id"])


# ---------------------------------------------------------------------------------------------- ALS


@dataclass
class ALSMatrixFactorization:
    """Biased matrix factorization ``r_ui ~ mu + b_u + c_i + p_u . q_i`` fitted by alternating least squares.

    Each half-step solves all user (or item) ridge problems at once: the Gram matrices come from one BLAS
    call per user and are solved as one batched ``np.linalg.solve``. The penalty is ``reg * n`` for a user or
    item with ``n`` ratings (weighted-lambda regularization, Zhou et al. 2008). Factors start from
    ``N(0, init_std^2)`` drawn with ``rng``; biases start at zero.
    """

    n_factors: int = 20
    reg: float = 0.1
    n_iter: int = 10
    init_std: float = 0.1
    rating_scale: tuple[float, float] = (1.0, 5.0)
    rng: np.random.Generator | None = None
    index_: IdIndex | None = field(default=None, repr=False)

    def _validate(self) -> None:
        if int(self.n_factors) != self.n_factors or self.n_factors < 0:
            raise ValueError(f"n_factors must be a non-negative integer, got {self.n_factors}")
        if not (np.isfinite(self.reg) and self.reg > 0):
            raise ValueError(f"reg must be a positive finite number, got {self.reg}")
        if int(self.n_iter) != self.n_iter or self.n_iter < 1:
            raise ValueError(f"n_iter must be a positive integer, got {self.n_iter}")
        _check_scale(self.rating_scale)
        if self.rng is None:
            raise ValueError("pass rng=np.random.default_rng(seed) so the fit is reproducible")

    def fit(self, train: pd.DataFrame) -> ALSMatrixFactorization:
        """Fit on ``train`` (any real-valued ``rating`` column: noisy or debiased values are fine)."""
        self._validate()
        check_ratings(train, "train")
        self.index_ = IdIndex.from_ratings(train)
        u, i = self.index_.encode(train)
        y = train["rating"].to_numpy(dtype=float)
        self.fit_arrays(u, i, y, len(self.index_.users), len(self.index_.items))
        return self

    def fit_arrays(self, u: np.ndarray, i: np.ndarray, y: np.ndarray, n_users: int, n_items: int
                   ) -> ALSMatrixFactorization:  # fmt: skip
        """Fit on encoded arrays (user positions, item positions, values); used by ``fit``."""
        self._validate()
        k, rng = int(self.n_factors), self.rng
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
        self.P_, self.Q_, self.b_user_, self.b_item_ = P, Q, b_user, b_item
        return self

    def predict_arrays(self, u: np.ndarray, i: np.ndarray) -> np.ndarray:
        """Predictions for encoded positions (-1 marks an unseen user or item)."""
        return biased_mf_predict(
            self.mu_, self.b_user_, self.b_item_, self.P_, self.Q_, u, i, self.rating_scale
        )

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        if self.index_ is None:
            raise ValueError("call fit(train) before predict()")
        return self.predict_arrays(*self.index_.encode(frame))


def biased_mf_predict(mu: float, b_user: np.ndarray, b_item: np.ndarray, P: np.ndarray, Q: np.ndarray,
                      u: np.ndarray, i: np.ndarray, rating_scale: tuple[float, float]) -> np.ndarray:  # fmt: skip
    """``clip(mu + b_u + c_i + p_u . q_i)`` for encoded positions; -1 (unseen) drops the unknown terms."""
    u, i = np.asarray(u), np.asarray(i)
    known_u, known_i = u >= 0, i >= 0
    both = known_u & known_i
    pred = np.full(len(u), float(mu))
    pred[known_u] += b_user[u[known_u]]
    pred[known_i] += b_item[i[known_i]]
    pred[both] += np.einsum("nk,nk->n", P[u[both]], Q[i[both]])
    return np.clip(pred, *rating_scale)


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


# ---------------------------------------------------------------------------------------------- Surprise


@dataclass(frozen=True)
class SurpriseResult:
    """A Surprise model scored on a test frame."""

    algorithm: str
    rmse: float
    mae: float
    fit_seconds: float
    predictions: np.ndarray = field(repr=False)


def to_surprise_trainset(train: pd.DataFrame, rating_scale: tuple[float, float] = (1.0, 5.0)):
    """A Surprise ``Trainset`` built with ``Dataset.load_from_df`` (raw ids keep their int dtype)."""
    from surprise import Dataset, Reader

    check_ratings(train, "train", _check_scale(rating_scale))
    data = Dataset.load_from_df(train[list(RATING_COLUMNS)], Reader(rating_scale=rating_scale))
    return data.build_full_trainset()


def make_surprise(algorithm: str, seed: int | None = 0, **params):
    """A Surprise algorithm by name (``SVD``, ``BaselineOnly``, ``NormalPredictor``, ...), seeded."""
    import surprise

    if algorithm not in SURPRISE_ALGORITHMS:
        raise ValueError(
            f"unknown Surprise algorithm {algorithm!r}; choose one of {', '.join(SURPRISE_ALGORITHMS)}"
        )
    cls = getattr(surprise, algorithm)
    if algorithm in ("SVD", "SVDpp", "NMF"):
        params.setdefault("random_state", seed)
    if algorithm == "BaselineOnly":
        params.setdefault("verbose", False)
    if algorithm == "KNNBasic":
        params.setdefault("verbose", False)
    return cls(**params)


def fit_surprise(algorithm: str, train: pd.DataFrame, test: pd.DataFrame, seed: int = 0,
                 rating_scale: tuple[float, float] = (1.0, 5.0), **params) -> SurpriseResult:  # fmt: skip
    """Fit a Surprise algorithm on ``train`` and score it on ``test`` (RMSE, MAE, fit time in seconds).

    ``NormalPredictor`` draws from numpy's global generator, so it is seeded with ``np.random.seed(seed)``
    just before predicting (Surprise offers no other way); the other algorithms take ``random_state``.
    """
    check_ratings(test, "test")
    trainset = to_surprise_trainset(train, rating_scale)
    algo = make_surprise(algorithm, seed, **params)
    start = time.perf_counter()
    algo.fit(trainset)
    seconds = time.perf_counter() - start
    if algorithm == "NormalPredictor":
        np.random.seed(seed)
    predictions = np.array(
        [algo.predict(u, i).est for u, i in zip(test["user_id"].tolist(), test["item_id"].tolist())]
    )
    y = test["rating"].to_numpy(dtype=float)
    return SurpriseResult(algorithm, rmse(y, predictions), mae(y, predictions), seconds, predictions)
