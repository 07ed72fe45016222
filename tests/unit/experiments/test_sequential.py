"""Specifications of helpers.experiments.sequential: peeking inflates false positives."""

import numpy as np

from helpers import experiments as ex


def rng(seed=0):
    return np.random.default_rng(seed)


def test_peeking_inflates_false_positives_while_a_single_look_does_not():
    result = ex.peeking_simulation(500, 10, 4000, rng=rng(7))
    assert 0.03 < result.false_positive_rate_fixed < 0.07
    assert result.false_positive_rate_peeking > 0.12
    assert np.all(np.diff(result.cumulative_by_look) >= 0)


def test_an_int_seed_gives_the_same_simulation_as_its_generator():
    a = ex.peeking_simulation(100, 5, 200, rng=3)
    b = ex.peeking_simulation(100, 5, 200, rng=np.random.default_rng(3))
    assert a.false_positive_rate_peeking == b.false_positive_rate_peeking
    assert np.array_equal(a.cumulative_by_look, b.cumulative_by_look)
