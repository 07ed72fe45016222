"""The trust loop of notebook 06: a cohort of simulated users whose trust in a recommender moves with what they
experience, who share data and stay in proportion to that trust, and whose data sets the recommender's accuracy.
Every link is a :class:`Link` carrying its source: estimated in an earlier notebook (read from its results file by
:meth:`TrustLoopParams.from_results`, never retyped), published, or assumed.

One period is a year (the unit of notebook 05's sBG cohorts). With ``d`` the personalization depth, ``D`` the share
of active users who share data, ``z_p``/``z_d`` a user's standardized privacy concern and disposition to trust:

* accuracy        a = D ** learning_exponent * dp_kept(epsilon)       (assumed; notebook 04's RMSE by epsilon)
* authentic       A = d a, superficial S = d (1 - a)
* understanding   U = b_AU A + b_SU S + b_PM A z_p + b_DM A z_d         (notebook 01)
* affect, cognitive, intention: notebook 01's paths; explanations and a control panel add notebook 02's effects
  (converted to this scale by an assumed SD); shallow personalization disappoints (``disappointment * S``) and
  inconsistency costs trust (``inconsistency * (1 - consistency)``): both assumed
* trust moves a share ``update_rate`` of the way to that target each period, with noise (assumed)
* opt-out: logit P = logit(opt-out share at epsilon) + optout_concern z_p - optout_trust T
* churn: logit P = logit(theta) - churn_trust T, theta ~ Beta(churn_alpha, churn_beta) (published sBG, notebook 05)
* purchases: a year's rate times exp(purchase_trust T), at the Gamma-Gamma mean spend (published, notebook 05)

The outcomes are this model's consequences of its labelled assumptions, not findings about people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from ..._validation import check_bool, check_count, check_number, check_probability, check_rng
from .links import TrustLoopParams, curve_value

__all__ = [
    "Policy",
    "Population",
    "TrustLoopRun",
    "accuracy",
    "compare_task",
    "draw_population",
    "loop_gain",
    "simulate",
    "tipping_accuracy",
    "total_effects",
]


@dataclass(frozen=True)
class Policy:
    """The operator's levers: depth of personalization (0-1), DP epsilon (inf: none), explanations, a control
    panel, and consistency across sessions and devices (0-1)."""

    name: str
    depth: float = 1.0
    epsilon: float = math.inf
    explanations: bool = False
    control_panel: bool = False
    consistency: float = 1.0

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise TypeError("a policy's name must be a non-empty string")
        check_probability(self.depth, "depth")
        check_number(self.epsilon, "epsilon", low=0.0, low_open=True, allow_inf=True)
        check_bool(self.explanations, "explanations")
        check_bool(self.control_panel, "control_panel")
        check_probability(self.consistency, "consistency")


def accuracy(params: TrustLoopParams, data_share, epsilon: float):
    """Share of the best achievable accuracy gain: (data share) ** exponent times what DP at epsilon keeps."""
    share = np.clip(np.asarray(data_share, dtype=float), 0.0, 1.0)
    epsilon = check_number(epsilon, "epsilon", low=0.0, low_open=True, allow_inf=True)
    return share ** params.v("learning_exponent") * curve_value(params.v("dp_kept"), epsilon, "dp_kept")


def total_effects(params: TrustLoopParams) -> tuple[float, float]:
    """(k_A, k_S): the effect on trust of one unit of authentic and of superficial personalization at average
    traits, through notebook 01's paths; k_S includes the assumed disappointment."""
    if not isinstance(params, TrustLoopParams):
        raise TypeError(f"params must be TrustLoopParams, got {type(params).__name__}")
    v = params.v
    via_u = v("understanding_on_affect") * v("affect_on_intention") + v("understanding_on_cognitive") * v(
        "cognitive_on_intention"
    )
    k_a = v("authentic_on_understanding") * via_u + v("authentic_on_affect") * v("affect_on_intention")
    k_s = v("superficial_on_understanding") * via_u + v("superficial_on_affect") * v("affect_on_intention")
    return k_a, k_s - v("disappointment")


def tipping_accuracy(params: TrustLoopParams) -> float:
    """The accuracy at which personalization stops adding trust on average: k_A a + k_S (1 - a) = 0."""
    k_a, k_s = total_effects(params)
    if k_s >= 0:
        return 0.0  # shallow personalization costs nothing: any accuracy pays
    if k_a <= 0:
        return 1.0
    return float(-k_s / (k_a - k_s))


def loop_gain(params: TrustLoopParams, policy: Policy, data_share: float) -> float:
    """The loop's gain at a data share (average traits): the trust gained per unit of trust going once around
    trust -> data share -> accuracy -> trust. Below 1 a push dies out; near or above 1 it feeds on itself."""
    if not isinstance(params, TrustLoopParams) or not isinstance(policy, Policy):
        raise TypeError("loop_gain needs TrustLoopParams and a Policy")
    share = check_number(data_share, "data_share", low=0.0, high=1.0, low_open=True)
    k_a, k_s = total_effects(params)
    exponent = params.v("learning_exponent")
    d_accuracy = (
        exponent * share ** (exponent - 1) * curve_value(params.v("dp_kept"), policy.epsilon, "dp_kept")
    )
    d_share = params.v("optout_trust") * share * (1 - share)
    return float(policy.depth * (k_a - k_s) * d_accuracy * d_share)


def _target(params, policy, acc, concern, disposition):
    v, d = params.v, policy.depth
    a, s = d * acc, d * (1.0 - acc)
    u = (
        v("authentic_on_understanding") * a
        + v("superficial_on_understanding") * s
        + a * (v("privacy_moderation") * concern + v("disposition_moderation") * disposition)
    )
    f = v("understanding_on_affect") * u + v("superficial_on_affect") * s + v("authentic_on_affect") * a
    c = v("understanding_on_cognitive") * u + v("disposition_on_cognitive") * disposition
    c = c + v("privacy_on_cognitive") * concern
    levers = (
        policy.explanations * v("explanations_effect") + policy.control_panel * v("control_effect")
    ) / v("trust_scale_sd")
    penalty = v("disappointment") * s + v("inconsistency") * (1.0 - policy.consistency)
    return v("affect_on_intention") * f + v("cognitive_on_intention") * c + levers - penalty


@dataclass(frozen=True)
class Population:
    """One cohort's draws: traits, sBG churn propensities and the trust shocks (shared across policies).

    Churn itself is not drawn: each user carries the probability of still being active, so outcomes move
    smoothly with the links (a sensitivity analysis sees no noise from who happened to leave)."""

    concern: np.ndarray
    disposition: np.ndarray
    churn_theta: np.ndarray
    trust_shocks: np.ndarray  # (n_users, n_periods) standard normals


def draw_population(params: TrustLoopParams, n_users: int, n_periods: int, rng) -> Population:
    """Draw a cohort of ``n_users`` followed for ``n_periods`` years."""
    if not isinstance(params, TrustLoopParams):
        raise TypeError(f"params must be TrustLoopParams, got {type(params).__name__}")
    n_users = check_count(n_users, "n_users", maximum=2_000_000)
    n_periods = check_count(n_periods, "n_periods", maximum=200)
    rng = check_rng(rng)
    theta = rng.beta(params.v("churn_alpha"), params.v("churn_beta"), n_users)
    return Population(
        concern=rng.standard_normal(n_users),
        disposition=rng.standard_normal(n_users),
        churn_theta=np.clip(theta, 1e-9, 1 - 1e-9),
        trust_shocks=rng.standard_normal((n_users, n_periods)),
    )


@dataclass(frozen=True)
class TrustLoopRun:
    """Per period (index 0 = start), in expectation over who leaves: mean trust of the whole cohort (a user who
    left keeps the trust they left with) and of those still active, retention, data share, accuracy; per year,
    expected purchases and discounted value per original user."""

    policy: Policy
    trust_all: np.ndarray
    trust_active: np.ndarray
    retention: np.ndarray
    data_share: np.ndarray
    accuracy: np.ndarray
    purchases: np.ndarray
    value: np.ndarray

    def summary(self) -> dict:
        """Long-run (last period) trust, retention, data share and accuracy; total purchases and CLV."""
        return {
            "trust_change": float(self.trust_all[-1] - self.trust_all[0]),
            "trust_all": float(self.trust_all[-1]),
            "trust_active": float(self.trust_active[-1]),
            "retention": float(self.retention[-1]),
            "data_share": float(self.data_share[-1]),
            "accuracy": float(self.accuracy[-1]),
            "expected_purchases": float(self.purchases.sum()),
            "clv": float(self.value.sum()),
        }


def simulate(params: TrustLoopParams, policy: Policy, population: Population) -> TrustLoopRun:
    """Run the loop for one policy on one cohort (vectorized over users; a loop over the periods)."""
    if not isinstance(params, TrustLoopParams) or not isinstance(policy, Policy):
        raise TypeError("simulate needs TrustLoopParams and a Policy")
    if not isinstance(population, Population):
        raise TypeError(f"population must come from draw_population, got {type(population).__name__}")
    v, z_p, z_d = params.v, population.concern, population.disposition
    n_periods = population.trust_shocks.shape[1]
    optout_logit = special.logit(curve_value(v("optout_by_epsilon"), policy.epsilon, "optout_by_epsilon"))
    rate, spend = v("purchases_per_year"), v("spend_per_purchase")
    discount = (1.0 + v("annual_discount_rate")) ** -np.arange(n_periods)

    def sharing(trust):
        return special.expit(-(optout_logit + v("optout_concern") * z_p - v("optout_trust") * trust))

    trust = _target(params, Policy("start", depth=0.0), 0.0, z_p, z_d)  # what users bring
    active = np.ones(z_p.size)  # P(still active)
    left_with = np.zeros(z_p.size)  # sum over periods of P(left then) x the trust left with
    logit_theta = special.logit(population.churn_theta)
    out = {key: [] for key in ("trust_all", "trust_active", "retention", "data_share", "accuracy")}
    purchases = np.empty(n_periods)
    for t in range(n_periods + 1):
        weight = active.sum()
        share = float(np.sum(active * sharing(trust)) / weight) if weight > 0 else 0.0
        acc = float(accuracy(params, share, policy.epsilon))
        trust_active = float(np.sum(active * trust) / weight) if weight > 0 else float("nan")
        values = (np.mean(left_with + active * trust), trust_active, active.mean(), share, acc)
        for key, value in zip(out, values):
            out[key].append(value)
        if t == n_periods:
            break
        purchases[t] = np.mean(active * rate * np.exp(v("purchase_trust") * trust))
        target = _target(params, policy, acc, z_p, z_d)
        trust = trust + v("update_rate") * (target - trust) + v("trust_noise") * population.trust_shocks[:, t]
        leaving = active * special.expit(logit_theta - v("churn_trust") * trust)
        left_with += leaving * trust
        active = active - leaving
    arrays = {key: np.asarray(value, dtype=float) for key, value in out.items()}
    return TrustLoopRun(policy, **arrays, purchases=purchases, value=purchases * spend * discount)


def compare_task(
    params,
    policies,
    n_users,
    n_periods,
    rng,
    overrides=None,
    population=None,
    keep_paths=False,
    replication=None,
):
    """A sweep task: run every policy on one cohort (common random numbers), after replacing the links in
    ``overrides``. The cohort is ``population`` if given (a sensitivity analysis without Monte Carlo noise), else
    drawn from ``rng`` (``replication``, the sweep's index, plays no part). Returns ``{policy name: summary}``,
    with the per-period paths if ``keep_paths``."""
    rng = check_rng(rng)
    if overrides:
        params = params.vary(**overrides)
    if population is None:
        population = draw_population(params, n_users, n_periods, rng)
    runs = {policy.name: simulate(params, policy, population) for policy in policies}
    if not keep_paths:
        return {name: run.summary() for name, run in runs.items()}
    keys = ("trust_all", "trust_active", "retention", "data_share", "accuracy")
    return {
        name: {**run.summary(), "paths": {k: getattr(run, k) for k in keys}} for name, run in runs.items()
    }
