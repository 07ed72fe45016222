"""Specifications of helpers.loyalty.survival: time to repeat, Kaplan-Meier, log-rank, Cox."""

import numpy as np
import pytest

from helpers import loyalty
from unit.loyalty.cases import toy_transactions


def test_time_to_repeat_censors_customers_without_a_second_purchase_day():
    out = loyalty.time_to_repeat(toy_transactions(), end="2020-04-30")
    assert out.loc[1, "repeated"] and out.loc[1, "weeks"] == pytest.approx(19 / 7)
    assert not out.loc[3, "repeated"] and out.loc[3, "weeks"] == pytest.approx(89 / 7)


def test_time_to_repeat_needs_quantity_and_amount():
    with pytest.raises(ValueError, match="quantity"):
        loyalty.time_to_repeat(toy_transactions().drop(columns="quantity"), end="2020-04-30")


def test_time_to_repeat_refuses_an_end_before_every_purchase():
    with pytest.raises(ValueError, match="no transactions on or before end"):
        loyalty.time_to_repeat(toy_transactions(), end="2019-01-01")


def test_time_to_repeat_refuses_negative_amounts():
    tx = toy_transactions()
    tx.loc[0, "amount"] = -5.0
    with pytest.raises(ValueError, match="amount"):
        loyalty.time_to_repeat(tx, end="2020-04-30")


def test_logrank_separates_clearly_different_groups():
    rng = np.random.default_rng(0)
    durations = np.concatenate([rng.exponential(1, 300), rng.exponential(3, 300)])
    groups = np.repeat(["a", "b"], 300)
    result = loyalty.logrank(durations, np.ones(600, bool), groups)
    assert result.p_value < 1e-6


def test_logrank_needs_exactly_two_groups():
    with pytest.raises(ValueError, match="two distinct"):
        loyalty.logrank([1, 2, 3], [1, 1, 1], ["a", "b", "c"])


def test_logrank_refuses_missing_group_labels():
    with pytest.raises(ValueError, match="missing labels"):
        loyalty.logrank([1, 2, 3], [1, 1, 1], ["a", None, "b"])


def test_logrank_needs_an_observed_event():
    with pytest.raises(ValueError, match="at least one observed event"):
        loyalty.logrank([1, 2, 3, 4], [0, 0, 0, 0], ["a", "a", "b", "b"])


def test_cox_hazard_ratio_recovers_a_known_ratio():
    rng = np.random.default_rng(3)
    treated = np.repeat([0, 1], 3000)
    durations = rng.exponential(1 / np.where(treated == 1, 0.5, 1.0))
    hr = loyalty.cox_hazard_ratio(durations, np.ones(6000, bool), treated)
    assert hr.ci_low < 0.5 < hr.ci_high and hr.confidence == 0.95


def test_cox_hazard_ratio_needs_both_groups():
    with pytest.raises(ValueError, match="both groups"):
        loyalty.cox_hazard_ratio([1.0, 2.0, 3.0], [1, 1, 0], [1, 1, 1])


def test_kaplan_meier_survival_never_rises():
    rng = np.random.default_rng(4)
    km = loyalty.kaplan_meier(rng.exponential(2, 200), rng.uniform(size=200) < 0.7)
    assert np.all(np.diff(km.survival_function_.iloc[:, 0].values) <= 0)


def test_kaplan_meier_refuses_event_indicators_that_are_not_zero_or_one():
    with pytest.raises(ValueError, match="observed"):
        loyalty.kaplan_meier([1.0, 2.0, 3.0], [1, 2, 0])


def test_kaplan_meier_refuses_negative_durations():
    with pytest.raises(ValueError, match="durations"):
        loyalty.kaplan_meier([1.0, -2.0, 3.0], [1, 1, 0])
