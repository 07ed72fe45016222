"""Specifications of helpers.privacy.recommenders: DP global mean and effects, input perturbation, local DP."""

import math

import numpy as np
import pandas as pd
import pytest

from helpers import privacy, recsys

from .common import rng, toy_ratings


def test_private_recommenders_reject_ratings_outside_the_scale():
    ratings = pd.DataFrame({"user_id": [1, 2], "item_id": [1, 1], "rating": [3.0, 6.0]})
    with pytest.raises(ValueError, match="outside the declared scale"):
        privacy.perturb_ratings(ratings, 1.0, rng())
    with pytest.raises(ValueError, match="outside the declared scale"):
        privacy.dp_global_effects(ratings, 1.0, rng())


def test_local_dp_refuses_ratings_between_the_categories():
    ratings = pd.DataFrame({"user_id": [1, 2], "item_id": [1, 1], "rating": [3.0, 3.5]})
    for epsilon in (1.0, math.inf):
        with pytest.raises(ValueError, match="categories"):
            privacy.local_dp_ratings(ratings, epsilon, rng())


def test_dp_global_mean_is_exact_without_noise_and_close_with_large_epsilon():
    ratings = toy_ratings()
    assert privacy.dp_global_mean(ratings, math.inf, rng()) == pytest.approx(ratings["rating"].mean())
    assert privacy.dp_global_mean(ratings, 10.0, rng()) == pytest.approx(ratings["rating"].mean(), abs=0.05)


def test_input_perturbation_adds_laplace_noise_of_range_over_epsilon():
    ratings = toy_ratings()
    noisy = privacy.perturb_ratings(ratings, 2.0, rng())
    assert np.std(noisy["rating"] - ratings["rating"]) == pytest.approx(math.sqrt(2) * 2.0, rel=0.1)


def test_global_effects_without_noise_beat_the_global_mean():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    effects = privacy.dp_global_effects(train, math.inf, rng())
    mean = privacy.dp_global_mean(train, math.inf, rng())
    assert recsys.rmse(test["rating"], effects.predict(test)) < recsys.rmse(
        test["rating"], np.full(len(test), mean)
    )


def test_an_int_seed_draws_fresh_noise_for_every_statistic():
    """An int seed becomes one generator for the whole release, never a fresh generator per statistic."""
    effects = privacy.dp_global_effects(toy_ratings(), 1.0, 3)
    assert len(set(np.round(effects.item_effect.to_numpy(), 12))) == len(effects.item_effect)
    same = privacy.dp_global_effects(toy_ratings(), 1.0, rng(3))
    assert effects.item_effect.equals(same.item_effect)


def test_rating_noise_is_the_scale_width_over_epsilon():
    noise = privacy.rating_noise(0.5)
    assert noise.scale == 8.0 and noise.sd == pytest.approx(math.sqrt(2) * 8.0)
    assert noise.density(np.array([0.0]))[0] == pytest.approx(1 / 16)
    assert privacy.rating_noise(math.inf).scale == 0.0


def test_laplace_noise_variance_is_twice_the_squared_scale():
    assert privacy.laplace_noise_variance(2.0) == pytest.approx(2 * 2.0**2)
    assert privacy.laplace_noise_variance(math.inf) == 0.0


def test_rr_noise_variance_shrinks_as_epsilon_grows():
    assert (
        privacy.rr_noise_variance(0.5) > privacy.rr_noise_variance(2.0) > privacy.rr_noise_variance(8.0) > 0
    )


def test_global_effects_predict_needs_the_id_columns():
    effects = privacy.dp_global_effects(toy_ratings(), math.inf, rng())
    with pytest.raises(ValueError, match="item_id"):
        effects.predict(pd.DataFrame({"user_id": [1]}))
