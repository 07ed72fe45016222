"""helpers.explain and its widget view fail closed on bad input (ValueError or TypeError naming the argument)."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from helpers import explain
from unit.badinput import NOT_A_COUNT, NOT_A_NUMBER, Call, assert_fails_closed, expand

matplotlib.use("Agg")


def toy_ratings():
    rows = (
        [(u, 10, 5) for u in range(1, 5)]
        + [(u, 11, 5) for u in range(1, 5)]
        + [(u, 12, 1) for u in range(1, 5)]
        + [(u, 13, 2) for u in range(1, 5)]
        + [(5, 10, 5), (5, 12, 1), (5, 13, 2)]
    )
    return pd.DataFrame(rows, columns=["user_id", "item_id", "rating"])


MODEL = explain.fit_item_knn(toy_ratings(), k=3, shrinkage=0, min_support=1, damping=0)
ITEMS = pd.DataFrame(
    {
        "title": ["a", "b", "c", "d"],
        "Drama": [True, False, False, True],
        "Comedy": [False, True, True, False],
    },
    index=pd.Index([10, 11, 12, 13], name="item_id"),
)
NOT_A_MODEL = [None, "model", toy_ratings(), explain.ItemKNN()]


def _view(**kwargs):
    import matplotlib.pyplot as plt

    from helpers.widgets.transparency import control_panel_view

    fig, stats = control_panel_view(**kwargs)
    plt.close(fig)
    return stats


_view.__name__ = "control_panel_view"

CALLS = [
    Call(
        explain.recommend,
        {"model": MODEL, "user_id": 5, "n": 1},
        {
            "model": NOT_A_MODEL,
            "user_id": [99, None, [5]],
            "n": NOT_A_COUNT + [0, 5],
            "removed_items": ["10", [99], [11]],
            "excluded_genres": ["Drama", ["Horror"]],
            "items": ["x", ITEMS.drop(columns="title")],
            "exclude_items": [[99]],
            "liked": NOT_A_NUMBER,
        },
    ),
    Call(
        explain.explain,
        {"model": MODEL, "user_id": 5, "item_id": 11},
        {
            "model": NOT_A_MODEL,
            "user_id": [99],
            "item_id": [99, [11, 10]],
            "top": NOT_A_COUNT + [0],
            "items": [3],
        },
    ),
    Call(
        explain.rated_items,
        {"model": MODEL, "user_id": 5},
        {"model": NOT_A_MODEL, "user_id": [99], "limit": NOT_A_COUNT + [0], "items": ["titles"]},
    ),
    Call(
        explain.control_effect,
        {"model": MODEL, "items": ITEMS, "user_id": 5, "excluded_genres": ["Comedy"], "n": 1},
        {
            "model": NOT_A_MODEL,
            "items": [None, ITEMS.drop(columns="title")],
            "user_id": [99],
            "removed_items": ["10", [13, 99]],
            "excluded_genres": ["Comedy", ["Western"]],
            "n": NOT_A_COUNT + [0],
        },
    ),
    Call(
        explain.explanation_quality,
        {"model": MODEL, "n": 1},
        {
            "model": NOT_A_MODEL,
            "n": NOT_A_COUNT + [0],
            "users": [[], [99], "5"],
            "chunk": NOT_A_COUNT + [0],
            "recommender": ["knn", None],
            "liked": NOT_A_NUMBER,
        },
    ),
    Call(
        _view,
        {"model": MODEL, "items": ITEMS, "user_id": 5, "n": 1},
        {
            "model": NOT_A_MODEL,
            "items": [None],
            "user_id": [99],
            "excluded_genres": ["Drama"],
            "n": NOT_A_COUNT,
        },
    ),
]

EXEMPT = {
    "ItemKNN": "the model class of helpers.recsys, fed bad input in tests/unit/recsys/test_bad_input.py",
    "fit_item_knn": "re-exported from helpers.recsys, fed bad input in tests/unit/recsys/test_bad_input.py",
    "ControlEffect": "a plain result container returned by control_effect",
    "ExplanationQuality": "a plain result container returned by explanation_quality",
}


def test_every_public_name_is_covered():
    covered = {call.func.__name__ for call in CALLS} | set(EXEMPT)
    assert set(explain.__all__) <= covered


@pytest.mark.parametrize(("call", "argument", "value"), expand(CALLS))
def test_fails_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


@pytest.mark.parametrize("call", CALLS, ids=lambda call: call.func.__name__)
def test_the_valid_call_succeeds(call):
    call.func(**call.kwargs)


def test_an_unknown_user_is_named():
    with pytest.raises(KeyError, match="user 99 is not in the ratings data"):
        explain.recommend(MODEL, 99, n=1)


def test_n_beyond_the_catalogue_is_refused():
    with pytest.raises(ValueError, match="at most 4"):
        explain.recommend(MODEL, 5, n=5)


def test_the_widget_builds_for_a_valid_user():
    pytest.importorskip("ipywidgets")
    from helpers.widgets.transparency import control_panel_widget

    widget = control_panel_widget(MODEL, ITEMS, user_id=5, n=1)
    assert widget.children


def test_an_unfitted_model_is_refused():
    with pytest.raises(ValueError, match="fit"):
        explain.recommend(explain.ItemKNN(), 5)


def test_control_view_numbers_are_plain():
    stats = _view(model=MODEL, items=ITEMS, user_id=5, n=1)
    assert isinstance(stats["explanations_changed"], int) and np.ndim(stats["entered"]) == 1
