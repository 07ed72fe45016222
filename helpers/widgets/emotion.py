"""Widget of notebook 01: how deep personalization and a user's privacy concern shape the predicted trust.

The pure function :func:`predicted_trust` gives the model's distribution of emotional and cognitive trust
and of intention for one setting; :func:`trust_view` draws it beside the reference user (no personalization,
average privacy concern); :func:`trust_widget` puts two sliders in front of the view.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from scipy import stats

from ..simulate.emotion import EmotionStudyParams

OUTCOMES = {"affect": "emotional trust", "cognitive": "cognitive trust", "intention": "intention to keep using"}


def predicted_trust(params: EmotionStudyParams, depth: float, privacy_concern: float) -> dict[str, dict[str, float]]:
    """Normal distribution (mean, sd, share above 0) of each trust outcome for users at one setting.

    ``depth`` runs from 0 (no personalization) to 1 (the study's authentic personalization); values in
    between interpolate the condition's effects linearly, which the study (two levels) cannot check.
    ``privacy_concern`` is the user's z-score. Outcomes are in SD of the study population, whose mean is 0,
    so ``share_above_average`` is the share trusting more than the average participant. The disposition to
    trust of a user with this concern follows its conditional normal distribution.
    """
    if not 0 <= depth <= 1:
        raise ValueError(f"depth must lie in [0, 1] (0 = none, 1 = authentic personalization), got {depth}")
    if not np.isfinite(privacy_concern) or abs(privacy_concern) > 5:
        raise ValueError(f"privacy_concern is a z-score and must lie in [-5, 5], got {privacy_concern}")
    p = params
    _, psi = p.implied_covariance()
    rho = p.trait_correlation
    mean_u = depth * (p.authentic_on_understanding + p.privacy_moderation * privacy_concern)
    var_u = psi["understanding"]
    mean_e = p.understanding_on_affect * mean_u + p.authentic_on_affect * depth
    var_e = p.understanding_on_affect**2 * var_u + psi["affect"]
    mean_c = (p.understanding_on_cognitive * mean_u + p.disposition_on_cognitive * rho * privacy_concern
              + p.privacy_on_cognitive * privacy_concern)  # fmt: skip
    var_c = (p.understanding_on_cognitive**2 * var_u + p.disposition_on_cognitive**2 * (1 - rho**2)
             + psi["cognitive"])  # fmt: skip
    cov_ec = p.understanding_on_affect * p.understanding_on_cognitive * var_u
    a, c = p.affect_on_intention, p.cognitive_on_intention
    mean_i = a * mean_e + c * mean_c
    var_i = a**2 * var_e + c**2 * var_c + 2 * a * c * cov_ec + psi["intention"]
    out = {}
    for name, m, v in [("affect", mean_e, var_e), ("cognitive", mean_c, var_c), ("intention", mean_i, var_i)]:
        sd = float(np.sqrt(v))
        out[name] = {"mean": float(m), "sd": sd, "share_above_average": float(stats.norm.sf(0, m, sd))}
    return out


def trust_view(params: EmotionStudyParams, depth: float, privacy_concern: float) -> tuple[plt.Figure, dict]:
    """Densities of emotional and cognitive trust at one setting, beside the reference user.

    Returns the figure and the numbers it shows (from :func:`predicted_trust`), so tests need no browser.
    """
    setting = predicted_trust(params, depth, privacy_concern)
    reference = predicted_trust(params, 0.0, 0.0)
    colors = sns.color_palette("colorblind")
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
    grid = np.linspace(-3.5, 3.5, 400)
    for ax, key in zip(axes, ["affect", "cognitive"]):
        for dist, color, label in [(reference[key], colors[7], "no personalization, average concern"),
                                   (setting[key], colors[0], f"depth {depth:.2f}, concern {privacy_concern:+.1f} SD")]:  # fmt: skip
            y = stats.norm.pdf(grid, dist["mean"], dist["sd"])
            ax.plot(grid, y, color=color, label=label)
            ax.fill_between(grid, y, alpha=0.2, color=color)
            ax.axvline(dist["mean"], color=color, ls="--", lw=1)
        ax.set(xlabel=f"{OUTCOMES[key]} (SD of the study population)",
               title=f"{OUTCOMES[key]}: mean {setting[key]['mean']:+.2f} SD, "
                     f"{setting[key]['share_above_average']:.0%} above average")  # fmt: skip
    axes[0].set_ylabel("density")
    axes[0].legend(loc="upper left", fontsize=8.5)
    fig.tight_layout()
    return fig, setting


def trust_widget(params: EmotionStudyParams):
    """Sliders for personalization depth and privacy concern, redrawing :func:`trust_view`."""
    import ipywidgets as w
    from IPython.display import display

    depth = w.FloatSlider(value=1.0, min=0.0, max=1.0, step=0.05, description="depth", continuous_update=False)
    concern = w.FloatSlider(value=0.0, min=-2.5, max=2.5, step=0.1, description="privacy concern",
                            continuous_update=False, style={"description_width": "initial"})  # fmt: skip
    out = w.Output()

    def redraw(change=None):
        with out:
            out.clear_output(wait=True)
            fig, stats_ = trust_view(params, depth.value, concern.value)
            display(fig)
            plt.close(fig)
            print("intention to keep using: mean {mean:+.2f} SD, {share_above_average:.0%} above average"
                  .format(**stats_["intention"]))  # fmt: skip

    depth.observe(redraw, names="value")
    concern.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([depth, concern]), out])
