"""Mediation: the indirect effect of a cause on an outcome through a mediator, with a bootstrap interval.

The standardized indirect effect a·b of an SEM (:mod:`.sem`) gets a percentile interval from refits of the
whole model on resampled participants; the refits run through :mod:`helpers.sweep`. When the first path is
moderated (a product of the cause with a trait acts on the mediator), the same refits give the index of
moderated mediation (Hayes 2015) of each moderator with its own interval.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

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

__all__ = ["BOOTSTRAP_CHUNK", "IndirectResult", "ModeratedMediation", "bootstrap_indirect"]


@dataclass(frozen=True)
class ModeratedMediation:
    """Index of moderated mediation of one moderator: how much the indirect effect changes per unit of it.

    In SD of the outcome per unit of the cause (0 -> 1 for a condition) per unit of the moderator (one SD for
    a z-scored trait): ``m·b / SD(outcome)`` with ``m`` the product term's raw path into the mediator and ``b``
    the mediator's raw path into the outcome.
    """

    product: str  # the product term of the model, e.g. "authentic_x_privacy"
    estimate: float
    ci_low: float
    ci_high: float
    draws: np.ndarray


@dataclass(frozen=True)
class IndirectResult:
    estimate: float
    ci_low: float
    ci_high: float
    n_boot: int  # refits that converged (the draws below)
    draws: np.ndarray  # the bootstrap estimates (for a histogram)
    moderated: dict = field(default_factory=dict)  # product term -> ModeratedMediation (when asked for)


#: bootstrap resamples per sweep task: fixed, so the draws do not depend on the number of workers
BOOTSTRAP_CHUNK = 25


def _estimates(model, pair, products) -> np.ndarray:
    """[a·b standardized, then one index of moderated mediation per product term] of a fitted model."""
    a, b = _standardized(model, _beta_locations(model, pair))
    if not products:
        return np.array([a * b])
    _, (_, c) = model.calc_sigma()
    sds = np.sqrt(np.diag(c @ model.mx_psi @ c.T))
    (r_b, k_b), *moderated = _beta_locations(model, [pair[1]] + [(p, pair[0][1]) for p in products])
    b_raw = model.mx_beta[r_b, k_b]
    return np.array([a * b] + [model.mx_beta[r, k] * b_raw / sds[r_b] for r, k in moderated])


def _bootstrap_chunk(chunk, size, values, description, pair, products, rng):
    """``size`` bootstrap refits of the SEM, each on a resample of the rows of ``values`` (a task of the sweep).

    One row per refit: a·b, then the index of moderated mediation of each product term. A refit that does not
    converge gives NaN (counted by the caller); any other error stops the sweep.
    """
    n = len(values)
    draws = np.empty((size, 1 + len(products)))
    for k in range(size):
        sample = values.iloc[rng.integers(0, n, n)]
        try:
            with np.errstate(invalid="ignore", divide="ignore"):  # a degenerate refit gives NaN: counted
                draws[k] = _estimates(_fit_semopy(description, sample), pair, products)
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
    moderators: Sequence[str] = (),
) -> IndirectResult:
    """Standardized indirect effect cause -> mediator -> outcome (a·b) with a percentile bootstrap interval.

    Every bootstrap sample resamples participants with replacement and refits the whole SEM, so the
    interval carries the uncertainty of the measurement model too (Preacher & Hayes 2008; Shrout & Bolger
    2002). Refits that fail are left out with a RuntimeWarning; ``n_boot`` of the result counts the others.

    ``moderators`` names product terms of the model (e.g. ``"authentic_x_privacy"``) with a path into the
    mediator: for each, the result's ``moderated`` holds the index of moderated mediation (Hayes 2015), the
    change of the indirect effect per unit of the moderator, in SD of the outcome per unit of the cause
    (see :class:`ModeratedMediation`), with a percentile interval from the same refits.

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
    if isinstance(moderators, str) or not isinstance(moderators, Sequence):
        raise TypeError(f"moderators must be a list of product terms of the model, got {moderators!r}")
    products = list(moderators)
    pair = [(cause, mediator), (mediator, outcome)]
    for p in pair + [(product, mediator) for product in products]:
        if p not in paths:
            raise ValueError(f"the model has no path {p[0]} -> {p[1]}; add it to paths")
    _check_model_data(data, items, _observed_causes(items, paths))
    description = measurement_syntax(items) + "\n" + structural_syntax(paths)
    model = _fit_semopy(description, data)
    estimates = _estimates(model, pair, products)
    points = [
        {"chunk": i, "size": min(BOOTSTRAP_CHUNK, n_boot - start)}
        for i, start in enumerate(range(0, n_boot, BOOTSTRAP_CHUNK))
    ]
    shared = {
        "values": data.reset_index(drop=True),
        "description": description,
        "pair": pair,
        "products": products,
    }
    chunks = sweep.run_tasks(
        _bootstrap_chunk, points, seed=rng, shared=shared, description="bootstrap of the indirect effect"
    )
    draws = np.concatenate(chunks)
    ok = draws[np.isfinite(draws).all(axis=1)]
    converged = len(ok)
    if converged < 2:
        raise RuntimeError(f"only {converged} of {n_boot} bootstrap refits of the SEM converged: no interval")
    if converged < n_boot:
        warnings.warn(
            f"{n_boot - converged} of {n_boot} bootstrap refits of the SEM failed and were left out; the "
            f"interval rests on {converged} draws",
            RuntimeWarning,
            stacklevel=2,
        )
    tail = (1 - confidence) / 2
    low, high = np.quantile(ok, [tail, 1 - tail], axis=0)
    moderated = {
        product: ModeratedMediation(
            product, float(estimates[j]), float(low[j]), float(high[j]), ok[:, j].copy()
        )
        for j, product in enumerate(products, start=1)
    }
    return IndirectResult(
        float(estimates[0]), float(low[0]), float(high[0]), converged, ok[:, 0].copy(), moderated
    )
