"""Notebook 00's exercises: reading the two datasets, writing a first function, and telling kinds of evidence apart.

The expected answers are derived here from the data the notebook passes in (never typed beside the question),
so the notebook shows only the questions and ``q.check(answer)``::

    q1, q2, q3, q4 = make_exercises(ratings, transactions)

Each solution is a short piece of code that sets ``answer``; the notebook test runs every solution through its
own check.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from .. import overview
from .._validation import check_frame
from .core import Exercise, evidence_exercise, function_checker

__all__ = ["CLAIMS_TO_CLASSIFY", "StartHereExercises", "make_exercises"]

# Q4: four statements from the course; the student says which kind of evidence stands behind each.
CLAIMS_TO_CLASSIFY = {
    "a": "In MovieLens 100K, the most active tenth of users gave about a third of all ratings.",
    "b": "Fitted to the CDNOW sample, the BG/NBD model gives r = 0.243, alpha = 4.41, the values Fader, "
    "Hardie & Lee (2005) print in their paper.",
    "c": "In a simulated study built with an indirect effect of 0.3, the mediation analysis estimates about 0.3.",
    "d": "A 5-star rating is read as the user feeling understood by the recommendation.",
}
_CLAIM_KINDS = {"a": "real-data", "b": "published", "c": "recovery", "d": "assumption"}


class StartHereExercises(NamedTuple):
    q1: Exercise
    q2: Exercise
    q3: Exercise
    q4: Exercise


def _share_of_five_stars(ratings: pd.DataFrame) -> Exercise:
    return Exercise(
        "What share of all MovieLens ratings are 5 stars? Answer as a share between 0 and 1.",
        expected=float((ratings["rating"] == 5).mean()),
        tolerance=0.001,
        hint="A comparison of a column with a number gives True/False per row; what is the mean of those?",
        solution="answer = (ratings['rating'] == 5).mean()",
    )


def _repeat_customers(transactions: pd.DataFrame) -> Exercise:
    return Exercise(
        "How many CDNOW customers (master file, `transactions`) made more than one purchase?",
        expected=int((transactions.groupby("customer_id").size() > 1).sum()),
        tolerance=0,
        hint="One row is one purchase: count the rows of each customer first, then count the customers.",
        solution="answer = int((transactions.groupby('customer_id').size() > 1).sum())",
    )


# Small frames the function of Q3 must also get right (ties, one user, rounding of the number kept).
_TOY_FRAMES = [
    pd.DataFrame({"user_id": [1, 1, 1, 2, 3], "rating": [5, 4, 3, 2, 1]}),
    pd.DataFrame({"user_id": [7] * 4, "rating": [3] * 4}),
    pd.DataFrame({"user_id": [1, 2, 2, 3, 3, 3, 4, 4, 4, 4], "rating": 3}),
]


def _top_share_checker(ratings: pd.DataFrame):
    cases = [
        (f"a small test frame with fraction={fraction}", (frame, fraction))
        for frame in _TOY_FRAMES
        for fraction in (0.25, 0.5, 1.0)
    ]
    cases += [
        (f"the MovieLens ratings with fraction={fraction}", (ratings, fraction)) for fraction in (0.1, 0.01)
    ]
    return function_checker(
        "top_share(ratings, fraction)",
        "q3.check(top_share)",
        cases,
        overview.share_of_ratings_from_top,
        share_of="ratings",
        include_zero=False,
        wrong="check the sort order, how many users you keep (round(fraction * number of users), at least "
        "one) and what you divide by",
    )


def _top_share(ratings: pd.DataFrame) -> Exercise:
    return Exercise(
        "Write top_share(ratings, fraction): the share of all ratings given by the most active users, keeping "
        "round(fraction * number of users) of them (at least one). Pass the function to q3.check.",
        checker=_top_share_checker(ratings),
        hint="Count ratings per user with groupby and size, sort the counts from largest to smallest, and "
        "compare the sum of the first few with the total.",
        solution=(
            "def top_share(ratings, fraction):\n"
            "    counts = ratings.groupby('user_id').size().sort_values(ascending=False)\n"
            "    kept = max(1, round(fraction * len(counts)))\n"
            "    return counts.iloc[:kept].sum() / counts.sum()\n"
            "answer = top_share"
        ),
    )


def make_exercises(ratings: pd.DataFrame, transactions: pd.DataFrame) -> StartHereExercises:
    """The four exercises of notebook 00, with answers derived from MovieLens ``ratings`` and CDNOW
    ``transactions`` (the frames ``helpers.datasets`` loads)."""
    check_frame(ratings, ["user_id", "rating"], "the ratings frame")
    check_frame(transactions, ["customer_id"], "the transactions frame")
    return StartHereExercises(
        _share_of_five_stars(ratings),
        _repeat_customers(transactions),
        _top_share(ratings),
        evidence_exercise(CLAIMS_TO_CLASSIFY, _CLAIM_KINDS),
    )
