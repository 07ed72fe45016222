"""The catalogue of notebook 04's private recommenders: :data:`METHODS`, their labels and privacy units, their
hyperparameters (:class:`PrivateConfig`), :func:`fit_private`, and the epsilon labels of the grids."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import recsys
from .._validation import check_count, check_number, check_positive_finite, check_rng
from ._checks import check_delta, check_epsilon_or_inf, check_scale
from .billboard import billboard_global_effects
from .dpsgd import DPSGDMatrixFactorization
from .recommenders import (
    RATING_SCALE,
    GlobalEffects,
    dp_global_effects,
    dp_global_mean,
    laplace_noise_variance,
    local_dp_ratings,
    perturb_ratings,
    rr_noise_variance,
)

__all__ = [
    "CAPACITY",
    "METHODS",
    "METHOD_LABELS",
    "PRIVACY_UNIT",
    "PRIVACY_UNITS",
    "UNITS",
    "PrivateConfig",
    "epsilon_from_label",
    "epsilon_label",
    "fit_private",
    "sort_epsilon_labels",
]

# the order fixes each method's random stream in the grid: new methods go at the end
METHODS = (
    "dp_global_mean",
    "dp_global_effects",
    "input_perturbation",
    "dp_sgd_mf",
    "local_dp",
    "billboard_global_effects",
)
METHOD_LABELS = {
    "dp_global_mean": "DP global mean",
    "dp_global_effects": "DP global effects",
    "input_perturbation": "input perturbation (Laplace)",
    "dp_sgd_mf": "DP-SGD matrix factorization",
    "local_dp": "local DP (randomized response)",
    "billboard_global_effects": "billboard global effects (joint DP)",
}
# what a neighbouring dataset changes, from the weakest unit to the strongest
UNITS = ("value of a rating", "presence of a rating", "whole user")
PRIVACY_UNIT = {
    "dp_global_mean": "presence of a rating",
    "dp_global_effects": "presence of a rating",
    "input_perturbation": "value of a rating",
    "dp_sgd_mf": "presence of a rating",
    "local_dp": "value of a rating",
    "billboard_global_effects": "presence of a rating",
}
PRIVACY_UNITS = {  # the unit with its trust model, for tables
    "dp_global_mean": "one rating (added or removed); central curator",
    "dp_global_effects": "one rating (added or removed); central curator",
    "input_perturbation": "the value of one rating (who rated what is public); central curator",
    "dp_sgd_mf": "one rating (added or removed), (epsilon, delta)-DP; central curator",
    "local_dp": "the value of one rating, randomized on the user's device (who rated what is public)",
    "billboard_global_effects": "one rating (added or removed) for everything released; each user's own "
    "effect computed from their own ratings (joint DP); central curator",
}
# the PrivateConfig field that sets each method's capacity (its number of factors)
CAPACITY = {"input_perturbation": "als_factors", "local_dp": "als_factors", "dp_sgd_mf": "dpsgd_factors"}


@dataclass(frozen=True)
class PrivateConfig:
    """Hyperparameters of the private recommenders.

    The defaults are starting points, not choices: notebook 04 chooses ``als_factors``, ``als_reg``,
    ``dpsgd_factors``, ``dpsgd_learning_rate`` and ``noise_shrinkage`` for each method and epsilon on a
    validation split carved from the training ratings (:func:`helpers.privacy.tune_private`), never on the
    test split, and hands each choice to :func:`fit_private` as ``params``. That tuning reads the private
    training data, so its privacy cost is not covered by the method's epsilon (the notebook says what paying
    for it would take). ALS regularization grows with the variance the noise adds:
    ``als_reg (1 + var / signal_variance)``, a rule that depends on epsilon only.
    """

    als_factors: int = 20
    als_iter: int = 8
    als_reg: float = 0.1
    signal_variance: float = 0.8  # a public prior on the variance of rating residuals
    dpsgd_factors: int = 10
    dpsgd_steps: int = 150
    dpsgd_sampling_rate: float = 0.2
    dpsgd_learning_rate: float = 50.0
    dpsgd_clip: float = 1.0
    noise_shrinkage: float = 5.0  # pseudo-ratings per unit of noise scale (DP and billboard global effects)
    delta: float = 1e-6  # for DP-SGD; below 1/n for n = 80,000 training ratings
    rating_scale: tuple[float, float] = RATING_SCALE

    def __post_init__(self):
        for name in ("als_factors", "als_iter", "dpsgd_factors", "dpsgd_steps"):
            check_count(getattr(self, name), name)
        for name in ("als_reg", "signal_variance", "dpsgd_learning_rate", "dpsgd_clip"):
            check_positive_finite(getattr(self, name), name)
        check_number(self.noise_shrinkage, "noise_shrinkage", low=0.0)
        check_number(self.dpsgd_sampling_rate, "dpsgd_sampling_rate", low=0.0, low_open=True, high=1.0)
        check_delta(self.delta)
        check_scale(self.rating_scale)

    def with_params(self, params) -> PrivateConfig:
        """A copy with the fields in ``params`` (a dict such as ``{"als_reg": 0.3}``) replaced."""
        if params is None:
            return self
        if not isinstance(params, dict):
            raise TypeError(f"params must be a dict of PrivateConfig fields, got {type(params).__name__}")
        fields = {f.name for f in dataclasses.fields(self)}
        unknown = set(params) - fields
        if unknown:
            raise ValueError(
                f"params has unknown fields {sorted(unknown)}; PrivateConfig has {sorted(fields)}"
            )
        return dataclasses.replace(self, **params)


_DEFAULT_CONFIG = PrivateConfig()


def _check_method(method) -> str:
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    return method


def _check_config(config) -> PrivateConfig:
    if not isinstance(config, PrivateConfig):
        raise TypeError(f"config must be a privacy.PrivateConfig, got {type(config).__name__}")
    return config


def fit_private(
    method: str,
    train: pd.DataFrame,
    epsilon: float,
    rng: np.random.Generator,
    config: PrivateConfig = PrivateConfig(),
    users=None,
    items=None,
    params: dict | None = None,
):
    """Fit one private recommender (``method`` in :data:`METHODS`) at ``epsilon`` (``inf``: no noise).

    Returns an object with ``predict(frame)``. ``users``/``items`` are the public id lists; ``params``
    replaces fields of ``config`` (a choice made on validation data, see :class:`PrivateConfig`).
    """
    method = _check_method(method)
    epsilon = check_epsilon_or_inf(epsilon)
    config = _check_config(config).with_params(params)
    rng = check_rng(rng)
    if method == "dp_global_mean":
        mean = dp_global_mean(train, epsilon, rng, config.rating_scale)
        return GlobalEffects(mean, pd.Series(dtype=float), pd.Series(dtype=float), config.rating_scale)
    if method == "dp_global_effects":
        return dp_global_effects(
            train, epsilon, rng, users, items, config.rating_scale, noise_shrinkage=config.noise_shrinkage
        )
    if method == "billboard_global_effects":
        return billboard_global_effects(
            train, epsilon, rng, users, items, config.rating_scale, noise_shrinkage=config.noise_shrinkage
        )
    if method == "dp_sgd_mf":
        return DPSGDMatrixFactorization(
            epsilon,
            config.delta,
            config.dpsgd_factors,
            config.dpsgd_sampling_rate,
            config.dpsgd_steps,
            config.dpsgd_clip,
            config.dpsgd_learning_rate,
            rating_scale=config.rating_scale,
            rng=rng,
            users=users,
            items=items,
        ).fit(train)
    if method == "input_perturbation":
        data = perturb_ratings(train, epsilon, rng, config.rating_scale)
        variance = laplace_noise_variance(epsilon, config.rating_scale)
    else:
        data, variance = local_dp_ratings(train, epsilon, rng), rr_noise_variance(epsilon)
    reg = config.als_reg * (1 + variance / config.signal_variance)
    model = recsys.ALSMatrixFactorization(
        config.als_factors, reg, config.als_iter, rating_scale=config.rating_scale, rng=rng
    )
    return model.fit(data)


def epsilon_label(epsilon: float) -> str:
    """``"inf"`` for no privacy, otherwise the shortest decimal (``0.1``, ``1``, ``10``)."""
    epsilon = check_epsilon_or_inf(epsilon)
    return "inf" if epsilon == math.inf else f"{epsilon:g}"


def epsilon_from_label(label: str) -> float:
    """The epsilon of a grid label (the inverse of :func:`epsilon_label`): ``"inf"`` -> ``math.inf``."""
    if not isinstance(label, str):
        raise TypeError(
            f"an epsilon label is a string such as '1' or 'inf', got {type(label).__name__} {label!r}"
        )
    if label == "inf":
        return math.inf
    try:
        value = float(label)
    except ValueError:
        raise ValueError(
            f"{label!r} is not an epsilon label; labels look like '0.1', '1', '10', 'inf'"
        ) from None
    return check_epsilon_or_inf(value, f"the epsilon of label {label!r}")


def sort_epsilon_labels(labels) -> list[str]:
    """Grid labels from the strongest privacy to none (``"inf"`` last)."""
    return sorted(labels, key=epsilon_from_label)
