"""What opt-outs cost when reassurance depends on the guarantee (notebook 04): for each epsilon and each
assumed strength of reassurance, the users of :mod:`helpers.simulate.privacy` opt out or stay, the private
method offered at that epsilon is fitted on the ratings of those who stay, and every test rating is scored.

The comparison is with no DP offer at all: the concerned users opt out at the model's full rate and the
non-private reference is fitted on the rest. Keeping users under DP "pays for itself" where the DP arm's RMSE
is at or below the no-DP arm's. One :mod:`helpers.sweep` task per (assumption, epsilon).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import recsys, sweep
from .._validation import check_count
from ..simulate import privacy as concern_model
from ._checks import check_ratings
from .catalogue import (
    _DEFAULT_CONFIG,
    PRIVACY_UNIT,
    PrivateConfig,
    _check_config,
    _check_method,
    epsilon_from_label,
    fit_private,
)

__all__ = ["OptOutSweep", "optout_sweep"]

_DEFAULT_MODEL = concern_model.PrivacyConcernModel()


@dataclass(frozen=True)
class OptOutSweep:
    """``table``: one row per (assumption, epsilon) with the method offered, its unit, the opt-out share and
    RMSE on all test ratings and on those of the users who opt out without DP; ``no_dp``: the same numbers
    with no DP offer (non-private reference on the users who stay)."""

    table: pd.DataFrame
    no_dp: dict


def _score(model, test: pd.DataFrame, concerned: np.ndarray) -> tuple[float, float]:
    y, pred = test["rating"].to_numpy(dtype=float), model.predict(test)
    of_concerned = recsys.rmse(y[concerned], pred[concerned]) if concerned.any() else float("nan")
    return recsys.rmse(y, pred), of_concerned


def _optout_task(
    assumption, epsilon, *, train, test, model, method_by_epsilon, tuned, config, users, items, seed,
    concerned, rng,
):  # fmt: skip
    del rng  # the users are the notebook's simulated users (seed, 11); the fit draws from (seed, 13, epsilon)
    from threadpoolctl import threadpool_limits

    variant = dataclasses.replace(model, **assumption)
    method = method_by_epsilon[epsilon]
    unit = PRIVACY_UNIT[method]
    people = concern_model.simulate_users(
        users, np.random.default_rng([seed, 11]), variant, True, epsilon_from_label(epsilon), unit
    )
    kept = concern_model.drop_opted_out(train, people)
    stream = np.random.default_rng([seed, 13, round(1000 * epsilon_from_label(epsilon))])
    params = (tuned or {}).get(method, {}).get(epsilon)
    with threadpool_limits(limits=1, user_api="blas"):
        fitted = fit_private(method, kept, epsilon_from_label(epsilon), stream, config, users, items, params)
        overall, of_concerned = _score(fitted, test, concerned)
    return assumption | {
        "epsilon": epsilon,
        "method": method,
        "unit": unit,
        "opted out": float(people["opted_out"].mean()),
        "RMSE, all users": overall,
        "RMSE, users who opt out without DP": of_concerned,
    }


def optout_sweep(
    train: pd.DataFrame,
    test: pd.DataFrame,
    users,
    items,
    method_by_epsilon: dict,
    reference: dict,
    assumptions,
    model: concern_model.PrivacyConcernModel = _DEFAULT_MODEL,
    tuned: dict | None = None,
    config: PrivateConfig = _DEFAULT_CONFIG,
    seed: int = 0,
    *,
    backend: str = "auto",
) -> OptOutSweep:
    """Opt-outs and RMSE for every assumption (a dict of :class:`~helpers.simulate.privacy.PrivacyConcernModel`
    fields, e.g. ``{"reassurance_half_epsilon": 8.0}``) and every epsilon label of ``method_by_epsilon``
    (``{epsilon: method offered}``). ``reference`` holds the non-private ALS settings (``n_factors``, ``reg``,
    ``n_iter``) of the no-DP arm. The users are ``simulate_users(users, default_rng([seed, 11]), ...)``."""
    seed = check_count(seed, "seed", minimum=0)
    config = _check_config(config)
    check_ratings(train, "train", config.rating_scale)
    check_ratings(test, "test", config.rating_scale)
    if not isinstance(model, concern_model.PrivacyConcernModel):
        raise TypeError(f"model must be a simulate.privacy.PrivacyConcernModel, got {type(model).__name__}")
    if isinstance(assumptions, (str, dict)) or not isinstance(assumptions, (list, tuple)) or not assumptions:
        raise TypeError(f"assumptions must be a non-empty list of dicts of model fields, got {assumptions!r}")
    assumptions = [dict(a) for a in assumptions]
    fields = {f.name for f in dataclasses.fields(model)}
    for a in assumptions:
        if set(a) - fields:
            raise ValueError(
                f"assumption {a} names unknown fields {sorted(set(a) - fields)}; fields: {sorted(fields)}"
            )
        dataclasses.replace(model, **a)  # fails on a bad value before any fit
    if not isinstance(method_by_epsilon, dict) or not method_by_epsilon:
        raise TypeError(
            f"method_by_epsilon must be a non-empty dict {{epsilon label: method}}, got {method_by_epsilon!r}"
        )
    for label, method in method_by_epsilon.items():
        epsilon_from_label(label)
        _check_method(method)
    if not isinstance(reference, dict) or {"n_factors", "reg", "n_iter"} - set(reference):
        raise ValueError(f"reference must be a dict with n_factors, reg and n_iter, got {reference!r}")
    baseline = concern_model.simulate_users(users, np.random.default_rng([seed, 11]), model, False)
    concerned = test["user_id"].isin(baseline.loc[baseline["opted_out"], "user_id"]).to_numpy()
    kept = concern_model.drop_opted_out(train, baseline)
    als = recsys.ALSMatrixFactorization(
        reference["n_factors"], reference["reg"], reference["n_iter"], rng=np.random.default_rng(seed)
    ).fit(kept)
    overall, of_concerned = _score(als, test, concerned)
    no_dp = {
        "opted out": float(baseline["opted_out"].mean()),
        "RMSE, all users": overall,
        "RMSE, users who opt out without DP": of_concerned,
    }
    rows = sweep.run_tasks(
        _optout_task,
        sweep.grid(assumption=assumptions, epsilon=list(method_by_epsilon)),
        seed=seed,
        shared={
            "train": train,
            "test": test,
            "model": model,
            "method_by_epsilon": dict(method_by_epsilon),
            "tuned": tuned,
            "config": config,
            "users": users,
            "items": items,
            "seed": seed,
            "concerned": concerned,
        },
        backend=backend,
        description="opt-out sweep",
    )
    return OptOutSweep(pd.DataFrame(rows), no_dp)
