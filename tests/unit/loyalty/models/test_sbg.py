"""Specifications of helpers.loyalty.models.sbg: the shifted-beta-geometric model of Fader & Hardie (2007)."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import loyalty
from unit.loyalty.cases import HIGH_END, REGULAR


@pytest.mark.parametrize("curve, alpha, beta", [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)])
def test_sbg_reproduces_fader_hardie_2007(curve, alpha, beta):
    fit = loyalty.fit_sbg(curve)
    assert fit.alpha == pytest.approx(alpha, rel=0.005)
    assert fit.beta == pytest.approx(beta, rel=0.005)


def test_sbg_fit_of_a_published_curve_is_clean_and_has_standard_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = loyalty.fit_sbg(REGULAR)
    intervals = fit.confidence_intervals()
    assert (intervals["ci_low"] < intervals["estimate"]).all() and (
        intervals["estimate"] < intervals["ci_high"]
    ).all()


def test_sbg_rejects_survival_percentages_that_rise():
    with pytest.raises(ValueError, match="never rise"):
        loyalty.fit_sbg([100, 60, 65, 40])


def test_sbg_rejects_empty_input():
    with pytest.raises(ValueError, match="got none"):
        loyalty.fit_sbg([])


def test_fit_sbg_refuses_a_cohort_that_all_left_in_the_first_period():
    # issue 12: fit_sbg([100, 0, 0]) reported a log-likelihood of +inf
    with pytest.raises(ValueError, match="whole cohort left in period 1"):
        loyalty.fit_sbg([100, 0, 0])


def test_fit_sbg_warns_when_nobody_churns():
    with pytest.warns(RuntimeWarning, match="degenerate"):
        fit = loyalty.fit_sbg([100, 100, 100])
    assert np.isfinite(fit.log_likelihood)


def test_sbg_survival_refuses_negative_periods():
    # issue 12: SBGResult.survival(-1) returned 4.87
    with pytest.raises(ValueError, match="below 0"):
        loyalty.SBGResult(0.704, 1.182).survival(-1)


def test_sbg_retention_rate_starts_at_period_one():
    with pytest.raises(ValueError, match="below 1"):
        loyalty.SBGResult(0.704, 1.182).retention_rate(0)


def test_sbg_periods_are_whole_renewals():
    with pytest.raises(ValueError, match="whole numbers"):
        loyalty.SBGResult(0.704, 1.182).churn_probability(1.5)


@given(st.floats(0.1, 5), st.floats(0.1, 10))
@settings(max_examples=50, deadline=None)
def test_sbg_survival_never_rises_and_retention_rates_never_fall(alpha, beta):
    fit = loyalty.SBGResult(alpha, beta)
    t = np.arange(0, 30)
    assert np.all(np.diff(fit.survival(t)) <= 1e-12)
    assert np.all(np.diff(fit.retention_rate(t[1:])) >= -1e-12)


def test_sbg_churn_probabilities_and_final_survival_sum_to_one():
    fit = loyalty.SBGResult(0.704, 1.182)
    t = np.arange(1, 9)
    assert fit.churn_probability(t).sum() + fit.survival(8) == pytest.approx(1.0)


def test_sbg_discounted_expected_lifetime_matches_the_sum_of_discounted_survival():
    fit = loyalty.fit_sbg(REGULAR)
    t = np.arange(0, 3000)
    assert fit.discounted_expected_lifetime(0.1) == pytest.approx(np.sum(fit.survival(t) / 1.1**t), rel=1e-6)
