"""Designing a randomized experiment: complete and blocked randomization with fixed arm sizes, the balance
check of covariates across arms, and power analysis (sample size, minimum detectable effect, power).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import (
    check_array,
    check_count,
    check_number,
    check_numeric_columns,
    check_open_unit,
    check_positive_finite,
    check_rng,
    check_size,
)

__all__ = [
    "arm_sizes",
    "balance_table",
    "minimum_detectable_effect",
    "power_of_test",
    "randomize",
    "sample_size_per_arm",
]


# --------------------------------------------------------------------------------------------- checks
def check_arms(arms, name: str = "arms") -> list:
    """At least two distinct, non-missing arm labels, as a list (a single string is refused)."""
    if isinstance(arms, (str, bytes)) or not isinstance(arms, (Sequence, np.ndarray, pd.Index, pd.Series)):
        raise TypeError(f"{name} must be a list of arm names such as ['control', 'treatment'], got {arms!r}")
    arms = list(arms)
    if len(arms) < 2:
        raise ValueError(f"an experiment needs at least two {name} (a control and a treatment), got {arms}")
    if any(pd.isna(arm) if np.ndim(arm) == 0 else True for arm in arms):
        raise ValueError(f"{name} must be labels (strings or numbers), not missing values or lists: {arms}")
    if len(set(arms)) != len(arms):
        raise ValueError(f"{name} must be unique, got {arms}")
    return arms


def check_allocation(allocation, n_arms: int) -> np.ndarray:
    """Positive allocation shares, one per arm, summing to 1; ``None`` means equal shares."""
    if allocation is None:
        return np.full(n_arms, 1.0 / n_arms)
    allocation = check_array(allocation, "allocation")
    if allocation.shape != (n_arms,):
        raise ValueError(f"give one allocation ratio per arm: {n_arms} arms, {allocation.size} ratios")
    if np.any(allocation <= 0):
        raise ValueError("allocation ratios must be positive: an arm with ratio 0 would have no units")
    if not np.isclose(allocation.sum(), 1.0, atol=1e-9):
        raise ValueError(f"allocation ratios must sum to 1, got {allocation.sum():.6g}; divide by their sum")
    return allocation


def check_assignment(assignment, n_units: int | None = None, name: str = "assignment") -> np.ndarray:
    """One non-missing arm label per unit, as an array."""
    if isinstance(assignment, (str, bytes)):
        raise TypeError(f"{name} must hold one arm label per unit, got a string")
    assignment = np.asarray(assignment)
    if assignment.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one label per unit), got shape {assignment.shape}")
    if n_units is not None and assignment.size != n_units:
        raise ValueError(f"{name} must hold one label per unit: {n_units} units, {assignment.size} labels")
    if pd.isna(assignment).any():
        raise ValueError(f"{name} has missing labels (None or NaN); give every unit an arm")
    return assignment


def arm_sizes(n_units: int, allocation) -> np.ndarray:
    """Arm sizes for ``n_units`` split by ``allocation`` shares, summing to ``n_units`` exactly.

    Largest-remainder rounding of ``n_units * allocation``.
    """
    n_units = check_count(n_units, "n_units", minimum=0)
    allocation = check_array(allocation, "allocation")
    allocation = check_allocation(allocation, allocation.size)
    raw = n_units * allocation
    sizes = np.floor(raw).astype(int)
    order = np.argsort(-(raw - sizes), kind="stable")
    sizes[order[: n_units - sizes.sum()]] += 1
    return sizes


# --------------------------------------------------------------------------------------------- randomization
def randomize(
    n_units: int,
    arms: Sequence[str],
    allocation: Sequence[float] | None = None,
    *,
    rng: np.random.Generator,
    strata=None,
) -> np.ndarray:
    """Complete randomization of ``n_units`` into ``arms`` with fixed arm sizes (``allocation`` shares).

    With ``strata`` (one label per unit) units are randomized separately within each stratum (blocking),
    which guarantees balance on the stratifying variable. Returns an array of arm names, one per unit.
    """
    rng = check_rng(rng)
    arms = check_arms(arms)
    n_units = check_count(n_units, "n_units")
    shares = check_allocation(allocation, len(arms))
    if n_units < len(arms):
        raise ValueError(
            f"cannot randomize {n_units} units into {len(arms)} arms: some arm would have no units"
        )
    check_size(n_units, what=f"randomize's assignment of {n_units:,} units")
    labels = np.asarray(arms, dtype=object)
    if strata is None:
        return rng.permutation(np.repeat(labels, arm_sizes(n_units, shares)))
    strata = check_assignment(strata, n_units, "strata")
    out = np.empty(n_units, dtype=object)
    for stratum in pd.unique(strata):  # a loop over strata (a handful), not over units
        idx = np.flatnonzero(strata == stratum)
        out[idx] = rng.permutation(np.repeat(labels, arm_sizes(idx.size, shares)))
    return out


def balance_table(covariates: pd.DataFrame, assignment, control: str) -> pd.DataFrame:
    """Balance check: per covariate and treatment arm, the standardized mean difference (SMD) to control,
    and a one-way ANOVA p-value across all arms.

    |SMD| < 0.1 is the usual rule of thumb for good balance. Under randomization about 5% of the p-values
    fall below 0.05 by chance: a "significant" imbalance is not evidence that randomization failed.
    """
    if not isinstance(covariates, pd.DataFrame):
        raise TypeError(f"covariates must be a pandas DataFrame, got {type(covariates).__name__}")
    if covariates.shape[1] == 0:
        raise ValueError("covariates has no columns: give at least one covariate to check")
    if covariates.columns.duplicated().any():
        raise ValueError(f"covariates has duplicate column names: {list(covariates.columns)}")
    values = check_numeric_columns(covariates, list(covariates.columns), "covariates", min_rows=2)
    assignment = check_assignment(assignment, len(covariates))
    arms = list(pd.unique(assignment))
    if control not in arms:
        raise ValueError(f"control arm {control!r} not found among arms {arms}")
    if len(arms) < 2:
        raise ValueError(f"assignment holds only the control arm {control!r}: nothing to compare it with")
    counts = pd.Series(assignment).value_counts()
    if (counts < 2).any():
        raise ValueError(f"every arm needs at least two units for a variance; counts are {counts.to_dict()}")
    constant = [c for c, v in zip(covariates.columns, values.T) if np.ptp(v) == 0]
    if constant:
        raise ValueError(f"covariates {constant} are constant: there is nothing to balance; drop them")
    rows = []
    for column, x in zip(covariates.columns, values.T):
        groups = [x[assignment == arm] for arm in arms]
        c = x[assignment == control]
        row = {"covariate": column, f"mean_{control}": c.mean()}
        for arm in arms:
            if arm == control:
                continue
            t = x[assignment == arm]
            pooled = np.sqrt((t.var(ddof=1) + c.var(ddof=1)) / 2)
            gap = t.mean() - c.mean()
            row[f"mean_{arm}"] = t.mean()
            # constant within both arms: no spread to standardize by; any gap is a complete imbalance
            row[f"smd_{arm}"] = gap / pooled if pooled > 0 else (0.0 if gap == 0 else np.sign(gap) * np.inf)
        with warnings.catch_warnings():
            # constant within every arm: F is infinite and p is 0, which is the answer
            warnings.simplefilter("ignore", stats.ConstantInputWarning)
            row["p_value"] = float(stats.f_oneway(*groups).pvalue)
        rows.append(row)
    return pd.DataFrame(rows).set_index("covariate")


# --------------------------------------------------------------------------------------------- power
def _check_design(sd, alpha, ratio) -> tuple[float, float, float]:
    return (
        check_positive_finite(sd, "sd"),
        check_open_unit(alpha, "alpha"),
        check_positive_finite(ratio, "ratio"),
    )


def _check_power(power, alpha: float) -> float:
    power = check_open_unit(power, "power")
    if power <= alpha:
        raise ValueError(
            f"power ({power:g}) must exceed alpha ({alpha:g}): a test rejects with probability alpha "
            "even when there is no effect"
        )
    return power


def _check_n_per_arm(n_per_arm, ratio: float) -> float:
    n_per_arm = check_number(n_per_arm, "n_per_arm", low=2.0)
    if n_per_arm * ratio < 2:
        raise ValueError(
            f"the treatment arm would have n_per_arm * ratio = {n_per_arm * ratio:g} units; it needs at least 2"
        )
    return n_per_arm


def sample_size_per_arm(
    mde: float, sd: float = 1.0, alpha: float = 0.05, power: float = 0.8, ratio: float = 1.0
) -> int:
    """Units needed in the control arm (treatment gets ``ratio`` times as many) for a two-sided two-sample
    t-test to detect a difference ``mde`` (in outcome units, outcome SD ``sd``) with the given power.

    The smallest answer is 2 per arm (a t-test needs a variance in each arm).
    """
    from statsmodels.stats.power import TTestIndPower
    from statsmodels.tools.sm_exceptions import ConvergenceWarning  # imported first: it resets the filters

    mde = check_number(mde, "mde")
    if mde == 0:
        raise ValueError("mde must be non-zero: no sample size detects an effect of exactly 0")
    sd, alpha, ratio = _check_design(sd, alpha, ratio)
    power = _check_power(power, alpha)
    minimum = max(2, int(np.ceil(2 / ratio)))
    if power_of_test(mde, minimum, sd, alpha, ratio) >= power:
        return minimum
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # it warns before returning NaN; refused below
        n = TTestIndPower().solve_power(effect_size=abs(mde) / sd, alpha=alpha, power=power, ratio=ratio)
    n = np.asarray(n, dtype=float).item()
    if not np.isfinite(n):
        raise ValueError(
            f"no sample size found for mde={mde:g}, sd={sd:g} (standardized effect {abs(mde) / sd:.3g}): "
            "the effect is too small to detect with a feasible sample; choose a larger mde"
        )
    return int(np.ceil(n))


def minimum_detectable_effect(
    n_per_arm: float, sd: float = 1.0, alpha: float = 0.05, power: float = 0.8, ratio: float = 1.0
) -> float:
    """The smallest true difference (outcome units) a two-sided t-test with ``n_per_arm`` control units
    detects with probability ``power``."""
    from statsmodels.stats.power import TTestIndPower
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    sd, alpha, ratio = _check_design(sd, alpha, ratio)
    power = _check_power(power, alpha)
    n_per_arm = _check_n_per_arm(n_per_arm, ratio)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # it warns before returning NaN; refused below
        d = TTestIndPower().solve_power(nobs1=n_per_arm, alpha=alpha, power=power, ratio=ratio)
    d = np.asarray(d, dtype=float).item()
    if not np.isfinite(d):
        raise ValueError(f"no minimum detectable effect found for n_per_arm={n_per_arm:g}, power={power:g}")
    return float(d * sd)


def power_of_test(
    effect: float, n_per_arm: float, sd: float = 1.0, alpha: float = 0.05, ratio: float = 1.0
) -> float:
    """Power of a two-sided two-sample t-test for a true difference ``effect`` (outcome units)."""
    from statsmodels.stats.power import TTestIndPower

    effect = check_number(effect, "effect")
    sd, alpha, ratio = _check_design(sd, alpha, ratio)
    n_per_arm = _check_n_per_arm(n_per_arm, ratio)
    power = TTestIndPower().power(effect_size=abs(effect) / sd, nobs1=n_per_arm, alpha=alpha, ratio=ratio)
    return float(np.asarray(power, dtype=float).item())
