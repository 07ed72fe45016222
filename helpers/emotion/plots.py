"""Figures of notebook 01: the theory as a path diagram, the answers to each item, the paths beside the truth."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._validation import check_count, check_number, check_numeric_columns
from ..simulate.emotion import PATHS, path_name
from .reliability import _check_items

__all__ = ["draw_path_model", "plot_item_distributions", "plot_paths_against_truth"]

_NODE_XY = {
    "personalization\n(condition)": (0.08, 0.55),
    "perceived\nunderstanding": (0.36, 0.55),
    "positive affect /\nemotional trust": (0.64, 0.80),
    "cognitive trust": (0.64, 0.30),
    "intention to keep\nusing & recommend": (0.92, 0.55),
    "privacy concern": (0.22, 0.12),
    "disposition\nto trust": (0.45, 0.06),
}

_NODE = {
    "understanding": "perceived\nunderstanding",
    "affect": "positive affect /\nemotional trust",
    "cognitive": "cognitive trust",
    "intention": "intention to keep\nusing & recommend",
    "privacy_concern": "privacy concern",
    "disposition_to_trust": "disposition\nto trust",
    "condition": "personalization\n(condition)",
}

#: The path names the diagram labels: those of the simulated theory.
DRAWN_PATHS = tuple(path_name(cause, effect) for cause, effect, _ in PATHS)


def _check_ax(ax) -> None:
    from matplotlib.axes import Axes

    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None (a new figure), got {type(ax).__name__}")


def draw_path_model(coefficients: Mapping[str, float], ax=None, title: str = ""):
    """Draw the theory as a path diagram, each arrow labelled with its coefficient.

    ``coefficients`` maps path names of :data:`helpers.simulate.emotion.PATHS` (``'cause -> effect'``) to
    numbers; the conditions' two paths are drawn as one arrow labelled ``S x / A y``. A path left out is
    labelled ``nan``.
    """
    import matplotlib.pyplot as plt

    if not isinstance(coefficients, Mapping):
        raise TypeError(f"coefficients must map path names to numbers, got {type(coefficients).__name__}")
    unknown = sorted(set(coefficients) - set(DRAWN_PATHS))
    if unknown:
        raise ValueError(f"the diagram has no paths {unknown}; it draws {', '.join(DRAWN_PATHS)}")
    values = {name: check_number(value, f"coefficients[{name!r}]") for name, value in coefficients.items()}
    _check_ax(ax)
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {type(title).__name__}")
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 4.6))
    for name, (x, y) in _NODE_XY.items():
        trait = name in ("privacy concern", "disposition\nto trust")
        box = {
            "boxstyle": "round,pad=0.45",
            "fc": "#f2f2f2" if trait else "#dce9f5",
            "ec": "grey",
            "ls": "--" if trait else "-",
        }
        ax.text(x, y, name, ha="center", va="center", fontsize=9.5, bbox=box)

    def c(key):
        return values.get(key, np.nan)

    def arrow(a, b, label, offset=(0, 0.035), ls="-", rad=0.0):
        (x0, y0), (x1, y1) = _NODE_XY[a], _NODE_XY[b]
        style = {
            "arrowstyle": "-|>",
            "color": "0.25",
            "lw": 1.4,
            "ls": ls,
            "shrinkA": 30,
            "shrinkB": 30,
            "connectionstyle": f"arc3,rad={rad}",
        }
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=style)
        ax.text(
            (x0 + x1) / 2 + offset[0],
            (y0 + y1) / 2 + offset[1],
            label,
            ha="center",
            va="center",
            fontsize=9,
            color="#0b4f8a",
            bbox={"fc": "white", "ec": "none", "pad": 0.5},
        )

    cond, und = _NODE["condition"], _NODE["understanding"]
    arrow(
        cond,
        und,
        f"superficial {c('superficial -> understanding'):+.2f}\n"
        f"authentic {c('authentic -> understanding'):+.2f}",
        offset=(0, 0.085),
    )
    arrow(
        cond,
        _NODE["affect"],
        f"direct: superficial {c('superficial -> affect'):+.2f}, authentic {c('authentic -> affect'):+.2f}",
        offset=(-0.02, 0.27),
        ls=":",
        rad=-0.3,
    )
    arrow(und, _NODE["affect"], f"{c('understanding -> affect'):+.2f}", offset=(-0.02, 0.04))
    arrow(und, _NODE["cognitive"], f"{c('understanding -> cognitive'):+.2f}", offset=(-0.02, -0.04))
    arrow(_NODE["affect"], _NODE["intention"], f"{c('affect -> intention'):+.2f}", offset=(0.02, 0.04))
    arrow(_NODE["cognitive"], _NODE["intention"], f"{c('cognitive -> intention'):+.2f}", offset=(0.02, -0.04))
    arrow(
        _NODE["disposition_to_trust"],
        _NODE["cognitive"],
        f"{c('disposition_to_trust -> cognitive'):+.2f}",
        offset=(0.04, -0.01),
    )
    arrow(
        _NODE["privacy_concern"],
        _NODE["cognitive"],
        f"{c('privacy_concern -> cognitive'):+.2f}",
        offset=(0.0, 0.035),
    )
    # moderation: both traits change the strength of the condition -> understanding arrow
    moderation = {"arrowstyle": "-|>", "color": "#a33", "lw": 1.2, "ls": "--"}
    (x0, y0) = _NODE_XY[_NODE["privacy_concern"]]
    ax.annotate("", xy=(0.21, 0.55), xytext=(x0 - 0.01, y0 + 0.06), arrowprops=moderation)
    (x0, y0) = _NODE_XY[_NODE["disposition_to_trust"]]
    ax.annotate("", xy=(0.23, 0.55), xytext=(x0 - 0.03, y0 + 0.08), arrowprops=moderation)
    ax.text(
        0.03,
        0.30,
        f"moderate the step\nA x concern {c('authentic_x_privacy -> understanding'):+.2f}\n"
        f"A x disposition {c('authentic_x_disposition -> understanding'):+.2f}",
        fontsize=8.5,
        color="#a33",
        ha="left",
    )
    ax.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.08))
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def plot_item_distributions(data: pd.DataFrame, items: Mapping[str, Sequence[str]], points: int = 7, ax=None):
    """Stacked horizontal bars of the share of each answer (1..points) of every item, grouped by construct."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    items = _check_items(items, min_items=1)
    points = check_count(points, "points", minimum=2)
    names = [i for group in items.values() for i in group]
    answers = check_numeric_columns(data, names, "data")
    if np.any((answers < 1) | (answers > points) | (answers != np.round(answers))):
        raise ValueError(f"answers must be whole numbers from 1 to points={points}; recode the items first")
    _check_ax(ax)
    shares = pd.DataFrame(
        {i: data[i].value_counts(normalize=True).reindex(range(1, points + 1), fill_value=0) for i in names}
    ).T
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.32 * len(names) + 1.4))
    colors = sns.color_palette("vlag", points)  # diverging: disagree (blue) to agree (red)
    left = np.zeros(len(names))
    y = np.arange(len(names))[::-1]
    for k, color in zip(range(1, points + 1), colors):
        ax.barh(y, shares[k].to_numpy(), left=left, color=color, label=str(k), edgecolor="white", lw=0.5)
        left += shares[k].to_numpy()
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1)
    ax.legend(title="answer", ncol=points, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    return ax


def plot_paths_against_truth(table: pd.DataFrame, ax=None, others: Mapping[str, pd.DataFrame] | None = None):
    """Forest plot: each path's estimate with its interval (and optional other estimators) and the truth."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    check_numeric_columns(table, ["estimate", "ci_low", "ci_high", "truth"], "table")
    _check_ax(ax)
    if others is not None and not isinstance(others, Mapping):
        raise TypeError(f"others must map a label to a table of estimates, got {type(others).__name__}")
    for label, other in (others or {}).items():
        check_numeric_columns(other, ["estimate", "ci_low", "ci_high"], f"others[{label!r}]")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.45 * len(table) + 1.2))
    colors = sns.color_palette("colorblind")
    y = np.arange(len(table))[::-1].astype(float)
    series = {"SEM (latent constructs)": table, **(others or {})}
    offsets = np.linspace(0.12, -0.12, len(series)) if len(series) > 1 else [0.0]
    for (label, t), dy, color in zip(series.items(), offsets, colors):
        t = t.reindex(table.index)
        ax.errorbar(
            t["estimate"],
            y + dy,
            xerr=[t["estimate"] - t["ci_low"], t["ci_high"] - t["estimate"]],
            fmt="o",
            ms=4,
            color=color,
            capsize=2,
            label=label,
        )
    ax.scatter(table["truth"], y, marker="|", s=250, color="black", zorder=5, label="truth")
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, table.index)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5, frameon=False)
    return ax
