"""The A/B(/C) test of transparency features with known average and subgroup effects (see the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from ... import experiments
from ..._validation import (
    check_count,
    check_number,
    check_positive_finite,
    check_probability,
    check_rng,
    check_size,
)
from ...experiments.design import check_allocation, check_arms
from ._checks import _check_effects, _check_params

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
