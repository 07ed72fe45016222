"""Exercises of notebook 03 (consistency and over-personalization). The notebook shows each question and calls
``check``; the expected answers, checks and solutions live here, out of the student's sight.

Each solution is Python that assigns ``answer`` in the notebook's namespace, so a test can run it and check it.
"""

from __future__ import annotations

from ..simulate import sessions
from .core import Exercise, evidence_exercise, function_checker

__all__ = [
    "CLAIMS_TO_CLASSIFY",
    "evidence_kinds",
    "item_mean_stability",
    "jaccard_function",
    "kale_steady_state",
]

item_mean_stability = Exercise(
    "Adding 5,000 of the item-mean model's own predictions to its training data and retraining moves its "
    "other predictions by how many stars at most (to 2 decimals)?",
    expected=0.0,
    tolerance=0.005,
    hint="Add a rating equal to an item's mean to that item's ratings: what happens to the mean?",
    solution="answer = 0.0",
)

_DEFAULTS = sessions.ChocKaleParams()
kale_steady_state = Exercise(
    "Under RecSim's defaults (code's sign), what is the steady-state net positive exposure of a user who is "
    "always served kale (clickbait score 0)? Two decimals.",
    expected=sessions.steady_state_exposure(_DEFAULTS, 0.0),
    tolerance=0.01,
    hint="Without noise, a fixed point of NPE = gamma * NPE - 2 (c - 0.5) with c = 0 and gamma = 0.7.",
    solution="answer = 1 / (1 - 0.7)",
)


def _jaccard_reference(a, b):
    a, b = set(a), set(b)
    return len(a & b) / len(a | b)


_CASES = [
    ("two identical lists", ([1, 2, 3], [1, 2, 3])),
    ("two lists in another order", ([1, 2, 3, 4], [4, 3, 2, 1])),
    ("two disjoint lists", ([1, 2], [3, 4])),
    ("two top-10 lists sharing 6 items", (list(range(10)), list(range(4, 14)))),
]
jaccard_function = Exercise(
    "Write a function jaccard(a, b) that returns the Jaccard overlap |A ∩ B| / |A ∪ B| of two lists of item "
    "ids (the share of the items shown in either session that were shown in both), then set answer = jaccard.",
    checker=function_checker(
        "jaccard",
        "answer = jaccard",
        _CASES,
        _jaccard_reference,
        share_of="items shown in both sessions",
        include_zero=True,
        wrong="divide the number of shared items by the number of distinct items in either list",
    ),
    hint="Python sets have & (intersection) and | (union); len() counts them.",
    solution=(
        "def jaccard(a, b):\n    a, b = set(a), set(b)\n    return len(a & b) / len(a | b)\nanswer = jaccard"
    ),
)

CLAIMS_TO_CLASSIFY = {
    "a": "On MovieLens 100K, user-based kNN moves its own predictions more than ALS when 5,000 of them are "
    "added back as ratings.",
    "b": "Model-based recommenders are more stable than neighbourhood methods (Adomavicius & Zhang 2012).",
    "c": "A list that changes more than the user expects lowers their feeling of being understood by 0.5 SD.",
    "d": "Under RecSim's default parameters always-choc earns more engagement per step than always-kale.",
}
_CLAIM_KINDS = {"a": "real-data", "b": "published", "c": "assumption", "d": "recovery"}
evidence_kinds = evidence_exercise(CLAIMS_TO_CLASSIFY, _CLAIM_KINDS)
