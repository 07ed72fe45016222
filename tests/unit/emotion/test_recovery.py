"""Specifications of helpers.emotion.recovery: the SEM's intervals cover the truth about 95% of the time."""

import numpy as np
import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

from helpers import emotion as em
from helpers import sweep
from helpers.simulate import emotion as se

from .conftest import PATHS


@pytest.fixture(scope="module")
def coverage_runs():
    # 100 simulated studies at n = 500, each fitted with the full SEM (about 6 s)
    params = se.EmotionStudyParams(n=500)
    return em.coverage_study(
        params,
        params.items(),
        PATHS,
        100,
        np.random.default_rng(11),
        lambda p, rng: se.simulate_study(p, rng),
    )


def test_sem_intervals_cover_the_truth_about_95_percent_of_the_time(coverage_runs):
    # 1,100 intervals; binomial SE about 0.7 percentage points
    assert 0.92 <= coverage_runs["covered"].mean() <= 0.975


def test_sem_paths_are_unbiased_over_repeated_studies(coverage_runs):
    summary = em.summarize_coverage(coverage_runs)
    assert summary["bias"].abs().max() < 0.02


def test_compare_with_truth_marks_covered_intervals():
    estimates = pd.DataFrame(
        {"estimate": [0.5, 0.1], "ci_low": [0.4, 0.05], "ci_high": [0.6, 0.15]}, index=["a -> b", "b -> c"]
    )
    table = em.compare_with_truth(estimates, {"a -> b": 0.45, "b -> c": 0.3})
    assert table["covered"].tolist() == [True, False]
    assert table["error"].tolist() == pytest.approx([0.05, -0.2])


def test_compare_with_truth_names_paths_without_truth():
    estimates = pd.DataFrame({"estimate": [0.5], "ci_low": [0.4], "ci_high": [0.6]}, index=["a -> b"])
    with pytest.raises(ValueError, match="no truth for paths"):
        em.compare_with_truth(estimates, {"x -> y": 0.1})


def test_compare_with_truth_refuses_nan_estimates_and_truths():
    estimates = pd.DataFrame({"estimate": [np.nan], "ci_low": [0.4], "ci_high": [0.6]}, index=["a -> b"])
    with pytest.raises(ValueError, match="estimate"):
        em.compare_with_truth(estimates, {"a -> b": 0.5})
    with pytest.raises(ValueError, match="NaN"):
        em.compare_with_truth(estimates.fillna(0.5), {"a -> b": float("nan")})


def test_coverage_study_refuses_zero_replications_and_none_as_rng():
    params = se.EmotionStudyParams(n=100)
    with pytest.raises(ValueError, match="n_reps"):
        em.coverage_study(params, params.items(), PATHS, 0, 1, se.simulate_study)
    with pytest.raises(TypeError, match="default_rng"):
        em.coverage_study(params, params.items(), PATHS, 1, None, se.simulate_study)


def test_summarize_coverage_refuses_an_empty_run_table():
    with pytest.raises(ValueError, match="empty"):
        em.summarize_coverage(pd.DataFrame(columns=["path", "truth", "estimate", "error", "covered"]))


# ------------------------------------------------------------------ the coverage study runs through the sweep


def small_study(params, rng):
    return se.simulate_study(params, rng)


def simulate_or_lose(params, rng):
    """A study whose data are lost half of the time (the first draw decides), as a broken simulator might.

    (coverage_study's probe study on seed 0 draws 0.64 first, so the failures happen in the replications.)"""
    if rng.random() < 0.5:
        raise ArithmeticError("this study's data were lost")
    return se.simulate_study(params, rng)


def simulate_near_twins(params, rng):
    """A study whose item und2 nearly duplicates und1: its residual variance sits at 0 (a Heywood case)."""
    data = se.simulate_study(params, rng)
    return data.assign(und2=data["und1"] + 0.1 * rng.standard_normal(len(data)))


def small_coverage(n_reps=4, simulate=small_study):
    params = se.EmotionStudyParams(n=300)
    return em.coverage_study(params, params.items(), PATHS, n_reps, np.random.default_rng(3), simulate)


def test_coverage_study_gives_identical_numbers_serially_and_on_two_local_workers(sweep_backend):
    calls = sweep_backend("serial")
    # this process may run more BLAS threads than a worker: the replications must not depend on it
    with threadpool_limits(limits=2, user_api="blas"):
        serial = small_coverage()
        sweep_backend("local", n_jobs=2)
        local = small_coverage()
    assert calls == [4, 4]  # both runs went through the sweep, one task per simulated study
    pd.testing.assert_frame_equal(serial, local, check_exact=True)


def test_replication_k_is_the_same_study_whatever_the_number_of_replications(sweep_backend):
    sweep_backend("serial")
    pd.testing.assert_frame_equal(small_coverage(2), small_coverage(4).query("rep < 2"), check_exact=True)


@pytest.mark.parametrize("backend", ["serial", "local"])
def test_a_failing_replication_stops_the_coverage_study_with_a_sweep_error(sweep_backend, backend):
    sweep_backend(backend, n_jobs=2, fail_at=2)
    with pytest.raises(sweep.SweepError, match="replication 2 was lost") as caught:
        small_coverage()
    assert caught.value.index == 2 and caught.value.point == {"rep": 2}


def test_a_simulator_that_fails_in_a_worker_names_its_replication(sweep_backend):
    sweep_backend("local", n_jobs=2)
    with pytest.raises(sweep.SweepError, match="ArithmeticError: this study's data were lost") as caught:
        small_coverage(6, simulate_or_lose)
    assert caught.value.point == {"rep": caught.value.index}


def test_a_warning_of_a_fit_in_a_worker_reaches_the_caller_as_it_would_serially(sweep_backend):
    # the Heywood warning of a fit arises in a worker process; the sweep raises it again in the caller
    messages = {}
    for backend in ["serial", "local"]:
        sweep_backend(backend, n_jobs=2)
        with pytest.warns(RuntimeWarning, match="Heywood") as w:
            small_coverage(3, simulate_near_twins)
        messages[backend] = [str(warning.message) for warning in w]
    assert messages["serial"] == messages["local"]


def test_a_model_naming_columns_the_simulator_does_not_make_is_refused_before_the_sweep(sweep_backend):
    calls = sweep_backend("local", n_jobs=2)
    params = se.EmotionStudyParams(n=300)
    items = {**params.items(), "affect": ["aff1", "aff2", "joy"]}
    with pytest.raises(ValueError, match="joy"):
        em.coverage_study(params, items, PATHS, 4, 0, small_study)
    with pytest.raises(TypeError, match="DataFrame"):
        em.coverage_study(params, params.items(), PATHS, 4, 0, lambda p, rng: p)
    assert calls == []  # refused before any task was sent
