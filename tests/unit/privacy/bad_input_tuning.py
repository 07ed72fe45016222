"""Bad-input registry for the validation tuning, the references, the billboard model and the opt-out sweep of
helpers.privacy (imported by test_bad_input.py, which checks every public name is covered)."""

from __future__ import annotations

import math

from helpers import privacy
from helpers.simulate import privacy as optout
from unit.badinput import (
    NEGATIVE,
    NON_FINITE,
    NON_POSITIVE,
    NOT_A_COUNT,
    NOT_A_GENERATOR,
    NOT_A_NUMBER,
    OUTSIDE_UNIT,
    Call,
    ratings_frame,
)

POSITIVE = NOT_A_NUMBER + NON_FINITE + NON_POSITIVE
POSITIVE_OR_INF = NOT_A_NUMBER + [-math.inf] + NON_POSITIVE
NONNEGATIVE = NOT_A_NUMBER + NON_FINITE + NEGATIVE
SCALE = [(5.0, 1.0), (1.0, 1.0), (1.0,), "15", None, (1.0, math.nan), (1.0, math.inf)]
IDS = ["123", [], [math.nan], [1, 2]]
RATINGS = ratings_frame()
VALID = ratings_frame(seed=1)
FRAMES = [None, "ratings", RATINGS.iloc[:0], RATINGS.drop(columns="rating"), RATINGS.assign(rating=6.0)]
FAST = privacy.PrivateConfig(als_iter=1, dpsgd_steps=2)
TUNING = privacy.tune_private(
    RATINGS,
    VALID,
    [1.0, math.inf],
    ["dp_global_mean", "dp_global_effects"],
    config=FAST,
    candidates=privacy.tuning_candidates(1),
    backend="serial",
)
OPTOUT = optout.PrivacyConcernModel()

TUNING_CALLS = [
    Call(
        privacy.noise_calibration_table,
        {"epsilons": [0.5, 1.0], "sensitivity": 4.0, "delta": 1e-5, "k": 5},
        {
            "epsilons": [[], [math.inf], [0.0], "1", None, [math.nan]],
            "sensitivity": POSITIVE,
            "delta": [0.0, 1.0, math.nan, None],
            "k": NOT_A_COUNT + [1],
        },
    ),
    Call(
        privacy.dpsgd_calibration_table,
        {"epsilons": [1.0, math.inf], "sampling_rate": 0.2, "steps": 10, "delta": 1e-6},
        {
            "epsilons": [[], [math.inf], [0.0], "1", None],
            "sampling_rate": [0.0, 1.5, math.nan],
            "steps": NOT_A_COUNT + [0],
            "delta": [0.0, 1.0, math.nan],
        },
    ),
    Call(
        privacy.billboard_global_effects,
        {"train": RATINGS, "epsilon": 1.0, "rng": 0},
        {
            "train": FRAMES,
            "epsilon": POSITIVE_OR_INF,
            "rng": NOT_A_GENERATOR,
            "users": IDS,
            "items": IDS,
            "scale": SCALE,
            "beta_item": POSITIVE,
            "beta_user": POSITIVE,
            "clamp": POSITIVE,
            "noise_shrinkage": NONNEGATIVE,
            "global_share": NOT_A_NUMBER + NON_FINITE + [0.0, 1.0, -0.5],
        },
    ),
    Call(privacy.tuning_candidates, {"budget": 2}, {"budget": NOT_A_COUNT + [0]}),
    Call(
        privacy.tune_private,
        {
            "fit": RATINGS,
            "valid": VALID,
            "epsilons": [1.0],
            "methods": ["dp_global_mean"],
            "config": FAST,
            "backend": "serial",
        },
        {
            "fit": FRAMES,
            "valid": FRAMES,
            "epsilons": [[], [math.nan], [0.0], "1", None],
            "methods": [[], ["dp_magic"], None],
            "seed": [-1, 2.5, None],
            "config": [None, {}],
            "candidates": [{"dp_global_mean": []}, {"dp_global_mean": [{"nope": 1}]}, "all"],
        },
    ),
    Call(
        privacy.choose_tuning,
        {"tuning": TUNING, "candidates": privacy.tuning_candidates(1)},
        {
            "tuning": [
                None,
                TUNING.iloc[:0],
                TUNING.drop(columns="rmse"),
                TUNING[TUNING["method"] == "dp_global_mean"],
                TUNING.iloc[1:],
            ],
            "candidates": ["all", {"dp_global_effects": []}],
        },
    ),
    Call(
        privacy.fit_reference,
        {
            "model": "ALS",
            "params": {"n_factors": 2, "reg": 0.1},
            "train": RATINGS,
            "test": VALID,
            "seed": 0,
            "n_iter": 1,
        },
        {
            "model": ["KNN", None],
            "params": [None, {}, {"n_factors": 2}],
            "train": FRAMES,
            "test": FRAMES,
            "seed": [-1, None],
            "n_iter": NOT_A_COUNT + [0],
        },
    ),
    Call(
        privacy.tune_references,
        {"fit": RATINGS, "valid": VALID, "n_iter": 1, "budget": 1, "backend": "serial"},
        {
            "fit": FRAMES,
            "valid": FRAMES,
            "seed": [-1, None],
            "n_iter": NOT_A_COUNT + [0],
            "budget": NOT_A_COUNT + [0, 10],
        },
    ),
    Call(
        privacy.surprise_cross_validation,
        {"ratings": RATINGS, "algorithms": ["BaselineOnly"], "n_folds": 2, "backend": "serial"},
        {
            "ratings": FRAMES,
            "algorithms": [[], None, "SVD", ["Magic"]],
            "n_folds": NOT_A_COUNT + [0, 1],
            "seed": [-1, None],
        },
    ),
    Call(
        privacy.optout_sweep,
        {
            "train": RATINGS,
            "test": VALID,
            "users": [1, 2, 3, 4, 5],
            "items": [1, 2, 3, 4, 5, 6],
            "method_by_epsilon": {"1": "dp_global_effects"},
            "reference": {"n_factors": 2, "reg": 0.1, "n_iter": 1},
            "assumptions": [{}],
            "config": FAST,
            "backend": "serial",
        },
        {
            "train": FRAMES,
            "test": FRAMES,
            "method_by_epsilon": [{}, {"1": "dp_magic"}, {"zero": "dp_global_effects"}, None],
            "reference": [None, {}, {"n_factors": 2, "reg": -1.0, "n_iter": 1}],
            "assumptions": [[], [{"nope": 1}], [{"dp_reassurance": 2.0}], None],
            "model": [None, "model"],
            "seed": [-1, None],
        },
    ),
    Call(
        OPTOUT.reassurance,
        {"epsilon": 1.0, "unit": "presence of a rating"},
        {"epsilon": NOT_A_NUMBER + [-math.inf, 0.0, -1.0], "unit": ["a rating", None, 1]},
    ),
    Call(
        optout.PrivacyConcernModel,
        {},
        {
            "reassurance_half_epsilon": POSITIVE,
            "reassurance_steepness": POSITIVE,
            "unit_weight_value": NOT_A_NUMBER + NON_FINITE + OUTSIDE_UNIT,
            "unit_weight_presence": NOT_A_NUMBER + NON_FINITE + OUTSIDE_UNIT,
        },
    ),
    Call(
        OPTOUT.expected_opt_out_share,
        {"dp_offered": True, "epsilon": 1.0, "unit": "value of a rating"},
        {"dp_offered": [False, "yes"], "epsilon": [0.0, math.nan, "1"], "unit": ["a rating", 3]},
    ),
]

TUNING_EXEMPT = {
    "TuningChoice": "result of choose_tuning, built after its checks",
    "OptOutSweep": "result of optout_sweep, built after its checks",
}
