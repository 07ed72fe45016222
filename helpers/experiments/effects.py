"""Treatment effects of a randomized experiment with intervals: difference in means (Welch), CUPED, Lin's
regression adjustment, every arm against control, effects within subgroups, the coverage of the intervals
over simulated replications, and paired tests of a randomized block design against a baseline.

Every estimator returns a frozen :class:`EffectEstimate` with named fields, in the style of ``scipy.stats``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import (
    check_array,
    check_choice,
    check_frame,
    check_number,
    check_numeric_columns,
    check_open_unit,
)
from ..stats import Interval, welch, welch_dof
from .design import check_assignment
from .multiplicity import benjamini_hochberg, holm

__all__ = [
    "CoverageResult",
    "EffectEstimate",
    "cuped",
    "difference_in_means",
    "estimate_arms",
    "heterogeneous_effects",
    "interval_coverage",
    "paired_tests_vs_baseline",
    "regression_adjusted",
]


@dataclass(frozen=True)
class EffectEstimate:
    """An average treatment effect with its interval at ``confidence``; other levels by method."""

    estimate: float  # treatment mean minus control mean (outcome units)
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n_treated: int
    n_control: int
    method: str
    dof: float = np.inf  # t degrees of freedom of the interval (inf: normal)
    confidence: float = 0.95  # the level of ci_low, ci_high

    def confidence_interval(self, confidence_level: float = 0.95) -> Interval:
        """The interval of the effect at another ``confidence_level`` (same standard error and reference)."""
        confidence_level = check_open_unit(confidence_level, "confidence_level")
        upper = 0.5 + confidence_level / 2
        q = stats.norm.ppf(upper) if np.isinf(self.dof) else stats.t.ppf(upper, self.dof)
        return Interval(
            float(self.estimate - q * self.se), float(self.estimate + q * self.se), confidence_level
        )


@dataclass(frozen=True)
class CoverageResult:
    """Coverage of one estimator's intervals over replications; ``result["coverage"]`` also works."""

    coverage: float  # share of intervals containing the truth
    mean_estimate: float
    mean_width: float
    replications: int

    def __getitem__(self, key: str):
        if key not in {f.name for f in fields(self)}:
            raise KeyError(key)
        return getattr(self, key)


# --------------------------------------------------------------------------------------------- checks
def check_indicator(values, name: str = "treated") -> np.ndarray:
    """A treatment indicator as a bool array: booleans or 0/1, nothing missing."""
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must hold booleans or 0/1 indicators, got a string")
    values = np.asarray(values)
    if values.dtype == bool:
        return values
    if pd.isna(values).any():
        raise ValueError(f"{name} has missing values; give every unit True/False (or 1/0)")
    if values.dtype.kind not in "biuf" or not np.isin(values, [0, 1]).all():
        raise ValueError(f"{name} must be booleans or 0/1 indicators")
    return values.astype(bool)


def check_outcome(y, treated, names: tuple[str, str] = ("y", "treated")) -> tuple[np.ndarray, np.ndarray]:
    """Finite outcomes and a treatment indicator of the same length, with at least two units per arm."""
    y = check_array(y, names[0])
    treated = check_indicator(treated, names[1])
    if y.shape != treated.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape: {y.shape} vs {treated.shape}")
    for arm, count in (("treatment", treated.sum()), ("control", (~treated).sum())):
        if count == 0:
            raise ValueError(f"the {arm} arm has no units: nothing to compare")
        if count == 1:
            raise ValueError(f"the {arm} arm has one unit: its variance (and the interval) is undefined")
    return y, treated


def _welch_effect(y1: np.ndarray, y0: np.ndarray, alpha: float, method: str) -> EffectEstimate:
    if np.ptp(y1) == 0 and np.ptp(y0) == 0:
        raise ValueError(
            "the outcome is constant within both arms: the standard error is 0 and no interval exists"
        )
    w = welch(y1, y0)
    ci = w.confidence_interval(1 - alpha)
    return EffectEstimate(
        w.difference, w.se, ci.low, ci.high, w.p_value, w.n_x, w.n_y, method, w.dof, 1 - alpha
    )


def _centred_covariate(x_pre, shape: tuple[int, ...], axis: int | None = None) -> np.ndarray:
    x = check_array(x_pre, "x_pre", ndim=len(shape))
    if x.shape != shape:
        raise ValueError(f"x_pre must hold one pre-experiment value per unit: shape {x.shape}, need {shape}")
    if np.any(np.ptp(x, axis=axis) == 0):
        raise ValueError(
            "the pre-experiment covariate x_pre is constant: CUPED needs a covariate that varies"
        )
    return x


# --------------------------------------------------------------------------------------------- estimators
def difference_in_means(y, treated, alpha: float = 0.05) -> EffectEstimate:
    """Average treatment effect as the difference in arm means with a Welch (unequal-variance) interval."""
    alpha = check_open_unit(alpha, "alpha")
    y, treated = check_outcome(y, treated)
    return _welch_effect(y[treated], y[~treated], alpha, "difference in means")


def cuped(y, treated, x_pre, alpha: float = 0.05) -> EffectEstimate:
    """CUPED (Deng, Xu, Kohavi & Walker 2013): adjust the outcome with a pre-experiment covariate,
    ``y - theta * (x - mean x)`` with ``theta = cov(y, x) / var(x)`` pooled over arms, then take the
    difference in means. Same target as :func:`difference_in_means`, variance shrunk by about ``1 - rho^2``.
    """
    alpha = check_open_unit(alpha, "alpha")
    y, treated = check_outcome(y, treated)
    x = _centred_covariate(x_pre, y.shape)
    xc = x - x.mean()
    theta = np.mean((y - y.mean()) * xc) / xc.var()
    adjusted = y - theta * xc
    return _welch_effect(adjusted[treated], adjusted[~treated], alpha, "CUPED")


def regression_adjusted(
    y, treated, covariates: pd.DataFrame | np.ndarray, alpha: float = 0.05
) -> EffectEstimate:
    """Lin (2013) regression adjustment: OLS of y on treatment, centred covariates and their interactions,
    with HC2 robust standard errors (statsmodels)."""
    import statsmodels.api as sm

    alpha = check_open_unit(alpha, "alpha")
    y, treated = check_outcome(y, treated)
    if isinstance(covariates, pd.DataFrame):
        x = check_numeric_columns(covariates, list(covariates.columns), "covariates")
    else:
        x = check_array(covariates, "covariates", ndim=None)
        x = x[:, None] if x.ndim == 1 else x
    if x.ndim != 2 or x.shape[0] != y.size or x.shape[1] == 0:
        raise ValueError(
            f"covariates must hold one row per unit and at least one column: shape {x.shape}, {y.size} units"
        )
    if np.any(np.ptp(x, axis=0) == 0):
        raise ValueError("a covariate is constant: it adjusts nothing and makes the design singular; drop it")
    n_params = 2 + 2 * x.shape[1]
    if y.size <= n_params:
        raise ValueError(f"{y.size} units cannot fit {n_params} regression coefficients; use more units")
    xc = x - x.mean(axis=0)
    t = treated.astype(float)[:, None]
    design = np.column_stack([np.ones(y.size), t, xc, xc * t])
    fit = sm.OLS(y, design).fit(cov_type="HC2")
    est, se = float(fit.params[1]), float(fit.bse[1])
    if not (np.isfinite(se) and se > 0):
        raise ValueError("the regression's robust standard error is not finite: the design is degenerate")
    q = stats.norm.ppf(1 - alpha / 2)
    return EffectEstimate(
        est,
        se,
        est - q * se,
        est + q * se,
        float(fit.pvalues[1]),
        int(treated.sum()),
        int((~treated).sum()),
        "regression (Lin 2013, HC2)",
        np.inf,
        1 - alpha,
    )


def estimate_arms(
    data: pd.DataFrame, outcome: str, arm: str, control: str, pre: str | None = None, alpha: float = 0.05
) -> pd.DataFrame:
    """Each treatment arm against ``control``: difference in means, and CUPED when ``pre`` is given."""
    alpha = check_open_unit(alpha, "alpha")
    numeric = [outcome] if pre is None else [outcome, pre]
    check_frame(data, [*numeric, arm], "data")
    check_numeric_columns(data, numeric, "data")
    labels = check_assignment(data[arm], name=f"data[{arm!r}]")
    if control not in set(labels):
        raise ValueError(f"control arm {control!r} has no units; arms are {list(pd.unique(labels))}")
    if len(set(labels)) < 2:
        raise ValueError(
            f"data[{arm!r}] holds only the control arm {control!r}: no treatment arm to estimate"
        )
    rows = []
    for name in pd.unique(data[arm]):
        if name == control:
            continue
        sub = data[data[arm].isin([name, control])]
        treated = (sub[arm] == name).to_numpy()
        methods = [difference_in_means(sub[outcome], treated, alpha)]
        if pre is not None:
            methods.append(cuped(sub[outcome], treated, sub[pre], alpha))
        for m in methods:
            rows.append(
                {
                    "arm": name,
                    "method": m.method,
                    "estimate": m.estimate,
                    "se": m.se,
                    "ci_low": m.ci_low,
                    "ci_high": m.ci_high,
                    "p_value": m.p_value,
                }
            )
    return pd.DataFrame(rows)


def interval_coverage(
    y: np.ndarray, treated: np.ndarray, truth: float, x_pre: np.ndarray | None = None, alpha: float = 0.05
) -> dict[str, CoverageResult]:
    """Coverage of difference-in-means (and CUPED) intervals over replications, vectorized.

    ``y``, ``treated`` (and ``x_pre``) are (replications x units) arrays; each row is one experiment.
    Returns, per estimator, the share of intervals containing ``truth``, the mean estimate and the mean
    interval width.
    """
    alpha = check_open_unit(alpha, "alpha")
    truth = check_number(truth, "truth")
    y = check_array(y, "y", ndim=2)
    treated = check_indicator(treated, "treated")
    if y.shape != treated.shape:
        raise ValueError(
            f"y and treated must be (replications x units) arrays of the same shape: "
            f"{y.shape} vs {treated.shape}"
        )
    n1, n0 = treated.sum(axis=1), (~treated).sum(axis=1)
    if (n1 < 2).any() or (n0 < 2).any():
        raise ValueError("every replication needs at least two units in each arm")

    def welch_rows(values):
        m1 = np.where(treated, values, 0).sum(axis=1) / n1
        m0 = np.where(~treated, values, 0).sum(axis=1) / n0
        ss1 = np.where(treated, (values - m1[:, None]) ** 2, 0).sum(axis=1)
        ss0 = np.where(~treated, (values - m0[:, None]) ** 2, 0).sum(axis=1)
        if np.any(ss1 + ss0 == 0):
            raise ValueError(
                "in some replication the outcome is constant within both arms: no interval exists"
            )
        v1, v0 = ss1 / (n1 - 1) / n1, ss0 / (n0 - 1) / n0
        se = np.sqrt(v1 + v0)
        est = m1 - m0
        half = stats.t.ppf(1 - alpha / 2, welch_dof(v1, v0, n1, n0)) * se
        covered = (est - half <= truth) & (truth <= est + half)
        return CoverageResult(
            float(covered.mean()), float(est.mean()), float((2 * half).mean()), int(y.shape[0])
        )

    out = {"difference_in_means": welch_rows(y)}
    if x_pre is not None:
        x = _centred_covariate(x_pre, y.shape, axis=1)
        xc = x - x.mean(axis=1, keepdims=True)
        theta = ((y - y.mean(axis=1, keepdims=True)) * xc).mean(axis=1) / xc.var(axis=1)
        out["cuped"] = welch_rows(y - theta[:, None] * xc)
    return out


def heterogeneous_effects(
    data: pd.DataFrame, outcome: str, treated: str, subgroup: str, alpha: float = 0.05
) -> pd.DataFrame:
    """Treatment effect within each level of ``subgroup`` (difference in means), plus the p-value of the
    treatment x subgroup interaction from OLS with HC2 errors (is the effect really different?).

    ``table.attrs`` holds ``interaction_p_value``; with two subgroups also ``interaction_estimate`` (the effect
    in the later level minus the effect in the first, in sorted order) and its HC2 ``interaction_se``.
    """
    import statsmodels.formula.api as smf

    alpha = check_open_unit(alpha, "alpha")
    check_frame(data, [outcome, treated, subgroup], "data")
    y = check_numeric_columns(data, [outcome], "data")[:, 0]
    t = check_indicator(data[treated], f"data[{treated!r}]")
    groups = check_assignment(data[subgroup], name=f"data[{subgroup!r}]")
    cells = pd.crosstab(groups, t).reindex(columns=[False, True], fill_value=0)
    if len(cells) < 2:
        raise ValueError(f"data[{subgroup!r}] has one level: an interaction needs at least two subgroups")
    if (cells < 2).any(axis=None):
        raise ValueError(
            f"every subgroup needs at least two treated and two control units; counts (subgroup x treated) "
            f"are {cells.to_dict(orient='index')}"
        )
    rows = []
    for level in sorted(pd.unique(data[subgroup])):
        mask = (data[subgroup] == level).to_numpy()
        e = difference_in_means(y[mask], t[mask], alpha)
        rows.append(
            {
                subgroup: level,
                "estimate": e.estimate,
                "ci_low": e.ci_low,
                "ci_high": e.ci_high,
                "n": e.n_treated + e.n_control,
            }
        )
    table = pd.DataFrame(rows).set_index(subgroup)
    frame = pd.DataFrame({"y": y, "t": t.astype(float), "g": data[subgroup].astype(str).to_numpy()})
    fit = smf.ols("y ~ t * C(g)", data=frame).fit(cov_type="HC2")
    interaction = [name for name in fit.params.index if name.startswith("t:")]
    if len(interaction) == 1:
        p = float(fit.pvalues[interaction[0]])
        table.attrs["interaction_estimate"] = float(fit.params[interaction[0]])  # effect gap between levels
        table.attrs["interaction_se"] = float(fit.bse[interaction[0]])  # HC2
    else:
        p = float(fit.f_test(", ".join(f"{name} = 0" for name in interaction)).pvalue)
    if not np.isfinite(p):
        raise ValueError("the interaction test is undefined (a degenerate design); check the subgroups")
    table.attrs["interaction_p_value"] = p
    return table


def paired_tests_vs_baseline(
    ratings: pd.DataFrame, baseline: Sequence[str], correction: str = "holm", alpha: float = 0.05
) -> pd.DataFrame:
    """Randomized block design (every participant rates every condition): each condition against the
    participant's mean of the ``baseline`` conditions with a paired t-test, p-values adjusted for multiple
    comparisons (``holm`` or ``bh``).

    ``ratings`` is wide: one row per participant (block), one column per condition.
    """
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(
            f"ratings must be a pandas DataFrame (one column per condition), got {type(ratings).__name__}"
        )
    if ratings.columns.duplicated().any():
        raise ValueError(f"ratings has duplicate condition names: {list(ratings.columns)}")
    if isinstance(baseline, (str, bytes)) or not isinstance(baseline, (Sequence, pd.Index, np.ndarray)):
        raise TypeError(f"baseline must be a list of column names, got {baseline!r}")
    baseline = list(baseline)
    missing = [b for b in baseline if b not in ratings.columns]
    if not baseline or missing:
        raise ValueError(f"baseline conditions {missing or baseline} not found among the columns")
    if len(set(baseline)) != len(baseline):
        raise ValueError(f"baseline names a condition twice: {baseline}")
    check_choice(correction, "correction", ("holm", "bh"))
    alpha = check_open_unit(alpha, "alpha")
    check_numeric_columns(ratings, list(ratings.columns), "ratings", min_rows=2)
    others = [c for c in ratings.columns if c not in baseline]
    if not others:
        raise ValueError(
            "every column is a baseline condition: there is nothing to test against the baseline"
        )
    base = ratings[baseline].mean(axis=1).to_numpy()
    diffs = ratings[others].to_numpy(dtype=float) - base[:, None]
    n = diffs.shape[0]
    mean = diffs.mean(axis=0)
    se = diffs.std(axis=0, ddof=1) / np.sqrt(n)
    if np.any(se == 0):
        flat = [c for c, s in zip(others, se) if s == 0]
        raise ValueError(
            f"conditions {flat} differ from the baseline by the same amount for every participant: "
            "the paired t-test is undefined"
        )
    p = 2 * stats.t.sf(np.abs(mean / se), n - 1)
    adjusted = holm(p) if correction == "holm" else benjamini_hochberg(p)
    direction = np.where(adjusted < alpha, np.where(mean > 0, "above", "below"), "not different")
    table = pd.DataFrame(
        {
            "mean": ratings[others].mean().to_numpy(),
            "diff_vs_baseline": mean,
            "se": se,
            "p_value": p,
            "p_adjusted": adjusted,
            "direction": direction,
        },
        index=others,
    )
    base_rows = pd.DataFrame(
        {
            "mean": ratings[baseline].mean().to_numpy(),
            "diff_vs_baseline": ratings[baseline].mean().to_numpy() - base.mean(),
            "se": np.nan,
            "p_value": np.nan,
            "p_adjusted": np.nan,
            "direction": "baseline",
        },
        index=baseline,
    )
    return pd.concat([table, base_rows]).loc[list(ratings.columns)]
