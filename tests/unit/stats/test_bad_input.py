"""Every public function of helpers.stats fails closed on bad input.

``CALLS`` holds one valid call per function and the bad values each argument must refuse with a ValueError or
TypeError; the named tests below are the issue's cases.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import stats as hs
from unit.badinput import (
    NON_FINITE,
    NON_POSITIVE,
    NOT_A_COUNT,
    NOT_A_NUMBER,
    OUTSIDE_UNIT,
    Call,
    assert_fails_closed,
    bad_numbers,
    expand,
)

NAN = float("nan")
FINITE = [*NOT_A_NUMBER, *NON_FINITE]
CONFIDENCE = [0.0, 1.0, *OUTSIDE_UNIT, *FINITE]
ALPHA = [0.0, 0.5, 0.7, -0.1, *FINITE]
BAD_SAMPLE = [None, "12", [], [1.0], [1.0, NAN], [1.0, np.inf], [[1.0, 2.0], [3.0, 4.0]]]
X, Y = [1.0, 2.0, 3.0, 4.0], [1.5, 2.5, 2.0, 3.5]
TOST = hs.tost(X, Y, -1.0, 1.0)
WELCH = hs.welch(X, Y)

CALLS = [
    Call(
        hs.clopper_pearson,
        {"successes": 3, "trials": 10},
        {"successes": [*NOT_A_COUNT, 11, 12], "trials": [*NOT_A_COUNT, 0], "confidence": CONFIDENCE},
    ),
    Call(
        hs.tost,
        {"x": X, "y": Y, "low": -1.0, "high": 1.0},
        {
            "x": BAD_SAMPLE,
            "y": BAD_SAMPLE,
            "low": [*FINITE, 1.0, 2.0],
            "high": [*FINITE, -1.0],
            "alpha": ALPHA,
        },
    ),
    Call(
        hs.tost_power,
        {"n_per_group": 50, "bound_d": 0.3},
        {
            "n_per_group": [*NOT_A_COUNT, 0, 1],
            "bound_d": [*NON_POSITIVE, *FINITE],
            "true_d": FINITE,
            "alpha": ALPHA,
        },
    ),
    Call(hs.pooled_sd, {"x": X, "y": Y}, {"x": BAD_SAMPLE, "y": BAD_SAMPLE}),
    Call(
        hs.equivalence_of_effect,
        {"estimate": 0.1, "se": 0.05, "low": -0.2, "high": 0.2},
        {
            "estimate": FINITE,
            "se": [*NON_POSITIVE, *FINITE],
            "low": [*FINITE, 0.2, 0.3],
            "high": [*FINITE, -0.2],
            "alpha": ALPHA,
            "dof": [0.0, -1.0, *NOT_A_NUMBER],
        },
    ),
    Call(
        hs.TOSTResult,
        {f: getattr(TOST, f) for f in TOST.__dataclass_fields__},
        {"alpha": ALPHA},
    ),
    Call(TOST.is_equivalent, {"alpha": 0.05}, {"alpha": ALPHA}),
    Call(hs.welch, {"x": X, "y": Y}, {"x": BAD_SAMPLE, "y": BAD_SAMPLE}),
    Call(WELCH.confidence_interval, {"confidence_level": 0.9}, {"confidence_level": CONFIDENCE}),
    Call(
        hs.welch_dof,
        {"var_mean_x": 0.1, "var_mean_y": 0.2, "n_x": 10, "n_y": 12},
        {"var_mean_x": [NAN, "1", None, np.inf, -0.1], "n_x": [1, 2.5, NAN, None]},
    ),
]

EXEMPT = {
    "Interval": "plain result dataclass (low, high, confidence), built by the interval functions after their checks",
    "WelchResult": "plain result dataclass, built by welch; its confidence_interval method is in CALLS",
}


@pytest.mark.parametrize("call, argument, value", expand(CALLS))
def test_bad_input_fails_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.func.__qualname__)
def test_the_valid_call_of_each_registry_entry_works(call):
    call.func(**call.kwargs)


@settings(max_examples=40, deadline=None)
@given(value=bad_numbers([0.0, 0.5, 0.9, -0.2]))
def test_every_alpha_refuses_a_level_outside_zero_to_one_half(value):
    assert_fails_closed(hs.tost, {"x": X, "y": Y, "low": -1.0, "high": 1.0}, "alpha", value)
    assert_fails_closed(hs.tost_power, {"n_per_group": 50, "bound_d": 0.3}, "alpha", value)
    assert_fails_closed(TOST.is_equivalent, {}, "alpha", value)


@settings(max_examples=40, deadline=None)
@given(trials=st.integers(1, 500), excess=st.integers(1, 500))
def test_more_successes_than_trials_are_refused(trials, excess):
    with pytest.raises(ValueError, match="successes"):
        hs.clopper_pearson(trials + excess, trials)


def test_issue_12_clopper_pearson_of_12_successes_in_10_trials_is_refused():
    # issue 12: privacy.clopper_pearson(12, 10) returned (nan, 1.0)
    with pytest.raises(ValueError, match="successes must be at most 10"):
        hs.clopper_pearson(12, 10)


def test_issue_12_tost_alpha_is_the_level_of_equivalent():
    # issue 12: emotion.tost(..., alpha=0.01).equivalent tested at 5%
    rng = np.random.default_rng(2)
    result = hs.tost(rng.normal(0, 1, 200), rng.normal(0, 1, 200), -0.25, 0.25, alpha=0.01)
    assert 0.01 < result.p_value < 0.05
    assert not result.equivalent and result.is_equivalent(0.05)
