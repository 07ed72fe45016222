"""Differential-privacy mechanisms written out by hand so the maths is visible: Laplace, Gaussian (analytic or
classic calibration) and k-ary randomized response (local DP) with its unbiased estimator."""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special

from .._validation import check_choice, check_count, check_number, check_positive_finite, check_rng
from ._checks import (
    check_categories,
    check_delta,
    check_epsilon,
    check_epsilon_or_inf,
    check_numeric_categories,
    check_sensitivity,
    check_values,
)

__all__ = [
    "gaussian",
    "gaussian_delta",
    "gaussian_sigma_analytic",
    "gaussian_sigma_classic",
    "laplace",
    "randomized_response",
    "rr_keep_probability",
    "rr_unbiased",
]


def laplace(value, sensitivity: float, epsilon: float, rng: np.random.Generator):
    """``value + Laplace(sensitivity / epsilon)``, elementwise: epsilon-DP for an L1 ``sensitivity``.

    The density ratio of two outputs on inputs ``sensitivity`` apart is at most ``exp(epsilon)``.
    """
    array = check_values(value)
    scale = check_sensitivity(sensitivity) / check_epsilon(epsilon)
    noisy = array + check_rng(rng).laplace(0.0, scale, size=array.shape)
    return noisy if np.ndim(value) else float(noisy)


def gaussian_sigma_classic(sensitivity: float, epsilon: float, delta: float) -> float:
    """The textbook bound ``sigma = sensitivity sqrt(2 ln(1.25/delta)) / epsilon`` (Dwork & Roth 2014, A.1).

    Proven only for ``epsilon < 1``; for larger epsilon it is returned anyway but gives no guarantee.
    """
    sensitivity, epsilon, delta = check_sensitivity(sensitivity), check_epsilon(epsilon), check_delta(delta)
    return sensitivity * math.sqrt(2 * math.log(1.25 / delta)) / epsilon


def _gaussian_delta(sigma: float, sensitivity: float, epsilon: float) -> float:
    a, b = sensitivity / (2 * sigma), epsilon * sigma / sensitivity
    first = special.ndtr(a - b)
    exponent = epsilon + special.log_ndtr(-a - b)
    second = math.exp(exponent) if exponent < 700 else math.inf
    return float(min(max(first - second, 0.0), 1.0))


def gaussian_delta(sigma: float, sensitivity: float, epsilon: float) -> float:
    """The exact delta of the Gaussian mechanism at ``epsilon`` (Balle & Wang 2018, Theorem 8):

    ``delta = Phi(D/(2s) - e s/D) - exp(e) Phi(-D/(2s) - e s/D)``, computed in log space for large epsilon.
    ``epsilon = 0`` is allowed: the delta is then the total-variation distance of the two output laws.
    """
    sigma = check_positive_finite(sigma, "sigma")
    sensitivity = check_sensitivity(sensitivity)
    epsilon = check_number(epsilon, "epsilon", low=0.0)
    return _gaussian_delta(sigma, sensitivity, epsilon)


def gaussian_sigma_analytic(sensitivity: float, epsilon: float, delta: float) -> float:
    """The smallest sigma for which the Gaussian mechanism is (epsilon, delta)-DP (Balle & Wang 2018).

    Valid for every epsilon > 0. Below epsilon = 1 it is smaller than the classic bound; above 1 the classic
    formula is no guarantee at all (its real delta exceeds the target, see :func:`gaussian_delta`).
    """
    sensitivity, epsilon, delta = check_sensitivity(sensitivity), check_epsilon(epsilon), check_delta(delta)

    # the delta decreases in sigma; bracket in log-sigma and solve
    def excess(log_s: float) -> float:
        return _gaussian_delta(math.exp(log_s), sensitivity, epsilon) - delta

    low, high = math.log(sensitivity) - 12, math.log(sensitivity) + 12
    if excess(low) < 0 or excess(high) > 0:
        raise ValueError(
            f"no sigma within e^±12 of the sensitivity meets epsilon = {epsilon:g}, delta = {delta:g}; "
            "choose a budget of ordinary size (epsilon between about 1e-3 and 1e3)"
        )
    return math.exp(optimize.brentq(excess, low, high, xtol=1e-12, rtol=1e-12))


def gaussian(
    value,
    sensitivity: float,
    epsilon: float,
    delta: float,
    rng: np.random.Generator,
    calibration: str = "analytic",
):
    """``value + N(0, sigma^2)`` with sigma calibrated for (epsilon, delta)-DP and an L2 ``sensitivity``.

    ``calibration="analytic"`` (default) uses Balle & Wang (2018); ``"classic"`` the textbook bound.
    """
    array = check_values(value)
    check_choice(calibration, "calibration", ("analytic", "classic"))
    if calibration == "analytic":
        sigma = gaussian_sigma_analytic(sensitivity, epsilon, delta)
    else:
        sigma = gaussian_sigma_classic(sensitivity, epsilon, delta)
    noisy = array + check_rng(rng).normal(0.0, sigma, size=array.shape)
    return noisy if np.ndim(value) else float(noisy)


def randomized_response(values, categories, epsilon: float, rng: np.random.Generator) -> np.ndarray:
    """k-ary randomized response: keep each value with probability ``e^eps / (e^eps + k - 1)``, otherwise
    report one of the other ``k - 1`` categories uniformly. epsilon-local DP for each value.
    """
    cats = check_categories(categories)
    if isinstance(values, str):
        raise TypeError("values must be a list or array of categories, got a string")
    array = np.asarray(values)
    if array.size == 0:
        raise ValueError("empty input: randomized_response needs at least one value")
    if (cats.dtype.kind in "biuf") != (array.dtype.kind in "biuf"):
        raise TypeError(
            f"values ({array.dtype}) and categories ({cats.dtype}) must both be numbers or both text"
        )
    epsilon = check_epsilon(epsilon)
    order = np.argsort(cats)
    pos = np.searchsorted(cats[order], array)
    pos = np.clip(pos, 0, cats.size - 1)
    if not np.all(cats[order][pos] == array):
        bad = np.setdiff1d(np.unique(array), cats)
        raise ValueError(f"values {bad[:5].tolist()} are outside the declared categories {cats.tolist()}")
    index = order[pos]
    k = cats.size
    rng = check_rng(rng)
    keep = rng.random(array.shape) < rr_keep_probability(epsilon, k)
    shift = rng.integers(1, k, size=array.shape)  # uniform over the other k - 1 categories
    return cats[np.where(keep, index, (index + shift) % k)]


def rr_keep_probability(epsilon: float, k: int) -> float:
    """Probability that k-ary randomized response reports the true value (1 for ``epsilon = inf``)."""
    epsilon = check_epsilon_or_inf(epsilon)
    k = check_count(k, "k", minimum=2)
    return math.exp(epsilon) / (math.exp(epsilon) + k - 1) if epsilon < 700 else 1.0


def rr_unbiased(reports, categories, epsilon: float) -> np.ndarray:
    """Unbiased estimates of numeric true values from k-RR reports: ``(y - q S) / (p - q)``.

    ``p`` is the keep probability, ``q = (1 - p) / (k - 1)`` and ``S`` the sum of the categories; the
    estimate is post-processing, so it costs no privacy. Its variance grows fast as epsilon shrinks.
    """
    cats = check_numeric_categories(categories)
    epsilon = check_epsilon(epsilon)
    reports = check_values(reports, "reports")
    if not np.isin(reports, cats).all():
        bad = np.setdiff1d(np.unique(reports), cats)
        raise ValueError(f"reports {bad[:5].tolist()} are not among the categories {cats.tolist()}")
    k = cats.size
    p = rr_keep_probability(epsilon, k)
    q = (1 - p) / (k - 1)
    return (reports - q * cats.sum()) / (p - q)
