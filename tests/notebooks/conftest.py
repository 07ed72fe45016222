"""Fixture ``execute``: run a notebook with papermill (small parameters) into a temporary folder and return
what it recorded with ``results.record``."""
import json
from pathlib import Path

import papermill as pm
import pytest

from helpers import paths


@pytest.fixture
def execute(tmp_path, monkeypatch):
    def _execute(name: str, **parameters) -> dict:
        source = paths.NOTEBOOKS / f"{name}.ipynb"
        monkeypatch.setenv("TRUSTLAB_OUTPUT_DIR", str(tmp_path))  # restored after the test
        pm.execute_notebook(str(source), str(tmp_path / source.name), parameters=parameters,
                            cwd=str(paths.NOTEBOOKS), kernel_name="python3", progress_bar=False,
                            execution_timeout=300)  # a guard against a stalled kernel, not a speed test
        recorded = json.loads((tmp_path / "results" / f"{name}.json").read_text())
        recorded["_figures"] = sorted(p.name for p in (tmp_path / "figures" / name).glob("*.png"))
        return recorded

    return _execute
