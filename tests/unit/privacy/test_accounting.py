"""Specifications of helpers.privacy.accounting: DP-SGD's epsilon and noise multiplier (RDP)."""

import math

import pytest

from helpers import privacy


def test_rdp_accountant_reproduces_the_opacus_reference_value():
    assert privacy.dpsgd_epsilon(1.5, 0.04, 2250, 1e-5) == pytest.approx(7.329, abs=0.01)


def test_calibrated_noise_multiplier_meets_but_does_not_exceed_the_budget():
    sigma = privacy.dpsgd_noise_multiplier(2.0, 0.2, 50, 1e-6)
    assert privacy.dpsgd_epsilon(sigma, 0.2, 50, 1e-6) <= 2.0
    assert privacy.dpsgd_epsilon(sigma * 0.99, 0.2, 50, 1e-6) > 2.0


def test_no_noise_means_no_privacy():
    assert privacy.dpsgd_epsilon(0.0, 0.2, 50, 1e-6) == math.inf
    assert privacy.dpsgd_noise_multiplier(math.inf, 0.2, 50, 1e-6) == 0.0


def test_calibration_outside_its_range_says_so():
    with pytest.raises(ValueError, match="search range"):
        privacy.dpsgd_noise_multiplier(1e6, 0.2, 150, 1e-6)
