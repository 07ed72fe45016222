"""helpers.overview and helpers.sweep: dataset summaries and parameter sweeps."""
import pandas as pd
import pytest

from helpers import overview, sweep
from helpers.widgets import start_here

RATINGS = pd.DataFrame({"user_id": [1, 1, 1, 2, 3], "item_id": [1, 2, 3, 1, 1], "rating": [5, 4, 3, 2, 1]})


def test_long_tail_is_sorted_and_cumulates_to_one():
    tail = overview.activity_long_tail(RATINGS)
    assert tail["ratings"].tolist() == [3, 1, 1]
    assert tail["cumulative_share"].iloc[-1] == pytest.approx(1.0)


def test_share_from_top_users():
    assert overview.share_of_ratings_from_top(RATINGS, 1 / 3) == pytest.approx(0.6)
    with pytest.raises(ValueError, match=r"top_fraction must be in \(0, 1\]"):
        overview.share_of_ratings_from_top(RATINGS, 0)


def test_filter_active_and_its_bad_input():
    assert overview.filter_active(RATINGS, 2)["user_id"].unique().tolist() == [1]
    with pytest.raises(ValueError, match="at least 1"):
        overview.filter_active(RATINGS, 0)
    with pytest.raises(ValueError, match="empty"):
        overview.filter_active(RATINGS.iloc[:0], 1)


def test_active_users_view_reports_what_it_draws():
    fig, stats = start_here.active_users_view(RATINGS, 2)
    assert stats == {"users_kept": 1, "ratings_kept": 3, "mean_rating": 4.0}
    assert fig.axes[0].get_xlabel() == "rating (stars)"


def test_sweep_runs_every_grid_point():
    table = sweep.sweep(lambda a, b: {"sum": a + b}, sweep.grid(a=[1, 2], b=[10]))
    assert table.to_dict("records") == [{"a": 1, "b": 10, "sum": 11}, {"a": 2, "b": 10, "sum": 12}]
    with pytest.raises(ValueError, match="at least one value"):
        sweep.grid(a=[])


def test_start_here_widget_redraws_caption_and_figure_when_the_slider_moves():
    ratings = pd.DataFrame({"user_id": [1] * 25 + [2] * 40, "item_id": range(65), "rating": [4] * 25 + [2] * 40})
    box = start_here.active_users_widget(ratings)
    slider, view = box.children
    caption, image = view.children
    first = image.value
    assert "users kept: 2, ratings kept: 65" in caption.value and first[:4] == b"\x89PNG"
    slider.value = 30
    assert "users kept: 1, ratings kept: 40" in caption.value and image.value != first


def test_figure_view_shows_messages_escaped():
    from helpers.widgets.view import FigureView

    view = FigureView()
    view.message("cannot update: <none>")
    assert "&lt;none&gt;" in view.caption.value
