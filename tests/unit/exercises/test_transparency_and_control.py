"""helpers.exercises.transparency_and_control: notebook 02's questions accept their own solutions, derive their
answers from the notebook's data, and refuse wrong answers with a reason that does not give the answer away."""

import numpy as np
import pandas as pd
import pytest

from helpers import experiments
from helpers.exercises import transparency_and_control as ex
from helpers.simulate import experiments as sim


@pytest.fixture(scope="module")
def herlocker_data():
    return sim.simulate_herlocker(sim.HerlockerParams(), rng=np.random.default_rng(0))


def _tost(equivalent: bool):
    # a gap of 0.02 (se 0.05) lies inside ±0.2; a gap of 0.15 (se 0.1) does not
    estimate, se = (0.02, 0.05) if equivalent else (0.15, 0.1)
    return experiments.equivalence_of_effect(estimate, se, -0.2, 0.2)


def _questions(herlocker_data, equivalent=True):
    return ex.make_exercises(herlocker_data, _tost(equivalent))


def _run_solution(question, herlocker_data, tost):
    namespace = {
        "np": np,
        "experiments": experiments,
        "sim": sim,
        "herlocker_data": herlocker_data,
        # the notebook's table of the two arms' equivalence tests; the solution reads the explanations row
        "equivalence": pd.DataFrame({"equivalent": [tost.equivalent]}, index=["explanations"]),
    }
    exec(question.solution_text, namespace)  # noqa: S102 - the course's own solution text
    return namespace["answer"]


@pytest.mark.parametrize("equivalent", [True, False])
def test_every_solution_passes_its_own_check(herlocker_data, equivalent):
    tost = _tost(equivalent)
    for name, question in ex.make_exercises(herlocker_data, tost)._asdict().items():
        assert question.check(_run_solution(question, herlocker_data, tost)).correct, name


def test_there_are_five_questions_with_hints_and_solutions(herlocker_data):
    questions = _questions(herlocker_data)
    assert len(questions) == 5
    for question in questions:
        assert question.hint_text and question.solution_text


def test_an_unanswered_question_is_not_correct(herlocker_data):
    for name, question in _questions(herlocker_data)._asdict().items():
        result = question.check(...)
        assert not result.correct and "no answer yet" in result.message, name


def test_the_sample_size_is_the_design_helpers_answer_within_two_users(herlocker_data):
    q1 = _questions(herlocker_data).q1
    n = experiments.sample_size_per_arm(0.1, 1.2)
    assert q1.check(n + 2).correct
    assert not q1.check(n + 3).correct
    assert "factor of ten" in q1.check(n / 100).message


def test_the_holm_count_follows_the_data_it_was_given(herlocker_data):
    q2 = _questions(herlocker_data).q2
    tests = experiments.paired_tests_vs_baseline(herlocker_data, sim.HERLOCKER_BASELINE, correction="holm")
    count = int(tests["direction"].isin(["above", "below"]).sum())
    assert q2.check(count).correct
    assert not q2.check(count + 1).correct


def test_a_correct_holm_function_written_another_way_passes(herlocker_data):
    def holm_loop(pvalues):
        p = np.asarray(pvalues, dtype=float)
        order = np.argsort(p)
        adjusted, running = np.empty(p.size), 0.0
        for rank, i in enumerate(order):
            running = max(running, min(1.0, (p.size - rank) * p[i]))
            adjusted[i] = running
        return adjusted

    assert _questions(herlocker_data).q3.check(holm_loop).correct


def test_bonferroni_is_not_holm(herlocker_data):
    result = _questions(herlocker_data).q3.check(lambda p: np.minimum(np.asarray(p) * len(p), 1.0))
    assert not result.correct and "wrong on test" in result.message


def test_holm_without_the_cap_at_one_is_told_to_cap(herlocker_data):
    def uncapped(p):
        p = np.asarray(p, dtype=float)
        order = np.argsort(p)
        out = np.empty(p.size)
        out[order] = np.maximum.accumulate((p.size - np.arange(p.size)) * p[order])
        return out

    result = _questions(herlocker_data).q3.check(uncapped)
    assert not result.correct and "exceed 1" in result.message


def test_holm_values_in_sorted_order_are_told_to_keep_the_input_order(herlocker_data):
    result = _questions(herlocker_data).q3.check(lambda p: np.sort(experiments.holm(p)))
    assert not result.correct and "order" in result.message


def test_a_function_that_raises_is_reported_not_propagated(herlocker_data):
    result = _questions(herlocker_data).q3.check(lambda p: 1 / 0)
    assert not result.correct and "ZeroDivisionError" in result.message


def test_a_value_instead_of_a_function_is_refused(herlocker_data):
    result = _questions(herlocker_data).q3.check(0.05)
    assert not result.correct and "function itself" in result.message


def test_the_evidence_question_names_what_to_rethink_without_the_kind(herlocker_data):
    q4 = _questions(herlocker_data).q4
    right = {"a": "recovery", "b": "published", "c": "real-data", "d": "assumption"}
    assert q4.check(right).correct
    result = q4.check({**right, "a": "real-data"})
    assert not result.correct and result.message.endswith("3 of 4 right; think again about a")
    assert "recovery" not in result.message


@pytest.mark.parametrize("equivalent", [True, False])
def test_the_equivalence_answer_is_the_tests_verdict(herlocker_data, equivalent):
    q5 = _questions(herlocker_data, equivalent).q5
    assert q5.check(equivalent).correct
    assert not q5.check(not equivalent).correct
    assert not q5.check("yes").correct


def test_make_exercises_refuses_anything_but_a_tost_result(herlocker_data):
    with pytest.raises(TypeError, match="TOSTResult"):
        ex.make_exercises(herlocker_data, {"equivalent": True})


def test_make_exercises_refuses_herlocker_data_without_the_baseline_columns(herlocker_data):
    with pytest.raises(ValueError, match="herlocker_data"):
        ex.make_exercises(herlocker_data.drop(columns=list(sim.HERLOCKER_BASELINE)), _tost(True))
