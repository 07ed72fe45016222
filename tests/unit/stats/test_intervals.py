"""Specifications of helpers.stats.intervals: the Clopper-Pearson interval is exact and conservative."""

import pytest
from scipy import stats

from helpers import stats as hs


def test_clopper_pearson_agrees_with_scipys_exact_interval():
    ours = hs.clopper_pearson(7, 20, 0.9)
    theirs = stats.binomtest(7, 20).proportion_ci(0.9, method="exact")
    assert (ours.low, ours.high) == pytest.approx((theirs.low, theirs.high))
    assert ours.confidence == 0.9


def test_clopper_pearson_reaches_the_bounds_at_zero_and_all_successes():
    assert hs.clopper_pearson(0, 10).low == 0.0
    assert hs.clopper_pearson(10, 10).high == 1.0


def test_the_interval_unpacks_and_says_what_it_contains():
    low, high = interval = hs.clopper_pearson(5, 10)
    assert low < 0.5 < high and interval.contains(0.5) and not interval.contains(0.99)
