"""Why privacy libraries matter: mechanisms that look right and leak.

* :func:`naive_laplace` is the textbook floating-point Laplace sampler that Mironov (2012) broke;
  :func:`naive_laplace_can_output` and :func:`low_bits_statistic` expose the leak, and :func:`opendp_laplace`
  draws the same release with OpenDP's exact sampler.
* :func:`bounded_laplace_naive` redraws Laplace noise until the output falls inside bounds, which silently
  breaks its epsilon (Holohan et al. 2018); :func:`bounded_laplace_true_epsilon` gives the loss it really has.
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import check_array, check_count, check_number, check_positive_finite, check_rng, check_size
from ._checks import check_epsilon, check_interval, check_sensitivity, check_values

__all__ = [
    "bounded_laplace_naive",
    "bounded_laplace_true_epsilon",
    "low_bits_statistic",
    "naive_laplace",
    "naive_laplace_can_output",
    "opendp_laplace",
]

# bounded_laplace_naive refuses a release where fewer than this share of draws land inside the bounds:
# redrawing would take more than 10,000 attempts per value on average.
MIN_ACCEPTANCE = 1e-4


def naive_laplace(value: float, scale: float, size: int, rng: np.random.Generator) -> np.ndarray:
    """The textbook inverse-CDF Laplace sampler in double precision: ``x - b sgn(u) ln(1 - 2|u|)``.

    ``u = U - 1/2`` with ``U`` on numpy's grid of multiples of 2^-53. Mathematically exact, it leaks through
    floating point: the set of doubles it can output depends on ``value`` (Mironov 2012). Do not use it.
    """
    value = check_number(value, "value")
    scale = check_positive_finite(scale, "scale")
    size = check_count(size, "size")
    check_size(size, what="naive_laplace's draws")
    u = check_rng(rng).random(size) - 0.5
    return value + _naive_noise(u, scale)


def _naive_noise(u: np.ndarray, scale: float) -> np.ndarray:
    return -scale * np.sign(u) * np.log(1 - 2 * np.abs(u))


def naive_laplace_can_output(outputs, value: float, scale: float, search: int = 4) -> np.ndarray:
    """For each output, can :func:`naive_laplace` centred at ``value`` produce exactly this double?

    Inverts the sampler to the nearest uniforms on the 2^-53 grid, replays the exact floating-point
    operations for ``2 * search + 1`` neighbouring grid points and checks for an exact match.
    """
    y = check_array(outputs, "outputs", ndim=None)
    value = check_number(value, "value")
    scale = check_positive_finite(scale, "scale")
    search = check_count(search, "search", minimum=0, maximum=1000)
    noise = y - value
    u = np.sign(noise) * (-np.expm1(-np.abs(noise) / scale)) / 2
    k = np.round((u + 0.5) * 2.0**53)
    found = np.zeros(y.shape, dtype=bool)
    for step in range(-search, search + 1):
        grid = np.clip(k + step, 1, 2.0**53 - 1) * 2.0**-53
        found |= (value + _naive_noise(grid - 0.5, scale)) == y
    return found


def opendp_laplace(value: float, scale: float, size: int) -> np.ndarray:
    """``size`` independent releases of ``value`` with OpenDP's Laplace mechanism (exact sampling).

    OpenDP draws the noise with exact arithmetic on a fine grid and rounds once, so no output is possible
    under one input and impossible under a neighbour. Its randomness comes from the operating system's
    CSPRNG, not from a seed: the draws are not reproducible by design.
    """
    value = check_number(value, "value")
    scale = check_positive_finite(scale, "scale")
    size = check_count(size, "size")
    check_size(size, what="opendp_laplace's releases")
    import opendp.prelude as dp

    dp.enable_features("contrib")
    space = dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l1_distance(T=float)
    measurement = dp.m.make_laplace(*space, scale=scale)
    return np.asarray(measurement([value] * size), dtype=float)


def low_bits_statistic(outputs, neighbour: float) -> np.ndarray:
    """Mironov's distinguisher in one line: 1 where ``y`` is *not* of the form ``neighbour + (a double)``,
    i.e. ``(y - neighbour) + neighbour != y`` in floating point, else 0."""
    y = check_array(outputs, "outputs", ndim=None)
    neighbour = check_number(neighbour, "neighbour")
    return (((y - neighbour) + neighbour) != y).astype(float)


def _acceptance(x, lower: float, upper: float, b: float):
    """P(Laplace(x, b) lands in [lower, upper]) for ``x`` inside the bounds, without cancellation."""
    return -(np.expm1(-(np.asarray(x) - lower) / b) + np.expm1(-(upper - np.asarray(x)) / b)) / 2


def bounded_laplace_naive(
    value, sensitivity: float, epsilon: float, lower: float, upper: float, rng: np.random.Generator
):
    """A plausible bug: Laplace noise *redrawn until the output falls in [lower, upper]*.

    It claims epsilon-DP, but the probability of landing inside the bounds depends on ``value``, so the
    renormalized density ratio exceeds ``exp(epsilon)`` (Holohan et al. 2018). Clamping the output
    instead (post-processing) would be correct. A release whose draws land inside the bounds less than
    :data:`MIN_ACCEPTANCE` of the time is refused: redrawing would never finish.
    """
    array = check_values(value)
    lower, upper = check_interval(lower, upper, "lower", "upper")
    if np.any((array < lower) | (array > upper)):
        raise ValueError(f"values must lie in the declared range [{lower}, {upper}]")
    scale = check_sensitivity(sensitivity) / check_epsilon(epsilon)
    accept = float(np.min(_acceptance(array, lower, upper, scale)))
    if not accept >= MIN_ACCEPTANCE:
        raise ValueError(
            f"only a share {accept:.1e} of Laplace draws of scale {scale:g} land inside "
            f"[{lower:g}, {upper:g}]: redrawing could not finish; widen the bounds, or raise epsilon "
            "or lower the sensitivity"
        )
    rng = check_rng(rng)
    out = np.full(array.shape, np.nan)
    todo = np.ones(array.shape, dtype=bool)
    # P(a value is still not accepted after max_rounds) <= (1 - accept)^max_rounds < e^-60
    max_rounds = math.ceil(60 / accept)
    for _ in range(max_rounds):
        draw = np.broadcast_to(array, out.shape)[todo] + rng.laplace(0.0, scale, size=int(todo.sum()))
        ok = (draw >= lower) & (draw <= upper)
        idx = np.flatnonzero(todo)
        out.flat[idx[ok]] = draw[ok]
        todo.flat[idx[ok]] = False
        if not todo.any():
            return out if np.ndim(value) else float(out)
    raise RuntimeError(
        f"bounded_laplace_naive: {int(todo.sum())} values still outside after {max_rounds} draws"
    )


def bounded_laplace_true_epsilon(
    x0: float, x1: float, sensitivity: float, epsilon: float, lower: float, upper: float
) -> float:
    """The privacy loss :func:`bounded_laplace_naive` really has between inputs ``x0`` and ``x1`` (exact).

    The output density is ``exp(-|y - x| / b) / Z(x)`` on [lower, upper]; the loss is the largest log ratio
    of the two densities over y, attained at an end of the interval or at x0/x1.
    """
    b = check_sensitivity(sensitivity) / check_epsilon(epsilon)
    lower, upper = check_interval(lower, upper, "lower", "upper")
    x0, x1 = check_number(x0, "x0"), check_number(x1, "x1")
    for name, x in (("x0", x0), ("x1", x1)):
        if not lower <= x <= upper:
            raise ValueError(f"{name} = {x:g} is outside the bounds [{lower:g}, {upper:g}]")
    accept = [float(_acceptance(x, lower, upper, b)) for x in (x0, x1)]
    if min(accept) <= 0:
        raise ValueError(f"the noise scale {b:g} is too large for the bounds [{lower:g}, {upper:g}]")
    log_z0, log_z1 = (math.log(2 * a) for a in accept)
    ys = np.array([lower, upper, x0, x1])
    log0 = -np.abs(ys - x0) / b - log_z0
    log1 = -np.abs(ys - x1) / b - log_z1
    return float(np.max(np.abs(log0 - log1)))
