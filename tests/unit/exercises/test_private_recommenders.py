"""Notebook 04's exercises: each solution passes its own check; typical wrong answers do not."""

import math

import numpy as np
import pandas as pd
import pytest

from helpers.exercises.private_recommenders import make_exercises


@pytest.fixture(scope="module")
def exercises():
    columns = pd.MultiIndex.from_product([["mean", "std"], ["0.1", "1", "inf"]])
    summary = pd.DataFrame(
        [[1.1, 1.1, 1.1, 0, 0, 0], [1.05, 0.98, 0.95, 0, 0, 0], [1.1, 1.07, 0.92, 0, 0, 0]],
        index=["dp_global_mean", "dp_global_effects", "local_dp"],
        columns=columns,
    )
    return make_exercises(summary)


def run_solution(exercise):
    scope = {"math": math, "np": np, "rmse_summary": None}
    exec(exercise.solution_text, scope)  # noqa: S102 - the exercise's own solution
    return scope["answer"]


def test_every_solution_passes_its_check(exercises):
    for q in (exercises.q1, exercises.q2, exercises.q4, exercises.q5):
        assert q.check(run_solution(q)).correct, q.question
    assert exercises.q3.check("dp_global_effects").correct


def test_a_mechanism_without_enough_noise_fails_the_audit(exercises):
    def too_little(value, epsilon, size, rng):
        return value + rng.laplace(0.0, 0.4 / epsilon, size)

    result = exercises.q4.check(too_little)
    assert not result.correct and "audit" in result.message


def test_a_mechanism_without_noise_or_with_too_much_is_refused(exercises):
    assert not exercises.q4.check(lambda v, e, n, r: np.full(n, v)).correct
    too_much = exercises.q4.check(lambda v, e, n, r: v + r.laplace(0.0, 8.0 / e, n))
    assert not too_much.correct and "calibrated" in too_much.message
    assert not exercises.q4.check(...).correct


def test_the_grid_must_have_an_epsilon_of_one():
    summary = pd.DataFrame(
        [[1.0, 0.0]], index=["local_dp"], columns=pd.MultiIndex.from_product([["mean", "std"], ["10"]])
    )
    with pytest.raises(ValueError, match="epsilon 1"):
        make_exercises(summary)
    with pytest.raises(TypeError):
        make_exercises("grid")
