"""Specifications of helpers.privacy.study: fit_private, the privacy-utility grid and its summaries."""

import math

import numpy as np
import pytest

from helpers import privacy, recsys

from .common import rng, toy_ratings


@pytest.mark.parametrize("method", privacy.METHODS)
def test_every_private_method_fits_and_predicts_on_the_scale(method):
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    config = privacy.PrivateConfig(als_iter=2, dpsgd_steps=5)
    model = privacy.fit_private(method, train, 1.0, rng(), config)
    pred = model.predict(test)
    assert pred.shape == (len(test),) and np.all((pred >= 1) & (pred <= 5))


def test_unknown_method_is_rejected():
    with pytest.raises(ValueError, match="unknown method"):
        privacy.fit_private("dp_magic", toy_ratings(), 1.0, rng())


def small_grid(seeds=(0, 1)):
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    config = privacy.PrivateConfig(als_iter=2, dpsgd_steps=5)
    return privacy.privacy_utility_grid(
        train,
        test,
        [1.0, math.inf],
        ["dp_global_mean", "dp_global_effects"],
        seeds=seeds,
        config=config,
        n_attack=50,
    )


def test_grid_has_one_row_per_method_epsilon_and_seed_and_nests_for_results():
    grid = small_grid()
    assert len(grid) == 2 * 2 * 2
    nested = privacy.nested_by_epsilon(grid)
    assert set(nested) == {"dp_global_mean", "dp_global_effects"}
    assert list(nested["dp_global_effects"]) == ["1", "inf"]


def test_grid_takes_seeds_from_a_generator_expression():
    """The seeds used to be consumed by a length check, leaving an empty grid."""
    assert len(small_grid(seeds=(s for s in (0, 1)))) == 8


def test_grid_refuses_repeated_epsilons():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    with pytest.raises(ValueError, match="repeated"):
        privacy.privacy_utility_grid(train, test, [1.0, 1.0], ["dp_global_mean"], seeds=(0,), n_attack=50)


def test_summary_has_mean_and_std_per_epsilon_in_order():
    table = privacy.summarize_grid(small_grid())
    assert table["mean"].columns.tolist() == ["1", "inf"]


def test_epsilon_labels():
    assert [privacy.epsilon_label(e) for e in [0.1, 1, 10.0, math.inf]] == ["0.1", "1", "10", "inf"]


def test_epsilon_labels_round_trip_and_sort():
    labels = ["inf", "10", "0.1", "1"]
    assert privacy.sort_epsilon_labels(labels) == ["0.1", "1", "10", "inf"]
    assert all(privacy.epsilon_label(privacy.epsilon_from_label(label)) == label for label in labels)


def test_means_at_epsilon_and_the_best_private_method():
    grid = small_grid()
    at = privacy.means_at_epsilon(grid, "inf")
    assert at.index.tolist() == ["dp_global_mean", "dp_global_effects"]
    assert privacy.best_private_method(at) == "dp_global_effects"
    with pytest.raises(ValueError, match="not in the grid"):
        privacy.means_at_epsilon(grid, "3")
