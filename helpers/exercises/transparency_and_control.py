"""Notebook 02's exercises: sizing an experiment, correcting for many tests (and writing the correction), telling
kinds of evidence apart, and reading an equivalence test.

The expected answers are derived here from what the notebook passes in (never typed beside the question), so
the notebook shows only the questions and ``q.check(answer)``::

    q1, q2, q3, q4, q5 = make_exercises(herlocker_data, interaction_equivalence)

Each solution is a short piece of code that sets ``answer``; the notebook test runs every solution through its
own check.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import experiments
from .._validation import check_frame
from ..simulate.experiments import HERLOCKER_BASELINE
from ..stats import TOSTResult
from .core import Exercise, evidence_exercise

__all__ = ["CLAIMS_TO_CLASSIFY", "TransparencyExercises", "make_exercises"]

# Q4: four statements from notebook 02; the student says which kind of evidence stands behind each.
CLAIMS_TO_CLASSIFY = {
    "a": "The analysis finds the control panel's effect about four times larger for privacy-concerned users.",
    "b": "Kizilcec (2016) reports F(1, 97) = 13.4 for the effect of violated expectations on trust.",
    "c": "On MovieLens 100K, about half of the item-based recommendations leave the top 10 when the rating "
    "their explanation cites is withdrawn.",
    "d": "A Herlocker participant's answers to the 21 interfaces are correlated 0.5.",
}
_CLAIM_KINDS = {"a": "recovery", "b": "published", "c": "real-data", "d": "assumption"}


class TransparencyExercises(NamedTuple):
    q1: Exercise
    q2: Exercise
    q3: Exercise
    q4: Exercise
    q5: Exercise


def _sample_size() -> Exercise:
    return Exercise(
        "How many users per arm does the team need to detect a 0.1-point effect on trust (SD 1.2 points) with "
        "80% power at alpha = 0.05, without CUPED?",
        expected=experiments.sample_size_per_arm(0.1, 1.2),
        tolerance=2,
        hint="The design helpers take the effect and the outcome's SD in the same units (points of trust); "
        "the defaults of alpha and power are the ones asked for.",
        solution="answer = experiments.sample_size_per_arm(0.1, 1.2)",
    )


def _holm_count(herlocker_data: pd.DataFrame) -> Exercise:
    check_frame(herlocker_data, list(HERLOCKER_BASELINE), "herlocker_data")
    tests = experiments.paired_tests_vs_baseline(herlocker_data, HERLOCKER_BASELINE, correction="holm")
    return Exercise(
        "In the Herlocker re-analysis, how many of the 19 interfaces differ from the baseline (above or below) "
        "with Holm's correction instead of Benjamini-Hochberg?",
        expected=int(tests["direction"].isin(["above", "below"]).sum()),
        tolerance=0,
        hint="paired_tests_vs_baseline takes the correction by name; its direction column says above, below, "
        "not different or baseline for each interface.",
        solution=(
            "tests = experiments.paired_tests_vs_baseline(herlocker_data, sim.HERLOCKER_BASELINE, "
            "correction='holm')\n"
            "answer = int(tests['direction'].isin(['above', 'below']).sum())"
        ),
    )


_HOLM_CASES = [
    np.array([0.01, 0.04, 0.03, 0.005]),
    np.array([0.2, 0.2, 0.01]),  # ties
    np.array([0.5, 0.9, 0.6]),  # adjusted values cap at 1
    np.array([0.04]),
    np.array([0.001, 0.02, 0.019, 0.5, 0.03, 0.04]),  # monotonicity must be enforced
]


def _holm_checker(answer) -> str | None:
    if answer is None or answer is Ellipsis:
        return "no answer yet: define holm_adjust(pvalues) and pass the function itself"
    if not callable(answer):
        return f"pass the function itself (q3.check(holm_adjust)), not a {type(answer).__name__}"
    for number, pvalues in enumerate(_HOLM_CASES, start=1):
        try:
            value = np.asarray(answer(pvalues.copy()), dtype=float)
        except Exception as exc:  # noqa: BLE001 - the student's code may raise anything: report it
            return f"your function raised {type(exc).__name__}: {exc} (on test {number})"
        if value.shape != pvalues.shape:
            return f"return one adjusted p-value per input, in the input's order (test {number})"
        expected = experiments.holm(pvalues)
        if not np.allclose(value, expected):
            if np.any(value > 1):
                return "some adjusted p-values exceed 1: cap them"
            if np.allclose(np.sort(value), np.sort(expected)):
                return "right values in the wrong order: return them in the order of the input"
            return (
                f"wrong on test {number}: check the multipliers (m, m - 1, ..., 1 from the smallest p-value up) "
                "and that an adjusted p-value is never smaller than the one before it"
            )
    return None


def _write_holm() -> Exercise:
    return Exercise(
        "Write holm_adjust(pvalues): Holm's adjusted p-values (an array in the input's order). Pass the "
        "function to q3.check; it is compared with experiments.holm on a few small cases.",
        checker=_holm_checker,
        hint="Sort the p-values; the smallest is multiplied by the number of tests m, the next by m - 1, and so "
        "on. A running maximum (np.maximum.accumulate) keeps the adjusted values from going down; put them "
        "back in the original order at the end.",
        solution=(
            "def holm_adjust(pvalues):\n"
            "    p = np.asarray(pvalues, dtype=float)\n"
            "    order = np.argsort(p)\n"
            "    m = p.size\n"
            "    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])\n"
            "    adjusted = np.empty(m)\n"
            "    adjusted[order] = np.minimum(stepped, 1.0)\n"
            "    return adjusted\n"
            "answer = holm_adjust"
        ),
    )


def _equivalence(interaction_equivalence: TOSTResult) -> Exercise:
    if not isinstance(interaction_equivalence, TOSTResult):
        raise TypeError(
            "interaction_equivalence must be the TOSTResult of the explanations arm's interaction, got "
            f"{type(interaction_equivalence).__name__}"
        )
    return Exercise(
        "True or false: the pre-registered equivalence test supports the claim that explanations raise trust "
        "equally for privacy-concerned and other users (the gap between the two effects lies within ±0.2 "
        "points).",
        expected=bool(interaction_equivalence.equivalent),
        hint="A non-significant interaction is not the test of this claim. Compare the equivalence test's 90% "
        "interval of the gap with the bounds, or read its p-value.",
        solution=(
            "answer = bool(equivalence.loc['explanations', 'equivalent'])  # the TOST row of the explanations arm"
        ),
    )


def make_exercises(
    herlocker_data: pd.DataFrame, interaction_equivalence: TOSTResult
) -> TransparencyExercises:
    """Notebook 02's five exercises, their answers derived from the notebook's own data and tests."""
    return TransparencyExercises(
        _sample_size(),
        _holm_count(herlocker_data),
        _write_holm(),
        evidence_exercise(CLAIMS_TO_CLASSIFY, _CLAIM_KINDS),
        _equivalence(interaction_equivalence),
    )
