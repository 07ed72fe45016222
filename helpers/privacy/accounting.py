"""Privacy accounting for DP-SGD: the epsilon of Poisson-sampled Gaussian steps, and the noise multiplier
that meets a budget, both from the RDP accountant of Google's ``dp-accounting`` (integer orders)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import check_count, check_number
from ._checks import check_delta, check_epsilon_or_inf

__all__ = ["RDP_ORDERS", "dpsgd_epsilon", "dpsgd_noise_multiplier"]

RDP_ORDERS = list(range(2, 64)) + [80, 96, 128, 192, 256, 512, 1024]  # integer orders: exact and quiet


def _check_dpsgd(sampling_rate, steps, delta) -> tuple[float, int, float]:
    sampling_rate = check_number(sampling_rate, "sampling_rate", low=0.0, low_open=True, high=1.0)
    steps = check_count(steps, "steps")
    return sampling_rate, steps, check_delta(delta)


def _epsilon(noise_multiplier: float, sampling_rate: float, steps: int, delta: float) -> float:
    from dp_accounting import dp_event, rdp

    if noise_multiplier == 0:
        return math.inf
    accountant = rdp.RdpAccountant(orders=RDP_ORDERS)
    event = dp_event.PoissonSampledDpEvent(sampling_rate, dp_event.GaussianDpEvent(noise_multiplier))
    try:
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            accountant.compose(event, steps)
            epsilon = float(accountant.get_epsilon(delta))
    except (ZeroDivisionError, OverflowError):
        epsilon = math.nan
    # epsilon = 0 needs infinite noise: from a finite noise multiplier it is the accountant losing precision
    # (dp-accounting then logs "Returning an epsilon of zero"), never a guarantee
    if not epsilon > 0:
        raise ValueError(
            f"the RDP accountant cannot resolve noise_multiplier = {noise_multiplier:g} with sampling_rate = "
            f"{sampling_rate:g} and {steps} steps (it returned {epsilon:g}, which no finite noise achieves); "
            "use a noise multiplier between about 0.1 and 1,000 and a larger sampling rate or more steps"
        )
    return epsilon


def dpsgd_epsilon(noise_multiplier: float, sampling_rate: float, steps: int, delta: float) -> float:
    """Epsilon of DP-SGD (Poisson sampling at ``sampling_rate``, Gaussian noise ``noise_multiplier`` times
    the clipping norm, ``steps`` steps) from the RDP accountant of Google's ``dp-accounting``.

    ``noise_multiplier = 0`` (no noise) gives ``inf``: no privacy at all.
    """
    noise_multiplier = check_number(noise_multiplier, "noise_multiplier", low=0.0)
    sampling_rate, steps, delta = _check_dpsgd(sampling_rate, steps, delta)
    return _epsilon(noise_multiplier, sampling_rate, steps, delta)


def dpsgd_noise_multiplier(epsilon: float, sampling_rate: float, steps: int, delta: float) -> float:
    """The smallest noise multiplier whose DP-SGD run meets (epsilon, delta), found with
    ``dp_accounting.calibrate_dp_mechanism`` on the RDP accountant (0 for epsilon = inf)."""
    epsilon = check_epsilon_or_inf(epsilon)
    sampling_rate, steps, delta = _check_dpsgd(sampling_rate, steps, delta)
    if epsilon == math.inf:
        return 0.0
    return _noise_multiplier(epsilon, sampling_rate, steps, delta)


# (epsilon, sampling_rate, steps, delta) -> noise multiplier: a memo of the calibration (a pure function that
# takes about 0.4 s). The privacy-utility grid hands its calibrations to its worker processes
# (:func:`_remember_calibrations`), so a sweep calibrates each epsilon once, not once per worker.
_CALIBRATED: dict[tuple[float, float, int, float], float] = {}


@dataclass(frozen=True)
class _Calibrations:
    """Calibrations made in one process, to hand to another (one object, so a Dask cluster receives it
    whole: a plain dict would be scattered key by key)."""

    known: tuple[tuple[tuple[float, float, int, float], float], ...]


def _known_calibrations() -> _Calibrations:
    """The calibrations this process has made or been given."""
    return _Calibrations(tuple(_CALIBRATED.items()))


def _remember_calibrations(calibrations: _Calibrations) -> None:
    """Take calibrations made elsewhere (the process that started a sweep)."""
    for key, sigma in calibrations.known:
        _CALIBRATED.setdefault(key, sigma)


def _noise_multiplier(epsilon: float, sampling_rate: float, steps: int, delta: float) -> float:
    key = (epsilon, sampling_rate, steps, delta)
    if key not in _CALIBRATED:
        if len(_CALIBRATED) >= 1024:  # a bound, as the lru_cache had; real studies use a handful
            _CALIBRATED.clear()
        _CALIBRATED[key] = _calibrate(*key)
    return _CALIBRATED[key]


def _calibrate(epsilon: float, sampling_rate: float, steps: int, delta: float) -> float:
    import dp_accounting
    from dp_accounting import dp_event, rdp

    def make_event(sigma: float):
        return dp_event.SelfComposedDpEvent(
            dp_event.PoissonSampledDpEvent(sampling_rate, dp_event.GaussianDpEvent(sigma)), steps
        )

    try:
        sigma = dp_accounting.calibrate_dp_mechanism(
            lambda: rdp.RdpAccountant(orders=RDP_ORDERS),
            make_event,
            epsilon,
            delta,
            bracket_interval=dp_accounting.LowerEndpointAndGuess(0.1, 1.0),
            tol=1e-4,
        )
    except dp_accounting.mechanism_calibration.NoBracketIntervalFoundError:
        raise ValueError(
            f"the calibration's search range of noise multipliers (0.1 to 1e9) holds none that gives "
            f"exactly epsilon = {epsilon:g} with sampling_rate = {sampling_rate:g}, steps = {steps}, "
            f"delta = {delta:g}; choose epsilon between about 0.01 and 100 (or inf for no noise)"
        ) from None
    # never round below the budget (at most 10,000 steps of 0.01%: a factor e, far above calibration's tol)
    for _ in range(10_000):
        try:
            reached = _epsilon(sigma, sampling_rate, steps, delta)
        except ValueError as error:
            raise ValueError(f"cannot calibrate DP-SGD to epsilon = {epsilon:g}: {error}") from None
        if reached <= epsilon:
            return float(sigma)
        sigma *= 1.0001
    raise RuntimeError(f"calibration of the noise multiplier for epsilon = {epsilon:g} did not converge")
