"""Specifications of helpers.loyalty.models.base: what every fitted model shares."""

import dataclasses

import numpy as np
import pytest

from helpers import loyalty


def test_results_are_frozen(bgnbd):
    with pytest.raises(dataclasses.FrozenInstanceError):
        bgnbd.r = 1.0


def test_params_follow_the_model_order(bgnbd, pareto, gamma_gamma):
    assert list(bgnbd.params) == ["r", "alpha", "a", "b"]
    assert list(pareto.params) == ["r", "alpha", "s", "beta"]
    assert list(gamma_gamma.params) == ["p", "q", "gamma"]


def test_a_model_built_by_hand_is_not_a_fit():
    fit = loyalty.BGNBDResult(0.243, 4.414, 0.793, 2.426)
    assert np.isnan(fit.log_likelihood) and fit.n_customers == 0 and fit.log_param_cov is None


@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan, np.inf])
def test_results_refuse_parameters_that_are_not_positive_and_finite(bad):
    with pytest.raises(ValueError, match="BGNBDResult parameter alpha"):
        loyalty.BGNBDResult(0.243, bad, 0.793, 2.426)


def test_with_params_moves_the_parameters_and_keeps_the_covariance(bgnbd):
    moved = bgnbd.with_params(bgnbd.log_params + np.log(2))
    assert moved.r == pytest.approx(2 * bgnbd.r) and np.isnan(moved.log_likelihood)
    assert moved.log_param_cov is bgnbd.log_param_cov


def test_parameter_draws_centre_on_the_estimate_and_are_reproducible(bgnbd):
    draws = bgnbd.parameter_draws(4000, rng=1)
    assert draws.shape == (4000, 4)
    assert np.allclose(draws.mean(axis=0), bgnbd.log_params, atol=0.01)
    assert np.array_equal(draws, bgnbd.parameter_draws(4000, rng=1))


def test_parameter_draws_need_a_fitted_covariance():
    with pytest.raises(ValueError, match="no usable parameter covariance"):
        loyalty.GammaGammaResult(6.25, 3.74, 15.44).parameter_draws(10, rng=0)


def test_parameter_draws_refuse_an_unseeded_generator(bgnbd):
    with pytest.raises(TypeError, match="rng is None"):
        bgnbd.parameter_draws(10, rng=None)


def test_confidence_intervals_hold_the_estimates_and_widen_with_confidence(gamma_gamma):
    narrow, wide = gamma_gamma.confidence_intervals(0.8), gamma_gamma.confidence_intervals(0.99)
    assert (narrow["ci_low"] < narrow["estimate"]).all() and (narrow["estimate"] < narrow["ci_high"]).all()
    assert (wide["ci_low"] < narrow["ci_low"]).all() and (wide["ci_high"] > narrow["ci_high"]).all()
