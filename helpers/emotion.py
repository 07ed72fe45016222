"""Measurement and structural models of the emotional response to personalization, and its revealed trace in
MovieLens ratings.

Survey side: scale reliability (Cronbach's alpha with Feldt's interval, McDonald's omega), confirmatory factor
analysis and structural equation models fitted with ``semopy`` (standardized paths with delta-method
intervals), a bootstrap interval for an indirect (mediated) effect, and the two one-sided tests (TOST) of
equivalence. Ratings side: a per-user temporal split, a Surprise SVD trained on each user's earlier ratings,
and the delight (5 stars) and disappointment (1-2 stars) rates of later ratings by how well the item matched
the learned profile.
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

# --------------------------------------------------------------------------------------------------------
# Reliability
# --------------------------------------------------------------------------------------------------------


def _item_matrix(items, name: str) -> np.ndarray:
    x = np.asarray(items, dtype=float)
    if x.ndim != 2 or x.shape[1] < 2:
        raise ValueError(f"{name} needs a 2-D table of answers with at least two items (columns), got shape {x.shape}")
    if x.shape[0] < 3:
        raise ValueError(f"{name} needs at least three respondents (rows), got {x.shape[0]}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} got missing or infinite answers; drop or impute them first")
    if np.any(x.var(axis=0) == 0):
        raise ValueError(f"{name}: an item has no variance (everyone gave the same answer); drop it")
    return x


@dataclass(frozen=True)
class AlphaResult:
    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int


def cronbach_alpha(items, confidence: float = 0.95) -> AlphaResult:
    """Cronbach's alpha of a scale (rows = respondents, columns = items) with Feldt's (1965) F interval.

    alpha = k/(k-1) · (1 - sum of item variances / variance of the sum score). It is a lower bound of the
    sum score's reliability that equals it only when all items load equally (tau-equivalence).
    """
    x = _item_matrix(items, "cronbach_alpha")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1), got {confidence}")
    n, k = x.shape
    item_var = x.var(axis=0, ddof=1).sum()
    total_var = x.sum(axis=1).var(ddof=1)
    alpha = k / (k - 1) * (1 - item_var / total_var)
    tail = (1 - confidence) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - alpha) * stats.f.ppf(1 - tail, df1, df2)
    high = 1 - (1 - alpha) * stats.f.ppf(tail, df1, df2)
    return AlphaResult(float(alpha), float(low), float(high), n, k)


def omega_from_loadings(loadings, residual_variances=None) -> float:
    """McDonald's omega from one-factor loadings: (sum λ)² / ((sum λ)² + sum θ).

    Without ``residual_variances`` the loadings are taken as standardized (θ = 1 - λ²).
    """
    lam = np.asarray(loadings, dtype=float)
    if lam.ndim != 1 or lam.size < 2:
        raise ValueError("omega needs the loadings of at least two items")
    if residual_variances is None:
        if np.any(np.abs(lam) >= 1):
            raise ValueError("standardized loadings must lie strictly between -1 and 1")
        theta = 1 - lam**2
    else:
        theta = np.asarray(residual_variances, dtype=float)
        if theta.shape != lam.shape or np.any(theta < 0):
            raise ValueError("residual_variances must be non-negative, one per loading")
    common = lam.sum() ** 2
    return float(common / (common + theta.sum()))


def mcdonald_omega(items) -> float:
    """McDonald's omega (total) of a scale: the reliability of its sum score under a one-factor model.

    Fits the one-factor model by maximum likelihood (semopy) and returns (sum λ)²·φ / ((sum λ)²·φ + sum θ)
    on the items' own scale, so it is comparable with alpha of the same sum score.
    """
    import semopy

    x = _item_matrix(items, "mcdonald_omega")
    if x.shape[1] < 3:
        raise ValueError("omega needs at least three items to identify a one-factor model")
    names = [f"i{j}" for j in range(x.shape[1])]
    model = semopy.Model("f =~ " + " + ".join(names))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(pd.DataFrame(x, columns=names))
    est = model.inspect()
    lam = np.ones(len(names))
    theta = np.zeros(len(names))
    phi = 1.0
    for _, row in est.iterrows():
        if row["op"] == "~" and row["rval"] == "f":
            lam[names.index(row["lval"])] = row["Estimate"]
        elif row["op"] == "~~" and row["lval"] == row["rval"]:
            if row["lval"] == "f":
                phi = row["Estimate"]
            else:
                theta[names.index(row["lval"])] = row["Estimate"]
    return omega_from_loadings(lam * np.sqrt(phi), theta)


def reliability_table(data: pd.DataFrame, items: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Alpha (with Feldt's 95% interval) and omega of every scale: one row per construct."""
    rows = {}
    for construct, names in items.items():
        missing = [c for c in names if c not in data]
        if missing:
            raise ValueError(f"items {missing} of {construct} are not columns of the data")
        a = cronbach_alpha(data[list(names)])
        rows[construct] = {"items": len(names), "alpha": a.alpha, "alpha_ci_low": a.ci_low,
                           "alpha_ci_high": a.ci_high, "omega": mcdonald_omega(data[list(names)])}  # fmt: skip
    return pd.DataFrame.from_dict(rows, orient="index")


# --------------------------------------------------------------------------------------------------------
# CFA and SEM
# --------------------------------------------------------------------------------------------------------


def measurement_syntax(items: Mapping[str, Sequence[str]]) -> str:
    """lavaan-style measurement model, one line per construct: ``affect =~ aff1 + aff2 + aff3``."""
    if not items:
        raise ValueError("items must map at least one construct to its item columns")
    for construct, names in items.items():
        if len(names) < 2:
            raise ValueError(f"{construct} needs at least two items, got {list(names)}")
    return "\n".join(f"{c} =~ " + " + ".join(names) for c, names in items.items())


def structural_syntax(paths: Sequence[tuple[str, str]]) -> str:
    """lavaan-style regressions from ``(cause, effect)`` pairs, one line per effect."""
    effects: dict[str, list[str]] = {}
    for cause, effect in paths:
        effects.setdefault(effect, []).append(cause)
    return "\n".join(f"{e} ~ " + " + ".join(causes) for e, causes in effects.items())


@dataclass
class SEMResult:
    """A fitted SEM: standardized paths with intervals, standardized loadings, fit indices, the semopy model."""

    paths: pd.DataFrame        # index "cause -> effect": estimate, se, ci_low, ci_high, z, p (beta scale)
    loadings: pd.DataFrame     # index item: construct, loading (standardized), estimate (raw)
    fit: dict                  # chi2, dof, CFI, TLI, RMSEA, AIC, ...
    model: object              # semopy.Model
    n: int


def _fit_semopy(description: str, data: pd.DataFrame):
    import semopy

    model = semopy.Model(description)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = model.fit(data)
    if not getattr(result, "success", True):
        raise RuntimeError(f"the SEM did not converge: {result.message}")
    return model


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
    zcrit = stats.norm.ppf(0.5 + confidence / 2)
    z = estimate / np.where(se > 0, se, np.nan)
    index = [f"{cause} -> {effect}" for cause, effect in paths]
    return pd.DataFrame({"estimate": estimate, "se": se, "ci_low": estimate - zcrit * se,
                         "ci_high": estimate + zcrit * se, "z": z, "p": 2 * stats.norm.sf(np.abs(z))},
                        index=index)  # fmt: skip


def _loadings(model, items: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    est = model.inspect(std_est=True)
    rows = []
    for construct, names in items.items():
        for name in names:
            hit = est[(est["op"] == "~") & (est["lval"] == name) & (est["rval"] == construct)]
            rows.append({"item": name, "construct": construct, "estimate": float(hit["Estimate"].iloc[0]),
                         "loading": float(hit["Est. Std"].iloc[0])})  # fmt: skip
    return pd.DataFrame(rows).set_index("item")


def _fit_indices(model) -> dict:
    import semopy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = semopy.calc_stats(model).T.iloc[:, 0]
    keys = {"chi2": "chi2", "DoF": "dof", "chi2 p-value": "chi2_p", "CFI": "cfi", "TLI": "tli", "RMSEA": "rmsea",
            "AIC": "aic", "BIC": "bic"}  # fmt: skip
    return {new: float(s[old]) for old, new in keys.items() if old in s}


def _check_columns(data: pd.DataFrame, columns) -> None:
    missing = sorted(set(columns) - set(data.columns))
    if missing:
        raise ValueError(f"columns {missing} are missing from the data")


def fit_cfa(data: pd.DataFrame, items: Mapping[str, Sequence[str]]) -> SEMResult:
    """Confirmatory factor analysis: correlated factors, each measured by its own items (ML, semopy)."""
    _check_columns(data, [i for names in items.values() for i in names])
    model = _fit_semopy(measurement_syntax(items), data)
    return SEMResult(paths=pd.DataFrame(), loadings=_loadings(model, items), fit=_fit_indices(model),
                     model=model, n=len(data))  # fmt: skip


def fit_sem(data: pd.DataFrame, items: Mapping[str, Sequence[str]], paths: Sequence[tuple[str, str]],
            confidence: float = 0.95) -> SEMResult:  # fmt: skip
    """Structural equation model: the measurement model of ``items`` plus the regressions ``paths``.

    Returns fully standardized path coefficients (beta) with delta-method intervals, the standardized
    loadings and the fit indices. Observed causes (condition dummies, traits) enter as observed exogenous
    variables.
    """
    if not paths:
        raise ValueError("fit_sem needs at least one (cause, effect) path")
    observed = {c for pair in paths for c in pair if c not in items}
    _check_columns(data, [i for names in items.values() for i in names] + sorted(observed))
    description = measurement_syntax(items) + "\n" + structural_syntax(paths)
    model = _fit_semopy(description, data)
    return SEMResult(paths=standardized_paths(model, paths, confidence), loadings=_loadings(model, items),
                     fit=_fit_indices(model), model=model, n=len(data))  # fmt: skip


def compare_with_truth(estimates: pd.DataFrame, truth: Mapping[str, float]) -> pd.DataFrame:
    """Estimates beside the truth: error and whether the interval covers the truth, one row per path."""
    table = estimates[["estimate", "ci_low", "ci_high"]].copy()
    table["truth"] = pd.Series(truth).reindex(table.index)
    if table["truth"].isna().any():
        raise ValueError(f"no truth for paths {list(table.index[table['truth'].isna()])}")
    table["error"] = table["estimate"] - table["truth"]
    table["covered"] = (table["ci_low"] <= table["truth"]) & (table["truth"] <= table["ci_high"])
    return table


def scale_score_paths(data: pd.DataFrame, items: Mapping[str, Sequence[str]], paths: Sequence[tuple[str, str]],
                      confidence: float = 0.95) -> pd.DataFrame:  # fmt: skip
    """The same paths by ordinary least squares on standardized scale means (what many studies report).

    Each construct is replaced by the mean of its items; every variable is z-scored, so the coefficients are
    standardized betas comparable with :func:`fit_sem`. Measurement error in the scale means attenuates the
    paths between constructs: this is the bias a latent-variable model removes.
    """
    import statsmodels.api as sm

    _check_columns(data, [i for names in items.values() for i in names])
    scores = pd.DataFrame({c: data[list(names)].mean(axis=1) for c, names in items.items()})
    observed = sorted({c for pair in paths for c in pair if c not in items})
    _check_columns(data, observed)
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
            rows[f"{cause} -> {effect}"] = {"estimate": ols.params[cause], "se": ols.bse[cause],
                                            "ci_low": ci.loc[cause, 0], "ci_high": ci.loc[cause, 1]}  # fmt: skip
    return pd.DataFrame.from_dict(rows, orient="index").reindex([f"{c} -> {e}" for c, e in paths])


# --------------------------------------------------------------------------------------------------------
# Mediation and equivalence
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndirectResult:
    estimate: float
    ci_low: float
    ci_high: float
    n_boot: int
    draws: np.ndarray          # the bootstrap estimates (for a histogram)


def bootstrap_indirect(data: pd.DataFrame, items: Mapping[str, Sequence[str]], paths: Sequence[tuple[str, str]],
                       cause: str, mediator: str, outcome: str, n_boot: int, rng: np.random.Generator,
                       confidence: float = 0.95) -> IndirectResult:  # fmt: skip
    """Standardized indirect effect cause -> mediator -> outcome (a·b) with a percentile bootstrap interval.

    Every bootstrap sample resamples participants with replacement and refits the whole SEM, so the
    interval carries the uncertainty of the measurement model too (Preacher & Hayes 2008; Shrout & Bolger 2002).
    """
    if n_boot < 50:
        raise ValueError(f"n_boot must be at least 50 for a percentile interval, got {n_boot}")
    pair = [(cause, mediator), (mediator, outcome)]
    for p in pair:
        if p not in list(paths):
            raise ValueError(f"the model has no path {p[0]} -> {p[1]}; add it to paths")
    description = measurement_syntax(items) + "\n" + structural_syntax(paths)
    model = _fit_semopy(description, data)
    locations = _beta_locations(model, pair)
    a, b = _standardized(model, locations)
    draws = np.empty(n_boot)
    values = data.reset_index(drop=True)
    n = len(values)
    for k in range(n_boot):
        sample = values.iloc[rng.integers(0, n, n)]
        try:
            boot = _fit_semopy(description, sample)
            ab = _standardized(boot, _beta_locations(boot, pair))
            draws[k] = ab[0] * ab[1]
        except (RuntimeError, np.linalg.LinAlgError):
            draws[k] = np.nan
    ok = draws[np.isfinite(draws)]
    tail = (1 - confidence) / 2
    low, high = np.quantile(ok, [tail, 1 - tail])
    return IndirectResult(float(a * b), float(low), float(high), int(ok.size), ok)


@dataclass(frozen=True)
class TOSTResult:
    difference: float          # mean(x) - mean(y)
    ci_low: float              # (1 - 2·alpha) interval of the difference: inside the bounds <=> equivalent
    ci_high: float
    low: float                 # equivalence bounds on the raw scale
    high: float
    p_lower: float             # H0: difference <= low
    p_upper: float             # H0: difference >= high
    p_value: float             # max of the two: reject non-equivalence when below alpha
    dof: float

    @property
    def equivalent(self) -> bool:
        return self.p_value < 0.05


def tost(x, y, low: float, high: float, alpha: float = 0.05) -> TOSTResult:
    """Two one-sided Welch t-tests of equivalence (Schuirmann 1987; Lakens 2017) of mean(x) - mean(y).

    Equivalence is shown when the difference is significantly above ``low`` and significantly below
    ``high``; the p-value is the larger of the two one-sided p-values.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.size < 2 or y.size < 2:
        raise ValueError("tost needs at least two observations in each group")
    if not low < high:
        raise ValueError(f"the equivalence bounds must satisfy low < high, got low={low}, high={high}")
    if not 0 < alpha < 0.5:
        raise ValueError(f"alpha must lie in (0, 0.5), got {alpha}")
    vx, vy = x.var(ddof=1) / x.size, y.var(ddof=1) / y.size
    se = np.sqrt(vx + vy)
    dof = (vx + vy) ** 2 / (vx**2 / (x.size - 1) + vy**2 / (y.size - 1))
    diff = x.mean() - y.mean()
    p_lower = stats.t.sf((diff - low) / se, dof)
    p_upper = stats.t.cdf((diff - high) / se, dof)
    t = stats.t.ppf(1 - alpha, dof)
    return TOSTResult(float(diff), float(diff - t * se), float(diff + t * se), float(low), float(high),
                      float(p_lower), float(p_upper), float(max(p_lower, p_upper)), float(dof))  # fmt: skip


def tost_power(n_per_group: int, bound_d: float, true_d: float = 0.0, alpha: float = 0.05) -> float:
    """Approximate power of the TOST to show equivalence within ±``bound_d`` (in SDs) with two equal groups.

    Normal approximation: equivalence is declared when the (1 - 2·alpha) interval of the difference lies
    inside the bounds; the difference has standard error sqrt(2 / n_per_group) in SD units.
    """
    if n_per_group < 2:
        raise ValueError(f"n_per_group must be at least 2, got {n_per_group}")
    if bound_d <= 0:
        raise ValueError(f"bound_d must be positive, got {bound_d}")
    se = np.sqrt(2.0 / n_per_group)
    z = stats.norm.ppf(1 - alpha)
    upper = (bound_d - z * se - true_d) / se
    lower = (-bound_d + z * se - true_d) / se
    return float(max(0.0, stats.norm.cdf(upper) - stats.norm.cdf(lower)))


def pooled_sd(x, y) -> float:
    """The pooled within-group standard deviation of two samples (the unit of Cohen's d)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.sqrt(((x.size - 1) * x.var(ddof=1) + (y.size - 1) * y.var(ddof=1)) / (x.size + y.size - 2)))


# --------------------------------------------------------------------------------------------------------
# Repeated simulations: bias and interval coverage
# --------------------------------------------------------------------------------------------------------


def coverage_study(params, items, paths, n_reps: int, rng: np.random.Generator, simulate) -> pd.DataFrame:
    """Simulate ``n_reps`` studies, fit the SEM to each, and return one row per (replication, path).

    ``simulate(params, rng)`` draws one data set; columns: rep, path, estimate, ci_low, ci_high, truth,
    error, covered.
    """
    if n_reps < 1:
        raise ValueError("n_reps must be at least 1")
    truth = params.standardized_paths()
    frames = []
    for rep in range(n_reps):
        data = simulate(params, rng)
        fit = fit_sem(data, items, paths)
        table = compare_with_truth(fit.paths, truth)
        table.insert(0, "rep", rep)
        frames.append(table.rename_axis("path").reset_index())
    return pd.concat(frames, ignore_index=True)


def summarize_coverage(runs: pd.DataFrame) -> pd.DataFrame:
    """Per path: mean estimate, truth, bias, RMSE, share of |error| < 0.05, interval coverage."""
    grouped = runs.groupby("path", sort=False)
    return pd.DataFrame({
        "truth": grouped["truth"].first(),
        "mean_estimate": grouped["estimate"].mean(),
        "bias": grouped["error"].mean(),
        "rmse": grouped["error"].apply(lambda e: float(np.sqrt(np.mean(e**2)))),
        "within_0.05": grouped["error"].apply(lambda e: float(np.mean(np.abs(e) < 0.05))),
        "coverage": grouped["covered"].mean(),
    })  # fmt: skip


# --------------------------------------------------------------------------------------------------------
# MovieLens: revealed affect
# --------------------------------------------------------------------------------------------------------


def temporal_split(ratings: pd.DataFrame, train_share: float = 0.8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-user temporal split: each user's earliest ``train_share`` of ratings train, the later ones test.

    Ties in timestamp are broken by item id so the split is deterministic. Every user keeps at least one
    rating on each side.
    """
    if not 0 < train_share < 1:
        raise ValueError(f"train_share must lie strictly between 0 and 1, got {train_share}")
    _check_columns(ratings, ["user_id", "item_id", "rating", "timestamp"])
    ordered = ratings.sort_values(["user_id", "timestamp", "item_id"], kind="mergesort")
    position = ordered.groupby("user_id").cumcount()
    count = ordered.groupby("user_id")["item_id"].transform("size")
    if (count < 2).any():
        raise ValueError("every user needs at least two ratings for a temporal split")
    cut = np.clip(np.floor(train_share * count), 1, count - 1)
    is_train = position < cut
    return ordered[is_train].reset_index(drop=True), ordered[~is_train].reset_index(drop=True)


@dataclass
class ProfileMatch:
    """Later ratings with how well each item matched the profile learned from the user's earlier ratings."""

    test: pd.DataFrame         # user_id, item_id, rating, timestamp, match, baseline, taste, decile
    rmse: float
    algo: object               # the fitted surprise.SVD


def fit_profile_match(train: pd.DataFrame, test: pd.DataFrame, n_factors: int = 50, n_epochs: int = 20,
                      random_state: int = 0) -> ProfileMatch:  # fmt: skip
    """Train Surprise's SVD (Funk matrix factorization) on ``train`` and score every ``test`` rating.

    ``match`` is the predicted rating, clipped to 1..5 (mu + b_u + b_i + p_u·q_i); ``baseline`` its
    non-personal part (global mean, the user's generosity, the item's popularity) and ``taste`` the
    personal part p_u·q_i. Items unseen in training get b_i = 0 and q_i = 0. ``decile`` is the global decile
    (1..10) of ``match`` over the test ratings.
    """
    from surprise import SVD

    from .recsys import to_surprise_trainset

    _check_columns(train, ["user_id", "item_id", "rating"])
    _check_columns(test, ["user_id", "item_id", "rating"])
    trainset = to_surprise_trainset(train)
    algo = SVD(n_factors=n_factors, n_epochs=n_epochs, random_state=random_state)
    algo.fit(trainset)
    # raw id -> inner index of algo.pu / algo.bu (public API; a few thousand look-ups)
    users = pd.Series({raw: trainset.to_inner_uid(raw) for raw in train["user_id"].unique()})
    items = pd.Series({raw: trainset.to_inner_iid(raw) for raw in train["item_id"].unique()})
    u = test["user_id"].map(users)
    i = test["item_id"].map(items)
    if u.isna().any():
        raise ValueError("every test user must have training ratings (use temporal_split)")
    u = u.to_numpy(dtype=int)
    known = i.notna().to_numpy()
    i = i.fillna(0).to_numpy(dtype=int)
    bu = algo.bu[u]
    bi = np.where(known, algo.bi[i], 0.0)
    taste = np.where(known, np.einsum("ij,ij->i", algo.pu[u], algo.qi[i]), 0.0)
    out = test.copy()
    out["baseline"] = trainset.global_mean + bu + bi
    out["taste"] = taste
    out["match"] = np.clip(out["baseline"] + taste, 1, 5)
    out["decile"] = pd.qcut(out["match"].rank(method="first"), 10, labels=False) + 1
    rmse = float(np.sqrt(np.mean((out["match"] - out["rating"]) ** 2)))
    return ProfileMatch(out, rmse, algo)


def affect_by_decile(test: pd.DataFrame, n_boot: int, rng: np.random.Generator, by: str = "decile",
                     confidence: float = 0.95) -> pd.DataFrame:  # fmt: skip
    """Delight (5 stars) and disappointment (1-2 stars) rates per ``by`` group with user-cluster bootstrap CIs.

    Ratings of one user are not independent, so the bootstrap resamples users (with multinomial weights),
    not ratings.
    """
    _check_columns(test, ["user_id", "rating", by])
    if n_boot < 50:
        raise ValueError(f"n_boot must be at least 50, got {n_boot}")
    df = test.assign(delight=(test["rating"] == 5).astype(float), disappointment=(test["rating"] <= 2).astype(float))
    groups = np.sort(df[by].unique())
    users = np.sort(df["user_id"].unique())
    counts = df.pivot_table(index="user_id", columns=by, values="rating", aggfunc="size", fill_value=0)
    counts = counts.reindex(index=users, columns=groups, fill_value=0).to_numpy(float)
    weights = rng.multinomial(users.size, np.full(users.size, 1 / users.size), size=n_boot).astype(float)
    tail = (1 - confidence) / 2
    table = pd.DataFrame(index=pd.Index(groups, name=by))
    table["n"] = counts.sum(axis=0).astype(int)
    for what in ["delight", "disappointment"]:
        hits = df.pivot_table(index="user_id", columns=by, values=what, aggfunc="sum", fill_value=0)
        hits = hits.reindex(index=users, columns=groups, fill_value=0).to_numpy(float)
        table[what] = hits.sum(axis=0) / counts.sum(axis=0)
        boot = (weights @ hits) / (weights @ counts)
        table[f"{what}_ci_low"] = np.quantile(boot, tail, axis=0)
        table[f"{what}_ci_high"] = np.quantile(boot, 1 - tail, axis=0)
    table["mean_rating"] = df.groupby(by)["rating"].mean().reindex(groups).to_numpy()
    table["mean_match"] = df.groupby(by)["match"].mean().reindex(groups).to_numpy() if "match" in df else np.nan
    return table


def calibration_curve(test: pd.DataFrame, bins: Sequence[float] = (1, 2, 2.5, 3, 3.25, 3.5, 3.75, 4, 4.25, 4.5, 5.0001)
                      ) -> pd.DataFrame:  # fmt: skip
    """Mean later rating per bin of the predicted rating (``match``), with a normal 95% interval."""
    _check_columns(test, ["match", "rating"])
    binned = pd.cut(test["match"], bins=list(bins), right=False)
    g = test.groupby(binned, observed=True)["rating"]
    out = pd.DataFrame({"predicted": test.groupby(binned, observed=True)["match"].mean(), "observed": g.mean(),
                        "n": g.size()})  # fmt: skip
    half = 1.96 * g.std(ddof=1) / np.sqrt(out["n"])
    out["ci_low"], out["ci_high"] = out["observed"] - half, out["observed"] + half
    return out[out["n"] >= 20]


def per_user_gradient(test: pd.DataFrame, min_ratings: int = 10) -> pd.DataFrame:
    """Per user with enough later ratings: Spearman correlation of match with the later rating, and the
    delight-rate gap between the user's better-matched and worse-matched halves. Users whose later ratings
    are all equal have no defined correlation and are left out."""
    _check_columns(test, ["user_id", "match", "rating"])
    counts = test.groupby("user_id")["rating"].transform("size")
    df = test[counts >= min_ratings].copy()
    if df.empty:
        raise ValueError(f"no user has {min_ratings} or more later ratings; lower min_ratings")
    df["match_rank"] = df.groupby("user_id")["match"].rank(method="first")
    df["rating_rank"] = df.groupby("user_id")["rating"].rank(method="average")
    df["upper"] = df["match_rank"] > df.groupby("user_id")["match_rank"].transform("size") / 2
    df["delight"] = (df["rating"] == 5).astype(float)
    spearman = df.groupby("user_id")[["match_rank", "rating_rank"]].corr().xs("match_rank", level=1)["rating_rank"]
    rates = df.groupby(["user_id", "upper"])["delight"].mean().unstack()
    out = pd.DataFrame({"ratings": df.groupby("user_id").size(), "spearman": spearman,
                        "delight_gap": rates[True] - rates[False],
                        "mean_rating": df.groupby("user_id")["rating"].mean()})  # fmt: skip
    return out.dropna(subset=["spearman"])


def trend(values: Sequence[float]) -> dict:
    """Spearman correlation of a sequence with its position, and whether it is monotone (non-strictly)."""
    v = np.asarray(values, dtype=float)
    rho = stats.spearmanr(np.arange(v.size), v).statistic
    diffs = np.diff(v)
    return {"spearman": float(rho), "increasing": bool(np.all(diffs >= 0)), "decreasing": bool(np.all(diffs <= 0))}


# --------------------------------------------------------------------------------------------------------
# The theory as a figure
# --------------------------------------------------------------------------------------------------------

_NODE_XY = {
    "personalization\n(condition)": (0.08, 0.55),
    "perceived\nunderstanding": (0.36, 0.55),
    "positive affect /\nemotional trust": (0.64, 0.80),
    "cognitive trust": (0.64, 0.30),
    "intention to keep\nusing & recommend": (0.92, 0.55),
    "privacy concern": (0.22, 0.12),
    "disposition\nto trust": (0.45, 0.06),
}


def draw_path_model(coefficients: Mapping[str, float], ax=None, title: str = ""):
    """Draw the theory as a path diagram, each arrow labelled with its coefficient.

    ``coefficients`` maps path names of :data:`helpers.simulate.emotion.PATHS` (``'cause -> effect'``) to
    numbers; the conditions' two paths are drawn as one arrow labelled ``S x / A y``.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(11, 4.6))
    node = {"understanding": "perceived\nunderstanding", "affect": "positive affect /\nemotional trust",
            "cognitive": "cognitive trust", "intention": "intention to keep\nusing & recommend",
            "privacy_concern": "privacy concern", "disposition_to_trust": "disposition\nto trust",
            "condition": "personalization\n(condition)"}  # fmt: skip
    for name, (x, y) in _NODE_XY.items():
        trait = name in ("privacy concern", "disposition\nto trust")
        ax.text(x, y, name, ha="center", va="center", fontsize=9.5,
                bbox=dict(boxstyle="round,pad=0.45", fc="#f2f2f2" if trait else "#dce9f5",
                          ec="grey", ls="--" if trait else "-"))  # fmt: skip

    def c(key):
        return coefficients.get(key, np.nan)

    def arrow(a, b, label, offset=(0, 0.035), ls="-", rad=0.0):
        (x0, y0), (x1, y1) = _NODE_XY[a], _NODE_XY[b]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops=dict(arrowstyle="-|>", color="0.25", lw=1.4, ls=ls, shrinkA=30, shrinkB=30,
                                    connectionstyle=f"arc3,rad={rad}"))  # fmt: skip
        ax.text((x0 + x1) / 2 + offset[0], (y0 + y1) / 2 + offset[1], label, ha="center", va="center",
                fontsize=9, color="#0b4f8a", bbox=dict(fc="white", ec="none", pad=0.5))  # fmt: skip

    cond, und = node["condition"], node["understanding"]
    arrow(cond, und, f"superficial {c('superficial -> understanding'):+.2f}\n"
                     f"authentic {c('authentic -> understanding'):+.2f}", offset=(0, 0.085))  # fmt: skip
    arrow(cond, node["affect"], f"direct: superficial {c('superficial -> affect'):+.2f}, "
                                f"authentic {c('authentic -> affect'):+.2f}", offset=(-0.02, 0.27), ls=":", rad=-0.3)  # fmt: skip
    arrow(und, node["affect"], f"{c('understanding -> affect'):+.2f}", offset=(-0.02, 0.04))
    arrow(und, node["cognitive"], f"{c('understanding -> cognitive'):+.2f}", offset=(-0.02, -0.04))
    arrow(node["affect"], node["intention"], f"{c('affect -> intention'):+.2f}", offset=(0.02, 0.04))
    arrow(node["cognitive"], node["intention"], f"{c('cognitive -> intention'):+.2f}", offset=(0.02, -0.04))
    arrow(node["disposition_to_trust"], node["cognitive"], f"{c('disposition_to_trust -> cognitive'):+.2f}",
          offset=(0.04, -0.01))  # fmt: skip
    arrow(node["privacy_concern"], node["cognitive"], f"{c('privacy_concern -> cognitive'):+.2f}",
          offset=(0.0, 0.035))  # fmt: skip
    # moderation: both traits change the strength of the condition -> understanding arrow
    (x0, y0) = _NODE_XY[node["privacy_concern"]]
    ax.annotate("", xy=(0.21, 0.55), xytext=(x0 - 0.01, y0 + 0.06),
                arrowprops=dict(arrowstyle="-|>", color="#a33", lw=1.2, ls="--"))  # fmt: skip
    (x0, y0) = _NODE_XY[node["disposition_to_trust"]]
    ax.annotate("", xy=(0.23, 0.55), xytext=(x0 - 0.03, y0 + 0.08),
                arrowprops=dict(arrowstyle="-|>", color="#a33", lw=1.2, ls="--"))  # fmt: skip
    ax.text(0.03, 0.30, f"moderate the step\nA x concern {c('authentic_x_privacy -> understanding'):+.2f}\n"
                         f"A x disposition {c('authentic_x_disposition -> understanding'):+.2f}",
            fontsize=8.5, color="#a33", ha="left")  # fmt: skip
    ax.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.08))
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def plot_item_distributions(data: pd.DataFrame, items: Mapping[str, Sequence[str]], points: int = 7, ax=None):
    """Stacked horizontal bars of the share of each answer (1..points) for every item, grouped by construct."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    names = [i for group in items.values() for i in group]
    _check_columns(data, names)
    shares = pd.DataFrame({i: data[i].value_counts(normalize=True).reindex(range(1, points + 1), fill_value=0)
                           for i in names}).T  # fmt: skip
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.32 * len(names) + 1.4))
    colors = sns.color_palette("vlag", points)  # diverging: disagree (blue) to agree (red)
    left = np.zeros(len(names))
    y = np.arange(len(names))[::-1]
    for k, color in zip(range(1, points + 1), colors):
        ax.barh(y, shares[k].to_numpy(), left=left, color=color, label=str(k), edgecolor="white", lw=0.5)
        left += shares[k].to_numpy()
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1)
    ax.legend(title="answer", ncol=points, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    return ax


def plot_paths_against_truth(table: pd.DataFrame, ax=None, others: Mapping[str, pd.DataFrame] | None = None):
    """Forest plot: each path's estimate with its interval (and optional other estimators) and the truth."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.45 * len(table) + 1.2))
    colors = sns.color_palette("colorblind")
    y = np.arange(len(table))[::-1].astype(float)
    series = {"SEM (latent constructs)": table, **(others or {})}
    offsets = np.linspace(0.12, -0.12, len(series)) if len(series) > 1 else [0.0]
    for (label, t), dy, color in zip(series.items(), offsets, colors):
        t = t.reindex(table.index)
        ax.errorbar(t["estimate"], y + dy, xerr=[t["estimate"] - t["ci_low"], t["ci_high"] - t["estimate"]],
                    fmt="o", ms=4, color=color, capsize=2, label=label)  # fmt: skip
    ax.scatter(table["truth"], y, marker="|", s=250, color="black", zorder=5, label="truth")
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, table.index)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5, frameon=False)
    return ax
