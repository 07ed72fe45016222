"""Exercises of notebook 06: each solution passes its own check, the usual wrong answers do not, and the
messages never give the expected value away."""

import numpy as np
import pandas as pd
import pytest

from helpers.exercises import feedback_loops as ex
from helpers.simulate import trust_loop
from unit.simulate.test_trust_loop import R01, R02, R04, R05

PARAMS = trust_loop.TrustLoopParams.from_results(R01, R02, R04, R05)
TORNADO = pd.DataFrame(
    {"low": [1.0, 2.0], "high": [3.0, 2.5], "swing": [2.0, 0.5]}, index=["a_link", "b_link"]
)


def _solve(exercise, **namespace):
    scope = {"np": np, "trust_loop": trust_loop, **namespace}
    exec(exercise.solution_text, scope)  # noqa: S102 -- the solution text is ours, run as the notebook would
    return scope["answer"]


@pytest.mark.parametrize(
    "exercise, namespace",
    [
        (ex.tipping_accuracy_question(PARAMS), {"params": PARAMS}),
        (ex.tipping_function, {}),
        (ex.evidence_of_the_loop, {}),
        (ex.largest_swing_question(TORNADO), {"tornado": TORNADO}),
        (ex.forgiving_users_question(PARAMS), {"params": PARAMS}),
    ],
)
def test_each_solution_passes_its_check(exercise, namespace):
    assert exercise.check(_solve(exercise, **namespace))


def test_the_tipping_function_check_names_the_mistake():
    q = ex.tipping_function
    assert "no answer yet" in q.check(...).message
    assert "returns nothing" in q.check(lambda a, s: None).message
    assert "edge" not in q.check(lambda a, s: -s / (a - s)).message  # edge cases wrong: says which rule
    assert "[0, 1]" in q.check(lambda a, s: -s / (a - s)).message
    assert "raised ZeroDivisionError" in q.check(lambda a, s: 1 / 0).message
    assert not q.check(lambda a, s: 0.5)


def test_the_numeric_questions_refuse_a_wrong_value_without_revealing_it():
    q = ex.tipping_accuracy_question(PARAMS)
    expected = trust_loop.tipping_accuracy(PARAMS)
    message = q.check(expected + 0.2).message
    assert f"{expected:.2f}" not in message and not q.check(expected + 0.2)


def test_the_questions_refuse_the_wrong_inputs():
    with pytest.raises(TypeError):
        ex.tipping_accuracy_question(None)
    with pytest.raises(TypeError):
        ex.largest_swing_question(pd.DataFrame())
    with pytest.raises(TypeError):
        ex.forgiving_users_question({})


def test_the_evidence_exercise_wants_the_loop_outcome_as_an_assumption():
    answer = {"a": "recovery", "b": "published", "c": "real-data", "d": "recovery"}
    assert "think again about a" in ex.evidence_of_the_loop.check(answer).message
