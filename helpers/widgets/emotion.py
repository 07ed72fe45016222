"""Widget of notebook 01: how deep personalization and a user's privacy concern shape the predicted trust.

Views and controls only: :func:`predicted_trust` hands over the model's distribution of emotional and
cognitive trust and of intention for one setting (computed by the study's generator,
:meth:`helpers.simulate.emotion.EmotionStudyParams.implied_trust`); :func:`trust_view` draws it beside the
same user without personalization (depth 0) and, for a concerned or unconcerned user, a user of average
concern at the same depth; :func:`trust_widget` puts two sliders in front of the view.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from scipy import stats

from .._validation import check_array
from ..simulate.emotion import EmotionStudyParams
from .view import FigureView

__all__ = ["OUTCOMES", "predicted_trust", "trust_caption", "trust_grid", "trust_view", "trust_widget"]

OUTCOMES = {
    "affect": "emotional trust",
    "cognitive": "cognitive trust",
    "intention": "intention to keep using",
}


def predicted_trust(
    params: EmotionStudyParams, depth: float, privacy_concern: float
) -> dict[str, dict[str, float]]:
    """Normal distribution (mean, sd, share above 0) of each trust outcome for users at one setting.

    The model's answer, :meth:`EmotionStudyParams.implied_trust`: ``depth`` from 0 (no personalization) to 1
    (authentic personalization), ``privacy_concern`` the user's z-score.
    """
    if not isinstance(params, EmotionStudyParams):
        raise TypeError(f"params must be an EmotionStudyParams, got {type(params).__name__}")
    return params.implied_trust(depth, privacy_concern)


def trust_view(params: EmotionStudyParams, depth: float, privacy_concern: float) -> tuple[plt.Figure, dict]:
    """Densities of emotional and cognitive trust at one setting, beside two references.

    The references are the same user with no personalization (depth 0, same concern): what personalization
    changes for this user; and a user of average concern at the same depth (shown when the concern is not
    average): what the concern costs. The grey line at 0 is the study population's average. Returns the
    figure and the numbers of the setting (from :func:`predicted_trust`), each outcome with
    ``change_from_depth_0`` (mean at this depth minus the same user's mean at depth 0, in SD), so tests need
    no browser.
    """
    setting = predicted_trust(params, depth, privacy_concern)
    same_user = predicted_trust(params, 0.0, privacy_concern)
    numbers = {
        key: {**dist, "change_from_depth_0": dist["mean"] - same_user[key]["mean"]}
        for key, dist in setting.items()
    }
    curves = [(same_user, 7, f"same user, depth 0 (concern {privacy_concern:+.1f} SD)", ":")]
    if privacy_concern != 0:
        curves.append((predicted_trust(params, depth, 0.0), 2, f"depth {depth:.2f}, average concern", "--"))
    curves.append((setting, 0, f"depth {depth:.2f}, concern {privacy_concern:+.1f} SD", "-"))
    colors = sns.color_palette("colorblind")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    grid = np.linspace(-3.5, 3.5, 400)
    for ax, key in zip(axes, ["affect", "cognitive"]):
        ax.axvline(0, color="grey", lw=1.2, alpha=0.6)
        for dist, color, label, ls in curves:
            y = stats.norm.pdf(grid, dist[key]["mean"], dist[key]["sd"])
            ax.plot(grid, y, color=colors[color], ls=ls, label=label)
            if ls == "-":
                ax.fill_between(grid, y, alpha=0.2, color=colors[color])
            ax.axvline(dist[key]["mean"], color=colors[color], ls=ls, lw=0.8)
        ax.set(
            xlabel=f"{OUTCOMES[key]} (SD; grey line at 0: study average)",
            title=f"{OUTCOMES[key]}: {numbers[key]['change_from_depth_0']:+.2f} SD vs depth 0, "
            f"{setting[key]['share_above_average']:.0%} above average",
        )
        ax.title.set_fontsize(10)
    axes[0].set_ylabel("density")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(curves), fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig, numbers


def trust_caption(numbers: dict) -> str:
    """The widget's caption for the numbers :func:`trust_view` returns: intention at the setting."""
    return (
        "intention to keep using: {change_from_depth_0:+.2f} SD vs the same user at depth 0, "
        "{share_above_average:.0%} above the study average".format(**numbers["intention"])
    )


def trust_widget(params: EmotionStudyParams):
    """Sliders for personalization depth and privacy concern, redrawing :func:`trust_view`."""
    import ipywidgets as w

    if not isinstance(params, EmotionStudyParams):
        raise TypeError(f"params must be an EmotionStudyParams, got {type(params).__name__}")

    depth = w.FloatSlider(
        value=1.0, min=0.0, max=1.0, step=0.05, description="depth", continuous_update=False
    )
    concern = w.FloatSlider(
        value=0.0,
        min=-2.5,
        max=2.5,
        step=0.1,
        description="privacy concern",
        continuous_update=False,
        style={"description_width": "initial"},
    )
    view = FigureView()

    def redraw(change=None):
        fig, stats_ = trust_view(params, depth.value, concern.value)
        view.show(fig, trust_caption(stats_))

    depth.observe(redraw, names="value")
    concern.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([depth, concern]), view.widget])


def trust_grid(params: EmotionStudyParams, depths, concerns) -> pd.DataFrame:
    """The widget's numbers over a grid of settings: one row per (depth, privacy concern), with each outcome's
    mean, share above the study average and change from the same user at depth 0 (columns
    ``<outcome>_mean``, ``<outcome>_share_above_average``, ``<outcome>_change_from_depth_0``).

    The instructor's talking points can be checked against it over the sliders' whole range.
    """
    if not isinstance(params, EmotionStudyParams):
        raise TypeError(f"params must be an EmotionStudyParams, got {type(params).__name__}")
    depths = check_array(depths, "depths", low=0.0, high=1.0)
    concerns = check_array(concerns, "concerns", low=-5.0, high=5.0)
    rows = []
    for depth in depths:
        for concern in concerns:
            base = predicted_trust(params, 0.0, float(concern))
            dist = predicted_trust(params, float(depth), float(concern))
            row = {"depth": float(depth), "privacy_concern": float(concern)}
            for key in OUTCOMES:
                row[f"{key}_mean"] = dist[key]["mean"]
                row[f"{key}_share_above_average"] = dist[key]["share_above_average"]
                row[f"{key}_change_from_depth_0"] = dist[key]["mean"] - base[key]["mean"]
            rows.append(row)
    return pd.DataFrame(rows)
