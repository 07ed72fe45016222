"""Hyperparameters and the "best private method" chosen on a validation split, never on the test split.

:func:`tune_private` fits every private method at every epsilon with each candidate setting of
:data:`TUNING_CANDIDATES` on the part of the training ratings kept for fitting and scores it on the validation
part (one :mod:`helpers.sweep` task per fit). :func:`choose_tuning` then picks, per method, one capacity (the
number of factors, shared by every epsilon so that the method at epsilon = inf is its own non-private version
with the same capacity) and, per epsilon, the other settings; and the best private method at each epsilon, in
all and within each privacy unit. Reading validation RMSE reads the private training data: the choice is not
covered by the methods' epsilons (see the notebook for what paying for it takes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import sweep
from .._validation import check_columns, check_count
from ._checks import check_epsilon_or_inf, check_ratings
from .accounting import _Calibrations, _known_calibrations, _remember_calibrations, dpsgd_noise_multiplier
from .catalogue import (
    _DEFAULT_CONFIG,
    CAPACITY,
    METHODS,
    PRIVACY_UNIT,
    PrivateConfig,
    _check_config,
    _check_method,
    epsilon_from_label,
    epsilon_label,
    fit_private,
    sort_epsilon_labels,
)

__all__ = ["TUNING_CANDIDATES", "TuningChoice", "choose_tuning", "tune_private", "tuning_candidates"]

# ordered so that a smaller budget (the first n of each list, see tuning_candidates) still varies the setting
# that matters most for each method
_ALS = tuple({"als_factors": k, "als_reg": r} for k in (10, 30) for r in (0.2, 0.05))
_SHRINK = tuple({"noise_shrinkage": s} for s in (1.0, 4.0, 0.25, 16.0))
TUNING_CANDIDATES = {
    "dp_global_mean": ({},),
    "dp_global_effects": _SHRINK,
    "input_perturbation": _ALS,
    "dp_sgd_mf": tuple(
        {"dpsgd_factors": k, "dpsgd_learning_rate": lr} for k in (10, 30) for lr in (75.0, 25.0)
    ),
    "local_dp": _ALS,
    "billboard_global_effects": _SHRINK,
}


def tuning_candidates(budget: int) -> dict:
    """The first ``budget`` settings of each method in :data:`TUNING_CANDIDATES` (its tuning budget)."""
    budget = check_count(budget, "budget")
    return {m: c[:budget] for m, c in TUNING_CANDIDATES.items()}


def _tuning_task(
    method: str,
    epsilon: float,
    candidate: int,
    *,
    fit: pd.DataFrame,
    valid: pd.DataFrame,
    config: PrivateConfig,
    candidates: dict,
    users,
    items,
    seed: int,
    calibrations: _Calibrations | None = None,
    rng: np.random.Generator,
) -> dict:
    """One fit of :func:`tune_private`: ``method`` at ``epsilon`` with candidate number ``candidate``."""
    del rng  # the fit's stream is a function of (seed, method, epsilon, candidate) alone
    if calibrations is not None:
        _remember_calibrations(calibrations)
    from threadpoolctl import threadpool_limits

    from .. import recsys

    params = candidates[method][candidate]
    stream = np.random.default_rng(
        [int(seed), 99, METHODS.index(method), round(1000 * min(float(epsilon), 1e6)), candidate]
    )
    with threadpool_limits(limits=1, user_api="blas"):
        model = fit_private(method, fit, epsilon, stream, config, users, items, params)
        rmse = recsys.rmse(valid["rating"].to_numpy(dtype=float), model.predict(valid))
    return {"method": method, "epsilon": epsilon_label(epsilon), "candidate": candidate, "rmse": rmse}


def tune_private(
    fit: pd.DataFrame,
    valid: pd.DataFrame,
    epsilons,
    methods=METHODS,
    seed: int = 0,
    config: PrivateConfig = _DEFAULT_CONFIG,
    users=None,
    items=None,
    candidates: dict | None = None,
    *,
    backend: str = "auto",
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """Validation RMSE of every (method, epsilon, candidate): columns method, epsilon (label), candidate
    (its position in ``candidates[method]``), rmse. ``fit`` and ``valid`` are two parts of the training
    ratings; ``candidates`` defaults to :data:`TUNING_CANDIDATES`."""
    config = _check_config(config)
    check_ratings(fit, "fit", config.rating_scale)
    check_ratings(valid, "valid", config.rating_scale)
    if isinstance(epsilons, str) or not hasattr(epsilons, "__iter__") or not list(epsilons):
        raise ValueError("epsilons must be a non-empty list such as [0.1, 1.0, math.inf]")
    epsilons = [check_epsilon_or_inf(e, "epsilons") for e in epsilons]
    methods = [_check_method(m) for m in methods]
    if not methods:
        raise ValueError("methods is empty: give at least one of privacy.METHODS")
    seed = check_count(seed, "seed", minimum=0)
    candidates = TUNING_CANDIDATES if candidates is None else candidates
    if not isinstance(candidates, dict):
        raise TypeError(f"candidates must be {{method: [params, ...]}}, got {type(candidates).__name__}")
    for method in methods:
        if not candidates.get(method):
            raise ValueError(f"candidates has no settings for {method!r}; give at least one (maybe {{}})")
        for params in candidates[method]:
            config.with_params(params)  # fails on unknown fields or bad values before any fit
    if "dp_sgd_mf" in methods:
        for epsilon in epsilons:
            dpsgd_noise_multiplier(epsilon, config.dpsgd_sampling_rate, config.dpsgd_steps, config.delta)
    points = [
        {"method": m, "epsilon": e, "candidate": c}
        for m in methods
        for e in epsilons
        for c in range(len(candidates[m]))
    ]
    rows = sweep.run_tasks(
        _tuning_task,
        points,
        seed=seed,
        shared={
            "fit": fit,
            "valid": valid,
            "config": config,
            "candidates": candidates,
            "users": users,
            "items": items,
            "seed": seed,
            "calibrations": _known_calibrations(),
        },
        backend=backend,
        n_jobs=n_jobs,
        description="tuning on validation",
    )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class TuningChoice:
    """What :func:`choose_tuning` chose on validation.

    ``tuned``: ``{method: {epsilon label: params}}`` for :func:`helpers.privacy.privacy_utility_grid`;
    ``capacity``: ``{method: factors}`` for the methods with factors; ``validation_rmse``: ``{method: {epsilon:
    rmse of the chosen setting}}``; ``best_by_epsilon``: ``{epsilon: method}`` over every private method
    (the DP global mean excluded, finite epsilons only); ``best_by_unit``: ``{unit: {epsilon: method}}``.
    """

    tuned: dict
    capacity: dict
    validation_rmse: dict
    best_by_epsilon: dict
    best_by_unit: dict


def choose_tuning(tuning: pd.DataFrame, candidates: dict | None = None) -> TuningChoice:
    """The choices a :func:`tune_private` table implies (ties go to the earlier candidate).

    A method with factors (:data:`helpers.privacy.CAPACITY`) keeps one number of factors at every epsilon:
    the one whose best validation RMSE, averaged over the finite epsilons, is lowest.
    """
    check_columns(tuning, ["method", "epsilon", "candidate", "rmse"], "tuning")
    if tuning.empty:
        raise ValueError("tuning is empty: run privacy.tune_private first")
    candidates = TUNING_CANDIDATES if candidates is None else candidates
    if not isinstance(candidates, dict):
        raise TypeError(
            f"candidates must be {{method: [params, ...]}} as tune_private used, got {candidates!r}"
        )
    for method, rows in tuning.groupby("method"):
        n = int(rows["candidate"].max()) + 1
        if len(candidates.get(method, ())) < n:
            raise ValueError(f"candidates lists fewer than the {n} settings tuning holds for {method!r}")
    labels = sort_epsilon_labels(tuning["epsilon"].unique())
    finite = [e for e in labels if epsilon_from_label(e) != math.inf] or labels
    tuned, capacity, chosen_rmse = {}, {}, {}
    for method in [m for m in METHODS if m in set(tuning["method"])]:
        rows = tuning[tuning["method"] == method]
        table = rows.pivot_table(index="candidate", columns="epsilon", values="rmse").reindex(columns=labels)
        if table.isna().any().any():
            raise ValueError(f"tuning misses some (epsilon, candidate) points of {method!r}")
        allowed = list(table.index)
        if method in CAPACITY:
            field = CAPACITY[method]
            sizes = sorted({candidates[method][c][field] for c in allowed})
            score = {k: table.loc[[c for c in allowed if candidates[method][c][field] == k], finite].min().mean()
                     for k in sizes}  # fmt: skip
            capacity[method] = int(min(sizes, key=lambda k: (score[k], k)))
            allowed = [c for c in allowed if candidates[method][c][field] == capacity[method]]
        best = table.loc[allowed].idxmin()
        tuned[method] = {e: dict(candidates[method][int(best[e])]) for e in labels}
        chosen_rmse[method] = {e: float(table.loc[best[e], e]) for e in labels}
    private = [m for m in chosen_rmse if m != "dp_global_mean"]
    if not private:
        raise ValueError("tuning holds no private method besides dp_global_mean to choose from")

    def argmin(methods, e):
        return min(methods, key=lambda m: chosen_rmse[m][e]) if methods else None

    best = {e: argmin(private, e) for e in labels if epsilon_from_label(e) != math.inf}
    by_unit = {}
    for unit in sorted({PRIVACY_UNIT[m] for m in private}):
        members = [m for m in private if PRIVACY_UNIT[m] == unit]
        by_unit[unit] = {e: argmin(members, e) for e in best}
    return TuningChoice(tuned, capacity, chosen_rmse, best, by_unit)
