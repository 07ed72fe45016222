"""Reliability of survey scales: Cronbach's alpha with Feldt's interval, McDonald's omega, one table for all.

A scale is a set of items (questionnaire columns, rows = respondents) that measure one construct; ``items``
arguments elsewhere in :mod:`helpers.emotion` map each construct to its item columns.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import check_array, check_confidence, check_numeric_columns

__all__ = ["AlphaResult", "cronbach_alpha", "mcdonald_omega", "omega_from_loadings", "reliability_table"]


def _check_items(items, min_items: int = 2) -> dict[str, list[str]]:
    """``items`` as a dict construct -> item column names, each construct with ``min_items`` or more."""
    if not isinstance(items, Mapping):
        raise TypeError(
            f"items must map each construct to its item columns, such as {{'affect': ['aff1', 'aff2']}}; "
            f"got {type(items).__name__}"
        )
    if not items:
        raise ValueError("items is empty: map at least one construct to its item columns")
    out = {}
    for construct, names in items.items():
        if not isinstance(construct, str) or not construct:
            raise TypeError(f"construct names must be non-empty strings, got {construct!r}")
        if isinstance(names, str) or not isinstance(names, Sequence):
            raise TypeError(f"the items of {construct} must be a list of column names, got {names!r}")
        if not all(isinstance(name, str) and name for name in names):
            raise TypeError(f"the items of {construct} must be column names (strings), got {list(names)}")
        if len(names) < min_items:
            raise ValueError(f"{construct} needs at least {min_items} items, got {list(names)}")
        if len(set(names)) != len(names):
            raise ValueError(f"{construct} lists an item twice: {list(names)}")
        out[construct] = list(names)
    return out


def _answer_matrix(items, min_items: int = 2) -> np.ndarray:
    """Answers as a respondents x items array: finite, 3+ rows, ``min_items``+ columns, none constant."""
    if isinstance(items, pd.DataFrame):
        x = check_numeric_columns(items, list(items.columns), "items")
    else:
        x = check_array(items, "items", ndim=2)
    if x.shape[1] < min_items:
        count = {2: "two", 3: "three"}.get(min_items, str(min_items))
        raise ValueError(f"items needs answers to at least {count} items (columns), got shape {x.shape}")
    if x.shape[0] < 3:
        raise ValueError(f"items needs at least three respondents (rows), got {x.shape[0]}")
    constant = np.flatnonzero(x.var(axis=0) == 0)
    if constant.size:
        raise ValueError(
            f"items: column(s) {constant.tolist()} have no variance (everyone gave the same answer); "
            "drop them"
        )
    return x


@dataclass(frozen=True)
class AlphaResult:
    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int


def cronbach_alpha(items, confidence: float = 0.95) -> AlphaResult:
    """Cronbach's alpha of a scale (rows = respondents, columns = items) with Feldt's (1965) F interval.

    alpha = k/(k-1) · (1 - sum of item variances / variance of the sum score). It is a lower bound of the
    sum score's reliability that equals it only when all items load equally (tau-equivalence).
    """
    x = _answer_matrix(items)
    confidence = check_confidence(confidence)
    n, k = x.shape
    item_var = x.var(axis=0, ddof=1).sum()
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        raise ValueError(
            "items: the sum score is constant (the items cancel out); reverse-code negated items"
        )
    alpha = k / (k - 1) * (1 - item_var / total_var)
    tail = (1 - confidence) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - alpha) * stats.f.ppf(1 - tail, df1, df2)
    high = 1 - (1 - alpha) * stats.f.ppf(tail, df1, df2)
    return AlphaResult(float(alpha), float(low), float(high), n, k)


def omega_from_loadings(loadings, residual_variances=None) -> float:
    """McDonald's omega from one-factor loadings: (sum λ)² / ((sum λ)² + sum θ).

    Without ``residual_variances`` the loadings are taken as standardized (θ = 1 - λ²).
    """
    lam = check_array(loadings, "loadings", min_size=2)
    if residual_variances is None:
        if np.any(np.abs(lam) >= 1):
            raise ValueError(
                "standardized loadings must lie strictly between -1 and 1; "
                "pass residual_variances for raw ones"
            )
        theta = 1 - lam**2
    else:
        theta = check_array(residual_variances, "residual_variances", low=0.0)
        if theta.shape != lam.shape:
            raise ValueError(
                f"residual_variances needs one value per loading: {theta.size} values for {lam.size} loadings"
            )
    common = lam.sum() ** 2
    if common + theta.sum() == 0:
        raise ValueError("the loadings sum to 0 and there is no residual variance: omega is undefined")
    return float(common / (common + theta.sum()))


def mcdonald_omega(items) -> float:
    """McDonald's omega (total) of a scale: the reliability of its sum score under a one-factor model.

    Fits the one-factor model by maximum likelihood (semopy) and returns (sum λ)²·φ / ((sum λ)²·φ + sum θ)
    on the items' own scale, so it is comparable with alpha of the same sum score. A negative residual
    variance (a Heywood case) is reported with a RuntimeWarning and counted as 0.
    """
    from .sem import _fit_semopy

    x = _answer_matrix(items, min_items=3)
    names = [f"i{j}" for j in range(x.shape[1])]
    model = _fit_semopy("f =~ " + " + ".join(names), pd.DataFrame(x, columns=names))
    est = model.inspect()
    lam = np.ones(len(names))
    theta = np.zeros(len(names))
    phi = 1.0
    for _, row in est.iterrows():
        if row["op"] == "~" and row["rval"] == "f":
            lam[names.index(row["lval"])] = row["Estimate"]
        elif row["op"] == "~~" and row["lval"] == row["rval"]:
            if row["lval"] == "f":
                phi = row["Estimate"]
            else:
                theta[names.index(row["lval"])] = row["Estimate"]
    if phi <= 0 or not np.all(np.isfinite(lam)) or not np.all(np.isfinite(theta)):
        raise RuntimeError(
            f"the one-factor model of omega is degenerate (factor variance {phi:g}); check the items"
        )
    if np.any(theta < 0):
        warnings.warn(
            f"omega: negative residual variance of item(s) {np.flatnonzero(theta < 0).tolist()} (a Heywood "
            "case: an item loads almost perfectly or the sample is small); counted as 0",
            RuntimeWarning,
            stacklevel=2,
        )
        theta = np.maximum(theta, 0.0)
    return omega_from_loadings(lam * np.sqrt(phi), theta)


def reliability_table(data: pd.DataFrame, items: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Alpha (with Feldt's 95% interval) and omega of every scale: one row per construct."""
    items = _check_items(items, min_items=3)
    check_numeric_columns(data, [name for names in items.values() for name in names], "data", min_rows=3)
    rows = {}
    for construct, names in items.items():
        a = cronbach_alpha(data[names])
        rows[construct] = {
            "items": len(names),
            "alpha": a.alpha,
            "alpha_ci_low": a.ci_low,
            "alpha_ci_high": a.ci_high,
            "omega": mcdonald_omega(data[names]),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
