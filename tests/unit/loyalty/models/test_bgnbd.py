"""Specifications of helpers.loyalty.models.bgnbd: the BG/NBD of Fader, Hardie & Lee (2005) on CDNOW."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import loyalty


def test_bgnbd_reproduces_fader_hardie_lee_2005(bgnbd):
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert getattr(bgnbd, name) == pytest.approx(value, rel=0.005), name
    assert bgnbd.log_likelihood == pytest.approx(-9582.4, abs=0.5)


@pytest.mark.parametrize(
    "frequency, recency, T, message",
    [
        ([1], [5.0], [4.0], "greater than T"),
        ([-1], [0.0], [4.0], "must not be negative"),
        ([0], [2.0], [4.0], "frequency 0"),
        ([], [], [], "empty"),
        ([1, 2], [1.0], [3.0, 3.0], "same length"),
    ],
)
def test_bgnbd_rejects_bad_input(frequency, recency, T, message):
    with pytest.raises(ValueError, match=message):
        loyalty.fit_bgnbd(frequency, recency, T)


def test_fit_bgnbd_refuses_data_without_any_repeat_purchase():
    # issue 12: all-zero frequencies returned r = 1.4e4, alpha = 1e21 without a word
    with pytest.raises(ValueError, match="no customer made a repeat purchase"):
        loyalty.fit_bgnbd([0] * 50, [0.0] * 50, [30.0] * 50)


def test_fit_bgnbd_warns_when_the_data_cannot_pin_the_parameters_down():
    with pytest.warns(RuntimeWarning, match="degenerate"):
        loyalty.fit_bgnbd([1], [5.0], [10.0])


def test_fit_bgnbd_on_cdnow_is_clean(summary):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loyalty.fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])


def test_bgnbd_expected_purchases_refuse_negative_time(bgnbd):
    # issue 12: BG/NBD expected_purchases(-1) was negative
    with pytest.raises(ValueError, match="below 0"):
        bgnbd.expected_purchases(-1)


def test_p_alive_is_one_without_repeat_purchases_and_falls_with_time_since_last(bgnbd):
    assert bgnbd.p_alive([0], [0.0], [30.0])[0] == 1.0
    recent, stale = bgnbd.p_alive([3, 3], [29.0, 5.0], [30.0, 30.0])
    assert recent > stale


def test_expected_purchases_start_at_zero_and_grow(bgnbd):
    values = bgnbd.expected_purchases(np.arange(0, 80))
    assert values[0] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.diff(values) > 0)


def test_bgnbd_expectations_are_finite_at_a_equal_one():
    fit = loyalty.BGNBDResult(0.3, 5.0, 1.0, 2.0)
    assert np.isfinite(fit.expected_purchases(10.0))
    assert np.isfinite(fit.conditional_expected_purchases(10.0, [2], [5.0], [8.0])).all()


def test_p_active_new_is_finite_for_long_horizons_and_little_dropout():
    fit = loyalty.BGNBDResult(0.5, 5.0, 0.01, 1000.0)
    values = fit.p_active_new(np.array([0.0, 20.0, 500.0]))
    assert values[0] == 1.0 and np.all(np.isfinite(values)) and np.all(np.diff(values) < 0)


def test_p_active_new_matches_a_monte_carlo_of_the_bgnbd_story():
    fit = loyalty.BGNBDResult(0.5, 5.0, 1.5, 3.0)
    rng = np.random.default_rng(5)
    lam = rng.gamma(0.5, 1 / 5.0, 200_000)
    p = rng.beta(1.5, 3.0, 200_000)
    # alive at t unless one of the Poisson(lambda t) repeat purchases was followed by dropout
    alive = rng.poisson(lam * p * 20.0) == 0
    assert fit.p_active_new(20.0) == pytest.approx(alive.mean(), abs=0.005)


def test_bgnbd_log_likelihood_sums_to_the_fitted_maximum(bgnbd, summary):
    values = loyalty.bgnbd_log_likelihood(
        list(bgnbd.params.values()), summary["frequency"], summary["recency"], summary["T"]
    )
    assert values.sum() == pytest.approx(bgnbd.log_likelihood, abs=1e-6)


@given(
    st.integers(0, 30),
    st.floats(0.0, 1.0),
    st.floats(1.0, 60.0),
    st.floats(0.1, 3.0),
    st.floats(0.5, 20.0),
    st.floats(0.2, 3.0),
    st.floats(0.2, 10.0),
)
@settings(max_examples=100, deadline=None)
def test_bgnbd_predictions_are_probabilities_and_grow_with_the_horizon(x, share, T, r, alpha, a, b):
    fit = loyalty.BGNBDResult(r, alpha, a, b)
    t_x = share * T if x > 0 else 0.0
    p = fit.p_alive([x], [t_x], [T])[0]
    assert 0.0 <= p <= 1.0
    near, far = fit.conditional_expected_purchases(np.array([10.0, 50.0]), [x], [t_x], [T])
    assert 0.0 <= near <= far


@pytest.mark.parametrize("a, b", [(0.5, 0.5), (0.9, 0.1), (0.1, 0.9)])
def test_bgnbd_expectations_are_finite_and_continuous_where_a_plus_b_is_one(a, b):
    # found by the property test below: the hypergeometric's third argument a + b + x - 1 is 0 there
    at, near = loyalty.BGNBDResult(1.0, 1.0, a, b), loyalty.BGNBDResult(1.0, 1.0, a, b + 1e-3)
    assert at.expected_purchases(10.0) == pytest.approx(near.expected_purchases(10.0), rel=1e-2)
    conditional = at.conditional_expected_purchases(np.array([10.0, 50.0]), [0], [0.0], [1.0])
    assert np.all(np.isfinite(conditional)) and conditional[0] < conditional[1]
