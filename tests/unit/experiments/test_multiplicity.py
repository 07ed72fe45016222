"""Specifications of helpers.experiments.multiplicity: Holm and Benjamini-Hochberg."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import experiments as ex


def rng(seed=0):
    return np.random.default_rng(seed)


def test_holm_matches_the_hand_computed_example():
    assert ex.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


def test_benjamini_hochberg_matches_the_hand_computed_example():
    assert ex.benjamini_hochberg([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.04, 0.04])


@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
@settings(max_examples=25, deadline=None)
def test_adjusted_pvalues_never_fall_below_raw_and_bh_never_exceeds_holm(p):
    p = np.array(p)
    h, b = ex.holm(p), ex.benjamini_hochberg(p)
    assert (h >= p - 1e-12).all() and (b >= p - 1e-12).all() and (b <= h + 1e-12).all()


def test_pvalues_outside_zero_one_are_refused():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        ex.holm([0.2, 1.5])
