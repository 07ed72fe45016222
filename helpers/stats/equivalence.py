"""Equivalence testing: two one-sided tests (TOST) of a mean difference, their power, and the pooled SD.

A non-significant difference is not evidence of no difference; TOST turns "no difference" into a claim that
can be tested: the difference lies inside bounds the analyst names in advance (Schuirmann 1987; Lakens 2017).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._validation import check_array, check_count, check_number, check_positive_finite
from .welch import welch

__all__ = ["TOSTResult", "equivalence_of_effect", "pooled_sd", "tost", "tost_power"]


@dataclass(frozen=True)
class TOSTResult:
    difference: float  # mean(x) - mean(y)
    ci_low: float  # (1 - 2·alpha) interval of the difference: inside the bounds <=> equivalent
    ci_high: float
    low: float  # equivalence bounds on the raw scale
    high: float
    p_lower: float  # H0: difference <= low
    p_upper: float  # H0: difference >= high
    p_value: float  # max of the two: reject non-equivalence when below alpha
    dof: float
    alpha: float = 0.05  # the level the test was run at

    def __post_init__(self):
        _check_alpha(self.alpha)

    @property
    def equivalent(self) -> bool:
        """Equivalence shown at the test's own level ``alpha``."""
        return self.p_value < self.alpha

    def is_equivalent(self, alpha: float) -> bool:
        """Equivalence shown at another level ``alpha`` (0 < alpha < 0.5)."""
        return self.p_value < _check_alpha(alpha)


def _check_alpha(alpha) -> float:
    return check_number(alpha, "alpha", low=0.0, high=0.5, low_open=True, high_open=True)


def tost(x, y, low: float, high: float, alpha: float = 0.05) -> TOSTResult:
    """Two one-sided Welch t-tests of equivalence (Schuirmann 1987; Lakens 2017) of mean(x) - mean(y).

    Equivalence is shown when the difference is significantly above ``low`` and significantly below
    ``high``; the p-value is the larger of the two one-sided p-values.
    """
    x = check_array(x, "x", min_size=2)
    y = check_array(y, "y", min_size=2)
    low = check_number(low, "low")
    high = check_number(high, "high")
    if not low < high:
        raise ValueError(f"the equivalence bounds must satisfy low < high, got low={low}, high={high}")
    alpha = _check_alpha(alpha)
    w = welch(x, y)  # the difference, its standard error and the Welch-Satterthwaite degrees of freedom
    return equivalence_of_effect(w.difference, w.se, low, high, alpha, dof=w.dof)


def equivalence_of_effect(
    estimate: float, se: float, low: float, high: float, alpha: float = 0.05, dof: float = np.inf
) -> TOSTResult:
    """TOST of an effect estimated as ``estimate`` with standard error ``se``: normal reference when ``dof``
    is infinite (large samples, robust standard errors), else Student's t with ``dof`` degrees of freedom.

    The result's ``ci_low``/``ci_high`` are the 1 - 2·alpha interval, inside the bounds exactly when
    equivalence is shown at ``alpha``.
    """
    estimate = check_number(estimate, "estimate")
    se = check_positive_finite(se, "se")
    low = check_number(low, "low")
    high = check_number(high, "high")
    if not low < high:
        raise ValueError(f"the equivalence bounds must satisfy low < high, got low={low}, high={high}")
    alpha = _check_alpha(alpha)
    dof = check_number(dof, "dof", low=0.0, low_open=True, allow_inf=True)
    reference = stats.norm if np.isinf(dof) else stats.t(dof)
    p_lower = reference.sf((estimate - low) / se)
    p_upper = reference.cdf((estimate - high) / se)
    q = reference.ppf(1 - alpha)
    return TOSTResult(
        difference=float(estimate),
        ci_low=float(estimate - q * se),
        ci_high=float(estimate + q * se),
        low=low,
        high=high,
        p_lower=float(p_lower),
        p_upper=float(p_upper),
        p_value=float(max(p_lower, p_upper)),
        dof=float(dof),
        alpha=alpha,
    )


def tost_power(n_per_group: int, bound_d: float, true_d: float = 0.0, alpha: float = 0.05) -> float:
    """Approximate power of the TOST to show equivalence within ±``bound_d`` (in SDs) with two equal groups.

    Normal approximation: equivalence is declared when the (1 - 2·alpha) interval of the difference lies
    inside the bounds; the difference has standard error sqrt(2 / n_per_group) in SD units.
    """
    n_per_group = check_count(n_per_group, "n_per_group", minimum=2)
    bound_d = check_positive_finite(bound_d, "bound_d")
    true_d = check_number(true_d, "true_d")
    alpha = _check_alpha(alpha)
    se = np.sqrt(2.0 / n_per_group)
    z = stats.norm.ppf(1 - alpha)
    upper = (bound_d - z * se - true_d) / se
    lower = (-bound_d + z * se - true_d) / se
    return float(max(0.0, stats.norm.cdf(upper) - stats.norm.cdf(lower)))


def pooled_sd(x, y) -> float:
    """The pooled within-group standard deviation of two samples (the unit of Cohen's d)."""
    x = check_array(x, "x", min_size=2)
    y = check_array(y, "y", min_size=2)
    return float(
        np.sqrt(((x.size - 1) * x.var(ddof=1) + (y.size - 1) * y.var(ddof=1)) / (x.size + y.size - 2))
    )
