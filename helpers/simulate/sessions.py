"""RecSim's long-term satisfaction ("choc vs kale") user model (Ie et al. 2019), implemented from its published
description and code (``recsim/environments/long_term_satisfaction.py``; the RecSim package no longer
installs): a user who tires of clickbait.

State: net positive exposure NPE; satisfaction SAT = sigmoid(sensitivity * NPE). Each step the user consumes
one item of clickbait score c in [0, 1] (choc c = 1, kale c = 0) and engages for

    engagement = exp(X),  X ~ N((c choc_mean + (1 - c) kale_mean) * SAT,  c choc_stddev + (1 - c) kale_stddev),

computed from the satisfaction *before* the update; then

    NPE <- memory_discount * NPE - 2 (c - 0.5) + N(0, innovation_stddev^2)      (RecSim's code)
    NPE <- memory_discount * NPE + 2 (c - 0.5) + N(0, innovation_stddev^2)      (RecSim's docstring)

The two disagree on the sign: in the code choc *lowers* exposure and satisfaction (the story of the
environment: clickbait engages now and tires later); in the docstring it raises them, and then there is no
trade-off at all. ``ChocKaleParams.exposure_sign`` chooses; the default follows the code. A session starts at
NPE_0 = (U - 0.5) / (1 - memory_discount), U ~ Uniform(0, 1) (RecSim's user sampler) and lasts ``time_budget``
steps; RecSim's reward is the summed (unclipped) engagement.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .._validation import (
    check_choice,
    check_count,
    check_number,
    check_positive_finite,
    check_probability,
    check_rng,
)

__all__ = [
    "EXPOSURE_SIGNS",
    "ChocKaleParams",
    "SessionResult",
    "expected_engagement",
    "myopic_prefers_choc",
    "satisfaction",
    "simulate_sessions",
    "steady_state_engagement",
    "steady_state_exposure",
    "tradeoff_task",
]

EXPOSURE_SIGNS = ("code", "docstring")


@dataclass(frozen=True)
class ChocKaleParams:
    """RecSim's ``LTSStaticUserSampler`` defaults; ``exposure_sign`` says which reading of the NPE update."""

    memory_discount: float = 0.7
    sensitivity: float = 0.01
    innovation_stddev: float = 0.05
    choc_mean: float = 5.0
    choc_stddev: float = 1.0
    kale_mean: float = 4.0
    kale_stddev: float = 1.0
    time_budget: int = 60
    exposure_sign: str = "code"

    def __post_init__(self):
        memory = check_probability(self.memory_discount, "memory_discount")
        if memory >= 1:
            raise ValueError("memory_discount must be below 1 (exposure would never settle); pass e.g. 0.7")
        check_positive_finite(self.sensitivity, "sensitivity")
        check_number(self.innovation_stddev, "innovation_stddev", low=0.0)
        check_number(self.choc_mean, "choc_mean")
        check_number(self.kale_mean, "kale_mean")
        check_positive_finite(self.choc_stddev, "choc_stddev")
        check_positive_finite(self.kale_stddev, "kale_stddev")
        check_count(self.time_budget, "time_budget")
        check_choice(self.exposure_sign, "exposure_sign", EXPOSURE_SIGNS)

    @property
    def direction(self) -> float:
        """-1 when choc lowers exposure (code), +1 when it raises it (docstring)."""
        return -1.0 if self.exposure_sign == "code" else 1.0

    def satisfaction_range(self) -> tuple[float, float]:
        """Lowest and highest steady-state satisfaction (always kale vs always choc, without noise)."""
        ends = sorted(satisfaction(self, steady_state_exposure(self, share)) for share in (0.0, 1.0))
        return ends[0], ends[1]


def satisfaction(params: ChocKaleParams, exposure):
    """SAT = sigmoid(sensitivity * NPE)."""
    return 1.0 / (1.0 + np.exp(-params.sensitivity * np.asarray(exposure, dtype=float)))


def expected_engagement(params: ChocKaleParams, clickbait, sat):
    """E[engagement] of an item of clickbait score ``clickbait`` at satisfaction ``sat``: the log-normal mean
    exp(mu + sigma^2 / 2)."""
    c = np.asarray(clickbait, dtype=float)
    loc = (c * params.choc_mean + (1 - c) * params.kale_mean) * np.asarray(sat, dtype=float)
    scale = c * params.choc_stddev + (1 - c) * params.kale_stddev
    return np.exp(loc + scale**2 / 2)


def myopic_prefers_choc(params: ChocKaleParams, sat):
    """Whether choc gives more expected engagement than kale *now*, at satisfaction ``sat`` (the myopic rule)."""
    return expected_engagement(params, 1.0, sat) > expected_engagement(params, 0.0, sat)


def steady_state_exposure(params: ChocKaleParams, choc_share: float) -> float:
    """Long-run mean NPE when a share ``choc_share`` of the items are choc: the mean drift
    direction * 2 (share - 0.5) over (1 - memory_discount)."""
    share = check_probability(choc_share, "choc_share")
    return params.direction * 2.0 * (share - 0.5) / (1.0 - params.memory_discount)


def steady_state_engagement(params: ChocKaleParams, choc_share: float) -> float:
    """Long-run expected engagement per step of a fixed mix (choc with probability ``choc_share``).

    For a pure policy (share 0 or 1) NPE settles to a normal law with mean :func:`steady_state_exposure` and
    variance innovation_stddev^2 / (1 - memory_discount^2); the expectation over it is taken by Gauss-Hermite
    quadrature (exact up to quadrature error). For a mix it is evaluated at the mean exposure (a mean-field
    approximation; simulation checks it).
    """
    share = check_probability(choc_share, "choc_share")
    mean = steady_state_exposure(params, share)
    if share in (0.0, 1.0):
        nodes, weights = np.polynomial.hermite_e.hermegauss(40)
        sd = params.innovation_stddev / np.sqrt(1 - params.memory_discount**2)
        sat = satisfaction(params, mean + sd * nodes)
        return float(np.sum(weights * expected_engagement(params, share, sat)) / np.sqrt(2 * np.pi))
    sat = satisfaction(params, mean)
    return float(
        share * expected_engagement(params, 1.0, sat) + (1 - share) * expected_engagement(params, 0.0, sat)
    )


@dataclass(frozen=True, eq=False)
class SessionResult:
    """Simulated sessions: ``engagement`` (users x steps), its per-step mean, the mean total per session and
    the satisfaction path (users x steps, before each step's update)."""

    engagement: np.ndarray
    satisfaction: np.ndarray
    policy: str

    @property
    def per_step(self) -> float:
        return float(self.engagement.mean())

    @property
    def per_session(self) -> float:
        return float(self.engagement.sum(axis=1).mean())


def simulate_sessions(
    params: ChocKaleParams, policy, n_users: int = 1000, rng=None, steps: int | None = None
):
    """Simulate ``n_users`` independent sessions of ``steps`` (default ``time_budget``) steps.

    ``policy`` is a choc share in [0, 1] (each step serves choc with that probability, kale otherwise) or
    ``"myopic"`` (serve whatever has the higher expected engagement at the current satisfaction).
    """
    rng = check_rng(rng)
    if not isinstance(params, ChocKaleParams):
        raise TypeError("params must be a ChocKaleParams")
    n_users = check_count(n_users, "n_users", maximum=1_000_000)
    steps = params.time_budget if steps is None else check_count(steps, "steps", maximum=100_000)
    myopic = isinstance(policy, str)
    if myopic:
        check_choice(policy, "policy", ("myopic",))
    else:
        share = check_probability(policy, "policy")
    exposure = (rng.random(n_users) - 0.5) / (1.0 - params.memory_discount)
    engagement, sats = np.empty((n_users, steps)), np.empty((n_users, steps))
    for t in range(steps):  # the state carries over: a loop over time, vectorized over users
        sat = satisfaction(params, exposure)
        choc = myopic_prefers_choc(params, sat) if myopic else rng.random(n_users) < share
        c = choc.astype(float)
        loc = (c * params.choc_mean + (1 - c) * params.kale_mean) * sat
        scale = c * params.choc_stddev + (1 - c) * params.kale_stddev
        engagement[:, t] = np.exp(rng.normal(loc, scale))
        sats[:, t] = sat
        noise = rng.normal(0.0, params.innovation_stddev, n_users) if params.innovation_stddev > 0 else 0.0
        exposure = params.memory_discount * exposure + params.direction * 2.0 * (c - 0.5) + noise
    return SessionResult(engagement, sats, "myopic" if myopic else f"choc share {share:g}")


def tradeoff_task(sensitivity, memory_discount, shares, n_users, exposure_sign, rng) -> dict:
    """One (sensitivity, memory) point for ``sweep.run_tasks``: per-step engagement of the myopic policy and of
    each fixed choc share, by simulation and by the steady-state formula; the best share and its gain."""
    params = replace(ChocKaleParams(), sensitivity=sensitivity, memory_discount=memory_discount,
                     exposure_sign=exposure_sign)  # fmt: skip
    shares = np.asarray(shares, dtype=float)
    simulated = np.array([simulate_sessions(params, float(s), n_users, rng).per_step for s in shares])
    analytic = np.array([steady_state_engagement(params, float(s)) for s in shares])
    myopic = simulate_sessions(params, "myopic", n_users, rng).per_step
    best = int(np.argmax(simulated))
    return {
        "sensitivity": float(sensitivity),
        "memory_discount": float(memory_discount),
        "myopic": myopic,
        "best_share": float(shares[best]),
        "best_engagement": float(simulated[best]),
        "best_share_analytic": float(shares[int(np.argmax(analytic))]),
        "gain": float(simulated[best] / myopic - 1.0),
        "simulated": simulated.tolist(),
        "analytic": analytic.tolist(),
    }
