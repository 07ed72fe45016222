"""Specifications of helpers.loyalty.models.gamma_gamma: the Gamma-Gamma spend model."""

import numpy as np
import pytest

from helpers import loyalty


def test_gamma_gamma_reproduces_fader_hardie_2013(gamma_gamma):
    assert (gamma_gamma.p, gamma_gamma.q, gamma_gamma.gamma) == pytest.approx((6.25, 3.74, 15.44), rel=0.005)
    assert gamma_gamma.n_customers == 946
    assert gamma_gamma.log_likelihood == pytest.approx(-4055.92, abs=0.05)  # CLVTools' correctness test value


def test_gamma_gamma_expected_spend_shrinks_towards_the_population_mean():
    fit = loyalty.GammaGammaResult(6.25, 3.74, 15.44)
    spend = fit.conditional_expected_spend([0, 1, 50], [0.0, 100.0, 100.0])
    assert spend[0] == pytest.approx(fit.mean_spend)
    assert fit.mean_spend < spend[1] < spend[2] < 100.0


def test_gamma_gamma_rejects_repeat_buyers_without_spend():
    with pytest.raises(ValueError, match="positive monetary_value"):
        loyalty.fit_gamma_gamma([2, 1], [0.0, 20.0])


def test_gamma_gamma_expected_spend_refuses_an_infinite_expectation_when_q_is_at_most_one():
    # issue 12: conditional_expected_spend went negative when q <= 1
    fit = loyalty.GammaGammaResult(6.25, 0.5, 15.44)
    with pytest.raises(ValueError, match="q = 0.5 <= 1"):
        fit.conditional_expected_spend([0, 3], [0.0, 20.0])


def test_gamma_gamma_expected_spend_with_q_below_one_is_finite_for_frequent_buyers():
    fit = loyalty.GammaGammaResult(6.25, 0.5, 15.44)
    assert fit.mean_spend == np.inf
    assert fit.conditional_expected_spend([3], [20.0])[0] > 0


def test_gamma_gamma_log_likelihood_sums_to_the_fitted_maximum(gamma_gamma, calibration):
    repeaters = calibration[calibration["frequency"] > 0]
    values = loyalty.gamma_gamma_log_likelihood(
        list(gamma_gamma.params.values()), repeaters["frequency"], repeaters["monetary_value"]
    )
    assert values.sum() == pytest.approx(gamma_gamma.log_likelihood, abs=1e-6)


def test_gamma_gamma_log_likelihood_needs_repeat_buyers():
    with pytest.raises(ValueError, match="frequency > 0"):
        loyalty.gamma_gamma_log_likelihood([6.25, 3.74, 15.44], [0, 2], [0.0, 20.0])
