"""Does the SEM recover the truth a simulation put in? Estimates beside the truth; coverage over many studies.

This checks the method, not people: a coverage study simulates many studies from known parameters, fits the
SEM to each and counts how often its intervals cover the true paths (evidence of kind ``recovery``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .. import sweep
from .._validation import check_count, check_frame, check_number, check_numeric_columns, check_rng
from .reliability import _check_items
from .sem import _check_paths, _observed_causes, fit_sem

__all__ = ["compare_with_truth", "coverage_study", "summarize_coverage"]


def compare_with_truth(estimates: pd.DataFrame, truth: Mapping[str, float]) -> pd.DataFrame:
    """Estimates beside the truth: error and whether the interval covers the truth, one row per path."""
    check_numeric_columns(estimates, ["estimate", "ci_low", "ci_high"], "estimates")
    if not isinstance(truth, Mapping):
        raise TypeError(f"truth must map path names to true values, got {type(truth).__name__}")
    truth = {name: check_number(value, f"truth[{name!r}]") for name, value in truth.items()}
    table = estimates[["estimate", "ci_low", "ci_high"]].copy()
    table["truth"] = pd.Series(truth, dtype=float).reindex(table.index)
    if table["truth"].isna().any():
        raise ValueError(f"no truth for paths {list(table.index[table['truth'].isna()])}")
    table["error"] = table["estimate"] - table["truth"]
    table["covered"] = (table["ci_low"] <= table["truth"]) & (table["truth"] <= table["ci_high"])
    return table


def _replication(rep, params, items, paths, simulate, truth, rng):
    """One simulated study of a coverage study, fitted and set beside the truth (a task of the sweep)."""
    data = simulate(params, rng)
    fit = fit_sem(data, items, paths)
    table = compare_with_truth(fit.paths, truth)
    table.insert(0, "rep", rep)
    return table.rename_axis("path").reset_index()


def coverage_study(
    params,
    items: Mapping[str, Sequence[str]],
    paths: Sequence[tuple[str, str]],
    n_reps: int,
    rng: np.random.Generator,
    simulate: Callable,
) -> pd.DataFrame:
    """Simulate ``n_reps`` studies, fit the SEM to each, and return one row per (replication, path).

    ``simulate(params, rng)`` draws one data set; ``params.standardized_paths()`` gives the truth. Columns:
    rep, path, estimate, ci_low, ci_high, truth, error, covered.

    The studies run through :func:`helpers.sweep.run_tasks` (local worker processes, or a Dask cluster when
    one is configured): replication ``rep`` draws only from its own stream spawned from ``rng``, so the
    numbers do not depend on where it runs, and replication ``rep`` is the same study whatever ``n_reps``.
    ``simulate`` must therefore be picklable (a module-level function such as ``simulate_study``). A study
    that fails stops the run with a :class:`helpers.sweep.SweepError` naming its ``rep``; the sweep raises the
    fits' warnings here, once per message with the number of studies that raised it.
    """
    if not callable(getattr(params, "standardized_paths", None)):
        raise TypeError(
            f"params must be study parameters with a standardized_paths() method (EmotionStudyParams), "
            f"got {type(params).__name__}"
        )
    items, paths = _check_items(items), _check_paths(paths)
    n_reps = check_count(n_reps, "n_reps", minimum=1)
    rng = check_rng(rng)
    if not callable(simulate):
        raise TypeError(f"simulate must be a function simulate(params, rng) -> DataFrame, got {simulate!r}")
    # one probe study (seed 0, discarded) checks that the model's variables are numeric columns of what the
    # simulator returns: a mismatch is the caller's error, raised here, not a replication failing in a worker
    probe = simulate(params, np.random.default_rng(0))
    if not isinstance(probe, pd.DataFrame):
        raise TypeError(f"simulate(params, rng) must return a DataFrame, got {type(probe).__name__}")
    variables = [name for names in items.values() for name in names] + _observed_causes(items, paths)
    check_numeric_columns(probe, variables, "the data simulate(params, rng) returns")
    shared = {
        "params": params,
        "items": items,
        "paths": paths,
        "simulate": simulate,
        "truth": params.standardized_paths(),
    }
    points = [{"rep": rep} for rep in range(n_reps)]
    tables = sweep.run_tasks(_replication, points, seed=rng, shared=shared, description="coverage study")
    return pd.concat(tables, ignore_index=True)


def summarize_coverage(runs: pd.DataFrame) -> pd.DataFrame:
    """Per path: mean estimate, truth, bias, RMSE, share of |error| < 0.05, interval coverage."""
    check_frame(runs, ["path", "truth", "estimate", "error", "covered"], "runs")
    check_numeric_columns(runs, ["truth", "estimate", "error", "covered"], "runs")
    grouped = runs.groupby("path", sort=False)
    summary = {
        "truth": grouped["truth"].first(),
        "mean_estimate": grouped["estimate"].mean(),
        "bias": grouped["error"].mean(),
        "rmse": grouped["error"].apply(lambda e: float(np.sqrt(np.mean(e**2)))),
        "within_0.05": grouped["error"].apply(lambda e: float(np.mean(np.abs(e) < 0.05))),
        "coverage": grouped["covered"].mean(),
    }
    return pd.DataFrame(summary)
