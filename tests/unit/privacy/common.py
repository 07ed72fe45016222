"""Helpers shared by the privacy tests: a seeded generator and a small rating table with structure."""

import numpy as np
import pandas as pd


def rng(seed=0):
    return np.random.default_rng(seed)


def toy_ratings(seed=0):
    r = rng(seed)
    u, i = np.nonzero(r.random((80, 50)) < 0.4)
    truth = 3.2 + r.normal(0, 0.6, 50)[i] + r.normal(0, 0.4, 80)[u]
    return pd.DataFrame({"user_id": u + 1, "item_id": i + 1, "rating": np.clip(np.round(truth), 1, 5)})
