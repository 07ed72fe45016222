"""Revealed affect in MovieLens ratings: do better-matched movies bring more delight and less disappointment?

A Surprise SVD trained on earlier ratings (notebook 01 uses one global time cutoff,
``helpers.recsys.temporal_split``; a per-user split is kept here), the prediction split into its
non-personal part and its personal taste term, and the delight (5 stars) and disappointment (1-2 stars)
rates of the later ratings by decile of either, with user-cluster bootstrap intervals, a calibration curve
and within-user gradients.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import (
    check_array,
    check_confidence,
    check_count,
    check_frame,
    check_numeric_columns,
    check_open_unit,
    check_rng,
    check_size,
)

__all__ = [
    "ProfileMatch",
    "TemporalSplit",
    "Trend",
    "affect_by_decile",
    "calibration_curve",
    "fit_profile_match",
    "per_user_gradient",
    "temporal_split",
    "trend",
]

RATING_COLUMNS = ("user_id", "item_id", "rating")


def _check_ratings(ratings, what: str, columns: Sequence[str] = RATING_COLUMNS, min_rows: int = 1) -> None:
    """A frame of ratings: ``columns`` exist and have no missing value, ratings are numbers from 1 to 5."""
    check_frame(ratings, columns, what, min_rows)
    values = check_numeric_columns(ratings, ["rating"], what)
    if values.min() < 1 or values.max() > 5:
        raise ValueError(
            f"{what} ratings must lie on the 1-5 star scale, found {values.min():g} to {values.max():g}"
        )
    absent = [c for c in columns if c != "rating" and ratings[c].isna().any()]
    if absent:
        raise ValueError(f"{what} columns {absent} have missing values; drop those rows first")


@dataclass(frozen=True, eq=False)
class TemporalSplit:
    """Each user's earlier ratings (``train``) and later ones (``test``); unpacks as ``train, test``."""

    train: pd.DataFrame
    test: pd.DataFrame

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return iter((self.train, self.test))


def temporal_split(ratings: pd.DataFrame, train_share: float = 0.8) -> TemporalSplit:
    """Per-user temporal split: each user's earliest ``train_share`` of ratings train, the later ones test.

    Ties in timestamp are broken by item id so the split is deterministic. Every user keeps at least one
    rating on each side.
    """
    train_share = check_open_unit(train_share, "train_share")
    _check_ratings(ratings, "ratings", (*RATING_COLUMNS, "timestamp"), min_rows=2)
    ordered = ratings.sort_values(["user_id", "timestamp", "item_id"], kind="mergesort")
    position = ordered.groupby("user_id").cumcount()
    count = ordered.groupby("user_id")["item_id"].transform("size")
    if (count < 2).any():
        raise ValueError("every user needs at least two ratings for a temporal split; drop users with one")
    cut = np.clip(np.floor(train_share * count), 1, count - 1)
    is_train = position < cut
    return TemporalSplit(ordered[is_train].reset_index(drop=True), ordered[~is_train].reset_index(drop=True))


@dataclass(frozen=True, eq=False)
class ProfileMatch:
    """Later ratings with how well each item matched the profile learned from the user's earlier ratings."""

    test: pd.DataFrame  # user_id, item_id, rating, timestamp, match, baseline, user_bias, taste, decile,
    # taste_decile
    rmse: float
    algo: object  # the fitted surprise.SVD


def fit_profile_match(
    train: pd.DataFrame, test: pd.DataFrame, n_factors: int = 50, n_epochs: int = 20, random_state: int = 0
) -> ProfileMatch:
    """Train Surprise's SVD (Funk matrix factorization) on ``train`` and score every ``test`` rating.

    ``match`` is the predicted rating, clipped to 1..5 (mu + b_u + b_i + p_u·q_i); ``baseline`` its
    non-personal part (global mean, the user's generosity, the item's popularity) and ``taste`` the
    personal part p_u·q_i, the only term that ranks the same items differently for different users;
    ``user_bias`` is b_u (the user's generosity, part of ``baseline``). Items unseen in training get b_i = 0
    and q_i = 0. ``decile`` and ``taste_decile`` are the global deciles (1..10) of ``match`` and of ``taste``
    over the test ratings. ``random_state`` is the int seed of the SVD's initial factors.
    """
    from surprise import SVD

    from ..recsys import to_surprise_trainset

    _check_ratings(train, "train")
    _check_ratings(test, "test", min_rows=10)
    n_factors = check_count(n_factors, "n_factors", minimum=1)
    n_epochs = check_count(n_epochs, "n_epochs", minimum=1)
    random_state = check_count(random_state, "random_state", minimum=0, maximum=2**32 - 1)
    users_in_train = train["user_id"].unique()
    check_size(users_in_train.size + train["item_id"].nunique(), n_factors, what="the SVD's factors")
    trainset = to_surprise_trainset(train)
    algo = SVD(n_factors=n_factors, n_epochs=n_epochs, random_state=random_state)
    algo.fit(trainset)
    # raw id -> inner index of algo.pu / algo.bu (public API; a few thousand look-ups)
    users = pd.Series({raw: trainset.to_inner_uid(raw) for raw in users_in_train})
    items = pd.Series({raw: trainset.to_inner_iid(raw) for raw in train["item_id"].unique()})
    u = test["user_id"].map(users)
    i = test["item_id"].map(items)
    if u.isna().any():
        raise ValueError("every test user must have training ratings (use temporal_split)")
    u = u.to_numpy(dtype=int)
    known = i.notna().to_numpy()
    i = i.fillna(0).to_numpy(dtype=int)
    bu = algo.bu[u]
    bi = np.where(known, algo.bi[i], 0.0)
    taste = np.where(known, np.einsum("ij,ij->i", algo.pu[u], algo.qi[i]), 0.0)
    out = test.copy()
    out["baseline"] = trainset.global_mean + bu + bi
    out["user_bias"] = bu
    out["taste"] = taste
    out["match"] = np.clip(out["baseline"] + taste, 1, 5)
    out["decile"] = pd.qcut(out["match"].rank(method="first"), 10, labels=False) + 1
    out["taste_decile"] = pd.qcut(out["taste"].rank(method="first"), 10, labels=False) + 1
    rmse = float(np.sqrt(np.mean((out["match"] - out["rating"]) ** 2)))
    if not np.isfinite(rmse):
        raise RuntimeError("the SVD diverged (non-finite predictions); lower n_epochs or check the ratings")
    return ProfileMatch(out, rmse, algo)


def affect_by_decile(
    test: pd.DataFrame, n_boot: int, rng: np.random.Generator, by: str = "decile", confidence: float = 0.95
) -> pd.DataFrame:
    """Delight (5 stars) and disappointment (1-2 stars) rates per ``by`` group, with user-cluster bootstrap
    intervals.

    Ratings of one user are not independent, so the bootstrap resamples users (with multinomial weights),
    not ratings.
    """
    if not isinstance(by, str) or not by:
        raise TypeError(f"by must name a column of test (a string), got {by!r}")
    _check_ratings(test, "test", ["user_id", "rating", by])
    if "match" in test:
        check_numeric_columns(test, ["match"], "test")
    n_boot = check_count(n_boot, "n_boot", minimum=50)
    rng = check_rng(rng)
    confidence = check_confidence(confidence)
    df = test.assign(
        delight=(test["rating"] == 5).astype(float), disappointment=(test["rating"] <= 2).astype(float)
    )
    groups = np.sort(df[by].unique())
    users = np.sort(df["user_id"].unique())
    check_size(n_boot, max(users.size, groups.size), what="the bootstrap weights")
    counts = df.pivot_table(index="user_id", columns=by, values="rating", aggfunc="size", fill_value=0)
    counts = counts.reindex(index=users, columns=groups, fill_value=0).to_numpy(float)
    weights = rng.multinomial(users.size, np.full(users.size, 1 / users.size), size=n_boot).astype(float)
    tail = (1 - confidence) / 2
    table = pd.DataFrame(index=pd.Index(groups, name=by))
    table["n"] = counts.sum(axis=0).astype(int)
    for what in ["delight", "disappointment"]:
        hits = df.pivot_table(index="user_id", columns=by, values=what, aggfunc="sum", fill_value=0)
        hits = hits.reindex(index=users, columns=groups, fill_value=0).to_numpy(float)
        table[what] = hits.sum(axis=0) / counts.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            boot = (weights @ hits) / (weights @ counts)
        quantile = np.quantile
        if np.isnan(boot).any():
            warnings.warn(
                f"some bootstrap samples drew no user with ratings in a {by} group; those samples are left "
                "out "
                f"of its interval (groups of few users have wide, unreliable intervals)",
                RuntimeWarning,
                stacklevel=2,
            )
            quantile = np.nanquantile
        table[f"{what}_ci_low"] = quantile(boot, tail, axis=0)
        table[f"{what}_ci_high"] = quantile(boot, 1 - tail, axis=0)
    table["mean_rating"] = df.groupby(by)["rating"].mean().reindex(groups).to_numpy()
    table["mean_match"] = (
        df.groupby(by)["match"].mean().reindex(groups).to_numpy() if "match" in df else np.nan
    )
    return table


def calibration_curve(
    test: pd.DataFrame, bins: Sequence[float] = (1, 2, 2.5, 3, 3.25, 3.5, 3.75, 4, 4.25, 4.5, 5.0001)
) -> pd.DataFrame:
    """Mean later rating per bin of the predicted rating (``match``), with a normal 95% interval.

    Bins with fewer than 20 ratings are left out; a ValueError says so when none has 20.
    """
    check_numeric_columns(test, ["match", "rating"], "test")
    edges = check_array(bins, "bins", min_size=2)
    if np.any(np.diff(edges) <= 0):
        raise ValueError(f"bins must be strictly increasing edges, got {edges.tolist()}")
    binned = pd.cut(test["match"], bins=list(edges), right=False)
    g = test.groupby(binned, observed=True)["rating"]
    out = pd.DataFrame(
        {
            "predicted": test.groupby(binned, observed=True)["match"].mean(),
            "observed": g.mean(),
            "n": g.size(),
        }
    )
    half = 1.96 * g.std(ddof=1) / np.sqrt(out["n"])
    out["ci_low"], out["ci_high"] = out["observed"] - half, out["observed"] + half
    out = out[out["n"] >= 20]
    if out.empty:
        raise ValueError("no bin of match holds 20 or more ratings; pass more ratings or wider bins")
    return out


def per_user_gradient(test: pd.DataFrame, min_ratings: int = 10, score: str = "match") -> pd.DataFrame:
    """Per user with enough later ratings: Spearman correlation of ``score`` (the full prediction ``match``
    by default, or ``taste``) with the later rating, and the delight-rate gap between the user's better- and
    worse-matched halves. Users whose later ratings are all equal have no defined correlation and are left
    out."""
    min_ratings = check_count(min_ratings, "min_ratings", minimum=2)
    if not isinstance(score, str) or not score:
        raise TypeError(f"score must name a column of test such as 'match' or 'taste', got {score!r}")
    _check_ratings(test, "test", ["user_id", score, "rating"])
    check_numeric_columns(test, [score], "test")
    counts = test.groupby("user_id")["rating"].transform("size")
    df = test[counts >= min_ratings].copy()
    if df.empty:
        raise ValueError(f"no user has {min_ratings} or more later ratings; lower min_ratings")
    df["match_rank"] = df.groupby("user_id")[score].rank(method="first")
    df["rating_rank"] = df.groupby("user_id")["rating"].rank(method="average")
    df["upper"] = df["match_rank"] > df.groupby("user_id")["match_rank"].transform("size") / 2
    df["delight"] = (df["rating"] == 5).astype(float)
    spearman = (
        df.groupby("user_id")[["match_rank", "rating_rank"]].corr().xs("match_rank", level=1)["rating_rank"]
    )
    rates = df.groupby(["user_id", "upper"])["delight"].mean().unstack()
    out = pd.DataFrame(
        {
            "ratings": df.groupby("user_id").size(),
            "spearman": spearman,
            "delight_gap": rates[True] - rates[False],
            "mean_rating": df.groupby("user_id")["rating"].mean(),
        }
    )
    return out.dropna(subset=["spearman"])


@dataclass(frozen=True, eq=False)
class Trend(Mapping):
    """Spearman correlation of a sequence with its position and whether it is monotone.

    Reads as a dict too (``trend["spearman"]``), as it was returned before.
    """

    spearman: float
    increasing: bool  # non-strictly: every step >= 0
    decreasing: bool  # every step <= 0

    def __getitem__(self, key: str):
        if key not in ("spearman", "increasing", "decreasing"):
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(("spearman", "increasing", "decreasing"))

    def __len__(self) -> int:
        return 3


def trend(values: Sequence[float]) -> Trend:
    """Spearman correlation of a sequence with its position, and whether it is monotone (non-strictly)."""
    v = check_array(values, "values", min_size=2)
    if np.all(v == v[0]):
        raise ValueError(
            "values are all equal: a constant sequence has no rank correlation with its position"
        )
    rho = stats.spearmanr(np.arange(v.size), v).statistic
    diffs = np.diff(v)
    return Trend(float(rho), bool(np.all(diffs >= 0)), bool(np.all(diffs <= 0)))
