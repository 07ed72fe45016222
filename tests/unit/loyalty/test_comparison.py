"""Specifications of helpers.loyalty.comparison: ours beside published values; purchase-rate ratios."""

import numpy as np
import pytest

from helpers import loyalty


def test_compare_to_published_reports_differences():
    table = loyalty.compare_to_published({"r": 0.25, "LL": -10.0}, {"r": 0.2, "LL": -10.5})
    assert table.loc["r", "difference"] == pytest.approx(0.05)
    assert table.loc["LL", "relative difference (%)"] == pytest.approx(100 * 0.5 / 10.5)


def test_compare_to_published_has_no_relative_difference_from_a_published_zero():
    table = loyalty.compare_to_published({"x": 0.1}, {"x": 0.0})
    assert np.isnan(table.loc["x", "relative difference (%)"])


def test_compare_to_published_names_what_ours_lacks():
    with pytest.raises(ValueError, match="lacks published quantities"):
        loyalty.compare_to_published({"r": 0.25}, {"r": 0.2, "alpha": 4.4})


def test_compare_to_published_refuses_a_nan_estimate():
    with pytest.raises(ValueError, match="NaN"):
        loyalty.compare_to_published({"r": float("nan")}, {"r": 0.2})


def test_rate_ratio_of_a_fit_with_itself_is_one(bgnbd):
    estimate, low, high = loyalty.ratio_interval(bgnbd, bgnbd)
    assert estimate == pytest.approx(1.0) and low < 1 < high


def test_rate_ratio_indexes_like_the_tuple_it_replaces(bgnbd, pareto):
    ratio = loyalty.ratio_interval(bgnbd, pareto)
    assert (ratio[0], ratio[1], ratio[2]) == (ratio.estimate, ratio.ci_low, ratio.ci_high)
    assert ratio.estimate == pytest.approx(pareto.purchase_rate / bgnbd.purchase_rate)


def test_rate_ratio_needs_fitted_results(bgnbd):
    with pytest.raises(ValueError, match="no usable parameter covariance"):
        loyalty.ratio_interval(bgnbd, loyalty.BGNBDResult(0.3, 4.0, 0.8, 2.4))
