"""The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005; Fader & Hardie 2013):
transaction values ~ Gamma(p, nu) within a customer, nu ~ Gamma(q, gamma) across customers."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from .._checks import check_spend
from .base import FitResult

__all__ = ["GammaGammaResult", "fit_gamma_gamma", "gamma_gamma_log_likelihood"]


def _log_likelihood(params, x, m) -> np.ndarray:
    p, q, gamma = params
    return (
        special.gammaln(p * x + q)
        - special.gammaln(p * x)
        - special.gammaln(q)
        + q * np.log(gamma)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(gamma + m * x)
    )


def gamma_gamma_log_likelihood(params, frequency, monetary_value) -> np.ndarray:
    """Per-customer Gamma-Gamma log-likelihood of the mean spend m_x of x transactions (Fader & Hardie 2013),
    at ``params = (p, q, gamma)``; every customer needs ``frequency > 0``."""
    params = GammaGammaResult.check_params(params)
    x, m = check_spend(frequency, monetary_value)
    if np.any(x == 0):
        raise ValueError("the Gamma-Gamma likelihood needs customers with frequency > 0; drop the others")
    return _log_likelihood(params, x, m)


@dataclass(frozen=True)
class GammaGammaResult(FitResult, model="Gamma-Gamma"):
    """Fitted Gamma-Gamma spend model (``p``, ``q``, ``gamma``); ``n_customers`` counts the repeat buyers it
    was fitted on. Build one by hand as ``GammaGammaResult(p, q, gamma)``."""

    p: float
    q: float
    gamma: float
    n_customers: int = field(default=0, kw_only=True)  # the repeat buyers it was fitted on

    @property
    def mean_spend(self) -> float:
        """Population mean transaction value p gamma / (q - 1) (infinite when q <= 1)."""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else np.inf

    def conditional_expected_spend(self, frequency, monetary_value):
        """E[M | x, m_x] = (gamma + m_x x) p / (p x + q - 1): a weighted mean of the population mean and m_x.
        Customers with x = 0 get the population mean.

        The expectation is finite only where p x + q > 1; with q <= 1 (a population mean that does not exist)
        customers with few purchases have none, and asking for it raises.
        """
        x, m = check_spend(frequency, monetary_value)
        denominator = self.p * x + self.q - 1
        if np.any(denominator <= 0):
            raise ValueError(
                f"q = {self.q:.3g} <= 1: the expected spend of customers with {int(x[denominator <= 0].max())} or "
                "fewer repeat purchases is infinite (the mean of 1/nu diverges); this spend model cannot value them"
            )
        return (self.gamma + m * x) * self.p / denominator


def fit_gamma_gamma(frequency, monetary_value) -> GammaGammaResult:
    """Fit the Gamma-Gamma model on customers with at least one repeat purchase (``frequency > 0``)."""
    x, m = check_spend(frequency, monetary_value)
    keep = x > 0
    if not keep.any():
        raise ValueError("fit_gamma_gamma needs customers with frequency > 0")
    x, m = x[keep], m[keep]

    def negll(log_params):
        value = -np.sum(_log_likelihood(np.exp(log_params), x, m))
        return value if np.isfinite(value) else 1e300

    start = np.log([1.0, 1.0, max(float(np.mean(m)), 1e-3)])
    fit = GammaGammaResult._from_likelihood(negll, start, n_customers=int(x.size))
    if fit.q <= 1:
        warnings.warn(
            f"the Gamma-Gamma fit has q = {fit.q:.3g} <= 1: the population mean spend is infinite, so customers "
            "without repeat purchases have no expected spend; spend is too heavy-tailed for this model",
            RuntimeWarning,
            stacklevel=2,
        )
    return fit
