"""Parameter sweeps (epsilon grids, seeds, sample sizes) through joblib.

The same call runs serially, on local processes, or on a Dask/Ray cluster by switching the joblib backend
(``with joblib.parallel_backend("dask"): sweep(...)``); nothing home-made.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import product
from typing import Any

import pandas as pd
from joblib import Parallel, delayed


def grid(**axes: Iterable[Any]) -> list[dict[str, Any]]:
    """The Cartesian product of named axes: ``grid(epsilon=[0.1, 1], seed=[0, 1])`` -> 4 dicts."""
    if not axes:
        raise ValueError("grid() needs at least one named axis, e.g. grid(seed=[0, 1, 2])")
    names = list(axes)
    values = [list(v) for v in axes.values()]
    if any(len(v) == 0 for v in values):
        raise ValueError("every grid axis needs at least one value")
    return [dict(zip(names, combo)) for combo in product(*values)]


def sweep(func: Callable[..., Mapping[str, Any] | float], points: list[dict[str, Any]], n_jobs: int = 1) -> pd.DataFrame:
    """Call ``func(**point)`` for every point and return one row per point (its parameters and outputs).

    ``func`` returns a number (column ``value``) or a mapping of named outputs. ``n_jobs=1`` runs serially
    in this process, which is the fastest choice for small, BLAS-heavy jobs on a 2-core machine.
    """
    if not points:
        raise ValueError("sweep() got no points; build them with grid(...)")
    outputs = Parallel(n_jobs=n_jobs)(delayed(func)(**point) for point in points)
    rows = []
    for point, out in zip(points, outputs):
        rows.append({**point, **(dict(out) if isinstance(out, Mapping) else {"value": out})})
    return pd.DataFrame(rows)
