"""Notebook 03's exercises: every solution passes its own check, typical wrong answers do not."""

import pytest

from helpers.exercises import consistency as ex

EXERCISES = [ex.item_mean_stability, ex.jaccard_function, ex.kale_steady_state, ex.evidence_kinds]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_solution_passes(exercise):
    namespace = {}
    exec(exercise.solution_text, namespace)  # noqa: S102 -- running our own solution text
    assert exercise.check(namespace["answer"]).correct


@pytest.mark.parametrize(
    "exercise, wrong",
    [
        (ex.item_mean_stability, 0.2),
        (ex.jaccard_function, lambda a, b: len(set(a) & set(b)) / len(a)),
        (ex.kale_steady_state, -3.33),
        (ex.evidence_kinds, {"a": "real-data", "b": "published", "c": "recovery", "d": "recovery"}),
        (ex.jaccard_function, ...),
    ],
)
def test_wrong_answers_fail(exercise, wrong):
    assert not exercise.check(wrong).correct
