"""Consistency and over-personalization of recommenders (notebook 03): stability of predictions
(Adomavicius & Zhang 2012), stability of top-N lists across retrains, the calibration trade-off (Steck 2018)
with the beyond-accuracy table, and what inconsistency could cost in trust under stated assumptions.

Modules: ``models`` (the compared recommenders by name, dense predictions), ``knn_scores`` (user-based
Surprise k-NN scored for many users at once), ``stability``, ``topn``,
``calibration``, ``trust``. The choc/kale user model that tires of clickbait lives in
``helpers.simulate.sessions``.
"""

from .calibration import (
    CalibrationCase,
    beyond_accuracy_table,
    calibration_case,
    calibration_tradeoff,
    genre_frame,
)
from .knn_scores import UserKNNRecommender, user_knn_pair_scores, user_knn_scores
from .models import ALGORITHMS, DRAWING, LABELS, PAPER_FAMILY, dense_predictions, make_model
from .stability import StabilityResult, prediction_stability, stability_task
from .topn import RETRAINS, WEEK_SECONDS, summarize_overlap, topn_stability, topn_stability_task
from .trust import TRUST_PATHS, TrustCost, trust_cost_of_churn

__all__ = [
    "ALGORITHMS",
    "DRAWING",
    "LABELS",
    "PAPER_FAMILY",
    "RETRAINS",
    "TRUST_PATHS",
    "WEEK_SECONDS",
    "CalibrationCase",
    "StabilityResult",
    "TrustCost",
    "UserKNNRecommender",
    "beyond_accuracy_table",
    "calibration_case",
    "calibration_tradeoff",
    "dense_predictions",
    "genre_frame",
    "make_model",
    "prediction_stability",
    "stability_task",
    "summarize_overlap",
    "topn_stability",
    "topn_stability_task",
    "trust_cost_of_churn",
    "user_knn_pair_scores",
    "user_knn_scores",
]
