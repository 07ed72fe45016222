"""Kizilcec (2016): the 2 x 3 study of transparency and expectation violation, and its replications."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import experiments
from ..._validation import (
    check_array,
    check_count,
    check_number,
    check_positive_finite,
    check_rng,
    check_size,
)
from ...experiments.design import check_arms
from ._checks import _check_params

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
