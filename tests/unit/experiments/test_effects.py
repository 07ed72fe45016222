"""Specifications of helpers.experiments.effects: effect estimates, their intervals and coverage, paired tests."""

import numpy as np
import pandas as pd
import pytest

from helpers import experiments as ex


def rng(seed=0):
    return np.random.default_rng(seed)


def test_difference_in_means_recovers_a_known_difference():
    y = np.r_[np.full(10, 3.0), np.full(10, 1.0)] + np.tile([0.1, -0.1], 10)
    treated = np.r_[np.ones(10, bool), np.zeros(10, bool)]
    est = ex.difference_in_means(y, treated)
    assert est.estimate == pytest.approx(2.0)
    assert est.ci_low < 2.0 < est.ci_high


def test_an_arm_with_no_units_is_refused():
    with pytest.raises(ValueError, match="no units"):
        ex.difference_in_means([1.0, 2.0, 3.0], [True, True, True])


def test_cuped_narrows_the_interval_when_the_covariate_predicts_the_outcome():
    r = rng(2)
    x = r.normal(size=2000)
    treated = ex.randomize(2000, ["t", "c"], rng=r) == "t"
    y = 0.3 * treated + 0.8 * x + 0.6 * r.normal(size=2000)
    plain, adjusted = ex.difference_in_means(y, treated), ex.cuped(y, treated, x)
    assert adjusted.se < 0.7 * plain.se
    assert adjusted.ci_low < 0.3 < adjusted.ci_high


def test_regression_adjustment_agrees_with_cuped():
    r = rng(4)
    x = r.normal(size=1000)
    treated = r.random(1000) < 0.5
    y = 0.5 * treated + x + r.normal(size=1000)
    assert ex.regression_adjusted(y, treated, x).estimate == pytest.approx(
        ex.cuped(y, treated, x).estimate, abs=0.02
    )


def test_interval_coverage_is_nominal_under_the_null_model():
    r = rng(5)
    reps, n = 2000, 200
    treated = r.permuted(np.tile(np.r_[np.ones(n // 2, bool), np.zeros(n // 2, bool)], (reps, 1)), axis=1)
    y = r.normal(size=(reps, n)) + 0.2 * treated
    cover = ex.interval_coverage(y, treated, truth=0.2)["difference_in_means"]["coverage"]
    assert 0.93 <= cover <= 0.97


def test_heterogeneous_effects_find_a_real_interaction():
    r = rng(6)
    n = 4000
    high = r.random(n) < 0.5
    t = r.random(n) < 0.5
    y = t * np.where(high, 0.6, 0.0) + r.normal(size=n)
    table = ex.heterogeneous_effects(pd.DataFrame({"y": y, "t": t, "high": high}), "y", "t", "high")
    assert table.loc[True, "estimate"] == pytest.approx(0.6, abs=0.15)
    assert table.attrs["interaction_p_value"] < 0.001


def test_paired_tests_find_conditions_above_and_below_the_baseline():
    r = rng(9)
    person = r.normal(size=(80, 1))
    ratings = pd.DataFrame(
        person + r.normal(scale=0.5, size=(80, 4)) + [0, 0, 1.0, -1.0],
        columns=["base1", "base2", "good", "bad"],
    )
    table = ex.paired_tests_vs_baseline(ratings, ["base1", "base2"])
    assert table.loc["good", "direction"] == "above"
    assert table.loc["bad", "direction"] == "below"
    assert table.loc["base1", "direction"] == "baseline"


def test_the_interval_method_reproduces_the_stored_interval_and_widens_with_the_level():
    r = rng(11)
    y, treated = r.normal(size=200), r.random(200) < 0.5
    est = ex.difference_in_means(y, treated)
    low, high = est.confidence_interval(0.95)
    assert (low, high) == pytest.approx((est.ci_low, est.ci_high))
    wide = est.confidence_interval(0.99)
    assert wide.low < est.ci_low and est.ci_high < wide.high
    assert est.confidence == 0.95


def test_regression_adjusted_intervals_are_normal_at_any_level():
    r = rng(12)
    x = r.normal(size=300)
    treated = r.random(300) < 0.5
    est = ex.regression_adjusted(r.normal(size=300) + x, treated, x, alpha=0.1)
    assert est.confidence == pytest.approx(0.9)
    assert tuple(est.confidence_interval(0.9)) == pytest.approx((est.ci_low, est.ci_high))


def test_difference_in_means_agrees_with_the_shared_welch_test():
    from helpers import stats as hs

    r = rng(13)
    y, treated = r.normal(size=100), r.random(100) < 0.3
    est, welch = ex.difference_in_means(y, treated), hs.welch(y[treated], y[~treated])
    assert (est.estimate, est.se, est.p_value, est.dof) == (
        welch.difference,
        welch.se,
        welch.p_value,
        welch.dof,
    )


def test_coverage_results_read_as_fields_or_by_key():
    r = rng(14)
    treated = np.tile(np.arange(20) % 2 == 0, (50, 1))
    result = ex.interval_coverage(r.normal(size=(50, 20)), treated, truth=0.0)["difference_in_means"]
    assert result["coverage"] == result.coverage
    assert result.replications == 50
    with pytest.raises(KeyError):
        result["nope"]
