"""Headline numbers of a notebook: ``record(key, value)`` shows the value and writes ``results/<notebook>.json``.

The JSON file is the notebook's diffable research record. It is rewritten in full on every call from what
this run recorded so far (``start_notebook`` starts a fresh record), so stale keys of older runs never linger;
each rewrite is atomic. Under the runner the file lives in the run's staging folder and reaches ``results/``
only when the whole notebook succeeded. Floats are rounded to 6 significant digits in the file and shown with 4.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from . import paths

__all__ = ["load", "record", "reset"]

_record: dict[str, Any] = {}


def reset() -> None:
    """Start an empty record for the current notebook."""
    _record.clear()


def _plain(value: Any, digits: int) -> Any:
    """Convert numpy/pandas values to JSON types, rounding floats to ``digits`` significant digits."""
    if isinstance(value, dict):
        return {str(k): _plain(v, digits) for k, v in value.items()}
    if hasattr(value, "to_dict") and not isinstance(value, type):
        return _plain(value.to_dict(), digits)
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v, digits) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if not math.isfinite(value):
            return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return float(f"{value:.{digits}g}")
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"record() cannot store a {type(value).__name__}; pass numbers, strings, lists or dicts")


def record(key: str, value: Any, show: bool = True) -> None:
    """Record a headline result under ``key``: print it (rounded) and rewrite ``results/<notebook>.json``."""
    if not isinstance(key, str) or not key:
        raise ValueError("record() needs a non-empty string key")
    if not isinstance(show, bool):
        raise TypeError(f"show must be True or False, got {show!r}")
    stored = _plain(value, 6)
    _record[key] = stored
    target = paths.results_dir() / f"{paths.current_notebook()}.json"
    paths.write_atomic(target, json.dumps(_record, indent=2, sort_keys=False) + "\n")
    if show:
        print(f"{key} = {json.dumps(_plain(value, 4))}")


def load(notebook: str, root=None) -> dict[str, Any]:
    """Read the recorded results of ``notebook`` (for tests and the runner's summary)."""
    if not isinstance(notebook, str) or not notebook:
        raise ValueError(f"notebook must be a name such as '04_private_recommenders', got {notebook!r}")
    folder = paths.results_dir() if root is None else Path(root)
    path = folder / f"{notebook}.json"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: run the notebook first (python -m helpers.run {notebook})"
        )
    return json.loads(path.read_text())
