"""The non-private references of notebook 04, compared like with like: Surprise's 5-fold protocol for its
published table (:func:`surprise_cross_validation`), and our ALS against Surprise's SVD with the same tuning
budget on the same validation split (:func:`tune_references`). Each fit is one :mod:`helpers.sweep` task."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import recsys, sweep
from .._validation import check_count
from ._checks import check_ratings
from .recommenders import RATING_SCALE

__all__ = ["REFERENCE_CANDIDATES", "fit_reference", "surprise_cross_validation", "tune_references"]

# the same budget for both: nine settings each, over the number of factors and the regularization
# (ordered so that the first n of each list, a smaller budget, still vary the number of factors)
REFERENCE_CANDIDATES = {
    "ALS": tuple({"n_factors": k, "reg": r} for r in (0.1, 0.2, 0.05) for k in (50, 30, 10)),
    "SVD": tuple({"n_factors": k, "reg_all": r} for r in (0.02, 0.05, 0.1) for k in (100, 50, 10)),
}


def fit_reference(model: str, params: dict, train: pd.DataFrame, test: pd.DataFrame, seed: int, n_iter: int):
    """Test RMSE of ``model`` ("ALS": our ALS with ``n_iter`` iterations; "SVD": Surprise's) with ``params``."""
    if model not in REFERENCE_CANDIDATES:
        raise ValueError(f"model must be 'ALS' or 'SVD', got {model!r}")
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict such as {REFERENCE_CANDIDATES[model][0]}, got {params!r}")
    missing = set(REFERENCE_CANDIDATES[model][0]) - set(params)
    if missing:
        raise ValueError(f"params for {model} miss {sorted(missing)}; e.g. {REFERENCE_CANDIDATES[model][0]}")
    check_ratings(train, "train", RATING_SCALE)
    check_ratings(test, "test", RATING_SCALE)
    seed = check_count(seed, "seed", minimum=0)
    n_iter = check_count(n_iter, "n_iter")
    if model == "ALS":
        fitted = recsys.ALSMatrixFactorization(
            params["n_factors"], params["reg"], n_iter, rng=np.random.default_rng(seed)
        )
        fitted.fit(train)
        return recsys.rmse(test["rating"].to_numpy(dtype=float), fitted.predict(test))
    return recsys.fit_surprise("SVD", train, test, seed=seed, **params).rmse


def _reference_task(model, candidate, *, fit, valid, seed, n_iter, rng):
    del rng  # Surprise and our ALS are seeded with the notebook's seed, as in the rest of the notebook
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        rmse = fit_reference(model, REFERENCE_CANDIDATES[model][candidate], fit, valid, seed, n_iter)
    return {"model": model, "candidate": candidate, "rmse": rmse}


def tune_references(
    fit: pd.DataFrame,
    valid: pd.DataFrame,
    seed: int = 0,
    n_iter: int = 8,
    budget: int = 9,
    *,
    backend: str = "auto",
) -> tuple[pd.DataFrame, dict]:
    """Validation RMSE of the first ``budget`` settings of each model in :data:`REFERENCE_CANDIDATES` (the
    same budget for both) and ``{model: chosen params}``."""
    check_ratings(fit, "fit", RATING_SCALE)
    check_ratings(valid, "valid", RATING_SCALE)
    seed = check_count(seed, "seed", minimum=0)
    n_iter = check_count(n_iter, "n_iter")
    budget = check_count(budget, "budget", maximum=min(len(c) for c in REFERENCE_CANDIDATES.values()))
    points = [{"model": m, "candidate": c} for m in REFERENCE_CANDIDATES for c in range(budget)]
    rows = sweep.run_tasks(
        _reference_task,
        points,
        seed=seed,
        shared={"fit": fit, "valid": valid, "seed": seed, "n_iter": n_iter},
        backend=backend,
        description="ALS and SVD tuned on validation",
    )
    table = pd.DataFrame(rows)
    table["params"] = [REFERENCE_CANDIDATES[m][c] for m, c in zip(table["model"], table["candidate"])]
    best = table.loc[table.groupby("model")["rmse"].idxmin()]
    return table, {m: dict(p) for m, p in zip(best["model"], best["params"])}


def _cv_task(fold, algorithm, *, folds, seed, rng):
    del rng
    train, test = folds[fold]
    return {
        "algorithm": algorithm,
        "fold": fold,
        "rmse": recsys.fit_surprise(algorithm, train, test, seed=seed).rmse,
    }


def surprise_cross_validation(
    ratings: pd.DataFrame, algorithms, n_folds: int, seed: int = 0, *, backend: str = "auto"
) -> pd.DataFrame:
    """Surprise's protocol for its published table: ``n_folds``-fold cross-validation with default settings;
    one row per (algorithm, fold) with the fold's test RMSE."""
    check_ratings(ratings, "ratings", RATING_SCALE)
    n_folds = check_count(n_folds, "n_folds", minimum=2)
    seed = check_count(seed, "seed", minimum=0)
    if isinstance(algorithms, str) or not isinstance(algorithms, (list, tuple)) or not algorithms:
        raise TypeError(
            f"algorithms must be a non-empty list such as ['SVD', 'BaselineOnly'], got {algorithms!r}"
        )
    unknown = [a for a in algorithms if a not in recsys.SURPRISE_ALGORITHMS]
    if unknown:
        raise ValueError(
            f"unknown Surprise algorithms {unknown}; choose from {', '.join(recsys.SURPRISE_ALGORITHMS)}"
        )
    folds = recsys.k_fold_splits(ratings, n_folds, np.random.default_rng(seed))
    rows = sweep.run_tasks(
        _cv_task,
        sweep.grid(fold=range(n_folds), algorithm=algorithms),
        seed=seed,
        shared={"folds": folds, "seed": seed},
        backend=backend,
        description="Surprise cross-validation",
    )
    return pd.DataFrame(rows)
