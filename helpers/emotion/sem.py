"""Confirmatory factor analysis and structural equation models, fitted by maximum likelihood with semopy.

Standardized paths with delta-method intervals and the same paths by regression on scale means (the attenuated
estimate many studies report); the indirect (mediated) effect is in :mod:`.mediation`. ``items`` maps each
construct to its item columns; ``paths`` lists ``(cause, effect)`` pairs.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import check_confidence, check_numeric_columns
from .reliability import _check_items

__all__ = [
    "SEMResult",
    "fit_cfa",
    "fit_sem",
    "measurement_syntax",
    "scale_score_paths",
    "standardized_paths",
    "structural_syntax",
]


def _check_paths(paths) -> list[tuple[str, str]]:
    """``paths`` as a non-empty list of distinct ``(cause, effect)`` pairs of variable names."""
    if isinstance(paths, (str, Mapping)) or not isinstance(paths, Sequence):
        raise TypeError(f"paths must be a list of (cause, effect) pairs, got {type(paths).__name__}")
    if not paths:
        raise ValueError("paths is empty: give at least one (cause, effect) pair")
    out = []
    for pair in paths:
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise TypeError(f"each path must be a (cause, effect) pair, got {pair!r}")
        cause, effect = pair
        if not (isinstance(cause, str) and cause and isinstance(effect, str) and effect):
            raise TypeError(f"a path names its cause and effect as strings, got {pair!r}")
        if cause == effect:
            raise ValueError(f"path {cause} -> {effect} points at itself")
        out.append((cause, effect))
    if len(set(out)) != len(out):
        raise ValueError("paths lists a (cause, effect) pair twice")
    return out


def _check_model_data(data, items: dict, observed: Sequence[str] = ()) -> None:
    """The item and observed columns of ``data``: numeric, finite, not constant, more rows than columns."""
    columns = [name for names in items.values() for name in names] + [c for c in observed]
    values = check_numeric_columns(data, columns, "data")
    if len(data) <= len(columns):
        raise ValueError(
            f"data has {len(data)} rows for {len(columns)} observed variables: a covariance-based model "
            "needs "
            "more respondents than variables"
        )
    constant = [c for c, v in zip(columns, values.var(axis=0)) if v == 0]
    if constant:
        raise ValueError(f"data columns {constant} have no variance; drop them from the model")
    corr = np.corrcoef(values, rowvar=False)
    if np.linalg.eigvalsh(corr)[0] < 1e-10:
        twins = [
            (columns[i], columns[j])
            for i, j in zip(*np.triu_indices(len(columns), 1))
            if corr[i, j] > 1 - 1e-9
        ]
        raise ValueError(
            "data columns are linearly dependent (their covariance matrix is singular)"
            + (f", e.g. {twins[0][0]} and {twins[0][1]} are identical" if twins else "")
            + "; drop a redundant column"
        )


def measurement_syntax(items: Mapping[str, Sequence[str]]) -> str:
    """lavaan-style measurement model, one line per construct: ``affect =~ aff1 + aff2 + aff3``."""
    items = _check_items(items)
    return "\n".join(f"{c} =~ " + " + ".join(names) for c, names in items.items())


def structural_syntax(paths: Sequence[tuple[str, str]]) -> str:
    """lavaan-style regressions from ``(cause, effect)`` pairs, one line per effect."""
    effects: dict[str, list[str]] = {}
    for cause, effect in _check_paths(paths):
        effects.setdefault(effect, []).append(cause)
    return "\n".join(f"{e} ~ " + " + ".join(causes) for e, causes in effects.items())


@dataclass(frozen=True)
class SEMResult:
    """A fitted SEM: standardized paths with intervals, standardized loadings, fit indices, semopy's model."""

    paths: pd.DataFrame  # index "cause -> effect": estimate, se, ci_low, ci_high, z, p (beta scale)
    loadings: pd.DataFrame  # index item: construct, loading (standardized), estimate (raw)
    fit: dict  # chi2, dof, CFI, TLI, RMSEA, AIC, ...
    model: object  # semopy.Model
    n: int


def _fit_semopy(description: str, data: pd.DataFrame):
    """A semopy model fitted by maximum likelihood; RuntimeError when the optimizer fails."""
    import semopy

    model = semopy.Model(description)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = model.fit(data)
    if not getattr(result, "success", True) or not np.isfinite(getattr(result, "fun", 0.0)):
        raise RuntimeError(f"the SEM did not converge: {getattr(result, 'message', 'non-finite objective')}")
    return model


def _warn_if_degenerate(model, items: dict) -> None:
    """RuntimeWarning when a residual or factor variance sits at its bound of 0 (a Heywood case)."""
    indicators, _ = model.names_theta
    observed = list(model.vars["observed"])
    sample_var = np.diag(model.mx_cov)
    theta = np.diag(model.mx_theta)
    item_names = {name for names in items.values() for name in names}
    at_bound = [
        name
        for k, name in enumerate(indicators)
        if name in item_names and theta[k] <= 1e-3 * sample_var[observed.index(name)]
    ]
    latent, _ = model.names_psi
    psi = np.diag(model.mx_psi)
    at_bound += [name for k, name in enumerate(latent) if name in items and psi[k] <= 1e-6]
    if at_bound:
        warnings.warn(
            f"the SEM put the variance of {at_bound} at its bound of 0 (a Heywood case): an item measures "
            "its "
            "construct almost without error, two items duplicate each other, or the sample is too small; "
            "its estimates and intervals are not trustworthy",
            RuntimeWarning,
            stacklevel=3,
        )


def _beta_locations(model, paths: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    rows, cols = model.names_beta
    out = []
    for cause, effect in paths:
        if effect not in rows or cause not in cols:
            raise ValueError(f"path {cause} -> {effect} is not in the fitted model")
        out.append((rows.index(effect), cols.index(cause)))
    return out


def _standardized(model, locations) -> np.ndarray:
    """Fully standardized coefficients b·SD(cause)/SD(effect) at the model's current parameter values."""
    _, (_, c) = model.calc_sigma()
    sds = np.sqrt(np.diag(c @ model.mx_psi @ c.T))
    return np.array([model.mx_beta[r, k] * sds[k] / sds[r] for r, k in locations])


def standardized_paths(model, paths: Sequence[tuple[str, str]], confidence: float = 0.95) -> pd.DataFrame:
    """Standardized path coefficients of a fitted semopy model with delta-method standard errors.

    The gradient of each beta with respect to the free parameters is taken by central differences; the
    parameters' covariance is the inverse expected Fisher information, as for semopy's own standard errors.
    Variances of observed exogenous variables are held at their sample values (fixed-x), as in semopy.
    """
    import semopy

    if not isinstance(model, semopy.Model) or not hasattr(model, "param_vals"):
        raise TypeError(f"model must be a fitted semopy.Model (call fit_sem), got {type(model).__name__}")
    paths = _check_paths(paths)
    confidence = check_confidence(confidence)
    locations = _beta_locations(model, paths)
    theta = np.array(model.param_vals, dtype=float)
    estimate = _standardized(model, locations)
    jac = np.empty((len(locations), theta.size))
    for j in range(theta.size):
        h = 1e-6 * max(1.0, abs(theta[j]))
        up, down = theta.copy(), theta.copy()
        up[j] += h
        down[j] -= h
        model.update_matrices(up)
        plus = _standardized(model, locations)
        model.update_matrices(down)
        minus = _standardized(model, locations)
        jac[:, j] = (plus - minus) / (2 * h)
    model.update_matrices(theta)
    cov = model.calc_fim(inverse=True)[1]
    se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", jac, cov, jac), 0.0))
    if not (np.all(np.isfinite(se)) and np.all(se > 0)):
        warnings.warn(
            "some standardized paths have no finite, positive standard error (the information matrix is "
            "singular): their intervals are not trustworthy; is the model identified?",
            RuntimeWarning,
            stacklevel=2,
        )
    zcrit = stats.norm.ppf(0.5 + confidence / 2)
    z = estimate / np.where(se > 0, se, np.nan)
    index = [f"{cause} -> {effect}" for cause, effect in paths]
    table = {
        "estimate": estimate,
        "se": se,
        "ci_low": estimate - zcrit * se,
        "ci_high": estimate + zcrit * se,
        "z": z,
        "p": 2 * stats.norm.sf(np.abs(z)),
    }
    return pd.DataFrame(table, index=index)


def _loadings(model, items: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    est = model.inspect(std_est=True)
    rows = []
    for construct, names in items.items():
        for name in names:
            hit = est[(est["op"] == "~") & (est["lval"] == name) & (est["rval"] == construct)]
            rows.append(
                {
                    "item": name,
                    "construct": construct,
                    "estimate": float(hit["Estimate"].iloc[0]),
                    "loading": float(hit["Est. Std"].iloc[0]),
                }
            )
    return pd.DataFrame(rows).set_index("item")


_FIT_INDICES = {
    "chi2": "chi2",
    "DoF": "dof",
    "chi2 p-value": "chi2_p",
    "CFI": "cfi",
    "TLI": "tli",
    "RMSEA": "rmsea",
    "AIC": "aic",
    "BIC": "bic",
}


def _fit_indices(model) -> dict:
    import semopy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = semopy.calc_stats(model).T.iloc[:, 0]
    return {new: float(s[old]) for old, new in _FIT_INDICES.items() if old in s}


def fit_cfa(data: pd.DataFrame, items: Mapping[str, Sequence[str]]) -> SEMResult:
    """Confirmatory factor analysis: correlated factors, each measured by its own items (ML, semopy)."""
    items = _check_items(items)
    _check_model_data(data, items)
    model = _fit_semopy(measurement_syntax(items), data)
    _warn_if_degenerate(model, items)
    return SEMResult(
        paths=pd.DataFrame(),
        loadings=_loadings(model, items),
        fit=_fit_indices(model),
        model=model,
        n=len(data),
    )


def _observed_causes(items: dict, paths: list[tuple[str, str]]) -> list[str]:
    """Variables of ``paths`` that are not constructs: observed columns of the data, in a stable order."""
    return sorted({name for pair in paths for name in pair if name not in items})


def fit_sem(
    data: pd.DataFrame,
    items: Mapping[str, Sequence[str]],
    paths: Sequence[tuple[str, str]],
    confidence: float = 0.95,
) -> SEMResult:
    """Structural equation model: the measurement model of ``items`` plus the regressions ``paths``.

    Returns fully standardized path coefficients (beta) with delta-method intervals, the standardized
    loadings and the fit indices. Observed causes (condition dummies, traits) enter as observed exogenous
    variables.
    """
    items, paths = _check_items(items), _check_paths(paths)
    confidence = check_confidence(confidence)
    _check_model_data(data, items, _observed_causes(items, paths))
    model = _fit_semopy(measurement_syntax(items) + "\n" + structural_syntax(paths), data)
    _warn_if_degenerate(model, items)
    return SEMResult(
        paths=standardized_paths(model, paths, confidence),
        loadings=_loadings(model, items),
        fit=_fit_indices(model),
        model=model,
        n=len(data),
    )


def scale_score_paths(
    data: pd.DataFrame,
    items: Mapping[str, Sequence[str]],
    paths: Sequence[tuple[str, str]],
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The same paths by ordinary least squares on standardized scale means (what many studies report).

    Each construct is replaced by the mean of its items; every variable is z-scored, so the coefficients are
    standardized betas comparable with :func:`fit_sem`. Measurement error in the scale means attenuates the
    paths between constructs: this is the bias a latent-variable model removes.
    """
    import statsmodels.api as sm

    items, paths = _check_items(items), _check_paths(paths)
    confidence = check_confidence(confidence)
    observed = _observed_causes(items, paths)
    _check_model_data(data, items, observed)
    scores = pd.DataFrame({c: data[list(names)].mean(axis=1) for c, names in items.items()})
    z = pd.concat([scores, data[observed]], axis=1)
    z = (z - z.mean()) / z.std(ddof=1)
    rows = {}
    effects: dict[str, list[str]] = {}
    for cause, effect in paths:
        effects.setdefault(effect, []).append(cause)
    for effect, causes in effects.items():
        ols = sm.OLS(z[effect], sm.add_constant(z[causes])).fit()
        ci = ols.conf_int(1 - confidence)
        for cause in causes:
            rows[f"{cause} -> {effect}"] = {
                "estimate": ols.params[cause],
                "se": ols.bse[cause],
                "ci_low": ci.loc[cause, 0],
                "ci_high": ci.loc[cause, 1],
            }
    return pd.DataFrame.from_dict(rows, orient="index").reindex([f"{c} -> {e}" for c, e in paths])
