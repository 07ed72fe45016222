"""Small rating frames with known structure, shared by the recsys tests."""

import numpy as np
import pandas as pd


def toy_ratings(n_users=60, n_items=40, k=2, density=0.5, seed=0):
    """Ratings from a known low-rank model plus small noise, on the 1-5 scale."""
    rng = np.random.default_rng(seed)
    P, Q = rng.normal(0, 0.8, (n_users, k)), rng.normal(0, 0.8, (n_items, k))
    u, i = np.nonzero(rng.random((n_users, n_items)) < density)
    r = np.clip(3.5 + np.sum(P[u] * Q[i], axis=1) + rng.normal(0, 0.1, u.size), 1, 5)
    return pd.DataFrame({"user_id": u + 1, "item_id": i + 101, "rating": r})


def timed_ratings(seed=0, **kwargs):
    """``toy_ratings`` with a ``timestamp`` column (distinct times, in random order)."""
    ratings = toy_ratings(seed=seed, **kwargs)
    rng = np.random.default_rng(seed + 1)
    return ratings.assign(timestamp=rng.permutation(len(ratings)) * 60 + 1_000_000)


def star_ratings(n_users=30, n_items=25, density=0.6, seed=0):
    """Whole-star ratings 1-5 (many ties), for the k-NN and Surprise comparisons."""
    ratings = toy_ratings(n_users, n_items, density=density, seed=seed)
    return ratings.assign(rating=np.round(ratings["rating"]).astype(float))
