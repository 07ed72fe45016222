"""Projecting a contractual cohort's survival beyond the years observed: the naive curve fits that Fader &
Hardie (2007) warn against (a straight line, an exponential), and the check of any projection against years
held out of the fit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_array, check_choice, check_number
from ._checks import check_times

__all__ = ["CURVE_KINDS", "CurveFit", "fit_survival_curve", "holdout_comparison", "holdout_record"]

CURVE_KINDS = ("linear", "exponential")


@dataclass(frozen=True)
class CurveFit:
    """A least-squares curve through a survival curve (percent alive against period).

    ``linear``: S(t) = intercept + slope t, floored at 0 (a share cannot go negative).
    ``exponential``: S(t) = exp(intercept + slope t), fitted on the log scale; it assumes the same retention
    rate exp(slope) every period.
    """

    kind: str
    intercept: float
    slope: float

    def __post_init__(self):
        check_choice(self.kind, "kind", CURVE_KINDS)
        for name in ("intercept", "slope"):
            object.__setattr__(self, name, check_number(getattr(self, name), name))

    def survival(self, t) -> np.ndarray:
        """Projected percent alive at period(s) ``t``."""
        t = check_times(t)
        if self.kind == "linear":
            return np.maximum(self.intercept + self.slope * t, 0.0)
        return np.exp(self.intercept + self.slope * t)

    @property
    def retention_rate(self) -> float:
        """The constant period-to-period retention rate of the exponential curve (NaN for the line)."""
        return float(np.exp(self.slope)) if self.kind == "exponential" else float("nan")


def fit_survival_curve(survival_percentages, kind: str) -> CurveFit:
    """Least-squares ``kind`` curve ("linear" or "exponential") through percent alive at periods 0, 1, ...

    These are the regressions a manager might run on a few years of retention data; Fader & Hardie (2007)
    show that they project too pessimistically (a line reaches zero; an exponential keeps the early
    retention rate, while a mixed cohort's retention rate rises)."""
    kind = check_choice(kind, "kind", CURVE_KINDS)
    s = check_array(survival_percentages, "survival_percentages", ndim=1, low=0.0)
    if s.size < 2:
        raise ValueError("fit_survival_curve needs at least 2 periods of survival percentages")
    t = np.arange(s.size, dtype=float)
    if kind == "exponential":
        if np.any(s <= 0):
            raise ValueError("an exponential curve needs survival above 0 in every period (it fits log S)")
        y = np.log(s)
    else:
        y = s
    slope, intercept = np.polyfit(t, y, 1)
    return CurveFit(kind, float(intercept), float(slope))


def holdout_comparison(years, actual, projected: Callable | np.ndarray) -> pd.DataFrame:
    """Observed survival in held-out ``years`` beside a projection: columns ``actual``, ``projected`` (percent),
    ``error`` (projected minus actual, percentage points) and ``relative error (%)``, indexed by year.

    ``projected`` is either a function of the years (such as ``fit.survival`` scaled to percent) or an array
    with one projected value per year."""
    years = check_array(years, "years", ndim=1, low=0.0, integer=True)
    actual = check_array(actual, "actual", ndim=1, low=0.0)
    if actual.size != years.size:
        raise ValueError(f"actual needs one value per year ({years.size}), got {actual.size}")
    values = projected(years) if callable(projected) else projected
    values = check_array(values, "projected", ndim=1, low=0.0)
    if values.size != years.size:
        raise ValueError(f"projected needs one value per year ({years.size}), got {values.size}")
    if np.any(actual <= 0):
        raise ValueError("actual survival must be above 0 in every held-out year (it divides the error)")
    table = pd.DataFrame(
        {"actual": actual, "projected": values}, index=pd.Index(years.astype(int), name="year")
    )
    table["error"] = table["projected"] - table["actual"]
    table["relative error (%)"] = 100 * table["error"] / table["actual"]
    return table


def holdout_record(table: pd.DataFrame) -> dict:
    """A :func:`holdout_comparison` table as a results record: ``{year: {"actual": %, "projected": %}}``
    (years as strings, the keys JSON allows)."""
    if not isinstance(table, pd.DataFrame) or not {"actual", "projected"} <= set(table.columns):
        raise TypeError("table must be a DataFrame from holdout_comparison (columns actual, projected)")
    return {
        str(int(year)): {"actual": float(row.actual), "projected": float(row.projected)}
        for year, row in zip(table.index, table.itertuples())
    }
