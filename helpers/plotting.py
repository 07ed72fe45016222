"""The suite's one figure style, and ``savefig`` into ``figures/<notebook>/``."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import seaborn as sns

from . import paths
from ._validation import check_count

__all__ = ["FIGSIZE", "PALETTE", "WIDE", "savefig", "set_theme"]

PALETTE = "colorblind"
FIGSIZE = (7.0, 4.2)
WIDE = (11.0, 4.2)


def set_theme() -> None:
    """Seaborn's whitegrid style with a colour-blind-safe palette, readable on a projector."""
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE, font_scale=1.0)
    plt.rcParams.update(
        {
            "figure.figsize": FIGSIZE,
            "figure.dpi": 100,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "savefig.bbox": "tight",
        }
    )


def savefig(name: str, fig=None, dpi: int = 110):
    """Save ``fig`` (default: the current figure) as ``figures/<notebook>/<name>.png`` and return the path.

    The PNG carries no software/date metadata, so a re-run with the same seed writes the same bytes; it is
    written atomically (a run stopped mid-save never leaves a truncated PNG).
    """
    if not isinstance(name, str):
        raise TypeError(f"figure name must be a string such as 'rating_histogram', got {type(name).__name__}")
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise ValueError(f"figure name must be a plain file name such as 'rating_histogram', got {name!r}")
    dpi = check_count(dpi, "dpi", maximum=1200)
    fig = fig if fig is not None else plt.gcf()
    if not isinstance(fig, plt.Figure):
        raise TypeError(
            f"fig must be a matplotlib Figure (or None for the current one), got {type(fig).__name__}"
        )
    path = paths.figures_dir() / paths.current_notebook() / f"{name.removesuffix('.png')}.png"
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return paths.write_atomic(path, buffer.getvalue())
