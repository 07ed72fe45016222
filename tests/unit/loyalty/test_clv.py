"""Specifications of helpers.loyalty.clv: discounted CLV, its parameter draws and a new customer's value."""

import numpy as np
import pytest

from helpers import loyalty

HISTORY = (np.array([0, 2, 5]), np.array([0.0, 10.0, 30.0]), np.full(3, 38.0), np.array([0, 30.0, 50.0]))


def test_undiscounted_clv_is_expected_purchases_times_expected_spend(bgnbd):
    gg = loyalty.GammaGammaResult(6.25, 3.74, 15.44)
    x, t_x, T, m = HISTORY
    clv = loyalty.discounted_clv(bgnbd, gg, x, t_x, T, m, horizon_weeks=39, annual_discount_rate=0.0)
    expected = bgnbd.conditional_expected_purchases(39, x, t_x, T) * gg.conditional_expected_spend(x, m)
    assert clv == pytest.approx(expected, rel=1e-9)
    discounted = loyalty.discounted_clv(bgnbd, gg, x, t_x, T, m, horizon_weeks=39, annual_discount_rate=0.2)
    assert np.all(discounted < clv)


def test_clv_works_with_a_pareto_nbd_transaction_model(pareto):
    gg = loyalty.GammaGammaResult(6.25, 3.74, 15.44)
    clv = loyalty.discounted_clv(pareto, gg, *HISTORY)
    assert np.all(clv > 0) and clv[2] > clv[0]


def test_clv_refuses_a_horizon_too_long_to_allocate(bgnbd):
    # a horizon of 1e12 weeks would need terabytes: refused before anything is allocated
    gg = loyalty.GammaGammaResult(6.25, 3.74, 15.44)
    with pytest.raises(ValueError, match="GiB"):
        loyalty.discounted_clv(bgnbd, gg, *HISTORY, horizon_weeks=1e12)


def test_clv_refuses_a_spend_model_in_place_of_the_transaction_model():
    gg = loyalty.GammaGammaResult(6.25, 3.74, 15.44)
    with pytest.raises(TypeError, match="transactions_model"):
        loyalty.discounted_clv(gg, gg, *HISTORY)


def test_clv_parameter_draws_are_reproducible_and_centred_on_the_point_estimate(
    bgnbd, gamma_gamma, calibration
):
    top = calibration[(calibration["frequency"] >= 5) & (calibration["recency"] > 30)].head(5)
    args = (bgnbd, gamma_gamma, top["frequency"], top["recency"], top["T"], top["monetary_value"])
    draws = loyalty.clv_parameter_draws(*args, n_draws=100, rng=7)
    assert draws.shape == (100, 5)
    assert np.array_equal(draws, loyalty.clv_parameter_draws(*args, n_draws=100, rng=7))
    point = loyalty.discounted_clv(*args)
    assert np.all(np.abs(np.median(draws, axis=0) / point - 1) < 0.05)


def test_clv_parameter_draws_need_fitted_results():
    unfitted = loyalty.BGNBDResult(0.243, 4.414, 0.793, 2.426)
    gg = loyalty.GammaGammaResult(6.25, 3.74, 15.44)
    with pytest.raises(ValueError, match="no usable parameter covariance"):
        loyalty.clv_parameter_draws(unfitted, gg, [1], [5.0], [10.0], [20.0], n_draws=5, rng=0)


def test_clv_parameter_draws_refuse_an_unseeded_generator(bgnbd, gamma_gamma):
    with pytest.raises(TypeError, match="rng is None"):
        loyalty.clv_parameter_draws(bgnbd, gamma_gamma, [1], [5.0], [10.0], [20.0], n_draws=5, rng=None)


def test_weekly_discount_rate_compounds_to_the_annual_rate():
    assert (1 + loyalty.weekly_discount_rate(0.1)) ** 52 == pytest.approx(1.1)


def test_new_customer_value_without_dropout_is_the_nbd_mean():
    model = loyalty.BGNBDResult(0.5, 5.0, 1e-3, 1e4)
    out = loyalty.new_customer_value(model, spend_per_purchase=10.0, annual_discount_rate=0.0, weeks=20)
    assert out.p_active_at_end == pytest.approx(1.0, abs=1e-4)
    assert out.purchases_at_end == pytest.approx(0.5 / 5.0 * 20, rel=1e-3)
    assert out.clv == pytest.approx(10.0 * out.purchases_at_end, rel=1e-9)


def test_new_customer_value_under_a_pareto_nbd_decays_with_its_lifetimes():
    out = loyalty.new_customer_value(loyalty.ParetoNBDResult(0.55, 10.58, 0.61, 11.67), 35.0, weeks=52)
    assert out.p_active[0] == 1.0 and np.all(np.diff(out.p_active) < 0) and out.clv > 0


def test_new_customer_value_refuses_a_horizon_too_long_to_allocate():
    with pytest.raises(ValueError, match="GiB"):
        loyalty.new_customer_value(loyalty.BGNBDResult(0.243, 4.414, 0.793, 2.426), 35.0, weeks=10**12)
