"""Specifications of helpers.loyalty.models.nbd: purchase counts over a known exposure (contractual data)."""

import numpy as np
import pytest
from scipy import stats

from helpers import loyalty


def _draw(r, alpha, exposure, rng):
    rate = rng.gamma(r, 1 / alpha, size=exposure.size)
    return rng.poisson(rate * exposure)


def test_nbd_log_likelihood_is_the_negative_binomial_pmf():
    r, alpha, x, t = 0.8, 8.0, np.array([0, 1, 4]), np.array([10.0, 20.0, 52.0])
    expected = stats.nbinom.logpmf(x, r, alpha / (alpha + t))
    assert loyalty.nbd_log_likelihood([r, alpha], x, t) == pytest.approx(expected)


def test_fit_nbd_recovers_the_mean_purchase_rate():
    rng = np.random.default_rng(4)
    exposure = rng.uniform(5, 52, 20_000)
    fit = loyalty.fit_nbd(_draw(0.8, 8.0, exposure, rng), exposure)
    assert fit.purchase_rate == pytest.approx(0.1, rel=0.03)
    assert fit.r == pytest.approx(0.8, rel=0.1)


def test_rate_ratio_of_two_nbd_fits_covers_the_true_ratio():
    rng = np.random.default_rng(5)
    exposure = rng.uniform(1, 52, 4000)
    control = loyalty.fit_nbd(_draw(0.8, 8.0, exposure, rng), exposure)
    treated = loyalty.fit_nbd(_draw(0.8, 8.0 / 1.25, exposure, rng), exposure)
    ratio = loyalty.ratio_interval(control, treated)
    assert ratio.ci_low < 1.25 < ratio.ci_high


def test_a_customer_with_zero_exposure_and_no_purchase_adds_nothing():
    assert loyalty.nbd_log_likelihood([0.8, 8.0], [0], [0.0]) == pytest.approx([0.0])


def test_nbd_never_drops_customers():
    model = loyalty.NBDResult(0.8, 8.0)
    assert model.p_alive([3], [10.0], [52.0]) == pytest.approx([1.0])
    assert model.conditional_expected_purchases(10, [3], [10.0], [52.0]) == pytest.approx([10 * 3.8 / 60])
