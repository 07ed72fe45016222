"""Two-way between-subjects ANOVA with interaction: one study through statsmodels, and the main effect of a
binary factor over many simulated studies at once (batched least squares).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from .._validation import (
    check_array,
    check_choice,
    check_count,
    check_frame,
    check_numeric_columns,
    check_open_unit,
    check_size,
)
from .design import check_assignment
from .effects import check_indicator

__all__ = [
    "EffectReplications",
    "MainEffectReplications",
    "two_way_anova",
    "two_way_effects_many",
    "two_way_main_effect_many",
]


@dataclass(frozen=True)
class EffectReplications:
    """F and partial eta^2 of one effect (a main effect or an interaction), one per replication;
    ``result["F"]`` also works."""

    F: np.ndarray
    partial_eta_sq: np.ndarray
    df: tuple[int, int]  # (effect, error) degrees of freedom

    def __getitem__(self, key: str):
        if key not in {f.name for f in fields(self)}:
            raise KeyError(key)
        return getattr(self, key)

    @property
    def p_value(self) -> np.ndarray:
        """The F test's p-value in each replication."""
        from scipy import stats

        return stats.f.sf(self.F, *self.df)

    def power(self, alpha: float = 0.05) -> float:
        """Share of replications whose F test rejects at ``alpha``: the test's power when the effect exists
        in the simulation's truth (its false positive rate when it does not)."""
        alpha = check_open_unit(alpha, "alpha")
        return float(np.mean(self.p_value < alpha))


MainEffectReplications = EffectReplications  # the name it had when it held main effects only


def two_way_anova(
    data: pd.DataFrame, outcome: str, factor_a: str, factor_b: str, typ: int = 2
) -> pd.DataFrame:
    """Two-way between-subjects ANOVA with interaction (statsmodels OLS, Type II sums of squares by default)
    and partial eta^2 = SS_effect / (SS_effect + SS_error) for each effect.

    Every combination of the two factors' levels (every cell) needs at least two participants.
    """
    import statsmodels.formula.api as smf
    from statsmodels.stats.anova import anova_lm

    typ = check_choice(check_count(typ, "typ"), "typ", (1, 2, 3))
    if len({outcome, factor_a, factor_b}) != 3:
        raise ValueError(
            f"outcome, factor_a and factor_b must be three different columns, got {outcome!r}, "
            f"{factor_a!r}, {factor_b!r}"
        )
    check_frame(data, [outcome, factor_a, factor_b], "data")
    check_numeric_columns(data, [outcome], "data")
    levels = {}
    for factor in (factor_a, factor_b):
        labels = check_assignment(data[factor], name=f"data[{factor!r}]")
        levels[factor] = pd.unique(labels)
        column = data[factor]
        if isinstance(column.dtype, pd.CategoricalDtype) and len(column.cat.categories) > len(levels[factor]):
            raise ValueError(
                f"factor {factor!r} has categories with no participants; drop them with "
                "data[factor].cat.remove_unused_categories()"
            )
        if len(levels[factor]) < 2:
            raise ValueError(
                f"factor {factor!r} has one level ({levels[factor][0]!r}): it needs at least two"
            )
    cells = data.groupby([factor_a, factor_b], observed=True).size()
    if len(cells) < len(levels[factor_a]) * len(levels[factor_b]):
        raise ValueError(
            f"some combinations of {factor_a!r} and {factor_b!r} have no participants; a two-way ANOVA with "
            "interaction needs every cell"
        )
    if (cells < 2).any():
        raise ValueError("every cell of the design needs at least two participants")
    if (
        data.groupby([factor_a, factor_b], observed=True)[outcome].agg(lambda s: s.max() - s.min()) == 0
    ).all():
        raise ValueError(
            "the outcome is constant within every cell: the error variance is 0 and F is undefined"
        )
    frame = data[[outcome, factor_a, factor_b]].rename(columns={outcome: "y", factor_a: "a", factor_b: "b"})
    formula = "y ~ C(a, Sum) * C(b, Sum)" if typ == 3 else "y ~ C(a) * C(b)"
    table = anova_lm(smf.ols(formula, data=frame).fit(), typ=typ)
    table = table.drop(index="Intercept", errors="ignore")
    names = {table.index[0]: factor_a, table.index[1]: factor_b, table.index[2]: f"{factor_a} x {factor_b}"}
    table = table.rename(index=names)
    ss_error = table.loc["Residual", "sum_sq"]
    df_error = table.loc["Residual", "df"]
    effects = table.drop(index="Residual")
    return pd.DataFrame(
        {
            "F": effects["F"],
            "df_effect": effects["df"].astype(int),
            "df_error": int(df_error),
            "p_value": effects["PR(>F)"],
            "partial_eta_sq": effects["sum_sq"] / (effects["sum_sq"] + ss_error),
        }
    )


def two_way_main_effect_many(y, factor_a, factor_b) -> EffectReplications:
    """Type II F test and partial eta^2 of the main effect of a binary ``factor_a`` in a two-way design with
    interaction, for many datasets at once (rows of the (replications x units) arrays).

    ``factor_a`` holds booleans (or 0/1), ``factor_b`` integer level codes 0..k-1 (k >= 2). Equals
    :func:`two_way_anova` row by row, without a Python loop over replications.
    """
    return two_way_effects_many(y, factor_a, factor_b)["a"]


def two_way_effects_many(y, factor_a, factor_b) -> dict[str, EffectReplications]:
    """Type II F tests of the main effect of a binary ``factor_a`` (key ``"a"``) and of the ``a x b``
    interaction (key ``"a x b"``) in a two-way design, for many datasets at once (rows of the
    (replications x units) arrays); the same numbers as :func:`two_way_anova` row by row.

    ``factor_a`` holds booleans (or 0/1), ``factor_b`` integer level codes 0..k-1 (k >= 2).
    """

    y = check_array(y, "y", ndim=2)
    a = check_indicator(factor_a, "factor_a").astype(float)
    b = check_array(factor_b, "factor_b", ndim=2, low=0, integer=True).astype(int)
    if a.shape != y.shape or b.shape != y.shape:
        raise ValueError(
            f"y, factor_a and factor_b must be (replications x units) arrays of the same shape: "
            f"{y.shape}, {a.shape}, {b.shape}"
        )
    k = int(b.max()) + 1
    reps, n = y.shape
    if k < 2:
        raise ValueError("factor_b has one level (all codes 0): it needs at least two")
    check_size(reps, n, 4 * k + 2, what="two_way_main_effect_many's design matrices")
    # every replication needs every (a, b) cell, and more units than coefficients
    one_hot_b = b[..., None] == np.arange(k)
    treated_cells = (one_hot_b & (a[..., None] == 1)).sum(axis=1)
    control_cells = (one_hot_b & (a[..., None] == 0)).sum(axis=1)
    if (treated_cells == 0).any() or (control_cells == 0).any():
        raise ValueError("in some replication a combination of factor_a and factor_b has no units")
    if n <= 2 * k:
        raise ValueError(f"{n} units cannot fit the {2 * k} cells of the design with an error variance")
    b_dummies = (b[..., None] == np.arange(1, k)).astype(float)  # (R, n, k-1)
    x_b = np.concatenate([np.ones((reps, n, 1)), b_dummies], axis=2)  # factor b only
    x_ab = np.concatenate([x_b, a[..., None]], axis=2)  # + factor a
    x_full = np.concatenate([x_ab, b_dummies * a[..., None]], axis=2)  # + interaction

    def rss(x):  # batched normal equations: fine for these small, well-conditioned designs
        gram = np.einsum("rni,rnj->rij", x, x)
        beta = np.linalg.solve(gram, np.einsum("rni,rn->ri", x, y)[..., None])[..., 0]
        return ((y - np.einsum("rni,ri->rn", x, beta)) ** 2).sum(axis=1)

    rss_ab = rss(x_ab)
    ss_a = rss(x_b) - rss_ab
    ss_error = rss(x_full)
    if np.any(ss_error <= 1e-20 * (y**2).sum(axis=1)):  # zero up to rounding
        raise ValueError("in some replication the outcome is constant within every cell: F is undefined")
    ss_ab = rss_ab - ss_error  # Type II: the interaction after both main effects
    df_error = n - 2 * k
    mse = ss_error / df_error
    return {
        "a": EffectReplications(ss_a / mse, ss_a / (ss_a + ss_error), (1, df_error)),
        "a x b": EffectReplications(ss_ab / (k - 1) / mse, ss_ab / (ss_ab + ss_error), (k - 1, df_error)),
    }
