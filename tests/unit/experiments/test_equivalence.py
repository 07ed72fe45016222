"""Specifications of helpers.experiments.equivalence: TOST of an estimated effect from its standard error."""

import numpy as np
import pytest

from helpers import experiments as ex
from helpers import stats


def test_with_the_welch_standard_error_it_is_stats_tost():
    r = np.random.default_rng(0)
    x, y = r.normal(0.05, 1, 300), r.normal(0, 1.2, 250)
    reference = stats.tost(x, y, -0.3, 0.3)
    w = stats.welch(x, y)
    result = ex.equivalence_of_effect(w.difference, w.se, -0.3, 0.3, dof=w.dof)
    assert result.p_value == pytest.approx(reference.p_value, rel=1e-10)
    assert (result.ci_low, result.ci_high) == pytest.approx((reference.ci_low, reference.ci_high), rel=1e-10)


def test_a_precise_estimate_near_zero_is_equivalent_and_a_vague_one_is_not():
    assert ex.equivalence_of_effect(0.02, 0.05, -0.2, 0.2).equivalent
    assert not ex.equivalence_of_effect(0.02, 0.2, -0.2, 0.2).equivalent


def test_equivalence_is_shown_exactly_when_the_interval_lies_inside_the_bounds():
    for estimate, se in [(0.0, 0.1), (0.1, 0.05), (0.19, 0.11), (-0.1, 0.02)]:
        result = ex.equivalence_of_effect(estimate, se, -0.2, 0.2)
        assert result.equivalent == (-0.2 < result.ci_low and result.ci_high < 0.2)


def test_the_normal_reference_is_the_limit_of_many_degrees_of_freedom():
    normal = ex.equivalence_of_effect(0.1, 0.06, -0.2, 0.2)
    t = ex.equivalence_of_effect(0.1, 0.06, -0.2, 0.2, dof=1e7)
    assert normal.p_value == pytest.approx(t.p_value, rel=1e-5)
