"""Checks shared by notebook 02's generative models."""

from __future__ import annotations

import numpy as np

from ..._validation import (
    check_array,
)


def _check_params(params, kind: type) -> None:
    if not isinstance(params, kind):
        raise TypeError(f"params must be a {kind.__name__}(...), got {type(params).__name__}")


def _check_effects(values, name: str, n_arms: int) -> np.ndarray:
    values = check_array(values, name)
    if values.size != n_arms:
        raise ValueError(f"{name} needs one value per arm: {n_arms} arms, {values.size} values")
    return values
