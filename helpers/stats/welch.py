"""Welch's unequal-variance t-test of a difference in means, with its confidence interval at any level.

``welch(x, y)`` compares mean(x) - mean(y) without assuming equal variances (Welch 1947); the degrees of
freedom come from the Welch-Satterthwaite equation, :func:`welch_dof`, which also works row by row on arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._validation import check_array, check_confidence
from .intervals import Interval

__all__ = ["WelchResult", "welch", "welch_dof"]


def welch_dof(var_mean_x, var_mean_y, n_x, n_y):
    """Welch-Satterthwaite degrees of freedom from the squared standard errors of two means and the sizes.

    ``var_mean_x`` is var(x) / n_x. Works elementwise on arrays (one experiment per element) and returns
    a float for scalar input. The equation squares the variances, which underflows to 0 below about 1e-154
    (and overflows above 1e154); there it is computed from the variances divided by the larger of the two,
    which gives the same value, so the result is finite and lies between min(n_x, n_y) - 1 and n_x + n_y - 2.
    """
    v_x = check_array(var_mean_x, "var_mean_x", ndim=None, low=0.0)
    v_y = check_array(var_mean_y, "var_mean_y", ndim=None, low=0.0)
    n_x = check_array(n_x, "n_x", ndim=None, low=2.0, integer=True)
    n_y = check_array(n_y, "n_y", ndim=None, low=2.0, integer=True)
    if np.any(v_x + v_y == 0):
        raise ValueError(
            "var_mean_x + var_mean_y is 0 (both samples constant): the degrees of freedom are undefined"
        )
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        direct = (v_x + v_y) ** 2 / (v_x**2 / (n_x - 1) + v_y**2 / (n_y - 1))
    larger = np.maximum(v_x, v_y)  # > 0: not both variances are 0
    share_x, share_y = v_x / larger, v_y / larger  # in [0, 1], one of them exactly 1
    rescaled = (share_x + share_y) ** 2 / (share_x**2 / (n_x - 1) + share_y**2 / (n_y - 1))
    # squares of variances in [1e-100, 1e100] are normal floats: keep the direct value there (bit for bit
    # what the textbook formula gives), the rescaled one outside
    dof = np.where((larger >= 1e-100) & (larger <= 1e100), direct, rescaled)
    return float(dof) if dof.ndim == 0 else dof


@dataclass(frozen=True)
class WelchResult:
    """mean(x) - mean(y) with its Welch standard error; ``confidence_interval(level)`` at any level."""

    difference: float  # mean(x) - mean(y)
    se: float  # standard error of the difference
    dof: float  # Welch-Satterthwaite degrees of freedom
    statistic: float  # t = difference / se
    p_value: float  # two-sided, H0: equal means
    n_x: int
    n_y: int

    def confidence_interval(self, confidence_level: float = 0.95) -> Interval:
        """Two-sided t interval of the difference at ``confidence_level`` (0 < level < 1)."""
        confidence_level = check_confidence(confidence_level, "confidence_level")
        half = stats.t.ppf(0.5 + confidence_level / 2, self.dof) * self.se
        return Interval(float(self.difference - half), float(self.difference + half), confidence_level)


def welch(x, y) -> WelchResult:
    """Welch's two-sample t-test of mean(x) - mean(y) (two-sided), each sample with at least two values."""
    x = check_array(x, "x", min_size=2)
    y = check_array(y, "y", min_size=2)
    n_x, n_y = x.size, y.size
    with np.errstate(over="ignore", invalid="ignore"):
        v_x, v_y = x.var(ddof=1) / n_x, y.var(ddof=1) / n_y
        se = float(np.sqrt(v_x + v_y))
    if not np.isfinite(se):
        raise ValueError(
            "the variances of x and y overflow (values around 1e154 or larger): rescale x and y, "
            "e.g. to thousands or millions of the unit"
        )
    if se == 0:
        raise ValueError(
            "x and y are both constant (or vary by less than floating point resolves): the standard error "
            "is 0 and the test is undefined (no variation to estimate it from)"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        difference = float(x.mean() - y.mean())
    if not np.isfinite(difference):
        raise ValueError("the means of x and y overflow (values near 1e308): rescale x and y")
    dof = welch_dof(v_x, v_y, n_x, n_y)
    statistic = difference / se
    p_value = float(2 * stats.t.sf(abs(difference) / se, dof))
    return WelchResult(difference, se, dof, statistic, p_value, n_x, n_y)
