"""The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005): purchase rate lambda ~ Gamma(r, alpha);
after each repeat purchase a customer drops out with probability p ~ Beta(a, b)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from .._checks import check_rfm
from .base import RepeatBuyingResult

__all__ = ["BGNBDResult", "bgnbd_log_likelihood", "fit_bgnbd"]


def _log_likelihood(params, x, t_x, T) -> np.ndarray:
    r, alpha, a, b = params
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a1 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    xm = np.maximum(x, 1)
    a2 = special.betaln(a + 1, b + xm - 1) - special.betaln(a, b) - (r + x) * np.log(alpha + t_x)
    a2 = np.where(x > 0, a2, -np.inf)
    return common + np.logaddexp(a1, a2)


def bgnbd_log_likelihood(params, frequency, recency, T) -> np.ndarray:
    """Per-customer BG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6) at ``params = (r, alpha, a, b)``."""
    params = BGNBDResult.check_params(params)
    return _log_likelihood(params, *check_rfm(frequency, recency, T))


def _smooth(a: float, b: float, func, eps: float = 1e-4):
    """Evaluate ``func(a, b)``. The closed forms are 0/0 at a = 1 (their factor 1/(a - 1)) and, for customers
    without repeat purchases, at a + b = 1 (the hypergeometric's third argument is 0); the expectations are
    smooth in a and b, so there average the two neighbours at +-eps."""
    if abs(a - 1) < eps:
        return 0.5 * (func(1 - eps, b) + func(1 + eps, b))
    if abs(a + b - 1) < eps:  # then the larger of a and b is about 1/2 or more: move that one
        if a >= b:
            return 0.5 * (func(a - eps, b) + func(a + eps, b))
        return 0.5 * (func(a, b - eps) + func(a, b + eps))
    return func(a, b)


@dataclass(frozen=True)
class BGNBDResult(RepeatBuyingResult, model="BG/NBD"):
    """Fitted BG/NBD (``r``, ``alpha`` as in :class:`RepeatBuyingResult`; dropout p ~ Beta(``a``, ``b``)).
    Times are in the units of the data (weeks for CDNOW). Build one by hand as ``BGNBDResult(r, alpha, a, b)``."""

    a: float
    b: float

    def _expected(self, t):
        """FHL 2005, eq. 9."""
        r, alpha = self.r, self.alpha

        def part(a, b):
            hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
            return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)

        return _smooth(self.a, self.b, part)

    def _conditional(self, t, x, t_x, T):
        """FHL 2005, eq. 10, before the factor P(alive)."""
        r, alpha = self.r, self.alpha

        def part(a, b):
            hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
            return (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)

        return _smooth(self.a, self.b, part)

    def _p_alive(self, x, t_x, T):
        """P(alive | x, t_x, T) = 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))."""
        xm = np.maximum(x, 1)
        log_odds = (
            np.log(self.a)
            - np.log(self.b + xm - 1)
            + (self.r + x) * (np.log(self.alpha + T) - np.log(self.alpha + t_x))
        )
        return np.where(x > 0, special.expit(-log_odds), 1.0)

    def _p_active_new(self, t):
        """E[exp(-lambda p t)] = 2F1(r, a; a+b; -t/alpha), evaluated through Pfaff's transformation as
        (alpha/(alpha+t))^r 2F1(r, b; a+b; t/(alpha+t)) (argument in [0, 1))."""
        z = t / (self.alpha + t)
        return (1 - z) ** self.r * special.hyp2f1(self.r, self.b, self.a + self.b, z)

    @staticmethod
    def _start(mean_T: float) -> list[float]:
        return list(np.log([0.5, max(mean_T / 5, 1e-3), 1.0, 2.0]))


def fit_bgnbd(frequency, recency, T) -> BGNBDResult:
    """Maximum-likelihood BG/NBD on per-customer (frequency, recency, T); the log-likelihood is reported on the
    data's own time scale (the scale of the paper when the data are in weeks)."""
    return BGNBDResult._fit(_log_likelihood, frequency, recency, T)
