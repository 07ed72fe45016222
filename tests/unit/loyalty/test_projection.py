"""Specifications of helpers.loyalty.projection: naive survival curves and checks of a projection on held-out
years (Fader & Hardie 2007)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import loyalty
from unit.loyalty.cases import HIGH_END, REGULAR

HOLDOUT_YEARS = [8, 9, 10, 11, 12]
REGULAR_HOLDOUT = [22.3, 20.7, 19.4, 18.3, 17.3]  # Fader & Hardie (2007), Table 1


def test_a_line_through_a_straight_curve_is_exact():
    fit = loyalty.fit_survival_curve([100, 90, 80, 70], "linear")
    assert fit.intercept == pytest.approx(100) and fit.slope == pytest.approx(-10)
    assert fit.survival(12) == pytest.approx(0.0)  # floored at zero, never negative


def test_an_exponential_through_a_geometric_curve_recovers_its_retention_rate():
    fit = loyalty.fit_survival_curve(100 * 0.8 ** np.arange(6), "exponential")
    assert fit.retention_rate == pytest.approx(0.8)
    assert fit.survival(10) == pytest.approx(100 * 0.8**10)


@pytest.mark.parametrize("curve", [REGULAR, HIGH_END], ids=["regular", "high end"])
@pytest.mark.parametrize("kind", ["linear", "exponential"])
def test_naive_curves_project_below_the_sbg_on_the_published_cohorts(curve, kind):
    naive = loyalty.fit_survival_curve(curve, kind).survival(HOLDOUT_YEARS)
    sbg = 100 * loyalty.fit_sbg(curve).survival(HOLDOUT_YEARS)
    assert np.all(naive < sbg)


def test_sbg_projects_the_regular_cohort_within_a_point_of_the_published_holdout():
    table = loyalty.holdout_comparison(
        HOLDOUT_YEARS, REGULAR_HOLDOUT, lambda t: 100 * loyalty.fit_sbg(REGULAR).survival(t)
    )
    assert table["error"].abs().max() < 1.0


def test_holdout_comparison_reports_projected_minus_actual():
    table = loyalty.holdout_comparison([8, 9], [20.0, 10.0], [22.0, 9.0])
    assert table.index.tolist() == [8, 9]
    assert table["error"].tolist() == pytest.approx([2.0, -1.0])
    assert table["relative error (%)"].tolist() == pytest.approx([10.0, -10.0])


def test_holdout_record_is_keyed_by_year_with_actual_and_projected():
    table = loyalty.holdout_comparison([8, 9], [20.0, 10.0], [22.0, 9.0])
    assert loyalty.holdout_record(table) == {
        "8": {"actual": 20.0, "projected": 22.0},
        "9": {"actual": 10.0, "projected": 9.0},
    }


@given(st.lists(st.floats(1.0, 100.0), min_size=2, max_size=12))
@settings(max_examples=50, deadline=None)
def test_a_fitted_linear_curve_never_projects_a_negative_share(values):
    curve = sorted(values, reverse=True)
    assert np.all(loyalty.fit_survival_curve(curve, "linear").survival(np.arange(40)) >= 0)
