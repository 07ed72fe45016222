"""Widget of notebook 02: a scrutability control panel. A user withdraws ratings or excludes genres and sees
the item-based recommendations and their "because you rated X" explanations update. Views and controls only:
what changes is computed by :func:`helpers.explain.control_effect`."""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import pandas as pd

from .. import explain
from .view import FigureView


def _label(row) -> str:
    title = row.get("title", row["item_id"])
    because = row.get("because_title", row["because_item_id"])
    reason = (
        f"because you rated {because} ({row['because_rating']}*)" if row["explained"] else "no explanation"
    )
    return f"{title}\n  {reason}"


def control_panel_view(
    model: explain.ItemKNN,
    items: pd.DataFrame,
    user_id,
    removed_items: Iterable = (),
    excluded_genres: Iterable[str] = (),
    n: int = 8,
) -> tuple[plt.Figure, dict]:
    """Recommendations of ``user_id`` before and after the user's controls, side by side.

    Returns the figure and the numbers it shows (:func:`helpers.explain.control_effect` as a dict): both
    tables, the titles that entered and left the list, and how many explanations changed.
    """
    effect = explain.control_effect(model, items, user_id, removed_items, excluded_genres, n=n)
    stats = effect.as_dict()
    before, after, entered, left = effect.before, effect.after, effect.entered, effect.left
    removed_items, excluded_genres = effect.removed_items, effect.excluded_genres

    fig, axes = plt.subplots(1, 2, figsize=(13, 0.55 * n + 1.8), sharex=True)
    palette = plt.get_cmap("tab10")
    for ax, table, name in [(axes[0], before, "before"), (axes[1], after, "after your changes")]:
        y = range(len(table))[::-1]
        new = table["title"].isin(entered) if name != "before" else table["title"].isin(left)
        colors = [palette(1) if flag else palette(0) for flag in new]
        ax.barh(list(y), table["predicted_rating"], color=colors, alpha=0.35)
        for yi, (_, row) in zip(y, table.iterrows()):
            ax.text(1.05, yi, _label(row), va="center", fontsize=7.5)
        ax.set(
            xlim=(1, 5.2),
            yticks=[],
            xlabel="predicted rating (stars)",
            title=name + (" (orange: leaves the list)" if name == "before" else " (orange: new in the list)"),
        )
    controls = []
    if removed_items:
        titles = items["title"].reindex(removed_items).fillna("?").tolist()
        controls.append("removed ratings: " + ", ".join(titles))
    if excluded_genres:
        controls.append("excluded genres: " + ", ".join(excluded_genres))
    fig.suptitle(
        f"User {user_id}: {len(entered)} of {n} recommendations change"
        + (f" ({'; '.join(controls)})" if controls else ""),
        fontsize=10,
        fontweight="bold",
    )
    fig.tight_layout()
    return fig, stats


def control_panel_widget(model: explain.ItemKNN, items: pd.DataFrame, user_id=1, n: int = 8):
    """Pick a user, tick ratings to withdraw and genres to exclude; the view redraws on every change."""
    import ipywidgets as w

    from ..datasets import GENRES

    user = w.BoundedIntText(
        value=int(user_id), min=int(model.user_ids.min()), max=int(model.user_ids.max()), description="user"
    )
    ratings = w.SelectMultiple(description="withdraw", rows=8, layout=w.Layout(width="420px"))
    genres = w.SelectMultiple(options=GENRES, description="exclude", rows=8)
    view = FigureView()

    def refill(change=None):
        rated = explain.rated_items(model, user.value, limit=40)
        ratings.options = [
            (f"{items['title'].get(i, i)} ({int(r)}*)", int(i))
            for i, r in zip(rated["item_id"], rated["rating"])
        ]
        ratings.value = ()

    def redraw(change=None):
        try:
            fig, stats = control_panel_view(model, items, user.value, ratings.value, genres.value, n=n)
        except ValueError as err:
            view.message(f"cannot update: {err}")
            return
        view.show(fig, f"entered: {stats['entered']}\nleft: {stats['left']}")

    user.observe(lambda change: (refill(), redraw()), names="value")
    ratings.observe(redraw, names="value")
    genres.observe(redraw, names="value")
    refill()
    redraw()
    return w.VBox([user, w.HBox([ratings, genres]), view.widget])
