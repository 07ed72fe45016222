"""Fixture ``execute``: run a notebook with papermill (small parameters) in the test's temporary folder and
return what it recorded (see ``nbrun.run_notebook``)."""

import pytest
from nbrun import run_notebook


@pytest.fixture
def execute(tmp_path):
    def _execute(name: str, **parameters) -> dict:
        return run_notebook(name, tmp_path, **parameters)

    return _execute
