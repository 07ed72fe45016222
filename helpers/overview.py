"""At-a-glance summaries of the datasets: rating distribution, activity long tail, weekly purchases."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validation import check_choice, check_count, check_frame, check_number

__all__ = ["activity_long_tail", "filter_active", "share_of_ratings_from_top", "weekly_purchases"]


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
