"""Every public function of helpers.simulate.feedback fails closed: a bad value in any one argument raises a
ValueError or TypeError that says what was wrong."""

import pytest

from helpers.simulate import feedback as fb
from unit.badinput import (
    NON_FINITE,
    NON_POSITIVE,
    NOT_A_COUNT,
    NOT_A_GENERATOR,
    NOT_A_NUMBER,
    Call,
    assert_fails_closed,
    expand,
)

TINY = fb.ChaneyParams(n_users=5, n_attributes=3, items_per_step=3, startup_steps=2, training_steps=2)
NOT_PARAMS = [None, {"n_users": 5}, "params", 3]
POSITIVE = NOT_A_NUMBER + NON_FINITE + NON_POSITIVE

CALLS = [
    Call(fb.draw_world, {"params": TINY, "rng": 0}, {"params": NOT_PARAMS, "rng": NOT_A_GENERATOR}),
    Call(fb.chaney_replication, {"params": TINY, "rng": 0}, {"params": NOT_PARAMS, "rng": NOT_A_GENERATOR}),
    Call(
        fb.chaney_task,
        {"params": TINY, "rng": 0},
        {"params": [{"n_users": 5}, "params", 3], "rng": NOT_A_GENERATOR, "n_users": NOT_A_COUNT + [1]},
    ),
]

PARAM_BAD = {
    "n_users": NOT_A_COUNT + [1, 0],
    "n_attributes": NOT_A_COUNT + [1],
    "items_per_step": NOT_A_COUNT + [0],
    "startup_steps": NOT_A_COUNT + [0],
    "training_steps": NOT_A_COUNT + [0],
    "mf_factors": NOT_A_COUNT + [0],
    "mf_sweeps": NOT_A_COUNT + [0],
    "content_iterations": NOT_A_COUNT + [0],
    "attention_exponent": NOT_A_NUMBER + NON_FINITE + [0.5],
    "known_utility_share": NOT_A_NUMBER + NON_FINITE + [0.0, 1.0, 1.5],
    "utility_sd": NOT_A_NUMBER + NON_FINITE + [0.0, -1e-5, 0.6, 0.2],  # 0.2 is too wide for a mean of 0.98
    "user_base_concentration": POSITIVE,
    "user_concentration": POSITIVE,
    "item_base_concentration": POSITIVE,
    "item_concentration": POSITIVE,
    "mf_reg": POSITIVE,
    "list_length": NOT_A_COUNT[:-1] + [0, 10],  # must exceed items_per_step
}


@pytest.mark.parametrize("call, argument, value", expand(CALLS))
def test_public_functions_fail_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


def test_every_valid_call_in_the_registry_runs():
    for call in CALLS:
        call.func(**call.kwargs)


@pytest.mark.parametrize(
    "name, value", [pytest.param(n, v, id=f"{n}={v!r}") for n, values in PARAM_BAD.items() for v in values]
)
def test_every_parameter_refuses_bad_values(name, value):
    with pytest.raises((ValueError, TypeError)) as caught:
        fb.ChaneyParams(**{name: value})
    assert str(caught.value)


def test_an_unknown_grid_parameter_is_named():
    with pytest.raises(TypeError, match="attention_exp"):
        fb.chaney_task(rng=0, params=TINY, attention_exp=-0.5)


def test_a_world_too_large_to_hold_is_refused_before_allocating():
    with pytest.raises(ValueError, match="utility matrix"):
        fb.ChaneyParams(n_users=100_000, items_per_step=1_000)
