"""Specifications of helpers.experiments.design: randomization, balance and power."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import experiments as ex


def rng(seed=0):
    return np.random.default_rng(seed)


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


def test_sample_size_matches_the_textbook_value_for_d_half():
    # two-sided alpha 0.05, power 0.8, d = 0.5: 64 per arm (Cohen 1988)
    assert ex.sample_size_per_arm(0.5, sd=1.0) == 64


def test_mde_inverts_sample_size():
    n = ex.sample_size_per_arm(0.2, sd=1.0)
    assert ex.minimum_detectable_effect(n, sd=1.0) == pytest.approx(0.2, abs=0.002)


def test_power_at_the_mde_is_the_requested_power():
    mde = ex.minimum_detectable_effect(500, sd=2.0, power=0.9)
    assert ex.power_of_test(mde, 500, sd=2.0) == pytest.approx(0.9, abs=1e-3)


@pytest.mark.parametrize(
    "kwargs", [{"alpha": 0.0}, {"alpha": 1.0}, {"power": 1.2}, {"power": 0.0}, {"alpha": -0.1}]
)
def test_alpha_and_power_outside_zero_one_are_refused(kwargs):
    with pytest.raises(ValueError, match=r"(alpha|power) must be"):
        ex.sample_size_per_arm(0.3, **kwargs)


@given(st.floats(0.05, 1.0), st.floats(0.05, 1.0))
@settings(max_examples=20, deadline=None)
def test_a_larger_effect_never_needs_more_units(small, large):
    small, large = sorted([small, large])
    assert ex.sample_size_per_arm(large) <= ex.sample_size_per_arm(small)


def test_arm_sizes_add_up_to_the_units_by_largest_remainder():
    assert list(ex.arm_sizes(10, [1 / 3, 1 / 3, 1 / 3])) == [4, 3, 3]
    assert ex.arm_sizes(0, [0.5, 0.5]).sum() == 0


@given(st.integers(0, 10_000), st.lists(st.floats(0.05, 1.0), min_size=2, max_size=6))
@settings(max_examples=50, deadline=None)
def test_arm_sizes_always_sum_to_n_and_stay_within_one_of_the_share(n, weights):
    shares = np.array(weights) / np.sum(weights)
    sizes = ex.arm_sizes(n, shares)
    assert sizes.sum() == n
    assert np.all(np.abs(sizes - n * shares) < 1)


def test_an_effect_detectable_with_two_units_needs_two_units():
    assert ex.sample_size_per_arm(100.0) == 2
    assert ex.power_of_test(100.0, 2) > 0.8


def test_balance_table_reports_a_covariate_separated_by_arm_as_infinitely_imbalanced():
    arms = np.array(["c", "t"] * 10)
    covariates = pd.DataFrame({"flag": (arms == "t").astype(float), "x": np.arange(20.0)})
    table = ex.balance_table(covariates, arms, "c")
    assert np.isinf(table.loc["flag", "smd_t"])
