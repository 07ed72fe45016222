"""Every public function of helpers.dynamics fails closed: a bad value in any one argument raises a ValueError
or TypeError that says what was wrong."""

import numpy as np
import pandas as pd
import pytest

from helpers import dynamics
from unit.badinput import (
    NEGATIVE,
    NON_FINITE,
    NOT_A_COUNT,
    NOT_A_GENERATOR,
    NOT_A_NUMBER,
    Call,
    assert_fails_closed,
    expand,
    ratings_frame,
)

NAN, INF = float("nan"), float("inf")
RATINGS = ratings_frame(n_users=6, n_items=15)  # every user rated every item: drop some so lists exist
RATINGS = RATINGS[(RATINGS["user_id"] + RATINGS["item_id"]) % 3 != 0].reset_index(drop=True)
GROUPS = pd.Series(["F", "M", "M", "F", "M", "M"], index=range(1, 7))
BAD_FRAMES = [
    None,
    "ratings",
    RATINGS.iloc[:0],
    RATINGS.drop(columns="rating"),
    RATINGS.assign(rating=NAN),
    RATINGS.assign(rating=7.0),  # outside the 1-5 stars
    pd.concat([RATINGS, RATINGS.iloc[:1]]),  # a user rating the same item twice
]
ITEMS = np.arange(1, 16)
GENRES = pd.DataFrame({"comedy": ITEMS % 2 == 0, "drama": ITEMS % 2 == 1}, index=ITEMS)
BAD_GENRES = [
    "genres",
    GENRES.to_numpy(),
    GENRES.iloc[:10],  # items 11-15 have no genres
    GENRES.assign(comedy=False, drama=False),  # no item has a genre
    GENRES.astype(float).assign(drama=-1.0),
    GENRES.astype(float).assign(drama=np.nan),
    GENRES[[]],
]
BAD_GROUPS = [["F"] * 6, "gender", GROUPS.iloc[:3], pd.Series(["F"] * 7, index=[1, 1, 2, 3, 4, 5, 6])]


def run(pop=0.3, util=0.2):
    return {"ideal": {"jaccard": 0.3, "utility": 0.2}, "popularity": {"jaccard": pop, "utility": util}}


CALLS = [
    Call(
        dynamics.chaney_summary,
        {"replications": [run(), run()]},
        {
            "replications": [
                None,
                [],
                run(),  # one dict, not a list of them
                [run(), "run"],
                [{"popularity": {"jaccard": 0.3, "utility": 0.1}}],  # no ideal
                [run(), {"ideal": {"jaccard": 0.3, "utility": 0.2}}],  # recommenders differ
                [run(pop=NAN)],
                [run(util=INF)],
                [run(pop="0.3")],
                [{"ideal": {"jaccard": 0.3, "utility": 0.0}, "popularity": {"jaccard": 0.3, "utility": 0.1}}],
                [{"ideal": {"jaccard": 0.3}, "popularity": {"jaccard": 0.3, "utility": 0.1}}],
            ]
        },
    ),
    Call(
        dynamics.acceptance_probabilities,
        {"list_length": 10, "acceptance_decay": 0.1},
        {"list_length": NOT_A_COUNT + [0], "acceptance_decay": NOT_A_NUMBER + NON_FINITE + NEGATIVE},
    ),
    Call(
        dynamics.popularity_groups,
        {"counts": [5, 3, 1, 1]},
        {
            "counts": [None, "5, 3", [], [NAN, 1.0], [-1.0, 2.0], [0.0, 0.0], [[1.0, 2.0]]],
            "head_share": NOT_A_NUMBER + [0.0, 1.0, 0.9],
            "tail_share": NOT_A_NUMBER + [0.0, -0.2, 1.0],
        },
    ),
    Call(
        dynamics.popularity_miscalibration,
        {"profile_groups": np.ones((2, 3)), "list_groups": np.ones((2, 3))},
        {
            "profile_groups": [
                None,
                np.ones((2, 2)),
                np.ones((3, 3)),
                np.zeros((2, 3)),
                -np.ones((2, 3)),
                [1, 2, 3],
            ],
            "list_groups": [np.full((2, 3), NAN), np.ones(3), np.zeros((2, 3))],
        },
    ),
    Call(
        dynamics.popularity_feedback_loop,
        {
            "train": RATINGS,
            "algorithm": "most_popular",
            "n_iterations": 1,
            "rng": 0,
            "user_groups": GROUPS,
            "item_genres": GENRES,
        },
        {
            "train": BAD_FRAMES,
            "algorithm": ["MostPopular", "", None, "random"],
            "n_iterations": NOT_A_COUNT + [0],
            "list_length": NOT_A_COUNT + [0, 15],  # 15 items: a list as long as the catalogue is refused
            "acceptance_decay": NOT_A_NUMBER + NON_FINITE + NEGATIVE,
            "rng": NOT_A_GENERATOR,
            "user_groups": BAD_GROUPS,
            "model_params": ["k=5", [("k", 5)], {"k": 0}, {"no_such_argument": 1}],
            "item_genres": BAD_GENRES,
        },
    ),
    Call(
        dynamics.popularity_loop_task,
        {"train": RATINGS, "algorithm": "most_popular", "n_iterations": 1, "rng": 0},
        {
            "train": BAD_FRAMES[:3],
            "algorithm": ["pop", None],
            "rng": NOT_A_GENERATOR,
            "n_iterations": [0, 1.5],
        },
    ),
]


@pytest.mark.parametrize("call, argument, value", expand(CALLS))
def test_public_functions_fail_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


def test_every_valid_call_in_the_registry_runs():
    for call in CALLS:
        call.func(**call.kwargs)


EXEMPT = {"FeedbackLoopResult": "a frozen record of results, built only by popularity_feedback_loop"}


def test_every_public_callable_is_in_the_registry():
    covered = {call.func.__name__ for call in CALLS} | set(EXEMPT)
    public = {name for name in dynamics.__all__ if callable(getattr(dynamics, name))}
    assert public <= covered


def test_a_group_label_missing_for_a_user_is_named():
    with pytest.raises(ValueError, match="no label for users"):
        dynamics.popularity_feedback_loop(
            RATINGS, "most_popular", n_iterations=1, rng=0, user_groups=GROUPS.iloc[1:]
        )
