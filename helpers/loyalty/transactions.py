"""From a transaction log to what the repeat-buying models use and are checked against: the per-customer
calibration/holdout summary (Fader, Hardie & Lee 2005) and cumulative repeat transactions week by week,
actual and model-expected."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_array, check_count, check_size
from ._checks import check_date, check_transactions
from .models.base import RepeatBuyingResult

__all__ = ["calibration_holdout", "cumulative_expected_repeat", "cumulative_repeat_transactions"]


def calibration_holdout(
    transactions: pd.DataFrame, calibration_end, holdout_end, freq_days: int = 7
) -> pd.DataFrame:
    """Per-customer summary for a calibration/holdout check, counting purchases by day (FHL 2005).

    Returns ``frequency, recency, T`` (calibration, in units of ``freq_days`` days, from each customer's first
    purchase), ``monetary_value`` (mean amount of the calibration repeat-purchase days, 0 if none),
    ``frequency_holdout`` (purchase days in the holdout), ``amount_holdout`` (spend in the holdout), and
    ``first_date``. Only customers whose first purchase falls in the calibration period are kept.
    """
    tx = check_transactions(transactions, ("customer_id", "date", "amount"))
    cal_end, hold_end = check_date(calibration_end, "calibration_end"), check_date(holdout_end, "holdout_end")
    freq_days = check_count(freq_days, "freq_days")
    if hold_end <= cal_end:
        raise ValueError("holdout_end must come after calibration_end")
    daily = tx[tx["date"] <= hold_end].groupby(["customer_id", "date"], as_index=False)["amount"].sum()
    first = daily.groupby("customer_id")["date"].min().rename("first_date")
    first = first[first <= cal_end]
    if first.empty:
        raise ValueError(
            f"no customer made a first purchase by calibration_end ({cal_end.date()}): choose a later one"
        )
    daily = daily.join(first, on="customer_id", how="inner")
    cal = daily[daily["date"] <= cal_end]
    repeat = cal[cal["date"] > cal["first_date"]]
    out = pd.DataFrame(index=first.index)
    out["frequency"] = repeat.groupby("customer_id").size().reindex(out.index, fill_value=0)
    last = cal.groupby("customer_id")["date"].max()
    out["recency"] = (last - first).dt.days / freq_days
    out["T"] = (cal_end - first).dt.days / freq_days
    out["monetary_value"] = repeat.groupby("customer_id")["amount"].mean().reindex(out.index, fill_value=0.0)
    hold = daily[daily["date"] > cal_end]
    out["frequency_holdout"] = hold.groupby("customer_id").size().reindex(out.index, fill_value=0)
    out["amount_holdout"] = hold.groupby("customer_id")["amount"].sum().reindex(out.index, fill_value=0.0)
    out["first_date"] = first
    return out


def cumulative_repeat_transactions(transactions: pd.DataFrame, origin, weeks: int) -> np.ndarray:
    """Actual cumulative repeat transactions (purchase days after each customer's first) at the end of weeks
    1..``weeks`` counted from ``origin`` (on or before the first purchase of the log)."""
    tx = check_transactions(transactions)
    origin = check_date(origin, "origin")
    weeks = check_count(weeks, "weeks")
    check_size(weeks, what="the weekly counts")
    if origin > tx["date"].min():
        raise ValueError(
            f"origin ({origin.date()}) comes after the first purchase ({tx['date'].min().date()}): "
            "count from a date on or before it"
        )
    days = tx[["customer_id", "date"]].drop_duplicates()
    first = days.groupby("customer_id")["date"].transform("min")
    repeat_days = (days.loc[days["date"] > first, "date"] - origin).dt.days
    week = repeat_days // 7 + 1  # day 0-6 -> week 1
    counts = np.bincount(week[week <= weeks].astype(int), minlength=weeks + 1)[1:]
    return np.cumsum(counts)


def cumulative_expected_repeat(model, start_weeks, weeks: int) -> np.ndarray:
    """Model-expected cumulative repeat transactions of a cohort at the end of weeks 1..``weeks``: the sum over
    customers of E[X(w - s_i)], where s_i (``start_weeks``, at least 0) is the week-time of customer i's first
    purchase and ``model`` a fitted BG/NBD or Pareto/NBD in weeks."""
    if not isinstance(model, RepeatBuyingResult):
        raise TypeError(
            f"model must be a BG/NBD or Pareto/NBD result (fit_bgnbd, ...), got {type(model).__name__}"
        )
    start = check_array(start_weeks, "start_weeks", ndim=None, low=0.0).ravel()
    weeks = check_count(weeks, "weeks")
    check_size(weeks, start.size, what="the expected-repeat grid (weeks x customers)")
    w = np.arange(1, weeks + 1, dtype=float)[:, None]
    return model.expected_purchases(np.clip(w - start[None, :], 0.0, None)).sum(axis=1)
