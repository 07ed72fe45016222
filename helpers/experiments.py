"""Randomized experiments: randomization and balance, power and sample size, treatment effects with intervals
(difference in means, CUPED), heterogeneous effects, multiple-testing corrections, peeking, two-way ANOVA.

Every estimator returns a small frozen result object with named fields, in the style of ``scipy.stats``.
Randomness only through an explicit ``numpy.random.Generator``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats


# --------------------------------------------------------------------------------------------- validation
def _check_probability(value: float, name: str) -> float:
    value = float(value)
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value}")
    return value


def _check_allocation(arms: Sequence[str], allocation: Sequence[float] | None) -> np.ndarray:
    if len(arms) < 2:
        raise ValueError("an experiment needs at least two arms (a control and a treatment)")
    if len(set(arms)) != len(arms):
        raise ValueError(f"arm names must be unique, got {list(arms)}")
    if allocation is None:
        return np.full(len(arms), 1.0 / len(arms))
    allocation = np.asarray(allocation, dtype=float)
    if allocation.shape != (len(arms),):
        raise ValueError(f"give one allocation ratio per arm: {len(arms)} arms, {allocation.size} ratios")
    if np.any(allocation <= 0):
        raise ValueError("allocation ratios must be positive: an arm with ratio 0 would have no units")
    if not np.isclose(allocation.sum(), 1.0, atol=1e-9):
        raise ValueError(f"allocation ratios must sum to 1, got {allocation.sum():.6g}; divide by their sum")
    return allocation


def _arm_sizes(n: int, allocation: np.ndarray) -> np.ndarray:
    """Largest-remainder rounding of ``n * allocation`` so the sizes add up to ``n`` exactly."""
    raw = n * allocation
    sizes = np.floor(raw).astype(int)
    order = np.argsort(-(raw - sizes), kind="stable")
    sizes[order[: n - sizes.sum()]] += 1
    return sizes


# --------------------------------------------------------------------------------------------- randomization
def randomize(n_units: int, arms: Sequence[str], allocation: Sequence[float] | None = None, *,
              rng: np.random.Generator, strata=None) -> np.ndarray:
    """Complete randomization of ``n_units`` into ``arms`` with fixed arm sizes (``allocation`` shares).

    With ``strata`` (one label per unit) units are randomized separately within each stratum (blocking),
    which guarantees balance on the stratifying variable. Returns an array of arm names, one per unit.
    """
    if not isinstance(rng, np.random.Generator):
        raise ValueError("randomize needs rng=np.random.default_rng(seed)")
    n_units = int(n_units)
    shares = _check_allocation(list(arms), allocation)
    if n_units < len(arms):
        raise ValueError(f"cannot randomize {n_units} units into {len(arms)} arms: some arm would have no units")
    labels = np.asarray(list(arms), dtype=object)
    if strata is None:
        sizes = _arm_sizes(n_units, shares)
        return rng.permutation(np.repeat(labels, sizes))
    strata = np.asarray(strata)
    if strata.shape != (n_units,):
        raise ValueError(f"strata must hold one label per unit ({n_units}), got shape {strata.shape}")
    out = np.empty(n_units, dtype=object)
    for stratum in pd.unique(strata):  # a loop over strata (a handful), not over units
        idx = np.flatnonzero(strata == stratum)
        sizes = _arm_sizes(idx.size, shares)
        out[idx] = rng.permutation(np.repeat(labels, sizes))
    return out


def balance_table(covariates: pd.DataFrame, assignment, control: str) -> pd.DataFrame:
    """Balance check: per covariate and treatment arm, the standardized mean difference (SMD) to control,
    and a one-way ANOVA p-value across all arms.

    |SMD| < 0.1 is the usual rule of thumb for good balance. Under randomization about 5% of the p-values
    fall below 0.05 by chance: a "significant" imbalance is not evidence that randomization failed.
    """
    assignment = np.asarray(assignment)
    if len(covariates) != assignment.size:
        raise ValueError("covariates and assignment must have the same number of units")
    arms = list(pd.unique(assignment))
    if control not in arms:
        raise ValueError(f"control arm {control!r} not found among arms {arms}")
    rows = []
    for column in covariates.columns:
        x = covariates[column].to_numpy(dtype=float)
        groups = [x[assignment == arm] for arm in arms]
        c = x[assignment == control]
        row = {"covariate": column, f"mean_{control}": c.mean()}
        for arm in arms:
            if arm == control:
                continue
            t = x[assignment == arm]
            pooled = np.sqrt((t.var(ddof=1) + c.var(ddof=1)) / 2)
            row[f"mean_{arm}"] = t.mean()
            row[f"smd_{arm}"] = (t.mean() - c.mean()) / pooled if pooled > 0 else 0.0
        row["p_value"] = float(stats.f_oneway(*groups).pvalue)
        rows.append(row)
    return pd.DataFrame(rows).set_index("covariate")


# --------------------------------------------------------------------------------------------- power
def sample_size_per_arm(mde: float, sd: float = 1.0, alpha: float = 0.05, power: float = 0.8,
                        ratio: float = 1.0) -> int:
    """Units needed in the control arm (treatment gets ``ratio`` times as many) for a two-sided two-sample
    t-test to detect a difference ``mde`` (in outcome units, outcome SD ``sd``) with the given power."""
    from statsmodels.stats.power import TTestIndPower

    alpha, power = _check_probability(alpha, "alpha"), _check_probability(power, "power")
    if mde == 0 or sd <= 0 or ratio <= 0:
        raise ValueError("mde must be non-zero and sd, ratio positive")
    n = TTestIndPower().solve_power(effect_size=abs(mde) / sd, alpha=alpha, power=power, ratio=ratio)
    return int(np.ceil(np.asarray(n, dtype=float).item()))


def minimum_detectable_effect(n_per_arm: float, sd: float = 1.0, alpha: float = 0.05, power: float = 0.8,
                              ratio: float = 1.0) -> float:
    """The smallest true difference (outcome units) a two-sided t-test with ``n_per_arm`` control units
    detects with probability ``power``."""
    from statsmodels.stats.power import TTestIndPower

    alpha, power = _check_probability(alpha, "alpha"), _check_probability(power, "power")
    if n_per_arm < 2 or sd <= 0:
        raise ValueError("n_per_arm must be at least 2 and sd positive")
    d = TTestIndPower().solve_power(nobs1=n_per_arm, alpha=alpha, power=power, ratio=ratio)
    return float(np.asarray(d, dtype=float).item() * sd)


def power_of_test(effect: float, n_per_arm: float, sd: float = 1.0, alpha: float = 0.05,
                  ratio: float = 1.0) -> float:
    """Power of a two-sided two-sample t-test for a true difference ``effect`` (outcome units)."""
    from statsmodels.stats.power import TTestIndPower

    alpha = _check_probability(alpha, "alpha")
    if n_per_arm < 2 or sd <= 0:
        raise ValueError("n_per_arm must be at least 2 and sd positive")
    power = TTestIndPower().power(effect_size=abs(effect) / sd, nobs1=n_per_arm, alpha=alpha, ratio=ratio)
    return float(np.asarray(power, dtype=float).item())


# --------------------------------------------------------------------------------------------- effects
@dataclass(frozen=True)
class EffectEstimate:
    estimate: float      # treatment mean minus control mean (outcome units)
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n_treated: int
    n_control: int
    method: str


def _split(y, treated) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=float)
    treated = np.asarray(treated)
    if treated.dtype != bool:
        if not np.isin(treated, [0, 1]).all():
            raise ValueError("treated must be booleans or 0/1 indicators")
        treated = treated.astype(bool)
    if y.shape != treated.shape:
        raise ValueError(f"outcome and treatment indicator must have the same shape: {y.shape} vs {treated.shape}")
    if not np.isfinite(y).all():
        raise ValueError("outcomes contain NaN or infinite values")
    for name, count in (("treatment", treated.sum()), ("control", (~treated).sum())):
        if count == 0:
            raise ValueError(f"the {name} arm has no units: nothing to compare")
        if count == 1:
            raise ValueError(f"the {name} arm has one unit: its variance (and the interval) is undefined")
    return y, treated


def _welch(y1: np.ndarray, y0: np.ndarray, alpha: float, method: str) -> EffectEstimate:
    n1, n0 = y1.size, y0.size
    v1, v0 = y1.var(ddof=1) / n1, y0.var(ddof=1) / n0
    se = float(np.sqrt(v1 + v0))
    est = float(y1.mean() - y0.mean())
    df = (v1 + v0) ** 2 / (v1**2 / (n1 - 1) + v0**2 / (n0 - 1)) if se > 0 else n1 + n0 - 2
    q = stats.t.ppf(1 - alpha / 2, df)
    p = float(2 * stats.t.sf(abs(est) / se, df)) if se > 0 else float(est == 0)
    return EffectEstimate(est, se, est - q * se, est + q * se, p, n1, n0, method)


def difference_in_means(y, treated, alpha: float = 0.05) -> EffectEstimate:
    """Average treatment effect as the difference in arm means with a Welch (unequal-variance) interval."""
    alpha = _check_probability(alpha, "alpha")
    y, treated = _split(y, treated)
    return _welch(y[treated], y[~treated], alpha, "difference in means")


def cuped(y, treated, x_pre, alpha: float = 0.05) -> EffectEstimate:
    """CUPED (Deng, Xu, Kohavi & Walker 2013): adjust the outcome with a pre-experiment covariate,
    ``y - theta * (x - mean x)`` with ``theta = cov(y, x) / var(x)`` pooled over arms, then take the
    difference in means. Same target as :func:`difference_in_means`, variance shrunk by about ``1 - rho^2``.
    """
    alpha = _check_probability(alpha, "alpha")
    y, treated = _split(y, treated)
    x = np.asarray(x_pre, dtype=float)
    if x.shape != y.shape:
        raise ValueError("x_pre must hold one pre-experiment value per unit")
    xc = x - x.mean()
    var_x = xc.var()
    if var_x == 0:
        raise ValueError("the pre-experiment covariate is constant: CUPED needs a covariate that varies")
    theta = np.mean((y - y.mean()) * xc) / var_x
    adjusted = y - theta * xc
    return _welch(adjusted[treated], adjusted[~treated], alpha, "CUPED")


def regression_adjusted(y, treated, covariates: pd.DataFrame | np.ndarray, alpha: float = 0.05) -> EffectEstimate:
    """Lin (2013) regression adjustment: OLS of y on treatment, centred covariates and their interactions,
    with HC2 robust standard errors (statsmodels)."""
    import statsmodels.api as sm

    alpha = _check_probability(alpha, "alpha")
    y, treated = _split(y, treated)
    x = np.asarray(covariates, dtype=float).reshape(y.size, -1)
    xc = x - x.mean(axis=0)
    t = treated.astype(float)[:, None]
    design = np.column_stack([np.ones(y.size), t, xc, xc * t])
    fit = sm.OLS(y, design).fit(cov_type="HC2")
    est, se = float(fit.params[1]), float(fit.bse[1])
    q = stats.norm.ppf(1 - alpha / 2)
    return EffectEstimate(est, se, est - q * se, est + q * se, float(fit.pvalues[1]), int(treated.sum()),
                          int((~treated).sum()), "regression (Lin 2013, HC2)")


def estimate_arms(data: pd.DataFrame, outcome: str, arm: str, control: str, pre: str | None = None,
                  alpha: float = 0.05) -> pd.DataFrame:
    """Each treatment arm against ``control``: difference in means, and CUPED when ``pre`` is given."""
    if control not in set(data[arm]):
        raise ValueError(f"control arm {control!r} has no units")
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
            rows.append({"arm": name, "method": m.method, "estimate": m.estimate, "se": m.se,
                         "ci_low": m.ci_low, "ci_high": m.ci_high, "p_value": m.p_value})
    return pd.DataFrame(rows)


def interval_coverage(y: np.ndarray, treated: np.ndarray, truth: float, x_pre: np.ndarray | None = None,
                      alpha: float = 0.05) -> dict:
    """Coverage of difference-in-means (and CUPED) intervals over replications, vectorized.

    ``y``, ``treated`` (and ``x_pre``) are (replications x units) arrays; each row is one experiment.
    Returns the share of intervals containing ``truth``, the mean estimate and the mean interval width.
    """
    alpha = _check_probability(alpha, "alpha")
    y = np.asarray(y, dtype=float)
    treated = np.asarray(treated, dtype=bool)
    if y.ndim != 2 or y.shape != treated.shape:
        raise ValueError("y and treated must be (replications x units) arrays of the same shape")
    if (treated.sum(axis=1) < 2).any() or ((~treated).sum(axis=1) < 2).any():
        raise ValueError("every replication needs at least two units in each arm")

    def welch_rows(values):
        n1, n0 = treated.sum(axis=1), (~treated).sum(axis=1)
        m1 = np.where(treated, values, 0).sum(axis=1) / n1
        m0 = np.where(~treated, values, 0).sum(axis=1) / n0
        ss1 = np.where(treated, (values - m1[:, None]) ** 2, 0).sum(axis=1)
        ss0 = np.where(~treated, (values - m0[:, None]) ** 2, 0).sum(axis=1)
        v1, v0 = ss1 / (n1 - 1) / n1, ss0 / (n0 - 1) / n0
        se = np.sqrt(v1 + v0)
        df = (v1 + v0) ** 2 / (v1**2 / (n1 - 1) + v0**2 / (n0 - 1))
        est = m1 - m0
        half = stats.t.ppf(1 - alpha / 2, df) * se
        covered = (est - half <= truth) & (truth <= est + half)
        return {"coverage": float(covered.mean()), "mean_estimate": float(est.mean()),
                "mean_width": float((2 * half).mean()), "replications": int(y.shape[0])}

    out = {"difference_in_means": welch_rows(y)}
    if x_pre is not None:
        x = np.asarray(x_pre, dtype=float)
        xc = x - x.mean(axis=1, keepdims=True)
        theta = ((y - y.mean(axis=1, keepdims=True)) * xc).mean(axis=1) / xc.var(axis=1)
        out["cuped"] = welch_rows(y - theta[:, None] * xc)
    return out


def heterogeneous_effects(data: pd.DataFrame, outcome: str, treated: str, subgroup: str,
                          alpha: float = 0.05) -> pd.DataFrame:
    """Treatment effect within each level of ``subgroup`` (difference in means), plus the p-value of the
    treatment x subgroup interaction from OLS with HC2 errors (is the effect really different?)."""
    import statsmodels.formula.api as smf

    rows = []
    for level in sorted(pd.unique(data[subgroup])):
        sub = data[data[subgroup] == level]
        e = difference_in_means(sub[outcome], sub[treated].astype(bool), alpha)
        rows.append({subgroup: level, "estimate": e.estimate, "ci_low": e.ci_low, "ci_high": e.ci_high,
                     "n": e.n_treated + e.n_control})
    table = pd.DataFrame(rows).set_index(subgroup)
    frame = pd.DataFrame({"y": data[outcome].to_numpy(float), "t": data[treated].astype(float).to_numpy(),
                          "g": data[subgroup].astype(str).to_numpy()})
    fit = smf.ols("y ~ t * C(g)", data=frame).fit(cov_type="HC2")
    interaction = [name for name in fit.params.index if name.startswith("t:")]
    if len(interaction) == 1:
        p = float(fit.pvalues[interaction[0]])
    else:
        p = float(fit.f_test(", ".join(f"{name} = 0" for name in interaction)).pvalue)
    table.attrs["interaction_p_value"] = p
    return table


# --------------------------------------------------------------------------------------------- multiplicity
def _check_pvalues(pvalues) -> np.ndarray:
    p = np.asarray(pvalues, dtype=float)
    if p.ndim != 1 or p.size == 0:
        raise ValueError("give a non-empty one-dimensional list of p-values")
    if np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError("p-values must lie in [0, 1]")
    return p


def holm(pvalues) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values: controls the family-wise error rate."""
    from statsmodels.stats.multitest import multipletests

    return multipletests(_check_pvalues(pvalues), method="holm")[1]


def benjamini_hochberg(pvalues) -> np.ndarray:
    """Benjamini-Hochberg (1995) adjusted p-values (q-values): controls the false discovery rate."""
    from statsmodels.stats.multitest import multipletests

    return multipletests(_check_pvalues(pvalues), method="fdr_bh")[1]


# --------------------------------------------------------------------------------------------- peeking
@dataclass(frozen=True)
class PeekingResult:
    false_positive_rate_peeking: float    # share of A/A tests declared significant at any look
    false_positive_rate_fixed: float      # share significant at the final look only
    looks: int
    simulations: int
    cumulative_by_look: np.ndarray        # share stopped (falsely) by look k, k = 1..looks


def peeking_simulation(n_per_arm: int, looks: int, simulations: int, *, rng: np.random.Generator,
                       alpha: float = 0.05) -> PeekingResult:
    """A/A tests (no true effect) analysed with a z-test after every ``n_per_arm / looks`` units per arm,
    stopping at the first significant look. Vectorized over simulations with cumulative sums."""
    alpha = _check_probability(alpha, "alpha")
    if looks < 1 or n_per_arm < 2 * looks or simulations < 1:
        raise ValueError("need looks >= 1, n_per_arm >= 2 * looks and at least one simulation")
    at = np.linspace(n_per_arm / looks, n_per_arm, looks).round().astype(int)
    crit = stats.norm.ppf(1 - alpha / 2)
    # the difference of the two arms' cumulative sums is all a z-test with known unit variance needs
    diff = rng.standard_normal((simulations, n_per_arm)) - rng.standard_normal((simulations, n_per_arm))
    z = np.cumsum(diff, axis=1)[:, at - 1] / np.sqrt(2 * at)
    significant = np.abs(z) > crit
    first = np.maximum.accumulate(significant, axis=1)
    return PeekingResult(float(first[:, -1].mean()), float(significant[:, -1].mean()), looks, simulations,
                         first.mean(axis=0))


# --------------------------------------------------------------------------------------------- ANOVA
def two_way_anova(data: pd.DataFrame, outcome: str, factor_a: str, factor_b: str, typ: int = 2) -> pd.DataFrame:
    """Two-way between-subjects ANOVA with interaction (statsmodels OLS, Type II sums of squares by default)
    and partial eta^2 = SS_effect / (SS_effect + SS_error) for each effect."""
    import statsmodels.formula.api as smf
    from statsmodels.stats.anova import anova_lm

    for column in (outcome, factor_a, factor_b):
        if column not in data.columns:
            raise ValueError(f"column {column!r} not found in the data")
    cells = data.groupby([factor_a, factor_b], observed=True).size()
    if (cells < 2).any():
        raise ValueError("every cell of the design needs at least two participants")
    frame = data[[outcome, factor_a, factor_b]].rename(columns={outcome: "y", factor_a: "a", factor_b: "b"})
    formula = "y ~ C(a, Sum) * C(b, Sum)" if typ == 3 else "y ~ C(a) * C(b)"
    table = anova_lm(smf.ols(formula, data=frame).fit(), typ=typ)
    table = table.drop(index="Intercept", errors="ignore")
    names = {table.index[0]: factor_a, table.index[1]: factor_b, table.index[2]: f"{factor_a} x {factor_b}"}
    table = table.rename(index=names)
    ss_error = table.loc["Residual", "sum_sq"]
    df_error = table.loc["Residual", "df"]
    effects = table.drop(index="Residual")
    return pd.DataFrame({
        "F": effects["F"],
        "df_effect": effects["df"].astype(int),
        "df_error": int(df_error),
        "p_value": effects["PR(>F)"],
        "partial_eta_sq": effects["sum_sq"] / (effects["sum_sq"] + ss_error),
    })


def two_way_main_effect_many(y, factor_a, factor_b) -> dict:
    """Type II F test and partial eta^2 of the main effect of a binary ``factor_a`` in a two-way design with
    interaction, for many datasets at once (rows of the (replications x units) arrays).

    ``factor_a`` holds booleans (or 0/1), ``factor_b`` integer level codes 0..k-1. Equals
    :func:`two_way_anova` row by row, without a Python loop over replications.
    """
    y = np.asarray(y, dtype=float)
    a = np.asarray(factor_a, dtype=float)
    b = np.asarray(factor_b)
    if y.ndim != 2 or a.shape != y.shape or b.shape != y.shape:
        raise ValueError("y, factor_a and factor_b must be (replications x units) arrays of the same shape")
    if not np.isin(a, [0, 1]).all():
        raise ValueError("factor_a must be binary (booleans or 0/1)")
    k = int(b.max()) + 1
    reps, n = y.shape
    b_dummies = (b[..., None] == np.arange(1, k)).astype(float)          # (R, n, k-1)
    x_b = np.concatenate([np.ones((reps, n, 1)), b_dummies], axis=2)      # factor b only
    x_ab = np.concatenate([x_b, a[..., None]], axis=2)                    # + factor a
    x_full = np.concatenate([x_ab, b_dummies * a[..., None]], axis=2)     # + interaction

    def rss(x):  # batched normal equations: fine for these small, well-conditioned designs
        beta = np.linalg.solve(np.einsum("rni,rnj->rij", x, x), np.einsum("rni,rn->ri", x, y)[..., None])[..., 0]
        return ((y - np.einsum("rni,ri->rn", x, beta)) ** 2).sum(axis=1)

    ss_a = rss(x_b) - rss(x_ab)
    ss_error = rss(x_full)
    df_error = n - 2 * k
    return {"F": ss_a / (ss_error / df_error), "partial_eta_sq": ss_a / (ss_a + ss_error), "df": (1, df_error)}


def paired_tests_vs_baseline(ratings: pd.DataFrame, baseline: Sequence[str], correction: str = "holm",
                             alpha: float = 0.05) -> pd.DataFrame:
    """Randomized block design (every participant rates every condition): each condition against the
    participant's mean of the ``baseline`` conditions with a paired t-test, p-values adjusted for multiple
    comparisons (``holm`` or ``bh``).

    ``ratings`` is wide: one row per participant (block), one column per condition.
    """
    baseline = list(baseline)
    missing = [b for b in baseline if b not in ratings.columns]
    if not baseline or missing:
        raise ValueError(f"baseline conditions {missing or baseline} not found among the columns")
    if correction not in ("holm", "bh"):
        raise ValueError("correction must be 'holm' or 'bh'")
    alpha = _check_probability(alpha, "alpha")
    base = ratings[baseline].mean(axis=1).to_numpy()
    others = [c for c in ratings.columns if c not in baseline]
    diffs = ratings[others].to_numpy(dtype=float) - base[:, None]
    n = diffs.shape[0]
    if n < 2:
        raise ValueError("need at least two participants")
    mean = diffs.mean(axis=0)
    se = diffs.std(axis=0, ddof=1) / np.sqrt(n)
    p = 2 * stats.t.sf(np.abs(mean / se), n - 1)
    adjusted = holm(p) if correction == "holm" else benjamini_hochberg(p)
    direction = np.where(adjusted < alpha, np.where(mean > 0, "above", "below"), "not different")
    table = pd.DataFrame({"mean": ratings[others].mean().to_numpy(), "diff_vs_baseline": mean, "se": se,
                          "p_value": p, "p_adjusted": adjusted, "direction": direction}, index=others)
    base_rows = pd.DataFrame({"mean": ratings[baseline].mean().to_numpy(),
                              "diff_vs_baseline": ratings[baseline].mean().to_numpy() - base.mean(),
                              "se": np.nan, "p_value": np.nan, "p_adjusted": np.nan,
                              "direction": "baseline"}, index=baseline)
    return pd.concat([table, base_rows]).loc[list(ratings.columns)]
