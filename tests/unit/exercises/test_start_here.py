"""helpers.exercises.start_here: notebook 00's questions accept their own solutions, refuse wrong answers with
a reason that does not give the answer away, and derive their expected values from the data."""

import pandas as pd
import pytest

from helpers.exercises import start_here

RATINGS = pd.DataFrame(
    {
        "user_id": [1, 1, 1, 1, 2, 2, 3, 4, 5, 6],
        "item_id": range(10),
        "rating": [5, 5, 4, 3, 5, 1, 2, 3, 4, 5],
    }
)
TRANSACTIONS = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3, 3, 4]})


@pytest.fixture
def questions():
    return start_here.make_exercises(RATINGS, TRANSACTIONS)


def _run_solution(question, **frames):
    namespace = dict(frames)
    exec(question.solution_text, namespace)  # noqa: S102 - the course's own solution text
    return namespace["answer"]


def test_every_solution_passes_its_own_check(questions):
    for question in questions:
        answer = _run_solution(question, ratings=RATINGS, transactions=TRANSACTIONS)
        assert question.check(answer), f"{question.question[:40]}: {question.check(answer)}"


def test_expected_values_come_from_the_data(questions):
    assert questions.q1.check(0.4) and not questions.q1.check(0.212)
    assert questions.q2.check(2) and not questions.q2.check(3)


def test_unanswered_questions_say_so(questions):
    for question in questions:
        result = question.check(...)
        assert not result and "no answer yet" in result.message


def test_a_top_share_that_forgets_to_sort_is_refused_without_the_answer(questions):
    def unsorted(ratings, fraction):
        counts = ratings.groupby("user_id").size()
        return counts.iloc[: max(1, round(fraction * len(counts)))].sum() / counts.sum()

    result = questions.q3.check(unsorted)
    assert not result and "sort order" in result.message


def test_a_top_share_that_crashes_or_returns_nonsense_is_explained(questions):
    def crashes(ratings, fraction):
        return ratings["stars"].sum()

    assert "raised KeyError" in questions.q3.check(crashes).message
    assert "(0, 1]" in questions.q3.check(lambda ratings, fraction: 2.0).message
    assert "pass the function itself" in questions.q3.check(0.32).message


def test_classifying_evidence_counts_right_answers_but_does_not_name_the_kinds(questions):
    all_real = {"a": "real-data", "b": "real-data", "c": "real-data", "d": "real-data"}
    result = questions.q4.check(all_real)
    assert not result and result.message.startswith("1 of 4 right")
    for kind in ("published", "recovery", "assumption"):
        assert kind not in result.message
    assert "not a kind of evidence" in questions.q4.check({**all_real, "a": "anecdote"}).message
    assert "one kind for each" in questions.q4.check({"a": "real-data"}).message
    assert questions.q4.check({"A": "Real-Data", "b": "published", "c": "recovery", "d": "assumption"})


def test_questions_show_the_statements_but_no_expected_value(questions):
    assert all(text in questions.q4.question for text in start_here.CLAIMS_TO_CLASSIFY.values())
    assert "0.4" not in questions.q1.question and "real-data" not in questions.q4.question.split("?")[1]


def test_make_exercises_refuses_frames_without_the_columns_it_needs():
    with pytest.raises(ValueError, match="lacks columns"):
        start_here.make_exercises(RATINGS.drop(columns="rating"), TRANSACTIONS)
    with pytest.raises(TypeError, match="DataFrame"):
        start_here.make_exercises(RATINGS, None)
