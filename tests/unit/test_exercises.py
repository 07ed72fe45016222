"""helpers.exercises: checks accept right answers and explain wrong ones without giving them away."""

import pytest

from helpers.exercises import Exercise


def test_right_number_within_tolerance_passes():
    q = Exercise("share", expected=0.212, tolerance=0.001)
    assert q.check(0.2121) and repr(q.check(0.2121)).startswith("Correct")


@pytest.mark.parametrize(
    "answer, reason",
    [
        (..., "no answer yet"),
        ("abc", "expected a number"),
        (-0.212, "sign is wrong"),
        (21.2, "factor of ten"),
        (0.25, "close, but not within the tolerance"),
    ],
)
def test_wrong_numbers_say_why_without_the_answer(answer, reason):
    result = Exercise("share", expected=0.212, tolerance=0.001).check(answer)
    assert not result
    assert reason in result.message and "0.212" not in result.message


def test_booleans_strings_and_sequences():
    assert Exercise("q", expected=True).check(True)
    assert not Exercise("q", expected=True).check(1)
    assert Exercise("q", expected="Drama").check(" drama ")
    assert Exercise("q", expected=[1.0, 2.0], tolerance=0.01).check([1.001, 2.0])
    assert "expected 2 values" in Exercise("q", expected=[1, 2]).check([1]).message


def test_custom_checker_message_is_shown():
    q = Exercise("q", checker=lambda a: None if a > 3 else "too small: think about the tail")
    assert q.check(4) and q.check(1).message == "too small: think about the tail"


def test_hint_and_solution_print(capsys):
    q = Exercise("q", expected=1, hint="count them", solution="len(x)")
    q.hint()
    q.solution()
    assert capsys.readouterr().out == "Hint: count them\nSolution: len(x)\n"


def test_an_exercise_needs_an_answer_or_a_checker():
    with pytest.raises(ValueError, match="expected answer or a checker"):
        Exercise("q")
