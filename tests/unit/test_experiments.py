"""Specifications of helpers.experiments: randomization, power, effect estimates, corrections, peeking, ANOVA."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import experiments as ex


def rng(seed=0):
    return np.random.default_rng(seed)


# ------------------------------------------------------------------ randomization and balance
def test_randomize_gives_exact_arm_sizes():
    arms = ex.randomize(100, ["a", "b", "c"], [0.5, 0.3, 0.2], rng=rng())
    counts = pd.Series(arms).value_counts()
    assert counts.to_dict() == {"a": 50, "b": 30, "c": 20}


def test_randomize_is_reproducible_with_the_same_seed():
    first = ex.randomize(50, ["a", "b"], rng=rng(3))
    second = ex.randomize(50, ["a", "b"], rng=rng(3))
    assert (first == second).all()


def test_randomize_within_strata_balances_each_stratum():
    strata = np.repeat(["high", "low"], [40, 60])
    arms = ex.randomize(100, ["t", "c"], rng=rng(), strata=strata)
    table = pd.crosstab(strata, arms)
    assert (table["t"] == table["c"]).all()


@pytest.mark.parametrize("allocation", [[0.5, 0.4], [0.7, 0.7]])
def test_allocation_ratios_must_sum_to_one(allocation):
    with pytest.raises(ValueError, match="sum to 1"):
        ex.randomize(10, ["a", "b"], allocation, rng=rng())


def test_an_arm_with_zero_allocation_is_refused():
    with pytest.raises(ValueError, match="no units"):
        ex.randomize(10, ["a", "b"], [1.0, 0.0], rng=rng())


def test_too_few_units_for_the_arms_is_refused():
    with pytest.raises(ValueError, match="no units"):
        ex.randomize(2, ["a", "b", "c"], rng=rng())


def test_balance_table_reports_small_smd_under_randomization():
    r = rng(1)
    covariates = pd.DataFrame({"age": r.normal(40, 10, 4000), "activity": r.exponential(1, 4000)})
    arms = ex.randomize(4000, ["control", "treat"], rng=r)
    table = ex.balance_table(covariates, arms, "control")
    assert (table["smd_treat"].abs() < 0.1).all()
    assert table["p_value"].between(0, 1).all()


# ------------------------------------------------------------------ power
def test_sample_size_matches_the_textbook_value_for_d_half():
    # two-sided alpha 0.05, power 0.8, d = 0.5: 64 per arm (Cohen 1988)
    assert ex.sample_size_per_arm(0.5, sd=1.0) == 64


def test_mde_inverts_sample_size():
    n = ex.sample_size_per_arm(0.2, sd=1.0)
    assert ex.minimum_detectable_effect(n, sd=1.0) == pytest.approx(0.2, abs=0.002)


def test_power_at_the_mde_is_the_requested_power():
    mde = ex.minimum_detectable_effect(500, sd=2.0, power=0.9)
    assert ex.power_of_test(mde, 500, sd=2.0) == pytest.approx(0.9, abs=1e-3)


@pytest.mark.parametrize("kwargs", [{"alpha": 0.0}, {"alpha": 1.0}, {"power": 1.2}, {"power": 0.0}, {"alpha": -0.1}])
def test_alpha_and_power_outside_zero_one_are_refused(kwargs):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        ex.sample_size_per_arm(0.3, **kwargs)


@given(st.floats(0.05, 1.0), st.floats(0.05, 1.0))
@settings(max_examples=20, deadline=None)
def test_a_larger_effect_never_needs_more_units(small, large):
    small, large = sorted([small, large])
    assert ex.sample_size_per_arm(large) <= ex.sample_size_per_arm(small)


# ------------------------------------------------------------------ effects
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
    assert ex.regression_adjusted(y, treated, x).estimate == pytest.approx(ex.cuped(y, treated, x).estimate, abs=0.02)


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


# ------------------------------------------------------------------ multiple testing
def test_holm_matches_the_hand_computed_example():
    assert ex.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


def test_benjamini_hochberg_matches_the_hand_computed_example():
    assert ex.benjamini_hochberg([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.04, 0.04])


@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
@settings(max_examples=25, deadline=None)
def test_adjusted_pvalues_never_fall_below_raw_and_bh_never_exceeds_holm(p):
    p = np.array(p)
    h, b = ex.holm(p), ex.benjamini_hochberg(p)
    assert (h >= p - 1e-12).all() and (b >= p - 1e-12).all() and (b <= h + 1e-12).all()


def test_pvalues_outside_zero_one_are_refused():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        ex.holm([0.2, 1.5])


# ------------------------------------------------------------------ peeking
def test_peeking_inflates_false_positives_while_a_single_look_does_not():
    result = ex.peeking_simulation(500, 10, 4000, rng=rng(7))
    assert 0.03 < result.false_positive_rate_fixed < 0.07
    assert result.false_positive_rate_peeking > 0.12
    assert np.all(np.diff(result.cumulative_by_look) >= 0)


# ------------------------------------------------------------------ ANOVA
def test_two_way_anova_reports_degrees_of_freedom_and_partial_eta():
    r = rng(8)
    frame = pd.DataFrame({"a": np.repeat(["x", "y"], 60), "b": np.tile(["p", "q", "r"], 40)})
    frame["y"] = (frame["a"] == "y") * 1.0 + r.normal(size=120)
    table = ex.two_way_anova(frame, "y", "a", "b")
    assert table.loc["a", "df_effect"] == 1 and table.loc["a", "df_error"] == 114
    assert table.loc["a x b", "df_effect"] == 2
    f = table.loc["a", "F"]
    assert table.loc["a", "partial_eta_sq"] == pytest.approx(f / (f + 114))


def test_paired_tests_find_conditions_above_and_below_the_baseline():
    r = rng(9)
    person = r.normal(size=(80, 1))
    ratings = pd.DataFrame(person + r.normal(scale=0.5, size=(80, 4)) + [0, 0, 1.0, -1.0],
                           columns=["base1", "base2", "good", "bad"])
    table = ex.paired_tests_vs_baseline(ratings, ["base1", "base2"])
    assert table.loc["good", "direction"] == "above"
    assert table.loc["bad", "direction"] == "below"
    assert table.loc["base1", "direction"] == "baseline"


def test_vectorized_main_effect_equals_the_statsmodels_anova_row_by_row():
    r = rng(10)
    reps, n = 3, 60
    a = r.random((reps, n)) < 0.5
    b = np.tile(np.repeat([0, 1, 2], n // 3), (reps, 1))
    y = 0.8 * a + 0.3 * (b == 1) + r.normal(size=(reps, n))
    many = ex.two_way_main_effect_many(y, a, b)
    for i in range(reps):
        frame = pd.DataFrame({"y": y[i], "a": a[i], "b": b[i]})
        table = ex.two_way_anova(frame, "y", "a", "b")
        assert many["F"][i] == pytest.approx(table.loc["a", "F"])
        assert many["partial_eta_sq"][i] == pytest.approx(table.loc["a", "partial_eta_sq"])
    assert many["df"] == (1, n - 6)
