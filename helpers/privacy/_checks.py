"""Checks of the privacy parameters: budgets (epsilon, delta), sensitivities, values to release, categories.

They are the shared checks of :mod:`helpers._validation` with the wording the course shows its readers
(notebook 04 prints these messages), so every function of the package states a bad budget the same way.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import recsys
from .._validation import check_array, check_number, check_open_unit, check_positive_finite

__all__: list[str] = []


def check_epsilon(value, name: str = "epsilon") -> float:
    """A privacy budget (or any parameter called ``name``) that is a positive finite number."""
    try:
        return check_positive_finite(value, name)
    except ValueError:
        raise ValueError(f"{name} must be a positive finite number, got {float(value)}") from None


def check_epsilon_or_inf(value, name: str = "epsilon") -> float:
    """A positive budget, or ``math.inf`` for "no privacy" (the non-private reference of a comparison)."""
    if check_number(value, name, allow_inf=True) == math.inf:
        return math.inf
    return check_epsilon(value, name)


def check_delta(value, name: str = "delta") -> float:
    """The delta of (epsilon, delta)-DP: strictly between 0 and 1 (typically below 1 / n)."""
    try:
        return check_open_unit(value, name)
    except ValueError:
        raise ValueError(
            f"{name} must be positive and below 1 (typically below 1/n), got {float(value)}"
        ) from None


def check_sensitivity(value) -> float:
    """The sensitivity of a query: a positive finite number."""
    return check_epsilon(value, "sensitivity")


def check_values(value, name: str = "value") -> np.ndarray:
    """The numbers a mechanism releases: at least one, all finite (a scalar or an array of any shape)."""
    try:
        raw = np.asarray(value)
    except ValueError:
        raise TypeError(f"{name} must be a number or an array of numbers, got a ragged sequence") from None
    if raw.size == 0:
        raise ValueError("empty input: the mechanism needs at least one value to release")
    if raw.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be a number or an array of numbers, got {type(value).__name__} {value!r}"
        )
    return check_array(raw, name, ndim=None)


def check_categories(categories, name: str = "categories") -> np.ndarray:
    """At least two distinct categories in a 1-D list (numbers must be finite)."""
    if isinstance(categories, str):
        raise TypeError(f"{name} must be a list of categories such as [1, 2, 3, 4, 5], got a string")
    cats = np.asarray(categories)
    if cats.ndim != 1 or cats.size < 2:
        raise ValueError(f"{name} must be a 1-D list of at least two distinct values, e.g. [1, 2, 3, 4, 5]")
    if cats.dtype.kind not in "biufUS":
        raise TypeError(f"{name} must hold numbers or strings, got {cats.dtype}")
    if cats.dtype.kind == "f" and not np.all(np.isfinite(cats)):
        raise ValueError(f"{name} must be finite numbers (no NaN or infinity)")
    if len(np.unique(cats)) != cats.size:
        raise ValueError(f"{name} must be distinct")
    return cats


def check_numeric_categories(categories, name: str = "categories") -> np.ndarray:
    """Categories that are numbers (ratings), as floats."""
    cats = check_categories(categories, name)
    if cats.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be numbers (such as the ratings 1 to 5) to estimate numeric values")
    return cats.astype(float)


def check_interval(low, high, low_name: str, high_name: str) -> tuple[float, float]:
    """Two finite numbers with ``low < high`` (a rating scale, the bounds of a release)."""
    low, high = check_number(low, low_name), check_number(high, high_name)
    if not low < high:
        raise ValueError(f"need {low_name} < {high_name}, got [{low:g}, {high:g}]")
    return low, high


def check_scale(scale, name: str = "rating_scale") -> tuple[float, float]:
    """A rating scale ``(low, high)``: two finite numbers with low < high."""
    if isinstance(scale, str) or not hasattr(scale, "__len__") or len(scale) != 2:
        raise TypeError(f"{name} must be a pair (low, high) such as (1.0, 5.0), got {scale!r}")
    return check_interval(scale[0], scale[1], f"{name}[0]", f"{name}[1]")


def check_ratings(ratings, what: str, scale=None) -> pd.DataFrame:
    """A non-empty ``user_id, item_id, rating`` frame, ratings finite and inside ``scale``, no missing ids."""
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame with columns user_id, item_id, rating")
    if "rating" in ratings.columns and (
        not pd.api.types.is_numeric_dtype(ratings["rating"]) or pd.api.types.is_bool_dtype(ratings["rating"])
    ):
        raise TypeError(f"{what}['rating'] must hold numbers, got dtype {ratings['rating'].dtype}")
    recsys.check_ratings(ratings, what, scale)
    if ratings[["user_id", "item_id"]].isna().to_numpy().any():
        raise ValueError(f"{what} has missing user_id or item_id values; drop those rows first")
    return ratings


def check_ids(ids, name: str):
    """A public id list (``None`` means: the ids of the training data); non-empty, no missing ids."""
    if ids is None:
        return None
    if isinstance(ids, str):
        raise TypeError(f"{name} must be a list of ids, got a string")
    array = np.asarray(ids)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D list of ids (or None for the ids in train)")
    if pd.isna(array).any():
        raise ValueError(f"{name} has missing ids")
    return array
