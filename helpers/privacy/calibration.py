"""Calibration tables of notebook 04, one row per epsilon: the noise each mechanism needs for one rating
(Laplace, classic and analytic Gaussian with the classic bound's true delta, randomized response) and the
DP-SGD noise multipliers the accountant gives."""

from __future__ import annotations

import pandas as pd

from .._validation import check_count, check_positive_finite
from ._checks import check_delta, check_epsilon_or_inf
from .accounting import dpsgd_noise_multiplier
from .mechanisms import gaussian_delta, gaussian_sigma_analytic, gaussian_sigma_classic, rr_keep_probability

__all__ = ["dpsgd_calibration_table", "noise_calibration_table"]


def _epsilons(epsilons, finite: bool) -> list[float]:
    if isinstance(epsilons, str) or not hasattr(epsilons, "__iter__"):
        raise TypeError(f"epsilons must be a list such as [0.1, 1.0, 10.0], got {epsilons!r}")
    values = [check_epsilon_or_inf(e, "epsilons") for e in epsilons]
    if not values:
        raise ValueError("epsilons is empty: give at least one")
    if finite and any(e == float("inf") for e in values):
        raise ValueError("epsilons must be finite here: no noise is calibrated for epsilon = inf")
    return values


def noise_calibration_table(epsilons, sensitivity: float, delta: float, k: int) -> pd.DataFrame:
    """For each epsilon: the Laplace scale ``sensitivity / epsilon``, the classic and analytic Gaussian sigmas
    for ``delta``, the true delta of the classic sigma (Balle & Wang 2018) and the keep probability of
    ``k``-ary randomized response."""
    epsilons = _epsilons(epsilons, finite=True)
    sensitivity = check_positive_finite(sensitivity, "sensitivity")
    delta = check_delta(delta)
    k = check_count(k, "k", minimum=2)
    table = pd.DataFrame({"epsilon": epsilons})
    table["laplace_scale"] = sensitivity / table["epsilon"]
    table["sigma_classic"] = [gaussian_sigma_classic(sensitivity, e, delta) for e in epsilons]
    table["sigma_analytic"] = [gaussian_sigma_analytic(sensitivity, e, delta) for e in epsilons]
    table["true_delta_of_classic"] = [
        gaussian_delta(s, sensitivity, e) for s, e in zip(table["sigma_classic"], epsilons)
    ]
    table["rr_keep_probability"] = [rr_keep_probability(e, k) for e in epsilons]
    return table


def dpsgd_calibration_table(epsilons, sampling_rate: float, steps: int, delta: float) -> pd.DataFrame:
    """For each finite epsilon, the DP-SGD noise multiplier the RDP accountant calibrates (epsilon = inf is
    left out: it needs no noise)."""
    finite = [e for e in _epsilons(epsilons, finite=False) if e != float("inf")]
    if not finite:
        raise ValueError("epsilons holds no finite epsilon to calibrate")
    return pd.DataFrame(
        {
            "epsilon": finite,
            "noise multiplier": [dpsgd_noise_multiplier(e, sampling_rate, steps, delta) for e in finite],
        }
    )
