"""Input checks that only the loyalty package needs, built on ``helpers._validation``: transaction logs,
dates, per-customer purchase histories (frequency, recency, T), spend, survival data and time grids.

Each check refuses bad input with a ``ValueError`` or ``TypeError`` that names the argument and the fix.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import check_array, check_confidence, check_frame

__all__: list[str] = []  # private helpers of the package


def z_value(confidence) -> float:
    """The two-sided standard-normal quantile of ``confidence`` (1.96 at 0.95)."""
    return float(stats.norm.ppf(0.5 + check_confidence(confidence) / 2))


def check_date(value, name: str) -> pd.Timestamp:
    """A calendar date (a string such as "1997-09-30", a datetime or a Timestamp); never a number or NaT."""
    if isinstance(value, (bool, np.bool_, numbers.Number)) or value is None:
        raise TypeError(f"{name} must be a date such as '1997-09-30', got {type(value).__name__} {value!r}")
    try:
        date = pd.Timestamp(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a date such as '1997-09-30', got {value!r} ({error})") from None
    if pd.isna(date):
        raise ValueError(f"{name} is missing (NaT): pass a date such as '1997-09-30'")
    return date


def check_transactions(transactions, columns=("customer_id", "date"), what="transactions") -> pd.DataFrame:
    """A transaction log: one row per purchase with ``customer_id``, a datetime ``date`` and, where asked,
    non-negative finite ``quantity`` and ``amount``; no missing ids or dates."""
    tx = check_frame(transactions, list(columns), what)
    if tx["customer_id"].isna().any():
        raise ValueError(f"{what} has missing customer_id values; drop those rows first")
    if not pd.api.types.is_datetime64_any_dtype(tx["date"]):
        raise TypeError(
            f"{what}['date'] must hold datetimes (convert with pd.to_datetime), got {tx['date'].dtype}"
        )
    if getattr(tx["date"].dt, "tz", None) is not None:
        raise TypeError(f"{what}['date'] is timezone-aware; make it naive first with .dt.tz_localize(None)")
    if tx["date"].isna().any():
        raise ValueError(f"{what}['date'] has missing dates (NaT); drop those rows first")
    for column in set(columns) & {"quantity", "amount"}:
        check_array(tx[column], f"{what}['{column}']", low=0.0)
    return tx


def check_rfm(frequency, recency, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-customer repeat-purchase histories: ``frequency`` (whole repeat purchases), ``recency`` (time of the
    last repeat purchase) and ``T`` (time since the first purchase), one value each per customer."""
    x = check_array(frequency, "frequency", ndim=None).ravel()
    t_x = check_array(recency, "recency", ndim=None).ravel()
    T = check_array(T, "T", ndim=None).ravel()
    if not (x.shape == t_x.shape == T.shape):
        raise ValueError(
            f"frequency, recency and T must have the same length ({x.size}, {t_x.size}, {T.size})"
        )
    if np.any(x < 0):
        raise ValueError("frequency (number of repeat purchases) must not be negative")
    if np.any(x != np.round(x)):
        raise ValueError("frequency must be a whole number of repeat purchases")
    if np.any(t_x < 0) or np.any(T <= 0):
        raise ValueError("recency must be >= 0 and T (time since the first purchase) > 0")
    if np.any(t_x > T + 1e-9):
        raise ValueError(
            "recency (time of the last repeat purchase) cannot be greater than T (time since the first purchase)"
        )
    if np.any((x == 0) & (t_x > 0)):
        raise ValueError("a customer with frequency 0 (no repeat purchase) must have recency 0")
    return x, t_x, T


def check_spend(frequency, monetary_value) -> tuple[np.ndarray, np.ndarray]:
    """Repeat purchases and their mean value per customer; a customer who bought again spent something."""
    x = check_array(frequency, "frequency", ndim=None, low=0.0, integer=True).ravel()
    m = check_array(monetary_value, "monetary_value", ndim=None, low=0.0).ravel()
    if x.shape != m.shape:
        raise ValueError(f"frequency and monetary_value must have the same length ({x.size}, {m.size})")
    if np.any((x > 0) & (m <= 0)):
        raise ValueError("a customer with repeat purchases must have a positive monetary_value (mean spend)")
    return x, m


def check_times(t, name: str = "t", *, low: float = 0.0, integer: bool = False) -> np.ndarray:
    """A time or an array of times (any shape) at or above ``low``: a horizon, a week, a renewal period."""
    return check_array(t, name, ndim=None, low=low, integer=integer)


def check_survival(durations, observed) -> tuple[np.ndarray, np.ndarray]:
    """Durations (finite, non-negative) and 0/1 event indicators of the same length."""
    durations = check_array(durations, "durations", ndim=None, low=0.0).ravel()
    observed = check_array(observed, "observed", ndim=None, low=0.0, high=1.0, integer=True).ravel()
    if durations.shape != observed.shape:
        raise ValueError(
            f"durations and observed must have the same length ({durations.size}, {observed.size})"
        )
    return durations, observed.astype(bool)


def check_label_array(values, name: str, n: int) -> np.ndarray:
    """One label per duration, none missing."""
    if isinstance(values, str) or np.ndim(values) == 0:
        raise TypeError(f"{name} must be an array of labels, one per duration, got {type(values).__name__}")
    labels = np.asarray(values, dtype=object).ravel()
    if labels.size != n:
        raise ValueError(f"{name} must have one label per duration ({n}), got {labels.size}")
    if pd.isna(labels).any():
        raise ValueError(f"{name} has missing labels; drop those rows first")
    return labels
