"""Specifications of helpers.loyalty.cohorts: cohort retention tables."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import loyalty
from unit.loyalty.cases import toy_transactions


def test_cohort_retention_starts_at_one_and_counts_returning_customers():
    matrix = loyalty.cohort_retention(toy_transactions(), cohort="M", period_days=28, end="2020-04-30")
    assert (matrix[0] == 1).all()
    # January cohort: customer 2 buys again 65 days later (period 2); customer 1 only within period 0
    assert matrix.loc["2020-01", 1] == 0.0 and matrix.loc["2020-01", 2] == 0.5
    assert matrix.attrs["cohort_size"] == {"2020-01": 2, "2020-02": 2}


def test_cohort_retention_leaves_unobserved_periods_empty():
    matrix = loyalty.cohort_retention(toy_transactions(), cohort="M", period_days=28, end="2020-04-30")
    # the February cohort's last customer joined 15 Feb: 75 days observed, so periods 0-1 only
    assert matrix.loc["2020-02"].notna().sum() == 2


def test_cohort_retention_names_weekly_cohorts_by_their_first_day():
    matrix = loyalty.cohort_retention(toy_transactions(), cohort="W", period_days=28, end="2020-04-30")
    assert matrix.index[0] == "2019-12-30"


def test_cohort_retention_leaves_out_customers_who_join_after_the_end():
    matrix = loyalty.cohort_retention(toy_transactions(), cohort="M", period_days=7, end="2020-01-31")
    assert matrix.attrs["cohort_size"] == {"2020-01": 2}


def test_cohort_retention_refuses_an_end_before_the_first_purchase():
    with pytest.raises(ValueError, match="before the first purchase"):
        loyalty.cohort_retention(toy_transactions(), end="2019-06-01")


def test_cohort_retention_refuses_dates_that_are_not_datetimes():
    tx = toy_transactions().assign(date=lambda d: d["date"].dt.strftime("%Y-%m-%d"))
    with pytest.raises(TypeError, match="pd.to_datetime"):
        loyalty.cohort_retention(tx)


def test_cohort_retention_refuses_a_table_with_no_observed_period():
    with pytest.raises(ValueError, match="no cohort was observed"):
        loyalty.cohort_retention(toy_transactions(), period_days=365)


def test_cohort_retention_refuses_missing_dates():
    tx = toy_transactions()
    tx.loc[2, "date"] = pd.NaT
    with pytest.raises(ValueError, match="NaT"):
        loyalty.cohort_retention(tx)


@given(
    st.lists(st.tuples(st.integers(1, 8), st.integers(0, 400)), min_size=1, max_size=60), st.integers(7, 60)
)
@settings(max_examples=50, deadline=None)
def test_retention_shares_lie_between_zero_and_one(purchases, period_days):
    customers, days = zip(*purchases)
    tx = pd.DataFrame(
        {"customer_id": customers, "date": pd.Timestamp("2021-01-01") + pd.to_timedelta(days, unit="D")}
    )
    matrix = loyalty.cohort_retention(tx, cohort="M", period_days=period_days, end="2023-01-01")
    values = matrix.to_numpy()
    assert np.all((values[~np.isnan(values)] >= 0) & (values[~np.isnan(values)] <= 1))
