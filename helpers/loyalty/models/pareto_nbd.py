"""The Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987): purchase rate
lambda ~ Gamma(r, alpha) and exponential lifetimes with rate mu ~ Gamma(s, beta)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from .._checks import check_rfm
from .base import RepeatBuyingResult

__all__ = ["ParetoNBDResult", "fit_pareto_nbd", "pareto_nbd_log_likelihood"]


def _log_a0(r, alpha, s, beta, x, t_x, T):
    """log A0 of the Pareto/NBD likelihood (Fader, Hardie & Lee 2005 note), stable for either alpha >= beta."""
    rsx = r + s + x
    if alpha >= beta:
        c, lo_arg, hi_arg = s + 1, alpha + t_x, alpha + T
        z1, z2 = (alpha - beta) / lo_arg, (alpha - beta) / hi_arg
    else:
        c, lo_arg, hi_arg = r + x, beta + t_x, beta + T
        z1, z2 = (beta - alpha) / lo_arg, (beta - alpha) / hi_arg
    log1 = np.log(special.hyp2f1(rsx, c, rsx + 1, z1)) - rsx * np.log(lo_arg)
    log2 = np.log(special.hyp2f1(rsx, c, rsx + 1, z2)) - rsx * np.log(hi_arg)
    # A0 = exp(log1) - exp(log2) > 0 (t_x <= T)
    with np.errstate(divide="ignore"):
        return log1 + np.log1p(-np.exp(np.minimum(log2 - log1, 0.0)))


def _log_likelihood(params, x, t_x, T) -> np.ndarray:
    r, alpha, s, beta = params
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    term1 = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    term2 = np.log(s) - np.log(r + s + x) + _log_a0(r, alpha, s, beta, x, t_x, T)
    return common + np.logaddexp(term1, term2)


def pareto_nbd_log_likelihood(params, frequency, recency, T) -> np.ndarray:
    """Per-customer Pareto/NBD log-likelihood at ``params = (r, alpha, s, beta)``."""
    params = ParetoNBDResult.check_params(params)
    return _log_likelihood(params, *check_rfm(frequency, recency, T))


@dataclass(frozen=True)
class ParetoNBDResult(RepeatBuyingResult, model="Pareto/NBD"):
    """Fitted Pareto/NBD (``r``, ``alpha`` as in :class:`RepeatBuyingResult`; dropout rate mu ~ Gamma(``s``,
    ``beta``)). Build one by hand as ``ParetoNBDResult(r, alpha, s, beta)``."""

    s: float
    beta: float

    def _expected(self, t):
        """E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)] (log limit at s = 1)."""
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        if abs(s - 1) < 1e-8:
            return r * beta / alpha * np.log1p(t / beta)
        return r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))

    def _conditional(self, t, x, t_x, T):
        """(r+x)(beta+T)/((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)], before the factor P(alive)."""
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        if abs(s - 1) < 1e-8:
            return (r + x) * (beta + T) / (alpha + T) * np.log1p(t / (beta + T))
        return (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))

    def _p_alive(self, x, t_x, T):
        """P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A0)."""
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        log_odds = (
            np.log(s)
            - np.log(r + s + x)
            + (r + x) * np.log(alpha + T)
            + s * np.log(beta + T)
            + _log_a0(r, alpha, s, beta, x, t_x, T)
        )
        return special.expit(-log_odds)

    def _p_active_new(self, t):
        """E[exp(-mu t)] = (beta / (beta + t))^s: the lifetime has not ended by t."""
        return (self.beta / (self.beta + t)) ** self.s

    @staticmethod
    def _start(mean_T: float) -> list[float]:
        return list(np.log([0.5, max(mean_T / 4, 1e-3), 0.5, max(mean_T / 4, 1e-3)]))


def fit_pareto_nbd(frequency, recency, T) -> ParetoNBDResult:
    """Maximum-likelihood Pareto/NBD on per-customer (frequency, recency, T), log-likelihood on the data's scale."""
    return ParetoNBDResult._fit(_log_likelihood, frequency, recency, T)
