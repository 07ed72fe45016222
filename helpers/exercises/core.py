"""Student exercises in the style of Kaggle Learn: ``q1.check(answer)``, ``q1.hint()``, ``q1.solution()``.

A check that fails says *why* the answer is wrong (wrong type, wrong sign, off by a lot or a little)
without printing the expected value; only ``solution()`` reveals it.

    q1 = Exercise("What share of ratings are 5 stars?", expected=0.212, tolerance=0.005,
                  hint="Count ratings equal to 5 and divide by the number of ratings.",
                  solution="(ratings.rating == 5).mean()")
    q1.check((ratings.rating == 5).mean())
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import check_nonnegative_finite

__all__ = ["CheckResult", "Exercise", "evidence_exercise", "function_checker"]


@dataclass(frozen=True)
class CheckResult:
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:  # what a student sees when the check is the last line of a cell
        return ("Correct: " if self.correct else "Not yet: ") + self.message


class Exercise:
    """One question. Give either ``expected`` (a number, string, bool or sequence) or a ``checker``.

    ``checker(answer)`` returns ``None`` when the answer is right, or a message explaining what is wrong.
    """

    def __init__(
        self,
        question: str,
        expected: Any = None,
        tolerance: float = 1e-6,
        hint: str = "",
        solution: str = "",
        checker: Callable[[Any], str | None] | None = None,
    ):
        if not isinstance(question, str) or not question.strip():
            raise TypeError("question must be a non-empty string: the question the student answers")
        if expected is None and checker is None:
            raise ValueError("an Exercise needs an expected answer or a checker function")
        if checker is not None and not callable(checker):
            raise TypeError(
                f"checker must be a function answer -> None or message, got {type(checker).__name__}"
            )
        if isinstance(expected, (float, np.floating)) and not np.isfinite(expected):
            raise ValueError(f"expected must be a finite number, got {expected!r}")
        tolerance = check_nonnegative_finite(tolerance, "tolerance")
        for label, text in (("hint", hint), ("solution", solution)):
            if not isinstance(text, str):
                raise TypeError(f"{label} must be a string, got {type(text).__name__}")
        self.question, self.expected, self.tolerance = question, expected, tolerance
        self.hint_text, self.solution_text, self.checker = hint, solution, checker

    def _why_wrong(self, answer: Any) -> str | None:
        if self.checker is not None:
            return self.checker(answer)
        expected = self.expected
        if answer is None or answer is Ellipsis:
            return "no answer yet: replace the `...` with your answer"
        if isinstance(expected, bool):
            if not isinstance(answer, (bool, np.bool_)):
                return f"expected True or False, got a {type(answer).__name__}"
            return None if bool(answer) == expected else "that is the opposite of what the data show"
        if isinstance(expected, str):
            if not isinstance(answer, str):
                return f"expected a text answer, got a {type(answer).__name__}"
            return (
                None
                if answer.strip().lower() == expected.lower()
                else "that is not the answer; re-read the question"
            )
        if isinstance(expected, (int, float, np.number)):
            try:
                value = float(answer)
            except (TypeError, ValueError):
                return f"expected a number, got a {type(answer).__name__}"
            if not np.isfinite(value):
                return "the answer is not a finite number"
            if abs(value - expected) <= self.tolerance:
                return None
            if expected != 0 and np.sign(value) != np.sign(expected):
                return "the sign is wrong"
            ratio = abs(value / expected) if expected else np.inf
            if ratio > 10 or ratio < 0.1:
                return "off by more than a factor of ten: check units and scaling (percent vs share?)"
            return "close, but not within the tolerance: check rounding and which rows you included"
        try:
            values = np.asarray(answer, dtype=float)
            target = np.asarray(expected, dtype=float)
        except (TypeError, ValueError):
            return "expected a list of numbers"
        if values.shape != target.shape:
            return f"expected {target.size} values, got {values.size}"
        return None if np.allclose(values, target, atol=self.tolerance) else "some values are off"

    def check(self, answer: Any) -> CheckResult:
        """Whether ``answer`` is right; if not, why (without giving the expected value away)."""
        why = self._why_wrong(answer)
        return CheckResult(True, "well done.") if why is None else CheckResult(False, why)

    def hint(self) -> None:
        """Print the hint."""
        print("Hint:", self.hint_text or "re-read the section above this exercise.")

    def solution(self) -> None:
        """Print the solution (the expected value when no solution text was given)."""
        print("Solution:", self.solution_text or repr(self.expected))


def evidence_exercise(statements: dict[str, str], kinds: dict[str, str]) -> Exercise:
    """An exercise that asks which kind of evidence stands behind each statement (``{letter: kind}``).

    ``kinds`` holds the answers and stays in helpers; the check says how many are right and which to rethink.
    """
    from ..evidence import EVIDENCE_KINDS

    if set(statements) != set(kinds) or not statements:
        raise ValueError("statements and kinds must name the same, non-empty set of letters")
    unknown = sorted(set(kinds.values()) - set(EVIDENCE_KINDS))
    if unknown:
        raise ValueError(f"unknown kinds of evidence {unknown}; use {', '.join(EVIDENCE_KINDS)}")
    letters = sorted(statements)

    def check(answer) -> str | None:
        if answer is None or answer is Ellipsis:
            return "no answer yet: give a dict {" + ", ".join(f"'{k}': kind" for k in letters) + "}"
        if not isinstance(answer, dict):
            return f"give a dict from letter to kind of evidence, not a {type(answer).__name__}"
        given = {str(key).strip().lower(): str(kind).strip().lower() for key, kind in answer.items()}
        if set(given) != set(letters):
            return f"give one kind for each of {', '.join(letters)} (got {', '.join(sorted(given))})"
        wrong_kind = sorted(kind for kind in given.values() if kind not in EVIDENCE_KINDS)
        if wrong_kind:
            return f"{', '.join(wrong_kind)} is not a kind of evidence here; use {', '.join(EVIDENCE_KINDS)}"
        wrong = sorted(key for key, kind in given.items() if kind != kinds[key])
        if wrong:
            return (
                f"{len(letters) - len(wrong)} of {len(letters)} right; think again about {', '.join(wrong)}"
            )
        return None

    listed = "\n".join(f"  {key}. {statements[key]}" for key in letters)
    return Exercise(
        "Which kind of evidence stands behind each statement: published, real-data, recovery or assumption?\n"
        + listed,
        checker=check,
        hint="For each statement ask: did we measure it on real data here, reproduce a number a paper printed, "
        "get back a value that we ourselves put into a simulation, or decide it before looking at any data?",
        solution="answer = " + repr({key: kinds[key] for key in letters}),
    )


def function_checker(
    name: str,
    question: str,
    cases: list[tuple[str, tuple]],
    reference: Callable[..., float],
    *,
    share_of: str,
    include_zero: bool,
    wrong: str,
    tolerance: float = 1e-9,
) -> Callable[[Any], str | None]:
    """A check for an exercise that asks the student to write ``name``: a function returning a share.

    ``cases`` are ``(label, args)`` pairs, e.g. ``("a small test frame with fraction=0.5", (frame, 0.5))``;
    the student's function must match ``reference(*args)`` on every one (frames are passed as copies). The
    messages say what is wrong (``wrong`` explains the usual mistake) without revealing a value.
    """
    interval = "[0, 1]" if include_zero else "(0, 1]"

    def check(answer) -> str | None:
        if answer is None or answer is Ellipsis:
            return f"no answer yet: define {name} and pass the function itself"
        if not callable(answer):
            return f"pass the function itself ({question}), not a {type(answer).__name__}"
        for number, (label, args) in enumerate(cases, start=1):
            copies = tuple(arg.copy() if hasattr(arg, "copy") else arg for arg in args)
            try:
                value = answer(*copies)
            except Exception as exc:  # noqa: BLE001 - the student's code may raise anything: report it
                return f"your function raised {type(exc).__name__}: {exc} (on test {number})"
            if value is None:
                return f"your function returns nothing yet (None): return the share, a number in {interval}"
            try:
                value = float(value)
            except (TypeError, ValueError):
                return f"your function returned a {type(value).__name__}; it should return one number"
            low_ok = value >= 0 if include_zero else value > 0
            if not np.isfinite(value) or not low_ok or value > 1:
                return f"your function returned {value!r}; a share of {share_of} lies in {interval}"
            if abs(value - reference(*args)) > tolerance:
                return f"wrong on {label}: {wrong}"
        return None

    return check
