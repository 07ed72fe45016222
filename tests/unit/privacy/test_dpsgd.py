"""Specifications of helpers.privacy.dpsgd: DP-SGD matrix factorization."""

import math

import numpy as np
import pandas as pd
import pytest

from helpers import privacy

from .common import rng, toy_ratings


def test_dpsgd_fits_reports_its_budget_and_predicts_on_the_scale():
    model = privacy.DPSGDMatrixFactorization(2.0, steps=10, rng=rng()).fit(toy_ratings())
    assert model.epsilon_ <= 2.0 and model.noise_multiplier_ > 0
    pred = model.predict(toy_ratings())
    assert np.all((pred >= 1) & (pred <= 5))


def test_dpsgd_checks_hyperparameters_changed_after_construction():
    model = privacy.DPSGDMatrixFactorization(1.0, steps=5, rng=rng())
    model.clip = math.nan
    with pytest.raises(ValueError, match="clip"):
        model.fit(toy_ratings())


def test_dpsgd_needs_a_generator_to_fit():
    with pytest.raises(TypeError, match="rng"):
        privacy.DPSGDMatrixFactorization(1.0, steps=5).fit(toy_ratings())


def test_dpsgd_that_diverges_says_so():
    model = privacy.DPSGDMatrixFactorization(math.inf, steps=200, learning_rate=1e6, rng=rng())
    with np.errstate(all="ignore"), pytest.raises(ValueError, match="diverged"):
        model.fit(toy_ratings())


def test_dpsgd_predict_before_fit_is_refused():
    with pytest.raises(ValueError, match="fit"):
        privacy.DPSGDMatrixFactorization(1.0, rng=rng()).predict(
            pd.DataFrame({"user_id": [1], "item_id": [1]})
        )


def test_dpsgd_refuses_ids_missing_from_the_public_lists():
    with pytest.raises(ValueError, match="public users/items"):
        privacy.DPSGDMatrixFactorization(1.0, steps=5, users=[1, 2], rng=rng()).fit(toy_ratings())
