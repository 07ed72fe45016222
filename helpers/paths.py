"""Where things live: the repository's folders, the data cache, and the notebook being executed.

Outputs (figures and results) go to the repository by default. Tests and exploratory runs point
``TRUSTLAB_OUTPUT_DIR`` elsewhere so they never overwrite the committed research record, and
``TRUSTLAB_DATA_CACHE`` moves the dataset cache (default ``datasets/cache``).
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DATASETS = ROOT / "datasets"

_current_notebook: str | None = None


def data_cache() -> Path:
    """The folder datasets are fetched into (``$TRUSTLAB_DATA_CACHE`` or ``datasets/cache``)."""
    return Path(os.environ.get("TRUSTLAB_DATA_CACHE", DATASETS / "cache"))


def output_root() -> Path:
    """The folder holding ``figures/`` and ``results/`` (``$TRUSTLAB_OUTPUT_DIR`` or the repository)."""
    return Path(os.environ.get("TRUSTLAB_OUTPUT_DIR", ROOT))


def figures_dir() -> Path:
    return output_root() / "figures"


def results_dir() -> Path:
    return output_root() / "results"


def set_current_notebook(name: str) -> None:
    """Remember which notebook is running, so figures and results land under its name."""
    global _current_notebook
    name = Path(name).stem
    if not name:
        raise ValueError("notebook name must be a non-empty string such as '01_emotional_response'")
    _current_notebook = name


def current_notebook() -> str:
    """The running notebook's name, as given to ``helpers.start_notebook``."""
    if _current_notebook is None:
        raise RuntimeError(
            "no notebook is registered: call helpers.start_notebook('NN_name') in the notebook's first code cell"
        )
    return _current_notebook
