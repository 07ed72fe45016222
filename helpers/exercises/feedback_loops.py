"""Exercises of notebook 06 (feedback loops). The notebook shows each question and calls ``check``; the expected
answers, checks and solutions live here, out of the student's sight.

Each solution is Python that assigns ``answer`` in the notebook's namespace, so a test can run it and check it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..simulate import trust_loop
from .core import Exercise, evidence_exercise

__all__ = [
    "evidence_of_the_loop",
    "forgiving_users_question",
    "largest_swing_question",
    "tipping_accuracy_question",
    "tipping_function",
]


def _check_params(params) -> None:
    if not isinstance(params, trust_loop.TrustLoopParams):
        raise TypeError(f"params must be the notebook's TrustLoopParams, got {type(params).__name__}")


def tipping_accuracy_question(params) -> Exercise:
    """Q1: the tipping accuracy a* of the notebook's links (computed here, never shown in the notebook)."""
    _check_params(params)
    return Exercise(
        "With the links of section 3, what accuracy must deep personalization reach before it adds trust on "
        "average (a share from 0 to 1)?",
        expected=trust_loop.tipping_accuracy(params),
        tolerance=0.01,
        hint="Section 3 prints the effect of one unit of authentic (k_A) and of superficial (k_S) "
        "personalization; at depth 1 the net effect is k_A a + k_S (1 - a). Solve for the a where it is zero.",
        solution="answer = trust_loop.tipping_accuracy(params)  # = -k_S / (k_A - k_S)",
    )


_TIPPING_CASES = [(0.12, -0.15), (0.3, -0.1), (0.05, -0.5), (0.2, 0.0), (0.2, 0.1), (-0.1, -0.2), (0.0, -0.1)]


def _reference_tipping(k_a: float, k_s: float) -> float:
    if k_s >= 0:
        return 0.0
    if k_a <= 0:
        return 1.0
    return -k_s / (k_a - k_s)


def _check_tipping(answer) -> str | None:
    if answer is None or answer is Ellipsis:
        return "no answer yet: define tipping and set answer = tipping"
    if not callable(answer):
        return f"answer must be your function itself (answer = tipping), got a {type(answer).__name__}"
    for k_a, k_s in _TIPPING_CASES:
        try:
            value = answer(k_a, k_s)
        except Exception as error:  # noqa: BLE001 -- a student's function may fail in any way: say how
            return f"tipping({k_a}, {k_s}) raised {type(error).__name__}: {error}"
        if value is None:
            return "your function returns nothing yet (None): return the accuracy, a number in [0, 1]"
        try:
            value = float(value)
        except (TypeError, ValueError):
            return f"tipping({k_a}, {k_s}) must return a number, got a {type(value).__name__}"
        if not np.isfinite(value) or not 0.0 <= value <= 1.0:
            return f"tipping({k_a}, {k_s}) must be an accuracy in [0, 1]: handle the cases where no a in (0, 1) solves it"
        if abs(value - _reference_tipping(k_a, k_s)) > 1e-9:
            if k_s >= 0 or k_a <= 0:
                return f"tipping({k_a}, {k_s}) is off: re-read what to return when one of the effects has that sign"
            return f"tipping({k_a}, {k_s}) is off: solve k_authentic a + k_shallow (1 - a) = 0 for a"
    return None


tipping_function = Exercise(
    "Write a function tipping(k_authentic, k_shallow) that returns the accuracy a in [0, 1] at which "
    "k_authentic a + k_shallow (1 - a) = 0 (0 if k_shallow >= 0, 1 if k_authentic <= 0), and set answer = tipping.",
    checker=_check_tipping,
    hint="Collect the terms in a: a (k_authentic - k_shallow) = -k_shallow. Check the two edge cases first.",
    solution=(
        "def tipping(k_authentic, k_shallow):\n"
        "    if k_shallow >= 0:\n"
        "        return 0.0\n"
        "    if k_authentic <= 0:\n"
        "        return 1.0\n"
        "    return -k_shallow / (k_authentic - k_shallow)\n"
        "answer = tipping"
    ),
)

evidence_of_the_loop = evidence_exercise(
    {
        "a": "In the trust loop, the virtuous policy earns more CLV than no personalization.",
        "b": "A cohort's yearly retention follows the sBG with alpha 0.704 and beta 1.18.",
        "c": "DP-SGD matrix factorization at epsilon 1 keeps about 83% of non-private MF's accuracy gain on "
        "MovieLens.",
        "d": "The SEM of notebook 01 gets back a path of 0.61 from understanding to affect where the simulation "
        "put 0.6.",
    },
    {"a": "assumption", "b": "published", "c": "real-data", "d": "recovery"},
)


def largest_swing_question(tornado: pd.DataFrame) -> Exercise:
    """Q4: the assumed link with the largest CLV swing in the notebook's tornado table."""
    if not isinstance(tornado, pd.DataFrame) or "swing" not in tornado.columns or tornado.empty:
        raise TypeError("tornado must be the table trust_loop.tornado_table returned")
    expected = str(tornado["swing"].abs().idxmax())
    return Exercise(
        "In the tornado of section 7, which assumed link moves the CLV advantage the most?",
        expected=expected,
        hint="The table is sorted by the absolute swing; the figure puts the largest bar on top.",
        solution="answer = tornado['swing'].abs().idxmax()",
    )


def forgiving_users_question(params) -> Exercise:
    """Q5: the tipping accuracy when the assumed disappointment is 0.05."""
    _check_params(params)
    return Exercise(
        "With params.vary(disappointment=0.05), what is the new tipping accuracy a*?",
        expected=trust_loop.tipping_accuracy(params.vary(disappointment=0.05)),
        tolerance=0.01,
        hint="params.vary returns a copy with one link's value replaced; hand it to trust_loop.tipping_accuracy.",
        solution="answer = trust_loop.tipping_accuracy(params.vary(disappointment=0.05))",
    )
