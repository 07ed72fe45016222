"""helpers.overview: at-a-glance summaries of the datasets, and the bad input they refuse."""

import pandas as pd
import pytest

from helpers import overview

RATINGS = pd.DataFrame({"user_id": [1, 1, 1, 2, 3], "item_id": [1, 2, 3, 1, 1], "rating": [5, 4, 3, 2, 1]})


def test_long_tail_is_sorted_and_cumulates_to_one():
    tail = overview.activity_long_tail(RATINGS)
    assert tail["ratings"].tolist() == [3, 1, 1]
    assert tail["cumulative_share"].iloc[-1] == pytest.approx(1.0)


def test_share_from_top_users():
    assert overview.share_of_ratings_from_top(RATINGS, 1 / 3) == pytest.approx(0.6)
    with pytest.raises(ValueError, match=r"top_fraction must be > 0"):
        overview.share_of_ratings_from_top(RATINGS, 0)


def test_filter_active_and_its_bad_input():
    assert overview.filter_active(RATINGS, 2)["user_id"].unique().tolist() == [1]
    with pytest.raises(ValueError, match="at least 1"):
        overview.filter_active(RATINGS, 0)
    with pytest.raises(ValueError, match="empty"):
        overview.filter_active(RATINGS.iloc[:0], 1)


def test_weekly_purchases_count_transactions_per_week():
    transactions = pd.DataFrame(
        {
            "customer_id": [1, 2, 1],
            "date": pd.to_datetime(["1997-01-01", "1997-01-03", "1997-01-09"]),
            "quantity": [1, 2, 3],
            "amount": [10.0, 20.0, 30.0],
        }
    )
    weekly = overview.weekly_purchases(transactions)
    assert weekly.to_dict("list") == {
        "week": [0, 1],
        "transactions": [2, 1],
        "cds": [3, 3],
        "dollars": [30.0, 30.0],
    }


def test_weekly_purchases_need_real_dates():
    frame = pd.DataFrame({"customer_id": [1], "date": ["1997-01-01"], "quantity": [1], "amount": [1.0]})
    with pytest.raises(TypeError, match="date column must hold dates"):
        overview.weekly_purchases(frame)
