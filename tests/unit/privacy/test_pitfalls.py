"""Specifications of helpers.privacy.pitfalls: Mironov's floating-point leak and the redrawing bounded Laplace."""

import numpy as np
import pytest

from helpers import privacy

from .common import rng


def test_naive_sampler_outputs_are_often_impossible_under_the_neighbour():
    outputs = privacy.naive_laplace(0.0, 1.0, 20_000, rng())
    assert privacy.naive_laplace_can_output(outputs, 0.0, 1.0).all()  # the check accepts the true input
    assert privacy.naive_laplace_can_output(outputs, 1.0, 1.0).mean() < 0.5


def test_low_bits_statistic_fires_only_off_the_neighbours_grid():
    assert privacy.low_bits_statistic([1.0, 2.0], 1.0).tolist() == [0.0, 0.0]


def test_opendp_laplace_adds_noise_of_the_given_scale():
    draws = privacy.opendp_laplace(0.0, 1.0, 4000)
    assert draws.shape == (4000,) and np.std(draws) == pytest.approx(np.sqrt(2), rel=0.1)


def test_bounded_laplace_stays_inside_its_bounds():
    out = privacy.bounded_laplace_naive(np.full(1000, 1.0), 1.0, 1.0, 1.0, 5.0, rng())
    assert out.min() >= 1.0 and out.max() <= 5.0


def test_bounded_laplace_true_epsilon_exceeds_the_claim():
    assert privacy.bounded_laplace_true_epsilon(1.0, 2.0, 1.0, 1.0, 1.0, 5.0) == pytest.approx(
        1.4774, abs=1e-3
    )


def test_bounded_laplace_finishes_near_its_acceptance_limit():
    # acceptance about 1e-3: still a legal release, finished in a bounded number of rounds
    out = privacy.bounded_laplace_naive(0.5, 1.0, 0.002, 0.0, 1.0, rng())
    assert 0.0 <= out <= 1.0


def test_bounded_laplace_true_epsilon_refuses_inputs_outside_the_bounds():
    with pytest.raises(ValueError, match="outside the bounds"):
        privacy.bounded_laplace_true_epsilon(0.0, 2.0, 1.0, 1.0, 1.0, 5.0)


def test_sizes_that_cannot_fit_in_memory_are_refused_before_allocating():
    with pytest.raises(ValueError, match="GiB"):
        privacy.naive_laplace(0.0, 1.0, 10**12, rng())
    with pytest.raises(ValueError, match="GiB"):
        privacy.opendp_laplace(0.0, 1.0, 10**12)
