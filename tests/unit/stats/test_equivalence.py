"""Specifications of helpers.stats.equivalence: the TOST agrees with statsmodels, honours its own alpha, and
its power approximation matches simulation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import emotion as em
from helpers import stats as hs


def test_issue_12_tost_at_alpha_001_is_judged_at_001_not_at_5_percent():
    # issue 12: emotion.tost(..., alpha=0.01).equivalent tested at 5% (the property hard-coded 0.05)
    rng = np.random.default_rng(2)
    result = em.tost(rng.normal(0, 1, 200), rng.normal(0, 1, 200), -0.25, 0.25, alpha=0.01)
    assert 0.01 < result.p_value < 0.05
    assert result.alpha == 0.01
    assert not result.equivalent
    assert result.is_equivalent(0.05)


def test_the_alpha_sets_the_width_of_the_reported_interval():
    rng = np.random.default_rng(3)
    x, y = rng.normal(0, 1, 100), rng.normal(0, 1, 120)
    strict, loose = hs.tost(x, y, -0.5, 0.5, alpha=0.01), hs.tost(x, y, -0.5, 0.5, alpha=0.1)
    assert strict.ci_low < loose.ci_low < loose.difference < loose.ci_high < strict.ci_high
    assert strict.p_value == loose.p_value


def test_emotion_reexports_the_shared_tost():
    assert em.tost is hs.tost and em.tost_power is hs.tost_power and em.pooled_sd is hs.pooled_sd
    assert em.TOSTResult is hs.TOSTResult


def test_tost_agrees_with_statsmodels():
    from statsmodels.stats.weightstats import ttost_ind

    rng = np.random.default_rng(6)
    x, y = rng.normal(0.05, 1, 300), rng.normal(0, 1.3, 400)
    ours = hs.tost(x, y, -0.2, 0.2)
    p, _, _ = ttost_ind(x, y, -0.2, 0.2, usevar="unequal")
    assert ours.p_value == pytest.approx(p, rel=1e-6)


def test_tost_declares_equivalence_only_inside_the_bounds():
    rng = np.random.default_rng(7)
    y = rng.normal(0, 1, 2000)
    assert hs.tost(rng.normal(0, 1, 2000), y, -0.2, 0.2).equivalent
    assert not hs.tost(rng.normal(0.3, 1, 2000), y, -0.2, 0.2).equivalent


def test_tost_rejects_reversed_bounds():
    with pytest.raises(ValueError, match="low < high"):
        hs.tost([1, 2, 3], [1, 2, 3], 0.2, -0.2)


def test_tost_refuses_two_constant_samples():
    with pytest.raises(ValueError, match="constant"):
        hs.tost([1.0, 1.0, 1.0], [2.0, 2.0], -1, 1)


def test_a_tost_result_refuses_an_impossible_level():
    with pytest.raises(ValueError, match="alpha"):
        hs.TOSTResult(0.0, -0.1, 0.1, -0.2, 0.2, 0.01, 0.01, 0.01, 50.0, alpha=float("nan"))
    result = hs.tost([1.0, 2.0, 3.0], [1.5, 2.5, 2.0], -2, 2)
    with pytest.raises(ValueError, match="alpha"):
        result.is_equivalent(0.6)


@settings(max_examples=30, deadline=None)
@given(shift=st.floats(-1, 1), bound=st.floats(0.05, 1))
def test_tost_p_value_is_a_probability_and_the_interval_brackets_the_difference(shift, bound):
    rng = np.random.default_rng(0)
    r = hs.tost(rng.normal(shift, 1, 50), rng.normal(0, 1, 50), -bound, bound)
    assert 0 <= r.p_value <= 1
    assert r.ci_low <= r.difference <= r.ci_high


def test_tost_power_grows_with_the_sample_and_matches_simulation():
    assert hs.tost_power(20, 0.2) < hs.tost_power(200, 0.2) < hs.tost_power(2000, 0.2)
    rng = np.random.default_rng(12)
    hits = [hs.tost(rng.normal(0, 1, 300), rng.normal(0, 1, 300), -0.2, 0.2).equivalent for _ in range(400)]
    assert np.mean(hits) == pytest.approx(hs.tost_power(300, 0.2), abs=0.07)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 5000), bound=st.floats(0.01, 2), true_d=st.floats(-3, 3))
def test_tost_power_is_a_probability(n, bound, true_d):
    assert 0.0 <= hs.tost_power(n, bound, true_d) <= 1.0


def test_pooled_sd_of_two_equal_spread_samples():
    assert hs.pooled_sd([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]) == pytest.approx(1.0)


def test_tost_of_variances_too_small_to_square_gives_the_welch_degrees_of_freedom():
    # the squared variances underflow to 0 (Welch's equation was 0/0, a NaN p-value, then a refusal); the
    # rescaled equation gives the exact value: all the variance is in y, so dof = n_y - 1 = 1
    result = hs.tost([0.0, 0.0], [0.0, 1.5e-103], -1.0, 1.0)
    assert result.dof == 1.0
    assert result.equivalent and 0.0 <= result.p_value < 0.05
    assert result.ci_low < result.difference < result.ci_high


def test_tost_uses_the_shared_welch_computation():
    rng = np.random.default_rng(8)
    x, y = rng.normal(0, 1, 40), rng.normal(0.2, 2, 25)
    ours, w = hs.tost(x, y, -1.0, 1.0), hs.welch(x, y)
    assert (ours.difference, ours.dof) == (w.difference, w.dof)


def test_tost_is_the_equivalence_test_of_the_welch_estimate():
    from helpers import stats as hs

    rng = np.random.default_rng(3)
    x, y = rng.normal(0.1, 1, 80), rng.normal(0, 1.3, 60)
    w = hs.welch(x, y)
    assert hs.tost(x, y, -0.3, 0.3) == hs.equivalence_of_effect(w.difference, w.se, -0.3, 0.3, dof=w.dof)


def test_equivalence_of_an_effect_uses_the_normal_reference_for_infinite_dof():
    from helpers import stats as hs

    result = hs.equivalence_of_effect(0.0, 0.1, -0.2, 0.2)
    assert result.p_value == pytest.approx(1 - 0.97724986805, abs=1e-9) and result.equivalent
