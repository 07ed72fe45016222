"""Metrics of recommenders: accuracy (RMSE, MAE, precision@k, recall@k, NDCG@k), agreement of two lists
(Jaccard@k, rank-biased overlap) and beyond accuracy (calibration, diversity, novelty, coverage, Gini)."""

from .accuracy import (
    mae,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
    relevant_items,
    rmse,
)
from .beyond_accuracy import (
    average_popularity,
    calibration_kl,
    catalogue_coverage,
    exposure_gini,
    genre_distribution,
    gini,
    intra_list_diversity,
    item_popularity,
    novelty,
    profile_genre_distribution,
)
from .overlap import (
    jaccard_at_k,
    rank_biased_overlap,
)

__all__ = [
    "average_popularity",
    "calibration_kl",
    "catalogue_coverage",
    "exposure_gini",
    "genre_distribution",
    "gini",
    "intra_list_diversity",
    "item_popularity",
    "jaccard_at_k",
    "mae",
    "ndcg_at_k",
    "novelty",
    "precision_at_k",
    "profile_genre_distribution",
    "rank_biased_overlap",
    "recall_at_k",
    "relevant_items",
    "rmse",
]
