"""helpers.overview: at-a-glance summaries of the datasets, and the bad input they refuse."""

import numpy as np
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


def _users_with_a_trend(slope: float, n_users: int = 300, seed: int = 1) -> pd.DataFrame:
    """Users whose ratings average ``3.8 + slope * log10(count)`` plus user-level noise (a known truth)."""
    rng = np.random.default_rng(seed)
    counts = np.round(10 ** rng.uniform(np.log10(20), 3, n_users)).astype(int)
    means = 3.8 + slope * np.log10(counts) + rng.normal(0, 0.3, n_users)
    users = np.repeat(np.arange(n_users), counts)
    return pd.DataFrame({"user_id": users, "item_id": 0, "rating": np.repeat(means, counts)})


def test_user_activity_counts_and_averages_each_users_ratings():
    per_user = overview.user_activity(RATINGS)
    assert per_user["ratings"].tolist() == [3, 1, 1]
    assert per_user["mean_rating"].tolist() == [4.0, 2.0, 1.0]


def test_rating_vs_activity_recovers_a_known_slope_within_its_interval():
    trend = overview.rating_vs_activity(_users_with_a_trend(-0.2), n_boot=1000, rng=0)
    assert trend.ci_low < -0.2 < trend.ci_high and trend.ci_high < 0
    assert trend.slope == pytest.approx(-0.2, abs=0.1)
    assert trend.n_users == 300 and trend.n_boot == 1000 and trend.r < 0


def test_rating_vs_activity_interval_covers_zero_when_there_is_no_trend():
    trend = overview.rating_vs_activity(_users_with_a_trend(0.0), n_boot=1000, rng=0)
    assert trend.ci_low < 0 < trend.ci_high


def test_rating_vs_activity_weights_every_user_once_not_every_rating():
    # ten heavy users (100 ratings of 2 stars) hold 10x the ratings of ten light ones (10 ratings of 4 or 5):
    # a rating-level fit would lean on the heavy users; the user-level line goes through the user means
    heavy = pd.DataFrame({"user_id": np.repeat(np.arange(10), 100), "rating": 2})
    light = pd.DataFrame({"user_id": np.repeat(np.arange(10, 20), 10), "rating": np.repeat([4, 5] * 5, 10)})
    frame = pd.concat([heavy, light], ignore_index=True).assign(item_id=0)
    trend = overview.rating_vs_activity(frame, n_boot=200, rng=0)
    assert trend.slope == pytest.approx(-2.5)  # mean 2 at log10(100) = 2, mean 4.5 at log10(10) = 1
    assert trend.intercept + trend.slope * 1 == pytest.approx(4.5)


def test_rating_vs_activity_is_reproducible_from_its_seed():
    frame = _users_with_a_trend(-0.1, n_users=100)
    first = overview.rating_vs_activity(frame, n_boot=300, rng=5)
    assert first == overview.rating_vs_activity(frame, n_boot=300, rng=np.random.default_rng(5))
    assert first != overview.rating_vs_activity(frame, n_boot=300, rng=6)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_boot": 50}, ValueError, "n_boot must be at least 100"),
        ({"n_boot": 2.5}, ValueError, "n_boot must be a whole number"),
        ({"n_boot": 10**9}, ValueError, "n_boot must be at most"),
        ({"rng": None}, TypeError, "rng is None"),
        ({"confidence": 1.0}, ValueError, "confidence must be < 1"),
    ],
)
def test_rating_vs_activity_refuses_bad_settings(kwargs, error, match):
    call = {"ratings": _users_with_a_trend(-0.1, n_users=20), "n_boot": 200, "rng": 0} | kwargs
    with pytest.raises(error, match=match):
        overview.rating_vs_activity(**call)


def test_rating_vs_activity_refuses_data_it_cannot_regress():
    with pytest.raises(ValueError, match="at least 3 users"):
        overview.rating_vs_activity(RATINGS[RATINGS["user_id"] < 3], rng=0)
    same_counts = pd.DataFrame({"user_id": [1, 2, 3], "item_id": 0, "rating": [1, 2, 3]})
    with pytest.raises(ValueError, match="same number of ratings"):
        overview.rating_vs_activity(same_counts, rng=0)
    three_users = pd.DataFrame({"user_id": [1, 1, 2, 3], "item_id": 0, "rating": [1, 2, 3, 4]})
    with pytest.raises(ValueError, match="too few users with different numbers of ratings"):
        overview.rating_vs_activity(three_users, n_boot=500, rng=0)
    with pytest.raises(ValueError, match="finite numbers"):
        overview.user_activity(RATINGS.assign(rating=[5, None, 3, 2, 1]))
    with pytest.raises(ValueError, match="lacks columns"):
        overview.rating_vs_activity(RATINGS.drop(columns="rating"), rng=0)
