"""Specifications of helpers.loyalty.models.pareto_nbd: the Pareto/NBD on CDNOW."""

import numpy as np
import pytest

from helpers import loyalty


def test_pareto_nbd_reproduces_fader_hardie_lee_2005(pareto):
    published = {"r": 0.55, "alpha": 10.58, "s": 0.61, "beta": 11.67}
    for name, value in published.items():
        # the paper prints 2 significant digits for r and s: 0.5% of 0.55 is below its rounding
        assert getattr(pareto, name) == pytest.approx(value, rel=0.01 if name in "rs" else 0.005), name
    assert pareto.log_likelihood == pytest.approx(-9595.0, abs=0.5)


def test_pareto_nbd_rejects_recency_greater_than_T():
    with pytest.raises(ValueError, match="greater than T"):
        loyalty.fit_pareto_nbd([2], [10.0], [5.0])


def test_fit_pareto_nbd_refuses_data_without_any_repeat_purchase():
    with pytest.raises(ValueError, match="no customer made a repeat purchase"):
        loyalty.fit_pareto_nbd([0] * 20, [0.0] * 20, [30.0] * 20)


def test_pareto_nbd_expected_purchases_refuse_negative_time(pareto):
    # issue 12: Pareto/NBD expected_purchases(-1) was negative
    with pytest.raises(ValueError, match="below 0"):
        pareto.expected_purchases(-1)


def test_pareto_nbd_expected_purchases_start_at_zero_and_grow(pareto):
    values = pareto.expected_purchases(np.arange(0, 80))
    assert values[0] == pytest.approx(0.0, abs=1e-12) and np.all(np.diff(values) > 0)


def test_pareto_nbd_expectations_are_continuous_at_s_equal_one():
    at_one = loyalty.ParetoNBDResult(0.5, 10.0, 1.0, 12.0).expected_purchases(20.0)
    near_one = loyalty.ParetoNBDResult(0.5, 10.0, 1.0 + 1e-6, 12.0).expected_purchases(20.0)
    assert at_one == pytest.approx(near_one, rel=1e-5)


def test_pareto_nbd_p_active_new_is_the_survival_of_a_gamma_mixed_exponential():
    fit = loyalty.ParetoNBDResult(0.5, 10.0, 0.6, 12.0)
    rng = np.random.default_rng(9)
    lifetimes = rng.exponential(1 / rng.gamma(0.6, 1 / 12.0, 200_000))
    assert fit.p_active_new(30.0) == pytest.approx(np.mean(lifetimes > 30.0), abs=0.005)


def test_pareto_nbd_p_alive_lies_between_zero_and_one(pareto, summary):
    p = pareto.p_alive(summary["frequency"], summary["recency"], summary["T"])
    assert np.all((p >= 0) & (p <= 1))


def test_pareto_nbd_log_likelihood_sums_to_the_fitted_maximum(pareto, summary):
    values = loyalty.pareto_nbd_log_likelihood(
        list(pareto.params.values()), summary["frequency"], summary["recency"], summary["T"]
    )
    assert values.sum() == pytest.approx(pareto.log_likelihood, abs=1e-6)
