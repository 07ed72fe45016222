"""Generative models with known truth for notebook 02: an A/B(/C) test of transparency features, the
Herlocker, Konstan & Riedl (2000) randomized block study of 21 explanation interfaces, and the Kizilcec (2016)
2 x 3 study of transparency and expectation violation.

Each model's parameters live in a frozen dataclass whose defaults are the documented truth.

A/B test (:class:`ABTestParams`). Unit i has privacy concern ``H_i ~ Bernoulli(share_high_concern)``, a
pre-experiment trust score and a post-experiment trust score (a 1-7 survey scale treated as continuous)::

    trust_pre_i = baseline + concern_shift * H_i + sd * Z1_i
    trust_i     = baseline + concern_shift * H_i + tau(arm_i, H_i) + sd * (rho * Z1_i + sqrt(1 - rho^2) * Z2_i)

with Z1, Z2 independent standard normals and ``tau(arm, H) = effect_low[arm] + H * (effect_high - effect_low)``.
The true average treatment effect of an arm is ``effect_low + share_high_concern * (effect_high - effect_low)``.
Arms are assigned by complete randomization with fixed shares.

Herlocker block study (:class:`HerlockerParams`). Participant u answers "how likely would you go and see this
movie?" on a 1-7 scale for each of 21 explanation interfaces. A latent response
``L_ui = m_i + s_i * (sqrt(r) * B_u + sqrt(1 - r) * E_ui)`` (B, E standard normal; r = within-participant
correlation, not published, assumed 0.5) is rounded and clipped to 1..7. ``m_i, s_i`` are calibrated so the
*discretized* responses have exactly the published Table 1 mean and SD of interface i in expectation. With
``match_published_means`` (default) randomly chosen answers are then moved by one point until each interface's
sample mean equals the published mean to the nearest 1/n, so the re-analysis tests the published means rather
than one noisy draw of them; only the within-participant structure (r) remains an assumption.

Kizilcec study (:class:`KizilcecParams`). Participants' expectations are violated (grade lower than expected)
with probability ``share_violated``; transparency (low, medium, high) is randomized. Trust is normal with SD
``sd`` around ``mean_not_violated`` minus ``drop_when_violated[transparency]`` for violated participants. The
default drops (0.96, 0.30, 0.96 SD) encode the reported pattern — medium transparency buffers the loss of trust,
high transparency does not — and give a population partial eta^2 of about 0.12 for the violation main effect.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
from scipy import optimize, stats

from .. import experiments, sweep
from .._validation import (
    check_array,
    check_bool,
    check_count,
    check_number,
    check_positive_finite,
    check_probability,
    check_rng,
    check_size,
)
from ..experiments.design import check_allocation, check_arms

__all__ = [
    "HERLOCKER_2000_TABLE1",
    "HERLOCKER_BASELINE",
    "ABReplications",
    "ABTestParams",
    "HerlockerParams",
    "KizilcecParams",
    "Moments",
    "calibrate_latent",
    "discretized_moments",
    "herlocker_directions",
    "herlocker_sensitivity",
    "kizilcec_replication_tests",
    "kizilcec_replications",
    "simulate_ab_replications",
    "simulate_ab_test",
    "simulate_herlocker",
    "simulate_kizilcec",
]


def _check_params(params, kind: type) -> None:
    if not isinstance(params, kind):
        raise TypeError(f"params must be a {kind.__name__}(...), got {type(params).__name__}")


def _check_effects(values, name: str, n_arms: int) -> np.ndarray:
    values = check_array(values, name)
    if values.size != n_arms:
        raise ValueError(f"{name} needs one value per arm: {n_arms} arms, {values.size} values")
    return values


# ----------------------------------------------------------------------------------------------- A/B test


@dataclass(frozen=True)
class ABTestParams:
    n_users: int = 3000
    arms: tuple[str, ...] = ("control", "explanations", "control_panel")
    allocation: tuple[float, ...] = (1 / 3, 1 / 3, 1 / 3)
    baseline: float = 4.0  # mean trust (1-7 scale) of low-concern users without treatment
    sd: float = 1.2  # residual SD of trust
    pre_correlation: float = 0.7  # correlation of pre-experiment and outcome trust (what CUPED exploits)
    share_high_concern: float = 0.4
    concern_shift: float = -0.5  # high-concern users trust less to begin with
    effect_low: tuple[float, ...] = (0.0, 0.15, 0.10)  # effect per arm for low-concern users
    effect_high: tuple[float, ...] = (0.0, 0.15, 0.40)  # effect per arm for high-concern users

    def __post_init__(self):
        arms = check_arms(self.arms)
        check_count(self.n_users, "n_users", minimum=len(arms))
        check_allocation(self.allocation, len(arms))
        _check_effects(self.effect_low, "effect_low", len(arms))
        _check_effects(self.effect_high, "effect_high", len(arms))
        check_number(self.baseline, "baseline")
        check_positive_finite(self.sd, "sd")
        check_number(
            self.pre_correlation, "pre_correlation", low=-1.0, high=1.0, low_open=True, high_open=True
        )
        check_probability(self.share_high_concern, "share_high_concern")
        check_number(self.concern_shift, "concern_shift")

    @property
    def true_ate(self) -> dict[str, float]:
        """Population average effect of each arm against the first arm (the control)."""
        lo, hi = np.asarray(self.effect_low), np.asarray(self.effect_high)
        tau = lo + self.share_high_concern * (hi - lo)
        return {arm: float(tau[i] - tau[0]) for i, arm in enumerate(self.arms) if i > 0}

    @property
    def true_effect_by_concern(self) -> dict[str, dict[str, float]]:
        return {
            arm: {
                "low": self.effect_low[i] - self.effect_low[0],
                "high": self.effect_high[i] - self.effect_high[0],
            }
            for i, arm in enumerate(self.arms)
            if i > 0
        }


@dataclass(frozen=True)
class ABReplications:
    """Many two-arm experiments, one per row; ``reps["y"]`` also works."""

    y: np.ndarray  # (replications, units) outcomes
    treated: np.ndarray  # (replications, units) booleans
    x_pre: np.ndarray  # (replications, units) pre-experiment covariate
    truth: float  # the true average effect of the arm

    def __getitem__(self, key: str):
        if key not in {f.name for f in fields(self)}:
            raise KeyError(key)
        return getattr(self, key)


def simulate_ab_test(params: ABTestParams = ABTestParams(), *, rng: np.random.Generator) -> pd.DataFrame:
    """One randomized experiment: columns ``user_id, arm, high_concern, trust_pre, trust``."""
    _check_params(params, ABTestParams)
    rng = check_rng(rng)
    n = params.n_users
    check_size(6, n, what=f"simulate_ab_test of {n:,} users")
    arm = experiments.randomize(n, params.arms, params.allocation, rng=rng)
    high = rng.random(n) < params.share_high_concern
    z1, z2 = rng.standard_normal(n), rng.standard_normal(n)
    index = pd.Index(params.arms).get_indexer(arm)
    lo, hi = np.asarray(params.effect_low), np.asarray(params.effect_high)
    tau = lo[index] + high * (hi - lo)[index]
    level = params.baseline + params.concern_shift * high
    rho = params.pre_correlation
    return pd.DataFrame(
        {
            "user_id": np.arange(1, n + 1),
            "arm": arm.astype(str),
            "high_concern": high,
            "trust_pre": level + params.sd * z1,
            "trust": level + tau + params.sd * (rho * z1 + np.sqrt(1 - rho**2) * z2),
        }
    )


def simulate_ab_replications(
    params: ABTestParams, arm: str, replications: int, *, rng: np.random.Generator
) -> ABReplications:
    """Many independent two-arm experiments (control vs ``arm``) at once, vectorized.

    Each row is one experiment with the control and ``arm`` units of an ``n_users`` experiment. Returns
    arrays ``y``, ``treated``, ``x_pre`` of shape (replications, units) and the scalar ``truth``.
    """
    _check_params(params, ABTestParams)
    if arm not in params.arms[1:]:
        raise ValueError(f"arm must be one of the treatment arms {params.arms[1:]}, got {arm!r}")
    replications = check_count(replications, "replications")
    rng = check_rng(rng)
    i = params.arms.index(arm)
    sizes = experiments.arm_sizes(params.n_users, np.asarray(params.allocation) / np.sum(params.allocation))
    n0, n1 = int(sizes[0]), int(sizes[i])
    check_size(8, replications, n0 + n1, what=f"{replications:,} replications of {n0 + n1:,} units")
    base = np.tile(np.r_[np.zeros(n0, bool), np.ones(n1, bool)], (replications, 1))
    treated = rng.permuted(base, axis=1)
    shape = treated.shape
    high = rng.random(shape) < params.share_high_concern
    z1, z2 = rng.standard_normal(shape), rng.standard_normal(shape)
    lo, hi = params.effect_low, params.effect_high
    tau = np.where(treated, lo[i] + high * (hi[i] - lo[i]), lo[0] + high * (hi[0] - lo[0]))
    level = params.baseline + params.concern_shift * high
    rho = params.pre_correlation
    y = level + tau + params.sd * (rho * z1 + np.sqrt(1 - rho**2) * z2)
    return ABReplications(y, treated, level + params.sd * z1, params.true_ate[arm])


# ----------------------------------------------------------------------------------------------- Herlocker 2000

# Table 1 of Herlocker, Konstan & Riedl (2000): interface, N, mean, SD (1-7 scale); also in
# datasets/herlocker2000_table1.csv with its provenance.
HERLOCKER_2000_TABLE1: tuple[tuple[str, int, float, float], ...] = (
    ("Histogram with grouping", 76, 5.25, 1.29),
    ("Past performance", 77, 5.19, 1.16),
    ("Neighbor ratings histogram", 78, 5.09, 1.22),
    ("Table of neighbors ratings", 78, 4.97, 1.29),
    ("Similarity to other movies rated", 77, 4.97, 1.50),
    ("Favorite actor or actress", 76, 4.92, 1.73),
    ("MovieLens percent confidence in prediction", 77, 4.71, 1.02),
    ("Won awards", 76, 4.67, 1.49),
    ("Detailed process description", 77, 4.64, 1.40),
    ("# neighbors", 75, 4.60, 1.29),
    ("No extra data - focus on system", 75, 4.53, 1.20),
    ("No extra data - focus on users", 78, 4.51, 1.35),
    ("MovieLens confidence in prediction", 77, 4.51, 1.20),
    ("Good profile", 77, 4.45, 1.53),
    ("Overall percent rated 4+", 75, 4.37, 1.26),
    ("Complex graph: count, ratings, similarity", 74, 4.36, 1.47),
    ("Recommended by movie critics", 76, 4.21, 1.47),
    ("Rating and %agreement of closest neighbor", 77, 4.21, 1.20),
    ("# neighbors with std. deviation", 78, 4.19, 1.45),
    ("# neighbors with avg correlation", 76, 4.08, 1.46),
    ("Overall average rating", 77, 3.94, 1.22),
)
HERLOCKER_BASELINE = ("No extra data - focus on system", "No extra data - focus on users")


def _check_scale(scale) -> tuple[int, int]:
    if isinstance(scale, (str, bytes)):
        raise TypeError(f"scale must be two whole numbers (lowest, highest answer), got {scale!r}")
    values = check_array(scale, "scale", integer=True)
    if values.shape != (2,) or not values[0] < values[1]:
        raise ValueError(f"scale must be (lowest, highest) answers with lowest < highest, got {scale!r}")
    return int(values[0]), int(values[1])


@dataclass(frozen=True)
class HerlockerParams:
    interfaces: tuple[str, ...] = tuple(row[0] for row in HERLOCKER_2000_TABLE1)
    means: tuple[float, ...] = tuple(row[2] for row in HERLOCKER_2000_TABLE1)
    sds: tuple[float, ...] = tuple(row[3] for row in HERLOCKER_2000_TABLE1)
    n_users: int = 78
    within_user_correlation: float = 0.5  # not published: an assumption, varied in the notebook's exercise
    scale: tuple[int, int] = (1, 7)
    match_published_means: bool = True  # nudge single answers by one point so sample means hit the table

    def __post_init__(self):
        interfaces = check_arms(self.interfaces, "interfaces")
        lo, hi = _check_scale(self.scale)
        means = check_array(self.means, "means")
        sds = check_array(self.sds, "sds")
        if not (len(interfaces) == means.size == sds.size):
            raise ValueError("interfaces, means and sds must have the same length")
        if np.any((means <= lo) | (means >= hi)) or np.any(sds <= 0):
            raise ValueError(f"means must lie strictly inside the scale ({lo}, {hi}) and sds be positive")
        check_count(self.n_users, "n_users", minimum=2)
        check_number(
            self.within_user_correlation, "within_user_correlation", low=0.0, high=1.0, high_open=True
        )
        check_bool(self.match_published_means, "match_published_means")


@dataclass(frozen=True)
class Moments:
    """Means and SDs (arrays, or floats for scalar input); unpacks as ``mean, sd = moments``."""

    mean: np.ndarray
    sd: np.ndarray

    def __iter__(self):
        return iter((self.mean, self.sd))


def discretized_moments(latent_mean, latent_sd, scale: tuple[int, int] = (1, 7)) -> Moments:
    """Mean and SD of ``clip(round(L), lo, hi)`` for ``L ~ Normal(latent_mean, latent_sd^2)`` (exact)."""
    lo, hi = _check_scale(scale)
    m = check_array(latent_mean, "latent_mean", ndim=None)[..., None]
    s = check_array(latent_sd, "latent_sd", ndim=None)[..., None]
    if np.any(s <= 0):
        raise ValueError("latent_sd must be positive")
    k = np.arange(lo, hi + 1)
    upper = np.where(k == hi, np.inf, k + 0.5)
    lower = np.where(k == lo, -np.inf, k - 0.5)
    prob = stats.norm.cdf((upper - m) / s) - stats.norm.cdf((lower - m) / s)
    mean = (prob * k).sum(axis=-1)
    sd = np.sqrt((prob * (k - mean[..., None]) ** 2).sum(axis=-1))
    return Moments(mean, sd)


def calibrate_latent(means, sds, scale: tuple[int, int] = (1, 7)) -> Moments:
    """Latent normal means and SDs whose rounded, clipped responses have the given means and SDs.

    Raises when a target cannot be reached on the scale (an SD larger than the scale allows at that mean).
    """
    lo, hi = _check_scale(scale)
    means, sds = check_array(means, "means"), check_array(sds, "sds")
    if means.shape != sds.shape:
        raise ValueError(f"means and sds must have the same length: {means.size} vs {sds.size}")
    if np.any((means <= lo) | (means >= hi)) or np.any(sds <= 0):
        raise ValueError(f"published means must lie inside ({lo}, {hi}) and SDs be positive")
    out_m, out_s = np.empty_like(means), np.empty_like(sds)
    for i, (m, s) in enumerate(zip(means, sds)):  # 21 small 2-parameter solves
        fit = optimize.least_squares(
            lambda p, m=m, s=s: np.r_[tuple(discretized_moments(p[0], np.exp(p[1]), scale))] - [m, s],
            x0=[m, np.log(s)],
        )
        if np.abs(fit.fun).max() > 1e-6:
            raise ValueError(
                f"no latent normal gives mean {m:g} and SD {s:g} on the scale {lo}..{hi} (closest misses by "
                f"{np.abs(fit.fun).max():.3g}); check the published values"
            )
        out_m[i], out_s[i] = fit.x[0], np.exp(fit.x[1])
    return Moments(out_m, out_s)


def simulate_herlocker(
    params: HerlockerParams = HerlockerParams(), *, rng: np.random.Generator
) -> pd.DataFrame:
    """Wide table: one row per participant (block), one column per interface, integer responses 1-7."""
    _check_params(params, HerlockerParams)
    rng = check_rng(rng)
    check_size(
        4, params.n_users, len(params.interfaces), what=f"simulate_herlocker of {params.n_users:,} users"
    )
    m, s = calibrate_latent(params.means, params.sds, params.scale)
    r = params.within_user_correlation
    block = rng.standard_normal((params.n_users, 1))
    noise = rng.standard_normal((params.n_users, len(m)))
    latent = m + s * (np.sqrt(r) * block + np.sqrt(1 - r) * noise)
    responses = np.clip(np.rint(latent), *params.scale).astype(int)
    if params.match_published_means:
        lo, hi = params.scale
        targets = np.rint(np.asarray(params.means) * params.n_users).astype(int)
        for c in range(responses.shape[1]):  # 21 columns; each fix moves |delta| answers by one point
            delta = targets[c] - responses[:, c].sum()
            movable = (
                np.flatnonzero(responses[:, c] < hi) if delta > 0 else np.flatnonzero(responses[:, c] > lo)
            )
            chosen = rng.choice(movable, size=min(abs(delta), movable.size), replace=False)
            responses[chosen, c] += np.sign(delta)
    frame = pd.DataFrame(responses, columns=list(params.interfaces))
    frame.index = pd.RangeIndex(1, params.n_users + 1, name="participant")
    return frame


# ----------------------------------------------------------------------------------------------- Kizilcec 2016


@dataclass(frozen=True)
class KizilcecParams:
    n_participants: int = 103
    share_violated: float = 0.5
    transparency_levels: tuple[str, ...] = ("low", "medium", "high")
    mean_not_violated: float = 5.4  # trust when expectations are met: no effect of transparency
    drop_when_violated: tuple[float, ...] = (
        0.96,
        0.30,
        0.96,
    )  # loss of trust by transparency level (SD units)
    sd: float = 1.0

    def __post_init__(self):
        levels = check_arms(self.transparency_levels, "transparency_levels")
        drops = check_array(self.drop_when_violated, "drop_when_violated")
        if drops.size != len(levels):
            raise ValueError("one drop per transparency level")
        check_number(self.share_violated, "share_violated", low=0.0, high=1.0, low_open=True, high_open=True)
        check_count(self.n_participants, "n_participants")
        if self.n_participants < 4 * len(levels):
            raise ValueError("too few participants for a 2 x 3 design")
        check_number(self.mean_not_violated, "mean_not_violated")
        check_positive_finite(self.sd, "sd")

    @property
    def population_partial_eta_sq_violation(self) -> float:
        """Partial eta^2 of the violation main effect in the population (equal cell weights)."""
        gap = np.mean(self.drop_when_violated)
        p = self.share_violated
        ss = p * (1 - p) * gap**2  # between-group variance of the violation main effect
        return float(ss / (ss + self.sd**2))


def simulate_kizilcec(params: KizilcecParams = KizilcecParams(), *, rng: np.random.Generator) -> pd.DataFrame:
    """One study: columns ``participant, violation, transparency, trust``."""
    _check_params(params, KizilcecParams)
    rng = check_rng(rng)
    n = params.n_participants
    check_size(6, n, what=f"simulate_kizilcec of {n:,} participants")
    transparency = experiments.randomize(n, params.transparency_levels, rng=rng)
    violated = rng.random(n) < params.share_violated
    drop = np.asarray(params.drop_when_violated)[
        pd.Index(params.transparency_levels).get_indexer(transparency)
    ]
    trust = params.mean_not_violated - violated * drop * params.sd + params.sd * rng.standard_normal(n)
    return pd.DataFrame(
        {
            "participant": np.arange(1, n + 1),
            "violation": np.where(violated, "violated", "not violated"),
            "transparency": pd.Categorical(
                transparency.astype(str), categories=list(params.transparency_levels)
            ),
            "trust": trust,
        }
    )


def kizilcec_replication_tests(
    params: KizilcecParams, replications: int, *, rng: np.random.Generator
) -> dict[str, experiments.EffectReplications]:
    """Type II F tests over many simulated studies, vectorized: ``"violation"`` (the main effect Kizilcec
    reports) and ``"violation x transparency"`` (the buffering: does the loss of trust depend on transparency?).

    Each replication draws new participants; the designs are solved in one batched least squares
    (:func:`helpers.experiments.two_way_effects_many`). The power of a test is ``result[key].power(alpha)``.
    """
    _check_params(params, KizilcecParams)
    replications = check_count(replications, "replications")
    rng = check_rng(rng)
    n, k = params.n_participants, len(params.transparency_levels)
    check_size(6, replications, n, what=f"{replications:,} replications of {n:,} participants")
    sizes = experiments.arm_sizes(n, np.full(k, 1 / k))
    t_idx = rng.permuted(np.tile(np.repeat(np.arange(k), sizes), (replications, 1)), axis=1)
    v = rng.random((replications, n)) < params.share_violated
    drop = np.asarray(params.drop_when_violated)[t_idx]
    y = params.mean_not_violated - v * drop * params.sd + params.sd * rng.standard_normal((replications, n))
    tests = experiments.two_way_effects_many(y, v, t_idx)
    return {"violation": tests["a"], "violation x transparency": tests["a x b"]}


def kizilcec_replications(
    params: KizilcecParams, replications: int, *, rng: np.random.Generator
) -> experiments.EffectReplications:
    """F and partial eta^2 of the violation main effect (Type II) over many simulated studies: the
    ``"violation"`` entry of :func:`kizilcec_replication_tests` (the same draws)."""
    return kizilcec_replication_tests(params, replications, rng=rng)["violation"]


# ------------------------------------------------------------------------- Herlocker: sensitivity to r


def herlocker_directions(correlations, n_users: int = 78, *, rng: np.random.Generator) -> pd.DataFrame:
    """One draw of the Herlocker study under each assumed within-user correlation: the direction (``above``,
    ``below``, ``not different``, ``baseline``) of each interface against the base cases after the
    Benjamini-Hochberg correction (rows: interfaces in Table 1 order; columns: correlations).

    The same random numbers serve every correlation (the generator's state is restored before each), so
    columns differ only through the correlation: common random numbers. A :func:`helpers.sweep.run_tasks`
    task.
    """
    rng = check_rng(rng)
    correlations = [
        check_number(r, "within_user_correlation", low=0.0, high=1.0, high_open=True)
        for r in check_array(correlations, "correlations", ndim=1)
    ]
    if not correlations:
        raise ValueError("herlocker_directions needs at least one correlation")
    state = rng.bit_generator.state
    columns = {}
    for r in correlations:
        rng.bit_generator.state = state
        data = simulate_herlocker(HerlockerParams(n_users=n_users, within_user_correlation=r), rng=rng)
        tests = experiments.paired_tests_vs_baseline(data, HERLOCKER_BASELINE, correction="bh")
        columns[r] = tests["direction"].reindex(list(data.columns))
    return pd.DataFrame(columns)


def herlocker_sensitivity(
    correlations, draws: int, *, seed, n_users: int = 78, backend: str = "auto"
) -> pd.DataFrame:
    """How the re-analysis of Herlocker et al. (2000) depends on the within-user correlation the paper does
    not report: ``draws`` simulated studies (each its own stream spawned from ``seed`` through
    :func:`helpers.sweep.run_tasks`), each analysed under every correlation with common random numbers.

    Returns one row per (interface, correlation) with the number of draws in which the interface is
    ``above`` and ``below`` the base cases after the correction, and ``draws``. With ``correlations``
    holding 0.5 and ``seed=0``, 40 draws are the check of ``tests/unit/simulate/test_experiments.py``.
    """
    draws = check_count(draws, "draws")
    n_users = check_count(n_users, "n_users")
    correlations = [
        check_number(r, "within_user_correlation", low=0.0, high=1.0, high_open=True)
        for r in check_array(correlations, "correlations", ndim=1)
    ]
    if not correlations or len(set(correlations)) != len(correlations):
        raise ValueError(f"correlations must be distinct values, got {correlations}")
    check_size(
        draws,
        len(correlations),
        n_users,
        len(HERLOCKER_2000_TABLE1),
        what=f"herlocker_sensitivity of {draws:,} draws",
    )
    outputs = sweep.run_tasks(
        herlocker_directions,
        [{}] * draws,
        seed=seed,
        shared={"correlations": correlations, "n_users": n_users},
        backend=backend,
        description="Herlocker sensitivity",
    )
    stacked = pd.concat(outputs, keys=range(draws), names=["draw", "interface"])
    rows = []
    for r in correlations:
        directions = stacked[r].unstack("interface")
        for interface in outputs[0].index:
            rows.append(
                {
                    "interface": interface,
                    "within_user_correlation": r,
                    "above": int((directions[interface] == "above").sum()),
                    "below": int((directions[interface] == "below").sum()),
                    "draws": draws,
                }
            )
    return pd.DataFrame(rows)
