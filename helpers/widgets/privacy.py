"""Widget of notebook 04: one epsilon slider showing the noise on a rating, each method's RMSE and the
membership-inference attack's success, all read from curves computed beforehand (the widget is instant)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from .. import privacy
from .view import FigureView


def _order(labels) -> list[str]:
    return sorted(labels, key=lambda e: math.inf if e == "inf" else float(e))


def epsilon_view(grid: pd.DataFrame, epsilon: str, nonprivate_rmse: float | None = None,
                 rating_range: float = 4.0) -> tuple[plt.Figure, dict]:  # fmt: skip
    """Three panels at one epsilon: the Laplace noise added to one rating (sensitivity ``rating_range``),
    the mean RMSE of each method over seeds, and the attack's AUC.

    ``grid`` is the output of :func:`helpers.privacy.privacy_utility_grid`; ``epsilon`` one of its labels.
    Returns the figure and the numbers it shows.
    """
    if grid.empty:
        raise ValueError("the grid is empty: run privacy.privacy_utility_grid first")
    labels = _order(grid["epsilon"].unique())
    if epsilon not in labels:
        raise ValueError(f"epsilon {epsilon!r} is not in the grid; choose one of {labels}")
    at = grid[grid["epsilon"] == epsilon].groupby("method")[["rmse", "mia_auc"]].mean()
    at = at.reindex([m for m in privacy.METHODS if m in at.index])
    eps = math.inf if epsilon == "inf" else float(epsilon)
    scale = 0.0 if eps == math.inf else rating_range / eps
    numbers = {
        "epsilon": epsilon,
        "laplace_scale": round(scale, 4),
        "noise_sd": round(math.sqrt(2) * scale, 4),
        "rmse": {m: round(float(v), 4) for m, v in at["rmse"].items()},
        "mia_auc": {m: round(float(v), 4) for m, v in at["mia_auc"].items()},
        "best_private": str(at["rmse"].drop("dp_global_mean", errors="ignore").idxmin()),
    }
    colors = dict(zip(privacy.METHODS, sns.color_palette("colorblind", len(privacy.METHODS))))
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    x = np.linspace(-6, 6, 601)
    if scale > 0:
        axes[0].plot(x, np.exp(-np.abs(x) / scale) / (2 * scale), color=colors["input_perturbation"])
        axes[0].fill_between(
            x, np.exp(-np.abs(x) / scale) / (2 * scale), alpha=0.3, color=colors["input_perturbation"]
        )
    else:
        axes[0].axvline(0, color=colors["input_perturbation"])
    axes[0].set(xlabel="noise added to one rating (stars)", ylabel="density",
                title=f"Laplace noise, sd {numbers['noise_sd']:.2f} stars")  # fmt: skip
    names = [privacy.METHOD_LABELS[m].split(" (")[0] for m in at.index]
    axes[1].barh(names, at["rmse"], color=[colors[m] for m in at.index])
    if nonprivate_rmse is not None:
        axes[1].axvline(nonprivate_rmse, color="black", ls="--", label="non-private MF")
        axes[1].legend(loc="lower right")
    axes[1].set(xlabel="test RMSE (stars)", xlim=(0.85, max(1.3, float(at["rmse"].max()) + 0.05)),
                title=f"epsilon = {epsilon}: best is {names[list(at.index).index(numbers['best_private'])]}")  # fmt: skip
    axes[2].barh(names, at["mia_auc"], color=[colors[m] for m in at.index])
    axes[2].axvline(0.5, color="black", ls=":", label="guessing")
    axes[2].set(xlabel="membership-inference AUC", xlim=(0.45, 0.6), title="Attack success")
    axes[2].legend(loc="lower right")
    axes[2].set_yticklabels([])
    fig.tight_layout()
    return fig, numbers


def epsilon_widget(grid: pd.DataFrame, nonprivate_rmse: float | None = None):
    """A slider over the grid's epsilons redrawing :func:`epsilon_view` (precomputed: no refitting).

    The view is a :class:`~helpers.widgets.view.FigureView` (no ``Output`` widget; see that module).
    """
    import ipywidgets as w

    labels = _order(grid["epsilon"].unique())
    slider = w.SelectionSlider(options=labels, value=labels[len(labels) // 2], description="epsilon",
                               continuous_update=False)  # fmt: skip
    view = FigureView()

    def redraw(change=None):
        fig, numbers = epsilon_view(grid, slider.value, nonprivate_rmse)
        best = privacy.METHOD_LABELS[numbers["best_private"]]
        view.show(fig, f"Laplace noise on one rating: sd {numbers['noise_sd']:.2f} stars; "
                       f"best private method: {best} (RMSE {numbers['rmse'][numbers['best_private']]:.3f})")  # fmt: skip

    slider.observe(redraw, names="value")
    redraw()
    return w.VBox([slider, view.widget])
