"""Widget of notebook 01: how deep personalization and a user's privacy concern shape the predicted trust.

Views and controls only: :func:`predicted_trust` hands over the model's distribution of emotional and
cognitive trust and of intention for one setting (computed by the study's generator,
:meth:`helpers.simulate.emotion.EmotionStudyParams.implied_trust`); :func:`trust_view` draws it beside the
reference user (no personalization, average privacy concern); :func:`trust_widget` puts two sliders in
front of the view.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from scipy import stats

from ..simulate.emotion import EmotionStudyParams
from .view import FigureView

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

    The references are the user with no personalization and average concern, and a user of average concern
    at the same depth (shown when the concern is not average), so the cost of the concern is visible.
    Returns the figure and the numbers of the setting (from :func:`predicted_trust`), so tests need no
    browser.
    """
    setting = predicted_trust(params, depth, privacy_concern)
    curves = [(predicted_trust(params, 0.0, 0.0), 7, "no personalization, average concern", ":")]
    if privacy_concern != 0:
        curves.append((predicted_trust(params, depth, 0.0), 2, f"depth {depth:.2f}, average concern", "--"))
    curves.append((setting, 0, f"depth {depth:.2f}, concern {privacy_concern:+.1f} SD", "-"))
    colors = sns.color_palette("colorblind")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    grid = np.linspace(-3.5, 3.5, 400)
    for ax, key in zip(axes, ["affect", "cognitive"]):
        for dist, color, label, ls in curves:
            y = stats.norm.pdf(grid, dist[key]["mean"], dist[key]["sd"])
            ax.plot(grid, y, color=colors[color], ls=ls, label=label)
            if ls == "-":
                ax.fill_between(grid, y, alpha=0.2, color=colors[color])
            ax.axvline(dist[key]["mean"], color=colors[color], ls=ls, lw=0.8)
        ax.set(
            xlabel=f"{OUTCOMES[key]} (SD of the study population)",
            title=f"{OUTCOMES[key]}: mean {setting[key]['mean']:+.2f} SD, "
            f"{setting[key]['share_above_average']:.0%} above average",
        )
    axes[0].set_ylabel("density")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(curves), fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig, setting


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
        view.show(
            fig,
            "intention to keep using: mean {mean:+.2f} SD, {share_above_average:.0%} above average".format(
                **stats_["intention"]
            ),
        )

    depth.observe(redraw, names="value")
    concern.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([depth, concern]), view.widget])
