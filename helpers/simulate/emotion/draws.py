"""Drawing a simulated emotional-response study from its parameters: conditions, latent scores and survey
answers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._validation import (
    check_array,
    check_bool,
    check_count,
    check_rng,
    check_size,
)
from .model import _EXOGENOUS, CONDITIONS, CONSTRUCTS, PATHS, EmotionStudyParams, _check_params


def assign_conditions(n: int, shares, rng: np.random.Generator) -> np.ndarray:
    """Balanced random assignment: exactly round(share·n) participants per condition, in random order."""
    n = check_count(n, "n", minimum=1)
    shares = check_array(shares, "shares", low=0.0)
    if shares.shape != (3,) or not np.isclose(shares.sum(), 1.0):
        raise ValueError(
            "shares must be three non-negative shares (none, superficial, authentic) summing to 1"
        )
    rng = check_rng(rng)
    check_size(n, what="the assignment")
    counts = np.floor(shares * n).astype(int)
    counts[np.argsort(-(shares * n - counts))[: n - counts.sum()]] += 1
    labels = np.repeat(np.arange(3), counts)
    return np.asarray(CONDITIONS)[rng.permutation(labels)]


def simulate_latent(params: EmotionStudyParams, rng: np.random.Generator, conditions=None) -> pd.DataFrame:
    """One row per participant: condition, traits and the latent construct scores (no items).

    ``conditions`` overrides the balanced assignment (a sequence of condition names, length n).
    """
    params = _check_params(params)
    rng = check_rng(rng)
    n = params.n
    check_size(n, len(_EXOGENOUS) + len(CONSTRUCTS) + 1, what="the simulated study")
    if conditions is None:
        conditions = assign_conditions(n, params.condition_shares, rng)
    else:
        if isinstance(conditions, str):
            raise TypeError(
                "conditions must be a sequence of condition names, one per participant, not a string"
            )
        conditions = np.asarray(conditions, dtype=object)
        if conditions.ndim != 1:
            raise ValueError(
                f"conditions must be a flat sequence of condition names, got shape {conditions.shape}"
            )
        unknown = sorted({repr(c) for c in conditions if not isinstance(c, str) or c not in CONDITIONS})
        if unknown:
            raise ValueError(f"unknown condition(s) {unknown}; use one of {', '.join(CONDITIONS)}")
        if len(conditions) != n:
            raise ValueError(f"got {len(conditions)} conditions for n = {n} participants")
    residual = params.implied_covariance().residual
    intercept = params.intercepts()  # centre every construct on the study population's average
    rho = params.trait_correlation
    traits = rng.multivariate_normal([0.0, 0.0], [[1.0, rho], [rho, 1.0]], size=n)
    df = pd.DataFrame({"condition": pd.Categorical(conditions, categories=CONDITIONS)})
    df["superficial"] = (df["condition"] == "superficial").astype(float)
    df["authentic"] = (df["condition"] == "authentic").astype(float)
    df["privacy_concern"], df["disposition_to_trust"] = traits[:, 0], traits[:, 1]
    df["authentic_x_privacy"] = df["authentic"] * df["privacy_concern"]
    df["authentic_x_disposition"] = df["authentic"] * df["disposition_to_trust"]
    noise = rng.standard_normal((n, len(CONSTRUCTS)))
    for k, construct in enumerate(CONSTRUCTS):
        mean = np.full(n, intercept[construct])
        for cause, effect, param in PATHS:
            if effect == construct:
                mean += getattr(params, param) * df[cause].to_numpy()
        df[construct] = mean + np.sqrt(residual[construct]) * noise[:, k]
    return df


def simulate_study(
    params: EmotionStudyParams | None = None,
    rng: np.random.Generator | int | None = None,
    conditions=None,
    keep_latent: bool = False,
) -> pd.DataFrame:
    """Simulate the user study: one row per participant with condition, traits and Likert answers (ints).

    ``rng`` (a Generator or an int seed) is required: the simulation draws all randomness from it.
    ``keep_latent=True`` also keeps the true construct scores (columns named after :data:`CONSTRUCTS`),
    which a real study never sees; the notebook uses them only to show what measurement error costs.
    """
    params = _check_params(params if params is not None else EmotionStudyParams())
    rng = check_rng(rng)
    keep_latent = check_bool(keep_latent, "keep_latent")
    n_items = sum(len(v) for v in params.loadings.values())
    check_size(params.n, n_items + len(_EXOGENOUS) + 2 * len(CONSTRUCTS) + 1, what="the simulated study")
    latent = simulate_latent(params, rng, conditions)
    n = params.n
    cuts = params.thresholds()
    acquiescence = params.acquiescence_sd * rng.standard_normal(n)
    out = latent.drop(columns=list(CONSTRUCTS))  # condition, conditions' indicators, traits, products
    answers = {}
    for construct, names in params.items().items():
        eta = latent[construct].to_numpy()
        for name, loading in zip(names, params.loadings[construct]):
            item_leniency = params.leniency + 0.15 * rng.standard_normal()
            response = loading * eta + np.sqrt(1 - loading**2) * rng.standard_normal(n)
            response += item_leniency + acquiescence
            answers[name] = 1 + np.searchsorted(cuts, response).astype(np.int64)
    out = pd.concat([out, pd.DataFrame(answers, index=out.index)], axis=1)
    if keep_latent:
        out = pd.concat([out, latent[list(CONSTRUCTS)]], axis=1)
    return out
