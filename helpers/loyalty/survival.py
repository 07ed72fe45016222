"""Survival analysis of customers with lifelines: time to the first repeat purchase from a transaction log,
Kaplan-Meier curves, the log-rank test of two groups and a Cox model's hazard ratio."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_array, check_confidence
from ._checks import check_date, check_label_array, check_survival, check_transactions, z_value

__all__ = ["HazardRatio", "LogRankResult", "cox_hazard_ratio", "kaplan_meier", "logrank", "time_to_repeat"]


def time_to_repeat(transactions: pd.DataFrame, end) -> pd.DataFrame:
    """Time from each customer's first purchase to the first purchase on a later day, censored at ``end``.

    Returns one row per customer who bought by ``end``: ``first_date, first_amount, first_quantity`` (the first
    day's totals), ``weeks`` (to the repeat purchase, or to ``end`` if none) and ``repeated`` (event observed).
    """
    tx = check_transactions(transactions, ("customer_id", "date", "quantity", "amount"))
    end = check_date(end, "end")
    tx = tx[tx["date"] <= end]
    if tx.empty:
        raise ValueError(f"no transactions on or before end ({end.date()}): choose a later end")
    daily = tx.groupby(["customer_id", "date"], as_index=False)[["quantity", "amount"]].sum()
    daily = daily.sort_values(["customer_id", "date"])
    order = daily.groupby("customer_id").cumcount()
    first = daily[order == 0].set_index("customer_id")
    second = daily[order == 1].set_index("customer_id")["date"]
    out = pd.DataFrame(
        {"first_date": first["date"], "first_amount": first["amount"], "first_quantity": first["quantity"]}
    )
    out["repeated"] = out.index.isin(second.index)
    stop = second.reindex(out.index).fillna(end)
    out["weeks"] = (stop - out["first_date"]).dt.days / 7.0
    return out


def kaplan_meier(durations, observed, label: str | None = None, confidence: float = 0.95):
    """Kaplan-Meier estimate (a fitted ``lifelines.KaplanMeierFitter``) of the survival function;
    ``observed`` is 1 (or True) where the event happened and 0 where the duration is censored."""
    from lifelines import KaplanMeierFitter

    durations, observed = check_survival(durations, observed)
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a string or None, got {type(label).__name__}")
    confidence = check_confidence(confidence)
    return KaplanMeierFitter(alpha=1 - confidence).fit(durations, observed, label=label)


def _with_events(durations, observed, what: str):
    durations, observed = check_survival(durations, observed)
    if not observed.any():
        raise ValueError(
            f"{what} needs at least one observed event (observed is all 0: every duration censored)"
        )
    return durations, observed


@dataclass(frozen=True)
class LogRankResult:
    statistic: float  # chi-squared with 1 degree of freedom
    p_value: float


def logrank(durations, observed, groups) -> LogRankResult:
    """Log-rank test that two groups (``groups`` holds exactly two distinct labels) share one survival curve."""
    from lifelines.statistics import logrank_test

    durations, observed = _with_events(durations, observed, "the log-rank test")
    groups = check_label_array(groups, "groups", durations.size)
    labels = pd.unique(groups)
    if labels.size != 2:
        raise ValueError(
            f"groups must hold exactly two distinct labels, got {labels.size}: {list(labels)[:5]}"
        )
    a, b = groups == labels[0], groups == labels[1]
    test = logrank_test(durations[a], durations[b], observed[a], observed[b])
    return LogRankResult(float(test.test_statistic), float(test.p_value))


@dataclass(frozen=True)
class HazardRatio:
    """Hazard ratio of the treated group with its Wald interval at ``confidence`` and two-sided p-value."""

    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    confidence: float = 0.95


def cox_hazard_ratio(durations, observed, treated, confidence: float = 0.95) -> HazardRatio:
    """Hazard ratio of ``treated`` (0/1) from a Cox proportional-hazards model (lifelines ``CoxPHFitter``)."""
    from lifelines import CoxPHFitter

    durations, observed = _with_events(durations, observed, "a Cox model")
    treated = check_array(treated, "treated", ndim=None, low=0.0, high=1.0, integer=True).ravel()
    if treated.shape != durations.shape:
        raise ValueError(
            f"treated must have one 0/1 value per duration ({durations.size}), got {treated.size}"
        )
    if np.unique(treated).size != 2:
        raise ValueError("treated must hold both groups (some 0s and some 1s) to estimate a hazard ratio")
    z = z_value(confidence)
    frame = pd.DataFrame({"duration": durations, "event": observed.astype(int), "treated": treated})
    cph = CoxPHFitter(alpha=1 - confidence).fit(frame, "duration", "event")
    beta, se = float(cph.params_["treated"]), float(cph.standard_errors_["treated"])
    return HazardRatio(
        float(np.exp(beta)),
        float(np.exp(beta - z * se)),
        float(np.exp(beta + z * se)),
        float(cph.summary.loc["treated", "p"]),
        float(confidence),
    )
