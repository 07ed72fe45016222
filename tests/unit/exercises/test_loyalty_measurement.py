"""helpers.exercises.loyalty_measurement: notebook 05's questions accept their own solutions and refuse wrong
answers with a reason that does not give the answer away."""

import numpy as np
import pytest

from helpers import loyalty
from helpers.exercises import loyalty_measurement as ex

BGNBD = loyalty.BGNBDResult(0.243, 4.414, 0.793, 2.426)
QUESTIONS = [
    ex.nps_from_counts,
    ex.sbg_survival_function,
    ex.evidence_of_hazard_ratio,
    ex.p_alive_question(BGNBD),
]


def _run_solution(question):
    namespace = {"np": np, "bgnbd": BGNBD}
    exec(question.solution_text, namespace)  # noqa: S102 - the course's own solution text
    return namespace["answer"]


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.question[:30])
def test_every_solution_passes_its_own_check(question):
    assert question.check(_run_solution(question)).correct


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.question[:30])
def test_an_unanswered_question_is_not_correct(question):
    assert not question.check(...).correct


def test_a_percentage_instead_of_a_share_is_refused_with_a_reason():
    result = ex.sbg_survival_function.check(lambda alpha, beta, t: 100.0)
    assert not result.correct and "share" in result.message


def test_a_survival_function_that_forgets_t_zero_is_refused():
    result = ex.sbg_survival_function.check(lambda alpha, beta, t: beta / (alpha + beta))
    assert not result.correct


def test_a_function_that_raises_is_reported_not_propagated():
    result = ex.sbg_survival_function.check(lambda alpha, beta, t: 1 / 0)
    assert not result.correct and "ZeroDivisionError" in result.message


@pytest.mark.parametrize("wrong", ["real-data", "published", "assumption", "a finding", 3])
def test_the_evidence_question_accepts_only_recovery(wrong):
    result = ex.evidence_of_hazard_ratio.check(wrong)
    assert not result.correct and "recovery" not in result.message.replace("'recovery'", "")


def test_the_p_alive_question_refuses_a_model_that_is_not_a_fit():
    with pytest.raises(TypeError):
        ex.p_alive_question("bgnbd")
