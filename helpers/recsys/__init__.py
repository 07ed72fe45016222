"""Recommenders on rating data: data checks, ids and splits; metrics; one RatingModel protocol; baselines,
ALS matrix factorization, item-based kNN and Surprise adapters, all recommending through one base class.

Everything works on pandas frames with columns ``user_id, item_id, rating`` (as returned by
``helpers.datasets.load_movielens_100k``), so any notebook can use it:

    train, test = recsys.train_test_split(ratings, test_fraction=0.2, rng=np.random.default_rng(0))
    model = recsys.ALSMatrixFactorization(n_factors=20, rng=np.random.default_rng(0)).fit(train)
    recsys.rmse(test["rating"], model.predict(test))
    model.recommend(user_id=1, n=10)                      # rank, item_id, score
    recsys.fit_surprise("SVD", train, test, seed=0)       # a SurpriseResult with rmse, mae, fit_seconds

Modules: ``data`` (check_ratings, IdIndex, splits), ``metrics`` (accuracy, list overlap, beyond accuracy),
``base`` (RatingModel, Recommender), ``baselines``, ``als``, ``item_knn``, ``surprise``, ``rerank``
(calibrated re-ranking).
"""

from .als import (
    ALSMatrixFactorization,
    biased_mf_predict,
)
from .base import (
    RatingModel,
    Recommender,
    TopN,
)
from .baselines import (
    BaselineBiases,
    GlobalMean,
    ItemMean,
    MostPopular,
    RandomRecommender,
)
from .data import (
    RATING_COLUMNS,
    RATING_SCALE,
    EncodedPairs,
    IdIndex,
    Split,
    UnknownIdError,
    check_rating_scale,
    check_ratings,
    k_fold_splits,
    temporal_split,
    train_test_split,
    validation_split,
)
from .item_knn import (
    ItemKNN,
    fit_item_knn,
)
from .metrics import (
    average_popularity,
    calibration_kl,
    catalogue_coverage,
    exposure_gini,
    genre_distribution,
    gini,
    intra_list_diversity,
    item_popularity,
    jaccard_at_k,
    mae,
    ndcg_at_k,
    novelty,
    precision_at_k,
    profile_genre_distribution,
    rank_biased_overlap,
    recall_at_k,
    relevant_items,
    rmse,
)
from .rerank import calibrated_rerank
from .surprise import (
    SURPRISE_ALGORITHMS,
    SurpriseRecommender,
    SurpriseResult,
    fit_surprise,
    make_surprise,
    to_surprise_trainset,
)

__all__ = [
    "RATING_COLUMNS",
    "RATING_SCALE",
    "SURPRISE_ALGORITHMS",
    "ALSMatrixFactorization",
    "BaselineBiases",
    "EncodedPairs",
    "GlobalMean",
    "IdIndex",
    "ItemKNN",
    "ItemMean",
    "MostPopular",
    "RandomRecommender",
    "RatingModel",
    "Recommender",
    "Split",
    "SurpriseRecommender",
    "SurpriseResult",
    "TopN",
    "UnknownIdError",
    "average_popularity",
    "biased_mf_predict",
    "calibrated_rerank",
    "calibration_kl",
    "catalogue_coverage",
    "check_rating_scale",
    "check_ratings",
    "exposure_gini",
    "fit_item_knn",
    "fit_surprise",
    "genre_distribution",
    "gini",
    "intra_list_diversity",
    "item_popularity",
    "jaccard_at_k",
    "k_fold_splits",
    "mae",
    "make_surprise",
    "ndcg_at_k",
    "novelty",
    "precision_at_k",
    "profile_genre_distribution",
    "rank_biased_overlap",
    "recall_at_k",
    "relevant_items",
    "rmse",
    "temporal_split",
    "to_surprise_trainset",
    "train_test_split",
    "validation_split",
]
