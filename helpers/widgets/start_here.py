"""Widget of notebook 00: how the MovieLens data change when only active users are kept."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .. import overview
from .view import FigureView

__all__ = ["active_users_view", "active_users_widget"]


def active_users_view(ratings: pd.DataFrame, min_ratings: int) -> tuple[plt.Figure, dict]:
    """Rating distribution of users with at least ``min_ratings`` ratings, beside all users.

    Returns the figure and the numbers it shows (users kept, ratings kept, mean rating), so tests can check
    the view without a browser.
    """
    kept = overview.filter_active(ratings, min_ratings)
    stats = {
        "users_kept": int(kept["user_id"].nunique()),
        "ratings_kept": len(kept),
        "mean_rating": round(float(kept["rating"].mean()), 3),
    }
    shares = pd.DataFrame(
        {
            "all users": ratings["rating"].value_counts(normalize=True),
            f"users with >= {min_ratings} ratings": kept["rating"].value_counts(normalize=True),
        }
    ).sort_index()
    fig, ax = plt.subplots(figsize=(7, 3.8))
    shares.plot.bar(ax=ax, rot=0, width=0.8)
    ax.set(
        xlabel="rating (stars)",
        ylabel="share of ratings",
        title=f"{stats['users_kept']} users kept, mean rating {stats['mean_rating']:.2f}",
    )
    ax.legend(loc="upper left")
    return fig, stats


def active_users_widget(ratings: pd.DataFrame):
    """A slider over the minimum number of ratings per user, redrawing :func:`active_users_view`."""
    import ipywidgets as w

    overview.filter_active(ratings, 1)  # the frame is checked before any widget is built
    slider = w.IntSlider(
        value=20, min=20, max=400, step=10, description="min ratings", continuous_update=False
    )
    view = FigureView()

    def redraw(change=None):
        fig, stats = active_users_view(ratings, slider.value)
        view.show(fig, f"users kept: {stats['users_kept']}, ratings kept: {stats['ratings_kept']}")

    slider.observe(redraw, names="value")
    redraw()
    return w.VBox([slider, view.widget])
