"""Over-personalization measured on lists: miscalibration (Steck 2018) and the greedy calibrated re-ranking
trade-off against precision@k and NDCG@k, and the beyond-accuracy table (intra-list diversity, novelty,
catalogue coverage, exposure Gini) of several recommenders side by side."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import recsys
from .._validation import check_array, check_count

__all__ = [
    "CalibrationCase",
    "beyond_accuracy_table",
    "calibration_case",
    "calibration_tradeoff",
    "genre_frame",
]


def genre_frame(items: pd.DataFrame) -> pd.DataFrame:
    """The genre flags of ``datasets.load_movielens_items()`` as a float frame item id -> genre (0/1)."""
    from ..datasets import GENRES

    if not isinstance(items, pd.DataFrame):
        raise TypeError("items must be the DataFrame of datasets.load_movielens_items()")
    missing = [g for g in GENRES if g not in items.columns]
    if missing:
        raise ValueError(f"items lacks the genre columns {missing}: pass datasets.load_movielens_items()")
    return items[list(GENRES)].astype(float)


@dataclass(frozen=True, eq=False)
class CalibrationCase:
    """Candidates of one model for some users, ready to re-rank: ``candidates``/``scores`` (users x M, best
    first), the users' genre ``profiles`` (from training), their relevant test items and the genre frame."""

    users: np.ndarray
    candidates: np.ndarray
    scores: np.ndarray
    profiles: np.ndarray
    relevant: list
    genres: pd.DataFrame

    def rerank(self, lam: float, k: int = 10) -> np.ndarray:
        """Steck's greedy calibrated top-``k`` of every user at trade-off ``lam`` (0 keeps the model's order)."""
        return recsys.calibrated_rerank(
            self.candidates, self.scores, self.genres, self.profiles, n=k, lam=lam
        )

    def measure(self, lists: np.ndarray, k: int = 10) -> dict[str, float]:
        """Mean miscalibration (KL, alpha = 0.01), precision@k and NDCG@k of the users' lists."""
        q = recsys.genre_distribution(lists, self.genres)
        return {
            "miscalibration": float(np.mean(recsys.calibration_kl(self.profiles, q))),
            "precision_at_10": float(np.mean(recsys.precision_at_k(lists, self.relevant, k))),
            "ndcg_at_10": float(np.mean(recsys.ndcg_at_k(lists, self.relevant, k))),
        }


def calibration_case(
    model, train: pd.DataFrame, test: pd.DataFrame, genres: pd.DataFrame, users, n_candidates: int = 100
) -> CalibrationCase:
    """Top-``n_candidates`` of a fitted ``model`` for ``users`` with their profiles and relevant test items
    (rated 4 or 5). Each user's candidate scores are rescaled to [0, 1] (best 1, worst 0), so that ``lambda``
    means the same for models whose scores live on different scales (ratings, counts)."""
    n_candidates = check_count(n_candidates, "n_candidates")
    if not isinstance(model, recsys.Recommender):
        raise TypeError(f"model must be a fitted recsys recommender, got {type(model).__name__}")
    users = np.asarray(users)
    top = model.top_n(users, n_candidates)
    low, high = top.scores.min(axis=1, keepdims=True), top.scores.max(axis=1, keepdims=True)
    scores = (top.scores - low) / np.where(high > low, high - low, 1.0)
    profiles = recsys.profile_genre_distribution(train, genres, users)
    relevant = recsys.relevant_items(test, users, min_rating=4)
    return CalibrationCase(users, top.items, scores, profiles, relevant, genres)


def _check_case(case) -> CalibrationCase:
    if not isinstance(case, CalibrationCase):
        raise TypeError(f"case must be a CalibrationCase (see calibration_case), got {type(case).__name__}")
    return case


def calibration_tradeoff(case: CalibrationCase, lambdas, k: int = 10) -> pd.DataFrame:
    """Miscalibration, precision@k and NDCG@k of the calibrated lists for each ``lambda`` (one row each)."""
    case = _check_case(case)
    k = check_count(k, "k", maximum=case.candidates.shape[1])
    lambdas = check_array(lambdas, "lambdas", low=0.0, high=1.0)
    rows = [{"lambda": float(lam), **case.measure(case.rerank(float(lam), k), k)} for lam in lambdas]
    return pd.DataFrame(rows)


def beyond_accuracy_table(
    lists: dict[str, np.ndarray], case: CalibrationCase, train: pd.DataFrame, catalogue
) -> pd.DataFrame:
    """One row per recommender (its ``lists`` for ``case.users``): precision@10, NDCG@10, miscalibration,
    intra-list diversity (cosine on genres), novelty (mean self-information, bits), catalogue coverage and
    the Gini coefficient of exposure over ``catalogue``."""
    case = _check_case(case)
    if not isinstance(lists, dict) or not lists:
        raise ValueError("lists must be a non-empty dict name -> (users x k) array of item ids")
    popularity = recsys.item_popularity(train)
    rows = []
    for name, recommended in lists.items():
        recommended = np.asarray(recommended)
        if recommended.shape[0] != case.users.size:
            raise ValueError(f"lists[{name!r}] has {recommended.shape[0]} rows, one per user is needed")
        rows.append(
            {
                "recommender": name,
                **case.measure(recommended, recommended.shape[1]),
                "intra_list_diversity": float(np.mean(recsys.intra_list_diversity(recommended, case.genres))),
                "novelty_bits": float(np.mean(recsys.novelty(recommended, popularity))),
                "coverage": recsys.catalogue_coverage(recommended, catalogue),
                "exposure_gini": recsys.exposure_gini(recommended, catalogue),
            }
        )
    return pd.DataFrame(rows).set_index("recommender")
