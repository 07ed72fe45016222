"""The suite's one figure style, and ``savefig`` into ``figures/<notebook>/``."""
from __future__ import annotations

import matplotlib.pyplot as plt
import seaborn as sns

from . import paths

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

    The PNG carries no software/date metadata, so a re-run with the same seed writes the same bytes.
    """
    if not name or "/" in name or "\\" in name:
        raise ValueError(f"figure name must be a plain file name such as 'rating_histogram', got {name!r}")
    fig = fig if fig is not None else plt.gcf()
    folder = paths.figures_dir() / paths.current_notebook()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name.removesuffix('.png')}.png"
    fig.savefig(path, dpi=dpi, metadata={"Software": None})
    return path
