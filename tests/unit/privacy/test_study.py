"""Specifications of helpers.privacy.study: fit_private, the privacy-utility grid and its summaries."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from helpers import privacy, recsys, sweep

from .common import rng, toy_ratings


@pytest.mark.parametrize("method", privacy.METHODS)
def test_every_private_method_fits_and_predicts_on_the_scale(method):
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    config = privacy.PrivateConfig(als_iter=2, dpsgd_steps=5)
    model = privacy.fit_private(method, train, 1.0, rng(), config)
    pred = model.predict(test)
    assert pred.shape == (len(test),) and np.all((pred >= 1) & (pred <= 5))


def test_unknown_method_is_rejected():
    with pytest.raises(ValueError, match="unknown method"):
        privacy.fit_private("dp_magic", toy_ratings(), 1.0, rng())


@pytest.fixture(autouse=True)
def _no_progress_bars_and_no_cluster(monkeypatch):
    monkeypatch.setenv(sweep.PROGRESS_ENV, "off")
    monkeypatch.delenv(sweep.SCHEDULER_ENV, raising=False)


FAST = privacy.PrivateConfig(als_iter=2, dpsgd_steps=5)


def toy_split():
    return recsys.train_test_split(toy_ratings(), 0.2, rng())


def small_grid(
    seeds=(0, 1), epsilons=(1.0, math.inf), methods=("dp_global_mean", "dp_global_effects"), **how
):
    train, test = toy_split()
    how = {"backend": "serial"} | how
    return privacy.privacy_utility_grid(
        train, test, list(epsilons), list(methods), seeds=seeds, config=FAST, n_attack=50, **how
    )


EVERY_METHOD = {"epsilons": (0.5, math.inf), "methods": privacy.METHODS, "seeds": (0, 1)}  # 20 small fits


def test_grid_has_one_row_per_method_epsilon_and_seed_and_nests_for_results():
    grid = small_grid()
    assert len(grid) == 2 * 2 * 2
    nested = privacy.nested_by_epsilon(grid)
    assert set(nested) == {"dp_global_mean", "dp_global_effects"}
    assert list(nested["dp_global_effects"]) == ["1", "inf"]


def test_grid_takes_seeds_from_a_generator_expression():
    """The seeds used to be consumed by a length check, leaving an empty grid."""
    assert len(small_grid(seeds=(s for s in (0, 1)))) == 8


def test_grid_refuses_repeated_epsilons():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    with pytest.raises(ValueError, match="repeated"):
        privacy.privacy_utility_grid(train, test, [1.0, 1.0], ["dp_global_mean"], seeds=(0,), n_attack=50)


def test_summary_has_mean_and_std_per_epsilon_in_order():
    table = privacy.summarize_grid(small_grid())
    assert table["mean"].columns.tolist() == ["1", "inf"]


def test_epsilon_labels():
    assert [privacy.epsilon_label(e) for e in [0.1, 1, 10.0, math.inf]] == ["0.1", "1", "10", "inf"]


def test_epsilon_labels_round_trip_and_sort():
    labels = ["inf", "10", "0.1", "1"]
    assert privacy.sort_epsilon_labels(labels) == ["0.1", "1", "10", "inf"]
    assert all(privacy.epsilon_label(privacy.epsilon_from_label(label)) == label for label in labels)


def test_means_at_epsilon_and_the_best_private_method():
    grid = small_grid()
    at = privacy.means_at_epsilon(grid, "inf")
    assert at.index.tolist() == ["dp_global_mean", "dp_global_effects"]
    assert privacy.best_private_method(at) == "dp_global_effects"
    with pytest.raises(ValueError, match="not in the grid"):
        privacy.means_at_epsilon(grid, "3")


def test_each_point_draws_from_its_seed_method_and_epsilon_alone():
    """A point's numbers do not depend on the rest of the grid: the sweep keeps the grid's own seeds."""
    whole = small_grid(**EVERY_METHOD)
    part = small_grid(seeds=(1,), epsilons=(0.5,), methods=("dp_sgd_mf", "local_dp"))
    rows = whole[(whole["seed"] == 1) & (whole["epsilon"] == "0.5") & whole["method"].isin(part["method"])]
    pd.testing.assert_frame_equal(rows.reset_index(drop=True), part, check_exact=True)


def test_a_point_is_the_fit_of_its_own_generator():
    train, test = toy_split()
    grid = small_grid(seeds=(2,), epsilons=(1.0,), methods=("input_perturbation",))
    model = privacy.fit_private(
        "input_perturbation",
        train,
        1.0,
        np.random.default_rng([2, privacy.METHODS.index("input_perturbation"), 1000]),
        FAST,
    )
    assert grid["rmse"].item() == recsys.rmse(test["rating"].to_numpy(dtype=float), model.predict(test))


def test_rows_come_in_seed_epsilon_method_order():
    grid = small_grid(seeds=(0, 1), epsilons=(1.0, math.inf), methods=("dp_global_effects", "dp_global_mean"))
    assert grid[["seed", "epsilon", "method"]].values.tolist() == [
        [s, e, m] for s in (0, 1) for e in ("1", "inf") for m in ("dp_global_effects", "dp_global_mean")
    ]


def test_two_local_workers_give_the_same_grid_as_one_process():
    serial = small_grid(**EVERY_METHOD)
    local = small_grid(**EVERY_METHOD, backend="local", n_jobs=2)
    pd.testing.assert_frame_equal(serial, local, check_exact=True)


DIVERGES = privacy.PrivateConfig(als_iter=2, dpsgd_steps=5, dpsgd_learning_rate=1e100)


@pytest.mark.parametrize("backend", ["serial", "local"])
def test_a_failing_fit_stops_the_grid_naming_its_epsilon_method_and_seed(backend):
    train, test = toy_split()
    with warnings.catch_warnings(), pytest.raises(sweep.SweepError, match="diverged") as caught:
        warnings.simplefilter("ignore", RuntimeWarning)  # the overflow on the way to divergence
        privacy.privacy_utility_grid(
            train,
            test,
            [math.inf],
            ["dp_global_mean", "dp_sgd_mf"],
            seeds=(3,),
            config=DIVERGES,
            n_attack=50,
            backend=backend,
            n_jobs=2,
        )
    assert caught.value.point == {"seed": 3, "epsilon": math.inf, "method": "dp_sgd_mf"}
    assert "'epsilon': inf, 'method': 'dp_sgd_mf'" in str(caught.value)


@pytest.mark.parametrize(
    "how, match",
    [
        ({"backend": "threads"}, "backend"),
        ({"n_jobs": 0}, "n_jobs"),
        ({"n_jobs": 1.5}, "n_jobs"),
        ({"scheduler": 8786}, "scheduler"),
        ({"scheduler": " "}, "scheduler"),
    ],
)
def test_the_grid_refuses_a_bad_backend_before_fitting(how, match):
    with pytest.raises((ValueError, TypeError), match=match):
        small_grid(**how)


def test_the_grid_refuses_public_id_lists_that_miss_training_ids():
    train, test = toy_split()
    with pytest.raises(ValueError, match="missing from the public users"):
        privacy.privacy_utility_grid(
            train, test, [1.0], ["dp_global_mean"], seeds=(0,), users=[1, 2], n_attack=50
        )


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local_cluster:
        yield local_cluster


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_grid_as_one_process_and_two_workers(cluster):
    serial = small_grid(**EVERY_METHOD)
    local = small_grid(**EVERY_METHOD, backend="local", n_jobs=2)
    remote = small_grid(**EVERY_METHOD, backend="auto", scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(serial, local, check_exact=True)
    pd.testing.assert_frame_equal(serial, remote, check_exact=True)


@pytest.mark.slow
def test_a_failing_fit_on_the_cluster_names_its_epsilon_method_and_seed(cluster):
    train, test = toy_split()
    with pytest.raises(sweep.SweepError, match="diverged") as caught:
        privacy.privacy_utility_grid(
            train,
            test,
            [math.inf],
            ["dp_global_mean", "dp_sgd_mf"],
            seeds=(3,),
            config=DIVERGES,
            n_attack=50,
            scheduler=cluster.scheduler_address,
        )
    assert caught.value.point == {"seed": 3, "epsilon": math.inf, "method": "dp_sgd_mf"}


def test_a_grid_task_reuses_the_calibrations_it_is_handed(monkeypatch):
    """Workers get the DP-SGD noise multipliers the parent calibrated; none repeats the accountant's search."""
    from helpers.privacy import accounting, study

    train, test = toy_split()
    privacy.dpsgd_noise_multiplier(2.0, FAST.dpsgd_sampling_rate, FAST.dpsgd_steps, FAST.delta)
    handed = accounting._known_calibrations()
    monkeypatch.setattr(accounting, "_CALIBRATED", {})  # a fresh worker process
    monkeypatch.setattr(accounting, "_calibrate", lambda *key: pytest.fail(f"calibrated {key} again"))
    kwargs = {"train": train, "test": test, "config": FAST, "users": None, "items": None, "n_attack": 50}
    row = study._grid_task(0, 2.0, "dp_sgd_mf", **kwargs, calibrations=handed, rng=rng())
    assert row == small_grid(seeds=(0,), epsilons=(2.0,), methods=("dp_sgd_mf",)).iloc[0].to_dict()
