"""Specifications of helpers.loyalty.nps: Net Promoter Score, its intervals, comparison and sample size."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import loyalty


def test_nps_counts_promoters_minus_detractors():
    result = loyalty.net_promoter_score([10, 9, 9, 8, 7, 6, 0, 3, 10, 10])
    assert result.score == pytest.approx(100 * (5 - 3) / 10)
    assert (result.promoters, result.detractors, result.n) == (0.5, 0.3, 10)


def test_nps_interval_uses_multinomial_variance():
    answers = [10] * 40 + [8] * 40 + [3] * 20
    result = loyalty.net_promoter_score(answers, confidence=0.95)
    p, d, n = 0.4, 0.2, 100
    se = 100 * np.sqrt((p * (1 - p) + d * (1 - d) + 2 * p * d) / n)
    assert result.ci_high - result.score == pytest.approx(1.959964 * se, rel=1e-5)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
@settings(max_examples=100, deadline=None)
def test_nps_and_its_interval_stay_within_minus_100_and_100(answers):
    result = loyalty.net_promoter_score(answers)
    assert -100 <= result.ci_low <= result.score <= result.ci_high <= 100


@pytest.mark.parametrize(
    "bad, message",
    [
        ([5, 11], "from 0 to 10"),
        ([-1, 5], "from 0 to 10"),
        ([7.5, 8], "whole numbers"),
        ([], "at least one answer"),
        ([5, np.nan], "NaN"),
    ],
)
def test_nps_rejects_bad_answers(bad, message):
    with pytest.raises(ValueError, match=message):
        loyalty.net_promoter_score(bad)


@pytest.mark.parametrize("bad", [9, "9", [True, False]])
def test_nps_needs_a_list_of_answers_not_one_value_or_flags(bad):
    with pytest.raises(TypeError, match="scores must be"):
        loyalty.net_promoter_score(bad)


def test_nps_interval_covers_the_true_nps_in_about_95_percent_of_surveys():
    rng = np.random.default_rng(2024)
    probs = np.array([0.02, 0.02, 0.03, 0.03, 0.05, 0.05, 0.08, 0.12, 0.2, 0.2, 0.2])
    truth = 100 * (probs[9:].sum() - probs[:7].sum())
    covered = []
    for _ in range(2000):
        result = loyalty.net_promoter_score(rng.choice(11, size=300, p=probs))
        covered.append(result.ci_low <= truth <= result.ci_high)
    assert 0.93 <= np.mean(covered) <= 0.965


def test_nps_bootstrap_interval_agrees_with_the_analytic_interval():
    rng = np.random.default_rng(1)
    answers = rng.choice(11, size=800, p=[0.04] * 5 + [0.05, 0.1, 0.15, 0.2, 0.15, 0.15])
    analytic = loyalty.net_promoter_score(answers)
    low, high = loyalty.nps_bootstrap_interval(answers, n_boot=4000, rng=rng)
    assert low == pytest.approx(analytic.ci_low, abs=1.0)
    assert high == pytest.approx(analytic.ci_high, abs=1.0)


def test_nps_bootstrap_interval_is_an_interval_at_its_confidence():
    interval = loyalty.nps_bootstrap_interval([10, 9, 3, 7, 8, 10, 0], n_boot=500, confidence=0.9, rng=3)
    assert interval.confidence == 0.9 and interval.low <= interval.high


def test_nps_bootstrap_interval_is_reproducible_from_a_seed():
    answers = [10, 9, 3, 7, 8, 10, 0, 6, 9]
    first = loyalty.nps_bootstrap_interval(answers, n_boot=300, rng=5)
    assert first == loyalty.nps_bootstrap_interval(answers, n_boot=300, rng=5)


def test_compare_nps_is_b_minus_a_with_a_wider_interval_than_either_group():
    a = [10] * 30 + [8] * 40 + [2] * 30
    b = [10] * 50 + [8] * 30 + [2] * 20
    diff = loyalty.compare_nps(a, b)
    assert diff.difference == pytest.approx(30.0)
    assert diff.ci_high - diff.ci_low > diff.nps_b.ci_high - diff.nps_b.ci_low
    assert diff.p_value < 0.05


def test_compare_nps_of_identical_groups_is_zero_with_p_value_one():
    a = [10, 9, 7, 3, 5, 9, 10, 8]
    diff = loyalty.compare_nps(a, a)
    assert diff.difference == 0 and diff.p_value == pytest.approx(1.0)


def test_nps_sample_size_worst_case_for_plus_minus_5_points():
    assert loyalty.nps_sample_size(5, promoters=0.5, detractors=0.5) == 1537


def test_nps_sample_size_shrinks_as_the_margin_grows():
    assert loyalty.nps_sample_size(10) < loyalty.nps_sample_size(5)


def test_nps_sample_size_rejects_a_non_positive_margin():
    with pytest.raises(ValueError, match="margin"):
        loyalty.nps_sample_size(0)


def test_nps_sample_size_needs_at_least_one_respondent_even_without_variance():
    assert loyalty.nps_sample_size(5, promoters=1.0, detractors=0.0) == 1


def test_nps_sample_size_refuses_shares_that_add_up_to_more_than_everyone():
    with pytest.raises(ValueError, match="shares of the same respondents"):
        loyalty.nps_sample_size(5, promoters=0.7, detractors=0.5)


def test_nps_sample_size_refuses_a_margin_no_population_can_meet():
    with pytest.raises(ValueError, match="wider margin"):
        loyalty.nps_sample_size(1e-300)


def test_vectorized_nps_interval_matches_net_promoter_score():
    answers = [10, 9, 9, 8, 7, 6, 0, 3, 10, 10, 5, 9]
    single = loyalty.net_promoter_score(answers)
    score, low, high = loyalty.nps_interval_from_counts(6, 4, 12)
    assert (score, low, high) == pytest.approx((single.score, single.ci_low, single.ci_high))


def test_vectorized_nps_interval_broadcasts_counts_against_one_survey_size():
    result = loyalty.nps_interval_from_counts([6, 0, 12], [4, 12, 0], 12)
    assert result.score == pytest.approx([100 * 2 / 12, -100, 100])
    assert np.all(result.ci_low <= result.score) and np.all(result.score <= result.ci_high)


def test_nps_interval_from_counts_refuses_more_promoters_and_detractors_than_respondents():
    # issue 12: nps_interval_from_counts(30, 5, 10) returned a score of 250
    with pytest.raises(ValueError, match="exceeds n"):
        loyalty.nps_interval_from_counts(30, 5, 10)


def test_nps_interval_from_counts_refuses_counts_that_do_not_broadcast():
    with pytest.raises(ValueError, match="broadcast"):
        loyalty.nps_interval_from_counts([1, 2], [1, 2, 3], 10)
