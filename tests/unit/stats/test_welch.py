"""Specifications of helpers.stats.welch: Welch's t-test agrees with scipy and gives intervals at any level."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import stats as hs
from unit.badinput import NON_FINITE, NOT_A_NUMBER


def samples(seed=0):
    r = np.random.default_rng(seed)
    return r.normal(1.0, 1.0, 30), r.normal(0.0, 2.0, 50)


def test_welch_agrees_with_scipy():
    from scipy import stats

    x, y = samples()
    ours = hs.welch(x, y)
    theirs = stats.ttest_ind(x, y, equal_var=False)
    assert ours.statistic == pytest.approx(theirs.statistic)
    assert ours.p_value == pytest.approx(theirs.pvalue)
    assert ours.dof == pytest.approx(theirs.df)
    low, high = theirs.confidence_interval(0.9)
    assert tuple(ours.confidence_interval(0.9)) == pytest.approx((low, high))


def test_a_higher_level_gives_a_wider_interval():
    w = hs.welch(*samples(1))
    narrow, wide = w.confidence_interval(0.8), w.confidence_interval(0.99)
    assert wide.low < narrow.low < w.difference < narrow.high < wide.high
    assert wide.confidence == 0.99


def test_welch_dof_works_row_by_row_and_for_scalars():
    dof = hs.welch_dof(np.array([1.0, 2.0]), np.array([1.0, 0.5]), np.array([10, 10]), np.array([10, 20]))
    assert dof.shape == (2,)
    assert dof[0] == pytest.approx(18.0)
    assert isinstance(hs.welch_dof(1.0, 1.0, 10, 10), float)


def test_two_constant_samples_are_refused():
    with pytest.raises(ValueError, match="constant"):
        hs.welch([1.0, 1.0, 1.0], [2.0, 2.0])


@pytest.mark.parametrize("bad", [[1.0], [], [1.0, float("nan")], [1.0, float("inf")], "12"])
def test_bad_samples_are_refused(bad):
    with pytest.raises((ValueError, TypeError), match="x"):
        hs.welch(bad, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("level", [0.0, 1.0, 1.5, -0.1, *NOT_A_NUMBER, *NON_FINITE])
def test_confidence_level_outside_zero_one_is_refused(level):
    with pytest.raises((ValueError, TypeError), match="confidence_level"):
        hs.welch(*samples()).confidence_interval(level)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"var_mean_x": -1.0},
        {"var_mean_x": float("nan")},
        {"n_x": 1},
        {"n_y": 2.5},
        {"var_mean_x": 0.0, "var_mean_y": 0.0},
    ],
)
def test_welch_dof_refuses_impossible_inputs(kwargs):
    call = {"var_mean_x": 1.0, "var_mean_y": 1.0, "n_x": 10, "n_y": 10, **kwargs}
    with pytest.raises(ValueError):
        hs.welch_dof(**call)


@given(
    st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=20),
    st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=20),
)
@settings(max_examples=50, deadline=None)
def test_the_interval_always_holds_the_difference(x, y):
    try:
        w = hs.welch(x, y)
    except ValueError as error:  # no spread at all (or less than floating point resolves): refused, never NaN
        assert "constant" in str(error)
        return
    ci = w.confidence_interval(0.95)
    assert ci.low <= w.difference <= ci.high
    assert 0.0 <= w.p_value <= 1.0


def textbook_dof(v_x, v_y, n_x, n_y):
    return (v_x + v_y) ** 2 / (v_x**2 / (n_x - 1) + v_y**2 / (n_y - 1))


def test_issue_13_welch_of_a_spread_too_small_to_square_is_finite():
    # the hypothesis case above: var(y)/2 is about 6e-207, whose square underflows to 0 (dof was 0/0 = NaN
    # with a numpy warning); all the variance is in y, so the degrees of freedom are n_y - 1 = 1
    w = hs.welch([0.0, 0.0], [0.0, 1.5058427591108687e-103])
    assert w.dof == 1.0
    ci = w.confidence_interval(0.95)
    assert ci.low < w.difference < ci.high and 0.0 <= w.p_value <= 1.0


@pytest.mark.parametrize("scale", [1e-300, 1e-160, 1e-120, 1e120, 1e160, 1e300])
def test_welch_dof_does_not_depend_on_the_unit_of_the_variances(scale):
    expected = textbook_dof(0.3, 0.7, 12, 20)
    with np.errstate(all="raise"):  # no underflow or overflow warning escapes
        assert hs.welch_dof(0.3 * scale, 0.7 * scale, 12, 20) == pytest.approx(expected, rel=1e-12)


def test_welch_dof_in_the_ordinary_range_is_the_textbook_value_bit_for_bit():
    rng = np.random.default_rng(0)
    v_x, v_y = rng.lognormal(0, 5, 2000), rng.lognormal(0, 5, 2000)
    n_x, n_y = rng.integers(2, 500, 2000), rng.integers(2, 500, 2000)
    assert np.array_equal(hs.welch_dof(v_x, v_y, n_x, n_y), textbook_dof(v_x, v_y, n_x, n_y))


def test_welch_refuses_variances_that_overflow():
    with pytest.raises(ValueError, match="rescale"):
        hs.welch([-1e300, 1e300], [0.0, 1.0])


@given(
    st.floats(-300, 300),
    st.floats(0, 1),
    st.integers(2, 10_000),
    st.integers(2, 10_000),
)
@settings(max_examples=200, deadline=None)
def test_welch_dof_is_finite_and_between_its_bounds_at_any_scale(log10_scale, share, n_x, n_y):
    v_x, v_y = share * 10.0**log10_scale, (1 - share) * 10.0**log10_scale
    if v_x + v_y == 0:
        return
    dof = hs.welch_dof(v_x, v_y, n_x, n_y)
    assert np.isfinite(dof)
    assert min(n_x, n_y) - 1 - 1e-9 <= dof <= n_x + n_y - 2 + 1e-9
