"""Sequential looks at a running experiment: how peeking at a fixed-horizon test after every batch of units,
and stopping at the first significant look, inflates the false positive rate of A/A tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._validation import check_count, check_open_unit, check_rng, check_size

__all__ = ["PeekingResult", "peeking_simulation"]


@dataclass(frozen=True)
class PeekingResult:
    """False positive rates of A/A tests with and without peeking, and by look."""

    false_positive_rate_peeking: float  # share of A/A tests declared significant at any look
    false_positive_rate_fixed: float  # share significant at the final look only
    looks: int
    simulations: int
    cumulative_by_look: np.ndarray  # share stopped (falsely) by look k, k = 1..looks


def peeking_simulation(
    n_per_arm: int, looks: int, simulations: int, *, rng: np.random.Generator, alpha: float = 0.05
) -> PeekingResult:
    """A/A tests (no true effect) analysed with a z-test after every ``n_per_arm / looks`` units per arm,
    stopping at the first significant look. Vectorized over simulations with cumulative sums.

    Holds about three (simulations x n_per_arm) float arrays in memory at once; sizes beyond the package's
    memory limit are refused before anything is drawn.
    """
    rng = check_rng(rng)
    alpha = check_open_unit(alpha, "alpha")
    looks = check_count(looks, "looks")
    n_per_arm = check_count(n_per_arm, "n_per_arm")
    simulations = check_count(simulations, "simulations")
    if n_per_arm < 2 * looks:
        raise ValueError(
            f"n_per_arm ({n_per_arm}) must be at least 2 * looks ({2 * looks}): each look needs new units"
        )
    check_size(
        3,
        simulations,
        n_per_arm,
        what=f"peeking_simulation's draws ({simulations:,} experiments x {n_per_arm:,} units per arm, three arrays)",
    )
    at = np.linspace(n_per_arm / looks, n_per_arm, looks).round().astype(int)
    crit = stats.norm.ppf(1 - alpha / 2)
    # the difference of the two arms' cumulative sums is all a z-test with known unit variance needs
    diff = rng.standard_normal((simulations, n_per_arm)) - rng.standard_normal((simulations, n_per_arm))
    z = np.cumsum(diff, axis=1)[:, at - 1] / np.sqrt(2 * at)
    significant = np.abs(z) > crit
    first = np.maximum.accumulate(significant, axis=1)
    return PeekingResult(
        float(first[:, -1].mean()), float(significant[:, -1].mean()), looks, simulations, first.mean(axis=0)
    )
