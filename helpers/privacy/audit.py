"""Empirical privacy audits: lower bounds on the epsilon a mechanism or a trained model really provides.

:func:`epsilon_lower_bound` turns scalar statistics of outputs on two neighbouring inputs into a lower bound
that holds with a chosen confidence (exact Clopper-Pearson bounds on the probability of the best event);
:func:`audit_epsilon` runs a mechanism and applies it; :func:`membership_inference` does the same for a
trained model from the losses of training (member) and held-out (non-member) records. The two-sided
Clopper-Pearson interval itself lives in :func:`helpers.stats.clopper_pearson`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._validation import check_array, check_confidence, check_count, check_number, check_rng, check_size
from ._checks import check_epsilon

__all__ = [
    "AuditResult",
    "EpsilonBound",
    "MembershipInference",
    "audit_epsilon",
    "epsilon_lower_bound",
    "membership_inference",
]


@dataclass(frozen=True)
class EpsilonBound:
    """A lower bound on epsilon and the event that gave it; unpacks as the former 5-tuple."""

    epsilon_lower: float  # holds with probability >= confidence; 0 when no event separates the inputs
    event: str  # the rejection region that separated the two inputs best, e.g. "s <= 1.27"
    p_high: float  # estimated P(event) under the input that makes it likely (NaN when event is "none")
    p_low: float  # estimated P(event) under the other input
    n: int  # samples per input used for the bound

    def __iter__(self):
        return iter((self.epsilon_lower, self.event, self.p_high, self.p_low, self.n))


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


def _log_ratio_bound(k_hi, n_hi, k_lo, n_lo, delta: float, alpha: float) -> np.ndarray:
    """``ln((P_hi_low - delta) / P_lo_high)`` with one-sided Clopper-Pearson bounds at level ``alpha`` each.

    Vectorized over candidate events (the scalar two-sided interval is :func:`helpers.stats.clopper_pearson`;
    its ``low`` at confidence ``1 - 2 alpha`` equals the one-sided bound here).
    """
    lo = np.where(k_hi > 0, stats.beta.ppf(alpha, np.maximum(k_hi, 1), n_hi - k_hi + 1), 0.0)
    hi = np.where(k_lo < n_lo, stats.beta.ppf(1 - alpha, k_lo + 1, np.maximum(n_lo - k_lo, 1)), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.maximum(lo - delta, 0) / hi)


def epsilon_lower_bound(
    s0, s1, rng: np.random.Generator, delta: float = 0.0, confidence: float = 0.95
) -> EpsilonBound:
    """Lower bound on epsilon from scalar statistics of outputs on two neighbouring inputs.

    The samples are shuffled with ``rng``; half of them choose the event (a threshold ``s <= t`` or
    ``s >= t`` and which input it favours) whose Clopper-Pearson bound is best; the other half bound
    ``P0(event)`` from below and ``P1(event)`` from above, each at ``1 - (1 - confidence) / 2``, so the result
    holds with probability ``confidence``: ``epsilon >= ln((P0_low - delta) / P1_high)``.
    """
    s0 = check_array(s0, "s0", ndim=None, min_size=4).ravel()
    s1 = check_array(s1, "s1", ndim=None, min_size=4).ravel()
    rng = check_rng(rng)
    delta = check_number(delta, "delta", low=0.0, high=1.0, high_open=True)
    confidence = check_confidence(confidence)
    s0, s1 = rng.permutation(s0), rng.permutation(s1)
    h0, h1 = s0.size // 2, s1.size // 2
    pick0, pick1, eval0, eval1 = s0[:h0], s1[:h1], s0[h0:], s1[h1:]
    thresholds = _candidate_events(pick0, pick1)
    below0, above0 = _event_counts(pick0, thresholds)
    below1, above1 = _event_counts(pick1, thresholds)
    alpha = (1 - confidence) / 2
    options = [  # (counts favouring, n, counts other, n, description, which input is "high")
        (below0, h0, below1, h1, "s <= {t:.4g}", 0),
        (above0, h0, above1, h1, "s >= {t:.4g}", 0),
        (below1, h1, below0, h0, "s <= {t:.4g}", 1),
        (above1, h1, above0, h0, "s >= {t:.4g}", 1),
    ]
    best = (-np.inf, None)
    for k_hi, n_hi, k_lo, n_lo, text, high in options:
        values = _log_ratio_bound(k_hi, n_hi, k_lo, n_lo, delta, alpha)
        j = int(np.nanargmax(np.where(np.isfinite(values), values, -np.inf)))
        if values[j] > best[0]:
            best = (values[j], (text, high, thresholds[j], text.startswith("s <=")))
    if best[1] is None:
        return EpsilonBound(0.0, "none", float("nan"), float("nan"), int(eval0.size))
    text, high, t, is_below = best[1]
    e_hi, e_lo = (eval0, eval1) if high == 0 else (eval1, eval0)
    k_hi = int(np.sum(e_hi <= t) if is_below else np.sum(e_hi >= t))
    k_lo = int(np.sum(e_lo <= t) if is_below else np.sum(e_lo >= t))
    value = float(_log_ratio_bound(np.array(k_hi), e_hi.size, np.array(k_lo), e_lo.size, delta, alpha))
    event = text.format(t=t) + f" (favours input {'x0' if high == 0 else 'x1'})"
    return EpsilonBound(
        max(value, 0.0) if np.isfinite(value) else 0.0,
        event,
        k_hi / e_hi.size,
        k_lo / e_lo.size,
        int(e_hi.size),
    )


def audit_epsilon(
    mechanism: Callable,
    x0,
    x1,
    epsilon: float,
    n: int,
    rng: np.random.Generator,
    delta: float = 0.0,
    confidence: float = 0.95,
    statistic: Callable | None = None,
) -> AuditResult:
    """Audit a mechanism: run ``mechanism(x, n, rng)`` ``n`` times on each of two neighbouring inputs.

    ``statistic`` maps outputs to scalars (default: the outputs themselves). The result's
    ``epsilon_lower`` is a Clopper-Pearson lower bound (see :func:`epsilon_lower_bound`): a correct
    mechanism stays below its claim with probability ``confidence``; a bound above the claim proves a bug.
    """
    if not callable(mechanism):
        raise TypeError(f"mechanism must be a function mechanism(x, n, rng), got {type(mechanism).__name__}")
    if statistic is not None and not callable(statistic):
        raise TypeError(
            f"statistic must be a function of the outputs or None, got {type(statistic).__name__}"
        )
    epsilon = check_epsilon(epsilon, "epsilon (the claimed budget)")
    n = check_count(n, "n (samples per input)", minimum=8)
    check_size(2, n, what="the audit's samples")
    delta = check_number(delta, "delta", low=0.0, high=1.0, high_open=True)
    confidence = check_confidence(confidence)
    rng = check_rng(rng)
    out0, out1 = mechanism(x0, n, rng), mechanism(x1, n, rng)
    if statistic is not None:
        out0, out1 = statistic(out0), statistic(out1)
    bound = epsilon_lower_bound(out0, out1, rng, delta, confidence)
    return AuditResult(
        bound.epsilon_lower, epsilon, bound.event, bound.p_high, bound.p_low, bound.n, confidence
    )


@dataclass(frozen=True)
class MembershipInference:
    """A loss-threshold membership-inference attack on a trained model (Yeom et al. 2018)."""

    auc: float  # P(score of a random member > score of a random non-member); 0.5 = no signal
    epsilon_lower: float  # Clopper-Pearson bound implied by the best threshold (held-out half)
    n_members: int
    n_nonmembers: int


def membership_inference(
    member_losses, nonmember_losses, rng: np.random.Generator, confidence: float = 0.95
) -> MembershipInference:
    """Was this rating in training? Score = minus its loss (a squared error, say); members tend to have
    smaller losses. Needs at least 4 non-negative, finite losses on each side.

    The AUC is the Mann-Whitney statistic. The epsilon bound uses :func:`epsilon_lower_bound` on the
    scores; it treats each rating as an independent trial, which is the usual heuristic for one training
    run (a rigorous audit would retrain per trial).
    """
    members = -check_array(member_losses, "member_losses", min_size=4, low=0.0)
    others = -check_array(nonmember_losses, "nonmember_losses", min_size=4, low=0.0)
    rng = check_rng(rng)
    confidence = check_confidence(confidence)
    ranks = stats.rankdata(np.concatenate([members, others]))
    auc = (ranks[: members.size].sum() - members.size * (members.size + 1) / 2) / (members.size * others.size)
    bound = epsilon_lower_bound(members, others, rng, 0.0, confidence).epsilon_lower
    return MembershipInference(float(auc), float(bound), int(members.size), int(others.size))
