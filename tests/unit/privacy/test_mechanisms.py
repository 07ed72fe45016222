"""Specifications of helpers.privacy.mechanisms: Laplace, Gaussian calibration, randomized response."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import privacy

from .common import rng

BAD_EPSILONS = [0, -1, math.inf, math.nan]


@pytest.mark.parametrize("epsilon", BAD_EPSILONS)
def test_laplace_rejects_epsilon_not_positive_and_finite(epsilon):
    with pytest.raises(ValueError, match="epsilon must be a positive finite number"):
        privacy.laplace(1.0, 1.0, epsilon, rng())


@pytest.mark.parametrize("epsilon", BAD_EPSILONS)
def test_gaussian_rejects_epsilon_not_positive_and_finite(epsilon):
    with pytest.raises(ValueError, match="epsilon"):
        privacy.gaussian(1.0, 1.0, epsilon, 1e-5, rng())


@pytest.mark.parametrize("delta", [0, -1e-5, 1, 1.5, math.nan, math.inf])
def test_gaussian_rejects_delta_outside_zero_one(delta):
    with pytest.raises(ValueError, match="delta must be positive and below 1"):
        privacy.gaussian(1.0, 1.0, 1.0, delta, rng())


@pytest.mark.parametrize("sensitivity", [0, -2, math.inf])
def test_mechanisms_reject_sensitivity_not_positive(sensitivity):
    with pytest.raises(ValueError, match="sensitivity"):
        privacy.laplace(1.0, sensitivity, 1.0, rng())
    with pytest.raises(ValueError, match="sensitivity"):
        privacy.gaussian(1.0, sensitivity, 1.0, 1e-5, rng())


def test_mechanisms_reject_empty_input():
    with pytest.raises(ValueError, match="empty"):
        privacy.laplace([], 1.0, 1.0, rng())
    with pytest.raises(ValueError, match="empty"):
        privacy.gaussian([], 1.0, 1.0, 1e-5, rng())
    with pytest.raises(ValueError, match="empty"):
        privacy.randomized_response([], [1, 2, 3, 4, 5], 1.0, rng())


def test_notebook_messages_keep_their_wording():
    """Notebook 04 prints these messages; its committed outputs depend on the exact words."""
    cases = [
        (lambda: privacy.laplace(3.0, 4.0, 0.0, rng()), "epsilon must be a positive finite number, got 0.0"),
        (
            lambda: privacy.laplace(3.0, 4.0, math.inf, rng()),
            "epsilon must be a positive finite number, got inf",
        ),
        (
            lambda: privacy.gaussian(3.0, 4.0, 1.0, 1.0, rng()),
            "delta must be positive and below 1 (typically below 1/n), got 1.0",
        ),
        (
            lambda: privacy.laplace(3.0, -1.0, 1.0, rng()),
            "sensitivity must be a positive finite number, got -1.0",
        ),
        (
            lambda: privacy.randomized_response([4, 6], [1, 2, 3, 4, 5], 1.0, rng()),
            "values [6] are outside the declared categories [1, 2, 3, 4, 5]",
        ),
        (
            lambda: privacy.laplace([], 4.0, 1.0, rng()),
            "empty input: the mechanism needs at least one value to release",
        ),
    ]
    for call, message in cases:
        with pytest.raises(ValueError) as caught:
            call()
        assert str(caught.value) == message


def test_randomized_response_rejects_ratings_outside_the_scale():
    with pytest.raises(ValueError, match="outside the declared categories"):
        privacy.randomized_response([1, 3, 6], [1, 2, 3, 4, 5], 1.0, rng())


def test_mechanisms_refuse_an_unseeded_generator():
    with pytest.raises(TypeError, match="None"):
        privacy.laplace(1.0, 1.0, 1.0, None)


def test_an_int_seed_gives_the_same_draws_as_its_generator():
    assert (
        privacy.laplace(np.zeros(5), 1.0, 1.0, 42).tolist()
        == privacy.laplace(np.zeros(5), 1.0, 1.0, rng(42)).tolist()
    )


def test_laplace_is_vectorized_and_has_the_calibrated_spread():
    noisy = privacy.laplace(np.zeros(200_000), sensitivity=2.0, epsilon=0.5, rng=rng())
    assert noisy.shape == (200_000,)
    assert np.std(noisy) == pytest.approx(math.sqrt(2) * 4.0, rel=0.02)


def test_scalar_in_scalar_out():
    assert isinstance(privacy.laplace(3.0, 1.0, 1.0, rng()), float)
    assert isinstance(privacy.gaussian(3.0, 1.0, 1.0, 1e-5, rng()), float)


@given(st.floats(0.05, 5), st.floats(0.05, 5))
@settings(max_examples=30, deadline=None)
def test_noise_scale_grows_as_epsilon_shrinks(e1, e2):
    low, high = sorted([e1, e2])
    assert privacy.gaussian_sigma_analytic(1.0, low, 1e-5) >= privacy.gaussian_sigma_analytic(1.0, high, 1e-5)


@pytest.mark.parametrize("epsilon", [0.1, 0.5, 1.0, 3.0, 10.0])
def test_analytic_gaussian_meets_delta_exactly(epsilon):
    sigma = privacy.gaussian_sigma_analytic(1.0, epsilon, 1e-5)
    assert privacy.gaussian_delta(sigma, 1.0, epsilon) == pytest.approx(1e-5, rel=1e-4)


@pytest.mark.parametrize("epsilon", [0.1, 0.5, 0.9])
def test_analytic_gaussian_needs_less_noise_than_the_classic_bound(epsilon):
    assert privacy.gaussian_sigma_analytic(1.0, epsilon, 1e-5) < privacy.gaussian_sigma_classic(
        1.0, epsilon, 1e-5
    )


def test_classic_bound_fails_its_delta_at_large_epsilon():
    sigma = privacy.gaussian_sigma_classic(1.0, 10.0, 1e-5)
    assert privacy.gaussian_delta(sigma, 1.0, 10.0) > 1e-5


@given(st.floats(1e-3, 1e3), st.floats(1e-3, 1e3), st.floats(0, 50))
@settings(max_examples=50, deadline=None)
def test_gaussian_delta_is_a_probability(sigma, sensitivity, epsilon):
    assert 0.0 <= privacy.gaussian_delta(sigma, sensitivity, epsilon) <= 1.0


def test_randomized_response_keeps_the_true_value_at_the_stated_rate():
    values = np.full(100_000, 3)
    reports = privacy.randomized_response(values, [1, 2, 3, 4, 5], 1.0, rng())
    assert np.mean(reports == 3) == pytest.approx(math.e / (math.e + 4), abs=0.005)
    assert set(np.unique(reports)) == {1, 2, 3, 4, 5}


def test_randomized_response_works_on_text_categories():
    reports = privacy.randomized_response(["yes"] * 1000, ["yes", "no"], 1.0, rng())
    assert set(reports) <= {"yes", "no"}


def test_randomized_response_debiasing_is_unbiased():
    values = rng(1).integers(1, 6, 200_000)
    reports = privacy.randomized_response(values, [1, 2, 3, 4, 5], 1.0, rng(2))
    assert privacy.rr_unbiased(reports, [1, 2, 3, 4, 5], 1.0).mean() == pytest.approx(values.mean(), abs=0.05)


def test_rr_keep_probability_is_one_without_privacy():
    assert privacy.rr_keep_probability(math.inf, 5) == 1.0
