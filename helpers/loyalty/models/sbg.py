"""The shifted-beta-geometric (sBG) model of contract duration (Fader & Hardie 2007): each customer churns at
each renewal with a constant probability theta, and theta ~ Beta(alpha, beta) across customers."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special

from ..._validation import check_array, check_count, check_positive_finite
from .._checks import check_times
from .base import FitResult, log_param_covariance

__all__ = ["SBGResult", "fit_sbg"]


@dataclass(frozen=True)
class SBGResult(FitResult, model="sBG"):
    """Fitted sBG: churn probability theta ~ Beta(``alpha``, ``beta``); times are whole renewal periods."""

    alpha: float
    beta: float
    n_periods: int = field(default=0, kw_only=True)
    cohort_size: int = field(default=0, kw_only=True)

    def survival(self, t):
        """Share of the cohort still a customer after ``t`` renewal periods: S(t) = B(alpha, beta+t)/B(alpha, beta)."""
        t = check_times(t, integer=True)
        return np.exp(special.betaln(self.alpha, self.beta + t) - special.betaln(self.alpha, self.beta))

    def churn_probability(self, t):
        """P(T = t): churn in period t >= 1."""
        t = check_times(t, low=1.0, integer=True)
        return np.exp(
            special.betaln(self.alpha + 1, self.beta + t - 1) - special.betaln(self.alpha, self.beta)
        )

    def retention_rate(self, t):
        """Retention rate r_t = S(t)/S(t-1) = (beta + t - 1)/(alpha + beta + t - 1) for t >= 1: rises with t."""
        t = check_times(t, low=1.0, integer=True)
        return (self.beta + t - 1) / (self.alpha + self.beta + t - 1)

    def discounted_expected_lifetime(self, discount_rate: float) -> float:
        """Sum over t >= 0 of S(t)/(1+d)^t = 2F1(1, beta; alpha+beta; 1/(1+d)) (Fader & Hardie 2010)."""
        discount_rate = check_positive_finite(discount_rate, "discount_rate")
        return float(special.hyp2f1(1.0, self.beta, self.alpha + self.beta, 1.0 / (1.0 + discount_rate)))


def _check_survival_percentages(survival_percentages) -> np.ndarray:
    if isinstance(survival_percentages, str):
        raise TypeError("survival_percentages must be an array of numbers, got a string")
    if np.size(survival_percentages) == 0:
        raise ValueError("fit_sbg needs survival percentages (got none)")
    s = check_array(survival_percentages, "survival_percentages", ndim=None, low=0.0).ravel()
    if s.size < 3:
        raise ValueError(
            "fit_sbg needs at least 3 survival percentages (100 at period 0 and two more periods)"
        )
    if s[0] <= 0:
        raise ValueError("survival percentages must start with a positive value (the whole cohort, e.g. 100)")
    if np.any(np.diff(s) > 0):
        rise = int(np.argmax(np.diff(s) > 0)) + 1
        raise ValueError(
            f"survival percentages must never rise (period {rise} is above period {rise - 1}): "
            "a cohort cannot gain customers"
        )
    if s[1] == 0:
        raise ValueError(
            "the whole cohort left in period 1: every churn probability is 1 and the sBG model is degenerate "
            "(its likelihood has no maximum); nothing is left to model"
        )
    return s


def fit_sbg(survival_percentages, cohort_size: int = 1000) -> SBGResult:
    """Fit the shifted-beta-geometric model to a cohort's survival curve (percent alive at periods 0, 1, ...).

    The curve is turned into counts for a cohort of ``cohort_size`` customers (Fader & Hardie 2007 use 1,000):
    customers lost in each period, and the survivors at the last period (right-censored). The MLE does not
    depend on the cohort size; the log-likelihood does.
    """
    s = _check_survival_percentages(survival_percentages)
    cohort_size = check_count(cohort_size, "cohort_size")
    alive = cohort_size * s / s[0]
    lost = -np.diff(alive)
    t = np.arange(1, s.size)

    def negll(log_params):
        al, be = np.exp(log_params)
        log_p = special.betaln(al + 1, be + t - 1) - special.betaln(al, be)
        log_s = special.betaln(al, be + t[-1]) - special.betaln(al, be)
        # a period nobody left in (or no survivor at the end) adds nothing, even where its log-probability is -inf
        return -(
            np.sum(np.where(lost > 0, lost * log_p, 0.0)) + (alive[-1] * log_s if alive[-1] > 0 else 0.0)
        )

    res = optimize.minimize(
        negll, np.zeros(2), method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 4000}
    )
    cov = log_param_covariance(negll, res.x)
    return SBGResult._checked(
        res.x, float(-res.fun), cov, n_periods=int(s.size - 1), cohort_size=int(cohort_size)
    )
