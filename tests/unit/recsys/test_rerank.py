"""Specifications of helpers.recsys.rerank: Steck's greedy calibrated re-ranking."""

from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

from helpers import datasets, recsys

GENRES = pd.DataFrame(
    {"Drama": [1, 1, 1, 0, 0, 0], "Comedy": [0, 0, 0, 1, 1, 0], "Horror": [0, 0, 0, 0, 1, 1]},
    index=[1, 2, 3, 4, 5, 6],
).astype(bool)


def greedy_by_hand(candidates, scores, profile, n, lam, alpha=0.01):
    """The greedy algorithm of Steck (2018), one user, written with loops."""
    p_items = GENRES.loc[candidates].to_numpy(float)
    p_items /= p_items.sum(axis=1, keepdims=True)
    chosen = []
    for _ in range(n):
        best, best_value = None, -np.inf
        for c in range(len(candidates)):
            if c in chosen:
                continue
            members = [*chosen, c]
            q = p_items[members].mean(axis=0)
            kl = recsys.calibration_kl(profile, q, alpha)
            value = (1 - lam) * scores[members].sum() - lam * kl
            if value > best_value:
                best, best_value = c, value
        chosen.append(best)
    return [candidates[c] for c in chosen]


def test_lambda_zero_keeps_the_top_n_by_score():
    candidates = np.array([[1, 2, 3, 4, 5, 6]])
    scores = np.array([[0.9, 0.8, 0.7, 0.6, 0.5, 0.4]])
    profile = np.array([[0.2, 0.3, 0.5]])
    assert recsys.calibrated_rerank(candidates, scores, GENRES, profile, n=3, lam=0.0).tolist() == [[1, 2, 3]]


@pytest.mark.parametrize("lam", [0.1, 0.5, 0.9, 0.99])
def test_the_vectorized_greedy_matches_the_loop(lam):
    rng = np.random.default_rng(int(lam * 100))
    candidates = np.array([rng.permutation(np.arange(1, 7)) for _ in range(5)])
    scores = -np.sort(-rng.random((5, 6)), axis=1)
    profiles = rng.dirichlet(np.ones(3), 5)
    ours = recsys.calibrated_rerank(candidates, scores, GENRES, profiles, n=4, lam=lam)
    for row in range(5):
        assert ours[row].tolist() == greedy_by_hand(candidates[row], scores[row], profiles[row], 4, lam)


def test_miscalibration_falls_as_lambda_rises_on_movielens():
    datasets.fetch("ml-100k")
    ratings = datasets.load_movielens_100k()
    genres = datasets.load_movielens_items()[datasets.GENRES]
    model = recsys.ALSMatrixFactorization(10, 0.1, 5, rng=0).fit(ratings)
    users = model.index_.users[:100]
    items, scores = model.top_n(users, 50)
    profiles = recsys.profile_genre_distribution(ratings, genres, users)
    miscalibration = []
    for lam in (0.0, 0.5, 0.9, 0.99):
        lists = recsys.calibrated_rerank(items, scores, genres, profiles, n=10, lam=lam)
        miscalibration.append(
            recsys.calibration_kl(profiles, recsys.genre_distribution(lists, genres)).mean()
        )
    assert all(later < earlier for earlier, later in pairwise(miscalibration))


def test_scores_must_match_the_candidates():
    with pytest.raises(ValueError, match="shape of candidates"):
        recsys.calibrated_rerank([[1, 2, 3]], [[0.5, 0.4]], GENRES, [[1.0, 0.0, 0.0]], n=2)


def test_n_cannot_exceed_the_candidates():
    with pytest.raises(ValueError, match="at most 3"):
        recsys.calibrated_rerank([[1, 2, 3]], [[0.5, 0.4, 0.3]], GENRES, [[1.0, 0.0, 0.0]], n=4)
