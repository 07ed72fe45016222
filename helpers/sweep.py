"""Parameter sweeps and simulation replications: one call that runs on local processes or a Dask cluster.

Every heavy loop of the course (epsilon grids, coverage studies, feedback-loop replications) is a list of
independent tasks. :func:`run_tasks` runs ``task(**point, **shared, rng=rng)`` for every point and returns the
outputs in the order of the points; :func:`sweep` does the same and returns a table.

* **Where it runs.** By default on local worker processes (joblib's loky backend, one per core). Given a Dask
  scheduler address (argument ``scheduler``, or the environment variable ``TRUSTLAB_DASK_SCHEDULER``, which
  ``python -m helpers.run --scheduler ADDRESS`` sets for the notebook kernels), on that Dask cluster; the
  workers must have this package installed. ``backend="serial"`` runs in this process, for debugging.
* **Same numbers everywhere.** Task ``i`` draws only from ``numpy.random.default_rng(children[i])`` where
  ``children = SeedSequence(seed).spawn(len(points))``: results are identical, bit for bit, on one process, on
  two local workers or on a cluster, whatever the order in which tasks finish.
* **Data sent once.** ``shared`` holds what every task needs (a MovieLens split, say): on a cluster it is
  scattered to every worker once; locally joblib memory-maps large arrays.
* **Faults.** A task that raises stops the sweep with a :class:`SweepError` naming the task's index and
  parameters, chained to the original exception and its traceback; a grid never comes back with a silent
  gap. A Dask worker that dies mid-sweep loses nothing: the scheduler reruns its tasks elsewhere.
* **Progress.** A tqdm bar that appears only if the sweep lasts more than two seconds: in a notebook being
  used interactively, in the terminal of ``python -m helpers.run``, never in an executed notebook's committed
  output (see :func:`progress_mode`).
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import pandas as pd

from ._validation import check_choice, check_count

__all__ = [
    "PROGRESS_ENV",
    "SCHEDULER_ENV",
    "SweepError",
    "grid",
    "progress_mode",
    "run_tasks",
    "scheduler_address",
    "spawn_seeds",
    "sweep",
]

SCHEDULER_ENV = "TRUSTLAB_DASK_SCHEDULER"
PROGRESS_ENV = "TRUSTLAB_PROGRESS"
BACKENDS = ("auto", "local", "serial", "dask")
PROGRESS_MODES = ("off", "terminal", "notebook")


class SweepError(RuntimeError):
    """A task of a sweep raised; ``index`` and ``point`` say which one, ``__cause__`` is the original error."""

    def __init__(self, index: int, point: Mapping[str, Any], error: BaseException):
        self.index = index
        self.point = dict(point)
        super().__init__(
            f"sweep task {index} with parameters {self.point} failed: {type(error).__name__}: {error}"
        )


def grid(**axes: Iterable[Any]) -> list[dict[str, Any]]:
    """The Cartesian product of named axes: ``grid(epsilon=[0.1, 1], seed=[0, 1])`` -> 4 dicts."""
    if not axes:
        raise ValueError("grid() needs at least one named axis, e.g. grid(replication=range(100))")
    names = list(axes)
    values = []
    for name, axis in axes.items():
        if isinstance(axis, (str, bytes)) or not isinstance(axis, Iterable):
            raise TypeError(f"grid axis {name!r} must be a list of values, got {type(axis).__name__}")
        axis = list(axis)
        if not axis:
            raise ValueError(f"grid axis {name!r} is empty: give it at least one value")
        values.append(axis)
    return [dict(zip(names, combo)) for combo in product(*values)]


def spawn_seeds(seed, n: int) -> list[np.random.SeedSequence]:
    """``n`` independent seed sequences spawned from ``seed``: an int, a ``SeedSequence`` or a ``Generator``.

    A Generator spawns from its own seed sequence, exactly as ``rng.spawn(n)`` would, so a helper that was
    handed ``rng`` gives every task a stream that depends only on that rng, never on the backend.
    """
    n = check_count(n, "n", minimum=0)
    if isinstance(seed, np.random.Generator):
        root = seed.bit_generator.seed_seq
    elif isinstance(seed, np.random.SeedSequence):
        root = seed
    elif isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0:
        root = np.random.SeedSequence(int(seed))
    else:
        raise TypeError(
            f"seed must be a non-negative int (the notebook's seed), a SeedSequence or a Generator, got {seed!r}; "
            "a sweep needs one so every task gets its own reproducible stream"
        )
    return root.spawn(n)


def scheduler_address(scheduler: str | None = None) -> str | None:
    """The Dask scheduler to use: the argument, else ``$TRUSTLAB_DASK_SCHEDULER``, else None (local)."""
    if scheduler is not None:
        if not isinstance(scheduler, str) or not scheduler.strip():
            raise TypeError(
                f"scheduler must be an address string such as 'tcp://127.0.0.1:8786', got {scheduler!r}; "
                "leave it out (None) for local processes"
            )
        return scheduler.strip()
    return os.environ.get(SCHEDULER_ENV, "").strip() or None


def progress_mode() -> str:
    """Where progress bars go: ``$TRUSTLAB_PROGRESS`` if set, else a notebook bar in an interactive kernel.

    The runner (``python -m helpers.run``) and the tests set ``off`` for the kernels they start (a kernel's
    stderr is captured into the notebook, so a bar there would land in the committed record; the runner shows
    papermill's bar over the cells on its own terminal instead). Without the variable: ``notebook`` inside an
    interactive IPython kernel, ``terminal`` on an interactive terminal, ``off`` otherwise.
    """
    mode = os.environ.get(PROGRESS_ENV, "").strip().lower()
    if mode:
        return check_choice(mode, PROGRESS_ENV, PROGRESS_MODES)
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None and type(shell).__name__ == "ZMQInteractiveShell":
        return "notebook"
    stream = sys.__stderr__
    return "terminal" if stream is not None and stream.isatty() else "off"


def _progress_bar(total: int, description: str, mode: str):
    if mode == "off" or total < 2:
        return None
    if mode == "notebook":
        from tqdm.notebook import tqdm

        return tqdm(total=total, desc=description, delay=2.0, leave=False)
    from tqdm import tqdm

    return tqdm(total=total, desc=description, delay=2.0, leave=False, file=sys.__stderr__)


@dataclass(frozen=True)
class _Task:
    """One unit of work, small and picklable: the function, its point and its seed."""

    func: Callable[..., Any]
    point: Mapping[str, Any]
    seed: np.random.SeedSequence

    def __call__(self, **shared: Any) -> tuple[Any, list[tuple[type[Warning], str]]]:
        """The task's output and the warnings it raised, computed on one BLAS thread.

        One thread wherever the task runs: floats can differ in the last digits between one and two BLAS
        threads, and many small solves are slower with two on a busy machine. The warnings travel back with
        the output, because a warning raised in a worker process would otherwise stay there.
        """
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = self.func(**self.point, **shared, rng=np.random.default_rng(self.seed))
        return value, [(w.category, str(w.message)) for w in caught]


def _warn_again(caught: list[tuple[type[Warning], str]]) -> None:
    """Raise the tasks' warnings in the caller, once per distinct message, with how many tasks raised it."""
    counts: dict[tuple[type[Warning], str], int] = {}
    for key in caught:
        counts[key] = counts.get(key, 0) + 1
    for (category, message), count in counts.items():
        suffix = f" (in {count} tasks of the sweep)" if count > 1 else ""
        warnings.warn(f"{message}{suffix}", category, stacklevel=3)


def _check_points(points) -> list[dict[str, Any]]:
    if isinstance(points, Mapping) or not isinstance(points, Sequence):
        raise TypeError("points must be a list of parameter dicts; build them with grid(...)")
    points = list(points)
    if not points:
        raise ValueError("the sweep got no points; build them with grid(...)")
    for i, point in enumerate(points):
        if not isinstance(point, Mapping):
            raise TypeError(f"point {i} must be a dict of parameters, got {type(point).__name__}")
        if "rng" in point:
            raise ValueError(f"point {i} has a key 'rng': the sweep hands each task its own rng")
    return [dict(p) for p in points]


def _run_serial(tasks, shared, bar):
    outputs = []
    for index, task in enumerate(tasks):
        try:
            outputs.append(task(**shared))
        except Exception as error:
            raise SweepError(index, task.point, error) from error
        if bar is not None:
            bar.update()
    return outputs


def _run_local(tasks, shared, bar, n_jobs):
    from joblib import Parallel, delayed

    def call(index, task, shared):  # runs in the worker; returns the index so the parent can name a failure
        try:
            return index, task(**shared), None
        except Exception as error:  # noqa: BLE001 - any task error goes back to the parent, traceback kept
            import traceback

            return index, None, (error, traceback.format_exc())

    outputs: list[Any] = [None] * len(tasks)
    parallel = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator_unordered")
    for index, value, failure in parallel(delayed(call)(i, t, shared) for i, t in enumerate(tasks)):
        if failure is not None:
            error, trace = failure
            raise SweepError(index, tasks[index].point, error) from _RemoteTraceback(trace)
        outputs[index] = value
        if bar is not None:
            bar.update()
    return outputs


class _RemoteTraceback(Exception):
    """The traceback of a task that failed in a worker process, as text."""

    def __init__(self, trace: str):
        super().__init__(f"\n\nTraceback in the worker:\n{trace}")


def _run_dask(tasks, shared, bar, address):
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - distributed is in requirements.txt
        raise ImportError(
            "a Dask scheduler was given but 'distributed' is not installed: pip install distributed"
        )
    with Client(address, set_as_default=False) as client:
        if not client.scheduler_info().get("workers"):
            client.wait_for_workers(1, timeout=60)
        # each value scattered whole: scatter() would split a dict, list or tuple into items of its own
        remote = {name: client.scatter([value], broadcast=True)[0] for name, value in shared.items()}
        futures = [client.submit(task, **remote, pure=False) for task in tasks]
        index_of = {future.key: i for i, future in enumerate(futures)}
        outputs: list[Any] = [None] * len(tasks)
        for future in as_completed(futures, loop=client.loop):
            index = index_of[future.key]
            if future.status == "error":
                error = future.exception()
                client.cancel(futures)
                raise SweepError(index, tasks[index].point, error) from error
            outputs[index] = future.result()
            if bar is not None:
                bar.update()
        return outputs


def run_tasks(
    task: Callable[..., Any],
    points: Sequence[Mapping[str, Any]],
    *,
    seed,
    shared: Mapping[str, Any] | None = None,
    backend: str = "auto",
    scheduler: str | None = None,
    n_jobs: int | None = None,
    description: str = "sweep",
) -> list[Any]:
    """``[task(**point, **shared, rng=rng_i) for each point]``, computed where the backend says.

    ``task`` must be a module-level function (it is pickled to the workers) that takes the point's keys,
    the ``shared`` keys and ``rng``. ``backend``: ``"auto"`` (Dask if a scheduler address is known, else
    local processes), ``"local"``, ``"serial"`` or ``"dask"``. ``n_jobs`` (local only) defaults to the number
    of cores.
    """
    if not callable(task):
        raise TypeError(f"task must be a function, got {type(task).__name__}")
    points = _check_points(points)
    shared = dict(shared or {})
    clash = set(shared) & {key for point in points for key in point}
    if clash:
        raise ValueError(f"{sorted(clash)} appear both in the points and in shared; rename one of them")
    check_choice(backend, "backend", BACKENDS)
    address = scheduler_address(scheduler)
    if backend == "auto":
        backend = "dask" if address else "local"
    if backend == "dask" and not address:
        raise ValueError(
            f"backend='dask' needs a scheduler address: pass scheduler='tcp://HOST:PORT' or set ${SCHEDULER_ENV}"
        )
    n_jobs = (os.cpu_count() or 1) if n_jobs is None else check_count(n_jobs, "n_jobs")
    if backend == "local" and (n_jobs == 1 or len(points) == 1):
        backend = "serial"
    tasks = [_Task(task, point, s) for point, s in zip(points, spawn_seeds(seed, len(points)))]
    bar = _progress_bar(len(tasks), description, progress_mode())
    try:
        if backend == "serial":
            pairs = _run_serial(tasks, shared, bar)
        elif backend == "local":
            pairs = _run_local(tasks, shared, bar, n_jobs)
        else:
            pairs = _run_dask(tasks, shared, bar, address)
    finally:
        if bar is not None:
            bar.close()
    _warn_again([w for _, caught in pairs for w in caught])
    return [value for value, _ in pairs]


def sweep(
    task: Callable[..., Mapping[str, Any] | float],
    points: Sequence[Mapping[str, Any]],
    *,
    seed,
    shared: Mapping[str, Any] | None = None,
    backend: str = "auto",
    scheduler: str | None = None,
    n_jobs: int | None = None,
    description: str = "sweep",
) -> pd.DataFrame:
    """Like :func:`run_tasks`, as a table: one row per point, its parameters and the task's outputs.

    A task returns a number (column ``value``), a mapping of named outputs, or a list of such mappings
    (several rows for one point, e.g. one per method).
    """
    outputs = run_tasks(
        task,
        points,
        seed=seed,
        shared=shared,
        backend=backend,
        scheduler=scheduler,
        n_jobs=n_jobs,
        description=description,
    )
    rows = []
    for point, out in zip(_check_points(points), outputs):
        if isinstance(out, Mapping):
            rows.append({**point, **out})
        elif isinstance(out, list) and all(isinstance(o, Mapping) for o in out):
            rows.extend({**point, **o} for o in out)
        elif isinstance(out, (int, float, np.number)):
            rows.append({**point, "value": out})
        else:
            raise TypeError(
                f"sweep() tasks must return a number, a dict or a list of dicts, got {type(out).__name__}; "
                "use run_tasks() for other outputs"
            )
    return pd.DataFrame(rows)
