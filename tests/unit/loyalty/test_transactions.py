"""Specifications of helpers.loyalty.transactions: calibration/holdout summaries and cumulative repeat
transactions, actual and expected."""

import numpy as np
import pytest

from helpers import loyalty
from unit.loyalty.cases import toy_transactions


def test_calibration_holdout_reproduces_the_published_cdnow_summary(summary, calibration):
    joined = summary.join(calibration, rsuffix="_ours")
    assert (joined["frequency"] == joined["frequency_ours"]).all()
    assert np.allclose(joined["recency"], joined["recency_ours"], atol=0.006)
    assert np.allclose(joined["T"], joined["T_ours"], atol=0.006)


def test_calibration_holdout_refuses_a_holdout_that_ends_first():
    with pytest.raises(ValueError, match="after calibration_end"):
        loyalty.calibration_holdout(toy_transactions(), "2020-02-01", "2020-01-15")


def test_calibration_holdout_refuses_a_calibration_before_every_first_purchase():
    with pytest.raises(ValueError, match="no customer made a first purchase"):
        loyalty.calibration_holdout(toy_transactions(), "2019-01-01", "2020-06-01")


def test_calibration_holdout_refuses_a_date_given_as_a_number():
    with pytest.raises(TypeError, match="must be a date"):
        loyalty.calibration_holdout(toy_transactions(), 20200201, "2020-06-01")


def test_cumulative_repeat_transactions_counts_later_purchase_days_by_week():
    counts = loyalty.cumulative_repeat_transactions(toy_transactions(), origin="2020-01-01", weeks=12)
    # repeat days: 20 Jan (day 19 -> week 3) and 10 Mar (day 69 -> week 10)
    assert counts[1] == 0 and counts[2] == 1 and counts[9] == 2 and counts[-1] == 2


def test_cumulative_repeat_transactions_refuses_an_origin_after_the_first_purchase():
    with pytest.raises(ValueError, match="origin"):
        loyalty.cumulative_repeat_transactions(toy_transactions(), origin="2020-02-01", weeks=12)


def test_cumulative_expected_repeat_of_one_customer_is_its_expected_purchases(bgnbd):
    tracked = loyalty.cumulative_expected_repeat(bgnbd, [2.0], weeks=10)
    assert tracked[1] == pytest.approx(0.0) and tracked[9] == pytest.approx(bgnbd.expected_purchases(8.0))


def test_cumulative_expected_repeat_refuses_a_grid_too_large_to_allocate(bgnbd):
    with pytest.raises(ValueError, match="GiB"):
        loyalty.cumulative_expected_repeat(bgnbd, np.zeros(1000), weeks=10**9)


def test_cumulative_expected_repeat_needs_a_repeat_buying_model():
    with pytest.raises(TypeError, match="BG/NBD or Pareto/NBD"):
        loyalty.cumulative_expected_repeat(loyalty.GammaGammaResult(6.25, 3.74, 15.44), [0.0], weeks=10)
