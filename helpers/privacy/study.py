"""The privacy-utility study of notebook 04: the grid of fits over methods, epsilons and seeds (each with the
hyperparameters chosen on validation, see :mod:`.tuning`) with a membership-inference attack on each, and its
summaries. The methods themselves are catalogued in :mod:`.catalogue`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import recsys, sweep
from .._validation import check_array, check_choice, check_columns, check_count
from ._checks import check_epsilon_or_inf, check_ids, check_ratings
from .accounting import _Calibrations, _known_calibrations, _remember_calibrations, dpsgd_noise_multiplier
from .audit import membership_inference
from .catalogue import (
    _DEFAULT_CONFIG,
    METHODS,
    PRIVACY_UNIT,
    PrivateConfig,
    _check_config,
    _check_method,
    epsilon_label,
    fit_private,
    sort_epsilon_labels,
)

__all__ = [
    "GRID_VALUES",
    "best_private_method",
    "grid_epsilon_labels",
    "means_at_epsilon",
    "nested_by_epsilon",
    "privacy_utility_grid",
    "summarize_grid",
]

GRID_VALUES = ("rmse", "mae", "mia_auc", "mia_epsilon_lower")  # the measured columns of the grid


def _distinct(values, name: str) -> list:
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list, got {type(values).__name__} {values!r}")
    values = list(values)
    if not values:
        raise ValueError(f"{name} is empty: need at least one")
    return values


def _attack_sets(train: pd.DataFrame, test: pd.DataFrame, seed: int, n_attack: int):
    """The members (training ratings) and non-members (test ratings) the attack scores under ``seed``."""
    pick = np.random.default_rng([int(seed), 7])
    members = train.iloc[pick.choice(len(train), min(n_attack, len(train)), replace=False)]
    nonmembers = test.iloc[pick.choice(len(test), min(n_attack, len(test)), replace=False)]
    return members, nonmembers


def _point_rng(seed: int, method: str, epsilon: float) -> np.random.Generator:
    """The noise and initialization of one grid point: a function of (seed, method, epsilon) alone."""
    return np.random.default_rng([int(seed), METHODS.index(method), round(1000 * min(float(epsilon), 1e6))])


def _grid_task(
    seed: int,
    epsilon: float,
    method: str,
    *,
    train: pd.DataFrame,
    test: pd.DataFrame,
    config: PrivateConfig,
    users,
    items,
    n_attack: int,
    calibrations: _Calibrations | None = None,
    tuned: dict | None = None,
    rng: np.random.Generator,
) -> dict:
    """One task of :func:`privacy_utility_grid`: fit ``method`` at ``epsilon`` under ``seed``, score it on
    ``test`` and attack it; returns the grid's row.

    The sweep's ``rng`` is not used: the point draws from :func:`_point_rng` (seed, method, epsilon), as the
    grid always has, so its numbers do not depend on the other points of the grid. BLAS runs on one thread
    inside the task, as in a worker process, so a point gives the same bits serially, on local workers or on
    a Dask cluster. ``tuned`` (``{method: {epsilon label: params}}``) holds the hyperparameters chosen on
    validation for each point (:func:`helpers.privacy.tune_private`). ``calibrations`` are the DP-SGD noise multipliers the process that started the sweep
    has calibrated, so no worker repeats the accountant's search.
    """
    del rng  # see the docstring: the point's stream comes from (seed, method, epsilon)
    if calibrations is not None:
        _remember_calibrations(calibrations)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        point_rng = _point_rng(seed, method, epsilon)
        members, nonmembers = _attack_sets(train, test, seed, n_attack)
        params = (tuned or {}).get(method, {}).get(epsilon_label(epsilon))
        model = fit_private(method, train, epsilon, point_rng, config, users, items, params)
        y_test = test["rating"].to_numpy(dtype=float)
        pred = model.predict(test)
        loss_in = (members["rating"].to_numpy(dtype=float) - model.predict(members)) ** 2
        loss_out = (nonmembers["rating"].to_numpy(dtype=float) - model.predict(nonmembers)) ** 2
        attack = membership_inference(loss_in, loss_out, point_rng)
        return {
            "method": method,
            "epsilon": epsilon_label(epsilon),
            "seed": int(seed),
            "rmse": recsys.rmse(y_test, pred),
            "mae": recsys.mae(y_test, pred),
            "mia_auc": attack.auc,
            "mia_epsilon_lower": attack.epsilon_lower,
        }


def _calibrations(methods, epsilons, config: PrivateConfig) -> _Calibrations:
    """The DP-SGD noise multipliers the grid needs, calibrated once here for every worker."""
    if "dp_sgd_mf" in methods:
        for epsilon in epsilons:
            dpsgd_noise_multiplier(epsilon, config.dpsgd_sampling_rate, config.dpsgd_steps, config.delta)
    return _known_calibrations()


def _check_scheduler(scheduler) -> str | None:
    if scheduler is None:
        return None
    if not isinstance(scheduler, str):
        raise TypeError(
            f"scheduler must be None or an address such as 'tcp://127.0.0.1:8786', got {scheduler!r}"
        )
    if not scheduler.strip():
        raise ValueError(
            "scheduler is an empty string: give an address such as 'tcp://127.0.0.1:8786' or None"
        )
    return scheduler


def _check_tuned(tuned) -> dict | None:
    if tuned is None:
        return None
    if not isinstance(tuned, dict) or not all(isinstance(v, dict) for v in tuned.values()):
        raise TypeError("tuned must be {method: {epsilon label: params dict}}, as privacy.tune_private gives")
    for method in tuned:
        _check_method(method)
    return tuned


def privacy_utility_grid(
    train: pd.DataFrame,
    test: pd.DataFrame,
    epsilons,
    methods=METHODS,
    seeds=(0, 1, 2),
    config: PrivateConfig = _DEFAULT_CONFIG,
    users=None,
    items=None,
    n_attack: int = 5000,
    *,
    tuned: dict | None = None,
    backend: str = "auto",
    n_jobs: int | None = None,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """RMSE and membership-inference results for every (method, epsilon, seed) on one fixed split.

    Each seed changes the noise and the initialization, never the split. For the attack, ``n_attack``
    training ratings (members) and ``n_attack`` test ratings (non-members) are scored by their squared
    error under the trained model. Columns: method, epsilon (label), seed, rmse, mae, mia_auc,
    mia_epsilon_lower; rows ordered by seed, then epsilon, then method.

    Every (seed, epsilon, method) is one task of :func:`helpers.sweep.run_tasks` (:func:`_grid_task`): on
    local worker processes by default, on a Dask cluster when a scheduler address is given (``scheduler`` or
    ``$TRUSTLAB_DASK_SCHEDULER``), in this process with ``backend="serial"``; the split is sent to the
    workers once. The numbers are the same bits on every backend. A fit that fails stops the grid with a
    :class:`helpers.sweep.SweepError` naming its seed, epsilon and method.
    """
    config = _check_config(config)
    check_ratings(train, "train", config.rating_scale)
    check_ratings(test, "test", config.rating_scale)
    if min(len(train), len(test)) < 4:
        raise ValueError("the attack needs at least 4 training and 4 test ratings")
    epsilons = [check_epsilon_or_inf(e, "epsilons") for e in _distinct(epsilons, "epsilons")]
    methods = [_check_method(m) for m in _distinct(methods, "methods")]
    seeds = [check_count(s, "seeds", minimum=0) for s in _distinct(seeds, "seeds")]
    for name, values in (
        ("epsilons", [epsilon_label(e) for e in epsilons]),
        ("methods", methods),
        ("seeds", seeds),
    ):
        if len(set(values)) != len(values):
            raise ValueError(f"{name} has repeated values {values}; give each once")
    n_attack = check_count(n_attack, "n_attack", minimum=4)
    check_choice(backend, "backend", sweep.BACKENDS)
    if n_jobs is not None:
        check_count(n_jobs, "n_jobs")
    scheduler = _check_scheduler(scheduler)
    users, items = check_ids(users, "users"), check_ids(items, "items")
    for name, ids, column in (("users", users, "user_id"), ("items", items, "item_id")):
        if ids is not None and not train[column].isin(ids).all():
            raise ValueError(f"train has {column}s missing from the public {name} list; pass every id")
    rows = sweep.run_tasks(
        _grid_task,
        sweep.grid(seed=seeds, epsilon=epsilons, method=methods),
        seed=np.random.SeedSequence(seeds),  # spawned streams go unused: each point seeds itself
        shared={
            "train": train,
            "test": test,
            "config": config,
            "users": users,
            "items": items,
            "n_attack": n_attack,
            "calibrations": _calibrations(methods, epsilons, config),
            "tuned": _check_tuned(tuned),
        },
        backend=backend,
        scheduler=scheduler,
        n_jobs=n_jobs,
        description="privacy-utility grid",
    )
    return pd.DataFrame(rows)


def _check_grid(grid, value: str) -> list[str]:
    """A grid from :func:`privacy_utility_grid` with a measured column ``value``; its labels, sorted."""
    value = check_choice(value, "value", GRID_VALUES)
    check_columns(grid, ["method", "epsilon", value], "grid")
    if grid.empty:
        raise ValueError("the grid is empty: run privacy.privacy_utility_grid first")
    unknown = set(grid["method"]) - set(METHODS)
    if unknown:
        raise ValueError(f"the grid has unknown methods {sorted(map(str, unknown))}; methods are {METHODS}")
    check_array(grid[value].to_numpy(dtype=float), f"grid[{value!r}]")
    return sort_epsilon_labels(grid["epsilon"].unique())


def summarize_grid(grid: pd.DataFrame, value: str = "rmse") -> pd.DataFrame:
    """Mean and standard deviation over seeds of ``value``, one row per method and column per epsilon."""
    order = _check_grid(grid, value)
    table = grid.groupby(["method", "epsilon"])[value].agg(["mean", "std"]).unstack("epsilon")
    return table.reindex(columns=order, level=1)


def nested_by_epsilon(grid: pd.DataFrame, value: str = "rmse") -> dict:
    """``{method: {epsilon: mean over seeds}}`` with epsilon as a string, for ``results.record``."""
    order = _check_grid(grid, value)
    means = grid.groupby(["method", "epsilon"])[value].mean()
    present = set(grid["method"].unique())
    return {
        m: {e: float(means[(m, e)]) for e in order if (m, e) in means.index} for m in METHODS if m in present
    }


def grid_epsilon_labels(grid: pd.DataFrame) -> list[str]:
    """The epsilon labels of a grid with ``rmse`` and ``mia_auc`` columns, strongest privacy first."""
    _check_grid(grid, "mia_auc")
    return _check_grid(grid, "rmse")


def means_at_epsilon(grid: pd.DataFrame, epsilon: str) -> pd.DataFrame:
    """Mean RMSE and attack AUC over seeds of each method at one epsilon label (rows in METHODS order)."""
    labels = grid_epsilon_labels(grid)
    if not isinstance(epsilon, str) or epsilon not in labels:
        raise ValueError(f"epsilon {epsilon!r} is not in the grid; choose one of {labels}")
    at = grid[grid["epsilon"] == epsilon].groupby("method")[["rmse", "mia_auc"]].mean()
    return at.reindex([m for m in METHODS if m in at.index])


def best_private_method(means: pd.DataFrame, unit: str | None = None) -> str:
    """The method with the lowest mean RMSE in a :func:`means_at_epsilon` table, the DP global mean (the
    floor every private recommender must beat) excluded; among the methods of privacy ``unit`` if given."""
    check_columns(means, ["rmse"], "means")
    private = means["rmse"].drop("dp_global_mean", errors="ignore")
    if unit is not None:
        check_choice(unit, "unit", sorted(set(PRIVACY_UNIT.values())))
        private = private[[PRIVACY_UNIT[m] == unit for m in private.index]]
    if private.empty:
        raise ValueError("the table holds no private method besides dp_global_mean to choose from")
    check_array(private.to_numpy(dtype=float), "means['rmse']")
    return str(private.idxmin())
