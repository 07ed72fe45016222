"""At-a-glance summaries of the datasets: rating distribution, activity long tail, weekly purchases, and
whether heavy raters rate lower (a regression of each user's mean rating on their activity, with a
user-level bootstrap interval)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ._validation import check_choice, check_confidence, check_count, check_frame, check_number, check_rng

__all__ = [
    "ActivityTrend",
    "activity_long_tail",
    "filter_active",
    "rating_vs_activity",
    "share_of_ratings_from_top",
    "user_activity",
    "weekly_purchases",
]

# Bootstrap resamples are drawn in batches of this many, so memory stays at a few MB per batch.
_BOOTSTRAP_BATCH = 500


def _require(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    check_frame(frame, columns, what)


def activity_long_tail(ratings: pd.DataFrame, by: str = "user_id") -> pd.DataFrame:
    """Ratings per user (or item), sorted from most to least active, with the cumulative share of ratings."""
    check_choice(by, "by", ("user_id", "item_id"))
    _require(ratings, [by, "rating"], "the ratings frame")
    counts = ratings.groupby(by).size().sort_values(ascending=False).to_numpy()
    return pd.DataFrame(
        {
            "rank": np.arange(1, len(counts) + 1),
            "ratings": counts,
            "cumulative_share": np.cumsum(counts) / counts.sum(),
        }
    )


def share_of_ratings_from_top(ratings: pd.DataFrame, top_fraction: float, by: str = "user_id") -> float:
    """Share of all ratings given by the most active ``top_fraction`` of users (or received by items)."""
    check_number(top_fraction, "top_fraction", low=0.0, high=1.0, low_open=True)
    tail = activity_long_tail(ratings, by)
    k = max(1, round(top_fraction * len(tail)))
    return float(tail["cumulative_share"].iloc[k - 1])


def filter_active(ratings: pd.DataFrame, min_ratings: int) -> pd.DataFrame:
    """Keep users with at least ``min_ratings`` ratings (a common preprocessing step in recommender papers)."""
    _require(ratings, ["user_id", "rating"], "the ratings frame")
    check_count(min_ratings, "min_ratings")
    counts = ratings.groupby("user_id")["rating"].transform("size")
    return ratings[counts >= min_ratings]


def weekly_purchases(transactions: pd.DataFrame) -> pd.DataFrame:
    """CDNOW purchases per calendar week: transactions, CDs and dollars, weeks counted from the first day."""
    _require(transactions, ["customer_id", "date", "quantity", "amount"], "the transactions frame")
    if not pd.api.types.is_datetime64_any_dtype(transactions["date"]):
        raise TypeError("the transactions frame's date column must hold dates; load it with helpers.datasets")
    week = ((transactions["date"] - transactions["date"].min()).dt.days // 7).rename("week")
    return (
        transactions.groupby(week)
        .agg(transactions=("customer_id", "size"), cds=("quantity", "sum"), dollars=("amount", "sum"))
        .reset_index()
    )


def user_activity(ratings: pd.DataFrame) -> pd.DataFrame:
    """One row per user: ``ratings`` (how many they gave) and ``mean_rating`` (the mean of their ratings)."""
    _require(ratings, ["user_id", "rating"], "the ratings frame")
    values = pd.to_numeric(ratings["rating"], errors="coerce")
    if values.isna().any() or not np.isfinite(values.to_numpy(dtype=float)).all():
        raise ValueError(
            "the ratings frame's rating column must hold finite numbers; drop missing ratings first"
        )
    grouped = values.groupby(ratings["user_id"])
    return pd.DataFrame({"ratings": grouped.size(), "mean_rating": grouped.mean()})


def _slope(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """Least-squares slope of ``y`` on ``x`` along ``axis`` (vectorized over bootstrap resamples)."""
    dx = x - x.mean(axis=axis, keepdims=True)
    dy = y - y.mean(axis=axis, keepdims=True)
    # a resample of users of one activity level has no slope: NaN, refused by rating_vs_activity
    with np.errstate(invalid="ignore", divide="ignore"):
        return (dx * dy).sum(axis=axis) / (dx * dx).sum(axis=axis)


@dataclass(frozen=True)
class ActivityTrend:
    """How a user's mean rating changes with their activity: ``slope`` stars per tenfold more ratings.

    ``ci_low``/``ci_high`` is the percentile bootstrap interval over users at ``confidence``; ``r`` the
    correlation of mean rating with log10(ratings) across users; ``intercept`` the fitted mean rating of a
    user with one rating (log10 = 0), so the line is ``intercept + slope * log10(ratings)``.
    """

    slope: float
    ci_low: float
    ci_high: float
    intercept: float
    r: float
    n_users: int
    n_boot: int
    confidence: float


def rating_vs_activity(
    ratings: pd.DataFrame, n_boot: int = 2000, rng=None, confidence: float = 0.95
) -> ActivityTrend:
    """Do heavy raters rate lower? Regress each user's mean rating on log10 of their number of ratings.

    Each user counts once (a user-level regression), and the interval resamples *users* with replacement
    (``n_boot`` percentile-bootstrap resamples through ``scipy.stats.bootstrap``), so a heavy rater's many
    ratings are not treated as independent evidence. This measures an association; it says nothing about why.
    """
    per_user = user_activity(ratings)
    n_boot = check_count(n_boot, "n_boot", minimum=100, maximum=1_000_000)
    confidence = check_confidence(confidence)
    rng = check_rng(rng)
    if len(per_user) < 3:
        raise ValueError(f"rating_vs_activity needs at least 3 users, got {len(per_user)}")
    x = np.log10(per_user["ratings"].to_numpy(dtype=float))
    y = per_user["mean_rating"].to_numpy(dtype=float)
    if np.ptp(x) == 0:
        raise ValueError("every user gave the same number of ratings: there is no activity to regress on")
    slope = float(_slope(x, y))
    with warnings.catch_warnings():  # degenerate resamples are refused just below, with the fix
        warnings.simplefilter("ignore", stats.DegenerateDataWarning)
        boot = stats.bootstrap(
            (x, y),
            _slope,
            paired=True,
            vectorized=True,
            n_resamples=n_boot,
            batch=_BOOTSTRAP_BATCH,
            confidence_level=confidence,
            method="percentile",
            rng=rng,
        )
    if np.isnan(boot.bootstrap_distribution).any():
        raise ValueError(
            "some bootstrap resamples hold users of a single activity level, so their slope is undefined: "
            "too few users with different numbers of ratings for a user-level bootstrap; use more users"
        )
    return ActivityTrend(
        slope=slope,
        ci_low=float(boot.confidence_interval.low),
        ci_high=float(boot.confidence_interval.high),
        intercept=float(y.mean() - slope * x.mean()),
        r=float(np.corrcoef(x, y)[0, 1]),
        n_users=len(per_user),
        n_boot=n_boot,
        confidence=confidence,
    )
