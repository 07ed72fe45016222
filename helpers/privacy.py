"""Differential privacy for recommenders: mechanisms, accounting, DP rating predictors and empirical audits.

* Mechanisms, written out by hand so the math is visible: :func:`laplace`, :func:`gaussian` (the analytic
  calibration of Balle & Wang 2018 or the classic bound), :func:`randomized_response` (k-ary, local DP).
* Why libraries matter: :func:`naive_laplace` is the textbook floating-point sampler that Mironov (2012)
  broke; :func:`opendp_laplace` draws the same release with OpenDP's exact sampler.
* Audits: :func:`audit_epsilon` turns samples of a mechanism on two neighbouring inputs into a
  Clopper-Pearson lower bound on the epsilon it really provides; :func:`membership_inference` does the same
  for a trained model from the losses of training (member) and held-out (non-member) ratings.
* DP recommenders on ``user_id, item_id, rating`` frames (see :func:`fit_private`): DP global mean,
  DP global effects (McSherry & Mironov 2009), input perturbation (Berlioz et al. 2015), DP-SGD matrix
  factorization with a real accountant (Google's ``dp-accounting``, RDP) and local DP by randomized response.

Every mechanism checks its input: epsilon and delta positive and finite, delta below 1, sensitivity
positive, values inside the declared scale, no empty input.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from . import recsys

# ---------------------------------------------------------------------------------------------- validation


def _check_epsilon(epsilon: float, name: str = "epsilon") -> float:
    """A privacy budget (or any parameter named ``name``) must be a positive finite number."""
    try:
        epsilon = float(epsilon)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive finite number, got {epsilon!r}") from None
    if not math.isfinite(epsilon) or epsilon <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {epsilon}")
    return epsilon


def _check_delta(delta: float) -> float:
    try:
        delta = float(delta)
    except (TypeError, ValueError):
        raise ValueError(f"delta must be a number in (0, 1), got {delta!r}") from None
    if not math.isfinite(delta) or delta <= 0 or delta >= 1:
        raise ValueError(f"delta must be positive and below 1 (typically below 1/n), got {delta}")
    return delta


def _check_sensitivity(sensitivity: float) -> float:
    return _check_epsilon(sensitivity, "sensitivity")


def _check_values(value) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if array.size == 0:
        raise ValueError("empty input: the mechanism needs at least one value to release")
    if not np.all(np.isfinite(array)):
        raise ValueError("the values to release must be finite (no NaN or infinity)")
    return array


def _check_rng(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            "pass rng=np.random.default_rng(seed): randomness must come from an explicit generator"
        )
    return rng


# ---------------------------------------------------------------------------------------------- mechanisms


def laplace(value, sensitivity: float, epsilon: float, rng: np.random.Generator):
    """``value + Laplace(sensitivity / epsilon)``, elementwise: epsilon-DP for an L1 ``sensitivity``.

    The density ratio of two outputs on inputs ``sensitivity`` apart is at most ``exp(epsilon)``.
    """
    array = _check_values(value)
    scale = _check_sensitivity(sensitivity) / _check_epsilon(epsilon)
    noisy = array + _check_rng(rng).laplace(0.0, scale, size=array.shape)
    return noisy if np.ndim(value) else float(noisy)


def gaussian_sigma_classic(sensitivity: float, epsilon: float, delta: float) -> float:
    """The textbook bound ``sigma = sensitivity sqrt(2 ln(1.25/delta)) / epsilon`` (Dwork & Roth 2014, Thm A.1).

    Proven only for ``epsilon < 1``; for larger epsilon it is returned anyway but gives no guarantee.
    """
    sensitivity, epsilon, delta = (
        _check_sensitivity(sensitivity),
        _check_epsilon(epsilon),
        _check_delta(delta),
    )
    return sensitivity * math.sqrt(2 * math.log(1.25 / delta)) / epsilon


def gaussian_delta(sigma: float, sensitivity: float, epsilon: float) -> float:
    """The exact delta of the Gaussian mechanism at ``epsilon`` (Balle & Wang 2018, Theorem 8):

    ``delta = Phi(D/(2s) - e s/D) - exp(e) Phi(-D/(2s) - e s/D)``, computed in log space for large epsilon.
    """
    a, b = sensitivity / (2 * sigma), epsilon * sigma / sensitivity
    first = special.ndtr(a - b)
    second = math.exp(epsilon + special.log_ndtr(-a - b))
    return float(max(first - second, 0.0))


def gaussian_sigma_analytic(sensitivity: float, epsilon: float, delta: float) -> float:
    """The smallest sigma for which the Gaussian mechanism is (epsilon, delta)-DP (Balle & Wang 2018).

    Valid for every epsilon > 0. Below epsilon = 1 it is smaller than the classic bound; above 1 the classic
    formula is no guarantee at all (its real delta exceeds the target, see :func:`gaussian_delta`).
    """
    sensitivity, epsilon, delta = (
        _check_sensitivity(sensitivity),
        _check_epsilon(epsilon),
        _check_delta(delta),
    )
    # gaussian_delta decreases in sigma; bracket in log-sigma and solve
    f = lambda log_s: gaussian_delta(math.exp(log_s), sensitivity, epsilon) - delta
    low, high = math.log(sensitivity) - 12, math.log(sensitivity) + 12
    return math.exp(optimize.brentq(f, low, high, xtol=1e-12, rtol=1e-12))


def gaussian(value, sensitivity: float, epsilon: float, delta: float, rng: np.random.Generator,
             calibration: str = "analytic"):  # fmt: skip
    """``value + N(0, sigma^2)`` with sigma calibrated for (epsilon, delta)-DP and an L2 ``sensitivity``.

    ``calibration="analytic"`` (default) uses Balle & Wang (2018); ``"classic"`` the textbook bound.
    """
    array = _check_values(value)
    if calibration == "analytic":
        sigma = gaussian_sigma_analytic(sensitivity, epsilon, delta)
    elif calibration == "classic":
        sigma = gaussian_sigma_classic(sensitivity, epsilon, delta)
    else:
        raise ValueError(f"calibration must be 'analytic' or 'classic', got {calibration!r}")
    noisy = array + _check_rng(rng).normal(0.0, sigma, size=array.shape)
    return noisy if np.ndim(value) else float(noisy)


def _check_categories(categories) -> np.ndarray:
    cats = np.asarray(categories)
    if cats.ndim != 1 or cats.size < 2:
        raise ValueError(
            "categories must be a 1-D list of at least two distinct values, e.g. [1, 2, 3, 4, 5]"
        )
    if len(np.unique(cats)) != cats.size:
        raise ValueError("categories must be distinct")
    return cats


def randomized_response(values, categories, epsilon: float, rng: np.random.Generator) -> np.ndarray:
    """k-ary randomized response: keep each value with probability ``e^eps / (e^eps + k - 1)``, otherwise
    report one of the other ``k - 1`` categories uniformly. epsilon-local DP for each value.
    """
    cats = _check_categories(categories)
    array = np.asarray(values)
    if array.size == 0:
        raise ValueError("empty input: randomized_response needs at least one value")
    epsilon = _check_epsilon(epsilon)
    order = np.argsort(cats)
    pos = np.searchsorted(cats[order], array)
    pos = np.clip(pos, 0, cats.size - 1)
    if not np.all(cats[order][pos] == array):
        bad = np.setdiff1d(np.unique(array), cats)
        raise ValueError(f"values {bad[:5].tolist()} are outside the declared categories {cats.tolist()}")
    index = order[pos]
    k = cats.size
    rng = _check_rng(rng)
    keep = rng.random(array.shape) < rr_keep_probability(epsilon, k)
    shift = rng.integers(1, k, size=array.shape)  # uniform over the other k - 1 categories
    return cats[np.where(keep, index, (index + shift) % k)]


def rr_keep_probability(epsilon: float, k: int) -> float:
    """Probability that k-ary randomized response reports the true value."""
    return math.exp(epsilon) / (math.exp(epsilon) + k - 1) if epsilon < 700 else 1.0


def rr_unbiased(reports, categories, epsilon: float) -> np.ndarray:
    """Unbiased estimates of numeric true values from k-RR reports: ``(y - q S) / (p - q)``.

    ``p`` is the keep probability, ``q = (1 - p) / (k - 1)`` and ``S`` the sum of the categories; the
    estimate is post-processing, so it costs no privacy. Its variance grows fast as epsilon shrinks.
    """
    cats = _check_categories(categories).astype(float)
    epsilon = _check_epsilon(epsilon)
    k = cats.size
    p = rr_keep_probability(epsilon, k)
    q = (1 - p) / (k - 1)
    return (np.asarray(reports, dtype=float) - q * cats.sum()) / (p - q)


# ---------------------------------------------------------------------------------------------- Mironov (2012)


def naive_laplace(value: float, scale: float, size: int, rng: np.random.Generator) -> np.ndarray:
    """The textbook inverse-CDF Laplace sampler in double precision: ``x - b sgn(u) ln(1 - 2|u|)``.

    ``u = U - 1/2`` with ``U`` on numpy's grid of multiples of 2^-53. Mathematically exact, it leaks through
    floating point: the set of doubles it can output depends on ``value`` (Mironov 2012). Do not use it.
    """
    u = _check_rng(rng).random(size) - 0.5
    return value + _naive_noise(u, scale)


def _naive_noise(u: np.ndarray, scale: float) -> np.ndarray:
    return -scale * np.sign(u) * np.log(1 - 2 * np.abs(u))


def naive_laplace_can_output(outputs, value: float, scale: float, search: int = 4) -> np.ndarray:
    """For each output, can :func:`naive_laplace` centred at ``value`` produce exactly this double?

    Inverts the sampler to the nearest uniforms on the 2^-53 grid, replays the exact floating-point
    operations for ``2 * search + 1`` neighbouring grid points and checks for an exact match.
    """
    y = np.asarray(outputs, dtype=float)
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
    import opendp.prelude as dp

    dp.enable_features("contrib")
    if size < 1:
        raise ValueError("size must be at least 1")
    space = dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l1_distance(T=float)
    measurement = dp.m.make_laplace(*space, scale=float(scale))
    return np.asarray(measurement([float(value)] * int(size)), dtype=float)


def low_bits_statistic(outputs, neighbour: float) -> np.ndarray:
    """Mironov's distinguisher in one line: 1 where ``y`` is *not* of the form ``neighbour + (a double)``,
    i.e. ``(y - neighbour) + neighbour != y`` in floating point, else 0."""
    y = np.asarray(outputs, dtype=float)
    return (((y - neighbour) + neighbour) != y).astype(float)


# ---------------------------------------------------------------------------------------------- buggy mechanism


def bounded_laplace_naive(value, sensitivity: float, epsilon: float, lower: float, upper: float,
                          rng: np.random.Generator):  # fmt: skip
    """A plausible bug: Laplace noise *redrawn until the output falls in [lower, upper]*.

    It claims epsilon-DP, but the probability of landing inside the bounds depends on ``value``, so the
    renormalized density ratio exceeds ``exp(epsilon)`` (Holohan et al. 2018). Clamping the output
    instead (post-processing) would be correct.
    """
    array = _check_values(value)
    if not (math.isfinite(lower) and math.isfinite(upper) and lower < upper):
        raise ValueError(f"need finite bounds with lower < upper, got [{lower}, {upper}]")
    if np.any((array < lower) | (array > upper)):
        raise ValueError(f"values must lie in the declared range [{lower}, {upper}]")
    scale = _check_sensitivity(sensitivity) / _check_epsilon(epsilon)
    rng = _check_rng(rng)
    out = np.full(array.shape, np.nan)
    todo = np.ones(array.shape, dtype=bool)
    while todo.any():
        draw = np.broadcast_to(array, out.shape)[todo] + rng.laplace(0.0, scale, size=int(todo.sum()))
        ok = (draw >= lower) & (draw <= upper)
        idx = np.flatnonzero(todo)
        out.flat[idx[ok]] = draw[ok]
        todo.flat[idx[ok]] = False
    return out if np.ndim(value) else float(out)


def bounded_laplace_true_epsilon(x0: float, x1: float, sensitivity: float, epsilon: float, lower: float,
                                 upper: float) -> float:  # fmt: skip
    """The privacy loss :func:`bounded_laplace_naive` really has between inputs ``x0`` and ``x1`` (exact).

    The output density is ``exp(-|y - x| / b) / Z(x)`` on [lower, upper]; the loss is the largest log ratio
    of the two densities over y, attained at an end of the interval or at x0/x1.
    """
    b = _check_sensitivity(sensitivity) / _check_epsilon(epsilon)

    def z(x):  # mass of the untruncated Laplace(x, b) inside the bounds, times 2b
        return (1 - math.exp(-(x - lower) / b)) + (1 - math.exp(-(upper - x) / b))

    ys = np.array([lower, upper, x0, x1])
    log0 = -np.abs(ys - x0) / b - math.log(z(x0))
    log1 = -np.abs(ys - x1) / b - math.log(z(x1))
    return float(np.max(np.abs(log0 - log1)))


# ---------------------------------------------------------------------------------------------- audits


def clopper_pearson(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact two-sided Clopper-Pearson interval for a binomial proportion."""
    if trials <= 0:
        raise ValueError("trials must be positive")
    alpha = 1 - confidence
    low = stats.beta.ppf(alpha / 2, successes, trials - successes + 1) if successes > 0 else 0.0
    high = stats.beta.ppf(1 - alpha / 2, successes + 1, trials - successes) if successes < trials else 1.0
    return float(low), float(high)


@dataclass(frozen=True)
class AuditResult:
    """Empirical lower bound on the epsilon a mechanism provides, against the epsilon it claims."""

    epsilon_lower: float  # holds with probability >= confidence
    claimed_epsilon: float
    event: str  # the rejection region that separated the two inputs best, e.g. "s <= 1.27"
    p_high: float  # estimated P(event) under the input that makes it likely
    p_low: float  # estimated P(event) under the other input
    n: int  # samples per input used for the bound
    confidence: float

    @property
    def violated(self) -> bool:
        """True when the data prove, at the given confidence, that the claim is false."""
        return self.epsilon_lower > self.claimed_epsilon


def _candidate_events(s0: np.ndarray, s1: np.ndarray, n_thresholds: int = 200) -> np.ndarray:
    pooled = np.concatenate([s0, s1])
    unique = np.unique(pooled)
    if unique.size <= n_thresholds:
        return unique
    return np.unique(np.quantile(pooled, np.linspace(0.001, 0.999, n_thresholds)))


def _event_counts(s: np.ndarray, thresholds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ordered = np.sort(s)
    below = np.searchsorted(ordered, thresholds, side="right")  # s <= t
    above = s.size - np.searchsorted(ordered, thresholds, side="left")  # s >= t
    return below, above


def epsilon_lower_bound(s0, s1, delta: float = 0.0, confidence: float = 0.95,
                        rng: np.random.Generator | None = None) -> tuple[float, str, float, float, int]:  # fmt: skip
    """Lower bound on epsilon from scalar statistics of outputs on two neighbouring inputs.

    Half of the samples choose the event (a threshold ``s <= t`` or ``s >= t`` and which input it favours)
    whose Clopper-Pearson bound is best; the other half bound ``P0(event)`` from below and ``P1(event)``
    from above, each at ``1 - (1 - confidence) / 2``, so the result holds with probability ``confidence``:
    ``epsilon >= ln((P0_low - delta) / P1_high)``. Returns (bound, event, p_high, p_low, n used).
    """
    s0, s1 = np.asarray(s0, dtype=float).ravel(), np.asarray(s1, dtype=float).ravel()
    if s0.size < 4 or s1.size < 4:
        raise ValueError("need at least 4 samples per input to audit")
    if rng is not None:
        s0, s1 = rng.permutation(s0), rng.permutation(s1)
    h0, h1 = s0.size // 2, s1.size // 2
    pick0, pick1, eval0, eval1 = s0[:h0], s1[:h1], s0[h0:], s1[h1:]
    thresholds = _candidate_events(pick0, pick1)
    below0, above0 = _event_counts(pick0, thresholds)
    below1, above1 = _event_counts(pick1, thresholds)
    alpha = (1 - confidence) / 2

    def bound(k_hi, n_hi, k_lo, n_lo):
        lo = np.where(k_hi > 0, stats.beta.ppf(alpha, np.maximum(k_hi, 1), n_hi - k_hi + 1), 0.0)
        hi = np.where(k_lo < n_lo, stats.beta.ppf(1 - alpha, k_lo + 1, np.maximum(n_lo - k_lo, 1)), 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(np.maximum(lo - delta, 0) / hi)

    options = [  # (counts favouring, n, counts other, n, description, which input is "high")
        (below0, h0, below1, h1, "s <= {t:.4g}", 0),
        (above0, h0, above1, h1, "s >= {t:.4g}", 0),
        (below1, h1, below0, h0, "s <= {t:.4g}", 1),
        (above1, h1, above0, h0, "s >= {t:.4g}", 1),
    ]
    best = (-np.inf, None, None)
    for k_hi, n_hi, k_lo, n_lo, text, high in options:
        values = bound(k_hi, n_hi, k_lo, n_lo)
        j = int(np.nanargmax(np.where(np.isfinite(values), values, -np.inf)))
        if values[j] > best[0]:
            best = (values[j], (text, high, thresholds[j], text.startswith("s <=")), None)
    if best[1] is None:
        return 0.0, "none", float("nan"), float("nan"), int(eval0.size)
    text, high, t, is_below = best[1]
    e_hi, e_lo = (eval0, eval1) if high == 0 else (eval1, eval0)
    k_hi = int(np.sum(e_hi <= t) if is_below else np.sum(e_hi >= t))
    k_lo = int(np.sum(e_lo <= t) if is_below else np.sum(e_lo >= t))
    value = float(bound(np.array(k_hi), e_hi.size, np.array(k_lo), e_lo.size))
    event = text.format(t=t) + f" (favours input {'x0' if high == 0 else 'x1'})"
    return (
        max(value, 0.0) if np.isfinite(value) else 0.0,
        event,
        k_hi / e_hi.size,
        k_lo / e_lo.size,
        int(e_hi.size),
    )


def audit_epsilon(mechanism: Callable, x0, x1, epsilon: float, n: int, rng: np.random.Generator,
                  delta: float = 0.0, confidence: float = 0.95,
                  statistic: Callable | None = None) -> AuditResult:  # fmt: skip
    """Audit a mechanism: run ``mechanism(x, n, rng)`` ``n`` times on each of two neighbouring inputs.

    ``statistic`` maps outputs to scalars (default: the outputs themselves). The result's
    ``epsilon_lower`` is a Clopper-Pearson lower bound (see :func:`epsilon_lower_bound`): a correct
    mechanism stays below its claim with probability ``confidence``; a bound above the claim proves a bug.
    """
    epsilon = _check_epsilon(epsilon, "claimed epsilon")
    if int(n) != n or n < 8:
        raise ValueError(f"n must be an integer of at least 8 samples per input, got {n}")
    if delta < 0 or delta >= 1:
        raise ValueError(f"delta must be in [0, 1), got {delta}")
    rng = _check_rng(rng)
    out0, out1 = mechanism(x0, int(n), rng), mechanism(x1, int(n), rng)
    if statistic is not None:
        out0, out1 = statistic(out0), statistic(out1)
    bound, event, p_high, p_low, used = epsilon_lower_bound(out0, out1, delta, confidence, rng)
    return AuditResult(bound, epsilon, event, p_high, p_low, used, confidence)


@dataclass(frozen=True)
class MembershipInference:
    """A loss-threshold membership-inference attack on a trained model (Yeom et al. 2018)."""

    auc: float  # P(score of a random member > score of a random non-member); 0.5 = no signal
    epsilon_lower: float  # Clopper-Pearson bound implied by the best threshold (held-out half)
    n_members: int
    n_nonmembers: int


def membership_inference(member_losses, nonmember_losses, rng: np.random.Generator,
                         confidence: float = 0.95) -> MembershipInference:  # fmt: skip
    """Was this rating in training? Score = minus its squared error; members tend to have smaller losses.

    The AUC is the Mann-Whitney statistic. The epsilon bound uses :func:`epsilon_lower_bound` on the
    scores; it treats each rating as an independent trial, which is the usual heuristic for one training
    run (a rigorous audit would retrain per trial).
    """
    members = -np.asarray(member_losses, dtype=float)
    others = -np.asarray(nonmember_losses, dtype=float)
    if members.size == 0 or others.size == 0:
        raise ValueError("need losses of at least one member and one non-member")
    ranks = stats.rankdata(np.concatenate([members, others]))
    auc = (ranks[: members.size].sum() - members.size * (members.size + 1) / 2) / (members.size * others.size)
    bound = epsilon_lower_bound(members, others, 0.0, confidence, rng)[0]
    return MembershipInference(float(auc), float(bound), int(members.size), int(others.size))


# ---------------------------------------------------------------------------------------------- DP recommenders

RATING_SCALE = (1.0, 5.0)
METHODS = ("dp_global_mean", "dp_global_effects", "input_perturbation", "dp_sgd_mf", "local_dp")
METHOD_LABELS = {
    "dp_global_mean": "DP global mean",
    "dp_global_effects": "DP global effects",
    "input_perturbation": "input perturbation (Laplace)",
    "dp_sgd_mf": "DP-SGD matrix factorization",
    "local_dp": "local DP (randomized response)",
}
PRIVACY_UNITS = {
    "dp_global_mean": "one rating (added or removed); central curator",
    "dp_global_effects": "one rating (added or removed); central curator",
    "input_perturbation": "the value of one rating (who rated what is public); central curator",
    "dp_sgd_mf": "one rating (added or removed), (epsilon, delta)-DP; central curator",
    "local_dp": "the value of one rating, randomized on the user's device (who rated what is public)",
}


def _check_epsilon_or_inf(epsilon: float) -> float:
    epsilon = float(epsilon)
    if epsilon == math.inf:
        return epsilon
    return _check_epsilon(epsilon)


def _clamped(train: pd.DataFrame, scale: tuple[float, float]) -> np.ndarray:
    recsys.check_ratings(train, "train", scale)
    return train["rating"].to_numpy(dtype=float)


@dataclass
class GlobalEffects:
    """Predicts ``clip(G + item_effect + user_effect)``; effects of unseen users or items are zero."""

    global_mean: float
    item_effect: pd.Series  # indexed by item_id
    user_effect: pd.Series  # indexed by user_id
    rating_scale: tuple[float, float] = RATING_SCALE

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        item = self.item_effect.reindex(frame["item_id"]).fillna(0.0).to_numpy()
        user = self.user_effect.reindex(frame["user_id"]).fillna(0.0).to_numpy()
        return np.clip(self.global_mean + item + user, *self.rating_scale)


def _noisy(values: np.ndarray, sensitivity: float, epsilon: float, rng: np.random.Generator) -> np.ndarray:
    if epsilon == math.inf:
        return values.astype(float)
    return laplace(values.astype(float), sensitivity, epsilon, rng)


def dp_global_mean(train: pd.DataFrame, epsilon: float, rng: np.random.Generator,
                   scale: tuple[float, float] = RATING_SCALE) -> float:  # fmt: skip
    """Mean rating with Laplace noise on the sum (of ratings minus the scale's midpoint) and on the count,
    half the budget each: epsilon-DP for adding or removing one rating."""
    epsilon = _check_epsilon_or_inf(epsilon)
    y = _clamped(train, scale)
    mid, half_range = (scale[0] + scale[1]) / 2, (scale[1] - scale[0]) / 2
    total = _noisy(np.array([np.sum(y - mid)]), half_range, epsilon / 2, rng)[0]
    count = _noisy(np.array([y.size]), 1.0, epsilon / 2, rng)[0]
    return float(np.clip(mid + total / max(count, 1.0), *scale))


def dp_global_effects(train: pd.DataFrame, epsilon: float, rng: np.random.Generator,
                      users=None, items=None, scale: tuple[float, float] = RATING_SCALE,
                      beta_item: float = 25.0, beta_user: float = 10.0, clamp: float = 2.0,
                      noise_shrinkage: float = 5.0, split: tuple[float, float, float] = (0.1, 0.45, 0.45)) -> GlobalEffects:  # fmt: skip
    """Noisy global, item and user effects in the style of McSherry & Mironov (2009).

    The budget is split ``split`` across the global mean, the item effects and the user effects
    (sequential composition); within a level every rating touches one item (or user), so the whole level
    costs its share once (parallel composition). Item effect: ``(sum(r - G) + noise) / (count + noise + beta)``,
    shrunk toward zero by ``beta_item`` pseudo-ratings; user effects the same on residuals clamped to
    ``[-clamp, clamp]``. The shrinkage grows with the noise: each level uses
    ``beta + noise_shrinkage * sensitivity / epsilon_level`` pseudo-ratings (data-independent, so free).
    ``users``/``items`` are the public id lists to release effects for (default: the
    ids in ``train``; pass the full catalogue so the release does not reveal which ids occur).
    """
    epsilon = _check_epsilon_or_inf(epsilon)
    if len(split) != 3 or min(split) <= 0 or not math.isclose(sum(split), 1.0):
        raise ValueError(f"split must be three positive shares summing to 1, got {split}")
    for name, value in (
        ("beta_item", beta_item),
        ("beta_user", beta_user),
        ("clamp", clamp),
        ("noise_shrinkage", noise_shrinkage + 1),
    ):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a positive finite number, got {value}")
    y = _clamped(train, scale)
    g = dp_global_mean(train, epsilon * split[0], rng, scale)
    items = pd.Index(np.unique(train["item_id"] if items is None else items))
    users = pd.Index(np.unique(train["user_id"] if users is None else users))
    i, u = items.get_indexer(train["item_id"]), users.get_indexer(train["user_id"])
    if (i < 0).any() or (u < 0).any():
        raise ValueError("train has user or item ids missing from the public users/items lists")
    eps_item, eps_user = epsilon * split[1] / 2, epsilon * split[2] / 2
    item_sens = max(g - scale[0], scale[1] - g)
    item_sum = _noisy(np.bincount(i, weights=y - g, minlength=len(items)), item_sens, eps_item, rng)
    item_cnt = _noisy(np.bincount(i, minlength=len(items)), 1.0, eps_item, rng)
    extra_item = 0.0 if epsilon == math.inf else noise_shrinkage * item_sens / eps_item
    item_effect = item_sum / (np.maximum(item_cnt, 0) + beta_item + extra_item)
    resid = np.clip(y - g - item_effect[i], -clamp, clamp)
    user_sum = _noisy(np.bincount(u, weights=resid, minlength=len(users)), clamp, eps_user, rng)
    user_cnt = _noisy(np.bincount(u, minlength=len(users)), 1.0, eps_user, rng)
    extra_user = 0.0 if epsilon == math.inf else noise_shrinkage * clamp / eps_user
    user_effect = user_sum / (np.maximum(user_cnt, 0) + beta_user + extra_user)
    return GlobalEffects(g, pd.Series(item_effect, index=items), pd.Series(user_effect, index=users), scale)


def perturb_ratings(train: pd.DataFrame, epsilon: float, rng: np.random.Generator,
                    scale: tuple[float, float] = RATING_SCALE) -> pd.DataFrame:  # fmt: skip
    """Input perturbation (Berlioz et al. 2015): each rating, clamped to the scale, plus Laplace noise of
    scale ``(high - low) / epsilon``. epsilon-DP for the value of one rating; any model trained on the
    result is post-processing. Returns a copy of ``train`` with the noisy ratings."""
    epsilon = _check_epsilon_or_inf(epsilon)
    y = _clamped(train, scale)
    noisy = train.copy()
    noisy["rating"] = _noisy(np.clip(y, *scale), scale[1] - scale[0], epsilon, rng)
    return noisy


def local_dp_ratings(train: pd.DataFrame, epsilon: float, rng: np.random.Generator,
                     categories=(1, 2, 3, 4, 5)) -> pd.DataFrame:  # fmt: skip
    """Local DP: every rating passes through k-ary randomized response on the user's side; the server
    only sees the reports and replaces each by its unbiased estimate (:func:`rr_unbiased`)."""
    epsilon = _check_epsilon_or_inf(epsilon)
    cats = _check_categories(categories)
    recsys.check_ratings(train, "train", (float(cats.min()), float(cats.max())))
    local = train.copy()
    if epsilon == math.inf:
        local["rating"] = train["rating"].astype(float)
        return local
    reports = randomized_response(train["rating"].to_numpy(), cats, epsilon, rng)
    local["rating"] = rr_unbiased(reports, cats, epsilon)
    return local


def laplace_noise_variance(epsilon: float, scale: tuple[float, float] = RATING_SCALE) -> float:
    """Variance ``2 b^2`` of the noise :func:`perturb_ratings` adds to one rating."""
    return 0.0 if epsilon == math.inf else 2 * ((scale[1] - scale[0]) / epsilon) ** 2


def rr_noise_variance(epsilon: float, categories=(1, 2, 3, 4, 5)) -> float:
    """Variance that randomized response plus debiasing adds to one rating, averaged over true values
    drawn uniformly from the categories (a data-independent figure used to set regularization)."""
    if epsilon == math.inf:
        return 0.0
    cats = _check_categories(categories).astype(float)
    k, p = cats.size, rr_keep_probability(epsilon, cats.size)
    q = (1 - p) / (k - 1)
    variances = []
    for r in cats:
        probs = np.where(cats == r, p, q)
        mean = np.sum(probs * cats)
        variances.append(np.sum(probs * (cats - mean) ** 2))
    return float(np.mean(variances) / (p - q) ** 2)


# ---------------------------------------------------------------------------------------------- DP-SGD


RDP_ORDERS = list(range(2, 64)) + [80, 96, 128, 192, 256, 512, 1024]  # integer orders: exact and quiet


def dpsgd_epsilon(noise_multiplier: float, sampling_rate: float, steps: int, delta: float) -> float:
    """Epsilon of DP-SGD (Poisson sampling at ``sampling_rate``, Gaussian noise ``noise_multiplier`` times
    the clipping norm, ``steps`` steps) from the RDP accountant of Google's ``dp-accounting``."""
    from dp_accounting import dp_event, rdp

    delta = _check_delta(delta)
    if not 0 < sampling_rate <= 1:
        raise ValueError(f"sampling_rate must be in (0, 1], got {sampling_rate}")
    if noise_multiplier <= 0:
        return math.inf
    accountant = rdp.RdpAccountant(orders=RDP_ORDERS)
    event = dp_event.PoissonSampledDpEvent(sampling_rate, dp_event.GaussianDpEvent(noise_multiplier))
    accountant.compose(event, int(steps))
    return float(accountant.get_epsilon(delta))


@functools.lru_cache(maxsize=256)
def dpsgd_noise_multiplier(epsilon: float, sampling_rate: float, steps: int, delta: float) -> float:
    """The smallest noise multiplier whose DP-SGD run meets (epsilon, delta), found with
    ``dp_accounting.calibrate_dp_mechanism`` on the RDP accountant (0 for epsilon = inf)."""
    import dp_accounting
    from dp_accounting import dp_event, rdp

    if float(epsilon) == math.inf:
        return 0.0
    epsilon, delta = _check_epsilon(epsilon), _check_delta(delta)
    make_event = lambda sigma: dp_event.SelfComposedDpEvent(
        dp_event.PoissonSampledDpEvent(sampling_rate, dp_event.GaussianDpEvent(sigma)), int(steps)
    )
    sigma = dp_accounting.calibrate_dp_mechanism(
        lambda: rdp.RdpAccountant(orders=RDP_ORDERS), make_event, epsilon, delta,
        bracket_interval=dp_accounting.LowerEndpointAndGuess(0.1, 1.0), tol=1e-4)  # fmt: skip
    while dpsgd_epsilon(sigma, sampling_rate, steps, delta) > epsilon:  # never round below the budget
        sigma *= 1.0001
    return float(sigma)


@dataclass
class DPSGDMatrixFactorization:
    """Biased MF trained by DP-SGD (Abadi et al. 2016): each step samples every rating with probability
    ``sampling_rate`` (Poisson), clips each rating's gradient to L2 norm ``clip``, sums, adds
    ``N(0, (noise_multiplier clip)^2)`` to every coordinate of every parameter, and divides by the expected
    batch size. Privacy unit: one rating. Weight decay is data-independent and applied outside clipping.
    Learning rates shrink as the noise grows (a rule that depends on epsilon only, so it costs no privacy).
    ``epsilon=inf`` trains with clipping but without noise.
    """

    epsilon: float
    delta: float = 1e-6
    n_factors: int = 10
    sampling_rate: float = 0.2
    steps: int = 150
    clip: float = 1.0
    learning_rate: float = 20.0  # for biases and factors (their gradients are sums over few ratings)
    learning_rate_mean: float = 0.5  # for the global mean (its gradient averages every rating)
    noise_lr_scale: float = 3.0  # learning rates shrink by max(1, noise_multiplier / noise_lr_scale)
    weight_decay: float = 1e-4
    init_std: float = 0.1
    rating_scale: tuple[float, float] = RATING_SCALE
    rng: np.random.Generator | None = None
    users: object = None  # public id lists (default: ids in train)
    items: object = None

    def fit(self, train: pd.DataFrame) -> DPSGDMatrixFactorization:
        epsilon = _check_epsilon_or_inf(self.epsilon)
        rng = _check_rng(self.rng)
        if not 0 < self.sampling_rate <= 1 or self.steps < 1 or self.clip <= 0:
            raise ValueError("need 0 < sampling_rate <= 1, steps >= 1 and clip > 0")
        y = _clamped(train, self.rating_scale)
        self.index_ = recsys.IdIndex(
            pd.Index(np.unique(train["user_id"] if self.users is None else self.users)),
            pd.Index(np.unique(train["item_id"] if self.items is None else self.items)),
        )
        u, i = self.index_.encode(train)
        if (u < 0).any() or (i < 0).any():
            raise ValueError("train has user or item ids missing from the public users/items lists")
        self.noise_multiplier_ = dpsgd_noise_multiplier(epsilon, self.sampling_rate, self.steps, self.delta)
        n_u, n_i, k = len(self.index_.users), len(self.index_.items), int(self.n_factors)
        mu = np.array([(self.rating_scale[0] + self.rating_scale[1]) / 2])
        b_u, b_i = np.zeros(n_u), np.zeros(n_i)
        P = rng.normal(0, self.init_std, (n_u, k))
        Q = rng.normal(0, self.init_std, (n_i, k))
        batch = self.sampling_rate * y.size
        noise_sd = self.noise_multiplier_ * self.clip
        damping = max(1.0, self.noise_multiplier_ / self.noise_lr_scale)  # a function of epsilon only
        lr, lr_mean, wd = self.learning_rate / damping, self.learning_rate_mean / damping, self.weight_decay
        cols = np.arange(k)
        for _ in range(int(self.steps)):
            take = np.flatnonzero(rng.random(y.size) < self.sampling_rate)
            uu, ii = u[take], i[take]
            pu, qi = P[uu], Q[ii]
            err = mu[0] + b_u[uu] + b_i[ii] + np.einsum("nk,nk->n", pu, qi) - y[take]
            norm = np.abs(err) * np.sqrt(3.0 + np.einsum("nk,nk->n", pu, pu) + np.einsum("nk,nk->n", qi, qi))
            g = err * np.minimum(1.0, self.clip / np.maximum(norm, 1e-12))  # clipped per-example factor
            grad_mu = np.array([g.sum()])
            grad_bu = np.bincount(uu, weights=g, minlength=n_u)
            grad_bi = np.bincount(ii, weights=g, minlength=n_i)
            # per-example factor gradients summed into their rows with one bincount over (row, column) cells
            grad_P = np.bincount((uu[:, None] * k + cols).ravel(), weights=(g[:, None] * qi).ravel(),
                                 minlength=n_u * k).reshape(n_u, k)  # fmt: skip
            grad_Q = np.bincount((ii[:, None] * k + cols).ravel(), weights=(g[:, None] * pu).ravel(),
                                 minlength=n_i * k).reshape(n_i, k)  # fmt: skip
            if noise_sd > 0:  # one Gaussian draw for every coordinate of every parameter
                noise = rng.normal(0, noise_sd, 1 + n_u + n_i + P.size + Q.size)
                grad_mu = grad_mu + noise[:1]
                grad_bu = grad_bu + noise[1 : 1 + n_u]
                grad_bi = grad_bi + noise[1 + n_u : 1 + n_u + n_i]
                grad_P = grad_P + noise[1 + n_u + n_i : 1 + n_u + n_i + P.size].reshape(P.shape)
                grad_Q = grad_Q + noise[1 + n_u + n_i + P.size :].reshape(Q.shape)
            mu = mu - lr_mean * grad_mu / batch
            b_u = b_u - lr * (grad_bu / batch + wd * b_u)
            b_i = b_i - lr * (grad_bi / batch + wd * b_i)
            P = P - lr * (grad_P / batch + wd * P)
            Q = Q - lr * (grad_Q / batch + wd * Q)
        self.mu_, self.b_user_, self.b_item_, self.P_, self.Q_ = float(mu[0]), b_u, b_i, P, Q
        self.epsilon_ = dpsgd_epsilon(self.noise_multiplier_, self.sampling_rate, self.steps, self.delta)
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        u, i = self.index_.encode(frame)
        return recsys.biased_mf_predict(
            self.mu_, self.b_user_, self.b_item_, self.P_, self.Q_, u, i, self.rating_scale
        )


# ---------------------------------------------------------------------------------------------- the grid


@dataclass(frozen=True)
class PrivateConfig:
    """Hyperparameters of the private recommenders, fixed in advance (tuning them on the test set would
    itself leak). ALS regularization grows with the variance the noise adds: ``reg (1 + var / 0.8)``."""

    als_factors: int = 20
    als_iter: int = 8
    als_reg: float = 0.1
    signal_variance: float = 0.8  # a public prior on the variance of rating residuals
    dpsgd_factors: int = 10
    dpsgd_steps: int = 150
    dpsgd_sampling_rate: float = 0.2
    dpsgd_learning_rate: float = 50.0
    dpsgd_clip: float = 1.0
    delta: float = 1e-6  # for DP-SGD; below 1/n for n = 80,000 training ratings
    rating_scale: tuple[float, float] = RATING_SCALE


def fit_private(method: str, train: pd.DataFrame, epsilon: float, rng: np.random.Generator,
                config: PrivateConfig = PrivateConfig(), users=None, items=None):  # fmt: skip
    """Fit one private recommender (``method`` in :data:`METHODS`) at ``epsilon`` (``inf``: no noise).

    Returns an object with ``predict(frame)``. ``users``/``items`` are the public id lists.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    epsilon = _check_epsilon_or_inf(epsilon)
    rng = _check_rng(rng)
    if method == "dp_global_mean":
        mean = dp_global_mean(train, epsilon, rng, config.rating_scale)
        return GlobalEffects(mean, pd.Series(dtype=float), pd.Series(dtype=float), config.rating_scale)
    if method == "dp_global_effects":
        return dp_global_effects(train, epsilon, rng, users, items, config.rating_scale)
    if method == "dp_sgd_mf":
        return DPSGDMatrixFactorization(
            epsilon, config.delta, config.dpsgd_factors, config.dpsgd_sampling_rate, config.dpsgd_steps,
            config.dpsgd_clip, config.dpsgd_learning_rate, rating_scale=config.rating_scale, rng=rng,
            users=users, items=items).fit(train)  # fmt: skip
    if method == "input_perturbation":
        data, variance = (
            perturb_ratings(train, epsilon, rng, config.rating_scale),
            laplace_noise_variance(epsilon, config.rating_scale),
        )
    else:
        data, variance = local_dp_ratings(train, epsilon, rng), rr_noise_variance(epsilon)
    reg = config.als_reg * (1 + variance / config.signal_variance)
    model = recsys.ALSMatrixFactorization(
        config.als_factors, reg, config.als_iter, rating_scale=config.rating_scale, rng=rng
    )
    return model.fit(data)


def epsilon_label(epsilon: float) -> str:
    """``"inf"`` for no privacy, otherwise the shortest decimal (``0.1``, ``1``, ``10``)."""
    return "inf" if float(epsilon) == math.inf else f"{float(epsilon):g}"


def privacy_utility_grid(train: pd.DataFrame, test: pd.DataFrame, epsilons, methods=METHODS, seeds=(0, 1, 2),
                         config: PrivateConfig = PrivateConfig(), users=None, items=None,
                         n_attack: int = 5000) -> pd.DataFrame:  # fmt: skip
    """RMSE and membership-inference results for every (method, epsilon, seed) on one fixed split.

    Each seed changes the noise and the initialization, never the split. For the attack, ``n_attack``
    training ratings (members) and ``n_attack`` test ratings (non-members) are scored by their squared
    error under the trained model. Columns: method, epsilon (label), seed, rmse, mae, mia_auc, mia_epsilon_lower.
    """
    recsys.check_ratings(test, "test")
    if len(list(seeds)) == 0 or len(list(epsilons)) == 0:
        raise ValueError("need at least one seed and one epsilon")
    rows = []
    y_test = test["rating"].to_numpy(dtype=float)
    for seed in seeds:
        pick = np.random.default_rng([int(seed), 7])
        members = train.iloc[pick.choice(len(train), min(n_attack, len(train)), replace=False)]
        nonmembers = test.iloc[pick.choice(len(test), min(n_attack, len(test)), replace=False)]
        for epsilon in epsilons:
            for method in methods:
                rng = np.random.default_rng(
                    [int(seed), METHODS.index(method), round(1000 * min(float(epsilon), 1e6))]
                )
                model = fit_private(method, train, epsilon, rng, config, users, items)
                pred = model.predict(test)
                loss_in = (members["rating"].to_numpy(dtype=float) - model.predict(members)) ** 2
                loss_out = (nonmembers["rating"].to_numpy(dtype=float) - model.predict(nonmembers)) ** 2
                attack = membership_inference(loss_in, loss_out, rng)
                rows.append({"method": method, "epsilon": epsilon_label(epsilon), "seed": int(seed),
                             "rmse": recsys.rmse(y_test, pred), "mae": recsys.mae(y_test, pred),
                             "mia_auc": attack.auc, "mia_epsilon_lower": attack.epsilon_lower})  # fmt: skip
    return pd.DataFrame(rows)


def summarize_grid(grid: pd.DataFrame, value: str = "rmse") -> pd.DataFrame:
    """Mean and standard deviation over seeds of ``value``, one row per method and column per epsilon."""
    order = sorted(grid["epsilon"].unique(), key=lambda e: math.inf if e == "inf" else float(e))
    table = grid.groupby(["method", "epsilon"])[value].agg(["mean", "std"]).unstack("epsilon")
    return table.reindex(columns=order, level=1)


def nested_by_epsilon(grid: pd.DataFrame, value: str = "rmse") -> dict:
    """``{method: {epsilon: mean over seeds}}`` with epsilon as a string, for ``results.record``."""
    means = grid.groupby(["method", "epsilon"])[value].mean()
    order = sorted(grid["epsilon"].unique(), key=lambda e: math.inf if e == "inf" else float(e))
    return {m: {e: float(means[(m, e)]) for e in order if (m, e) in means.index}
            for m in [m for m in METHODS if m in grid["method"].unique()]}  # fmt: skip
