"""The NBD model of purchase counts over a known exposure (Ehrenberg 1959; the purchasing half of the BG/NBD
and Pareto/NBD): while a customer is observed, purchases are Poisson with rate lambda ~ Gamma(r, alpha).

It is the purchase model for *contractual* data, where each customer's time as a member is seen (a
cancellation is recorded), so no unobserved dropout has to be inferred: a customer's exposure is simply the
time they were a member."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from ..._validation import check_array
from .base import RepeatBuyingResult

__all__ = ["NBDResult", "fit_nbd", "nbd_log_likelihood"]


def _check_counts(frequency, exposure) -> tuple[np.ndarray, np.ndarray]:
    x = check_array(frequency, "frequency", ndim=None, low=0.0, integer=True).ravel()
    t = check_array(exposure, "exposure", ndim=None, low=0.0).ravel()
    if x.shape != t.shape:
        raise ValueError(f"frequency and exposure must have the same length ({x.size}, {t.size})")
    if np.any((t == 0) & (x > 0)):
        raise ValueError("a customer with zero exposure cannot have purchases: check the exposure column")
    return x, t


def _log_likelihood(params, x, t) -> np.ndarray:
    r, alpha = params
    log_t = np.log(np.where(t > 0, t, 1.0))
    return (
        special.gammaln(r + x)
        - special.gammaln(r)
        - special.gammaln(x + 1)
        + r * (np.log(alpha) - np.log(alpha + t))
        + np.where(x > 0, x * (log_t - np.log(alpha + t)), 0.0)
    )


def nbd_log_likelihood(params, frequency, exposure) -> np.ndarray:
    """Per-customer NBD log-likelihood of ``frequency`` purchases in ``exposure`` time at ``(r, alpha)``."""
    params = NBDResult.check_params(params)
    return _log_likelihood(params, *_check_counts(frequency, exposure))


@dataclass(frozen=True)
class NBDResult(RepeatBuyingResult, model="NBD"):
    """Fitted NBD: purchase rate lambda ~ Gamma(``r``, ``alpha``) per time unit of exposure, no dropout (the
    exposure already ends where a membership ends). Mean rate ``purchase_rate = r / alpha``."""

    def _expected(self, t):
        return self.r * t / self.alpha

    def _conditional(self, t, x, t_x, T):
        """E[Y(t) | x purchases in T] = t (r + x) / (alpha + T)."""
        return t * (self.r + x) / (self.alpha + T)

    def _p_alive(self, x, t_x, T):
        return np.ones_like(np.asarray(x, dtype=float))

    def _p_active_new(self, t):
        return np.ones_like(np.asarray(t, dtype=float))

    @staticmethod
    def _start(mean_T: float) -> list[float]:
        return list(np.log([1.0, max(mean_T, 1e-3)]))


def fit_nbd(frequency, exposure) -> NBDResult:
    """Maximum-likelihood NBD of purchase counts ``frequency`` over each customer's ``exposure`` (time
    observed as a member, in the data's time unit)."""
    x, t = _check_counts(frequency, exposure)
    if not np.any(x > 0):
        raise ValueError(
            "no customer made a purchase (every frequency is 0): the purchase rate is not identified"
        )
    if not np.any(t > 0):
        raise ValueError("every exposure is 0: nobody was observed, so there is nothing to fit")

    def negll(log_params):
        value = -np.sum(_log_likelihood(np.exp(log_params), x, t))
        return value if np.isfinite(value) else 1e300

    start = np.log([1.0, max(float(np.sum(t)) / max(float(np.sum(x)), 1.0), 1e-3)])
    return NBDResult._from_likelihood(negll, start, n_customers=int(x.size))
