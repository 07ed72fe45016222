"""Widget of notebook 04: one epsilon slider showing the noise on a rating, each method's RMSE (grouped by
privacy unit, beside its own non-private version) and the membership-inference attack's success, all read
from curves computed beforehand (the widget is instant).

Views and controls only: the numbers come from :mod:`helpers.privacy` (:func:`~helpers.privacy.rating_noise`,
:func:`~helpers.privacy.means_at_epsilon`, :func:`~helpers.privacy.best_private_method`)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from .. import privacy
from .._validation import check_positive_finite
from .view import FigureView

__all__ = ["epsilon_view", "epsilon_widget"]


def _check_reference(nonprivate_rmse) -> float | None:
    return None if nonprivate_rmse is None else check_positive_finite(nonprivate_rmse, "nonprivate_rmse")


def _unit_order(methods) -> list:
    """Methods grouped by privacy unit (weakest unit first), in catalogue order within a unit."""
    return sorted(
        methods, key=lambda m: (privacy.UNITS.index(privacy.PRIVACY_UNIT[m]), privacy.METHODS.index(m))
    )


def epsilon_view(
    grid: pd.DataFrame,
    epsilon: str,
    nonprivate_rmse: float | None = None,
    rating_scale: tuple[float, float] = privacy.RATING_SCALE,
) -> tuple[plt.Figure, dict]:
    """Three panels at one epsilon: the Laplace noise input perturbation adds to one rating on
    ``rating_scale`` (:func:`helpers.privacy.rating_noise`), the mean RMSE of each method over seeds grouped
    by privacy unit (a hollow marker at the method's own non-private RMSE, its epsilon = inf point, when the
    grid has one), and the attack's AUC.

    ``grid`` is the output of :func:`helpers.privacy.privacy_utility_grid`; ``epsilon`` one of its labels.
    Returns the figure and the numbers it shows (``privacy_unit``: each method's unit; ``best_by_unit``: the
    best method of each unit at this epsilon, by the grid's RMSE).
    """
    at = privacy.means_at_epsilon(grid, epsilon)
    at = at.reindex(_unit_order(at.index))
    best = privacy.best_private_method(at)
    own = (
        privacy.means_at_epsilon(grid, "inf")["rmse"] if "inf" in privacy.grid_epsilon_labels(grid) else None
    )
    units = [
        u
        for u in privacy.UNITS
        if any(privacy.PRIVACY_UNIT[m] == u for m in at.index if m != "dp_global_mean")
    ]
    nonprivate_rmse = _check_reference(nonprivate_rmse)
    noise = privacy.rating_noise(privacy.epsilon_from_label(epsilon), rating_scale)
    numbers = {
        "epsilon": epsilon,
        "laplace_scale": round(noise.scale, 4),
        "noise_sd": round(noise.sd, 4),
        "rmse": {m: round(float(v), 4) for m, v in at["rmse"].items()},
        "mia_auc": {m: round(float(v), 4) for m, v in at["mia_auc"].items()},
        "best_private": best,
        "privacy_unit": {m: privacy.PRIVACY_UNIT[m] for m in at.index},
        "best_by_unit": {u: privacy.best_private_method(at, u) for u in units},
    }
    colors = dict(zip(privacy.METHODS, sns.color_palette("colorblind", len(privacy.METHODS))))
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    if noise.scale > 0:
        x = np.linspace(-6, 6, 601)
        axes[0].plot(x, noise.density(x), color=colors["input_perturbation"])
        axes[0].fill_between(x, noise.density(x), alpha=0.3, color=colors["input_perturbation"])
    else:
        axes[0].axvline(0, color=colors["input_perturbation"])
    axes[0].set(
        xlabel="noise added to one rating (stars)",
        ylabel="density",
        title=f"Laplace noise, sd {numbers['noise_sd']:.2f} stars",
    )
    short = {"value of a rating": "value", "presence of a rating": "presence", "whole user": "user"}
    names = [
        f"{privacy.METHOD_LABELS[m].split(' (')[0]} [{short[privacy.PRIVACY_UNIT[m]]}]" for m in at.index
    ]
    axes[1].barh(names, at["rmse"], color=[colors[m] for m in at.index])
    if own is not None:
        axes[1].plot(
            own.reindex(at.index), names, "o", mfc="none", color="black", label="same method, no noise"
        )
    if nonprivate_rmse is not None:
        axes[1].axvline(nonprivate_rmse, color="black", ls="--", label="non-private MF")
    if own is not None or nonprivate_rmse is not None:
        axes[1].legend(loc="lower right", fontsize=7)
    axes[1].set(
        xlabel="test RMSE (stars)",
        xlim=(0.85, max(1.3, float(at["rmse"].max()) + 0.05)),
        title=f"epsilon = {epsilon}: best is {names[list(at.index).index(best)]}",
    )
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

    labels = privacy.grid_epsilon_labels(grid)
    nonprivate_rmse = _check_reference(nonprivate_rmse)
    slider = w.SelectionSlider(
        options=labels, value=labels[len(labels) // 2], description="epsilon", continuous_update=False
    )
    view = FigureView()

    def redraw(change=None):
        fig, numbers = epsilon_view(grid, slider.value, nonprivate_rmse)
        best = privacy.METHOD_LABELS[numbers["best_private"]]
        view.show(
            fig,
            f"Laplace noise on one rating: sd {numbers['noise_sd']:.2f} stars; "
            f"best private method: {best} (RMSE {numbers['rmse'][numbers['best_private']]:.3f})",
        )

    slider.observe(redraw, names="value")
    redraw()
    return w.VBox([slider, view.widget])
