"""Shared fixtures of the emotion tests: the notebook's default simulated study."""

import numpy as np
import pytest

from helpers.simulate import emotion as se

PATHS = [(c, e) for c, e, _ in se.PATHS]


@pytest.fixture(scope="session")
def default_study():
    params = se.EmotionStudyParams()
    data = se.simulate_study(params, np.random.default_rng(0).spawn(4)[0])  # the notebook's default study
    return params, data
