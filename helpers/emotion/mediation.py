"""Mediation: the indirect effect of a cause on an outcome through a mediator, with a bootstrap interval.

The standardized indirect effect a·b of an SEM (:mod:`.sem`) gets a percentile interval from refits of the
whole model on resampled participants; the refits run through :mod:`helpers.sweep`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import sweep
from .._validation import check_confidence, check_count, check_rng
from .reliability import _check_items
from .sem import (
    _beta_locations,
    _check_model_data,
    _check_paths,
    _fit_semopy,
    _observed_causes,
    _standardized,
    measurement_syntax,
    structural_syntax,
)

__all__ = ["BOOTSTRAP_CHUNK", "IndirectResult", "bootstrap_indirect"]


@dataclass(frozen=True)
class IndirectResult:
    estimate: float
    ci_low: float
    ci_high: float
    n_boot: int  # refits that converged (the draws below)
    draws: np.ndarray  # the bootstrap estimates (for a histogram)


#: bootstrap resamples per sweep task: fixed, so the draws do not depend on the number of workers
BOOTSTRAP_CHUNK = 25


def _bootstrap_chunk(chunk, size, values, description, pair, rng):
    """``size`` bootstrap refits of the SEM, each on a resample of the rows of ``values`` (a task of the sweep).

    A refit that does not converge gives NaN (counted by the caller); any other error stops the sweep.
    """
    n = len(values)
    draws = np.empty(size)
    for k in range(size):
        sample = values.iloc[rng.integers(0, n, n)]
        try:
            with np.errstate(invalid="ignore", divide="ignore"):  # a degenerate refit gives NaN: counted
                boot = _fit_semopy(description, sample)
                ab = _standardized(boot, _beta_locations(boot, pair))
            draws[k] = ab[0] * ab[1]
        except (RuntimeError, np.linalg.LinAlgError):
            draws[k] = np.nan
    return draws


def bootstrap_indirect(
    data: pd.DataFrame,
    items: Mapping[str, Sequence[str]],
    paths: Sequence[tuple[str, str]],
    cause: str,
    mediator: str,
    outcome: str,
    n_boot: int,
    rng: np.random.Generator,
    confidence: float = 0.95,
) -> IndirectResult:
    """Standardized indirect effect cause -> mediator -> outcome (a·b) with a percentile bootstrap interval.

    Every bootstrap sample resamples participants with replacement and refits the whole SEM, so the
    interval carries the uncertainty of the measurement model too (Preacher & Hayes 2008; Shrout & Bolger
    2002). Refits that fail are left out with a RuntimeWarning; ``n_boot`` of the result counts the others.

    The refits run through :func:`helpers.sweep.run_tasks` in chunks of :data:`BOOTSTRAP_CHUNK` resamples,
    chunk ``i`` drawing from its own stream spawned from ``rng``: the draws are the same on one process,
    on local workers or on a Dask cluster. A chunk that raises anything but a failed fit stops the bootstrap
    with a :class:`helpers.sweep.SweepError`.
    """
    items, paths = _check_items(items), _check_paths(paths)
    for name, value in [("cause", cause), ("mediator", mediator), ("outcome", outcome)]:
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must name a variable of the model (a string), got {value!r}")
    n_boot = check_count(n_boot, "n_boot", minimum=50)
    rng = check_rng(rng)
    confidence = check_confidence(confidence)
    pair = [(cause, mediator), (mediator, outcome)]
    for p in pair:
        if p not in paths:
            raise ValueError(f"the model has no path {p[0]} -> {p[1]}; add it to paths")
    _check_model_data(data, items, _observed_causes(items, paths))
    description = measurement_syntax(items) + "\n" + structural_syntax(paths)
    model = _fit_semopy(description, data)
    a, b = _standardized(model, _beta_locations(model, pair))
    points = [
        {"chunk": i, "size": min(BOOTSTRAP_CHUNK, n_boot - start)}
        for i, start in enumerate(range(0, n_boot, BOOTSTRAP_CHUNK))
    ]
    shared = {"values": data.reset_index(drop=True), "description": description, "pair": pair}
    chunks = sweep.run_tasks(
        _bootstrap_chunk, points, seed=rng, shared=shared, description="bootstrap of the indirect effect"
    )
    draws = np.concatenate(chunks)
    ok = draws[np.isfinite(draws)]
    if ok.size < 2:
        raise RuntimeError(f"only {ok.size} of {n_boot} bootstrap refits of the SEM converged: no interval")
    if ok.size < n_boot:
        warnings.warn(
            f"{n_boot - ok.size} of {n_boot} bootstrap refits of the SEM failed and were left out; the "
            f"interval rests on {ok.size} draws",
            RuntimeWarning,
            stacklevel=2,
        )
    tail = (1 - confidence) / 2
    low, high = np.quantile(ok, [tail, 1 - tail])
    return IndirectResult(float(a * b), float(low), float(high), int(ok.size), ok)
