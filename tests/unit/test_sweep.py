"""helpers.sweep: the same numbers on one process, local workers and a Dask cluster; failures never hide."""

from __future__ import annotations

import os
import signal

import numpy as np
import pandas as pd
import pytest

from helpers import sweep


def noisy_mean(n, loc, rng, offset=0.0):
    """A task: the mean of ``n`` normal draws around ``loc`` (+ a shared offset)."""
    return {"mean": float(rng.normal(loc, 1.0, n).mean() + offset)}


def fails_on_three(replication, rng):
    if replication == 3:
        raise ArithmeticError("replication three is cursed")
    return float(rng.random())


def slow_draw(replication, rng, pids=None):
    import time

    time.sleep(0.2)
    return {"value": float(rng.random()), "pid": os.getpid()}


@pytest.fixture(autouse=True)
def _no_progress_bars(monkeypatch):
    monkeypatch.setenv(sweep.PROGRESS_ENV, "off")
    monkeypatch.delenv(sweep.SCHEDULER_ENV, raising=False)


def test_grid_is_the_cartesian_product_in_order():
    points = sweep.grid(epsilon=[0.1, 1.0], seed=[0, 1, 2])
    assert len(points) == 6
    assert points[0] == {"epsilon": 0.1, "seed": 0} and points[-1] == {"epsilon": 1.0, "seed": 2}


@pytest.mark.parametrize("axes", [{}, {"epsilon": []}, {"epsilon": "abc"}])
def test_grid_refuses_empty_or_string_axes(axes):
    with pytest.raises((ValueError, TypeError)):
        sweep.grid(**axes)


def test_spawned_seeds_are_independent_and_reproducible():
    a = [np.random.default_rng(s).random() for s in sweep.spawn_seeds(7, 5)]
    b = [np.random.default_rng(s).random() for s in sweep.spawn_seeds(7, 5)]
    assert a == b and len(set(a)) == 5


def test_a_generator_spawns_the_same_streams_as_its_own_spawn():
    ours = [np.random.default_rng(s).random() for s in sweep.spawn_seeds(np.random.default_rng(4), 3)]
    assert ours == [g.random() for g in np.random.default_rng(4).spawn(3)]


@pytest.mark.parametrize("seed", [None, -1, 1.5, "7", True])
def test_a_sweep_needs_a_real_seed(seed):
    with pytest.raises(TypeError, match="seed"):
        sweep.run_tasks(noisy_mean, [{"n": 3, "loc": 0.0}], seed=seed, backend="serial")


def test_serial_and_two_local_workers_give_identical_numbers():
    points = sweep.grid(n=[10, 100], loc=[0.0, 1.0, 2.0])
    serial = sweep.sweep(noisy_mean, points, seed=3, backend="serial")
    local = sweep.sweep(noisy_mean, points, seed=3, backend="local", n_jobs=2)
    pd.testing.assert_frame_equal(serial, local, check_exact=True)
    assert list(serial.columns) == ["n", "loc", "mean"]


def test_shared_data_reaches_every_task():
    out = sweep.run_tasks(noisy_mean, [{"n": 1, "loc": 0.0}] * 3, seed=0, shared={"offset": 100.0}, n_jobs=2)
    assert all(o["mean"] > 90 for o in out)


def test_shared_names_may_not_clash_with_point_names():
    with pytest.raises(ValueError, match="both"):
        sweep.run_tasks(noisy_mean, [{"n": 1, "loc": 0.0}], seed=0, shared={"loc": 1.0})


@pytest.mark.parametrize("backend", ["serial", "local"])
def test_a_failing_task_stops_the_sweep_with_its_parameters(backend):
    points = sweep.grid(replication=range(6))
    with pytest.raises(sweep.SweepError, match=r"task 3 with parameters \{'replication': 3\}") as caught:
        sweep.run_tasks(fails_on_three, points, seed=0, backend=backend, n_jobs=2)
    assert "cursed" in str(caught.value)
    assert caught.value.point == {"replication": 3}
    trace = str(caught.value.__cause__)
    assert "ArithmeticError" in trace or isinstance(caught.value.__cause__, ArithmeticError)


def test_dask_backend_needs_an_address():
    with pytest.raises(ValueError, match="scheduler"):
        sweep.run_tasks(noisy_mean, [{"n": 1, "loc": 0.0}], seed=0, backend="dask")


def test_the_scheduler_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(sweep.SCHEDULER_ENV, "tcp://127.0.0.1:1")
    assert sweep.scheduler_address() == "tcp://127.0.0.1:1"
    assert sweep.scheduler_address("tcp://10.0.0.1:8786") == "tcp://10.0.0.1:8786"


def test_progress_mode_is_off_when_the_environment_says_so(monkeypatch):
    assert sweep.progress_mode() == "off"
    monkeypatch.setenv(sweep.PROGRESS_ENV, "sometimes")
    with pytest.raises(ValueError, match="TRUSTLAB_PROGRESS"):
        sweep.progress_mode()


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    ) as local_cluster:
        yield local_cluster


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_numbers_as_local_processes(cluster):
    points = sweep.grid(n=[10, 100], loc=[0.0, 1.0, 2.0])
    local = sweep.sweep(noisy_mean, points, seed=11, backend="serial")
    remote = sweep.sweep(noisy_mean, points, seed=11, scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(local, remote, check_exact=True)


def mapping_size(replication, table, rng):
    return {"size": len(table), "total": sum(table.values())}


@pytest.mark.slow
def test_shared_dicts_reach_cluster_tasks_whole(cluster):
    table = {"a": 1, "b": 2, "c": 3}
    out = sweep.sweep(
        mapping_size,
        sweep.grid(replication=range(3)),
        seed=0,
        shared={"table": table},
        scheduler=cluster.scheduler_address,
    )
    assert out["size"].tolist() == [3, 3, 3] and out["total"].tolist() == [6, 6, 6]


@pytest.mark.parametrize("scheduler", ["", "  ", 8786])
def test_an_empty_or_non_string_scheduler_is_refused(scheduler):
    with pytest.raises(TypeError, match="scheduler"):
        sweep.run_tasks(noisy_mean, [{"n": 1, "loc": 0.0}], seed=0, scheduler=scheduler)


@pytest.mark.slow
def test_a_failing_task_on_the_cluster_names_its_parameters(cluster):
    with pytest.raises(sweep.SweepError, match="replication': 3"):
        sweep.run_tasks(
            fails_on_three, sweep.grid(replication=range(5)), seed=0, scheduler=cluster.scheduler_address
        )


@pytest.mark.slow
def test_a_worker_killed_mid_sweep_loses_no_task(cluster):
    from distributed import Client

    points = sweep.grid(replication=range(30))
    expected = sweep.sweep(slow_draw, points, seed=5, backend="serial")["value"]
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        victims = list(client.run(os.getpid).values())
    import threading

    def kill_one():
        import time

        time.sleep(1.0)
        os.kill(victims[0], signal.SIGKILL)

    killer = threading.Thread(target=kill_one)
    killer.start()
    result = sweep.sweep(slow_draw, points, seed=5, scheduler=cluster.scheduler_address)
    killer.join()
    assert result["value"].tolist() == expected.tolist()
    assert victims[0] not in set(result["pid"][result.index >= 20])


def warns_on_even(replication, rng):
    import warnings

    if replication % 2 == 0:
        warnings.warn("an even replication", RuntimeWarning)
    return float(rng.random())


def blas_threads(replication, rng):
    from threadpoolctl import threadpool_info

    return {
        "threads": max((i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"), default=1)
    }


@pytest.mark.parametrize("backend", ["serial", "local"])
def test_warnings_raised_in_tasks_reach_the_caller_once_per_message(backend):
    with pytest.warns(RuntimeWarning, match=r"an even replication \(in 3 tasks of the sweep\)") as caught:
        sweep.run_tasks(warns_on_even, sweep.grid(replication=range(6)), seed=0, backend=backend, n_jobs=2)
    assert len([w for w in caught if "even" in str(w.message)]) == 1


def test_every_task_runs_on_one_blas_thread():
    out = sweep.sweep(blas_threads, sweep.grid(replication=range(2)), seed=0, backend="serial")
    assert (out["threads"] == 1).all()
