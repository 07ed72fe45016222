"""Exercises of notebook 05 (measuring loyalty). The notebook shows each question and calls ``check``; the
expected answers, checks and solutions live here, out of the student's sight.

Each solution is Python that assigns ``answer`` in the notebook's namespace, so a test can run it and check it.
"""

from __future__ import annotations

import numpy as np

from ..evidence import EVIDENCE_KINDS
from ..loyalty import SBGResult
from ..loyalty.models.base import RepeatBuyingResult
from .core import Exercise

__all__ = ["evidence_of_hazard_ratio", "nps_from_counts", "p_alive_question", "sbg_survival_function"]

nps_from_counts = Exercise(
    "A survey gets 120 promoters, 50 passives and 30 detractors. What is the NPS, in points?",
    expected=45.0,
    tolerance=0.05,
    hint="Turn the counts into shares of everyone who answered (passives included), then apply the definition "
    "of NPS from section 1; the answer is in points, not a share.",
    solution="answer = 100 * (120 - 30) / (120 + 50 + 30)",
)

# (alpha, beta, t) at which a student's function is compared with the model; includes t = 0 and a long horizon
_SBG_CASES = [(0.704, 1.182, 0), (0.704, 1.182, 1), (0.704, 1.182, 7), (0.668, 3.806, 12), (2.0, 0.5, 30)]


def _check_sbg_function(answer) -> str | None:
    if answer is None or answer is Ellipsis:
        return "no answer yet: define sbg_survival and set answer = sbg_survival"
    if not callable(answer):
        return f"answer must be your function itself (answer = sbg_survival), got a {type(answer).__name__}"
    for alpha, beta, t in _SBG_CASES:
        try:
            value = float(answer(alpha, beta, t))
        except Exception as error:  # noqa: BLE001 -- a student's function may fail in any way: say how
            return f"sbg_survival({alpha}, {beta}, {t}) raised {type(error).__name__}: {error}"
        target = float(SBGResult(alpha, beta).survival(t))
        if not np.isfinite(value):
            return f"sbg_survival({alpha}, {beta}, {t}) is not a finite number"
        if value > 1.0 + 1e-9:
            return "a share alive cannot exceed 1: return a share (0..1), not a percentage"
        if abs(value - target) > 1e-6:
            if t == 0:
                return "at t = 0 the whole cohort is alive: check your starting value"
            return f"sbg_survival({alpha}, {beta}, {t}) is off: check the retention rate of period t and the product"
    return None


sbg_survival_function = Exercise(
    "Write a function sbg_survival(alpha, beta, t) that returns the share of a cohort still a customer after t "
    "renewal periods under the sBG model, using only its retention rates r_t = (beta + t - 1) / "
    "(alpha + beta + t - 1), and set answer = sbg_survival.",
    checker=_check_sbg_function,
    hint="Nobody has left at t = 0. Each later period keeps a fraction r_t of those still there, so the "
    "survival after t periods is a running product; numpy's prod of an empty array is 1.",
    solution=(
        "def sbg_survival(alpha, beta, t):\n"
        "    periods = np.arange(1, t + 1)\n"
        "    return float(np.prod((beta + periods - 1) / (alpha + beta + periods - 1)))\n"
        "answer = sbg_survival"
    ),
)

_EVIDENCE_HINTS = {
    "published": "no paper reports this hazard ratio: the number was computed in this notebook",
    "real-data": "ask where the customers in section 5 came from: were they people, or rows a generator drew?",
    "assumption": "the hazard ratio is estimated from data and comes with an interval; an assumption would be "
    "a modelling choice nobody estimated",
}


def _check_evidence(answer) -> str | None:
    if answer is None or answer is Ellipsis:
        return "no answer yet: replace the ... with one of " + ", ".join(repr(k) for k in EVIDENCE_KINDS)
    if not isinstance(answer, str) or answer.strip().lower() not in EVIDENCE_KINDS:
        return "answer with one of " + ", ".join(repr(k) for k in EVIDENCE_KINDS)
    kind = answer.strip().lower()
    return None if kind == "recovery" else _EVIDENCE_HINTS[kind]


evidence_of_hazard_ratio = Exercise(
    "Section 5 estimates a churn hazard ratio below 1 for personalization, with a 95% interval that "
    "covers 0.7. Which kind of evidence is this for the statement 'personalization lowers churn': "
    "'published', 'real-data', 'recovery' or 'assumption'?",
    checker=_check_evidence,
    hint="Read the list of what personalization does 'by construction' at the start of section 5, then the "
    "definitions of the four kinds in the claims ledger.",
    solution="answer = 'recovery'  # the simulation put a hazard ratio of 0.7 in; Cox recovers it. "
    "It checks the method, and says nothing about real customers.",
)


def p_alive_question(bgnbd) -> Exercise:
    """The P(alive) question for the notebook's own BG/NBD fit (the expected value is computed from it here,
    not shown in the notebook)."""
    if not isinstance(bgnbd, RepeatBuyingResult):
        raise TypeError(f"bgnbd must be a fitted BG/NBD result, got {type(bgnbd).__name__}")
    expected = float(bgnbd.p_alive([2], [30.43], [38.86])[0])
    return Exercise(
        "Customer 1 of the CDNOW sample made 2 repeat purchases, the last in week 30.43, and was observed for "
        "38.86 weeks. Under our BG/NBD fit, what is the probability that this customer is still alive?",
        expected=expected,
        tolerance=0.005,
        hint="The fitted model has a method for exactly this, taking frequency, recency and T; it works on "
        "arrays, so pass one-element lists and take the single value out.",
        solution="answer = float(bgnbd.p_alive([2], [30.43], [38.86])[0])",
    )
