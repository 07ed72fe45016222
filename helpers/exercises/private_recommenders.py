"""Notebook 04's exercises: calibrating noise, randomized response, reading the grid, writing (and auditing) a
mechanism, and telling kinds of evidence apart.

Expected answers come from the privacy package and from the grid the notebook computed, never typed beside the
question; the notebook shows the questions and ``q.check(answer)``::

    q1, q2, q3, q4, q5 = make_exercises(rmse_summary)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import privacy
from .core import Exercise, evidence_exercise

__all__ = ["CLAIMS_TO_CLASSIFY", "PrivateRecommendersExercises", "make_exercises"]

CLAIMS_TO_CLASSIFY = {
    "a": "On MovieLens 100K, DP global effects at epsilon 1 reach a test RMSE below 1.0.",
    "b": "A DP offer halves the effect of privacy concern on opting out.",
    "c": "The audit's lower bound for the redraw-until-inside bounded Laplace lies above the epsilon it claims.",
    "d": "The naive floating-point Laplace sampler can be told apart from its neighbour by its low bits "
    "(Mironov 2012).",
}
_CLAIM_KINDS = {"a": "real-data", "b": "assumption", "c": "recovery", "d": "published"}


class PrivateRecommendersExercises(NamedTuple):
    q1: Exercise
    q2: Exercise
    q3: Exercise
    q4: Exercise
    q5: Exercise


def _laplace_scale() -> Exercise:
    low, high = privacy.RATING_SCALE
    return Exercise(
        "A server adds Laplace noise to each 1-5 star rating with epsilon = 0.5. What is the scale b of the "
        "noise, in stars?",
        expected=(high - low) / 0.5,
        tolerance=1e-6,
        hint="One rating can move anywhere on the scale: its sensitivity is the width of the scale. b is "
        "sensitivity divided by epsilon.",
        solution="answer = (5 - 1) / 0.5",
    )


def _keep_probability() -> Exercise:
    return Exercise(
        "With 5-ary randomized response at epsilon = 1, what is the probability that a user's true rating is "
        "reported?",
        expected=privacy.rr_keep_probability(1.0, 5),
        tolerance=1e-3,
        hint="The true answer is e^epsilon times as likely as each of the k - 1 other answers, and the k "
        "probabilities add up to 1.",
        solution="answer = math.e / (math.e + 4)",
    )


def _best_at_one(rmse_summary: pd.DataFrame) -> Exercise:
    means = rmse_summary["mean"].drop(index="dp_global_mean", errors="ignore")
    if "1" not in means.columns:
        raise ValueError("the grid has no epsilon 1 column: run the notebook with 1.0 among its epsilons")
    return Exercise(
        "Which private method has the lowest mean test RMSE at epsilon = 1 in our grid (leaving out the DP "
        "global mean)? Answer with its key from privacy.METHODS, e.g. 'local_dp'.",
        expected=str(means["1"].idxmin()),
        hint="rmse_summary['mean'] has one row per method and one column per epsilon label.",
        solution="answer = rmse_summary['mean'].drop(index='dp_global_mean')['1'].idxmin()",
    )


def _mechanism_checker(answer) -> str | None:
    if answer is None or answer is Ellipsis or not callable(answer):
        return "pass your function my_laplace(value, epsilon, size, rng) itself, without calling it"
    rng = np.random.default_rng(2024)
    try:
        released = answer(3.0, 1.0, 20_000, rng)
        if released is None:
            return "my_laplace returns nothing yet: write its body so that it returns the noisy values"
        sample = np.asarray(released, dtype=float)
    except Exception as error:  # noqa: BLE001 - the student's code: report what it raised
        return f"calling my_laplace(3.0, 1.0, 20000, rng) raised {type(error).__name__}: {error}"
    if sample.shape != (20_000,):
        return f"my_laplace must return `size` values, got an array of shape {sample.shape}"
    if np.allclose(sample, 3.0):
        return "the values come back unchanged: no noise, no privacy"
    audit = privacy.audit_epsilon(lambda x, n, r: answer(x, 1.0, n, r), 1.0, 5.0, 1.0, 20_000, rng)
    if audit.violated:
        return (
            f"the audit finds epsilon >= {audit.epsilon_lower:.2f} for a claim of 1: too little noise for the "
            "sensitivity of one rating"
        )
    spread = sample.std() / (np.sqrt(2) * 4.0)
    if not 0.9 < spread < 1.1:
        return f"the noise SD is {spread:.2f} times the Laplace SD for epsilon 1: private, but not calibrated"
    return None


def _write_a_mechanism() -> Exercise:
    return Exercise(
        "Write my_laplace(value, epsilon, size, rng) that releases `size` epsilon-DP copies of one 1-5 star "
        "rating with Laplace noise (numpy's rng.laplace is allowed). The check audits your mechanism the way "
        "section 3 audits ours, and checks that the noise is calibrated.",
        checker=_mechanism_checker,
        hint="The noise scale is sensitivity / epsilon, and the sensitivity of one rating is the width of the "
        "scale.",
        solution=(
            "def my_laplace(value, epsilon, size, rng):\n"
            "    return value + rng.laplace(0.0, (5 - 1) / epsilon, size)\n"
            "answer = my_laplace"
        ),
    )


def make_exercises(rmse_summary: pd.DataFrame) -> PrivateRecommendersExercises:
    """The five exercises of notebook 04; ``rmse_summary`` is ``privacy.summarize_grid(grid, "rmse")``."""
    if not isinstance(rmse_summary, pd.DataFrame) or "mean" not in rmse_summary.columns.get_level_values(0):
        raise TypeError("rmse_summary must be the frame privacy.summarize_grid(grid, 'rmse') returns")
    return PrivateRecommendersExercises(
        _laplace_scale(),
        _keep_probability(),
        _best_at_one(rmse_summary),
        _write_a_mechanism(),
        evidence_exercise(CLAIMS_TO_CLASSIFY, _CLAIM_KINDS),
    )
