"""Specifications of helpers.emotion.recovery: the SEM's intervals cover the truth about 95% of the time."""

import numpy as np
import pandas as pd
import pytest

from helpers import emotion as em
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
