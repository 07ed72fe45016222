"""Fail-closed checks for public functions: feed a bad value to one argument, expect a clear error.

Each package's ``test_bad_input.py`` lists its public functions with one valid call (``Call``) and says which
arguments are numbers, probabilities, counts, frames or generators; :func:`assert_fails_closed` and the
hypothesis strategies below do the rest. ``tests/unit/test_public_api.py`` checks that every public callable of
every science package appears in some registry (or in an exemption list with a reason).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import strategies as st

# Values no numeric argument may accept.
NOT_A_NUMBER = [float("nan"), "1", None, [1.0], object()]
NON_FINITE = [float("inf"), -float("inf")]
NON_POSITIVE = [0.0, -1.0, -1e-12]
NEGATIVE = [-1.0, -1e-9]
OUTSIDE_UNIT = [-0.1, 1.1, 2.0]
NOT_A_COUNT = [2.5, -1, float("nan"), "3", None]
NOT_A_GENERATOR = [None, "seed", 1.5, np.random.RandomState(0)]


def bad_numbers(*extra: list) -> st.SearchStrategy:
    """Hypothesis strategy over values a finite numeric argument must refuse (plus ``extra`` lists)."""
    values = NOT_A_NUMBER + NON_FINITE + [v for group in extra for v in group]
    return st.sampled_from(values)


@dataclass
class Call:
    """A public function, one valid call of it, and the bad values each argument must refuse."""

    func: Any
    kwargs: dict[str, Any]
    bad: dict[str, list] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"

    def cases(self):
        for argument, values in self.bad.items():
            for value in values:
                yield argument, value


def assert_fails_closed(func, kwargs: dict[str, Any], argument: str, value: Any) -> None:
    """``func(**kwargs)`` with ``argument`` replaced by ``value`` raises ValueError or TypeError naming it."""
    call = dict(kwargs)
    call[argument] = value
    with pytest.raises((ValueError, TypeError)) as caught:
        func(**call)
    message = str(caught.value)
    assert message, f"{func.__qualname__}({argument}={value!r}) raised an error with no message"


def expand(calls: list[Call]) -> list:
    """``pytest.mark.parametrize`` cases (call, argument, value) with readable ids."""
    params = []
    for call in calls:
        for argument, value in call.cases():
            label = value if isinstance(value, (int, float, str, type(None))) else type(value).__name__
            if isinstance(value, float) and math.isnan(value):
                label = "nan"
            params.append(
                pytest.param(call, argument, value, id=f"{call.func.__qualname__}-{argument}={label}")
            )
    return params


def ratings_frame(n_users: int = 5, n_items: int = 6, seed: int = 0) -> pd.DataFrame:
    """A tiny valid ``user_id, item_id, rating`` frame (every user rates every item) for bad-input tests."""
    rng = np.random.default_rng(seed)
    users, items = np.meshgrid(np.arange(1, n_users + 1), np.arange(1, n_items + 1), indexing="ij")
    return pd.DataFrame(
        {
            "user_id": users.ravel(),
            "item_id": items.ravel(),
            "rating": rng.integers(1, 6, users.size).astype(float),
        }
    )
