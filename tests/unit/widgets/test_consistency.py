"""The calibration widget's view: its numbers follow lambda and it refuses what it cannot draw."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import consistency
from helpers.widgets import consistency as widget


@pytest.fixture(scope="module")
def case():
    rng = np.random.default_rng(1)
    rows = [
        (u, i, float(rng.integers(1, 6)))
        for u in range(1, 21)
        for i in rng.choice(np.arange(1, 31), 12, replace=False)
    ]
    frame = pd.DataFrame(rows, columns=["user_id", "item_id", "rating"])
    test = frame.sample(frac=0.25, random_state=0)
    train = frame.drop(test.index)
    genres = pd.DataFrame(np.eye(3)[rng.integers(0, 3, 30)], index=np.arange(1, 31), columns=["X", "Y", "Z"])
    model = consistency.make_model("most_popular").fit(train)
    users = np.sort(test.loc[test["rating"] >= 4, "user_id"].unique())
    return consistency.calibration_case(model, train, test, genres, users, n_candidates=15)


def test_view_returns_a_figure_and_its_numbers(case):
    fig, stats = widget.calibration_view(case, 0.0)
    assert isinstance(fig, plt.Figure)
    assert stats["precision_cost"] == 0.0 and len(stats["top_items"]) == 10
    plt.close(fig)
    fig, high = widget.calibration_view(case, 0.99, user_id=int(case.users[3]))
    assert high["miscalibration"] <= stats["miscalibration"]
    plt.close(fig)


def test_view_refuses_bad_input(case):
    with pytest.raises(ValueError):
        widget.calibration_view(case, 1.5)
    with pytest.raises(ValueError):
        widget.calibration_view(case, 0.5, user_id=999)
    with pytest.raises(TypeError):
        widget.calibration_view("case", 0.5)


def test_widget_builds(case):
    pytest.importorskip("ipywidgets")
    assert widget.calibration_widget(case) is not None
