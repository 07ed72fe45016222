"""Net Promoter Score (Reichheld 2003) with its uncertainty: the normal-approximation interval from the
multinomial variance, a vectorized version from counts, a bootstrap interval, the difference of two groups,
and the sample size a survey needs for a given margin."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._validation import (
    check_array,
    check_confidence,
    check_count,
    check_positive_finite,
    check_probability,
    check_rng,
    check_size,
)
from ..stats import Interval
from ._checks import z_value

__all__ = [
    "NPSDifference",
    "NPSIntervals",
    "NPSResult",
    "compare_nps",
    "net_promoter_score",
    "nps_bootstrap_interval",
    "nps_interval_from_counts",
    "nps_sample_size",
]


def _nps_se(p, d, n):
    """Standard error of NPS in points: Var = 100^2 [p(1-p) + d(1-d) + 2pd] / n."""
    return 100.0 * np.sqrt((p * (1 - p) + d * (1 - d) + 2 * p * d) / n)


@dataclass(frozen=True)
class NPSResult:
    """NPS in points (-100..100) with a normal-approximation interval."""

    score: float
    ci_low: float
    ci_high: float
    n: int
    promoters: float  # share answering 9-10
    detractors: float  # share answering 0-6
    confidence: float

    @property
    def standard_error(self) -> float:
        return _nps_se(self.promoters, self.detractors, self.n)


@dataclass(frozen=True)
class NPSDifference:
    """NPS of group b minus NPS of group a, in points, with its interval and two-sided p-value."""

    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    nps_a: NPSResult
    nps_b: NPSResult


@dataclass(frozen=True, eq=False)
class NPSIntervals:
    """Scores and normal intervals (arrays, in points) of many surveys; unpacks as ``score, low, high``."""

    score: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    confidence: float

    def __iter__(self):
        return iter((self.score, self.ci_low, self.ci_high))


def _answers(scores, name: str = "scores") -> np.ndarray:
    """0-10 survey answers as a flat float array."""
    values = check_array(scores, name, ndim=None, min_size=0, finite=False)
    if values.ndim == 0 or np.asarray(scores).dtype == bool:
        raise TypeError(
            f"{name} must be a list or array of 0-10 answers, got {type(scores).__name__} {scores!r:.40}"
        )
    values = values.ravel()
    if values.size == 0:
        raise ValueError(f"{name}: net_promoter_score needs at least one answer (got none)")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name}: NPS answers contain NaN or infinity; drop non-responses first")
    if np.any((values < 0) | (values > 10)):
        raise ValueError(
            f"{name}: NPS answers must lie from 0 to 10 (got {values.min():g}..{values.max():g})"
        )
    if np.any(values != np.round(values)):
        raise ValueError(f"{name}: NPS answers must be whole numbers from 0 to 10 (got fractional answers)")
    return values


def nps_interval_from_counts(n_promoters, n_detractors, n, confidence: float = 0.95) -> NPSIntervals:
    """Vectorized NPS and its normal interval from counts (arrays broadcast together), in points.

    ``n_promoters`` and ``n_detractors`` are whole numbers that together cannot exceed the ``n`` respondents.
    """
    pro = check_array(n_promoters, "n_promoters", ndim=None, low=0.0, integer=True)
    det = check_array(n_detractors, "n_detractors", ndim=None, low=0.0, integer=True)
    n = check_array(n, "n", ndim=None, low=1.0, integer=True)
    try:
        pro, det, n = np.broadcast_arrays(pro, det, n)
    except ValueError:
        raise ValueError(
            f"n_promoters, n_detractors and n must broadcast together (shapes {pro.shape}, {det.shape}, {n.shape})"
        ) from None
    if np.any(pro + det > n):
        raise ValueError("n_promoters + n_detractors exceeds n (the respondents): a share cannot pass 100%")
    z = z_value(confidence)
    p, d = pro / n, det / n
    score = 100.0 * (p - d)
    half = z * _nps_se(p, d, n)
    return NPSIntervals(score, np.maximum(score - half, -100.0), np.minimum(score + half, 100.0), confidence)


def net_promoter_score(scores, confidence: float = 0.95) -> NPSResult:
    """Net Promoter Score of 0-10 survey answers, with a normal-approximation interval.

    Promoters answer 9-10, detractors 0-6 (Reichheld 2003); NPS = 100 (share promoters - share detractors).
    The multinomial variance is Var(NPS) = 100^2 [p(1-p) + d(1-d) + 2pd] / n; the interval is clipped to
    [-100, 100].
    """
    values = _answers(scores)
    n = values.size
    n_pro, n_det = int(np.sum(values >= 9)), int(np.sum(values <= 6))
    score, low, high = nps_interval_from_counts(n_pro, n_det, n, confidence)
    return NPSResult(float(score), float(low), float(high), n, n_pro / n, n_det / n, float(confidence))


def nps_bootstrap_interval(scores, n_boot: int = 2000, confidence: float = 0.95, *, rng) -> Interval:
    """Percentile bootstrap interval of the NPS (resampling answers with replacement), in points; unpacks as
    ``low, high``.

    Resampling answers only matters through the three category counts, so the resamples are drawn as
    multinomial counts: identical in distribution to resampling rows, and fast.
    """
    values = _answers(scores)
    n_boot = check_count(n_boot, "n_boot", minimum=100)
    confidence = check_confidence(confidence)
    rng = check_rng(rng)
    check_size(n_boot, 3, what="the bootstrap resamples")
    n = values.size
    shares = [np.mean(values >= 9), np.mean(values <= 6)]
    shares.append(max(0.0, 1.0 - shares[0] - shares[1]))
    counts = rng.multinomial(n, shares, size=n_boot)
    boot = 100.0 * (counts[:, 0] - counts[:, 1]) / n
    tail = (1 - confidence) / 2
    low, high = np.quantile(boot, [tail, 1 - tail])
    return Interval(float(low), float(high), confidence)


def compare_nps(a, b, confidence: float = 0.95) -> NPSDifference:
    """Difference NPS(b) - NPS(a) of two independent groups of answers, with a normal interval.

    The variance of the difference is the sum of the two groups' variances.
    """
    nps_a = net_promoter_score(_answers(a, "a"), confidence)
    nps_b = net_promoter_score(_answers(b, "b"), confidence)
    diff = nps_b.score - nps_a.score
    se = float(np.hypot(nps_a.standard_error, nps_b.standard_error))
    half = z_value(confidence) * se
    p_value = float(2 * stats.norm.sf(abs(diff) / se)) if se > 0 else (0.0 if diff != 0 else 1.0)
    return NPSDifference(diff, diff - half, diff + half, p_value, nps_a, nps_b)


def nps_sample_size(
    margin: float, promoters: float = 0.4, detractors: float = 0.2, confidence: float = 0.95
) -> int:
    """Respondents needed for an NPS interval of half-width ``margin`` points, given expected shares.

    n = z^2 100^2 [p(1-p) + d(1-d) + 2pd] / margin^2, rounded up (at least 1). The worst case (p = d = 0.5)
    needs z^2 100^2 / margin^2.
    """
    margin = check_positive_finite(margin, "margin")
    promoters = check_probability(promoters, "promoters")
    detractors = check_probability(detractors, "detractors")
    if promoters + detractors > 1:
        raise ValueError(
            f"promoters + detractors = {promoters + detractors:g} > 1: they are shares of the same respondents"
        )
    var = promoters * (1 - promoters) + detractors * (1 - detractors) + 2 * promoters * detractors
    with np.errstate(divide="ignore", over="ignore"):  # a tiny margin gives inf, refused below
        n = np.ceil(z_value(confidence) ** 2 * 100.0**2 * var / np.float64(margin) ** 2)
    if not np.isfinite(n) or n > 1e15:
        raise ValueError(
            f"margin = {margin:g} points needs more respondents than exist; ask for a wider margin"
        )
    return max(int(n), 1)
