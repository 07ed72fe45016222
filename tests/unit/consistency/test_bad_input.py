"""Every public function of helpers.consistency and helpers.simulate.sessions fails closed: a bad value in any
one argument raises a ValueError or TypeError that says what was wrong."""

import numpy as np
import pandas as pd
import pytest

from helpers import consistency
from helpers.simulate import sessions
from unit.badinput import (
    NOT_A_COUNT,
    NOT_A_GENERATOR,
    NOT_A_NUMBER,
    OUTSIDE_UNIT,
    Call,
    assert_fails_closed,
    expand,
    ratings_frame,
)

FULL = ratings_frame(8, 10, seed=0)
TEST = FULL.sample(frac=0.5, random_state=0)
TRAIN = FULL.drop(TEST.index).reset_index(drop=True)
TEST = TEST.reset_index(drop=True)
TIMED = TRAIN.assign(timestamp=np.arange(len(TRAIN)) * 3600)
FRAMES = [None, "ratings", pd.DataFrame(), pd.DataFrame({"user_id": [1]})]
GENRES = pd.DataFrame(np.eye(3)[np.arange(10) % 3], index=np.arange(1, 11), columns=["A", "B", "C"])
POPULAR = consistency.make_model("most_popular").fit(TRAIN)
LIKED = np.sort(TEST.loc[TEST["rating"] >= 4, "user_id"].unique())
CASE = consistency.calibration_case(POPULAR, TRAIN, TEST, GENRES, LIKED, n_candidates=2)
PATHS = {key: 0.3 for key in consistency.TRUST_PATHS}
PARAMS = sessions.ChocKaleParams()
USER_KNN = consistency.make_model("user_knn_means").fit(TRAIN)
ITEM_KNN = __import__("helpers.recsys", fromlist=["SurpriseRecommender"]).SurpriseRecommender(
    "KNNBasic", sim_options={"user_based": False}).fit(TRAIN)  # fmt: skip

CALLS = [
    Call(consistency.make_model, {"algorithm": "als"}, bad={"algorithm": ["svd", None, 3], "seed": NOT_A_COUNT}),
    Call(consistency.dense_predictions, {"model": POPULAR, "users": [1, 2]},
         bad={"model": [None, "als", consistency.make_model("item_mean")], "users": [[], [999]]}),
    Call(consistency.user_knn_scores, {"algo": USER_KNN.algo_, "users": [0, 1]},
         bad={"algo": [None, "algo", USER_KNN, ITEM_KNN.algo_], "users": [None, [], [0.5], [-1], [10**6], [[0]]]}),
    Call(consistency.user_knn_pair_scores, {"algo": USER_KNN.algo_, "users": [0, 1], "items": [2, 0]},
         bad={"algo": [None, USER_KNN, ITEM_KNN.algo_], "users": [None, [], [0.5, 1], [-1, 0], [10**6, 0]],
              "items": [None, [0], [0.5, 1], [-1, 0], [10**6, 0]]}),
    Call(consistency.prediction_stability,
         {"algorithm": "item_mean", "train": TRAIN, "test": TEST, "n_added": 5, "n_eval_users": 3, "rng": 0},
         bad={"algorithm": ["svd", None], "train": FRAMES, "test": FRAMES, "n_added": NOT_A_COUNT + [0, 10**6],
              "n_eval_users": NOT_A_COUNT + [0, 100], "rng": NOT_A_GENERATOR}),
    Call(consistency.stability_task,
         {"algorithm": "item_mean", "train": TRAIN, "test": TEST, "n_added": 5, "n_eval_users": 3, "rng": 0},
         bad={"n_added": NOT_A_COUNT, "rng": NOT_A_GENERATOR}),
    Call(consistency.topn_stability,
         {"algorithm": "most_popular", "train": TIMED, "test": TEST, "k": 2, "n_eval_users": 3, "rng": 0},
         bad={"algorithm": ["svd"], "train": FRAMES, "test": FRAMES, "k": NOT_A_COUNT + [0],
              "n_eval_users": NOT_A_COUNT + [100], "time_quantile": NOT_A_NUMBER + OUTSIDE_UNIT,
              "rng": NOT_A_GENERATOR}),
    Call(consistency.topn_stability_task,
         {"algorithm": "most_popular", "replicate": 0, "train": TIMED, "test": TEST, "k": 2, "n_eval_users": 3,
          "rng": 0},
         bad={"k": NOT_A_COUNT, "rng": NOT_A_GENERATOR}),
    Call(consistency.summarize_overlap,
         {"rows": [[{"algorithm": "a", "retrain": "new_seed", "jaccard": 1.0, "rbo": 1.0}]]},
         bad={"rows": [None, [], "rows", [None]], "confidence": NOT_A_NUMBER + [0.0, 1.0]}),
    Call(consistency.genre_frame, {"items": GENRES.rename(columns={"A": "Drama"}).reindex(
        columns=list(__import__("helpers.datasets", fromlist=["GENRES"]).GENRES), fill_value=0.0)},
         bad={"items": [None, "items", pd.DataFrame({"x": [1]})]}),
    Call(consistency.calibration_case,
         {"model": POPULAR, "train": TRAIN, "test": TEST, "genres": GENRES, "users": LIKED, "n_candidates": 2},
         bad={"model": [None, "model"], "train": FRAMES, "genres": [None, "genres"],
              "n_candidates": NOT_A_COUNT + [0, 10**6]}),
    Call(consistency.calibration_tradeoff, {"case": CASE, "lambdas": [0.0, 0.5], "k": 2},
         bad={"case": [None, "case"], "lambdas": [[], [1.5], [float("nan")], "0.5"], "k": NOT_A_COUNT + [0, 99]}),
    Call(consistency.beyond_accuracy_table,
         {"lists": {"pop": CASE.rerank(0.0, 2)}, "case": CASE, "train": TRAIN, "catalogue": np.arange(1, 11)},
         bad={"lists": [None, {}, {"pop": np.zeros((99, 3), dtype=int)}], "case": [None, "case"],
              "train": FRAMES, "catalogue": [None, [1, 2]]}),
    Call(consistency.trust_cost_of_churn,
         {"churn": 0.5, "expected_churn": 0.2, "churn_on_understanding": -0.5, "paths": PATHS},
         bad={"churn": NOT_A_NUMBER + OUTSIDE_UNIT, "expected_churn": NOT_A_NUMBER + OUTSIDE_UNIT,
              "churn_on_understanding": NOT_A_NUMBER + [float("inf")], "paths": [None, {}, [0.3]]}),
    Call(sessions.ChocKaleParams, {},
         bad={"memory_discount": NOT_A_NUMBER + [1.0, -0.1], "sensitivity": NOT_A_NUMBER + [0.0, -1.0],
              "innovation_stddev": NOT_A_NUMBER + [-1.0], "choc_mean": NOT_A_NUMBER, "kale_stddev": [0.0, -1.0],
              "time_budget": NOT_A_COUNT + [0], "exposure_sign": ["both", None]}),
    Call(sessions.simulate_sessions, {"params": PARAMS, "policy": 0.5, "n_users": 5, "rng": 0},
         bad={"params": [None, {}], "policy": NOT_A_NUMBER + OUTSIDE_UNIT + ["greedy"],
              "n_users": NOT_A_COUNT + [0, 10**9], "steps": [2.5, -1, "3", 0], "rng": NOT_A_GENERATOR}),
    Call(sessions.steady_state_exposure, {"params": PARAMS, "choc_share": 0.5},
         bad={"choc_share": NOT_A_NUMBER + OUTSIDE_UNIT}),
    Call(sessions.steady_state_engagement, {"params": PARAMS, "choc_share": 0.5},
         bad={"choc_share": NOT_A_NUMBER + OUTSIDE_UNIT}),
]  # fmt: skip

EXEMPT = {
    "CalibrationCase": "a frozen record built by calibration_case, which checks its inputs",
    "StabilityResult": "a frozen result record",
    "TrustCost": "a frozen result record",
    "UserKNNRecommender": "a SurpriseRecommender whose constructor and fit check their inputs (inherited)",
}


@pytest.mark.parametrize("call, argument, value", expand(CALLS))
def test_bad_input_fails_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.func.__qualname__)
def test_the_valid_call_works(call):
    call.func(**call.kwargs)


def test_every_public_callable_is_covered():
    public = {name for name in consistency.__all__ if callable(getattr(consistency, name))}
    covered = {call.func.__name__ for call in CALLS} | set(EXEMPT)
    assert not sorted(public - covered)
