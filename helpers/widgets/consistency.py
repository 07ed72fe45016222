"""Widget of notebook 03: a calibration slider (Steck's lambda) showing one user's top 10, its genre mix
against the user's profile, and what the re-ranking costs in precision@10 over all users of the case."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import recsys
from .._validation import check_probability
from ..consistency import CalibrationCase
from .view import FigureView

__all__ = ["calibration_view", "calibration_widget"]


def _row(case: CalibrationCase, user_id) -> int:
    rows = np.flatnonzero(case.users == user_id)
    if rows.size == 0:
        raise ValueError(f"user {user_id!r} is not among the case's users; pick one of case.users")
    return int(rows[0])


def calibration_view(case: CalibrationCase, lam: float, user_id=None, k: int = 10) -> tuple[plt.Figure, dict]:
    """Two panels at trade-off ``lam``: the genre mix of ``user_id``'s top ``k`` beside their profile, and the
    precision@10 of everyone's calibrated lists against ``lam = 0``. Returns the figure and its numbers."""
    if not isinstance(case, CalibrationCase):
        raise TypeError("case must be a consistency.CalibrationCase (see consistency.calibration_case)")
    lam = check_probability(lam, "lam")
    row = 0 if user_id is None else _row(case, user_id)
    lists, plain = case.rerank(lam, k), case.rerank(0.0, k)
    now, before = case.measure(lists, k), case.measure(plain, k)
    q = recsys.genre_distribution(lists[row], case.genres)
    p = case.profiles[row]
    kl = float(recsys.calibration_kl(p, q))
    shown = np.flatnonzero((p > 0.01) | (q > 0.01))
    names = case.genres.columns[shown]
    stats = {
        "lambda": round(lam, 3),
        "user_id": int(case.users[row]),
        "user_miscalibration": round(kl, 3),
        "miscalibration": round(now["miscalibration"], 3),
        "precision_at_10": round(now["precision_at_10"], 4),
        "precision_cost": round(before["precision_at_10"] - now["precision_at_10"], 4),
        "top_items": [int(i) for i in lists[row]],
    }
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [2.2, 1]})
    x = np.arange(shown.size)
    axes[0].bar(x - 0.2, p[shown], 0.4, label="profile (training ratings)")
    axes[0].bar(x + 0.2, q[shown], 0.4, label=f"top {k} at λ = {lam:.2f}")
    axes[0].set_xticks(x, names, rotation=45, ha="right")
    axes[0].set(ylabel="share of genre mass", title=f"user {stats['user_id']}: miscalibration {kl:.2f} nats")
    axes[0].legend()
    axes[1].bar(
        ["λ = 0", f"λ = {lam:.2f}"], [before["precision_at_10"], now["precision_at_10"]], color=["C7", "C1"]
    )
    axes[1].set(
        ylabel="precision@10 (all users of the case)",
        title=f"precision cost {stats['precision_cost']:+.3f}",
    )
    fig.tight_layout()
    return fig, stats


def calibration_widget(case: CalibrationCase, user_id=None, k: int = 10):
    """A ``lambda`` slider and a user dropdown redrawing :func:`calibration_view`."""
    import ipywidgets as w

    if not isinstance(case, CalibrationCase):
        raise TypeError("case must be a consistency.CalibrationCase (see consistency.calibration_case)")
    start = int(case.users[0] if user_id is None else case.users[_row(case, user_id)])
    slider = w.FloatSlider(
        value=0.0, min=0.0, max=0.99, step=0.01, description="lambda", continuous_update=False
    )
    users = w.Dropdown(options=[int(u) for u in case.users], value=start, description="user")
    view = FigureView()

    def redraw(change=None):
        fig, stats = calibration_view(case, slider.value, users.value, k)
        view.show(
            fig,
            f"lambda {stats['lambda']:.2f}: user {stats['user_id']} miscalibration {stats['user_miscalibration']:.3f}; "
            f"precision@10 {stats['precision_at_10']:.4f} (cost {stats['precision_cost']:+.4f})",
        )

    slider.observe(redraw, names="value")
    users.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([slider, users]), view.widget])
