"""Shared fixtures of the emotion tests: the notebook's default simulated study."""

import numpy as np
import pytest

from helpers import sweep
from helpers.simulate import emotion as se

PATHS = [(c, e) for c, e, _ in se.PATHS]


@pytest.fixture(scope="session")
def default_study():
    params = se.EmotionStudyParams()
    data = se.simulate_study(params, np.random.default_rng(0).spawn(4)[0])  # the notebook's default study
    return params, data


@pytest.fixture(autouse=True)
def _local_sweeps_without_progress_bars(monkeypatch):
    """The package's sweeps run on local processes here (never a cluster from the environment), silently."""
    monkeypatch.setenv(sweep.PROGRESS_ENV, "off")
    monkeypatch.delenv(sweep.SCHEDULER_ENV, raising=False)


@pytest.fixture
def sweep_backend(monkeypatch):
    """``sweep_backend("serial")`` or ``sweep_backend("local", n_jobs=2)``: where the package's next sweeps run.

    Wraps ``helpers.sweep.run_tasks`` in this process (where the package calls it) and counts the calls, so a
    test also sees that the function really went through the sweep. ``fail_at=k`` makes the task whose
    point has ``rep`` or ``chunk`` equal to ``k`` raise in the worker, as a failing replication would.
    """
    original = sweep.run_tasks
    calls = []

    def use(backend, n_jobs=None, fail_at=None):
        def run_tasks(task, points, *, shared=None, **kwargs):
            calls.append(len(points))
            if fail_at is not None:
                shared = {**(shared or {}), "_inner": task, "_fail_at": fail_at}
                task = _failing_at
            return original(task, points, shared=shared, backend=backend, n_jobs=n_jobs, **kwargs)

        monkeypatch.setattr(sweep, "run_tasks", run_tasks)
        return calls

    return use


def _failing_at(_inner, _fail_at, **kwargs):
    """A sweep task that raises where ``rep`` or ``chunk`` is ``_fail_at`` and otherwise runs ``_inner``."""
    if kwargs.get("rep", kwargs.get("chunk")) == _fail_at:
        raise ArithmeticError(f"replication {_fail_at} was lost")
    return _inner(**kwargs)
