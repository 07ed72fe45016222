"""Specifications of helpers.privacy.audit: empirical lower bounds on epsilon and membership inference."""

import numpy as np
import pytest

from helpers import privacy, stats

from .common import rng


def test_audit_catches_the_floating_point_leak_of_the_naive_sampler():
    result = privacy.audit_epsilon(
        lambda x, n, r: privacy.naive_laplace(x, 1.0, n, r),
        0.0,
        1.0,
        1.0,
        20_000,
        rng(),
        statistic=lambda y: privacy.low_bits_statistic(y, 1.0),
    )
    assert result.violated and result.epsilon_lower > 3


def test_audit_of_a_correct_laplace_stays_below_its_claim():
    result = privacy.audit_epsilon(
        lambda x, n, r: privacy.laplace(np.full(n, x), 1.0, 1.0, r), 0.0, 1.0, 1.0, 50_000, rng(3)
    )
    assert not result.violated
    assert result.epsilon_lower > 0.7  # and the audit is tight enough to mean something


def test_audit_of_randomized_response_stays_below_its_claim():
    def mech(x, n, r):
        return privacy.randomized_response(np.full(n, x), [1, 2, 3, 4, 5], 1.0, r)

    assert not privacy.audit_epsilon(mech, 1, 5, 1.0, 50_000, rng(4)).violated


def test_audit_catches_the_resampling_bounded_laplace():
    def mech(x, n, r):
        return privacy.bounded_laplace_naive(np.full(n, x), 1.0, 1.0, 1.0, 5.0, r)

    result = privacy.audit_epsilon(mech, 1.0, 2.0, 1.0, 100_000, rng(5))
    assert result.violated
    assert result.epsilon_lower <= privacy.bounded_laplace_true_epsilon(1.0, 2.0, 1.0, 1.0, 1.0, 5.0)


def test_clopper_pearson_contains_the_estimate():
    low, high = privacy.clopper_pearson(30, 100)
    assert low < 0.3 < high and 0 <= low and high <= 1


def test_clopper_pearson_is_the_one_from_helpers_stats():
    assert privacy.clopper_pearson is stats.clopper_pearson


def test_epsilon_lower_bound_unpacks_like_the_former_tuple():
    bound, event, p_high, p_low, n = privacy.epsilon_lower_bound(
        rng(1).normal(0, 1, 400), rng(2).normal(3, 1, 400), rng()
    )
    assert bound > 0 and event.startswith("s") and p_high > p_low and n == 200


def test_membership_inference_on_identical_losses_finds_nothing():
    losses = rng(6).exponential(1.0, 4000)
    attack = privacy.membership_inference(losses[:2000], losses[2000:], rng(7))
    assert attack.auc == pytest.approx(0.5, abs=0.04)
    assert attack.epsilon_lower < 0.3


def test_membership_inference_detects_memorization():
    attack = privacy.membership_inference(
        rng(8).exponential(0.2, 2000), rng(9).exponential(1.0, 2000), rng(10)
    )
    assert attack.auc > 0.75 and attack.epsilon_lower > 0.5


# ---- fail closed


def test_audit_refuses_a_mechanism_that_outputs_nan():
    with pytest.raises(ValueError, match="NaN"):
        privacy.audit_epsilon(lambda x, n, r: np.full(n, np.nan), 0.0, 1.0, 1.0, 100, rng())
