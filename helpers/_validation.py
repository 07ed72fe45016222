"""The one place for input checks and the one randomness rule of the package.

Every public function of ``helpers`` checks its arguments with these functions before it computes anything,
so bad input fails closed: NaN, infinity, a wrong type, a wrong sign, an empty frame or an impossible
combination raise a ``ValueError`` or ``TypeError`` that names the argument and says how to fix it.

The randomness rule: a function that draws random numbers takes ``rng``, either a
``numpy.random.Generator`` or an ``int`` seed. ``None`` is refused, because an unseeded run cannot be
reproduced, and so is numpy's legacy ``RandomState``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "MAX_CELLS",
    "check_array",
    "check_bool",
    "check_choice",
    "check_columns",
    "check_confidence",
    "check_count",
    "check_frame",
    "check_nonnegative_finite",
    "check_number",
    "check_numeric_columns",
    "check_open_unit",
    "check_positive_finite",
    "check_probability",
    "check_rng",
    "check_size",
]

# The largest array (in float64 cells) a public function will allocate: 2**31 cells = 16 GiB.
MAX_CELLS = 2**31


def check_rng(rng, name: str = "rng") -> np.random.Generator:
    """A ``numpy.random.Generator`` from ``rng`` (a Generator or a non-negative int seed); refuse anything else."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (bool, np.bool_)):
        raise TypeError(f"{name} must be a numpy Generator or an int seed, got a bool")
    if isinstance(rng, numbers.Integral):
        if rng < 0:
            raise ValueError(f"{name} seed must be a non-negative int, got {rng}")
        return np.random.default_rng(int(rng))
    if rng is None:
        raise TypeError(
            f"{name} is None: pass {name}=np.random.default_rng(seed) or an int seed, so the run can be "
            "reproduced (an unseeded generator gives different numbers every time)"
        )
    raise TypeError(
        f"{name} must be a numpy Generator (np.random.default_rng(seed)) or an int seed, "
        f"got {type(rng).__name__}"
    )


def check_number(
    value,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allow_inf: bool = False,
) -> float:
    """A real number (not NaN; finite unless ``allow_inf``) inside the given bounds, as a float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} is NaN: pass a real number")
    if math.isinf(value) and not allow_inf:
        raise ValueError(f"{name} must be finite, got {value}")
    if low is not None and (value < low or (low_open and value == low)):
        relation = ">" if low_open else ">="
        raise ValueError(f"{name} must be {relation} {low:g}, got {value:g}")
    if high is not None and (value > high or (high_open and value == high)):
        relation = "<" if high_open else "<="
        raise ValueError(f"{name} must be {relation} {high:g}, got {value:g}")
    return value


def check_positive_finite(value, name: str) -> float:
    """A number strictly above 0 and finite (an epsilon, a sensitivity, a scale, a rate)."""
    return check_number(value, name, low=0.0, low_open=True)


def check_nonnegative_finite(value, name: str) -> float:
    """A finite number at or above 0 (a time, a spend, a regularization strength)."""
    return check_number(value, name, low=0.0)


def check_probability(value, name: str) -> float:
    """A probability in the closed interval [0, 1]."""
    return check_number(value, name, low=0.0, high=1.0)


def check_open_unit(value, name: str) -> float:
    """A number strictly between 0 and 1 (a significance level, a delta, a test fraction)."""
    return check_number(value, name, low=0.0, high=1.0, low_open=True, high_open=True)


def check_confidence(value, name: str = "confidence") -> float:
    """A confidence level strictly between 0 and 1, such as 0.95."""
    return check_open_unit(value, name)


def check_count(value, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole number at least ``minimum`` (an int, or a float such as 3.0 with no fractional part)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)):
        raise TypeError(f"{name} must be a whole number (int), got {type(value).__name__} {value!r}")
    if not isinstance(value, (numbers.Integral, np.integer)) and not (
        math.isfinite(value) and float(value).is_integer()
    ):
        raise ValueError(f"{name} must be a whole number, got {value!r}; it is never rounded silently")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}, got {value:,}")
    return value


def check_bool(value, name: str) -> bool:
    """A real bool (``True``/``False``), not a string or a number that happens to be truthy."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def check_choice(value, name: str, choices: Iterable) -> object:
    """One of ``choices``; the message lists them."""
    choices = tuple(choices)
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def check_array(
    values,
    name: str,
    *,
    ndim: int | None = 1,
    min_size: int = 1,
    finite: bool = True,
    low: float | None = None,
    high: float | None = None,
    integer: bool = False,
) -> np.ndarray:
    """A float array of at least ``min_size`` values, finite, inside [low, high], whole numbers if ``integer``."""
    if isinstance(values, str):
        raise TypeError(f"{name} must be an array of numbers, got a string")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {type(values).__name__}") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    if array.size < min_size:
        raise ValueError(f"{name} is empty: need at least {min_size} value{'s' if min_size > 1 else ''}")
    if finite and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values; drop or impute them first")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN values; drop or impute them first")
    if low is not None and array.min() < low:
        raise ValueError(f"{name} has values below {low:g} (smallest {array.min():g})")
    if high is not None and array.max() > high:
        raise ValueError(f"{name} has values above {high:g} (largest {array.max():g})")
    if integer and not np.all(array == np.round(array)):
        raise ValueError(f"{name} must hold whole numbers")
    return array


def check_columns(data, columns: Sequence[str], what: str = "data") -> pd.DataFrame:
    """A pandas DataFrame that holds ``columns``; the message names the missing ones."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"{what} lacks columns {missing}; it has {list(data.columns)}")
    return data


def check_frame(data, columns: Sequence[str], what: str = "data", min_rows: int = 1) -> pd.DataFrame:
    """A DataFrame with ``columns`` and at least ``min_rows`` rows."""
    check_columns(data, columns, what)
    if len(data) < min_rows:
        raise ValueError(f"{what} is empty: need at least {min_rows} row{'s' if min_rows > 1 else ''}")
    return data


def check_size(*shape: int, what: str = "the result", limit: int = MAX_CELLS) -> int:
    """Refuse an allocation of ``prod(shape)`` float64 cells above ``limit``, before allocating it."""
    cells = 1
    for dim in shape:
        cells *= max(int(dim), 0)
    if cells > limit:
        gib = cells * 8 / 2**30
        raise ValueError(
            f"{what} would need {cells:,} cells ({gib:,.1f} GiB), more than this helper allows "
            f"({limit * 8 / 2**30:,.0f} GiB); use smaller sizes"
        )
    return cells


def check_numeric_columns(data, columns: Sequence[str], what: str = "data", min_rows: int = 1) -> np.ndarray:
    """The ``columns`` of a DataFrame as a finite float array (rows x columns); messages name the bad columns."""
    check_frame(data, columns, what, min_rows)
    columns = list(columns)
    text = [c for c in columns if not pd.api.types.is_numeric_dtype(data[c])]
    if text:
        raise TypeError(f"{what} columns {text} are not numeric; convert them to numbers first")
    values = data[columns].to_numpy(dtype=float, na_value=np.nan)
    bad = [c for c, ok in zip(columns, np.isfinite(values).all(axis=0)) if not ok]
    if bad:
        raise ValueError(
            f"{what} columns {bad} hold missing (NaN) or infinite values; drop or impute them first"
        )
    return values
