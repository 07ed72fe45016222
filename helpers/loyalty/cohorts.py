"""Cohort retention tables: the share of each acquisition cohort that buys again in each period after its
first purchase, with periods a cohort was not fully observed for left empty."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_choice, check_count
from ._checks import check_date, check_transactions

__all__ = ["COHORT_PERIODS", "cohort_retention"]

# Calendar periods that can group customers into cohorts (pandas period aliases): day, week, month, quarter, year.
COHORT_PERIODS = ("D", "W", "M", "Q", "Y")


def _labels(dates: pd.Series, cohort: str) -> pd.Series:
    """Cohort names: weekly cohorts by their first day (a Monday), other periods by pandas' label."""
    periods = dates.dt.to_period(cohort)
    return periods.dt.start_time.dt.strftime("%Y-%m-%d") if cohort == "W" else periods.astype(str)


def cohort_retention(
    transactions: pd.DataFrame, cohort: str = "M", period_days: int = 28, end=None
) -> pd.DataFrame:
    """Cohort retention matrix: share of each acquisition cohort that buys in each period after its first purchase.

    Cohorts group customers by the calendar period (``cohort``: "M" month, "W" week, also "D", "Q", "Y") of
    their first purchase. Period k covers days [k, k+1) * ``period_days`` after a customer's own first purchase;
    period 0 is 1 by definition. A cell is NaN where not every customer of the cohort was observed for the whole
    period (``end``: last day of observation, default the last transaction date). ``attrs["cohort_size"]`` holds
    the number of customers per cohort.
    """
    tx = check_transactions(transactions)
    cohort = check_choice(cohort.upper() if isinstance(cohort, str) else cohort, "cohort", COHORT_PERIODS)
    period_days = check_count(period_days, "period_days")
    end = check_date(end, "end") if end is not None else tx["date"].max()
    first = tx.groupby("customer_id")["date"].min().rename("first")
    if end < first.min():
        raise ValueError(f"end ({end.date()}) comes before the first purchase ({first.min().date()})")
    tx = tx.join(first, on="customer_id")
    tx = tx[tx["date"] <= end]
    first = first[first <= end]
    period = ((tx["date"] - tx["first"]).dt.days // period_days).astype(int)
    label = _labels(tx["first"], cohort)
    active = pd.DataFrame(
        {"cohort": label, "period": period, "customer_id": tx["customer_id"]}
    ).drop_duplicates()
    counts = active.groupby(["cohort", "period"])["customer_id"].nunique().unstack(fill_value=0)
    size = _labels(first, cohort).value_counts().sort_index()
    # a period is observable for a cohort when its latest-joining customer saw all of it
    last_join = first.groupby(_labels(first, cohort)).max()
    observable_periods = ((end - last_join).dt.days + 1) // period_days
    columns = range(max(int(observable_periods.max()), 1))
    matrix = counts.reindex(columns=columns, fill_value=0).div(size, axis=0).sort_index()
    for name, k_max in observable_periods.items():
        matrix.loc[name, matrix.columns >= k_max] = np.nan
    matrix = matrix.loc[:, matrix.notna().any()]
    if matrix.empty:
        raise ValueError(
            f"no cohort was observed for a whole period of {period_days} days before end ({end.date()}): "
            "choose a later end or a shorter period_days"
        )
    matrix.index.name, matrix.columns.name = "cohort", f"period ({period_days} days) since first purchase"
    matrix.attrs["cohort_size"] = size.to_dict()
    return matrix
