"""helpers.widgets.start_here: the view of notebook 00's widget and the widget redrawing it."""

import pandas as pd
import pytest

from helpers.widgets import start_here

RATINGS = pd.DataFrame({"user_id": [1, 1, 1, 2, 3], "item_id": [1, 2, 3, 1, 1], "rating": [5, 4, 3, 2, 1]})


def test_active_users_view_reports_what_it_draws():
    fig, stats = start_here.active_users_view(RATINGS, 2)
    assert stats == {"users_kept": 1, "ratings_kept": 3, "mean_rating": 4.0}
    assert fig.axes[0].get_xlabel() == "rating (stars)"


def test_start_here_widget_redraws_caption_and_figure_when_the_slider_moves():
    ratings = pd.DataFrame(
        {"user_id": [1] * 25 + [2] * 40, "item_id": range(65), "rating": [4] * 25 + [2] * 40}
    )
    box = start_here.active_users_widget(ratings)
    slider, view = box.children
    caption, image = view.children
    first = image.value
    assert "users kept: 2, ratings kept: 65" in caption.value and first[:4] == b"\x89PNG"
    slider.value = 30
    assert "users kept: 1, ratings kept: 40" in caption.value and image.value != first


@pytest.mark.parametrize("min_ratings", [0, -1, 2.5, "20", None])
def test_the_view_refuses_a_bad_minimum(min_ratings):
    with pytest.raises((ValueError, TypeError), match="min_ratings"):
        start_here.active_users_view(RATINGS, min_ratings)


def test_the_widget_refuses_a_frame_without_ratings():
    with pytest.raises(ValueError, match="lacks columns"):
        start_here.active_users_widget(RATINGS.drop(columns="rating"))
